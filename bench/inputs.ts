/**
 * Input files of the parse and ingest benchmarks: 重点企业 sheets (15 columns) of the demo's
 * enterprises, as CSV in UTF-8 and GB18030 and as xlsx with shared strings (what Excel writes).
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateEnterpriseSheet } from '#demo/index.ts';
import { sheetRows, writeUploadCsv } from '#demo/uploadFiles/writeUpload.ts';
import { sheetDefinition } from '#shared/catalogue/sheets.ts';
import type { EnterpriseRecord } from '#shared/domain/records.ts';

export type ParseCaseName = 'csv_10k' | 'csv_100k' | 'csv_gb18030_100k' | 'xlsx_10k' | 'xlsx_100k';

export interface InputFile {
  path: string;
  /** The name the upload carries (decides the sheet kind of a CSV). */
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf8' | 'gb18030';
  rows: number;
  bytes: number;
}

export interface ParseCase {
  name: ParseCaseName;
  file: InputFile;
  /** A smaller file of the same kind (1,000 rows by default), read first so that the measured run is not the JIT's first. */
  warmup: InputFile;
}

const CASES: ReadonlyArray<{
  name: ParseCaseName;
  format: 'csv' | 'xlsx';
  encoding: 'utf8' | 'gb18030';
  rows: number;
}> = [
  { name: 'csv_10k', format: 'csv', encoding: 'utf8', rows: 10_000 },
  { name: 'csv_100k', format: 'csv', encoding: 'utf8', rows: 100_000 },
  { name: 'csv_gb18030_100k', format: 'csv', encoding: 'gb18030', rows: 100_000 },
  { name: 'xlsx_10k', format: 'xlsx', encoding: 'utf8', rows: 10_000 },
  { name: 'xlsx_100k', format: 'xlsx', encoding: 'utf8', rows: 100_000 },
];
const WARMUP_ROWS = 1_000;

export const PARSE_CASE_NAMES: readonly ParseCaseName[] = CASES.map((c) => c.name);

async function writeInput(
  dir: string,
  records: readonly EnterpriseRecord[],
  format: 'csv' | 'xlsx',
  encoding: 'utf8' | 'gb18030',
): Promise<InputFile> {
  const path = join(dir, `enterprises-${records.length}-${format === 'csv' ? encoding : 'xlsx'}.${format}`);
  if (format === 'csv') await writeFile(path, writeUploadCsv('enterprises', records, { encoding }));
  else await writeStreamingWorkbook(path, records);
  return {
    path,
    fileName: format === 'csv' ? 'enterprises.csv' : '重点企业.xlsx',
    format,
    encoding,
    rows: records.length,
    bytes: (await stat(path)).size,
  };
}

/** Written row by row (an in-memory workbook of 100,000 rows would take minutes and gigabytes). */
async function writeStreamingWorkbook(path: string, records: readonly EnterpriseRecord[]): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = writer.addWorksheet(sheetDefinition('enterprises').name);
  for (const row of sheetRows('enterprises', records)) sheet.addRow(row).commit();
  sheet.commit();
  await writer.commit();
}

export async function prepareParseCases(
  dir: string,
  options: { only?: readonly ParseCaseName[]; warmupRows?: number } = {},
): Promise<ParseCase[]> {
  const { only, warmupRows = WARMUP_ROWS } = options;
  const wanted = CASES.filter((c) => !only || only.includes(c.name));
  const largest = Math.max(warmupRows, ...wanted.map((c) => c.rows));
  const records = generateEnterpriseSheet({ count: largest });
  const files = new Map<string, Promise<InputFile>>();
  const input = (rows: number, format: 'csv' | 'xlsx', encoding: 'utf8' | 'gb18030') => {
    const key = `${rows}/${format}/${encoding}`;
    if (!files.has(key)) files.set(key, writeInput(dir, records.slice(0, rows), format, encoding));
    return files.get(key)!;
  };
  const cases: ParseCase[] = [];
  for (const c of wanted) {
    cases.push({
      name: c.name,
      file: await input(c.rows, c.format, c.encoding),
      warmup: await input(warmupRows, c.format, c.encoding),
    });
  }
  return cases;
}
