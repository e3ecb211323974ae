/** Typed access to parsed sheets and the location of their cells in issues. */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { sheetDefinition } from '../catalogue/sheets.ts';
import type { ParsedRow, ParsedSheet } from '../parsing/types.ts';
import type { IssueLocation } from './issues.ts';

export function isSheetOf<K extends DataSheetKind>(sheet: ParsedSheet, kind: K): sheet is ParsedSheet<K> {
  return sheet.kind === kind;
}

export function findSheet<K extends DataSheetKind>(
  sheets: readonly ParsedSheet[],
  kind: K,
): ParsedSheet<K> | undefined {
  return sheets.find((sheet): sheet is ParsedSheet<K> => isSheetOf(sheet, kind));
}

/** The cell of `field` in a row: as the reader located it, else the row and the column's header. */
export function fieldLocation(
  sheet: ParsedSheet,
  row: ParsedRow,
  field: string,
  value?: string,
): IssueLocation {
  const ref = row.cells[field];
  const column =
    ref?.column ??
    sheet.columns[field]?.header ??
    sheetDefinition(sheet.kind).columns.find((c) => c.field === field)?.header;
  return {
    sheet: sheet.name,
    row: ref?.row ?? row.row,
    ...(column ? { column } : {}),
    ...(ref?.cell
      ? { cell: ref.cell }
      : sheet.columns[field]
        ? { cell: `${sheet.columns[field].letter}${row.row}` }
        : {}),
    ...(value === undefined ? {} : { value }),
  };
}

/** Whether every data row was read without a cell error (so sums and lists are complete). */
export function allRowsRead(sheet: ParsedSheet): boolean {
  return sheet.rows.length === sheet.rowsRead;
}
