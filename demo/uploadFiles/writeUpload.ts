/**
 * Writes upload files in the template layout from typed records: the demo generator, the
 * benchmarks and the tests all build their xlsx and CSV inputs through this one module.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { findIndicator } from '#shared/catalogue/indicators.ts';
import {
  BASIC_INFO_LABELS,
  type DataSheetKind,
  sheetDefinition,
  templateHeader,
} from '#shared/catalogue/sheets.ts';
import type { BasicInfo, SheetRecordMap } from '#shared/domain/records.ts';
import { stampZipEntries } from './zipTimes.ts';

export type UploadContent = { info?: BasicInfo } & {
  [K in DataSheetKind]?: ReadonlyArray<SheetRecordMap[K]>;
};

export type CsvEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

type Cell = string | number | Date | null;

/** How real files dress a sheet up: a title line above the header and a trailing 合计 row. */
export interface SheetLayout {
  /** A title line above the header row (merged across the columns in a workbook). */
  title?: string;
  /** Appends a 合计 row with the sums of the sheet's total fields. */
  totalRow?: boolean;
  /** Values that replace the true sums in the 合计 row (to produce a total that is off). */
  totalOverrides?: Record<string, number>;
}

export interface WorkbookOptions {
  layout?: Partial<Record<DataSheetKind, SheetLayout>>;
  /**
   * The workbook's created/modified time, also stamped on the zip entries, so that the same
   * content always gives the same bytes (without it, both are the current time).
   */
  createdAt?: Date;
}

/** The cells of one record in the template's column order. */
export function recordCells<K extends DataSheetKind>(
  kind: K,
  record: SheetRecordMap[K],
): Array<string | number | Date | null> {
  const columns = sheetDefinition(kind).columns;
  const values = record as unknown as Record<string, unknown>;
  return columns.map((column) => {
    if (kind === 'core' && column.field === 'name') return findIndicator(String(values.code))?.name ?? null;
    if (kind === 'core' && column.field === 'unit') return findIndicator(String(values.code))?.unit ?? null;
    const value = values[column.field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value ? '是' : '否';
    if (typeof value === 'number' || typeof value === 'string') return value;
    return String(value);
  });
}

export function sheetRows<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
): Array<Array<string | number | Date | null>> {
  const header = sheetDefinition(kind).columns.map(templateHeader);
  return [header, ...records.map((record) => recordCells(kind, record))];
}

/**
 * The 合计 row: `合计` in the first column, the sum of each total field (rounded to 4 decimals,
 * the precision of stored amounts) unless overridden, other cells empty.
 */
export function totalRowCells<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  overrides: Record<string, number> = {},
): Cell[] {
  const definition = sheetDefinition(kind);
  const totalFields = new Set(definition.totalFields ?? []);
  return definition.columns.map((column, index) => {
    if (column.field in overrides) return overrides[column.field] ?? null;
    if (totalFields.has(column.field)) {
      let sum = 0;
      for (const record of records) {
        const value = (record as unknown as Record<string, unknown>)[column.field];
        if (typeof value === 'number') sum += value;
      }
      return Math.round(sum * 10_000) / 10_000;
    }
    return index === 0 ? '合计' : null;
  });
}

/** Every line of a sheet as written: optional title, header, records, optional 合计 row. */
export function layoutRows<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  layout: SheetLayout = {},
): Cell[][] {
  const rows: Cell[][] = layout.title === undefined ? [] : [[layout.title]];
  rows.push(...sheetRows(kind, records));
  if (layout.totalRow) rows.push(totalRowCells(kind, records, layout.totalOverrides));
  return rows;
}

/** A workbook with 基本信息 (when given) and one sheet per kind present in `content`. */
export async function writeUploadWorkbook(
  content: UploadContent,
  options: WorkbookOptions = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.createdAt) {
    workbook.created = options.createdAt;
    workbook.modified = options.createdAt;
  }
  if (content.info) {
    const sheet = workbook.addWorksheet(sheetDefinition('info').name);
    sheet.addRow(['项目', '内容']);
    const info = content.info as Record<string, string | undefined>;
    for (const { field, label } of BASIC_INFO_LABELS) sheet.addRow([label, info[field] ?? null]);
  }
  for (const kind of ['core', 'agencies', 'portfolios', 'enterprises', 'cases'] as const) {
    const records = content[kind];
    if (!records) continue;
    const definition = sheetDefinition(kind);
    const sheet = workbook.addWorksheet(definition.name);
    const layout = options.layout?.[kind] ?? {};
    for (const row of layoutRows(kind, records as ReadonlyArray<SheetRecordMap[typeof kind]>, layout))
      sheet.addRow(row);
    if (layout.title !== undefined) sheet.mergeCells(1, 1, 1, definition.columns.length);
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return options.createdAt ? stampZipEntries(buffer, options.createdAt) : buffer;
}

/** One CSV file of one sheet kind, quoted where needed. */
export function writeUploadCsv<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  options: { encoding?: CsvEncoding; delimiter?: ',' | ';' | '\t' } & SheetLayout = {},
): Buffer {
  const delimiter = options.delimiter ?? ',';
  const text = `${layoutRows(kind, records, options)
    .map((row) => row.map((cell) => csvField(cell, delimiter)).join(delimiter))
    .join('\r\n')}\r\n`;
  switch (options.encoding ?? 'utf8') {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
  }
}

function csvField(value: string | number | Date | null, delimiter: string): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}
