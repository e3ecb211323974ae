/**
 * The one entry point for reading an upload (ingest Lambda, offline validator, tests): sniffs the
 * content, applies the size limit, and hands the body to the xlsx or CSV reader. Bad input never
 * throws; it comes back as issues. Only a failing body stream (UploadReadError) or a programming
 * error is thrown.
 */
import { BodyReader, UploadReadError } from './body.ts';
import { type CompoundFileKind, compoundFileKind } from './compoundFile.ts';
import { readCsv } from './csvReader.ts';
import { messages, parsingIssue } from './issues.ts';
import { sniffFile } from './sniff.ts';
import {
  DEFAULT_LIMITS,
  type ParsedUpload,
  type ParseInput,
  type RowSinks,
  type UploadLimits,
} from './types.ts';

export { UploadReadError };

/** Bytes needed to tell the formats apart. */
const SIGNATURE_BYTES = 8192;

function fileLevel(
  input: ParseInput,
  format: ParsedUpload['format'],
  issue: ParsedUpload['issues'][number],
): ParsedUpload {
  return { format, fileName: input.fileName, sheets: [], issues: [issue] };
}

function sinksOf(input: ParseInput): RowSinks {
  return { onRow: input.onRow, onRejectedRow: input.onRejectedRow };
}

/** An OLE compound file: an encrypted workbook, a legacy .xls, or another Office 97-2003 document. */
function compoundFileIssue(found: CompoundFileKind, sheet: string): ParsedUpload['issues'][number] {
  switch (found.kind) {
    case 'encrypted':
      return parsingIssue('FILE_ENCRYPTED', { sheet }, messages.fileEncrypted());
    case 'legacyWorkbook':
      return found.encrypted
        ? parsingIssue('FILE_ENCRYPTED', { sheet }, messages.fileEncryptedLegacy())
        : parsingIssue('FILE_LEGACY_XLS', { sheet }, messages.fileLegacyXls());
    case 'other':
      return parsingIssue('FILE_UNREADABLE', { sheet }, messages.fileNotWorkbook(found.name));
    case 'unknown':
      return parsingIssue('FILE_ENCRYPTED', { sheet }, messages.fileOleUnknown());
  }
}

export async function parseUpload(input: ParseInput): Promise<ParsedUpload> {
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const sheet = input.fileName;
  const guessedFormat = /\.csv$/i.test(input.fileName) ? 'csv' : 'xlsx';
  const tooLarge = (size?: number) =>
    fileLevel(
      input,
      guessedFormat,
      parsingIssue('FILE_TOO_LARGE', { sheet }, messages.fileTooLarge(size, limits.maxBytes)),
    );
  if (input.size !== undefined && input.size > limits.maxBytes) {
    input.body.destroy();
    return tooLarge(input.size);
  }

  const body = new BodyReader(input.body, limits.maxBytes);
  const head = await body.head(SIGNATURE_BYTES);
  if (body.tooLarge) return tooLarge();
  if (head.length === 0)
    return fileLevel(input, guessedFormat, parsingIssue('FILE_EMPTY', { sheet }, messages.fileEmpty()));

  switch (sniffFile(head)) {
    case 'ole': {
      const buffer = await body.all();
      if (body.tooLarge) return tooLarge();
      return fileLevel(input, 'xlsx', compoundFileIssue(compoundFileKind(buffer), sheet));
    }
    case 'binary':
      body.close();
      return fileLevel(
        input,
        guessedFormat,
        parsingIssue('FILE_UNREADABLE', { sheet }, messages.fileUnreadable()),
      );
    case 'xlsx': {
      const buffer = await body.all();
      if (body.tooLarge) return tooLarge();
      input.onWholeBody?.(buffer);
      // exceljs loads with the first workbook: reading a CSV does not pay for it.
      const { readXlsx } = await import('./xlsxReader.ts');
      return readXlsx(buffer, input.fileName, limits, sinksOf(input));
    }
    case 'text': {
      const upload = await readCsv(body, input.fileName, sinksOf(input));
      return body.tooLarge ? tooLarge() : upload;
    }
  }
}
