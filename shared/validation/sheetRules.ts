/** Rules within one sheet: duplicate rows and the 合计 row. */
import { findIndicator } from '../catalogue/indicators.ts';
import { sheetDefinition } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsedRow, ParsedSheet } from '../parsing/types.ts';
import { numberField, sum } from './aggregates.ts';
import { formatNumber } from './format.ts';
import { validationIssue } from './issues.ts';
import { allRowsRead, fieldLocation } from './locate.ts';

/** Rows whose unique field (indicator, credit code, portfolio or case name) repeats an earlier row. */
export function duplicateRowIssues(sheet: ParsedSheet): ValidationIssue[] {
  const field = sheetDefinition(sheet.kind).uniqueField;
  if (!field) return [];
  const firstRowByKey = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const row of sheet.rows) {
    const raw = (row.record as unknown as Record<string, unknown>)[field];
    if (raw === undefined || raw === null || raw === '') continue;
    const key = comparableKey(String(raw));
    const firstRow = firstRowByKey.get(key);
    if (firstRow === undefined) {
      firstRowByKey.set(key, row.row);
      continue;
    }
    issues.push(duplicateIssue(sheet, row, field, String(raw), firstRow));
  }
  return issues;
}

function duplicateIssue(
  sheet: ParsedSheet,
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

/** Names and codes compare without spaces, width or case differences. */
function comparableKey(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** 0.01 万元 (100 元): a 合计 rounded to two decimals still matches. */
const TOTAL_TOLERANCE = 0.01 + 1e-9;

/** A trailing 合计 row that differs from the sum of the rows above it, per column. */
export function totalRowIssues(sheet: ParsedSheet): ValidationIssue[] {
  const total = sheet.total;
  // Rows with cell errors were not kept, so their sum would be wrong; the errors are reported anyway.
  if (!total || !allRowsRead(sheet)) return [];
  const issues: ValidationIssue[] = [];
  for (const field of sheetDefinition(sheet.kind).totalFields ?? []) {
    const declared = total.values[field];
    if (declared === undefined) continue;
    const rowsSum = sum(sheet.rows.map((row) => numberField(row.record, field)));
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
