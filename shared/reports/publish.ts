/**
 * Publishes a roll-up: the national workbook and JSON, one pair per registry city (those that did
 * not report included), the national summary in the table, and `reports/index.json` last — so the
 * index never lists a report that is not there yet.
 */
import { reportKeys } from '../domain/uploadKey.ts';
import type { ObjectStore, SubmissionStore } from '../ports.ts';
import { mapWithConcurrency } from '../rollup/concurrency.ts';
import type { NationalRollup } from '../rollup/types.ts';
import { writeCityWorkbook } from './cityWorkbook.ts';
import { writeNationalWorkbook } from './nationalWorkbook.ts';
import { cityReportJson, nationalReportJson, reportSummary, serialiseReportJson } from './reportJson.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** City reports rendered at the same time: rendering is CPU-bound, the puts overlap with it. */
const CITY_CONCURRENCY = 4;

export interface PublishedReport {
  key: string;
  period: string;
  scope: 'national' | 'city';
  /** The city of a city report, null for the national one. */
  city: string | null;
  format: 'xlsx' | 'json';
  generatedAt: string;
  bytes: number;
}

/** `reports/index.json`: every report ever published, one entry per key (the latest publication). */
export interface ReportIndex {
  updatedAt: string;
  reports: PublishedReport[];
}

export interface PublishDeps {
  objects: ObjectStore;
  submissions: SubmissionStore;
}

export class ReportPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportPublishError';
  }
}

export async function publishRollup(rollup: NationalRollup, deps: PublishDeps): Promise<PublishedReport[]> {
  const publish = async (
    report: Omit<PublishedReport, 'bytes' | 'generatedAt'>,
    render: () => Promise<Buffer> | string,
  ) => {
    try {
      const body = await render();
      const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
      await deps.objects.put(
        report.key,
        body,
        report.format === 'xlsx' ? XLSX_CONTENT_TYPE : JSON_CONTENT_TYPE,
      );
      return { ...report, generatedAt: rollup.generatedAt, bytes } satisfies PublishedReport;
    } catch (cause) {
      throw new ReportPublishError(`发布报告 ${report.key} 失败`, { cause });
    }
  };
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
  const published = [...national, ...cities.flat()];

  try {
    await deps.submissions.putReportSummary(period, reportSummary(nationalJson));
  } catch (cause) {
    throw new ReportPublishError(`保存 ${period} 的汇总摘要失败`, { cause });
  }
  await updateIndex(deps.objects, published, rollup.generatedAt);
  return published;
}

/** Reads the index, replaces the entries of the keys just published, and writes it back. */
export async function updateIndex(
  objects: ObjectStore,
  published: readonly PublishedReport[],
  updatedAt: string,
): Promise<ReportIndex> {
  const existing = await readIndex(objects);
  const byKey = new Map(existing.reports.map((report) => [report.key, report]));
  for (const report of published) byKey.set(report.key, report);
  const index: ReportIndex = {
    updatedAt,
    reports: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
  try {
    await objects.put(reportKeys.index, `${JSON.stringify(index, null, 2)}\n`, JSON_CONTENT_TYPE);
  } catch (cause) {
    throw new ReportPublishError(`写入报告索引 ${reportKeys.index} 失败`, { cause });
  }
  return index;
}

/**
 * The current index, or an empty one when there is none yet. An index that cannot be read is an
 * error rather than a fresh start: rewriting it would drop every earlier period's entries.
 */
export async function readIndex(objects: ObjectStore): Promise<ReportIndex> {
  const keys = await objects.list(reportKeys.index);
  if (!keys.includes(reportKeys.index)) return { updatedAt: '', reports: [] };
  let parsed: unknown;
  try {
    const stored = await objects.get(reportKeys.index);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    parsed = JSON.parse(
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch (cause) {
    throw new ReportPublishError(
      `报告索引 ${reportKeys.index} 无法读取或不是有效的 JSON，请修复或删除后重新汇总`,
      { cause },
    );
  }
  const reports = (parsed as { reports?: unknown } | null)?.reports;
  if (
    !Array.isArray(reports) ||
    !reports.every((report) => typeof (report as { key?: unknown } | null)?.key === 'string')
  ) {
    throw new ReportPublishError(
      `报告索引 ${reportKeys.index} 格式不正确：应为 { "reports": [ { "key": … }, … ] }，请修复或删除后重新汇总`,
    );
  }
  return {
    updatedAt: String((parsed as { updatedAt?: unknown }).updatedAt ?? ''),
    reports: reports as PublishedReport[],
  };
}
