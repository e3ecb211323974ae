/** A sheet that is one table: columns declared once, rows streamed from a list. */
import type { ImageWorkbookWriter } from './imageWorkbookWriter.ts';
import { columnPagesFor, type Paper, paperForWidths } from './printLayout.ts';
import { type CellValue, ReportSheet, type ReportStamp } from './reportSheet.ts';
import type { CellKind } from './styles.ts';

export interface Column<T> {
  header: string;
  /** A function when the format depends on the row (a trend table mixing 万元 and counts). */
  kind: CellKind | ((item: T) => CellKind);
  /** Width in characters. */
  width: number;
  value: (item: T) => CellValue;
}

export interface TableSheetInput<T> {
  name: string;
  title: string;
  columns: readonly Column<T>[];
  items: Iterable<T>;
  /** Merged labels above the headers; spans must add up to the number of columns. */
  groups?: ReadonlyArray<{ label: string; span: number }>;
  /** Columns kept in view when scrolling right (codes and names). */
  frozenColumns?: number;
  /** Rows after the table, outside the filter (national totals, medians). */
  footer?: ReadonlyArray<readonly CellValue[]>;
  /** Formats of the footer cells; by default the columns' (a column whose format varies shows text). */
  footerKinds?: readonly CellKind[];
  /** Shown in the first column when there are no items. */
  emptyText?: string;
  /** By default A4, or A3 when the columns are too wide (`paperForWidths`). */
  paper?: Paper;
  /**
   * Print across pages at `PAGES_ACROSS_SCALE` instead of fitting one page width: the first `titleGroups`
   * groups (the city columns) on every page, then whole groups as many as fit. Needs `groups`.
   */
  pagesAcross?: { titleGroups: number };
}

/**
 * The scale (percent) of a table printed across pages: 80 % puts three targets of 目标完成 on an
 * A3 page beside the city columns, text at 8 pt (fitted to one width it would be about 25 %).
 */
export const PAGES_ACROSS_SCALE = 80;

export function writeTableSheet<T>(
  workbook: ImageWorkbookWriter,
  stamp: ReportStamp,
  input: TableSheetInput<T>,
): void {
  const headerRows = input.groups ? 2 : 1;
  const widths = input.columns.map((column) => column.width);
  const paper = input.paper ?? paperForWidths(widths);
  const spans = (input.groups ?? []).map((group) => group.span);
  const titleGroups = input.pagesAcross?.titleGroups ?? 0;
  const columnPages =
    input.pagesAcross && input.groups
      ? columnPagesFor({
          widths,
          titleColumns: spans.slice(0, titleGroups).reduce((total, span) => total + span, 0),
          groups: spans.slice(titleGroups),
          paper,
          scale: PAGES_ACROSS_SCALE,
        })
      : undefined;
  const sheet = new ReportSheet(workbook, input.name, stamp, {
    title: input.title,
    widths,
    frozenRows: 2 + headerRows,
    frozenColumns: input.frozenColumns ?? 0,
    paper,
    ...(columnPages ? { columnPages } : {}),
  });
  if (input.groups) sheet.groupHeader(input.groups);
  const headerRow = sheet.header(input.columns.map((column) => column.header));
  const fixedKinds = input.columns.every((column) => typeof column.kind === 'string');
  const kinds = input.columns.map((column) => (typeof column.kind === 'string' ? column.kind : 'text'));
  const values = input.columns.map((column) => column.value);
  let rows = 0;
  for (const item of input.items) {
    const rowKinds = fixedKinds
      ? kinds
      : input.columns.map((column) => (typeof column.kind === 'string' ? column.kind : column.kind(item)));
    sheet.row(
      values.map((value) => value(item)),
      rowKinds,
    );
    rows += 1;
  }
  if (rows === 0) sheet.row([input.emptyText ?? '（无）'], ['text']);
  sheet.filter(headerRow, sheet.lastRow, 1, input.columns.length);
  if (input.footer && input.footer.length > 0) {
    sheet.blank();
    for (const footer of input.footer) sheet.row(footer, input.footerKinds ?? kinds, { emphasis: true });
  }
  sheet.commit();
}
