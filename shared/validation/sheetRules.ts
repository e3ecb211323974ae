/** Rules within one sheet: duplicate rows and the 合计 row. */
import { findIndicator } from '../catalogue/indicators.ts';
import { sheetDefinition } from '../catalogue/sheets.ts';
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
    const key = comparableKey(value);
    const firstRow = this.firstRowByKey.get(key);
    if (firstRow === undefined) {
      this.firstRowByKey.set(key, row.row);
      return undefined;
    }
    return duplicateIssue(this.sheet, row, field, value, firstRow);
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
 * digits (every credit code the reader returns) are their own key.
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
