/**
 * xlsx: the zip is checked from its central directory (bomb guard, integrity), the parts are
 * located like Excel does, and the worksheets are streamed row by row through exceljs's
 * WorkbookReader into one SheetReader per sheet.
 */
import type { Stream } from 'node:stream';
import type ExcelJS from 'exceljs';
import exceljsEnums from 'exceljs/lib/doc/enums.js';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import type { DataSheetKind, SheetKind } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import { readBasicInfo } from './basicInfo.ts';
import { ExplanationSheetReader, isExplanationSheetName } from './explanationSheet.ts';
import { messages, parsingIssue } from './issues.ts';
import { isAuxiliarySheetName, kindFromName } from './schema.ts';
import { SheetReader } from './sheetReader.ts';
import { SheetXmlRepair } from './sheetXml.ts';
import {
  addIgnoredSheet,
  addOmittedIssues,
  type ParsedSheet,
  type ParsedUpload,
  type RowSinks,
  type UploadLimits,
} from './types.ts';
import { CellFault, type RawCell, roundTo } from './values.ts';
import { cellNumberFormats, readWorkbookParts, type WorkbookSheet } from './workbookParts.ts';
import {
  entryText,
  readZipDirectory,
  type StreamPart,
  storedZipStream,
  ZipCheckError,
  type ZipEntry,
  ZipProblem,
} from './zip.ts';

const { ValueType } = exceljsEnums;

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
/** 基本信息 is a short label/value list; rows below this are not read. */
const INFO_ROWS = 100;

function zipIssue(fileName: string, problem: ZipProblem): ValidationIssue {
  switch (problem.kind) {
    case 'bomb':
      return parsingIssue('ZIP_BOMB', { sheet: fileName }, messages.zipBomb(problem.detail));
    case 'encrypted':
      return parsingIssue('FILE_ENCRYPTED', { sheet: fileName }, messages.fileEncrypted());
    case 'corrupt':
      return parsingIssue('FILE_CORRUPT', { sheet: fileName }, messages.fileCorrupt(problem.detail));
    case 'notWorkbook':
      return parsingIssue('FILE_UNREADABLE', { sheet: fileName }, messages.fileNotWorkbook(problem.detail));
    case 'xlsb':
      return parsingIssue('FILE_XLSB', { sheet: fileName }, messages.fileXlsb());
  }
}

// ---------------------------------------------------------------------------------------------
// Generated parts: exceljs reads only what the cells need.

/** No workbook relationships: exceljs then names worksheets by their position, which we map ourselves. */
const EMPTY_RELATIONSHIPS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
);
const EMPTY_SHARED_STRINGS = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${SPREADSHEET_NS}" count="0" uniqueCount="0"></sst>`,
);

function workbookXml(date1904: boolean): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SPREADSHEET_NS}"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets></sheets></workbook>`,
  );
}

function isDateFormat(format: string): boolean {
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function isPercentFormat(format: string): boolean {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Styles reduced to the number formats that change how a value reads (dates and percentages):
 * exceljs turns date-formatted numbers into dates, and every other cell skips format checks.
 */
function readingStyles(formats: readonly string[]): Buffer {
  const kept = formats.map((format) => (isPercentFormat(format) || isDateFormat(format) ? format : ''));
  const codes = [...new Set(kept.filter((format) => format !== ''))];
  const numFmts = codes
    .map((format, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeAttribute(format)}"/>`)
    .join('');
  const xfs = kept
    .map(
      (format) => `<xf numFmtId="${format === '' ? 0 : 164 + codes.indexOf(format)}" applyNumberFormat="1"/>`,
    )
    .join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${SPREADSHEET_NS}"><numFmts count="${codes.length}">${numFmts}</numFmts><cellXfs count="${kept.length}">${xfs}</cellXfs></styleSheet>`,
  );
}

// ---------------------------------------------------------------------------------------------
// Cells

interface FormulaCellValue {
  formula?: string;
  sharedFormula?: string;
  result?: unknown;
}

function formulaResult(result: unknown, formula: string | undefined): RawCell {
  if (result === undefined || result === null)
    return new CellFault('FORMULA_NO_RESULT', formula ? `=${formula}` : '');
  if (typeof result === 'number' && Number.isNaN(result)) return new CellFault('CELL_ERROR_VALUE', '');
  if (typeof result === 'object' && 'error' in result)
    return new CellFault('CELL_ERROR_VALUE', String((result as { error: unknown }).error));
  if (
    typeof result === 'string' ||
    typeof result === 'number' ||
    typeof result === 'boolean' ||
    result instanceof Date
  )
    return result;
  return undefined;
}

/** A percent-formatted cell holds the fraction (0.125 shows as 12.5%): handed on as the text the user sees. */
function numberCell(cell: ExcelJS.Cell, value: number): RawCell {
  // Only date and percent formats survive `readingStyles`, and exceljs has turned dates into Date values.
  const format = cell.numFmt;
  return format && isPercentFormat(format) ? `${roundTo(value * 100, 10)}%` : value;
}

function objectCell(cell: ExcelJS.Cell, value: object): RawCell {
  if (cell.type === ValueType.Formula) {
    const result = formulaResult(cell.result, cell.formula);
    return typeof result === 'number' ? numberCell(cell, result) : result;
  }
  if ('formula' in value || 'sharedFormula' in value || 'result' in value) {
    const formula = value as FormulaCellValue;
    const result = formulaResult(formula.result, formula.formula);
    return typeof result === 'number' ? numberCell(cell, result) : result;
  }
  if ('richText' in value)
    return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text ?? '').join('');
  if ('error' in value)
    return new CellFault('CELL_ERROR_VALUE', String((value as ExcelJS.CellErrorValue).error));
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : objectCell(cell, text as object);
  }
  return undefined;
}

function rawCell(cell: ExcelJS.Cell | undefined): RawCell {
  if (!cell) return undefined;
  const value = cell.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberCell(cell, value);
  if (typeof value === 'boolean' || value instanceof Date) return value;
  return objectCell(cell, value);
}

/**
 * Fills `cells` (reused for every row) with the row's first `width` values; index 0 is column A.
 * The width keeps a row whose formatting reaches column XFD from costing 16 384 cells.
 */
function rowCells(row: ExcelJS.Row, cells: RawCell[], width = Number.POSITIVE_INFINITY): RawCell[] {
  const count = Math.min(row.cellCount, width);
  cells.length = count;
  for (let column = 0; column < count; column++) cells[column] = rawCell(row.findCell(column + 1));
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Workbook

interface PlannedSheet {
  name: string;
  /** Kind named by the sheet name, if any. */
  kind?: SheetKind;
  /** A 填报说明 sheet: read for explanations of verification warnings, never as data. */
  explanations?: true;
  entry: ZipEntry;
}

/**
 * Which sheets to stream: skips chart sheets, the template's own help sheets and hidden helper
 * sheets, each noted in `upload.ignoredSheets`.
 */
function planSheets(sheets: readonly WorkbookSheet[], upload: ParsedUpload): PlannedSheet[] {
  const planned: PlannedSheet[] = [];
  for (const sheet of sheets) {
    if (!sheet.entry) {
      addIgnoredSheet(upload, sheet.name, sheet.skipped ?? '没有工作表内容');
      continue;
    }
    const kind = kindFromName(sheet.name);
    if (!kind && sheet.hidden) {
      addIgnoredSheet(upload, sheet.name, '隐藏的工作表');
      continue;
    }
    if (!kind && !sheet.hidden && isExplanationSheetName(sheet.name)) {
      planned.push({ name: sheet.name, explanations: true, entry: sheet.entry });
      continue;
    }
    if (!kind && isAuxiliarySheetName(sheet.name)) {
      addIgnoredSheet(upload, sheet.name, '说明或下拉列表等辅助工作表');
      continue;
    }
    planned.push(
      kind ? { name: sheet.name, kind, entry: sheet.entry } : { name: sheet.name, entry: sheet.entry },
    );
  }
  return planned;
}

interface WorksheetStream {
  id: number | string;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

export async function readXlsx(
  buffer: Buffer,
  fileName: string,
  limits: UploadLimits,
  sinks: RowSinks = {},
): Promise<ParsedUpload> {
  const upload: ParsedUpload = { format: 'xlsx', fileName, sheets: [], issues: [] };
  const entries = readZipDirectory(buffer, limits);
  if (entries instanceof ZipProblem) return { ...upload, issues: [zipIssue(fileName, entries)] };
  let parts: ReturnType<typeof readWorkbookParts>;
  let styleFormats: string[] = [];
  try {
    parts = readWorkbookParts(buffer, entries);
    if (!(parts instanceof ZipProblem) && parts.styles)
      styleFormats = cellNumberFormats(entryText(buffer, parts.styles));
  } catch (error) {
    parts = error instanceof ZipCheckError ? error.problem : new ZipProblem('corrupt', '工作簿结构无法读取');
  }
  if (parts instanceof ZipProblem) return { ...upload, issues: [zipIssue(fileName, parts)] };

  const planned = planSheets(parts.sheets, upload);
  const streamParts: StreamPart[] = [
    { name: 'xl/_rels/workbook.xml.rels', content: EMPTY_RELATIONSHIPS },
    { name: 'xl/workbook.xml', content: workbookXml(parts.date1904) },
    { name: 'xl/styles.xml', content: readingStyles(styleFormats) },
    parts.sharedStrings
      ? { name: 'xl/sharedStrings.xml', entry: parts.sharedStrings }
      : { name: 'xl/sharedStrings.xml', content: EMPTY_SHARED_STRINGS },
    ...planned.map((sheet, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      entry: sheet.entry,
      rewrite: () => new SheetXmlRepair(),
    })),
  ];
  const feed = storedZipStream(buffer, streamParts);
  let emptyDataSheets = 0;
  let unparsable = false;
  try {
    const read = streamSheets(feed.stream, planned, { date1904: parts.date1904, sinks }, upload);
    // A stream stopped short may leave exceljs waiting for the rest of the entry: do not wait with it.
    const outcome = await Promise.race([
      read,
      feed.stoppedShort.then((): typeof STOPPED_SHORT => STOPPED_SHORT),
    ]);
    if (outcome !== STOPPED_SHORT) emptyDataSheets = outcome;
  } catch {
    unparsable = true;
  }
  // A failed check voids whatever was read; the check is what the city must hear about.
  const problem = feed.problem ?? (unparsable ? new ZipProblem('corrupt', '工作表内容无法解析') : undefined);
  if (problem) return { format: 'xlsx', fileName, sheets: [], issues: [zipIssue(fileName, problem)] };
  if (upload.ignoredSheets) upload.ignoredSheets = inWorkbookOrder(upload.ignoredSheets, parts.sheets);
  // Nothing to store and nothing said why: no data sheet was recognised, or none had data rows.
  if (upload.sheets.length === 0 && !upload.issues.some((issue) => issue.severity === 'error')) {
    const names = parts.sheets.map((sheet) => sheet.name);
    upload.issues.push(
      emptyDataSheets > 0
        ? parsingIssue('NO_DATA', { sheet: fileName }, messages.noData())
        : parsingIssue('NO_KNOWN_SHEET', { sheet: fileName }, messages.noKnownSheet(names)),
    );
  }
  return upload;
}

const STOPPED_SHORT = Symbol('stopped short');

/** Streams the planned sheets into `upload`; returns how many data sheets were recognised but had no data rows. */
async function streamSheets(
  stream: NodeJS.ReadableStream,
  planned: readonly PlannedSheet[],
  options: { date1904: boolean; sinks: RowSinks },
  upload: ParsedUpload,
): Promise<number> {
  const { date1904, sinks } = options;
  let emptyDataSheets = 0;
  const reader = new WorkbookReader(stream as unknown as Stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const cells: RawCell[] = [];
  const firstOfKind = new Map<DataSheetKind, string>();
  for await (const worksheet of reader as unknown as AsyncIterable<WorksheetStream>) {
    const sheet = planned[Number(worksheet.id) - 1];
    if (!sheet) continue;
    if (sheet.explanations) {
      await readExplanations(sheet.name, worksheet, cells, upload);
      continue;
    }
    if (sheet.kind === 'info') {
      const rows: Array<{ row: number; cells: RawCell[] }> = [];
      for await (const row of worksheet) {
        if (row.number > INFO_ROWS) break;
        rows.push({ row: row.number, cells: [...rowCells(row, cells)] });
      }
      upload.info ??= readBasicInfo(sheet.name, rows, date1904);
      continue;
    }
    const sheetReader = new SheetReader({
      ...(sheet.kind ? { kind: sheet.kind } : {}),
      name: sheet.name,
      date1904,
      ...sinks,
    });
    for await (const row of worksheet) {
      sheetReader.accept(row.number, rowCells(row, cells, sheetReader.width));
      if (sheetReader.done) break;
    }
    const outcome = sheetReader.finish();
    if (outcome.status === 'empty') {
      // A sheet left as the template gave it (or Excel's blank Sheet2) is simply not submitted.
      if (outcome.kind) emptyDataSheets++;
      addIgnoredSheet(upload, sheet.name, outcome.kind ? '未填写（视为未报送该表）' : '空白工作表');
      continue;
    }
    if (outcome.status === 'noHeader' && !outcome.kind) {
      upload.issues.push(
        parsingIssue('SHEET_UNKNOWN', { sheet: sheet.name }, messages.sheetUnknown(sheet.name)),
      );
      addIgnoredSheet(upload, sheet.name, '名称和表头都不是模板中的数据表');
      continue;
    }
    const kind = outcome.status === 'parsed' ? outcome.sheet.kind : outcome.kind;
    const first = kind ? firstOfKind.get(kind) : undefined;
    if (kind && first !== undefined) {
      upload.issues.push(
        parsingIssue('SHEET_DUPLICATE', { sheet: sheet.name }, messages.sheetDuplicate(sheet.name, first)),
      );
      continue;
    }
    if (kind) firstOfKind.set(kind, sheet.name);
    for (const issue of outcome.issues) upload.issues.push(issue);
    if (outcome.status === 'parsed') {
      upload.sheets.push(outcome.sheet as ParsedSheet);
      addOmittedIssues(upload, outcome.omitted);
    }
  }
  return emptyDataSheets;
}

/** Longest 填报说明 sheet read for explanations (the template's own has about 150 rows). */
const EXPLANATION_ROWS = 2000;

async function readExplanations(
  name: string,
  worksheet: WorksheetStream,
  cells: RawCell[],
  upload: ParsedUpload,
): Promise<void> {
  const reader = new ExplanationSheetReader(name);
  for await (const row of worksheet) {
    if (row.number > EXPLANATION_ROWS) break;
    reader.accept(row.number, rowCells(row, cells, 50));
  }
  if (reader.entries.length > 0) upload.explanations = [...(upload.explanations ?? []), ...reader.entries];
  addIgnoredSheet(
    upload,
    name,
    reader.entries.length > 0
      ? `填报说明（读取核实性审核说明 ${reader.entries.length} 条，不作为数据入库）`
      : '说明或下拉列表等辅助工作表',
  );
}

function inWorkbookOrder<T extends { name: string }>(
  items: readonly T[],
  sheets: readonly WorkbookSheet[],
): T[] {
  const position = (name: string) => sheets.findIndex((sheet) => sheet.name === name);
  return [...items].sort((a, b) => position(a.name) - position(b.name));
}
