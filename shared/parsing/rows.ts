/**
 * Turning one data row into a record: detail sheets read each column on its own; 核心指标 reads
 * code, name, unit and value together (the unit and the indicator decide how the value is read).
 */
import { findIndicator, type IndicatorDefinition } from '../catalogue/indicators.ts';
import { messages } from './issues.ts';
import type { LayoutColumn } from './layout.ts';
import { compact, countFactor, headerText, MONEY_UNITS, PERCENT_UNITS } from './normalise.ts';
import { indicatorByName } from './schema.ts';
import {
  CellFault,
  CellProblem,
  type CellValue,
  cellText,
  checkAmount,
  checkCountIn,
  checkRate,
  faultProblem,
  type RawCell,
  readNumber,
  readText,
} from './values.ts';

/** A cell that could not be read, by column. */
export interface ColumnProblem {
  column: LayoutColumn;
  problem: CellProblem;
}

export interface RowReader {
  /**
   * The record; `undefined` when the row cannot be kept (its problems are pushed to `problems`);
   * `null` when the row reports nothing (a 核心指标 row of the template whose value was left empty).
   */
  read(cells: readonly RawCell[], problems: ColumnProblem[]): Record<string, CellValue> | undefined | null;
}

function required(column: LayoutColumn): CellProblem {
  return new CellProblem('CELL_REQUIRED', messages.cellRequired(column.header));
}

type CompiledRead = (
  cells: readonly RawCell[],
  problems: ColumnProblem[],
) => Record<string, CellValue> | undefined;

/**
 * Detail sheets: every column through its own reader. The reading function is generated for the
 * layout, one statement per column: each reader then has a call site of its own (one target, which
 * V8 calls directly). A loop over the columns calls fifteen different readers from one site and
 * stores by computed key: 20 ms more per 100,000 rows of 15 columns, a fifth of what papaparse
 * takes to split them.
 *
 * The record is made by one object literal holding every column's field, `undefined` for an
 * empty optional cell (JSON, which stores the records, leaves those out, as before). Every record
 * of a sheet then has the same shape: one allocation instead of a store per field that grew the
 * object, and monomorphic loads in validation and storage. Adding only the filled fields gave the
 * records as many shapes as patterns of empty cells, made every later load of a field
 * megamorphic, and cost about 10 % of reading and validating a 100,000-row CSV. Field names come
 * from the catalogue, and are quoted as JSON all the same.
 */
export function detailRowReader(columns: readonly LayoutColumn[]): RowReader {
  const statements = columns.map((column, i) => {
    const missing = column.definition.required
      ? `{ ok = false; problems.push({ column: columns[${i}], problem: required(columns[${i}]) }); }`
      : '{}';
    return (
      `const v${i} = r${i}(cells[${column.index}]);\n` +
      `if (v${i} === undefined) ${missing}\n` +
      `else if (typeof v${i} === 'object') { ok = false; problems.push({ column: columns[${i}], problem: v${i} }); }`
    );
  });
  const readers = columns.map((_, i) => `r${i}`);
  const fields = columns.map((column, i) => `${JSON.stringify(column.field)}: v${i}`);
  const source = `return function read(cells, problems) {
let ok = true;
${statements.join('\n')}
return ok ? { ${fields.join(', ')} } : undefined;
};`;
  let compile = compiledReaders.get(source);
  if (!compile) {
    compile = new Function('columns', 'required', ...readers, source) as CompileRead;
    if (compiledReaders.size < MAX_COMPILED_READERS) compiledReaders.set(source, compile);
  }
  return { read: compile(columns, required, ...columns.map((column) => column.read)) };
}

type CompileRead = (...args: unknown[]) => CompiledRead;

/**
 * The generated reading functions by source, compiled once: the row readers of every upload with
 * the same layout are then closures of one function, which V8 optimises once (a new `Function`
 * per upload started every upload's reading in the interpreter again: most of the time of a
 * 10,000-row file's later reads). Bounded: a layout is the template's, or one of the few
 * arrangements cities make of it.
 */
const compiledReaders = new Map<string, CompileRead>();
const MAX_COMPILED_READERS = 200;

/** How a unit written for an indicator relates to the catalogue unit: the unit to convert from, or a problem. */
function indicatorUnit(indicator: IndicatorDefinition, written: string): string | CellProblem {
  const unit = compact(written);
  if (unit === indicator.unit) return unit;
  const fits =
    indicator.unit === '万元'
      ? unit in MONEY_UNITS
      : indicator.unit === '%'
        ? PERCENT_UNITS.has(unit)
        : countFactor(unit) !== undefined;
  return fits ? unit : new CellProblem('UNIT_INVALID', messages.unitInvalid(written, indicator.unit));
}

function indicatorValue(indicator: IndicatorDefinition, value: number, unit: string): number | CellProblem {
  if (indicator.unit === '万元') return checkAmount(value, unit);
  if (indicator.unit === '%') return checkRate(value);
  return checkCountIn(value, unit === indicator.unit ? '' : unit);
}

/**
 * 核心指标: the indicator by code and/or name (they must agree), the unit (a different money unit
 * converts), and the value read by the indicator's unit. A value left empty means "not reported"
 * (validation warns about missing indicators): the row is kept only when it carries a note, or
 * for A04 and B07, which may be left empty.
 */
export function coreRowReader(columns: readonly LayoutColumn[]): RowReader {
  const byField = new Map(columns.map((column) => [column.field, column]));
  const codeColumn = byField.get('code');
  const nameColumn = byField.get('name');
  const unitColumn = byField.get('unit');
  const valueColumn = byField.get('value');
  const noteColumn = byField.get('note');
  // A money unit in the value column's header (`本期值（元）`) applies to money indicators without a unit cell.
  const headerMoneyUnit =
    valueColumn?.unit !== undefined && valueColumn.unit in MONEY_UNITS ? valueColumn.unit : undefined;

  function identify(cells: readonly RawCell[], problems: ColumnProblem[]): IndicatorDefinition | undefined {
    const codeRaw = codeColumn ? cells[codeColumn.index] : undefined;
    const nameRaw = nameColumn ? cells[nameColumn.index] : undefined;
    if (codeColumn && codeRaw instanceof CellFault)
      problems.push({ column: codeColumn, problem: faultProblem(codeRaw) });
    if (nameColumn && nameRaw instanceof CellFault)
      problems.push({ column: nameColumn, problem: faultProblem(nameRaw) });
    if (codeRaw instanceof CellFault || nameRaw instanceof CellFault) return undefined;
    const codeText = cellText(codeRaw);
    const nameText = cellText(nameRaw);
    const byCode = codeText === undefined ? undefined : findIndicator(compact(codeText));
    const byName = nameText === undefined ? undefined : indicatorByName(nameText);
    if (codeColumn && codeText !== undefined && !byCode) {
      problems.push({
        column: codeColumn,
        problem: new CellProblem('INDICATOR_UNKNOWN', messages.indicatorUnknown(codeText)),
      });
      return undefined;
    }
    if (nameColumn && nameText !== undefined) {
      if (byCode && byName?.code !== byCode.code) {
        problems.push({
          column: nameColumn,
          problem: new CellProblem(
            'INDICATOR_MISMATCH',
            messages.indicatorMismatch(byCode.code, byCode.name, nameText),
          ),
        });
        return undefined;
      }
      if (!byName) {
        problems.push({
          column: nameColumn,
          problem: new CellProblem('INDICATOR_UNKNOWN', messages.indicatorUnknown(nameText)),
        });
        return undefined;
      }
    }
    const found = byCode ?? byName;
    if (!found) {
      const column = nameColumn ?? codeColumn;
      if (column) problems.push({ column, problem: required(column) });
    }
    return found;
  }

  /** The unit the value is written in: its own suffix, else the unit cell, else the name's or header's bracket. */
  function writtenUnit(
    cells: readonly RawCell[],
    suffix: string,
    indicator: IndicatorDefinition,
    problems: ColumnProblem[],
  ): string | undefined {
    const unitCell = unitColumn ? cellText(cells[unitColumn.index]) : undefined;
    const nameUnit = nameColumn ? headerText(cellText(cells[nameColumn.index]) ?? '').unit : undefined;
    const written =
      suffix ||
      unitCell ||
      nameUnit ||
      (indicator.unit === '万元' ? headerMoneyUnit : undefined) ||
      indicator.unit;
    const unit = indicatorUnit(indicator, written);
    if (typeof unit === 'string') return unit;
    const column = suffix ? valueColumn : unitCell ? unitColumn : nameUnit ? nameColumn : valueColumn;
    if (column) problems.push({ column, problem: unit });
    return undefined;
  }

  return {
    read(cells, problems) {
      const before = problems.length;
      const indicator = identify(cells, problems);
      // Unidentified: the problem is pushed, or the sheet lacks both name and code column (a header error).
      if (!indicator) return undefined;
      const record: Record<string, CellValue> = { code: indicator.code };
      if (valueColumn) {
        const number = readNumber(cells[valueColumn.index]);
        if (number instanceof CellProblem) problems.push({ column: valueColumn, problem: number });
        else if (number !== undefined) {
          const unit = writtenUnit(cells, number.unit, indicator, problems);
          if (unit !== undefined) {
            const value = indicatorValue(indicator, number.value, unit);
            if (value instanceof CellProblem) problems.push({ column: valueColumn, problem: value });
            else record.value = value;
          }
        }
      }
      if (noteColumn) {
        const note = readText(cells[noteColumn.index]);
        if (note instanceof CellProblem) problems.push({ column: noteColumn, problem: note });
        else if (note !== undefined) record.note = note as string;
      }
      if (problems.length > before) return undefined;
      // The template lists every indicator: one left without value (and note) is not reported, not
      // an error. A04 and B07 are derived from detail sheets and kept as declared without value.
      if (record.value === undefined && record.note === undefined)
        return indicator.derivedFrom ? record : null;
      return record;
    },
  };
}
