import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import { handler } from '#functions/reportWorker.ts';
import { readConfig } from '#shared/adapters/config.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { ReportJob } from '#shared/ports.ts';
import { readIndex } from '#shared/reports/publish.ts';
import { publishRollupReports } from '#shared/reports/reportJobs.ts';
import { aCity, aNationalRollup } from '../reports/rollupBuilder.ts';

function sqsEvent(bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `message-${i}`,
      receiptHandle: `receipt-${i}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'rollup',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:ipstats-report-jobs',
      awsRegion: 'cn-north-1',
    })),
  };
}

describe('the report worker behind the embedded stack', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack({ mail: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('builds the reports of each job from the stored roll-up, indexes them, and fails only the bad message', async () => {
    // Prepare: a roll-up whose provinces and cities went to the queue.
    const jobs: ReportJob[] = [];
    const rollup = aNationalRollup({ cities: [aCity('440300', '深圳市'), aCity('610100', '西安市')] });
    await publishRollupReports(rollup, {
      objects: stack.objects,
      reportJobs: {
        queue: { send: async (sent) => void jobs.push(...sent) },
        inlineUnits: 0,
        unitsPerJob: 2,
      },
    });

    // Act
    const response = await handler(sqsEvent([...jobs.map((job) => JSON.stringify(job)), '{"period":1}']));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: `message-${jobs.length}` }]);
    const keys = (await readIndex(stack.objects)).reports.map((report) => report.key);
    for (const key of [
      reportKeys.national('2024Q3', 'xlsx'),
      reportKeys.province('440000', '2024Q3', 'xlsx'),
      reportKeys.city('610100', '2024Q3', 'json'),
      reportKeys.city('440300', '2024Q3', 'xlsx'),
    ])
      expect(keys).toContain(key);
    expect(await stack.objects.list('reports/cities/')).toHaveLength(4);
  });
});

describe('report-job configuration', () => {
  const required = { DATA_BUCKET: 'data', TABLE_NAME: 'table' };

  it('hands reports to the worker only with a queue URL, 200 units inline and 50 per job by default', () => {
    expect(readConfig(required)).not.toHaveProperty('reportJobs');
    expect(
      readConfig({ ...required, REPORT_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/1/q' }),
    ).toMatchObject({
      reportJobs: {
        queueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/1/q',
        inlineUnits: 200,
        unitsPerJob: 50,
      },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ ...required, REPORT_QUEUE_URL: 'queue' })).toThrow('REPORT_QUEUE_URL');
    const url = { ...required, REPORT_QUEUE_URL: 'https://sqs.example/q' };
    expect(() => readConfig({ ...url, REPORT_UNITS_PER_JOB: '0' })).toThrow('REPORT_UNITS_PER_JOB');
    expect(readConfig({ ...url, REPORT_INLINE_UNITS: '0' }).reportJobs?.inlineUnits).toBe(0);
  });
});
