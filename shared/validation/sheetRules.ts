/** Rules within one sheet: duplicate rows and the 合计 row. */
import { findIndicator } from '../catalogue/indicators.ts';
import { sheetDefinition } from '../catalogue/sheets.ts';
import { usccFromSixths, usccSixths } from '../domain/uscc.ts';
import { IssueList, type ValidationIssue } from '../domain/validation.ts';
import type { ParsedRow, ParsedSheet, SheetHead } from '../parsing/types.ts';
import type { SheetAggregator } from './aggregates.ts';
import { formatNumber } from './format.ts';
import { validationIssue } from './issues.ts';
import { fieldLocation } from './locate.ts';

/**
 * Rows whose unique field (indicator, credit code, portfolio or case name) repeats an earlier
 * row. Names are compared as the rows go by; credit codes, the unique field of sheets with tens
 * of thousands of rows, are gathered as numbers and compared once the sheet is read.
 */
export class DuplicateRows {
  private readonly field: string | undefined;
  private readonly firstRowByKey = new Map<string, number>();
  private readonly nameRepeats = new IssueList();
  private readonly codes = new CreditCodes();

  constructor(private readonly sheet: SheetHead) {
    this.field = sheetDefinition(sheet.kind).uniqueField;
  }

  add(row: ParsedRow): void {
    const field = this.field;
    if (!field) return;
    const raw = (row.record as unknown as Record<string, unknown>)[field];
    if (raw === undefined || raw === null || raw === '') return;
    const value = String(raw);
    // A credit code as the reader returns it is its own key; anything else is normalised first.
    if (this.codes.add(value, row.row)) return;
    const key = comparableKey(value);
    if (this.codes.add(key, row.row)) return;
    const firstRow = this.firstRowByKey.get(key);
    if (firstRow === undefined) this.firstRowByKey.set(key, row.row);
    else this.nameRepeats.push(duplicateIssue(this.sheet, row, field, value, firstRow));
  }

  /** An issue for every row that repeats an earlier one (beyond the listing limit, counted); call once, after the last row. */
  finish(): IssueList {
    const field = this.field;
    const found = this.nameRepeats;
    if (!field) return found;
    for (const { row, firstRow, code } of this.codes.repeats()) {
      const at = { row, record: {}, cells: {} } as unknown as ParsedRow;
      found.push(duplicateIssue(this.sheet, at, field, code, firstRow));
    }
    return found;
  }
}

/** A credit code repeated in `row`, first seen in `firstRow`. */
interface CodeRepeat {
  row: number;
  firstRow: number;
  code: string;
}

/**
 * The credit codes of a sheet, each stored exactly as three small integers (6 base-31 digits
 * each) with its row, appended in row order, and compared once in `repeats`. Appending is
 * sequential writes only; looking each code up in a table as it comes, between papaparse's
 * allocations, cost a cache miss per row and three times as much on a 100,000-row sheet. A Map of
 * 100,000 code strings would also keep every string (and the CSV text it was cut from) alive.
 */
class CreditCodes {
  private thirds = new Int32Array(3 * 1024);
  private rows = new Int32Array(1024);
  private size = 0;

  /** Records `code` of `row`; false (nothing recorded) when `code` is not a credit code. */
  add(code: string, row: number): boolean {
    if (this.size === this.rows.length) this.grow();
    if (!usccSixths(code, this.thirds, this.size * 3)) return false;
    this.rows[this.size++] = row;
    return true;
  }

  /**
   * Every code seen before, in the order recorded, with the row of its first occurrence: the
   * codes go into an open-addressing table of record indexes (at most half full, so probe runs
   * stay short), which is sized once and dropped afterwards.
   */
  repeats(): CodeRepeat[] {
    const { thirds, rows, size } = this;
    let bits = 1;
    while (1 << bits < size * 2) bits++;
    const mask = (1 << bits) - 1;
    // Index + 1 of the record in each slot; 0 marks a free slot.
    const slots = new Int32Array(mask + 1);
    const repeats: CodeRepeat[] = [];
    for (let index = 0; index < size; index++) {
      const at = index * 3;
      const first = thirds[at] as number;
      const second = thirds[at + 1] as number;
      const third = thirds[at + 2] as number;
      const mixed = first ^ Math.imul(second, 0x85ebca6b) ^ Math.imul(third, 0xc2b2ae35);
      for (let slot = Math.imul(mixed, 0x9e3779b1) >>> (32 - bits); ; slot = (slot + 1) & mask) {
        const held = slots[slot] as number;
        if (held === 0) {
          slots[slot] = index + 1;
          break;
        }
        const other = (held - 1) * 3;
        if (thirds[other] === first && thirds[other + 1] === second && thirds[other + 2] === third) {
          const code = usccFromSixths(first, second, third);
          repeats.push({ row: rows[index] as number, firstRow: rows[held - 1] as number, code });
          break;
        }
      }
    }
    return repeats;
  }

  private grow(): void {
    const thirds = new Int32Array(this.thirds.length * 2);
    thirds.set(this.thirds);
    this.thirds = thirds;
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
  }
}

function duplicateIssue(
  sheet: SheetHead,
  row: ParsedRow,
  field: string,
  value: string,
  firstRow: number,
): ValidationIssue {
  switch (sheet.kind) {
    case 'core': {
      // The code column is optional: point at the name cell when the code was not written.
      const at = row.cells.code
        ? fieldLocation(sheet, row, 'code', value)
        : fieldLocation(sheet, row, 'name', value);
      return validationIssue('DUPLICATE_INDICATOR', at, {
        code: value,
        name: findIndicator(value)?.name ?? value,
        firstRow,
      });
    }
    case 'agencies':
    case 'enterprises':
      return validationIssue('DUPLICATE_USCC', fieldLocation(sheet, row, field, value), {
        uscc: value,
        firstRow,
      });
    case 'portfolios':
      return validationIssue('DUPLICATE_PORTFOLIO', fieldLocation(sheet, row, field, value), {
        name: value,
        firstRow,
      });
    case 'cases':
      return validationIssue('DUPLICATE_CASE', fieldLocation(sheet, row, field, value), {
        title: value,
        firstRow,
      });
  }
}

/**
 * Names and codes compare without spaces, width or case differences. Upper-case letters and
 * digits are their own key.
 */
function comparableKey(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 90)))
      return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  }
  return value;
}

/** 0.01 万元 (100 元): a 合计 rounded to two decimals still matches. */
const TOTAL_TOLERANCE = 0.01 + 1e-9;

/**
 * A trailing 合计 row that differs from the sum of the rows above it, per column. `complete`
 * says whether every data row was kept: rows with cell errors were not, so their sum would be
 * wrong (the errors are reported anyway).
 */
export function totalRowIssues(
  sheet: SheetHead & Pick<ParsedSheet, 'total'>,
  sums: SheetAggregator,
  complete: boolean,
): ValidationIssue[] {
  const total = sheet.total;
  if (!total || !complete) return [];
  const issues: ValidationIssue[] = [];
  for (const field of sheetDefinition(sheet.kind).totalFields ?? []) {
    const declared = total.values[field];
    if (declared === undefined) continue;
    const rowsSum = sums.total(field);
    if (Math.abs(declared - rowsSum) <= TOTAL_TOLERANCE) continue;
    const ref = total.cells[field];
    const column = ref?.column ?? sheet.columns[field]?.header ?? field;
    issues.push(
      validationIssue(
        'TOTAL_MISMATCH',
        {
          sheet: sheet.name,
          row: ref?.row ?? total.row,
          column,
          ...(ref?.cell ? { cell: ref.cell } : {}),
          value: String(declared),
        },
        { column, declared: formatNumber(declared), sum: formatNumber(rowsSum) },
      ),
    );
  }
  return issues;
}
