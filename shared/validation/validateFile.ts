/**
 * The offline validator behind `ipstats validate`: a city checks a file before uploading it, with
 * the same reading and rules as the ingest function. Unlike ingest, which stops at an unknown
 * city or a locked period, it also reads the file, so that every problem shows at once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { City } from '../domain/registry.ts';
import type { PeriodLock } from '../domain/submission.ts';
import type { ValidationReport } from '../domain/validation.ts';
import { parseUpload } from '../parsing/parseUpload.ts';
import { DEFAULT_LIMITS, type UploadLimits } from '../parsing/types.ts';
import { writeAnnotatedWorkbook } from './annotate.ts';
import type { ValidationContext } from './contract.ts';
import { buildValidationReport } from './report.ts';
import { validateUpload } from './validateUpload.ts';

export interface ValidateFileOptions {
  city: string;
  period: string;
  registry: readonly City[];
  /** When the file is (as if) uploaded: decides late and future periods. */
  receivedAt: Date;
  deadlineDays: number;
  locks?: readonly PeriodLock[];
  /** The city's previous quarter, for the cross-period warnings (none offline by default). */
  previous?: ValidationContext['previous'];
  limits?: Partial<UploadLimits>;
  /** Also write the annotated workbook (default true). */
  annotate?: boolean;
}

export interface ValidateFileResult {
  report: ValidationReport;
  /** The annotated copy (xlsx: the original with marks; CSV: the list of issues). */
  annotated?: Buffer;
}

export async function validateFile(path: string, options: ValidateFileOptions): Promise<ValidateFileResult> {
  const fileName = basename(path);
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { size } = await stat(path);
  const sha256 = await fileSha256(path);
  const parsed = await parseUpload({ body: createReadStream(path), fileName, size, limits });
  const outcome = validateUpload(parsed, {
    city: options.city,
    period: options.period,
    fileName,
    registry: options.registry,
    receivedAt: options.receivedAt,
    deadlineDays: options.deadlineDays,
    locks: options.locks ?? [],
    ...(options.previous ? { previous: options.previous } : {}),
  });
  const report = buildValidationReport(outcome, {
    uploadId: `local-${sha256.slice(0, 12)}`,
    city: options.city,
    period: options.period,
    file: fileName,
    receivedAt: options.receivedAt,
  });
  if (options.annotate === false) return { report };
  // A file over the limit is not loaded again just to mark it.
  const original = parsed.format === 'xlsx' && size <= limits.maxBytes ? await readFile(path) : undefined;
  return { report, annotated: await writeAnnotatedWorkbook(report, original) };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
