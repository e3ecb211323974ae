/**
 * One sheet of a report workbook on exceljs' streaming writer: the title and "数据截至 … / 生成时间 …"
 * lines, frozen header, filter, column widths, landscape print fitted to the page width, and rows
 * written with one shared style per cell kind.
 */
import type ExcelJS from 'exceljs';
import { chinaTimeText, chinaWallClock } from '../../domain/chinaTime.ts';
import type { ImagePlacement, ImageWorkbookWriter } from './imageWorkbookWriter.ts';
import {
  type ColumnPages,
  columnPagesWhenTooWide,
  type Paper,
  paperForWidths,
  printedWidthPixels,
  printOptions,
} from './printLayout.ts';
import { type CellKind, cellStyle, HEADER_STYLE, HEADING_STYLE, STAMP_STYLE, TITLE_STYLE } from './styles.ts';

export type CellValue = string | number | Date | null | undefined;

/** The two times every sheet states under its title. */
export interface ReportStamp {
  dataAsOf: string | null;
  generatedAt: string;
}

export interface SheetOptions {
  title: string;
  /** Column widths in characters, from column A. */
  widths: readonly number[];
  /** Rows kept in view when scrolling: the title lines and the table header. */
  frozenRows: number;
  frozenColumns?: number;
  /**
   * Commit each row as soon as it is written (large tables). Off for layout sheets, which place
   * legends beside charts in rows already written.
   */
  streamRows?: boolean;
  /**
   * By default A4, or A3 when the columns are too wide for A4 (`paperForWidths`), or A3 pages
   * across with the frozen columns repeated when they are too wide even for A3.
   */
  paper?: Paper;
  /** Pages across (whole column groups, title columns repeated) instead of one page width. */
  columnPages?: ColumnPages;
}

/**
 * exceljs gives every row a style object of its own (`{}`) and caches style ids by object, so
 * each committed row would have its empty style serialised and looked up again. Rows here carry
 * no style of their own; one shared, frozen empty style is looked up once per workbook.
 */
const UNSTYLED_ROW: Partial<ExcelJS.Style> = Object.freeze({});

interface RowInternals {
  style: Partial<ExcelJS.Style>;
}

export interface RowOptions {
  startColumn?: number;
  /** Bold with a top rule (totals, medians). */
  emphasis?: boolean;
  /** Row height in points; by default fitted to the row's long texts (see `wrappedRowHeight`). */
  height?: number;
  /** Columns [from, to] to merge into one cell (the value sits in `from`). */
  merge?: readonly [number, number];
}

/** The title and the "数据截至 …" line above every table. */
const TITLE_LINES = 2;
/** exceljs' width of a column without one. */
const DEFAULT_WIDTH = 9;
const LINE_POINTS = 15;
const SINGLE_LINE = LINE_POINTS + 2;
/** A line of the 14 pt title. */
const TITLE_POINTS_PER_LINE = 19;

/**
 * Height in points of a row whose wrapped `text` fills `widthChars` characters of width (a
 * Chinese character takes two). Spreadsheet programs do not reliably fit the rows of a generated
 * file (never for merged cells), so rows with wrapped text get their height written.
 */
export function wrappedRowHeight(text: string, widthChars: number): number {
  let units = 0;
  for (const char of text) units += char.charCodeAt(0) > 0x2e7f ? 2 : 1;
  const lines = Math.max(1, Math.ceil(units / Math.max(1, widthChars - 1)));
  return lines * LINE_POINTS + 2;
}

/** Column width (characters) that shows `pixels` pixels at the default font. */
export function widthForPixels(pixels: number): number {
  return Math.ceil((pixels - 5) / 7);
}

export function stampLine(stamp: ReportStamp): string {
  const asOf = stamp.dataAsOf ? `${chinaTimeText(stamp.dataAsOf)}（北京时间）` : '—（尚无受理的数据）';
  return `数据截至 ${asOf} / 生成时间 ${chinaTimeText(stamp.generatedAt)}（北京时间）`;
}

export class ReportSheet {
  readonly sheet: ExcelJS.Worksheet;
  private rowNumber = 0;
  private readonly streamRows: boolean;
  private readonly widths: readonly number[];
  private readonly paper: Paper;

  constructor(
    private readonly workbook: ImageWorkbookWriter,
    name: string,
    stamp: ReportStamp,
    options: SheetOptions,
  ) {
    this.streamRows = options.streamRows ?? true;
    this.widths = options.widths;
    const columnPages =
      options.columnPages ??
      (options.paper ? undefined : columnPagesWhenTooWide(options.widths, options.frozenColumns ?? 0));
    this.paper = options.paper ?? (columnPages ? 'A3' : paperForWidths(options.widths));
    // Views and print settings are written when the sheet opens, so they are fixed here.
    this.sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: options.frozenRows, xSplit: options.frozenColumns ?? 0 }],
      ...printOptions({
        title: options.title,
        paper: this.paper,
        // Across pages, the title lines (rows 1–2, which run past the title columns) print on
        // the first page only; the page header names the report on every page. A sheet of
        // several tables (说明) has no header rows of its own to repeat.
        ...(!columnPages
          ? { headerRows: options.frozenRows }
          : options.frozenRows > TITLE_LINES
            ? { headerRows: [TITLE_LINES + 1, options.frozenRows] as const }
            : {}),
        ...(columnPages ? { columnPages } : {}),
      }),
    });
    if (columnPages) workbook.placeColumnBreaks(this.sheet, columnPages.breaksAfter);
    this.sheet.columns = options.widths.map((width) => ({ width }));
    const titleColumns = columnPages?.titleColumns ?? 0;
    if (titleColumns > 0) {
      // Across pages the title columns head every page: the title lines wrap inside them
      // instead of running into columns that print on the first page only.
      this.wrappedTitleLine(options.title, TITLE_STYLE, titleColumns, TITLE_POINTS_PER_LINE);
      this.wrappedTitleLine(stampLine(stamp), STAMP_STYLE, titleColumns, LINE_POINTS);
    } else {
      this.single(options.title, TITLE_STYLE);
      this.single(stampLine(stamp), STAMP_STYLE);
    }
  }

  /** A title line merged over the first `columns` columns, wrapped, its height for its lines. */
  private wrappedTitleLine(
    text: string,
    style: Partial<ExcelJS.Style>,
    columns: number,
    linePoints: number,
  ): void {
    const row = this.nextRow();
    const cell = row.getCell(1);
    cell.value = text;
    cell.style = { ...style, alignment: { wrapText: true, vertical: 'top' } };
    const size = style.font?.size ?? 11;
    // Characters of width the columns hold at this font size (widths are at 11 pt).
    const width = (this.widths.slice(0, columns).reduce((total, w) => total + w, 0) * 11) / size;
    const lines = Math.round((wrappedRowHeight(text, width) - 2) / LINE_POINTS);
    row.height = lines * linePoints + 4;
    this.sheet.mergeCells(row.number, 1, row.number, columns);
    this.finish(row);
  }

  /**
   * Width in pixels (at 100 %) that the sheet prints across a page: its columns, or the page's
   * printable width when they are narrower. A picture this wide prints across the whole page.
   */
  get printWidthPixels(): number {
    return printedWidthPixels(this.widths, this.paper);
  }

  /** Number of the last row written. */
  get lastRow(): number {
    return this.rowNumber;
  }

  blank(): void {
    this.rowNumber += 1;
  }

  heading(text: string): number {
    return this.single(text, HEADING_STYLE);
  }

  header(labels: readonly string[], startColumn = 1): number {
    const row = this.nextRow();
    labels.forEach((label, index) => {
      const cell = row.getCell(startColumn + index);
      cell.value = label;
      cell.style = HEADER_STYLE;
    });
    row.height = Math.max(
      ...labels.map((label, index) => wrappedRowHeight(label, this.width(startColumn + index))),
    );
    return this.finish(row);
  }

  /** A header row of merged group labels above the column headers (e.g. one target over four columns). */
  groupHeader(groups: ReadonlyArray<{ label: string; span: number }>, startColumn = 1): number {
    const row = this.nextRow();
    let column = startColumn;
    let height = 0;
    const merges: Array<[number, number]> = [];
    for (const { label, span } of groups) {
      let width = 0;
      for (let offset = 0; offset < span; offset++) {
        row.getCell(column + offset).style = HEADER_STYLE;
        width += this.width(column + offset);
      }
      row.getCell(column).value = label;
      height = Math.max(height, wrappedRowHeight(label, width));
      if (span > 1) merges.push([column, column + span - 1]);
      column += span;
    }
    row.height = height;
    for (const [from, to] of merges) this.sheet.mergeCells(row.number, from, row.number, to);
    return this.finish(row);
  }

  row(values: readonly CellValue[], kinds: readonly CellKind[], options: RowOptions = {}): number {
    const row = this.nextRow();
    this.fill(row, values, kinds, options);
    const height = options.height ?? this.wrappedHeight(values, kinds, options.startColumn ?? 1);
    if (height !== undefined) row.height = height;
    if (options.merge) this.sheet.mergeCells(row.number, options.merge[0], row.number, options.merge[1]);
    return this.finish(row);
  }

  /** Writes cells into an earlier row that is still open (only without `streamRows`). */
  place(
    rowNumber: number,
    values: readonly CellValue[],
    kinds: readonly CellKind[],
    options: RowOptions = {},
  ): void {
    this.fill(this.openRow(rowNumber), values, kinds, options);
    this.rowNumber = Math.max(this.rowNumber, rowNumber);
  }

  /** Writes one styled cell into an open row. */
  placeStyled(rowNumber: number, column: number, value: CellValue, style: Partial<ExcelJS.Style>): void {
    const cell = this.openRow(rowNumber).getCell(column);
    cell.value = value ?? null;
    cell.style = style;
    this.rowNumber = Math.max(this.rowNumber, rowNumber);
  }

  filter(headerRow: number, lastRow: number, firstColumn: number, lastColumn: number): void {
    this.sheet.autoFilter = {
      from: { row: headerRow, column: firstColumn },
      to: { row: Math.max(headerRow, lastRow), column: lastColumn },
    };
  }

  /** A manual page break after `rowNumber`, which must still be open (only without `streamRows`). */
  pageBreakAfter(rowNumber: number): void {
    if (rowNumber >= 1) this.openRow(rowNumber).addPageBreak();
  }

  images(images: ReadonlyArray<{ png: Buffer; placement: ImagePlacement }>): void {
    this.workbook.placeImages(this.sheet, images);
  }

  commit(): void {
    this.sheet.commit();
  }

  private width(column: number): number {
    return this.widths[column - 1] ?? DEFAULT_WIDTH;
  }

  /** Height for the wrapped long texts of a row, when one needs more than a line. */
  private wrappedHeight(
    values: readonly CellValue[],
    kinds: readonly CellKind[],
    startColumn: number,
  ): number | undefined {
    if (!kinds.includes('longText')) return undefined;
    let height: number | undefined;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (kinds[index] !== 'longText' || typeof value !== 'string') continue;
      const width = this.width(startColumn + index);
      // Short texts fit on one line whatever their characters; skip counting them.
      if (value.length * 2 < width) continue;
      const needed = wrappedRowHeight(value, width);
      if (needed > SINGLE_LINE && needed > (height ?? 0)) height = needed;
    }
    return height;
  }

  private nextRow(): ExcelJS.Row {
    this.rowNumber += 1;
    return this.openRow(this.rowNumber);
  }

  private openRow(rowNumber: number): ExcelJS.Row {
    const row = this.sheet.getRow(rowNumber);
    (row as unknown as RowInternals).style = UNSTYLED_ROW;
    return row;
  }

  private single(text: string, style: Partial<ExcelJS.Style>): number {
    const row = this.nextRow();
    const cell = row.getCell(1);
    cell.value = text;
    cell.style = style;
    return this.finish(row);
  }

  private fill(
    row: ExcelJS.Row,
    values: readonly CellValue[],
    kinds: readonly CellKind[],
    options: RowOptions,
  ): void {
    const start = options.startColumn ?? 1;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (value === null || value === undefined) continue;
      const kind = kinds[index] ?? 'text';
      const cell = row.getCell(start + index);
      cell.value = cellValue(value, kind);
      cell.style = cellStyle(kind, value, options.emphasis);
    }
  }

  private finish(row: ExcelJS.Row): number {
    if (this.streamRows) row.commit();
    return row.number;
  }
}

/**
 * Text kinds are always written as strings — exceljs writes a string as a string, whatever its
 * first character, so a company named `=HYPERLINK(…)` stays text — and times become China
 * wall-clock dates.
 */
function cellValue(value: string | number | Date, kind: CellKind): string | number | Date {
  switch (kind) {
    case 'text':
    case 'longText':
    case 'status':
      return typeof value === 'string' ? value : String(value);
    case 'dateTime':
      return typeof value === 'string' ? chinaWallClock(value) : value;
    default:
      return value;
  }
}
