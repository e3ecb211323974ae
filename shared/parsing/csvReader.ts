/**
 * CSV: decoded as it streams in (BOM, else UTF-8 if the first 64 KB are valid UTF-8, else
 * GB18030, which covers GBK), separator chosen by which of `,` `;` tab makes a header row out of
 * the first lines, records parsed by papaparse in streaming mode. Each record is one Excel row.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { DATA_SHEET_KINDS, type DataSheetKind, sheetDefinition } from '../catalogue/sheets.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { BodyReader } from './body.ts';
import { isExplanationSheetName } from './explanationSheet.ts';
import { messages, parsingIssue } from './issues.ts';
import { headerScore } from './layout.ts';
import { kindFromEnglishName, kindFromName, sheetSchema } from './schema.ts';
import { HEADER_SEARCH_ROWS, SheetReader } from './sheetReader.ts';
import { addOmittedIssues, type ParsedUpload, type RowSinks } from './types.ts';

/** Bytes looked at to choose the encoding and the separator. */
const CSV_SNIFF_BYTES = 64 * 1024;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** The text could not be decoded in the encoding chosen from its beginning. */
class CsvEncodingError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('CSV text is not valid in its detected encoding', options);
    this.name = 'CsvEncodingError';
  }
}

function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // `stream: true` leaves a character cut at the end of the sample to the next call.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

interface TextDecoding {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * Node's own decoders (full ICU, also in Lambda): for UTF-8 faster than Buffer#toString, for
 * GB18030 four times faster than iconv-lite and without its 270 KB of tables in the bundle.
 * `fatal` turns bytes the encoding cannot have into a CsvEncodingError; a character cut at a
 * chunk boundary waits for the next chunk; a byte-order mark is dropped.
 */
function decoderFor(encoding: Encoding): TextDecoding {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (chunk: Buffer | undefined, stream: boolean): string => {
    try {
      return decoder.decode(chunk, { stream });
    } catch (error) {
      throw new CsvEncodingError({ cause: error });
    }
  };
  return { write: (chunk) => decode(chunk, true), end: () => decode(undefined, false) };
}

/** The separator whose split of the first lines gives the best header row (ties: `,` before `;` before tab). */
function detectDelimiter(headText: string, kind: DataSheetKind | undefined): Delimiter {
  const kinds = kind ? [kind] : DATA_SHEET_KINDS;
  // No separator can make a header name more fields than its sheet has: once one does, it is chosen.
  const most = Math.max(
    ...kinds.map(
      (candidate) => new Set(sheetDefinition(candidate).columns.map((column) => column.field)).size,
    ),
  );
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(headText, { delimiter, preview: HEADER_SEARCH_ROWS * 2 }).data;
    let score = 0;
    for (let i = 0; i < rows.length && score < most; i++)
      for (const candidate of kinds)
        score = Math.max(score, headerScore(sheetSchema(candidate), rows[i] as string[]));
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
    if (bestScore >= most) break;
  }
  if (bestScore > 0) return best;
  // No header in sight: the separator that occurs most in the first line.
  const firstLine = headText.split(/\r\n|\r|\n/, 1)[0] ?? '';
  return DELIMITERS.reduce(
    (most, delimiter) =>
      firstLine.split(delimiter).length > firstLine.split(most).length ? delimiter : most,
    best,
  );
}

/**
 * Where to cut text so that the piece ends with a whole line break: papaparse misreads a closing
 * quote at the end of a piece whose `\r\n` continues in the next one (InvalidQuotes).
 */
function lineCut(text: string): number {
  const lineFeed = text.lastIndexOf('\n');
  if (lineFeed >= 0) return lineFeed + 1;
  const carriageReturn = text.lastIndexOf('\r', text.length - 2);
  return carriageReturn >= 0 ? carriageReturn + 1 : 0;
}

/** Decoded text in pieces that end on line breaks (a piece without any grows until one comes). */
async function* decodedText(chunks: AsyncIterable<Buffer>, decoder: TextDecoding): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    const cut = lineCut(text);
    if (cut === 0) {
      carry += text;
      continue;
    }
    yield carry + text.slice(0, cut);
    carry = text.slice(cut);
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) yield rest;
}

/** A file's name without its extension: `运营机构` of `运营机构.csv`. */
function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '');
}

/** The sheet kind of a CSV file from its name (Chinese sheet name or English alias). */
function kindFromFileName(fileName: string): ReturnType<typeof kindFromName> {
  return kindFromName(baseName(fileName)) ?? kindFromEnglishName(fileName);
}

export async function readCsv(
  body: BodyReader,
  fileName: string,
  sinks: RowSinks = {},
): Promise<ParsedUpload> {
  const upload: ParsedUpload = { format: 'csv', fileName, sheets: [], issues: [] };
  const fileIssue = (issue: ValidationIssue): ParsedUpload => ({ ...upload, issues: [issue] });
  const named = kindFromFileName(fileName);
  if (named === 'info')
    return fileIssue(parsingIssue('CSV_SHEET_UNKNOWN', { sheet: fileName }, messages.csvInfoUnsupported()));

  const head = (await body.head(CSV_SNIFF_BYTES)).subarray(0, CSV_SNIFF_BYTES);
  const encoding = detectEncoding(head);
  const encodingInvalid = () =>
    fileIssue(parsingIssue('ENCODING_INVALID', { sheet: fileName }, messages.encodingInvalid()));
  let headText: string;
  try {
    headText = decoderFor(encoding).write(head);
  } catch (error) {
    if (!(error instanceof CsvEncodingError)) throw error;
    body.close();
    return encodingInvalid();
  }
  const delimiter = detectDelimiter(headText, named);
  const reader = new SheetReader({ ...(named ? { kind: named } : {}), name: fileName, ...sinks });
  const quoteIssues: ValidationIssue[] = [];
  const source = Readable.from(decodedText(body.chunks(), decoderFor(encoding)), { objectMode: true });

  let record = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    Papa.parse<string[]>(source as unknown as File, {
      delimiter,
      chunk(results, parser) {
        try {
          const rows = results.data;
          for (const error of results.errors) {
            if (error.type === 'Quotes')
              quoteIssues.push(
                parsingIssue(
                  'CSV_QUOTE_INVALID',
                  { sheet: fileName, row: record + (error.row ?? 0) + 1 },
                  messages.csvQuoteInvalid(),
                ),
              );
          }
          for (let i = 0; i < rows.length; i++) reader.accept(++record, rows[i] as string[]);
          if (reader.done) {
            parser.abort();
            source.destroy();
          }
        } catch (error) {
          failure = error;
          parser.abort();
          source.destroy();
        }
      },
      complete: () => resolve(),
      error(error: unknown) {
        failure = error;
        resolve();
      },
    });
  });
  body.close();
  if (body.tooLarge) return upload;
  if (failure instanceof CsvEncodingError) return encodingInvalid();
  if (failure) throw failure;

  const outcome = reader.finish();
  if (outcome.status === 'empty') {
    if (outcome.headerRow === undefined)
      return fileIssue(parsingIssue('FILE_EMPTY', { sheet: fileName }, messages.fileEmpty()));
    return {
      ...upload,
      issues: [
        ...outcome.issues,
        parsingIssue('SHEET_EMPTY', { sheet: fileName }, messages.sheetEmpty(fileName)),
        parsingIssue('NO_DATA', { sheet: fileName }, messages.noData()),
      ],
    };
  }
  if (outcome.status === 'noHeader' && !outcome.kind) {
    // A 填报说明 exists only inside a workbook: a CSV is one sheet, explained in its rows' 备注.
    const message = isExplanationSheetName(baseName(fileName))
      ? messages.csvExplanationsUnsupported()
      : messages.csvSheetUnknown();
    return fileIssue(parsingIssue('CSV_SHEET_UNKNOWN', { sheet: fileName }, message));
  }
  for (const issue of quoteIssues) upload.issues.push(issue);
  for (const issue of outcome.issues) upload.issues.push(issue);
  if (outcome.status === 'parsed') {
    upload.sheets.push(outcome.sheet);
    addOmittedIssues(upload, outcome.omitted);
  }
  return upload;
}
