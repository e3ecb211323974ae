/**
 * How every workbook we write prints (reports, the template, the annotated upload, the
 * assessment): landscape A4 (A3 for a table that would print below 70 % on A4), fitted to one
 * page width so that the columns of a row stay on one page, the header rows repeated on every page, a page header with
 * the title and period, and a footer `第 x 页，共 y 页`. A table too wide to read at one page width
 * (目标完成, 58 columns) prints across pages instead: whole column groups at 80 %, the city
 * columns repeated on each page (`columnPagesFor`).
 *
 * One function gives the exceljs settings for both writers: pass `pageSetup` and `headerFooter`
 * to `addWorksheet` (the streaming writer fixes them when the sheet opens), or call
 * `applyPrintLayout` on a sheet of an in-memory workbook.
 */
import type ExcelJS from 'exceljs';

export type Paper = 'A4' | 'A3';

export interface PrintLayout {
  /** Printed in the page header, e.g. `绩效目标完成情况`. */
  title: string;
  /** Printed after the title, e.g. `2024Q3`. */
  period?: string;
  /** A4 by default; A3 for tables too wide to read on A4 at one page width. */
  paper?: Paper;
  /** Rows repeated at the top of every page: the last header row (1 → row 1), or [first, last]. */
  headerRows?: number | readonly [number, number];
  /** Portrait for narrow forms (a two-column sheet); landscape by default. */
  orientation?: 'landscape' | 'portrait';
  /**
   * For a table too wide to read at one page width (目标完成): pages across instead, broken
   * between column groups, the title columns repeated on each (see `columnPagesFor`).
   */
  columnPages?: ColumnPages;
}

/** How a wide table prints across several pages: whole column groups, at a readable scale. */
export interface ColumnPages {
  /** Columns printed at the left of every page (city code and name …), from column A. */
  titleColumns: number;
  /** The last column of each page but the last: a manual column break after each. */
  breaksAfter: readonly number[];
  /** Print scale in percent; the page is not fitted to the width. */
  scale: number;
}

/** Paper sizes in the OOXML numbering (exceljs declares them as an ambient const enum). */
const PAPER_SIZES: Record<Paper, number> = { A4: 9, A3: 8 };

/**
 * The smallest print scale a table fitted to a page's width may get: 70 % prints 10-point text at
 * 7 points. A wider table goes on A3, where the same columns print 1.45 times larger; one too wide
 * even for A3 prints across pages (`columnPagesWhenTooWide`).
 */
export const MIN_FITTED_SCALE = 0.7;

/**
 * The scale (percent) of a table printed across pages: 80 % puts three targets of 目标完成 on an
 * A3 page beside the city columns, text at 8 pt (fitted to one width it would be about 25 %).
 */
export const PAGES_ACROSS_SCALE = 80;

/** A3 for tables that would print below `MIN_FITTED_SCALE` fitted to A4's width, A4 otherwise. */
export function paperForWidths(widths: readonly number[]): Paper {
  return fittedScale(widths, 'A4') < MIN_FITTED_SCALE ? 'A3' : 'A4';
}

/**
 * For a table that would print below `MIN_FITTED_SCALE` even fitted to A3 (the 24 columns of
 * 典型企业 at about 50 %): A3 pages across at `PAGES_ACROSS_SCALE`, the first `titleColumns` (what
 * names a row) on every page; undefined when one page width is readable.
 */
export function columnPagesWhenTooWide(
  widths: readonly number[],
  titleColumns: number,
): ColumnPages | undefined {
  if (fittedScale(widths, 'A3') >= MIN_FITTED_SCALE) return undefined;
  return columnPagesFor({
    widths,
    titleColumns,
    groups: widths.slice(titleColumns).map(() => 1),
    paper: 'A3',
    scale: PAGES_ACROSS_SCALE,
  });
}

/** The scale (1 = 100 %) at which columns `widths` print fitted to one landscape page width of `paper`. */
export function fittedScale(widths: readonly number[], paper: Paper): number {
  const columns = widths.reduce((total, width) => total + columnPixels(width), 0);
  return Math.min(1, printableWidthPixels(paper) / columns);
}

export const PAGE_FOOTER = '&C第 &P 页，共 &N 页';

const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 };
/** Landscape paper width in inches. */
const PAPER_WIDTH_INCHES: Record<Paper, number> = { A4: 297 / 25.4, A3: 420 / 25.4 };
const PIXELS_PER_INCH = 96;

/**
 * Printed width in pixels (96 per inch, at 100 %) of a column `width` characters wide. LibreOffice
 * prints a character of width as about 0.096 in (measured on its PDF of 目标完成); Excel's is
 * narrower (7 px), so there the same pages are a little less full and break at the same places.
 */
function columnPixels(width: number): number {
  return width * 9.25;
}

/** Share of a page's width a page of column groups may fill: room for the programs' rounding. */
const PAGE_FILL = 0.95;

/** Width in pixels (at 100 %) that a landscape page of `paper` prints inside its margins. */
export function printableWidthPixels(paper: Paper): number {
  return Math.floor((PAPER_WIDTH_INCHES[paper] - MARGINS.left - MARGINS.right) * PIXELS_PER_INCH);
}

/**
 * Width in pixels (at 100 %) of a sheet with columns `widths` printed fitted to one page width of
 * `paper`: the columns' own width, or the page's printable width when they are narrower (then
 * the sheet prints at 100 %). Whatever is this wide prints across the whole page.
 */
export function printedWidthPixels(widths: readonly number[], paper: Paper): number {
  const columns = widths.reduce((total, width) => total + columnPixels(width), 0);
  return Math.max(printableWidthPixels(paper), Math.round(columns));
}

/**
 * Pages across for a table of column groups: the first `titleColumns` columns on every page, then
 * as many whole groups as fit at `scale` percent; a group never splits across pages (one wider
 * than a page alone gets a page of its own). `widths` are every column's, `groups` the spans of
 * the columns after the title columns, in order.
 */
export function columnPagesFor(input: {
  widths: readonly number[];
  titleColumns: number;
  groups: readonly number[];
  paper: Paper;
  scale: number;
}): ColumnPages {
  const pixels = (from: number, to: number) =>
    input.widths.slice(from, to).reduce((total, width) => total + columnPixels(width), 0);
  const capacity =
    (printableWidthPixels(input.paper) * PAGE_FILL * 100) / input.scale - pixels(0, input.titleColumns);
  const breaksAfter: number[] = [];
  let column = input.titleColumns;
  let used = 0;
  for (const span of input.groups) {
    const width = pixels(column, column + span);
    if (used > 0 && used + width > capacity) {
      breaksAfter.push(column);
      used = 0;
    }
    used += width;
    column += span;
  }
  return { titleColumns: input.titleColumns, breaksAfter, scale: input.scale };
}

/** `A`, …, `Z`, `AA` … for a column number from 1. */
function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/**
 * Page setup: the paper, landscape, one page wide and as many pages tall as needed; or, with
 * `columnPages`, at its scale with the title columns repeated (the breaks are written by
 * `ImageWorkbookWriter.placeColumnBreaks`).
 */
export function printPageSetup(layout: PrintLayout): Partial<ExcelJS.PageSetup> {
  const rows = layout.headerRows;
  const titles =
    rows === undefined ? undefined : typeof rows === 'number' ? `1:${rows}` : `${rows[0]}:${rows[1]}`;
  const across = layout.columnPages;
  return {
    orientation: layout.orientation ?? 'landscape',
    paperSize: PAPER_SIZES[layout.paper ?? 'A4'] as ExcelJS.PaperSize,
    ...(across
      ? {
          fitToPage: false,
          scale: across.scale,
          ...(across.titleColumns > 0 ? { printTitlesColumn: `A:${columnLetter(across.titleColumns)}` } : {}),
        }
      : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
    horizontalCentered: !across,
    margins: MARGINS,
    ...(titles ? { printTitlesRow: titles } : {}),
  };
}

/** Page header (title and period, centred) and footer (page x of y), the same on every page. */
export function printHeaderFooter(layout: PrintLayout): Partial<ExcelJS.HeaderFooter> {
  const title = layout.period ? `${layout.title}（${layout.period}）` : layout.title;
  // `&` starts a code in header text; a literal ampersand is written `&&`.
  const header = `&C&"-,Bold"${title.replaceAll('&', '&&')}`;
  return { differentFirst: false, differentOddEven: false, oddHeader: header, oddFooter: PAGE_FOOTER };
}

/** Both settings, for `addWorksheet(name, { ...printOptions(layout) })`. */
export function printOptions(layout: PrintLayout): {
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
} {
  return { pageSetup: printPageSetup(layout), headerFooter: printHeaderFooter(layout) };
}

/** Sets the print layout of a sheet of an in-memory (non-streaming) workbook. */
export function applyPrintLayout(sheet: ExcelJS.Worksheet, layout: PrintLayout): void {
  // A sheet loaded from a file may have neither object.
  sheet.pageSetup = { ...(sheet.pageSetup ?? {}), ...printPageSetup(layout) };
  sheet.headerFooter = { ...(sheet.headerFooter ?? {}), ...printHeaderFooter(layout) };
}
