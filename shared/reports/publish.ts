/**
 * Publishes a roll-up: the national workbook and JSON, indexed in `reports/index.json` at once (they
 * wait for no city), then one pair per province and per registry city (those that did not report
 * included), indexed once all are put — so the index never lists a report that is not there yet.
 * The index is merged with a conditional write, so that concurrent roll-ups do not drop each
 * other's entries (`updateIndex`).
 */
import { reportKeys } from '../domain/uploadKey.ts';
import type { ObjectStore, ReportUnit } from '../ports.ts';
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

/**
 * Reports of cities and provinces built at the same time: each is put as soon as it is rendered
 * and then released, so at most this many workbooks are in memory whatever the number of cities.
 * Two keep the calling thread and a chart worker busy (while one unit's chart is rasterised the
 * other unit's SVG or workbook is built); four measured no faster and up to 30 MB more peak RSS
 * at 1,000 cities (docs/benchmarks.md, issue 18).
 */
export const REPORT_CONCURRENCY = 2;

export interface PublishDeps {
  objects: ObjectStore;
  /** Retries of the `reports/index.json` merge when a concurrent roll-up wins the race. */
  indexRetry?: IndexRetryOptions;
  /** Reporting units built at the same time (default `REPORT_CONCURRENCY`). */
  concurrency?: number;
}

export type { ReportUnit } from '../ports.ts';

/** Every province of the roll-up (by code), then every city (registry order). */
export function reportUnits(rollup: NationalRollup): ReportUnit[] {
  return [
    ...provincesOf(rollup.cities).map((province): ReportUnit => ({ scope: 'province', code: province.code })),
    ...rollup.cities.map((city): ReportUnit => ({ scope: 'city', code: city.code })),
  ];
}

/** What a roll-up's publication tells its caller as it goes (the benchmark's clock). */
export interface PublishProgress {
  /** The national reports are put and indexed: analysts can open them. */
  nationalIndexed?: () => void;
}

export async function publishRollup(
  rollup: NationalRollup,
  deps: PublishDeps,
  progress: PublishProgress = {},
): Promise<PublishedReport[]> {
  const national = await publishNational(rollup, deps);
  // An analyst opens the national report while the city workbooks are still being built.
  await updateIndex(deps.objects, national, rollup.generatedAt, deps.indexRetry);
  progress.nationalIndexed?.();
  const units = await publishUnits(rollup, reportUnits(rollup), deps);
  if (units.length > 0) await updateIndex(deps.objects, units, rollup.generatedAt, deps.indexRetry);
  return [...national, ...units];
}

/** The national workbook and JSON: they need the roll-up only, never a city's or province's report. */
export async function publishNational(rollup: NationalRollup, deps: PublishDeps): Promise<PublishedReport[]> {
  const { period, generatedAt } = rollup;
  const entry = (format: 'xlsx' | 'json') => ({
    key: reportKeys.national(period, format),
    period,
    scope: 'national' as const,
    city: null,
    format,
  });
  return [
    await putReport(deps.objects, entry('xlsx'), () => writeNationalWorkbook(rollup), generatedAt),
    await putReport(
      deps.objects,
      entry('json'),
      () => serialiseReportJson(nationalReportJson(rollup)),
      generatedAt,
    ),
  ];
}

/**
 * The reports of the given provinces and cities, `concurrency` units at a time, each put as soon as
 * it is built; in the order of `units` (xlsx, then JSON of each).
 */
export async function publishUnits(
  rollup: NationalRollup,
  units: readonly ReportUnit[],
  deps: PublishDeps,
): Promise<PublishedReport[]> {
  const published = await mapWithConcurrency(units, deps.concurrency ?? REPORT_CONCURRENCY, (unit) =>
    publishUnit(rollup, unit, deps.objects),
  );
  return published.flat();
}

/** One province's or city's workbook and JSON, rendered and put one after the other. */
export async function publishUnit(
  rollup: NationalRollup,
  unit: ReportUnit,
  objects: ObjectStore,
): Promise<PublishedReport[]> {
  const { period, generatedAt } = rollup;
  const entry = (format: 'xlsx' | 'json'): Omit<PublishedReport, 'bytes' | 'generatedAt'> =>
    unit.scope === 'city'
      ? { key: reportKeys.city(unit.code, period, format), period, scope: 'city', city: unit.code, format }
      : {
          key: reportKeys.province(unit.code, period, format),
          period,
          scope: 'province',
          city: null,
          province: unit.code,
          format,
        };
  const [workbook, json] =
    unit.scope === 'city'
      ? [
          () => writeCityWorkbook(rollup, unit.code),
          () => serialiseReportJson(cityReportJson(rollup, unit.code)),
        ]
      : [
          () => writeProvinceWorkbook(rollup, unit.code),
          () => serialiseReportJson(provinceReportJson(rollup, unit.code)),
        ];
  return [
    await putReport(objects, entry('xlsx'), workbook, generatedAt),
    await putReport(objects, entry('json'), json, generatedAt),
  ];
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
