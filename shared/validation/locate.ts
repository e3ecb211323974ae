/** The location of a row's cells in issues. */
import { sheetDefinition } from '../catalogue/sheets.ts';
import type { ParsedRow, SheetHead } from '../parsing/types.ts';
import type { IssueLocation } from './issues.ts';

/** The cell of `field` in a row: as the reader located it, else the row and the column's header. */
export function fieldLocation(
  sheet: SheetHead,
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
