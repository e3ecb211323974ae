/**
 * Writes upload files in the template layout from typed records: the demo generator, the
 * benchmarks and the tests all build their xlsx and CSV inputs through this one module.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { findIndicator } from '../catalogue/indicators.ts';
import {
  BASIC_INFO_LABELS,
  type ColumnDefinition,
  type DataSheetKind,
  sheetDefinition,
} from '../catalogue/sheets.ts';
import type { BasicInfo, SheetRecordMap } from '../domain/records.ts';

export type UploadContent = { info?: BasicInfo } & {
  [K in DataSheetKind]?: ReadonlyArray<SheetRecordMap[K]>;
};

export type CsvEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** Header text as the template prints it: `本年累计主营业务收入（万元）`. */
export function templateHeader(column: ColumnDefinition): string {
  return column.unit ? `${column.header}（${column.unit}）` : column.header;
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

/** A workbook with 基本信息 (when given) and one sheet per kind present in `content`. */
export async function writeUploadWorkbook(content: UploadContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (content.info) {
    const sheet = workbook.addWorksheet(sheetDefinition('info').name);
    sheet.addRow(['项目', '内容']);
    const info = content.info as Record<string, string | undefined>;
    for (const { field, label } of BASIC_INFO_LABELS) sheet.addRow([label, info[field] ?? null]);
  }
  for (const kind of ['core', 'agencies', 'portfolios', 'enterprises', 'cases'] as const) {
    const records = content[kind];
    if (!records) continue;
    const sheet = workbook.addWorksheet(sheetDefinition(kind).name);
    for (const row of sheetRows(kind, records as ReadonlyArray<SheetRecordMap[typeof kind]>))
      sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV file of one sheet kind, quoted where needed. */
export function writeUploadCsv<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  options: { encoding?: CsvEncoding; delimiter?: ',' | ';' | '\t' } = {},
): Buffer {
  const delimiter = options.delimiter ?? ',';
  const text = `${sheetRows(kind, records)
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
