import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { type ObjectStore, tablePorts } from '#shared/ports.ts';
import {
  type IndexRetryOptions,
  type PublishedReport,
  publishRollup,
  ReportIndexConflictError,
  ReportPublishError,
  readIndex,
  updateIndex,
} from '#shared/reports/publish.ts';
import type { ReportJson } from '#shared/reports/reportJson.ts';
import { rollupPeriod, scheduledPeriods } from '#shared/rollup/rollupPeriod.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';
import { racingConditionalWrites } from '../support/racingWrites.ts';
import { aCurrentSheet, anUploadRecord } from '../support/submissionBuilders.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';
import { readWorkbook } from './workbookReader.ts';

function fakes() {
  const table = new MemorySubmissionStore();
  return { objects: new MemoryObjectStore(), table, ...tablePorts(table) };
}

/** Retries without waiting; `sleeps` records the backoff asked for. */
function noWaiting(random = () => 0.5): IndexRetryOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, random, sleep: async (ms) => void sleeps.push(ms) };
}

/** A bucket in which another roll-up rewrites the index just before each of the first `times` writes. */
function interleavedWrites(objects: MemoryObjectStore, times: number): ObjectStore & { sneaked: string[] } {
  const sneaked: string[] = [];
  return {
    sneaked,
    get: (key, versionId) => objects.get(key, versionId),
    getText: (key) => objects.getText(key),
    getJson: (key) => objects.getJson(key),
    put: (key, body, type) => objects.put(key, body, type),
    list: (prefix) => objects.list(prefix),
    putIfUnchanged: async (key, body, type, etag) => {
      if (sneaked.length < times) {
        const other = aPublishedReport(`reports/national/2023Q${sneaked.length + 1}/other.json`);
        sneaked.push(other.key);
        await updateIndex(objects, [other], '2024-10-16T01:00:00.000Z');
      }
      return objects.putIfUnchanged(key, body, type, etag);
    },
  };
}

function aPublishedReport(key: string): PublishedReport {
  return {
    key,
    period: '2024Q3',
    scope: 'national',
    city: null,
    format: 'json',
    generatedAt: '2024-10-16T02:00:00.000Z',
    bytes: 1,
  };
}

describe('publishRollup', () => {
  it('writes the national pair, one pair per province and one per city, those that did not report included', async () => {
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
      'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.json',
      'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.xlsx',
      'reports/provinces/610000/2024Q3/province-summary-610000-2024Q3.json',
      'reports/provinces/610000/2024Q3/province-summary-610000-2024Q3.xlsx',
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
      'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.json',
      'reports/provinces/440000/2024Q3/province-summary-440000-2024Q3.xlsx',
    ]);
    expect(index.reports[2]).toEqual(older);
    const republished = index.reports[3]!;
    expect(republished.generatedAt).toBe('2024-10-16T02:00:00.000Z');
    expect(republished.bytes).toBe(deps.objects.bytes(republished.key)?.length);
  });

  it('indexes the national reports before it builds any province or city report', async () => {
    // Prepare: a bucket that records each write in order, and what the index listed at each.
    const deps = fakes();
    const writes: string[] = [];
    const recording: ObjectStore = {
      ...deps.objects,
      get: (key, versionId) => deps.objects.get(key, versionId),
      getText: (key) => deps.objects.getText(key),
      getJson: (key) => deps.objects.getJson(key),
      list: (prefix) => deps.objects.list(prefix),
      put: (key, body, type) => {
        writes.push(key);
        return deps.objects.put(key, body, type);
      },
      putIfUnchanged: (key, body, type, etag) => {
        const listed = (JSON.parse(String(body)) as { reports: PublishedReport[] }).reports;
        writes.push(`${key} (${listed.length} reports)`);
        return deps.objects.putIfUnchanged(key, body, type, etag);
      },
    };
    const rollup = aNationalRollup({ cities: [aCity('440300', '深圳市')] });
    let indexedAfterWrites = -1;

    // Act
    await publishRollup(
      rollup,
      { objects: recording },
      { nationalIndexed: () => (indexedAfterWrites = writes.length) },
    );

    // Assess: national pair, the index with those two, then the province and city, then the index with all six.
    expect(writes).toEqual([
      reportKeys.national('2024Q3', 'xlsx'),
      reportKeys.national('2024Q3', 'json'),
      'reports/index.json (2 reports)',
      reportKeys.province('440000', '2024Q3', 'xlsx'),
      reportKeys.province('440000', '2024Q3', 'json'),
      reportKeys.city('440300', '2024Q3', 'xlsx'),
      reportKeys.city('440300', '2024Q3', 'json'),
      'reports/index.json (6 reports)',
    ]);
    expect(indexedAfterWrites).toBe(3);
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

describe('merging reports/index.json while other roll-ups publish', () => {
  it('keeps the entries of two roll-ups that merge a new index at the same time', async () => {
    // Prepare: 2024Q2 and 2024Q3 roll-ups both read the (missing) index before either writes it.
    const deps = fakes();
    const racing = { ...deps, objects: racingConditionalWrites(deps.objects, 2), indexRetry: noWaiting() };

    // Act
    const [q2, q3] = await Promise.all([
      publishRollup(aNationalRollup({ period: '2024Q2', cities: [aCity('440300', '深圳市')] }), racing),
      publishRollup(aNationalRollup({ period: '2024Q3', cities: [aCity('440300', '深圳市')] }), racing),
    ]);

    // Assess: one lost the race, re-read and merged into the other's index.
    expect(deps.objects.conflicts).toBe(1);
    const keys = (await readIndex(deps.objects)).reports.map((report) => report.key);
    expect(keys).toEqual([...q2!, ...q3!].map((report) => report.key).sort());
    expect(keys).toContain(reportKeys.national('2024Q2', 'json'));
    expect(keys).toContain(reportKeys.national('2024Q3', 'json'));
  });

  it('keeps the entries of two roll-ups that merge an existing index at the same time', async () => {
    // Prepare: an index with an earlier period; two roll-ups read it before either writes.
    const deps = fakes();
    const earlier = aPublishedReport(reportKeys.national('2024Q1', 'json'));
    await updateIndex(deps.objects, [earlier], '2024-04-16T02:00:00.000Z');
    const racing = { ...deps, objects: racingConditionalWrites(deps.objects, 2), indexRetry: noWaiting() };

    // Act
    await Promise.all([
      publishRollup(aNationalRollup({ period: '2024Q2', cities: [] }), racing),
      publishRollup(aNationalRollup({ period: '2024Q3', cities: [] }), racing),
    ]);

    // Assess
    expect(deps.objects.conflicts).toBe(1);
    expect((await readIndex(deps.objects)).reports.map((report) => report.key)).toEqual([
      reportKeys.national('2024Q1', 'json'),
      reportKeys.national('2024Q2', 'json'),
      reportKeys.national('2024Q2', 'xlsx'),
      reportKeys.national('2024Q3', 'json'),
      reportKeys.national('2024Q3', 'xlsx'),
    ]);
  });

  it('re-reads and merges again after a jittered wait when the index changed since it was read', async () => {
    // Prepare: another roll-up rewrites the index between this merge's read and its write, twice.
    const objects = new MemoryObjectStore();
    const interleaved = interleavedWrites(objects, 2);
    const retry = noWaiting(() => 0.5);
    const ours = aPublishedReport(reportKeys.national('2024Q3', 'json'));

    // Act
    const index = await updateIndex(interleaved, [ours], '2024-10-16T02:00:00.000Z', retry);

    // Assess: written on the third attempt, after waits of half of 50 ms and of 100 ms.
    expect(objects.conflicts).toBe(2);
    expect(retry.sleeps).toEqual([25, 50]);
    expect(index.reports.map((report) => report.key)).toEqual([...interleaved.sneaked, ours.key].sort());
    expect(await readIndex(objects)).toEqual(index);
  });

  it('gives up with ReportIndexConflictError, carrying the last conflict, when every attempt loses', async () => {
    // Prepare: the index changes before every write of a merge allowed three attempts.
    const objects = new MemoryObjectStore();
    const interleaved = interleavedWrites(objects, Number.POSITIVE_INFINITY);
    const retry = { ...noWaiting(() => 0.999), attempts: 3 };

    // Act
    const merging = updateIndex(
      interleaved,
      [aPublishedReport(reportKeys.national('2024Q3', 'json'))],
      '2024-10-16T02:00:00.000Z',
      retry,
    );

    // Assess
    const error = await merging.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReportIndexConflictError);
    expect(error).toBeInstanceOf(ReportPublishError);
    expect(error).toMatchObject({
      name: 'ReportIndexConflictError',
      attempts: 3,
      cause: { name: 'PreconditionFailed' },
    });
    expect((error as Error).message).toContain('报告索引 reports/index.json 在 3 次尝试中');
    expect(retry.sleeps).toEqual([49, 99]);
    expect((await readIndex(objects)).reports.map((report) => report.key)).toEqual(interleaved.sneaked);
  });
});

describe('the in-memory bucket honours conditional writes', () => {
  it('writes over the ETag read and refuses a stale one', async () => {
    const objects = new MemoryObjectStore();
    const first = objects.putVersion('reports/index.json', '{"v":1}');

    const current = await objects.putIfUnchanged(
      'reports/index.json',
      '{"v":2}',
      'application/json',
      first.etag,
    );
    const stale = await objects.putIfUnchanged(
      'reports/index.json',
      '{"v":3}',
      'application/json',
      first.etag,
    );

    expect(current).toEqual({ written: true });
    expect(stale).toMatchObject({ written: false, conflict: { name: 'PreconditionFailed' } });
    expect(objects.json('reports/index.json')).toEqual({ v: 2 });
  });

  it('creates a key only while it does not exist, and refuses an ETag for a missing key', async () => {
    const objects = new MemoryObjectStore();

    const created = await objects.putIfUnchanged('a.json', '1', 'application/json', undefined);
    const again = await objects.putIfUnchanged('a.json', '2', 'application/json', undefined);
    const missing = await objects.putIfUnchanged(
      'b.json',
      '3',
      'application/json',
      'd41d8cd98f00b204e9800998ecf8427e',
    );

    expect([created.written, again.written, missing.written]).toEqual([true, false, false]);
    expect(objects.json('a.json')).toBe(1);
    expect(await objects.list('b.json')).toEqual([]);
  });
});

describe('rollupPeriod', () => {
  it('loads the current data, computes the roll-up and publishes every registry city', async () => {
    // Prepare: of two registry cities, 深圳 uploaded its 2024Q3 核心指标 on time; 杭州 did not.
    const deps = fakes();
    const registry = DEFAULT_REGISTRY.filter((city) => city.code === '440300' || city.code === '330100');
    const eventTime = '2024-10-09T02:00:00.000Z';
    const uploadId = '20241009T020000Z-aaaaaaaaaaaa';
    await deps.table.createUpload(
      anUploadRecord({
        uploadId,
        city: '440300',
        period: '2024Q3',
        eventTime,
        status: 'accepted',
        acceptedKinds: ['core'],
      }),
    );
    await deps.table.switchCurrent(
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
    // National, two provinces and two cities, each an xlsx and a json.
    expect(summary.reports).toHaveLength(10);
    const national = deps.objects.json(reportKeys.national('2024Q3', 'json')) as ReportJson;
    expect(national.national.D01?.value).toBe(1500);
    expect(national.cities.map((city) => [city.code, city.submission])).toEqual([
      ['330100', 'not_reported'],
      ['440300', 'on_time'],
    ]);
    expect((await readIndex(deps.objects)).reports).toHaveLength(10);
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
