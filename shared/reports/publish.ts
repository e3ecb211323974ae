/**
 * Publishes a roll-up: the national workbook and JSON, one pair per registry city (those that did
 * not report included), and `reports/index.json` last — so the
 * index never lists a report that is not there yet. The index is merged with a conditional write,
 * so that concurrent roll-ups do not drop each other's entries (`updateIndex`).
 */
import { reportKeys } from '../domain/uploadKey.ts';
import type { ObjectStore } from '../ports.ts';
import { mapWithConcurrency } from '../rollup/concurrency.ts';
import type { NationalRollup } from '../rollup/types.ts';
import { writeCityWorkbook } from './cityWorkbook.ts';
import { writeNationalWorkbook, writeProvinceWorkbook } from './nationalWorkbook.ts';
import { provincesOf } from './province.ts';
import {
  type IndexRetryOptions,
  JSON_CONTENT_TYPE,
  type PublishedReport,
  ReportPublishError,
  updateIndex,
} from './reportIndex.ts';
import { cityReportJson, nationalReportJson, provinceReportJson, serialiseReportJson } from './reportJson.ts';

// The index's API, for the callers that imported it from here.
export {
  type IndexRetryOptions,
  JSON_CONTENT_TYPE,
  type PublishedReport,
  type ReportIndex,
  ReportIndexConflictError,
  ReportPublishError,
  readIndex,
  updateIndex,
} from './reportIndex.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** City reports rendered at the same time: rendering is CPU-bound, the puts overlap with it. */
const CITY_CONCURRENCY = 4;

export interface PublishDeps {
  objects: ObjectStore;
  /** Retries of the `reports/index.json` merge when a concurrent roll-up wins the race. */
  indexRetry?: IndexRetryOptions;
}

export async function publishRollup(rollup: NationalRollup, deps: PublishDeps): Promise<PublishedReport[]> {
  const publish = (report: Omit<PublishedReport, 'bytes' | 'generatedAt'>, render: Render) =>
    putReport(deps.objects, report, render, rollup.generatedAt);
  const { period } = rollup;
  const nationalJson = nationalReportJson(rollup);
  const national = [
    await publish(
      { key: reportKeys.national(period, 'xlsx'), period, scope: 'national', city: null, format: 'xlsx' },
      () => writeNationalWorkbook(rollup),
    ),
    await publish(
      { key: reportKeys.national(period, 'json'), period, scope: 'national', city: null, format: 'json' },
      () => serialiseReportJson(nationalJson),
    ),
  ];
  const cities = await mapWithConcurrency(rollup.cities, CITY_CONCURRENCY, async (city) => [
    await publish(
      {
        key: reportKeys.city(city.code, period, 'xlsx'),
        period,
        scope: 'city',
        city: city.code,
        format: 'xlsx',
      },
      () => writeCityWorkbook(rollup, city.code),
    ),
    await publish(
      {
        key: reportKeys.city(city.code, period, 'json'),
        period,
        scope: 'city',
        city: city.code,
        format: 'json',
      },
      () => serialiseReportJson(cityReportJson(rollup, city.code)),
    ),
  ]);
  const provinces = await mapWithConcurrency(
    provincesOf(rollup.cities),
    CITY_CONCURRENCY,
    async (province) => [
      await publish(
        {
          key: reportKeys.province(province.code, period, 'xlsx'),
          period,
          scope: 'province',
          city: null,
          province: province.code,
          format: 'xlsx',
        },
        () => writeProvinceWorkbook(rollup, province.code),
      ),
      await publish(
        {
          key: reportKeys.province(province.code, period, 'json'),
          period,
          scope: 'province',
          city: null,
          province: province.code,
          format: 'json',
        },
        () => serialiseReportJson(provinceReportJson(rollup, province.code)),
      ),
    ],
  );
  const published = [...national, ...provinces.flat(), ...cities.flat()];
  await updateIndex(deps.objects, published, rollup.generatedAt, deps.indexRetry);
  return published;
}

type Render = () => Promise<Buffer> | string;

/** Renders one report and puts it into the bucket; returns its index entry. */
export async function putReport(
  objects: ObjectStore,
  report: Omit<PublishedReport, 'bytes' | 'generatedAt'>,
  render: Render,
  generatedAt: string,
): Promise<PublishedReport> {
  try {
    const body = await render();
    const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    await objects.put(report.key, body, report.format === 'xlsx' ? XLSX_CONTENT_TYPE : JSON_CONTENT_TYPE);
    return { ...report, generatedAt, bytes };
  } catch (cause) {
    throw new ReportPublishError(`发布报告 ${report.key} 失败`, { cause });
  }
}
