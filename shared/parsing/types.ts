/** What the readers produce: sheets mapped to catalogue fields, with every cell located. */
import type { Readable } from 'node:stream';
import type { DataSheetKind } from '../catalogue/sheets.ts';
import type { BasicInfo, SheetRecordMap } from '../domain/records.ts';
import type { IgnoredSheet, OmittedIssues, UploadFormat, ValidationIssue } from '../domain/validation.ts';

/** Where a value sits, as the user sees it in Excel. */
export interface CellRef {
  /** 1-based row number counting title rows. */
  row: number;
  /** Header text as written in the file. */
  column: string;
  /** A1 reference (`B7`); for CSV the column letter of the field's position. */
  cell: string;
}

export interface ParsedRow<K extends DataSheetKind = DataSheetKind> {
  row: number;
  record: SheetRecordMap[K];
  /** Location of each field's cell, for issues found after reading (duplicates, cross-field rules). */
  cells: Record<string, CellRef>;
}

export interface ParsedSheet<K extends DataSheetKind = DataSheetKind> {
  kind: K;
  /** Sheet name as in the workbook (or the CSV file name). */
  name: string;
  /**
   * Row of the column headers; data rows follow it. For a two-row header (grouped columns, the
   * group cells on the row above) the lower row: the one that names every grouped column. A unit
   * row (计量单位) and a 栏次 row below the header are skipped, not counted: data starts below them.
   */
  headerRow: number;
  /** Recognised columns by field (for a grouped column its own header, not the group's). */
  columns: Record<string, { header: string; letter: string }>;
  /**
   * Rows that were read without a cell-level error (rows with errors are reported, not kept).
   * Empty when `ParseInput.onRow` took the rows as they were read.
   */
  rows: ParsedRow<K>[];
  /** Data rows seen, including rows with errors; excludes title, header, blank and 合计 rows. */
  rowsRead: number;
  /** A trailing 合计 row: its numeric values by field (checked, never stored), and its 备注. */
  total?: {
    row: number;
    values: Record<string, number>;
    cells: Record<string, CellRef>;
    /** The 合计 row's 备注 / 说明 cell, which explains its verification warnings. */
    note?: { text: string; cell: string };
  };
}

/** One explanation of a 填报说明 sheet (核实性审核说明): what it is about, as written, and the text. */
export interface ExplanationEntry {
  sheet: string;
  row: number;
  /** A1 reference of the text cell. */
  cell: string;
  /** The indicator (code or name) or the sheet the explanation names, as written. */
  subject: string;
  text: string;
}

/** A sheet as known once its header row is read: enough to place issues about its rows. */
export type SheetHead<K extends DataSheetKind = DataSheetKind> = Pick<
  ParsedSheet<K>,
  'kind' | 'name' | 'headerRow' | 'columns'
>;

/**
 * Takes each kept data row as it is read. A sheet's rows count only if the finished
 * `ParsedUpload` lists a sheet of that name: a sheet can still be dropped after its rows went
 * by (a second sheet of the same kind, a 核心指标 left as the template gave it, a damaged file).
 */
export type RowSink = (sheet: SheetHead, row: ParsedRow) => void;

export interface ParsedUpload {
  format: UploadFormat;
  fileName: string;
  /** 基本信息, when the workbook has it. */
  info?: { sheet: string; values: BasicInfo; cells: Partial<Record<keyof BasicInfo, CellRef>> };
  sheets: ParsedSheet[];
  /** Sheets not read as data, with the reason (hidden, instructions, not recognised, left empty …). */
  ignoredSheets?: IgnoredSheet[];
  /** Explanations of verification warnings read from 填报说明 sheets, in workbook order. */
  explanations?: ExplanationEntry[];
  /** Everything found while reading: file, sheet and cell level (at most MAX_LISTED_ISSUES of a severity per sheet). */
  issues: ValidationIssue[];
  /** Issues beyond those kept in `issues`, counted by sheet and code. */
  omittedIssues?: OmittedIssues[];
}

export function addIgnoredSheet(upload: ParsedUpload, name: string, reason: string): void {
  upload.ignoredSheets = [...(upload.ignoredSheets ?? []), { name, reason }];
}

export function addOmittedIssues(upload: ParsedUpload, omitted: readonly OmittedIssues[]): void {
  if (omitted.length > 0) upload.omittedIssues = [...(upload.omittedIssues ?? []), ...omitted];
}

export interface UploadLimits {
  /** Largest accepted file, bytes (default 20 MB). */
  maxBytes: number;
  /**
   * Largest total uncompressed size of an xlsx, bytes (zip bomb guard, default 200 MiB). Sheets are
   * streamed, but exceljs keeps the shared strings: 180 MB of them took 600 MB of memory, so this
   * bounds what a crafted file can make the ingest function hold. A 20 MB workbook as Excel writes
   * it unpacks to about 125 MB (ours of 100,000 rows: 8.6 MB → 53 MB).
   */
  maxUncompressedBytes: number;
  /** Largest number of zip entries in an xlsx. */
  maxZipEntries: number;
  /** Largest uncompressed/compressed ratio of an xlsx. */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: UploadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxZipEntries: 2000,
  maxCompressionRatio: 200,
};

/** Where the readers hand the rows. */
export interface RowSinks {
  /** Takes each kept row as it is read; without it the rows are kept in the parsed sheet. */
  onRow?: RowSink;
  /**
   * Takes each row that was not kept for a cell error with only its unique field in the record
   * (credit code, indicator, name), when that cell read fine: the duplicate check still sees it.
   */
  onRejectedRow?: RowSink;
}

export interface ParseInput {
  body: Readable;
  fileName: string;
  /** Known size (S3 ContentLength), checked against the limit before reading. */
  size?: number;
  limits?: Partial<UploadLimits>;
  /** Streams the rows here instead of keeping them in `ParsedSheet.rows` (ingest never holds them all). */
  onRow?: RowSink;
  /** See `RowSinks.onRejectedRow`. */
  onRejectedRow?: RowSink;
  /**
   * Called with the whole content when the reader holds it in memory anyway (xlsx: the zip is
   * read from a buffer), so that a caller that needs the bytes again (the annotated workbook)
   * keeps this copy rather than a second one.
   */
  onWholeBody?: (bytes: Buffer) => void;
}
