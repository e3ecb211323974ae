/**
 * How every workbook we write prints (reports, the template, the annotated upload, the
 * assessment): landscape A4 (A3 for the widest tables), fitted to one page width so that the
 * columns of a row stay on one page, the header rows repeated on every page, a page header with
 * the title and period, and a footer `第 x 页，共 y 页`.
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
}

/** Paper sizes in the OOXML numbering (exceljs declares them as an ambient const enum). */
const PAPER_SIZES: Record<Paper, number> = { A4: 9, A3: 8 };

/** Total column width (characters) above which a table prints on A3 (see `paperForWidths`). */
export const WIDE_TABLE_CHARS = 220;

/** A3 for tables wider than `WIDE_TABLE_CHARS` characters, A4 otherwise. */
export function paperForWidths(widths: readonly number[]): Paper {
  return widths.reduce((total, width) => total + width, 0) > WIDE_TABLE_CHARS ? 'A3' : 'A4';
}

export const PAGE_FOOTER = '&C第 &P 页，共 &N 页';

/** Page setup: the paper, landscape, one page wide and as many pages tall as needed. */
export function printPageSetup(layout: PrintLayout): Partial<ExcelJS.PageSetup> {
  const rows = layout.headerRows;
  const titles =
    rows === undefined ? undefined : typeof rows === 'number' ? `1:${rows}` : `${rows[0]}:${rows[1]}`;
  return {
    orientation: layout.orientation ?? 'landscape',
    paperSize: PAPER_SIZES[layout.paper ?? 'A4'] as ExcelJS.PaperSize,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 },
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
