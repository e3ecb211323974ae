/** A sheet that is one table: columns declared once, rows streamed from a list. */
import type { ImageWorkbookWriter } from './imageWorkbookWriter.ts';
import { columnPagesFor, PAGES_ACROSS_SCALE, type Paper, paperForWidths } from './printLayout.ts';
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
  /** By default A4, A3 when the columns are too wide, A3 across pages when even A3 is (`ReportSheet`). */
  paper?: Paper;
  /**
   * Print across pages at `PAGES_ACROSS_SCALE` instead of fitting one page width: the first `titleGroups`
   * groups (the city columns) on every page, then whole groups as many as fit. Needs `groups`.
   */
  pagesAcross?: { titleGroups: number };
}

export function writeTableSheet<T>(
  workbook: ImageWorkbookWriter,
  stamp: ReportStamp,
  input: TableSheetInput<T>,
): void {
  const headerRows = input.groups ? 2 : 1;
  const widths = input.columns.map((column) => column.width);
  const spans = (input.groups ?? []).map((group) => group.span);
  const titleGroups = input.pagesAcross?.titleGroups ?? 0;
  // Without a paper or pages across given, the sheet chooses (A4, A3, or A3 across pages).
  const paper = input.paper ?? (input.pagesAcross ? paperForWidths(widths) : undefined);
  const columnPages =
    input.pagesAcross && input.groups && paper
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
    ...(paper ? { paper } : {}),
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
