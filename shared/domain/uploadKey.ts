/** S3 keys of uploads: `uploads/{cityCode}/{period}/{fileName}`. */
import { createHash } from 'node:crypto';
import { UploadKeyError } from './errors.ts';
import { tryParsePeriod } from './period.ts';

export interface UploadKey {
  city: string;
  period: string;
  fileName: string;
}

/** Splits an already URL-decoded key; throws UploadKeyError with a Chinese message otherwise. */
export function parseUploadKey(key: string): UploadKey {
  const parts = key.split('/');
  if (parts.length !== 4 || parts[0] !== 'uploads' || !parts[3]) {
    throw new UploadKeyError(key, `上传路径应为 uploads/{城市代码}/{报告期}/{文件名}，实际为 ${key}`);
  }
  const [, city = '', periodText = '', fileName = ''] = parts;
  if (!/^\d{6}$/.test(city))
    throw new UploadKeyError(key, `上传路径中的城市代码应为 6 位数字，实际为 ${city}`);
  const period = tryParsePeriod(periodText);
  if (period?.kind !== 'quarter') {
    throw new UploadKeyError(key, `上传路径中的报告期应为季度（如 2024Q3），实际为 ${periodText}`);
  }
  return { city, period: period.code, fileName };
}

/** Decodes an S3 event key (URL-encoded, `+` for spaces). */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * A stable id per stored object version: the same event delivered twice yields the same id;
 * ids sort by arrival time.
 */
export function deriveUploadId(input: {
  key: string;
  eventTime: string;
  versionId?: string;
  sequencer?: string;
  etag?: string;
}): string {
  const stamp = new Date(input.eventTime)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const identity = [
    input.key,
    input.versionId ?? '',
    input.sequencer ?? '',
    input.versionId || input.sequencer ? '' : (input.etag ?? ''),
  ].join('\n');
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return `${stamp}-${hash}`;
}

export const resultKeys = {
  report: (city: string, period: string, uploadId: string) => `results/${city}/${period}/${uploadId}.json`,
  annotated: (city: string, period: string, uploadId: string) => `results/${city}/${period}/${uploadId}.xlsx`,
};

export const reportKeys = {
  nationalPrefix: (period: string) => `reports/national/${period}/`,
  national: (period: string, ext: 'xlsx' | 'json') =>
    `reports/national/${period}/national-summary-${period}.${ext}`,
  city: (city: string, period: string, ext: 'xlsx' | 'json') =>
    `reports/cities/${city}/${period}/city-summary-${city}-${period}.${ext}`,
  province: (province: string, period: string, ext: 'xlsx' | 'json') =>
    `reports/provinces/${province}/${period}/province-summary-${province}-${period}.${ext}`,
  assessment: (batch: number, year: number, ext: 'xlsx' | 'json') =>
    `reports/assessments/${batch}/${year}/assessment-${batch}-${year}.${ext}`,
  index: 'reports/index.json',
};
