/** Upload files for CLI, embedded-stack and end-to-end tests, written in the template layout. */

import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import type { BasicInfo, CoreIndicatorRecord } from '#shared/domain/records.ts';
import { DEFAULT_REGISTRY, findCity } from '#shared/domain/registry.ts';

/** Every indicator that is not derived from a detail sheet, at `base` unless overridden. */
export function coreRecords(
  overrides: Readonly<Record<string, number>> = {},
  base = 100,
): CoreIndicatorRecord[] {
  return INDICATORS.filter((definition) => !definition.derivedFrom).map((definition) => ({
    code: definition.code,
    value: overrides[definition.code] ?? base,
  }));
}

export function infoFor(city: string, period: string): BasicInfo {
  return {
    cityCode: city,
    cityName: findCity(DEFAULT_REGISTRY, city)?.name ?? '',
    period,
    reportingUnit: '知识产权局',
    contactPerson: '张伟',
  };
}

/** A workbook with 基本信息 and 核心指标. */
export function coreWorkbook(
  city: string,
  period: string,
  overrides: Readonly<Record<string, number>> = {},
): Promise<Buffer> {
  return writeUploadWorkbook({ info: infoFor(city, period), core: coreRecords(overrides) });
}

/** A 核心指标 CSV (UTF-8). */
export function coreCsv(overrides: Readonly<Record<string, number>> = {}): Buffer {
  return writeUploadCsv('core', coreRecords(overrides));
}
