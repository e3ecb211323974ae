/**
 * Header detection and the column layout of a sheet: which cell index holds which catalogue
 * field, how to read it, and what is wrong with the header (missing, unknown, duplicate columns).
 */
import type { ColumnDefinition, DataSheetKind } from '../catalogue/sheets.ts';
import { DATA_SHEET_KINDS } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { UnitCells } from './auxiliaryRows.ts';
import { messages, parsingIssue } from './issues.ts';
import { COUNT_UNITS, compact, isRowNumberHeader, MONEY_UNITS, sameMoneyUnit } from './normalise.ts';
import { matchHeader, type SheetSchema, sheetSchema } from './schema.ts';
import {
  amountReader,
  type CellReader,
  cellText,
  dateReader,
  enumReader,
  type RawCell,
  readBoolean,
  readCount,
  readPlainNumber,
  readText,
  readUscc,
} from './values.ts';

/** Fewest recognised headers that make a row the header row. */
const MIN_HEADER_MATCHES = 2;

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export interface LayoutColumn {
  /** 0-based cell index in the row. */
  index: number;
  field: string;
  /** Header text as written in the file. */
  header: string;
  letter: string;
  definition: ColumnDefinition;
  /** Unit written in the header's brackets, in the unit row below it, above its group or for the sheet, when any. */
  unit?: string;
  read: CellReader;
}

export interface SheetLayout {
  kind: DataSheetKind;
  /** The header row; for a two-row header the lower one; never a unit or 栏次 row below it (see `ParsedSheet.headerRow`). */
  headerRow: number;
  columns: LayoutColumn[];
  /** Cells a data row needs: up to the last header cell (columns further right are never read). */
  width: number;
  /** Header problems: missing, duplicate and unknown columns, incompatible units. */
  issues: ValidationIssue[];
}

/** Distinct fields of `schema` named by the cells of a row. */
export function headerScore(schema: SheetSchema, cells: readonly RawCell[]): number {
  const fields = new Set<string>();
  for (const cell of cells) {
    if (typeof cell !== 'string') continue;
    const found = matchHeader(schema, cell);
    if (found) fields.add(found.column.field);
  }
  return fields.size;
}

/** The sheet kind whose headers a row names best, when it names at least two and no other kind ties. */
export function kindFromHeader(cells: readonly RawCell[]): DataSheetKind | undefined {
  let best: DataSheetKind | undefined;
  let bestScore = 0;
  let tied = false;
  for (const kind of DATA_SHEET_KINDS) {
    const score = headerScore(sheetSchema(kind), cells);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
      tied = false;
    } else if (score === bestScore) tied = true;
  }
  return bestScore >= MIN_HEADER_MATCHES && !tied ? best : undefined;
}

export function isHeaderRow(kind: DataSheetKind, cells: readonly RawCell[]): boolean {
  return headerScore(sheetSchema(kind), cells) >= MIN_HEADER_MATCHES;
}

/**
 * The readers made for a unit, a date system or a list of values, made once: every upload's
 * layout then hands the generated row reader (rows.ts) the same functions, so the row reader V8
 * optimised while reading one upload serves the next one as it is.
 */
const amountReaders = new Map<string, CellReader>();
const dateReaders = new Map<boolean, CellReader>();
const enumReaders = new WeakMap<readonly string[], CellReader>();

/** Units a header may spell in many ways: beyond this many, a reader is made as before and not kept. */
const MAX_AMOUNT_READERS = 50;

function memo<K, V>(
  cache: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  make: () => V,
): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (!(cache instanceof Map) || cache.size < MAX_AMOUNT_READERS) cache.set(key, value);
  }
  return value;
}

function readerFor(column: ColumnDefinition, unit: string, date1904: boolean): CellReader {
  switch (column.type) {
    case 'count':
      return readCount;
    case 'amount':
      return memo(amountReaders, unit, () => amountReader(unit));
    case 'number':
      return readPlainNumber;
    case 'uscc':
      return readUscc;
    case 'date':
      return memo(dateReaders, date1904, () => dateReader(date1904));
    case 'boolean':
      return readBoolean;
    case 'enum':
      return column.values
        ? memo(enumReaders, column.values, () => enumReader(column.values ?? []))
        : enumReader([]);
    default:
      // text, and the 核心指标 columns, which the core row reader interprets together.
      return readText;
  }
}

/** Whether a unit written in a header fits the column (money columns convert, counts take any counter word). */
function headerUnitFits(column: ColumnDefinition, unit: string): boolean {
  if (column.type === 'amount') return unit in MONEY_UNITS;
  if (column.type === 'count') return COUNT_UNITS.has(unit);
  return true;
}

export interface LayoutOptions {
  kind: DataSheetKind;
  sheet: string;
  headerRow: number;
  /** Money unit declared above the header (`单位：元`), for money columns without their own. */
  declaredMoneyUnit?: string;
  date1904: boolean;
  /** Two-row headers: the row each header cell was written in (default `headerRow`). */
  headerCellRows?: readonly number[];
  /** Two-row headers: the unit in the brackets of the group cell above each column (`金融服务（元）`). */
  groupUnits?: readonly (string | undefined)[];
  /** A unit row (计量单位) below the header: its row and the unit under each column. */
  unitRow?: { row: number } & UnitCells;
}

/**
 * The unit of a column's group cell, when it speaks for the column: a money unit for money
 * columns (and 核心指标's 本期值), a counter word for counts. A group may span columns of other
 * kinds (`知识产权情况（件）` over a licensing income), for which its unit says nothing: it is left
 * off them rather than reported, and a column's own unit always wins.
 */
function groupUnitOf(column: ColumnDefinition, unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  if (column.type === 'amount' || column.type === 'indicatorValue')
    return unit in MONEY_UNITS ? unit : undefined;
  if (column.type === 'count') return COUNT_UNITS.has(unit) ? unit : undefined;
  return undefined;
}

/**
 * The unit a unit row (计量单位) gives a column, as if written in its header's brackets. It speaks
 * only for the columns a unit changes or checks (money, counts, 核心指标's 本期值): under text,
 * code, date and yes/no columns it is ignored, like a unit in such a header's brackets.
 */
function unitRowUnitOf(column: ColumnDefinition, unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  const type = column.type;
  return type === 'amount' || type === 'count' || type === 'indicatorValue' ? unit : undefined;
}

/**
 * A money column left blank in a unit row right of a cell in another money unit than 万元: the
 * unit cell may be merged across both (a streamed sheet and a CSV export give only the first
 * cell its text), so reading the column in 万元 could be 10,000 times off. Returns the unit to
 * the left; the column's own bracket unit settles it.
 */
function unitOfMergeFromLeft(
  column: ColumnDefinition,
  headerUnit: string | undefined,
  unitRow: LayoutOptions['unitRow'],
  index: number,
): string | undefined {
  if (!unitRow || index === 0 || headerUnit !== undefined || unitRow.units[index] !== undefined)
    return undefined;
  if (column.type !== 'amount' && column.type !== 'indicatorValue') return undefined;
  const left = unitRow.units[index - 1];
  return left !== undefined && left in MONEY_UNITS && !sameMoneyUnit(left, '万元') ? left : undefined;
}

/** A unit row that contradicts the money unit in the header's own brackets (`（万元）` over `元`). */
function contradicts(headerUnit: string | undefined, rowUnit: string): boolean {
  return (
    headerUnit !== undefined &&
    headerUnit in MONEY_UNITS &&
    rowUnit in MONEY_UNITS &&
    !sameMoneyUnit(headerUnit, rowUnit)
  );
}

export function buildLayout(cells: readonly RawCell[], options: LayoutOptions): SheetLayout {
  const schema = sheetSchema(options.kind);
  const columns: LayoutColumn[] = [];
  const issues: ValidationIssue[] = [];
  /** COLUMN_UNIT_INVALID at a column's cell of the unit row. */
  const unitRowIssue = (index: number, header: string, message: string, value?: string) => {
    const row = options.unitRow?.row ?? options.headerRow;
    const at = { sheet: options.sheet, row, column: header, cell: `${columnLetter(index)}${row}` };
    return parsingIssue('COLUMN_UNIT_INVALID', value === undefined ? at : { ...at, value }, message);
  };
  const where = (index: number, header: string) => {
    const row = options.headerCellRows?.[index] ?? options.headerRow;
    return { sheet: options.sheet, row, column: header, cell: `${columnLetter(index)}${row}` };
  };
  for (let index = 0; index < cells.length; index++) {
    const header = cellText(cells[index]);
    if (header === undefined) continue;
    const found = matchHeader(schema, header);
    if (!found) {
      if (isRowNumberHeader(header)) continue;
      issues.push(parsingIssue('COLUMN_UNKNOWN', where(index, header), messages.columnUnknown(header)));
      continue;
    }
    const { column } = found;
    const first = columns.find((existing) => existing.field === column.field);
    if (first) {
      issues.push(
        parsingIssue(
          'COLUMN_DUPLICATE',
          where(index, header),
          messages.columnDuplicate(header, first.header),
        ),
      );
      continue;
    }
    if (found.unit !== undefined && !headerUnitFits(column, found.unit)) {
      issues.push(
        parsingIssue(
          'COLUMN_UNIT_INVALID',
          where(index, header),
          messages.columnUnitInvalid(header, found.unit),
        ),
      );
    }
    // A unit row's unit must fit the column and agree with a money unit in the header's brackets,
    // which then wins (a counter word differing from the bracket's reads the same count).
    const rowUnit = unitRowUnitOf(column, options.unitRow?.units[index]);
    if (rowUnit !== undefined && (!headerUnitFits(column, rowUnit) || contradicts(found.unit, rowUnit))) {
      const written = options.unitRow?.written[index] ?? rowUnit;
      issues.push(unitRowIssue(index, header, messages.columnUnitInvalid(header, rowUnit), written));
    }
    const mergedUnit = unitOfMergeFromLeft(column, found.unit, options.unitRow, index);
    if (mergedUnit !== undefined)
      issues.push(unitRowIssue(index, header, messages.columnUnitUnclear(header, mergedUnit)));
    const unit =
      found.unit ??
      rowUnit ??
      groupUnitOf(column, options.groupUnits?.[index]) ??
      (column.type === 'amount' ? options.declaredMoneyUnit : undefined) ??
      column.unit;
    const layoutColumn: LayoutColumn = {
      index,
      field: column.field,
      header,
      letter: columnLetter(index),
      definition: column,
      read: readerFor(column, unit ?? '万元', options.date1904),
    };
    if (unit !== undefined) layoutColumn.unit = unit;
    columns.push(layoutColumn);
  }
  const unknown = cells.flatMap((raw, index) => {
    const header = cellText(raw);
    return header !== undefined && !matchHeader(schema, header) && !isRowNumberHeader(header)
      ? [{ header, cell: `${columnLetter(index)}${options.headerCellRows?.[index] ?? options.headerRow}` }]
      : [];
  });
  for (const missing of missingColumns(options.kind, schema, columns)) {
    const header = missing.unit ? `${missing.header}（${missing.unit}）` : missing.header;
    const closest = closestHeader(missing.header, unknown);
    issues.push(
      parsingIssue(
        'COLUMN_MISSING',
        { sheet: options.sheet, row: options.headerRow, column: header },
        messages.columnMissing(header, options.headerRow, closest),
      ),
    );
  }
  return { kind: options.kind, headerRow: options.headerRow, columns, width: cells.length, issues };
}

/** Required columns absent from the header. In 核心指标 the code identifies an indicator as well as the name does. */
function missingColumns(
  kind: DataSheetKind,
  schema: SheetSchema,
  columns: readonly LayoutColumn[],
): ColumnDefinition[] {
  const present = new Set(columns.map((column) => column.field));
  const required = schema.definition.columns.filter(
    (column) => column.required && !present.has(column.field),
  );
  if (kind === 'core' && present.has('code')) return required.filter((column) => column.field !== 'name');
  return required;
}

/**
 * The unrecognised header most like `wanted` (`信用编号` for 统一社会信用代码): the one sharing
 * the most characters with it, at least two (or one, for a one- or two-character name).
 */
export function closestHeader(
  wanted: string,
  candidates: ReadonlyArray<{ header: string; cell: string }>,
): { header: string; cell: string } | undefined {
  const target = new Set(compact(wanted));
  let best: { header: string; cell: string } | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const shared = new Set([...compact(candidate.header)].filter((char) => target.has(char))).size;
    if (shared > bestScore) {
      best = candidate;
      bestScore = shared;
    }
  }
  return bestScore >= Math.min(2, target.size - 1) && bestScore > 0 ? best : undefined;
}
