/** Upload fixtures: content builders and putting a file into the bucket as S3 would announce it. */

import type { UploadContent } from '#demo/uploadFiles/writeUpload.ts';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import type { AgencyRecord, BasicInfo, CoreIndicatorRecord } from '#shared/domain/records.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import type { UploadEvent } from '#shared/ingest/s3Event.ts';
import type { MemoryObjectStore } from '../../support/memoryObjectStore.ts';

export const SHENZHEN = { code: '440300', name: '深圳市' } as const;
export const BUCKET = 'ipstats-data-test';

/** Every non-derived indicator at `base`, with overrides; consistent with the cross-field rules. */
export function completeCore(overrides: Record<string, number> = {}, base = 100): CoreIndicatorRecord[] {
  return INDICATORS.filter((definition) => !definition.derivedFrom).map((definition) => ({
    code: definition.code,
    value: overrides[definition.code] ?? base,
  }));
}

export function basicInfo(overrides: Partial<BasicInfo> = {}): BasicInfo {
  return {
    cityCode: SHENZHEN.code,
    cityName: SHENZHEN.name,
    period: '2024Q3',
    reportingUnit: '深圳市市场监督管理局',
    ...overrides,
  };
}

export function anAgency(index: number, revenueYtd: number): AgencyRecord {
  return {
    name: `深圳知识产权运营机构${index}`,
    uscc: completeUscc(`91440300MA5F${String(index).padStart(5, '0')}`),
    type: '运营机构',
    revenueYtd,
    revenueSamePeriodLastYear: revenueYtd / 2,
  };
}

export function coreContent(
  overrides: Record<string, number> = {},
  info: Partial<BasicInfo> = {},
): UploadContent {
  return { info: basicInfo(info), core: completeCore(overrides) };
}

let sequencer = 0x1000;

/** Puts a file (a new object version) and returns the event S3 would send for it. */
export function putUpload(
  objects: MemoryObjectStore,
  options: { key?: string; body: Buffer; eventTime: string; sequencer?: string },
): UploadEvent {
  const key = options.key ?? `uploads/${SHENZHEN.code}/2024Q3/深圳市2024Q3.xlsx`;
  const version = objects.putVersion(key, options.body);
  sequencer += 1;
  return {
    bucket: BUCKET,
    key,
    size: version.size,
    etag: version.etag,
    versionId: version.versionId,
    sequencer: options.sequencer ?? sequencer.toString(16).toUpperCase().padStart(16, '0'),
    eventTime: options.eventTime,
    principalId: 'AWS:AIDACITYUPLOADER',
  };
}
