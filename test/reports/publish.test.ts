import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import {
  type PublishedReport,
  publishRollup,
  ReportPublishError,
  readIndex,
} from '#shared/reports/publish.ts';
import type { ReportJson } from '#shared/reports/reportJson.ts';
import { rollupPeriod, scheduledPeriods } from '#shared/reports/rollupPeriod.ts';
import { MemoryObjectStore } from '#shared/testing/memoryObjectStore.ts';
import { MemorySubmissionStore } from '#shared/testing/memorySubmissionStore.ts';
import { aCurrentSheet, anUploadRecord } from '#shared/testing/submissionBuilders.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';
import { readWorkbook } from './workbookReader.ts';

function fakes() {
  return { objects: new MemoryObjectStore(), submissions: new MemorySubmissionStore() };
}

describe('publishRollup', () => {
  it('writes the national pair and one pair per city, those that did not report included', async () => {
    const deps = fakes();
    const rollup = aNationalRollup({
      cities: [aCity('440300', '深圳市'), aCity('610100', '西安市', { submission: 'not_reported' })],
    });

    const published = await publishRollup(rollup, deps);

    const expected = [
      'reports/cities/440300/2024Q3/city-summary-440300-2024Q3.json',
      'reports/cities/440300/2024Q3/city-summary-440300-2024Q3.xlsx',
      'reports/cities/610100/2024Q3/city-summary-610100-2024Q3.json',
      'reports/cities/610100/2024Q3/city-summary-610100-2024Q3.xlsx',
      'reports/index.json',
      'reports/national/2024Q3/national-summary-2024Q3.json',
      'reports/national/2024Q3/national-summary-2024Q3.xlsx',
    ];
    expect(await deps.objects.list('reports/')).toEqual(expected);
    expect(published.map((report) => report.key).sort()).toEqual(
      expected.filter((key) => key !== 'reports/index.json'),
    );
    for (const report of published) expect(report.bytes).toBe(deps.objects.bytes(report.key)?.length);
    const xian = await readWorkbook(
      deps.objects.bytes('reports/cities/610100/2024Q3/city-summary-610100-2024Q3.xlsx')!,
    );
    expect(xian.worksheets[0]?.name).toBe('概览');
    expect(
      (deps.objects.json('reports/cities/610100/2024Q3/city-summary-610100-2024Q3.json') as ReportJson)
        .cities[0]?.submission,
    ).toBe('not_reported');
    expect(published[0]).toEqual({
      key: 'reports/national/2024Q3/national-summary-2024Q3.xlsx',
      period: '2024Q3',
      scope: 'national',
      city: null,
      format: 'xlsx',
      generatedAt: '2024-10-16T02:00:00.000Z',
      bytes: published[0]!.bytes,
    });
  });

  it('merges index.json: keeps other periods, replaces republished keys, adds new ones, sorted by key', async () => {
    const deps = fakes();
    const older: PublishedReport = {
      key: 'reports/national/2024Q2/national-summary-2024Q2.json',
      period: '2024Q2',
      scope: 'national',
      city: null,
      format: 'json',
      generatedAt: '2024-07-16T02:00:00.000Z',
      bytes: 10,
    };
    const stale: PublishedReport = {
      key: reportKeys.national('2024Q3', 'json'),
      period: '2024Q3',
      scope: 'national',
      city: null,
      format: 'json',
      generatedAt: '2024-10-01T00:00:00.000Z',
      bytes: 1,
    };
    deps.objects.putVersion(
      reportKeys.index,
      JSON.stringify({ updatedAt: '2024-10-01T00:00:00.000Z', reports: [stale, older] }),
    );
    const rollup = aNationalRollup({ cities: [aCity('440300', '深圳市')] });

    await publishRollup(rollup, deps);

    const index = await readIndex(deps.objects);
    expect(index.updatedAt).toBe('2024-10-16T02:00:00.000Z');
    expect(index.reports.map((report) => report.key)).toEqual([
      'reports/cities/440300/2024Q3/city-summary-440300-2024Q3.json',
      'reports/cities/440300/2024Q3/city-summary-440300-2024Q3.xlsx',
      'reports/national/2024Q2/national-summary-2024Q2.json',
      'reports/national/2024Q3/national-summary-2024Q3.json',
      'reports/national/2024Q3/national-summary-2024Q3.xlsx',
    ]);
    expect(index.reports[2]).toEqual(older);
    const republished = index.reports[3]!;
    expect(republished.generatedAt).toBe('2024-10-16T02:00:00.000Z');
    expect(republished.bytes).toBe(deps.objects.bytes(republished.key)?.length);
  });

  it('stores the national summary without the warning list in the table', async () => {
    const deps = fakes();

    await publishRollup(aNationalRollup(), deps);

    const summary = (await deps.submissions.getReportSummary('2024Q3')) as ReportJson;
    expect(summary).toMatchObject({
      period: '2024Q3',
      scope: 'national',
      completeness: { expected: 4, reported: 3 },
    });
    expect(summary.dataQuality).toMatchObject({ total: 2, entries: [] });
    expect('enterprises' in summary).toBe(false);
  });

  it('stops with a Chinese error and leaves an unreadable index as it was', async () => {
    const deps = fakes();
    deps.objects.putVersion(reportKeys.index, '{ not json');

    const publishing = publishRollup(aNationalRollup({ cities: [aCity('440300', '深圳市')] }), deps);

    await expect(publishing).rejects.toThrow(ReportPublishError);
    await expect(publishing).rejects.toThrow('报告索引 reports/index.json 无法读取或不是有效的 JSON');
    expect(deps.objects.bytes(reportKeys.index)?.toString()).toBe('{ not json');
  });
});

describe('rollupPeriod', () => {
  it('loads the current data, computes the roll-up and publishes every registry city', async () => {
    // Prepare: of two registry cities, 深圳 uploaded its 2024Q3 核心指标 on time; 杭州 did not.
    const deps = fakes();
    const registry = DEFAULT_REGISTRY.filter((city) => city.code === '440300' || city.code === '330100');
    const eventTime = '2024-10-09T02:00:00.000Z';
    const uploadId = '20241009T020000Z-aaaaaaaaaaaa';
    await deps.submissions.createUpload(
      anUploadRecord({
        uploadId,
        city: '440300',
        period: '2024Q3',
        eventTime,
        status: 'accepted',
        acceptedKinds: ['core'],
      }),
    );
    await deps.submissions.switchCurrent(
      aCurrentSheet({
        uploadId,
        city: '440300',
        period: '2024Q3',
        kind: 'core',
        eventTime,
        aggregates: { rows: 2, indicators: { D01: 1500, A02: 6 } },
      }),
    );

    const summary = await rollupPeriod('2024q3', {
      ...deps,
      registry,
      deadlineDays: 15,
      now: () => new Date('2024-10-16T02:00:00.000Z'),
    });

    expect(summary).toMatchObject({
      period: '2024Q3',
      generatedAt: '2024-10-16T02:00:00.000Z',
      dataAsOf: eventTime,
      completeness: { expected: 2, reported: 1, onTime: 1, notReported: 1 },
    });
    expect(summary.reports).toHaveLength(6);
    const national = deps.objects.json(reportKeys.national('2024Q3', 'json')) as ReportJson;
    expect(national.national.D01?.value).toBe(1500);
    expect(national.cities.map((city) => [city.code, city.submission])).toEqual([
      ['330100', 'not_reported'],
      ['440300', 'on_time'],
    ]);
    expect((await readIndex(deps.objects)).reports).toHaveLength(6);
  });
});

describe('scheduledPeriods', () => {
  it('covers the quarter whose deadline has just passed', () => {
    // 2024-10-16 10:00 China time: 2024Q3 was due by the end of 15 October.
    expect(scheduledPeriods(new Date('2024-10-16T02:00:00.000Z'), 15)).toEqual(['2024Q3']);
  });

  it('keeps to the previous quarter while the deadline is still open', () => {
    expect(scheduledPeriods(new Date('2024-10-15T12:00:00.000Z'), 15)).toEqual(['2024Q2']);
  });

  it('on 16 January also covers the whole previous year', () => {
    expect(scheduledPeriods(new Date('2025-01-16T02:00:00.000Z'), 15)).toEqual(['2024Q4', '2024']);
  });
});
