/**
 * The one check pipeline for an upload file: parse → validate → report → annotate, from bytes
 * read once. The ingest use case runs it on the S3 object, `ipstats validate` on a local file;
 * both get the same report for the same bytes. Rows stream through the validation (and, for
 * ingest, into the store) as they are read: nothing keeps every row, and an xlsx body is held
 * once (the copy the reader needs, kept for the annotated workbook).
 */
import type { Readable } from 'node:stream';
import type { AnyRecord } from '../domain/records.ts';
import type { ValidationReport } from '../domain/validation.ts';
import { type ContentDigest, digestWhileReading } from '../parsing/contentDigest.ts';
import { parseUpload } from '../parsing/parseUpload.ts';
import { DEFAULT_LIMITS, type ParsedUpload, type SheetHead, type UploadLimits } from '../parsing/types.ts';
import type { SheetAcceptance, ValidationContext, ValidationOutcome } from './contract.ts';
import { buildValidationReport, type ReportMeta } from './report.ts';
import { UploadValidation } from './validateUpload.ts';

/** When to write the annotated copy: never, only when the report lists issues, or always. */
export type AnnotateWhen = 'never' | 'withIssues' | 'always';

/** What has been read of the file when the checks need their context. */
export interface ReadUpload {
  parsed: ParsedUpload;
  /** SHA-256 and size of the content, when it was read to the end. */
  digest?: ContentDigest;
}

/** What the checks need that may depend on what was read (a city from 基本信息, a note from the hash). */
export interface CheckSettings {
  context: ValidationContext;
  /** The report's identity and notes, given the outcome. */
  report(outcome: ValidationOutcome<SheetAcceptance>): ReportMeta;
}

export interface CheckUploadInput {
  body: Readable;
  fileName: string;
  /** The size when known up front: a larger one than the limit is rejected without reading. */
  size?: number;
  limits?: Partial<UploadLimits>;
  /** Each row's record as it is read, sheet by sheet (ingest stages them). */
  onRecord?: (sheet: SheetHead, record: AnyRecord) => void;
  settle(read: ReadUpload): CheckSettings | Promise<CheckSettings>;
  annotate: AnnotateWhen;
}

export interface CheckedUpload extends ReadUpload {
  outcome: ValidationOutcome<SheetAcceptance>;
  report: ValidationReport;
  /** The annotated copy (xlsx: the original with marks; CSV: the list of issues). */
  annotated?: Buffer;
}

export async function checkUpload(input: CheckUploadInput): Promise<CheckedUpload> {
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...input.limits };
  const validation = new UploadValidation();
  const onRecord = input.onRecord;
  let original: Buffer | undefined;
  const digesting = digestWhileReading(input.body);
  const parsed = await parseUpload({
    body: digesting.body,
    fileName: input.fileName,
    ...(input.size === undefined ? {} : { size: input.size }),
    limits,
    onRow: (sheet, row) => {
      validation.addRow(sheet, row);
      onRecord?.(sheet, row.record);
    },
    onRejectedRow: validation.addRejectedRow,
    onWholeBody: (bytes) => {
      original = bytes;
    },
  }).catch((error: unknown) => {
    input.body.destroy();
    throw error;
  });
  // A body over the limit is not read further just to hash it.
  const digest = await digesting.finish({ drain: (input.size ?? 0) <= limits.maxBytes });
  const read: ReadUpload = { parsed, ...(digest ? { digest } : {}) };
  const settings = await input.settle(read);
  const outcome = validation.finish(parsed, settings.context);
  const results = await reportOutcome(outcome, settings.report(outcome), {
    annotate: input.annotate,
    ...(parsed.format === 'xlsx' && original ? { original } : {}),
  });
  return { ...read, outcome, ...results };
}

/**
 * The report of an outcome and, as asked, its annotated copy: the end of `checkUpload`, and all
 * of it for an upload rejected before its file is read (a bad key, a locked period).
 */
export async function reportOutcome(
  outcome: ValidationOutcome<SheetAcceptance>,
  meta: ReportMeta,
  options: { annotate: AnnotateWhen; original?: Buffer },
): Promise<{ report: ValidationReport; annotated?: Buffer }> {
  const report = buildValidationReport(outcome, meta);
  const wanted =
    options.annotate === 'always' || (options.annotate === 'withIssues' && report.issues.length > 0);
  if (!wanted) return { report };
  // exceljs loads only when a copy is written: `ipstats validate` of a CSV does not pay for it.
  const { writeAnnotatedWorkbook } = await import('./annotate.ts');
  return { report, annotated: await writeAnnotatedWorkbook(report, options.original) };
}
