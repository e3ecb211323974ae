/** Typed fixture builders for the parsing tests: records, workbooks, CSV text in any encoding. */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import type {
  AgencyRecord,
  CaseRecord,
  CoreIndicatorRecord,
  EnterpriseRecord,
  PortfolioRecord,
} from '#shared/domain/records.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import type { ParsedSheet, ParsedUpload, UploadLimits } from '#shared/parsing/types.ts';

/** A valid credit code whose body ends in `serial` (check character computed independently of the parser). */
export function uscc(serial: number): string {
  return completeUscc(`91440300MA5${String(serial).padStart(6, '0')}`);
}

export function agency(overrides: Partial<AgencyRecord> = {}): AgencyRecord {
  return { name: '深圳市知识产权运营中心', uscc: uscc(1), type: '运营机构', revenueYtd: 1200, ...overrides };
}

export function enterprise(overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return {
    name: '深圳市创新科技有限公司',
    uscc: uscc(2),
    size: '中型',
    validInventionPatents: 120,
    certified: true,
    ...overrides,
  };
}

export function portfolio(overrides: Partial<PortfolioRecord> = {}): PortfolioRecord {
  return { name: '新能源汽车高价值专利组合', inventionPatents: 60, pctApplications: 12, ...overrides };
}

export function typicalCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    title: '专利质押融资服务',
    category: '质押融资',
    practice: '银行与评估机构合作开展质押融资',
    ...overrides,
  };
}

export function coreValue(code: string, value?: number): CoreIndicatorRecord {
  return value === undefined ? { code } : { code, value };
}

// ---------------------------------------------------------------------------------------------
// Files

export type CellInput = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  rows: CellInput[][];
  /** Ranges to merge, e.g. `A1:F1`. */
  merges?: string[];
  /** Number formats by cell, e.g. `{ D2: '0.0%' }`. */
  formats?: Record<string, string>;
  state?: 'visible' | 'hidden';
}

/** An xlsx written by exceljs with exactly the given cells (rows start at row 1). */
export async function workbook(...sheets: SheetSpec[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = book.addWorksheet(spec.name, { state: spec.state ?? 'visible' });
    spec.rows.forEach((row, i) => {
      row.forEach((value, column) => {
        if (value !== null && value !== undefined) sheet.getCell(i + 1, column + 1).value = value;
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
    for (const [cell, format] of Object.entries(spec.formats ?? {})) sheet.getCell(cell).numFmt = format;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One column of a two-row header, or a group of columns under a parent cell. */
export type HeaderColumn = string | { group: string; children: readonly string[] };

export interface TwoRowHeader {
  /** The upper row: leaf headers and the group cells, empty where a group's span continues. */
  upper: Array<string | null>;
  /** The lower row: the groups' children, empty under the leaf headers. */
  lower: Array<string | null>;
  /** Leaf headers merged down over both rows, group cells across their children. */
  merges: string[];
}

function letterOf(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * A two-row header as Chinese statistical sheets draw it, starting at Excel row `upperRow`
 * (default 1): each leaf column merged down over both rows, each group's cell merged across its
 * children, which stand on the lower row. Only the merges' first cells hold text, as in a CSV
 * exported from such a sheet.
 */
export function twoRowHeader(columns: readonly HeaderColumn[], upperRow = 1): TwoRowHeader {
  const upper: Array<string | null> = [];
  const lower: Array<string | null> = [];
  const merges: string[] = [];
  for (const column of columns) {
    const first = letterOf(upper.length);
    if (typeof column === 'string') {
      upper.push(column);
      lower.push(null);
      merges.push(`${first}${upperRow}:${first}${upperRow + 1}`);
      continue;
    }
    column.children.forEach((child, i) => {
      upper.push(i === 0 ? column.group : null);
      lower.push(child);
    });
    if (column.children.length > 1)
      merges.push(`${first}${upperRow}:${letterOf(upper.length - 1)}${upperRow}`);
  }
  return { upper, lower, merges };
}

/** A row of a fixture sheet: text, numbers, and `null` for an empty cell. */
export type FixtureRow = Array<string | number | null>;

/**
 * A sheet as a city draws it in Excel or WPS: title rows merged across, a header of one row (only
 * leaf columns) or two (with groups, see `twoRowHeader`), the rows below the header (a unit row,
 * a 栏次 row), then the data.
 */
export interface StatisticalSheet {
  name: string;
  titles?: FixtureRow[];
  header: readonly HeaderColumn[];
  /** Rows between the header and the data: 计量单位 and 栏次 rows. */
  below?: FixtureRow[];
  data: FixtureRow[];
}

/** The sheet's rows from row 1, and the merges a workbook draws them with. */
export function statisticalSheet(sheet: StatisticalSheet): SheetSpec & { rows: FixtureRow[] } {
  const titles = sheet.titles ?? [];
  const twoRows = sheet.header.some((column) => typeof column !== 'string');
  const header = twoRowHeader(sheet.header, titles.length + 1);
  const headerRows = twoRows ? [header.upper, header.lower] : [header.upper];
  const last = letterOf(header.upper.length - 1);
  const titleMerges = titles.map((_, i) => `A${i + 1}:${last}${i + 1}`);
  return {
    name: sheet.name,
    rows: [...titles, ...headerRows, ...(sheet.below ?? []), ...sheet.data],
    merges: [...titleMerges, ...(twoRows ? header.merges : [])],
  };
}

export type TextEncoding = 'utf8' | 'utf8-bom' | 'gb18030' | 'gbk' | 'utf16le-bom';
export type Delimiter = ',' | ';' | '\t';

function quote(field: string, delimiter: Delimiter): string {
  return /["\r\n]/.test(field) || field.includes(delimiter) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** CSV text of `rows`, quoted where needed, CRLF line ends. */
export function csvText(
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
  delimiter: Delimiter = ',',
): string {
  return `${rows.map((row) => row.map((cell) => quote(cell === null ? '' : String(cell), delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}

export function encode(text: string, encoding: TextEncoding = 'utf8'): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
    case 'gbk':
      return iconv.encode(text, encoding);
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }
}

/** A body that arrives in pieces of `chunkBytes`, as S3 delivers it. */
export function bodyOf(bytes: Buffer, chunkBytes = 16 * 1024): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) pieces.push(bytes.subarray(at, at + chunkBytes));
  return Readable.from(pieces);
}

export function parse(
  bytes: Buffer,
  fileName: string,
  options: { size?: number; limits?: Partial<UploadLimits>; chunkBytes?: number } = {},
): Promise<ParsedUpload> {
  const input = {
    body: bodyOf(bytes, options.chunkBytes),
    fileName,
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  return parseUpload(input);
}

/** A statistical sheet parsed as the one sheet of a workbook, or as a GB18030 CSV named after the sheet. */
export async function parseStatisticalSheet(
  format: 'xlsx' | 'csv',
  sheet: StatisticalSheet,
): Promise<ParsedUpload> {
  const spec = statisticalSheet(sheet);
  if (format === 'csv') return parse(encode(csvText(spec.rows), 'gb18030'), `${sheet.name}.csv`);
  return parse(await workbook(spec), '深圳2024Q3.xlsx');
}

// ---------------------------------------------------------------------------------------------
// Reading results

export function sheetOf<K extends DataSheetKind>(upload: ParsedUpload, kind: K): ParsedSheet<K> {
  const sheet = upload.sheets.find((candidate) => candidate.kind === kind);
  if (!sheet) throw new Error(`no ${kind} sheet parsed; issues: ${JSON.stringify(upload.issues)}`);
  return sheet as unknown as ParsedSheet<K>;
}

export function recordsOf<K extends DataSheetKind>(
  upload: ParsedUpload,
  kind: K,
): Array<ParsedSheet<K>['rows'][number]['record']> {
  return sheetOf(upload, kind).rows.map((row) => row.record);
}

export function codesOf(upload: ParsedUpload): string[] {
  return upload.issues.map((issue) => issue.code);
}

/** The only issue with `code` (fails the test when there is none or more than one). */
export function issueOf(upload: ParsedUpload, code: string): ValidationIssue {
  const found = upload.issues.filter((issue) => issue.code === code);
  if (found.length !== 1)
    throw new Error(`expected one ${code}, got ${found.length}: ${JSON.stringify(upload.issues)}`);
  return found[0] as ValidationIssue;
}

/** A CSV of one sheet kind with the template header and the given data rows, parsed. */
export function parseCsvRows(
  fileName: string,
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
  options: { encoding?: TextEncoding; delimiter?: Delimiter } = {},
): Promise<ParsedUpload> {
  return parse(encode(csvText(rows, options.delimiter), options.encoding), fileName);
}

// ---------------------------------------------------------------------------------------------
// Hand-made zip files (for the container checks exceljs would never write)

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Deflate the data (default) or store it. */
  deflate?: boolean;
  /** Uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
  /** General-purpose flags, e.g. 0x1 for an encrypted entry. */
  flags?: number;
  /** CRC-32 written in the headers, when it should not match. */
  crc?: number;
}

export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const deflate = part.deflate ?? true;
    const body = deflate ? zlib.deflateRawSync(part.data) : part.data;
    const size = part.declaredSize ?? part.data.length;
    const crc = part.crc ?? zlib.crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.flags ?? 0, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.flags ?? 0, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of an xlsx (as written by exceljs), to rebuild it with one part changed. */
export async function unzipParts(xlsx: Buffer): Promise<ZipPart[]> {
  const parts: ZipPart[] = [];
  let at = 0;
  while (xlsx.readUInt32LE(at) === 0x04034b50) {
    const method = xlsx.readUInt16LE(at + 8);
    const compressed = xlsx.readUInt32LE(at + 18);
    const nameLength = xlsx.readUInt16LE(at + 26);
    const extraLength = xlsx.readUInt16LE(at + 28);
    const name = xlsx.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    const raw = xlsx.subarray(start, start + compressed);
    parts.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    at = start + compressed;
  }
  return parts;
}
