/**
 * Reads one sheet row by row, whatever the file format: finds the header row below any title
 * rows, then turns data rows into records, skipping blank rows and foot-notes and keeping a
 * trailing 合计 row apart. Rows arrive one at a time; nothing but the records is kept, and not
 * even those when a row sink takes them.
 *
 * A header may take two rows (grouped columns, see headerRows.ts): a recognised header row waits
 * for the next non-blank row, which is either its sub-header row or the first data row; and a
 * row recognised as a header may turn out to be the sub-header row of the row above it. Either
 * way this is settled before the first data row, which then takes the usual path.
 *
 * Below the header (one row or two), a unit row (计量单位) and a column-number row (栏次), in
 * either order and at most one of each, are recognised and skipped (see auxiliaryRows.ts): the
 * settled header waits for up to two such rows before its layout is built, so that a unit row's
 * units apply to its columns like units in the header's brackets. `headerRow` stays the header
 * row; data starts below the skipped rows.
 */
import { type DataSheetKind, sheetDefinition } from '../catalogue/sheets.ts';
import type { SheetRecordMap } from '../domain/records.ts';
import { IssueList, type OmittedIssues, type ValidationIssue } from '../domain/validation.ts';
import { auxiliaryRow } from './auxiliaryRows.ts';
import { explanationText } from './explanationSheet.ts';
import { type TwoRowHeader, twoRowHeader } from './headerRows.ts';
import { messages, parsingIssue } from './issues.ts';
import {
  buildLayout,
  isHeaderRow,
  kindFromHeader,
  type LayoutColumn,
  type LayoutOptions,
  type SheetLayout,
} from './layout.ts';
import { declaredMoneyUnit, isFootnote, isTotalLabel } from './normalise.ts';
import { type ColumnProblem, coreRowReader, detailRowReader, type RowReader } from './rows.ts';
import type { CellRef, ParsedRow, ParsedSheet, RowSink, SheetHead } from './types.ts';
import { type CellProblem, cellText, type RawCell, rawText } from './values.ts';

/** The header row must be among the first this many non-blank rows. */
export const HEADER_SEARCH_ROWS = 20;

/** Excel's last column is XFD, the 16,384th. */
const MAX_COLUMNS = 16_384;

export interface SheetReaderOptions {
  /** Kind recognised from the sheet or file name; without it the header row decides. */
  kind?: DataSheetKind;
  /** Sheet name as the user sees it (or the CSV file name); names the sheet in every issue. */
  name: string;
  /** Workbook uses the 1904 date system (serial numbers in date columns). */
  date1904?: boolean;
  /** Takes each kept row as it is read; without it the rows are kept in the parsed sheet. */
  onRow?: RowSink;
  /** See `RowSinks.onRejectedRow`. */
  onRejectedRow?: RowSink;
}

export type SheetOutcome =
  | { status: 'parsed'; sheet: ParsedSheet; issues: ValidationIssue[]; omitted: OmittedIssues[] }
  /** No data row: nothing at all, or only title, header and 合计 rows (then `headerRow` is set). */
  | { status: 'empty'; kind?: DataSheetKind; headerRow?: number; issues: ValidationIssue[] }
  /** No header row found; `kind` is set when the name had named the sheet. */
  | { status: 'noHeader'; kind?: DataSheetKind; issues: ValidationIssue[] };

/** Cell locations of a sheet's fields, computed for a row only when someone asks. */
class CellLocations {
  private readonly fields: ReadonlyArray<[string, LayoutColumn]>;

  constructor(kind: DataSheetKind, columns: readonly LayoutColumn[]) {
    const fields = columns.map((column): [string, LayoutColumn] => [column.field, column]);
    // 核心指标 without a code column: the indicator (`code`) is located at its name.
    const name = columns.find((column) => column.field === 'name');
    if (kind === 'core' && name && !columns.some((column) => column.field === 'code'))
      fields.push(['code', name]);
    this.fields = fields;
  }

  at(row: number): Record<string, CellRef> {
    const cells: Record<string, CellRef> = {};
    for (const [field, column] of this.fields)
      cells[field] = { row, column: column.header, cell: `${column.letter}${row}` };
    return cells;
  }
}

/** A kept row; `cells` is derived on access so that 100 000 rows do not carry 1.5 million locations. */
class SheetRow<K extends DataSheetKind> implements ParsedRow<K> {
  readonly #locations: CellLocations;

  constructor(
    readonly row: number,
    readonly record: SheetRecordMap[K],
    locations: CellLocations,
  ) {
    this.#locations = locations;
  }

  get cells(): Record<string, CellRef> {
    return this.#locations.at(this.row);
  }
}

/** An issue shows at most this much of the cell it is about. */
const MAX_SHOWN_VALUE = 200;

function shortened(text: string): string {
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
}

function isEmptyCell(raw: RawCell): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw !== 'string') return false;
  if (raw.length === 0) return true;
  const first = raw.charCodeAt(0);
  if (first > 32 && first !== 0xa0 && first !== 0x3000 && first !== 0xfeff) return false;
  return raw.trim() === '';
}

function firstFilled(cells: readonly RawCell[]): number {
  for (let i = 0; i < cells.length; i++) if (!isEmptyCell(cells[i])) return i;
  return -1;
}

function filledCount(cells: readonly RawCell[]): number {
  let count = 0;
  for (const cell of cells) if (!isEmptyCell(cell)) count++;
  return count;
}

function allEmpty(columns: readonly LayoutColumn[], cells: readonly RawCell[]): boolean {
  for (const column of columns) if (!isEmptyCell(cells[column.index])) return false;
  return true;
}

function mayBeLabel(raw: RawCell): raw is string {
  return typeof raw === 'string' && raw.length <= 12;
}

/** A row before the header, copied (the caller reuses its array). */
interface HeldRow {
  row: number;
  cells: RawCell[];
}

/** A recognised header row and the kind it names. */
interface PendingHeader extends HeldRow {
  kind: DataSheetKind;
}

/**
 * A header read to its last row, waiting for the unit row and the 栏次 row that may follow it
 * before its layout is built. A unit row is kept as its units (new arrays), a 栏次 row not at all.
 */
interface SettledHeader {
  row: number;
  cells: readonly RawCell[];
  kind: DataSheetKind;
  twoRows?: Pick<LayoutOptions, 'headerCellRows' | 'groupUnits'>;
  unitRow?: LayoutOptions['unitRow'];
  numbered: boolean;
}

type PendingTotal = NonNullable<ParsedSheet['total']>;

export class SheetReader {
  private kind: DataSheetKind | undefined;
  private nonBlankRows = 0;
  /** The non-blank row above the current one while the header is searched: a possible upper header row. */
  private previous: HeldRow | undefined;
  /** A recognised header row waiting for the next non-blank row, which may be its sub-header row. */
  private pending: PendingHeader | undefined;
  /** The header once read, until the rows below it show whether a unit or 栏次 row follows. */
  private settled: SettledHeader | undefined;
  private moneyUnit: string | undefined;
  private layout: SheetLayout | undefined;
  /** The columns a data row is read from: all but a detail sheet's 备注, which only its 合计 row is read for. */
  private dataColumns: readonly LayoutColumn[] = [];
  /** A detail sheet's 备注 column (read on the 合计 row only). */
  private totalNoteColumn: LayoutColumn | undefined;
  private rowReader: RowReader | undefined;
  private locations: CellLocations | undefined;
  private head: SheetHead | undefined;
  private readonly rows: ParsedRow[] = [];
  private rowsRead = 0;
  /** Non-blank rows below the header, read or not (a 核心指标 row without value is not read). */
  private rowsBelowHeader = 0;
  private rowsKept = 0;
  /** Kept rows that report something (every row but a 核心指标 A04 / B07 row without value or note). */
  private rowsFilled = 0;
  private readonly issues = new IssueList();
  private readonly problems: ColumnProblem[] = [];
  private total: PendingTotal | undefined;
  private gaveUp = false;
  /** Whether a row wider than Excel's 16,384 columns was cut (reported once). */
  private cutRow = false;

  constructor(private readonly options: SheetReaderOptions) {
    this.kind = options.kind;
  }

  /** True once the header search has failed: further rows are ignored. */
  get done(): boolean {
    return this.gaveUp;
  }

  /** How many leading cells of a row are looked at: all until the header is known, then up to the last recognised column. */
  get width(): number {
    return this.layout ? this.layout.width : Number.POSITIVE_INFINITY;
  }

  /** One row; `cells[i]` is column i (A = 0). The array may be reused by the caller after the call. */
  accept(rowNumber: number, cells: readonly RawCell[]): void {
    if (this.gaveUp) return;
    const row = cells.length > MAX_COLUMNS ? this.cutToExcelWidth(rowNumber, cells) : cells;
    if (this.layout) this.acceptData(rowNumber, row);
    else this.acceptBeforeHeader(rowNumber, row);
  }

  /**
   * A row wider than any worksheet (a CSV whose line breaks are not line breaks: one line of
   * millions of cells) is read up to Excel's last column, so that the header search and the
   * layout never walk millions of cells; the first such row is reported.
   */
  private cutToExcelWidth(rowNumber: number, cells: readonly RawCell[]): readonly RawCell[] {
    if (!this.cutRow) {
      this.cutRow = true;
      this.issues.push(
        parsingIssue(
          'ROW_TOO_WIDE',
          { sheet: this.options.name, row: rowNumber },
          messages.rowTooWide(cells.length),
        ),
      );
    }
    return cells.slice(0, MAX_COLUMNS);
  }

  private acceptBeforeHeader(rowNumber: number, cells: readonly RawCell[]): void {
    if (firstFilled(cells) < 0) return;
    if (this.settled) {
      this.acceptBelowHeader(rowNumber, cells);
      return;
    }
    if (this.pending) {
      this.acceptAfterHeader(rowNumber, cells);
      return;
    }
    this.nonBlankRows++;
    // This row may be the sub-header row of the one above, which named too few columns to be a header alone.
    const previous = this.previous;
    if (previous) {
      const header = twoRowHeader(this.kind, previous.cells, cells);
      if (header) {
        this.startTwoRowData(previous.row, rowNumber, header);
        return;
      }
    }
    const kind = this.kind ?? kindFromHeader(cells);
    if (kind && (this.kind === undefined || isHeaderRow(kind, cells))) {
      this.pending = { row: rowNumber, cells: [...cells], kind };
      return;
    }
    for (const cell of cells) {
      const unit = typeof cell === 'string' ? declaredMoneyUnit(cell) : undefined;
      if (unit) this.moneyUnit = unit;
    }
    this.previous = { row: rowNumber, cells: [...cells] };
    if (this.nonBlankRows >= HEADER_SEARCH_ROWS) this.gaveUp = true;
  }

  /** The first non-blank row below a header row: its sub-header row, or the first data row. */
  private acceptAfterHeader(rowNumber: number, cells: readonly RawCell[]): void {
    const pending = this.pending as PendingHeader;
    this.pending = undefined;
    this.previous = undefined;
    // Without a kind from the name, the two rows together decide it; failing that, the header row alone.
    const header =
      twoRowHeader(this.kind, pending.cells, cells) ??
      (this.kind === undefined ? twoRowHeader(pending.kind, pending.cells, cells) : undefined);
    if (header) {
      this.startTwoRowData(pending.row, rowNumber, header);
      return;
    }
    this.startPendingData(pending);
    this.acceptBelowHeader(rowNumber, cells);
  }

  /**
   * A non-blank row below the settled header: its unit row, its 栏次 row, or the first data row,
   * which builds the layout and takes the usual path. After one row of each kind the layout is
   * built at once, so a second unit row is read as data.
   */
  private acceptBelowHeader(rowNumber: number, cells: readonly RawCell[]): void {
    const header = this.settled as SettledHeader;
    const width = header.cells.length;
    const auxiliary = auxiliaryRow(cells, width);
    if (auxiliary?.kind === 'units' && header.unitRow === undefined) {
      header.unitRow = { row: rowNumber, units: auxiliary.units, written: auxiliary.written };
      if (header.numbered) this.buildSettledLayout();
      return;
    }
    if (auxiliary?.kind === 'columnNumbers' && !header.numbered) {
      header.numbered = true;
      if (header.unitRow) this.buildSettledLayout();
      return;
    }
    this.buildSettledLayout();
    // As a data row arriving after the header is read, this row is cut to the header's width.
    this.acceptData(rowNumber, cells.length > width ? cells.slice(0, width) : cells);
  }

  private startPendingData(pending: PendingHeader): void {
    this.kind = pending.kind;
    this.settle(pending.row, pending.cells, pending.kind);
  }

  /** Data starts below the lower header row, which is the sheet's `headerRow`. */
  private startTwoRowData(upperRow: number, lowerRow: number, header: TwoRowHeader): void {
    this.kind = header.kind;
    this.previous = undefined;
    const cellRows = header.fromLower.map((fromLower) => (fromLower ? lowerRow : upperRow));
    this.settle(lowerRow, header.cells, header.kind, {
      headerCellRows: cellRows,
      groupUnits: header.groupUnits,
    });
  }

  /** The header is read; its layout waits for the rows below it (a unit row, a 栏次 row). */
  private settle(
    row: number,
    cells: readonly RawCell[],
    kind: DataSheetKind,
    twoRows?: Pick<LayoutOptions, 'headerCellRows' | 'groupUnits'>,
  ): void {
    this.settled = twoRows
      ? { row, cells, kind, twoRows, numbered: false }
      : { row, cells, kind, numbered: false };
  }

  private buildSettledLayout(): void {
    const { row: rowNumber, cells, kind, twoRows, unitRow } = this.settled as SettledHeader;
    this.settled = undefined;
    const layoutOptions: LayoutOptions = {
      kind,
      sheet: this.options.name,
      headerRow: rowNumber,
      date1904: this.options.date1904 ?? false,
      ...twoRows,
    };
    if (unitRow) layoutOptions.unitRow = unitRow;
    if (this.moneyUnit) layoutOptions.declaredMoneyUnit = this.moneyUnit;
    const layout = buildLayout(cells, layoutOptions);
    this.layout = layout;
    for (const issue of layout.issues) this.issues.push(issue);
    if (kind === 'core') {
      this.dataColumns = layout.columns;
      this.rowReader = coreRowReader(layout.columns);
    } else {
      this.dataColumns = layout.columns.filter((column) => column.definition.role !== 'note');
      this.totalNoteColumn = layout.columns.find((column) => column.definition.role === 'note');
      this.rowReader = detailRowReader(this.dataColumns);
    }
    this.locations = new CellLocations(kind, layout.columns);
    const columns: SheetHead['columns'] = {};
    for (const column of layout.columns)
      columns[column.field] = { header: column.header, letter: column.letter };
    this.head = { kind, name: this.options.name, headerRow: rowNumber, columns };
  }

  private acceptData(rowNumber: number, cells: readonly RawCell[]): void {
    const index = firstFilled(cells);
    if (index < 0) return;
    this.rowsBelowHeader++;
    const first = cells[index];
    if (mayBeLabel(first) && first.includes('计') && isTotalLabel(first)) {
      this.keepTotal(rowNumber, cells);
      return;
    }
    if (allEmpty(this.dataColumns, cells)) return;
    if (typeof first === 'string' && isFootnote(first) && filledCount(cells) === 1) return;
    const record = (this.rowReader as RowReader).read(cells, this.problems);
    if (record === null) return;
    if (this.total) this.dropMisplacedTotal();
    this.rowsRead++;
    if (record) {
      this.keep(new SheetRow(rowNumber, record as unknown as SheetRecordMap[DataSheetKind], this.locations!));
      return;
    }
    for (const { column, problem } of this.problems)
      this.issues.push(this.cellIssue(rowNumber, column, problem, cells[column.index]));
    if (this.options.onRejectedRow) this.passRejected(rowNumber, cells);
    this.problems.length = 0;
  }

  /** A row not kept, with its unique field when that cell reads fine: a later repeat of it is still a duplicate. */
  private passRejected(rowNumber: number, cells: readonly RawCell[]): void {
    const sink = this.options.onRejectedRow;
    const head = this.head as SheetHead;
    const field = sheetDefinition(head.kind).uniqueField;
    if (!sink || !field) return;
    const column = (this.layout as SheetLayout).columns.find((candidate) => candidate.field === field);
    if (!column || this.problems.some((problem) => problem.column === column)) return;
    const value = column.read(cells[column.index]);
    if (typeof value !== 'string' || value === '') return;
    const record = { [field]: value } as unknown as SheetRecordMap[DataSheetKind];
    sink(head, new SheetRow(rowNumber, record, this.locations as CellLocations));
  }

  private keep(row: ParsedRow): void {
    this.rowsKept++;
    const record = row.record as { value?: unknown; note?: unknown };
    if (this.kind !== 'core' || record.value !== undefined || record.note !== undefined) this.rowsFilled++;
    if (this.options.onRow) this.options.onRow(this.head!, row);
    else this.rows.push(row);
  }

  private cellIssue(row: number, column: LayoutColumn, problem: CellProblem, raw: RawCell): ValidationIssue {
    const where = { sheet: this.options.name, row, column: column.header, cell: `${column.letter}${row}` };
    const value = shortened(rawText(raw));
    return parsingIssue(problem.code, value === '' ? where : { ...where, value }, problem.message);
  }

  private keepTotal(row: number, cells: readonly RawCell[]): void {
    if (this.total) this.dropMisplacedTotal();
    const values: Record<string, number> = {};
    const locations: Record<string, CellRef> = {};
    for (const column of (this.layout as SheetLayout).columns) {
      const type = column.definition.type;
      if (type !== 'count' && type !== 'amount' && type !== 'number') continue;
      // A total cell that is not a number is not compared; the rows themselves are what is stored.
      const value = column.read(cells[column.index]);
      if (typeof value !== 'number') continue;
      values[column.field] = value;
      locations[column.field] = { row, column: column.header, cell: `${column.letter}${row}` };
    }
    this.total = { row, values, cells: locations };
    const noteColumn = this.totalNoteColumn;
    const note = noteColumn ? cellText(cells[noteColumn.index]) : undefined;
    if (noteColumn && note !== undefined)
      this.total.note = { text: explanationText(note), cell: `${noteColumn.letter}${row}` };
  }

  private dropMisplacedTotal(): void {
    const total = this.total as PendingTotal;
    this.issues.push(
      parsingIssue(
        'TOTAL_ROW_MISPLACED',
        { sheet: this.options.name, row: total.row },
        messages.totalRowMisplaced(),
      ),
    );
    this.total = undefined;
  }

  /** No data row, or (核心指标) only A04 / B07 rows still without value or note, as the template lists them. */
  private nothingFilledIn(): boolean {
    return this.rowsRead === this.rowsKept && this.rowsFilled === 0;
  }

  finish(): SheetOutcome {
    // A header row on the last non-blank row: a header without data.
    if (this.pending) {
      this.startPendingData(this.pending);
      this.pending = undefined;
    }
    // A header (with its unit or 栏次 row) on the last non-blank rows.
    if (this.settled) this.buildSettledLayout();
    const layout = this.layout;
    // A header without data (the template's untouched sheets) means the sheet was not filled in.
    // …unless rows are there but a required column is missing: a renamed 本期值 leaves every
    // value unread, and the sheet must then be rejected, not taken for an untouched one.
    const columnMissing = layout?.issues.some((issue) => issue.code === 'COLUMN_MISSING') ?? false;
    if (layout && this.nothingFilledIn() && !(columnMissing && this.rowsBelowHeader > 0))
      return {
        status: 'empty',
        kind: layout.kind,
        headerRow: layout.headerRow,
        // Why a CSV of one endless line has no data row.
        issues: this.issues.kept.filter((issue) => issue.code === 'ROW_TOO_WIDE'),
      };
    if (!layout) {
      if (this.nonBlankRows === 0)
        return this.kind ? { status: 'empty', kind: this.kind, issues: [] } : { status: 'empty', issues: [] };
      if (!this.kind) return { status: 'noHeader', issues: [] };
      const issue = parsingIssue(
        'HEADER_NOT_FOUND',
        { sheet: this.options.name },
        messages.headerNotFound(this.options.name),
      );
      return { status: 'noHeader', kind: this.kind, issues: [issue] };
    }
    const sheet: ParsedSheet = { ...this.head!, rows: this.rows, rowsRead: this.rowsRead };
    if (this.total) sheet.total = this.total;
    return { status: 'parsed', sheet, issues: this.issues.kept, omitted: this.issues.omitted };
  }
}
