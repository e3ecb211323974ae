import { describe, expect, it } from 'vitest';
import { quarterPeriod, yearPeriod } from '#shared/domain/period.ts';
import type { AnyRecord } from '#shared/domain/records.ts';
import type { CurrentSheet } from '#shared/domain/submission.ts';
import { resultKeys } from '#shared/domain/uploadKey.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { tablePorts } from '#shared/ports.ts';
import { combineRollup, computeRollup } from '#shared/rollup/compute.ts';
import {
  CITY_CONCURRENCY,
  loadCitySummaries,
  loadRollupInput,
  RollupLoadError,
} from '#shared/rollup/load.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';
import { stageAll } from '../support/submissionBuilders.ts';
import { aCase, aCity, aCore, anEnterprise, anUpload, aSheet, aWarning } from './builders.ts';

const A = '110101';
const B = '220202';
const REGISTRY = [aCity(A, '甲市'), aCity(B, '乙市')];
const GENERATED_AT = new Date('2024-07-31T00:00:00.000Z');

/** Stages an upload's records and makes its sheet current, as ingest does. */
async function makeCurrent(
  store: MemorySubmissionStore,
  sheet: CurrentSheet,
  records: AnyRecord[] = [],
): Promise<void> {
  await stageAll(store, sheet.uploadId, sheet.kind, records);
  await store.switchCurrent(sheet);
}

function aValidationReport(
  city: string,
  period: string,
  uploadId: string,
  extra: Partial<ValidationReport> = {},
) {
  const report: ValidationReport = {
    uploadId,
    city,
    period,
    file: 'report.xlsx',
    status: 'accepted_with_warnings',
    sheets: [],
    issues: [
      {
        severity: 'error',
        code: 'USCC_CHECKSUM',
        sheet: '重点企业',
        row: 7,
        message: '统一社会信用代码校验位错误',
      },
      aWarning('OUTLIER', '核心指标', { row: 5 }),
      aWarning('UPLOAD_LATE', '核心指标'),
    ],
    counts: { errors: 1, warnings: 2 },
    ...extra,
  };
  return JSON.stringify(report);
}

async function twoCities() {
  const submissions = new MemorySubmissionStore();
  const objects = new MemoryObjectStore();
  const q2 = '2024-07-05T02:00:00.000Z';
  // 甲: 2024Q1 core and enterprises; 2024Q2 core, enterprises and cases from u-a2, plus a rejected upload.
  await submissions.createUpload(anUpload(A, '2024Q1', 'u-a1', '2024-04-05T02:00:00.000Z', 'accepted'));
  await makeCurrent(submissions, aCore(A, '2024Q1', 'u-a1', '2024-04-05T02:00:00.000Z', { D01: 10 }));
  await makeCurrent(submissions, aSheet(A, '2024Q1', 'enterprises', 'u-a1', '2024-04-05T02:00:00.000Z'), [
    anEnterprise(1, { pctApplications: 1 }),
  ]);
  await submissions.createUpload(anUpload(A, '2024Q2', 'u-a2', q2, 'accepted_with_warnings'));
  await submissions.createUpload(anUpload(A, '2024Q2', 'u-a3', '2024-07-06T02:00:00.000Z', 'rejected'));
  await makeCurrent(submissions, aCore(A, '2024Q2', 'u-a2', q2, { D01: 20 }));
  await makeCurrent(submissions, aSheet(A, '2024Q2', 'enterprises', 'u-a2', q2), [
    anEnterprise(2, { pctApplications: 4 }),
    anEnterprise(3, { pctApplications: 2 }),
  ]);
  await makeCurrent(submissions, aSheet(A, '2024Q2', 'cases', 'u-a2', q2), [
    aCase('质押融资案例', '质押融资', { recommended: true }),
  ]);
  objects.putVersion(resultKeys.report(A, '2024Q2', 'u-a2'), aValidationReport(A, '2024Q2', 'u-a2'));
  // 乙: 2024Q2 core, no validation report stored.
  await submissions.createUpload(anUpload(B, '2024Q2', 'u-b1', q2, 'accepted'));
  await makeCurrent(submissions, aCore(B, '2024Q2', 'u-b1', q2, { D01: 5 }));
  await submissions.putLock({ period: '2024Q2', city: '*', lockedAt: '2024-08-01T00:00:00.000Z' });
  return { submissions, objects };
}

describe('loadRollupInput', () => {
  it("reads each city's history, its uploads of every period, period records and report warnings", async () => {
    const { submissions, objects } = await twoCities();

    const input = await loadRollupInput(
      quarterPeriod(2024, 2),
      { ...tablePorts(submissions), objects, registry: REGISTRY, deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    expect(input.period).toEqual(quarterPeriod(2024, 2));
    expect(input.generatedAt).toBe('2024-07-31T00:00:00.000Z');
    expect(input.deadlineDays).toBe(15);
    expect(input.registry).toEqual(REGISTRY);
    const [a, b] = input.cities;
    expect(a?.city).toBe(A);
    expect(a?.current.map((sheet) => `${sheet.period}/${sheet.kind}`).sort()).toEqual([
      '2024Q1/core',
      '2024Q1/enterprises',
      '2024Q2/cases',
      '2024Q2/core',
      '2024Q2/enterprises',
    ]);
    // Every period's uploads: the lineage names the files behind 2024Q1's sheets too.
    expect(a?.uploads.map((upload) => upload.uploadId)).toEqual(['u-a1', 'u-a2', 'u-a3']);
    // Only the period's enterprise sheet is read, not 2024Q1's.
    expect(a?.enterprises).toEqual([
      {
        period: '2024Q2',
        uploadId: 'u-a2',
        records: [anEnterprise(2, { pctApplications: 4 }), anEnterprise(3, { pctApplications: 2 })],
      },
    ]);
    expect(a?.cases).toEqual([
      {
        period: '2024Q2',
        uploadId: 'u-a2',
        records: [aCase('质押融资案例', '质押融资', { recommended: true })],
      },
    ]);
    // Warnings only, the error left out.
    expect(a?.reports).toEqual([
      {
        period: '2024Q2',
        uploadId: 'u-a2',
        warnings: [aWarning('OUTLIER', '核心指标', { row: 5 }), aWarning('UPLOAD_LATE', '核心指标')],
        warningCount: 2,
        truncated: false,
      },
    ]);
    expect(b?.reports).toEqual([
      {
        period: '2024Q2',
        uploadId: 'u-b1',
        warnings: [],
        warningCount: 0,
        truncated: false,
        unavailable: '校验报告 results/220202/2024Q2/u-b1.json 不存在',
      },
    ]);
    expect(input.locks).toEqual([{ period: '2024Q2', city: '*', lockedAt: '2024-08-01T00:00:00.000Z' }]);
  });

  it('gives an input that rolls up end to end', async () => {
    const { submissions, objects } = await twoCities();
    const input = await loadRollupInput(
      quarterPeriod(2024, 2),
      { ...tablePorts(submissions), objects, registry: REGISTRY, deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    const result = computeRollup(input);

    // D01 2024Q2: 20 + 5; 甲's YTD 10 + 20 = 30.
    expect(result.national.D01).toMatchObject({ value: 25, ytd: 35, cities: 2 });
    expect(result.cities.map((city) => [city.code, city.submission, city.submissionDetail.warnings])).toEqual(
      [
        [A, 'on_time', 2],
        [B, 'on_time', 0],
      ],
    );
    expect(result.typicalEnterprises.map((e) => e.name)).toEqual(['企业2', '企业3']);
    // The status quarter's uploads only count for submission: u-a2 and the rejected u-a3.
    expect(result.cities[0]?.submissionDetail).toMatchObject({ uploads: 2, rejectedUploads: 1 });
    // Every upload used, the earlier quarter's too, has its file name and state.
    expect(
      result.lineage.uploads?.map((upload) => [
        upload.uploadId,
        upload.period,
        upload.fileName,
        upload.status,
      ]),
    ).toEqual([
      ['u-a1', '2024Q1', 'report.xlsx', 'accepted'],
      ['u-a2', '2024Q2', 'report.xlsx', 'accepted_with_warnings'],
      ['u-b1', '2024Q2', 'report.xlsx', 'accepted'],
    ]);
    // A warning without a row (file level) comes before the located ones.
    expect(result.dataQuality.map((q) => [q.city, q.code])).toEqual([
      [A, 'UPLOAD_LATE'],
      [A, 'OUTLIER'],
      [B, 'ROLLUP_REPORT_UNAVAILABLE'],
    ]);
  });

  it('reads all four quarters of a year, and the uploads of every quarter', async () => {
    const submissions = new MemorySubmissionStore();
    const objects = new MemoryObjectStore();
    for (const quarter of [1, 4]) {
      const period = `2024Q${quarter}`;
      const time = `2024-0${quarter === 1 ? 4 : 9}-05T02:00:00.000Z`;
      await submissions.createUpload(anUpload(A, period, `u-${quarter}`, time, 'accepted'));
      await makeCurrent(submissions, aSheet(A, period, 'enterprises', `u-${quarter}`, time), [
        anEnterprise(quarter, { pctApplications: quarter }),
      ]);
      objects.putVersion(
        resultKeys.report(A, period, `u-${quarter}`),
        aValidationReport(A, period, `u-${quarter}`),
      );
    }

    const input = await loadRollupInput(
      yearPeriod(2024),
      { ...tablePorts(submissions), objects, registry: [aCity(A, '甲市')], deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    const [a] = input.cities;
    expect(a?.enterprises.map((sheet) => sheet.period).sort()).toEqual(['2024Q1', '2024Q4']);
    expect(a?.reports.map((report) => report.period).sort()).toEqual(['2024Q1', '2024Q4']);
    expect(a?.uploads.map((upload) => upload.uploadId)).toEqual(['u-1', 'u-4']);
  });

  it('records an unreadable report and a cut listing without failing', async () => {
    const submissions = new MemorySubmissionStore();
    const objects = new MemoryObjectStore();
    const time = '2024-07-05T02:00:00.000Z';
    await makeCurrent(submissions, aCore(A, '2024Q2', 'u-bad', time, { D01: 1 }));
    await makeCurrent(submissions, aCore(B, '2024Q2', 'u-cut', time, { D01: 1 }));
    objects.putVersion(resultKeys.report(A, '2024Q2', 'u-bad'), '{ not json');
    objects.putVersion(
      resultKeys.report(B, '2024Q2', 'u-cut'),
      aValidationReport(B, '2024Q2', 'u-cut', { counts: { errors: 0, warnings: 1500 }, truncated: true }),
    );

    const input = await loadRollupInput(
      quarterPeriod(2024, 2),
      { ...tablePorts(submissions), objects, registry: REGISTRY, deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    expect(input.cities[0]?.reports[0]?.unavailable).toBe(
      '校验报告 results/110101/2024Q2/u-bad.json 不是有效的 JSON',
    );
    expect(input.cities[1]?.reports[0]).toMatchObject({ warningCount: 1500, truncated: true });
  });

  it('names the city when its data cannot be read, keeping the cause', async () => {
    const submissions = new MemorySubmissionStore();
    const failure = new Error('throttled');
    submissions.listCurrent = async (city) => {
      if (city === B) throw failure;
      return [];
    };

    const loading = loadRollupInput(
      quarterPeriod(2024, 2),
      { ...tablePorts(submissions), objects: new MemoryObjectStore(), registry: REGISTRY, deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    await expect(loading).rejects.toThrow(RollupLoadError);
    await expect(loading).rejects.toMatchObject({
      message: '读取城市 220202（乙市）2024Q2 的数据失败',
      cause: failure,
    });
  });

  it(`reads at most ${CITY_CONCURRENCY} cities at a time`, async () => {
    const submissions = new MemorySubmissionStore();
    const registry = Array.from({ length: 30 }, (_, i) => aCity(String(110101 + i), `城市${i}`));
    let inFlight = 0;
    let most = 0;
    const listCurrent = submissions.listCurrent.bind(submissions);
    submissions.listCurrent = async (city) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return listCurrent(city);
    };

    const input = await loadRollupInput(
      quarterPeriod(2024, 2),
      { ...tablePorts(submissions), objects: new MemoryObjectStore(), registry, deadlineDays: 15 },
      { generatedAt: GENERATED_AT },
    );

    expect(input.cities.map((city) => city.city)).toEqual(registry.map((city) => city.code));
    expect(most).toBe(CITY_CONCURRENCY);
  });

  it('summarises each city as it is read into the roll-up the whole input gives', async () => {
    const { submissions, objects } = await twoCities();
    const deps = { ...tablePorts(submissions), objects, registry: REGISTRY, deadlineDays: 15 };

    const { frame, cities, locks } = await loadCitySummaries(quarterPeriod(2024, 2), deps, {
      generatedAt: GENERATED_AT,
    });

    expect(combineRollup(frame, cities, locks)).toEqual(
      computeRollup(await loadRollupInput(quarterPeriod(2024, 2), deps, { generatedAt: GENERATED_AT })),
    );
  });
});
