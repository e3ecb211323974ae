/**
 * xlsx: the zip is checked from its central directory (bomb guard, integrity), the parts are
 * located like Excel does, and each worksheet's XML is read row by row as it is inflated into
 * one SheetReader per sheet (worksheetXml.ts). No spreadsheet library: the reader needs cell
 * values only, and reading them straight from the XML is faster and keeps the ingest bundle small.
 */
import type { DataSheetKind, SheetKind } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import { readBasicInfo } from './basicInfo.ts';
import { messages, parsingIssue } from './issues.ts';
import { isAuxiliarySheetName, kindFromName } from './schema.ts';
import { SheetReader } from './sheetReader.ts';
import type { ParsedUpload, RowSink, UploadLimits } from './types.ts';
import type { RawCell } from './values.ts';
import { cellNumberFormats, readWorkbookParts, type WorkbookSheet } from './workbookParts.ts';
import { SharedStringsReader, type StyleReading, styleReadings, WorksheetReader } from './worksheetXml.ts';
import { XmlError, type XmlHandler, XmlScanner } from './xml.ts';
import {
  checkedEntry,
  entryText,
  readZipDirectory,
  ZipCheckError,
  type ZipEntry,
  ZipProblem,
} from './zip.ts';

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
  }
}

interface PlannedSheet {
  name: string;
  /** Kind named by the sheet name, if any. */
  kind?: SheetKind;
  entry: ZipEntry;
}

/** Which sheets to read: skips chart sheets, the template's own help sheets and hidden helper sheets. */
function planSheets(sheets: readonly WorkbookSheet[]): PlannedSheet[] {
  const planned: PlannedSheet[] = [];
  for (const sheet of sheets) {
    if (!sheet.entry) continue;
    const kind = kindFromName(sheet.name);
    if (!kind && (sheet.hidden || isAuxiliarySheetName(sheet.name))) continue;
    planned.push(
      kind ? { name: sheet.name, kind, entry: sheet.entry } : { name: sheet.name, entry: sheet.entry },
    );
  }
  return planned;
}

/**
 * Feeds an entry's XML to `handler` as it is inflated. Once the handler is `done` the rest is
 * still inflated and checked (a damaged part voids the file) but no longer parsed.
 */
async function scanEntry(buffer: Buffer, entry: ZipEntry, handler: XmlHandler & { done?: boolean }) {
  const scanner = new XmlScanner(handler);
  const decoder = new TextDecoder();
  for await (const piece of checkedEntry(buffer, entry))
    if (!handler.done) scanner.write(decoder.decode(piece, { stream: true }));
  if (handler.done) return;
  scanner.write(decoder.decode());
  scanner.end();
}

interface WorkbookReading {
  sharedStrings: readonly string[];
  styles: readonly StyleReading[];
  date1904: boolean;
  onRow: RowSink | undefined;
}

export async function readXlsx(
  buffer: Buffer,
  fileName: string,
  limits: UploadLimits,
  onRow?: RowSink,
): Promise<ParsedUpload> {
  const upload: ParsedUpload = { format: 'xlsx', fileName, sheets: [], issues: [] };
  const entries = readZipDirectory(buffer, limits);
  if (entries instanceof ZipProblem) return { ...upload, issues: [zipIssue(fileName, entries)] };
  let parts: ReturnType<typeof readWorkbookParts>;
  let styles: StyleReading[] = [];
  try {
    parts = readWorkbookParts(buffer, entries);
    if (!(parts instanceof ZipProblem) && parts.styles)
      styles = styleReadings(cellNumberFormats(entryText(buffer, parts.styles)));
  } catch (error) {
    parts = error instanceof ZipCheckError ? error.problem : new ZipProblem('corrupt', '工作簿结构无法读取');
  }
  if (parts instanceof ZipProblem) return { ...upload, issues: [zipIssue(fileName, parts)] };

  let emptyDataSheets = 0;
  let problem: ZipProblem | undefined;
  try {
    const strings = new SharedStringsReader();
    if (parts.sharedStrings) await scanEntry(buffer, parts.sharedStrings, strings);
    const reading = { sharedStrings: strings.strings, styles, date1904: parts.date1904, onRow };
    emptyDataSheets = await readSheets(buffer, planSheets(parts.sheets), reading, upload);
  } catch (error) {
    if (error instanceof ZipCheckError) problem = error.problem;
    else if (error instanceof XmlError) problem = new ZipProblem('corrupt', '工作表内容无法解析');
    else throw error;
  }
  // A failed check voids whatever was read; the check is what the city must hear about.
  if (problem) return { format: 'xlsx', fileName, sheets: [], issues: [zipIssue(fileName, problem)] };
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

/** Reads the planned sheets into `upload`; returns how many data sheets were recognised but had no data rows. */
async function readSheets(
  buffer: Buffer,
  planned: readonly PlannedSheet[],
  reading: WorkbookReading,
  upload: ParsedUpload,
): Promise<number> {
  const { date1904, onRow } = reading;
  let emptyDataSheets = 0;
  const firstOfKind = new Map<DataSheetKind, string>();
  for (const sheet of planned) {
    if (sheet.kind === 'info') {
      const rows: Array<{ row: number; cells: RawCell[] }> = [];
      const worksheet = new WorksheetReader({
        ...reading,
        width: () => Number.POSITIVE_INFINITY,
        row(row, cells) {
          if (row > INFO_ROWS) return true;
          rows.push({ row, cells: [...cells] });
          return false;
        },
      });
      await scanEntry(buffer, sheet.entry, worksheet);
      upload.info ??= readBasicInfo(sheet.name, rows, date1904);
      continue;
    }
    const sheetReader = new SheetReader({
      ...(sheet.kind ? { kind: sheet.kind } : {}),
      name: sheet.name,
      date1904,
      onRow,
    });
    const worksheet = new WorksheetReader({
      ...reading,
      width: () => sheetReader.width,
      row(row, cells) {
        sheetReader.accept(row, cells);
        return sheetReader.done;
      },
    });
    await scanEntry(buffer, sheet.entry, worksheet);
    const outcome = sheetReader.finish();
    if (outcome.status === 'empty') {
      // A sheet left as the template gave it (or Excel's blank Sheet2) is simply not submitted.
      if (outcome.kind) emptyDataSheets++;
      continue;
    }
    if (outcome.status === 'noHeader' && !outcome.kind) {
      upload.issues.push(
        parsingIssue('SHEET_UNKNOWN', { sheet: sheet.name }, messages.sheetUnknown(sheet.name)),
      );
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
    if (outcome.status === 'parsed') upload.sheets.push(outcome.sheet);
  }
  return emptyDataSheets;
}
