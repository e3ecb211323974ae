import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { createSqsReportJobQueue, ReportQueueError } from '#shared/adapters/sqsReportJobQueue.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { ReportJob, ReportJobQueue } from '#shared/ports.ts';
import { publishRollup, readIndex, reportUnits } from '#shared/reports/publish.ts';
import {
  parseReportJob,
  publishRollupReports,
  ReportJobError,
  runReportJob,
  workKeys,
} from '#shared/reports/reportJobs.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';

/** Two cities in two provinces: four reporting units. */
const twoCities = () =>
  aNationalRollup({
    cities: [aCity('440300', '深圳市'), aCity('610100', '西安市', { submission: 'not_reported' })],
  });

/** A report's content: the JSON text, or each part of the workbook (zip timestamps aside). */
async function content(body: Buffer | undefined): Promise<unknown> {
  if (!body) return undefined;
  if (body.subarray(0, 2).toString() !== 'PK') return body.toString('utf8');
  const zip = await JSZip.loadAsync(body);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) parts[name] = await zip.files[name]!.async('base64');
  return parts;
}

/** A queue that keeps what it is sent. */
function recordingQueue(): ReportJobQueue & { jobs: ReportJob[] } {
  const jobs: ReportJob[] = [];
  return { jobs, send: async (sent) => void jobs.push(...sent) };
}

describe('report jobs for the report worker', () => {
  it('publishes and indexes the national pair at once and hands every province and city to the workers', async () => {
    // Prepare: two cities in two provinces, three units per job.
    const objects = new MemoryObjectStore();
    const queue = recordingQueue();
    const rollup = twoCities();

    // Act
    const publication = await publishRollupReports(rollup, {
      objects,
      reportJobs: { queue, inlineUnits: 0, unitsPerJob: 3 },
    });

    // Assess
    const national = [reportKeys.national('2024Q3', 'xlsx'), reportKeys.national('2024Q3', 'json')];
    expect(publication.published.map((report) => report.key)).toEqual(national);
    expect((await readIndex(objects)).reports.map((report) => report.key)).toEqual([...national].sort());
    expect(queue.jobs.map((job) => job.units.length)).toEqual([3, 1]);
    expect(queue.jobs.flatMap((job) => job.units)).toEqual(reportUnits(rollup));
    const rollupKey = workKeys.rollup('2024Q3', rollup.generatedAt);
    expect(queue.jobs.every((job) => job.rollupKey === rollupKey)).toBe(true);
    expect(objects.json(rollupKey)).toEqual(JSON.parse(JSON.stringify(rollup)));
    expect(publication.queued).toMatchObject({ jobs: 2, units: 4 });
    expect(publication.queued?.keys).toContain(reportKeys.city('440300', '2024Q3', 'xlsx'));
    expect(await objects.list('reports/cities/')).toEqual([]);
  });

  it('builds, from the stored roll-up, the same reports the roll-up would have published itself', async () => {
    // Prepare: the same roll-up published in process, and through jobs.
    const rollup = twoCities();
    const inProcess = new MemoryObjectStore();
    await publishRollup(rollup, { objects: inProcess });
    const objects = new MemoryObjectStore();
    const queue = recordingQueue();
    await publishRollupReports(rollup, { objects, reportJobs: { queue, inlineUnits: 0, unitsPerJob: 3 } });

    // Act: the workers run the jobs.
    for (const job of queue.jobs) await runReportJob(parseReportJob(JSON.stringify(job)), { objects });

    // Assess: every report with the same content (each workbook part byte for byte), the same index.
    const keys = (await inProcess.list('reports/')).filter((key) => key !== reportKeys.index);
    expect(keys).toHaveLength(2 + 2 * 4);
    for (const key of keys)
      expect(await content(objects.bytes(key)), key).toEqual(await content(inProcess.bytes(key)));
    const indexed = async (store: MemoryObjectStore) =>
      (await readIndex(store)).reports.map(({ key }) => key);
    expect(await indexed(objects)).toEqual(await indexed(inProcess));
  });

  it('keeps a roll-up with no more units than the inline limit in its own invocation', async () => {
    const objects = new MemoryObjectStore();
    const queue = recordingQueue();

    const publication = await publishRollupReports(twoCities(), {
      objects,
      reportJobs: { queue, inlineUnits: 4, unitsPerJob: 3 },
    });

    expect(queue.jobs).toEqual([]);
    expect(publication.queued).toBeUndefined();
    expect(publication.published).toHaveLength(2 + 2 * 4);
    expect(await objects.list(workKeys.prefix)).toEqual([]);
  });

  it('refuses a job whose stored roll-up is missing or of another roll-up, in Chinese', async () => {
    const objects = new MemoryObjectStore();
    const job: ReportJob = {
      period: '2024Q3',
      generatedAt: '2024-10-16T02:00:00.000Z',
      rollupKey: 'work/rollups/2024Q3/missing.json',
      units: [{ scope: 'city', code: '440300' }],
    };
    await expect(runReportJob(job, { objects })).rejects.toThrow(
      '读取汇总结果 work/rollups/2024Q3/missing.json 失败',
    );

    const other = { ...job, rollupKey: 'work/rollups/2024Q3/other.json' };
    await objects.put(
      other.rollupKey,
      JSON.stringify(aNationalRollup({ period: '2024Q2' })),
      'application/json',
    );
    await expect(runReportJob(other, { objects })).rejects.toThrow(ReportJobError);
    await expect(runReportJob(other, { objects })).rejects.toThrow('与任务的 2024Q3');
  });

  it('refuses a malformed job message, saying what a job looks like', () => {
    expect(() => parseReportJob('{')).toThrow('报告任务消息不是有效的 JSON');
    const job = {
      period: '2024Q3',
      generatedAt: '2024-10-16T02:00:00.000Z',
      rollupKey: 'work/rollups/x.json',
      units: [{ scope: 'city', code: '440300' }],
    };
    expect(parseReportJob(JSON.stringify(job))).toEqual(job);
    for (const bad of [
      { ...job, rollupKey: 'reports/index.json' },
      { ...job, units: [{ scope: 'nation', code: '440300' }] },
      { ...job, units: [{ scope: 'city', code: '../x' }] },
      { ...job, period: undefined },
    ])
      expect(() => parseReportJob(JSON.stringify(bad))).toThrow('报告任务消息格式不正确');
  });
});

describe('the SQS report-job queue', () => {
  const job = (n: number): ReportJob => ({
    period: '2024Q3',
    generatedAt: '2024-10-16T02:00:00.000Z',
    rollupKey: 'work/rollups/x.json',
    units: [{ scope: 'city', code: String(440300 + n) }],
  });

  it('sends ten jobs per batch and sends again the entries SQS refused', async () => {
    const sent: string[][] = [];
    let refuseOnce = true;
    const client = {
      send: async (command: { input: { Entries?: Array<{ Id?: string }> } }) => {
        const ids = (command.input.Entries ?? []).map((entry) => entry.Id ?? '');
        sent.push(ids);
        const failed = refuseOnce ? [{ Id: ids[0], Code: 'InternalError', SenderFault: false }] : [];
        refuseOnce = false;
        return { Successful: [], Failed: failed };
      },
    };

    await createSqsReportJobQueue(client as never, 'https://sqs.example/queue').send(
      Array.from({ length: 12 }, (_, n) => job(n)),
    );

    expect(sent.map((ids) => ids.length)).toEqual([10, 1, 2]);
    expect(sent[1]).toEqual(['0']);
  });

  it('fails naming the queue when SQS keeps refusing an entry', async () => {
    const client = {
      send: async () => ({
        Failed: [{ Id: '0', Code: 'KmsThrottled', Message: '限流', SenderFault: false }],
      }),
    };

    const sending = createSqsReportJobQueue(client as never, 'https://sqs.example/queue').send([job(0)]);

    await expect(sending).rejects.toThrow(ReportQueueError);
    await expect(sending).rejects.toThrow('1 个报告任务未能送入队列 https://sqs.example/queue');
  });
});
