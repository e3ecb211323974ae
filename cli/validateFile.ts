/**
 * The offline validator behind `ipstats validate`: a city checks a file before uploading it, with
 * the same check pipeline as the ingest function (`checkUpload`), reading the file once and
 * streaming its rows. Like ingest, it reads the file even for an unknown city or a locked or
 * future period, so that every problem shows at once and both give the same report
 * (test/e2e/validateAgreesWithIngest.test.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { City } from '#shared/domain/registry.ts';
import type { PeriodLock } from '#shared/domain/submission.ts';
import { STATUS_TEXT, type ValidationReport } from '#shared/domain/validation.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import type { UploadLimits } from '#shared/parsing/types.ts';
import { checkUpload } from '#shared/validation/checkUpload.ts';
import type { ValidationContext } from '#shared/validation/contract.ts';
import {
  type TargetSource,
  UploadTargetUnknownError,
  uploadTargetOf,
} from '#shared/validation/uploadTarget.ts';

export interface ValidateFileOptions {
  /**
   * The city and quarter the file is for. Either left out is taken from the path
   * (`…/{city}/{period}/{file}`, as uploads are laid out) or else from the workbook's 基本信息.
   */
  city?: string;
  period?: string;
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
  /** Where the city and the period not given came from. */
  targetFrom?: TargetSource;
  /** The annotated copy (xlsx: the original with marks; CSV: the list of issues). */
  annotated?: Buffer;
}

export async function validateFile(path: string, options: ValidateFileOptions): Promise<ValidateFileResult> {
  const fileName = basename(path);
  const { size } = await stat(path);
  let targetFrom: TargetSource | undefined;
  const { report, annotated } = await checkUpload({
    body: createReadStream(path),
    fileName,
    size,
    ...(options.limits ? { limits: options.limits } : {}),
    annotate: options.annotate === false ? 'never' : 'always',
    settle: ({ parsed, digest }) => {
      const target = uploadTargetOf(options, path, parsed.info?.values, options.registry);
      targetFrom = target.from;
      return {
        context: {
          city: target.city,
          period: target.period,
          fileName,
          registry: options.registry,
          receivedAt: options.receivedAt,
          deadlineDays: options.deadlineDays,
          locks: options.locks ?? [],
          ...(options.previous ? { previous: options.previous } : {}),
        },
        report: () => ({
          uploadId: `local-${(digest?.sha256 ?? '').slice(0, 12)}`,
          city: target.city,
          period: target.period,
          file: fileName,
          receivedAt: options.receivedAt,
        }),
      };
    },
  });
  return { report, ...(targetFrom ? { targetFrom } : {}), ...(annotated ? { annotated } : {}) };
}

/**
 * `uploadTargetOf` for a file about to be uploaded: the file is read for its 基本信息 only when
 * the options and the path do not tell.
 */
export async function resolveUploadTarget(
  path: string,
  given: { city?: string | undefined; period?: string | undefined },
  registry: readonly City[],
): Promise<{ city: string; period: string; from?: TargetSource }> {
  try {
    return uploadTargetOf(given, path, undefined, registry);
  } catch (error) {
    if (!(error instanceof UploadTargetUnknownError)) throw error;
    const { size } = await stat(path);
    // Only 基本信息 is wanted: the rows go by without being kept.
    const parsed = await parseUpload({
      body: createReadStream(path),
      fileName: basename(path),
      size,
      onRow: () => {},
    });
    return uploadTargetOf(given, path, parsed.info?.values, registry);
  }
}

/** The file given as the previous quarter cannot serve as it (another city or quarter, or rejected). */
export class PreviousQuarterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreviousQuarterError';
  }
}

/**
 * The previous quarter's data for the checks against it (a stock that fell, an outlier), read from
 * the city's file of that quarter (`ipstats validate --previous`): the aggregates of the sheets
 * that file gets accepted, as ingest takes them from the quarter's current data.
 */
export async function previousQuarterOf(
  path: string,
  expected: { city: string; period: string },
  options: Pick<ValidateFileOptions, 'registry' | 'receivedAt' | 'deadlineDays' | 'limits'>,
): Promise<NonNullable<ValidationContext['previous']>> {
  const fileName = basename(path);
  const { size } = await stat(path);
  let declared: { city: string; period: string } | undefined;
  const { outcome } = await checkUpload({
    body: createReadStream(path),
    fileName,
    size,
    ...(options.limits ? { limits: options.limits } : {}),
    annotate: 'never',
    settle: ({ parsed }) => {
      try {
        declared = uploadTargetOf({}, path, parsed.info?.values, options.registry);
      } catch (error) {
        // A file that names neither is taken as the quarter it was given for.
        if (!(error instanceof UploadTargetUnknownError)) throw error;
      }
      return {
        context: {
          ...expected,
          fileName,
          registry: options.registry,
          receivedAt: options.receivedAt,
          deadlineDays: options.deadlineDays,
          locks: [],
        },
        report: () => ({ uploadId: 'previous', ...expected, file: fileName, receivedAt: options.receivedAt }),
      };
    },
  });
  if (declared && (declared.city !== expected.city || declared.period !== expected.period))
    throw new PreviousQuarterError(
      `--previous 的文件 ${fileName} 是 ${declared.city} ${declared.period} 的数据，应为 ${expected.city} 的上一季度 ${expected.period}`,
    );
  const sheets: NonNullable<ValidationContext['previous']>['sheets'] = {};
  for (const sheet of outcome.accepted) sheets[sheet.kind] = sheet.aggregates;
  if (!sheets.core)
    throw new PreviousQuarterError(
      `--previous 的文件 ${fileName} 校验结果为“${STATUS_TEXT[outcome.status]}”，其核心指标未通过校验，不能作为上一季度（${expected.period}）的数据；请先用 ipstats validate 检查该文件`,
    );
  return { period: expected.period, sheets };
}
