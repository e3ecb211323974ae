/**
 * The offline validator behind `ipstats validate`: a city checks a file before uploading it, with
 * the same reading and rules as the ingest function. Unlike ingest, which stops at an unknown
 * city or a locked period, it also reads the file, so that every problem shows at once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UploadKeyError } from '../domain/errors.ts';
import type { BasicInfo } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import type { PeriodLock } from '../domain/submission.ts';
import { parseUploadKey, type UploadKey } from '../domain/uploadKey.ts';
import type { ValidationReport } from '../domain/validation.ts';
import { parseUpload } from '../parsing/parseUpload.ts';
import { DEFAULT_LIMITS, type UploadLimits } from '../parsing/types.ts';
import { writeAnnotatedWorkbook } from './annotate.ts';
import type { ValidationContext } from './contract.ts';
import { readInfoPeriod, sameCityName } from './infoRules.ts';
import { buildValidationReport } from './report.ts';
import { validateUpload } from './validateUpload.ts';

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
  const limits: UploadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { size } = await stat(path);
  const sha256 = await fileSha256(path);
  const parsed = await parseUpload({ body: createReadStream(path), fileName, size, limits });
  const target = uploadTargetOf(options, path, parsed.info?.values, options.registry);
  const outcome = validateUpload(parsed, {
    city: target.city,
    period: target.period,
    fileName,
    registry: options.registry,
    receivedAt: options.receivedAt,
    deadlineDays: options.deadlineDays,
    locks: options.locks ?? [],
    ...(options.previous ? { previous: options.previous } : {}),
  });
  const report = buildValidationReport(outcome, {
    uploadId: `local-${sha256.slice(0, 12)}`,
    city: target.city,
    period: target.period,
    file: fileName,
    receivedAt: options.receivedAt,
  });
  const from = target.from ? { targetFrom: target.from } : {};
  if (options.annotate === false) return { report, ...from };
  // A file over the limit is not loaded again just to mark it.
  const original = parsed.format === 'xlsx' && size <= limits.maxBytes ? await readFile(path) : undefined;
  return { report, ...from, annotated: await writeAnnotatedWorkbook(report, original) };
}

export type TargetSource = 'path' | 'basicInfo';

/** Neither the options, the path nor the file say which city or quarter a file is for. */
export class UploadTargetUnknownError extends Error {
  constructor(readonly missing: ReadonlyArray<'city' | 'period'>) {
    const what = missing.map((field) => (field === 'city' ? '城市代码' : '报告期')).join('和');
    super(
      `无法确定${what}：请用 --city 与 --period 指定（或把文件放在 …/城市代码/报告期/ 目录下，或在基本信息表中填写城市代码与报告期）`,
    );
    this.name = 'UploadTargetUnknownError';
  }
}

/**
 * The city and quarter of an offline validation: as given, else from the path's last two folders
 * (`440300/2024Q3/…`, the layout of uploads), else from 基本信息 (城市代码, or a 城市名称 the
 * registry knows, and 报告期).
 */
export function uploadTargetOf(
  given: { city?: string | undefined; period?: string | undefined },
  path: string,
  info: BasicInfo | undefined,
  registry: readonly City[],
): { city: string; period: string; from?: TargetSource } {
  if (given.city && given.period) return { city: given.city, period: given.period };
  const fromPath = uploadKeyOfPath(path);
  if (fromPath)
    return { city: given.city ?? fromPath.city, period: given.period ?? fromPath.period, from: 'path' };
  const infoCity = cityOfInfo(info, registry);
  const infoPeriod = info?.period ? readInfoPeriod(info.period) : undefined;
  const city = given.city ?? infoCity;
  const period = given.period ?? infoPeriod;
  if (!city || !period) {
    const missing = [...(city ? [] : ['city' as const]), ...(period ? [] : ['period' as const])];
    throw new UploadTargetUnknownError(missing);
  }
  return { city, period, from: 'basicInfo' };
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
    const parsed = await parseUpload({ body: createReadStream(path), fileName: basename(path), size });
    return uploadTargetOf(given, path, parsed.info?.values, registry);
  }
}

/** The path's last three parts read as an upload key (`…/440300/2024Q3/file`), by the key's own rules. */
function uploadKeyOfPath(path: string): UploadKey | undefined {
  try {
    return parseUploadKey(['uploads', ...path.split(/[\\/]/).slice(-3)].join('/'));
  } catch (error) {
    if (error instanceof UploadKeyError) return undefined;
    throw error;
  }
}

function cityOfInfo(info: BasicInfo | undefined, registry: readonly City[]): string | undefined {
  const code = info?.cityCode?.normalize('NFKC').replace(/\s+/g, '');
  if (code && /^\d{6}$/.test(code)) return code;
  const name = info?.cityName;
  const named = name ? registry.filter((city) => sameCityName(name, city.name)) : [];
  return named.length === 1 ? named[0]?.code : undefined;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
