import { buffer } from 'node:stream/consumers';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { chartThreadPool } from '#shared/reports/charts/chartThreads.ts';
import { readIndex } from '#shared/reports/publish.ts';
import { coreWorkbook } from '../cli/support/uploadFiles.ts';

function scheduledEvent(time: string): ScheduledEvent {
  return {
    version: '0',
    id: 'c5b2d1f0-0000-4000-8000-000000000000',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time,
    region: 'cn-north-1',
    resources: ['arn:aws:events:cn-north-1:000000000000:rule/ipstats-rollup'],
    detail: {},
  };
}

describe('the roll-up function behind the embedded stack', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    // As the CLI starts it: charts rasterised in worker threads.
    stack = await startEmbeddedStack({ chartThreads: 2 });
    await stack.upload('uploads/440300/2024Q3/深圳.xlsx', await coreWorkbook('440300', '2024Q3'), {
      eventTime: new Date('2024-10-08T02:00:00Z'),
    });
  });

  afterAll(async () => {
    await stack?.stop();
    // stop() ends the chart workers it started.
    expect(chartThreadPool()).toBeUndefined();
  });

  it('rolls up the latest quarter past its deadline when EventBridge fires', async () => {
    // 2024Q3 was due on 2024-10-15 (China time); the run the day after reports on it.
    const result = await stack.rollup(scheduledEvent('2024-10-16T02:00:00Z'));

    expect(result.periods.map((period) => period.period)).toEqual(['2024Q3']);
    expect(result.periods[0]?.generatedAt).toBe('2024-10-16T02:00:00.000Z');
    expect(result.periods[0]?.completeness).toMatchObject({ reported: 1, onTime: 1 });
    expect(await stack.objects.list(reportKeys.nationalPrefix('2024Q3'))).toEqual([
      reportKeys.national('2024Q3', 'json'),
      reportKeys.national('2024Q3', 'xlsx'),
    ]);
    // The city's workbook with its charts, drawn by the stack's two chart workers.
    expect(chartThreadPool()?.size).toBe(2);
    const workbook = await buffer(
      (await stack.objects.get(reportKeys.city('440300', '2024Q3', 'xlsx'))).body,
    );
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('adds the whole year on the January run, and assesses every batch whose programme covers it', async () => {
    const result = await stack.rollup(scheduledEvent('2025-01-16T02:00:00Z'));

    expect(result.periods.map((period) => period.period)).toEqual(['2024Q4', '2024']);
    expect(result.assessments.map(({ batch, year }) => [batch, year])).toEqual([
      [2022, 2024],
      [2023, 2024],
    ]);
    expect(result.assessments[0]?.reportKeys).toEqual([
      reportKeys.assessment(2022, 2024, 'xlsx'),
      reportKeys.assessment(2022, 2024, 'json'),
    ]);
    const indexed = (await readIndex(stack.objects)).reports.filter((report) => report.kind === 'assessment');
    expect(indexed.map((report) => report.key)).toContain(reportKeys.assessment(2023, 2024, 'json'));
  });

  it('assesses no batch on the other quarterly runs', async () => {
    const result = await stack.rollup(scheduledEvent('2024-10-16T02:00:00Z'));

    expect(result.assessments).toEqual([]);
  });

  it('assesses the batch and year asked for on demand', async () => {
    const result = await stack.rollup({
      assessments: [{ batch: 2022, year: 2024 }],
      now: '2025-02-01T00:00:00Z',
    });

    expect(result.periods).toEqual([]);
    expect(result.assessments.map(({ batch, year, generatedAt }) => [batch, year, generatedAt])).toEqual([
      [2022, 2024, '2025-02-01T00:00:00.000Z'],
    ]);
  });

  it('rolls up the periods asked for on demand, at the time given', async () => {
    const result = await stack.rollup({ periods: ['2024q3', '2024'], now: '2024-10-20T00:00:00Z' });

    expect(result.periods.map((period) => [period.period, period.generatedAt])).toEqual([
      ['2024Q3', '2024-10-20T00:00:00.000Z'],
      ['2024', '2024-10-20T00:00:00.000Z'],
    ]);
  });

  it('keeps every entry of the index when roll-ups of several periods run at the same time', async () => {
    // Prepare: three on-demand roll-ups of periods not yet published, started together.
    const periods = ['2023Q4', '2024Q1', '2024Q2'];
    const before = (await readIndex(stack.objects)).reports.map((report) => report.key);

    // Act
    const results = await Promise.all(
      periods.map((period) => stack.rollup({ period, now: '2024-10-20T00:00:00Z' })),
    );

    // Assess: the index lists what was there and every report of each roll-up.
    const keys = (await readIndex(stack.objects)).reports.map((report) => report.key);
    const published = results.flatMap((result) => result.periods.flatMap((period) => period.reportKeys));
    // Each period: the national, 12 province and 12 city reports, an xlsx and a json each.
    expect(published).toHaveLength(3 * 50);
    expect(keys).toEqual([...new Set([...before, ...published])].sort());
  });

  it('fails an on-demand request that names no period', async () => {
    await expect(stack.rollup({})).rejects.toThrow('names no period');
  });
});
