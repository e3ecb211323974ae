/** Rules within one sheet: duplicate rows and the 合计 row. */
import { findIndicator } from '../catalogue/indicators.ts';
import { sheetDefinition } from '../catalogue/sheets.ts';
import { USCC_ALPHABET } from '../domain/uscc.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsedRow, ParsedSheet, SheetHead } from '../parsing/types.ts';
import type { SheetAggregator } from './aggregates.ts';
import { formatNumber } from './format.ts';
import { validationIssue } from './issues.ts';
import { fieldLocation } from './locate.ts';

/**
 * Rows whose unique field (indicator, credit code, portfolio or case name) repeats an earlier
 * row, found as the rows go by: only each key and the row it was first seen in are kept.
 */
export class DuplicateRows {
  private readonly field: string | undefined;
  private readonly firstRowByKey = new Map<string, number>();
  private readonly firstRowByCode = new CreditCodeRows();

  constructor(private readonly sheet: SheetHead) {
    this.field = sheetDefinition(sheet.kind).uniqueField;
  }

  /** The issue when `row` repeats an earlier row. */
  check(row: ParsedRow): ValidationIssue | undefined {
    const field = this.field;
    if (!field) return undefined;
    const raw = (row.record as unknown as Record<string, unknown>)[field];
    if (raw === undefined || raw === null || raw === '') return undefined;
    const value = String(raw);
    // A credit code as the reader returns it is its own key; anything else is normalised first.
    let firstRow = this.firstRowByCode.firstRow(value, row.row);
    if (firstRow === null) {
      const key = comparableKey(value);
      firstRow = this.firstRowByCode.firstRow(key, row.row);
      if (firstRow === null) {
        firstRow = this.firstRowByKey.get(key);
        if (firstRow === undefined) this.firstRowByKey.set(key, row.row);
      }
    }
    return firstRow === undefined ? undefined : duplicateIssue(this.sheet, row, field, value, firstRow);
  }
}

const CODE_CHARACTER_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) CODE_CHARACTER_VALUES[USCC_ALPHABET.charCodeAt(i)] = i;

/** Base-31 value of characters `from` … `from + 5` of a credit code (< 31⁶ < 2³¹); -1 if one is not in the alphabet. */
function codeSixth(code: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 6; i++) {
    const charCode = code.charCodeAt(i);
    const digit = charCode < 128 ? (CODE_CHARACTER_VALUES[charCode] as number) : -1;
    if (digit < 0) return -1;
    value = value * 31 + digit;
  }
  return value;
}

/** Integers in a table slot: the code's three base-31 thirds and the row it was first seen in. */
const SLOT_WIDTH = 4;
/** 256 KB to start with: a sheet of a few thousand codes never grows the table. */
const INITIAL_CAPACITY = 16_384;

/**
 * First rows of credit codes, each code stored exactly as three small integers (6 base-31
 * digits each) in an open-addressing table: one Int32Array of (third, third, third, row)
 * slots, so that a lookup is integer arithmetic and touches one place in memory. A Map of
 * 100 000 code strings would keep every string (and the CSV text it was cut from) alive and give
 * the garbage collector 100 000 more objects to move and trace; this holds 2 MB of integers.
 */
class CreditCodeRows {
  private slots = new Int32Array(INITIAL_CAPACITY * SLOT_WIDTH);
  private capacity = INITIAL_CAPACITY;
  private size = 0;
  /** 32 − log2(capacity): a slot is the top bits of the multiplicative hash. */
  private shift = 32 - Math.log2(INITIAL_CAPACITY);

  /** The row `code` was first seen in, or undefined after recording `row` for it; null when `code` is not a credit code. */
  firstRow(code: string, row: number): number | undefined | null {
    if (code.length !== 18) return null;
    const first = codeSixth(code, 0);
    const second = codeSixth(code, 6);
    const third = codeSixth(code, 12);
    if (first < 0 || second < 0 || third < 0) return null;
    // Grown at 80 % full: probe runs stay short, and 100 000 codes fit in 131 072 slots (2 MB).
    if ((this.size + 1) * 5 > this.capacity * 4) this.grow();
    return this.place(first, second, third, row);
  }

  private place(first: number, second: number, third: number, row: number): number | undefined {
    const slots = this.slots;
    const mask = this.capacity - 1;
    const mixed = first ^ Math.imul(second, 0x85ebca6b) ^ Math.imul(third, 0xc2b2ae35);
    for (let slot = Math.imul(mixed, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT_WIDTH;
      // Row numbers are ≥ 1: 0 marks a free slot.
      const seen = slots[at + 3] as number;
      if (seen === 0) {
        slots[at] = first;
        slots[at + 1] = second;
        slots[at + 2] = third;
        slots[at + 3] = row;
        this.size++;
        return undefined;
      }
      if (slots[at] === first && slots[at + 1] === second && slots[at + 2] === third) return seen;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.shift--;
    this.slots = new Int32Array(this.capacity * SLOT_WIDTH);
    this.size = 0;
    for (let at = 0; at < old.length; at += SLOT_WIDTH) {
      const row = old[at + 3] as number;
      if (row !== 0) this.place(old[at] as number, old[at + 1] as number, old[at + 2] as number, row);
    }
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
