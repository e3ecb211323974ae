/**
 * Report jobs: the province and city reports of a roll-up handed to other invocations when one
 * invocation would not build them all in time (on AWS an SQS queue consumed by the report-worker
 * function). The roll-up writes the computed roll-up once to `work/rollups/…` and sends jobs of a
 * few dozen reporting units each; a worker reads it, builds and puts its units' reports with the
 * same code as the in-process path (`publishUnits`) and merges them into `reports/index.json`.
 */
import { reportKeys } from '../domain/uploadKey.ts';
import type { ObjectStore, ReportJob, ReportJobQueue, ReportUnit } from '../ports.ts';
import type { NationalRollup } from '../rollup/types.ts';
import {
  type PublishDeps,
  type PublishProgress,
  publishNational,
  publishRollup,
  publishUnits,
  reportUnits,
} from './publish.ts';
import { JSON_CONTENT_TYPE, type PublishedReport, updateIndex } from './reportIndex.ts';

export type { ReportJob, ReportJobQueue, ReportUnit } from '../ports.ts';

/** Where a roll-up's computed result waits for the report workers (expired by a lifecycle rule). */
export const workKeys = {
  prefix: 'work/',
  rollup: (period: string, generatedAt: string) =>
    `work/rollups/${period}/${generatedAt.replace(/[^0-9A-Za-z]/g, '')}.json`,
};

export interface ReportJobSettings {
  queue: ReportJobQueue;
  /** Up to this many reporting units are built in the roll-up's own invocation. */
  inlineUnits: number;
  /** Reporting units per job (one worker invocation). */
  unitsPerJob: number;
}

/** What a roll-up published itself, and what it handed to the report workers. */
export interface RollupPublication {
  published: PublishedReport[];
  /** Absent when every report was built in this invocation. */
  queued?: { jobs: number; units: number; keys: string[] };
}

/**
 * Publishes a roll-up's reports: all of them here (a bounded pool; the national pair indexed
 * first), or, with report jobs configured and more units than `inlineUnits`, the national pair
 * here (indexed at once: it waits for no city) and every province and city as jobs for the workers.
 */
export async function publishRollupReports(
  rollup: NationalRollup,
  deps: PublishDeps & { reportJobs?: ReportJobSettings },
  progress: PublishProgress = {},
): Promise<RollupPublication> {
  const units = reportUnits(rollup);
  const jobs = deps.reportJobs;
  if (!jobs || units.length <= jobs.inlineUnits)
    return { published: await publishRollup(rollup, deps, progress) };
  const national = await publishNational(rollup, deps);
  await updateIndex(deps.objects, national, rollup.generatedAt, deps.indexRetry);
  progress.nationalIndexed?.();
  const sent = await dispatchReportJobs(rollup, units, deps.objects, jobs);
  return {
    published: national,
    queued: {
      jobs: sent.length,
      units: units.length,
      keys: units.flatMap((unit) => unitReportKeys(rollup.period, unit)),
    },
  };
}

/** The keys a unit's reports get (xlsx, then JSON), known before they are built. */
export function unitReportKeys(period: string, unit: ReportUnit): string[] {
  return (['xlsx', 'json'] as const).map((format) =>
    unit.scope === 'city'
      ? reportKeys.city(unit.code, period, format)
      : reportKeys.province(unit.code, period, format),
  );
}

/** Writes the roll-up for the workers and sends one job per `unitsPerJob` units; returns the jobs. */
export async function dispatchReportJobs(
  rollup: NationalRollup,
  units: readonly ReportUnit[],
  objects: ObjectStore,
  settings: Pick<ReportJobSettings, 'queue' | 'unitsPerJob'>,
): Promise<ReportJob[]> {
  const rollupKey = workKeys.rollup(rollup.period, rollup.generatedAt);
  await objects.put(rollupKey, JSON.stringify(rollup), JSON_CONTENT_TYPE);
  const size = Math.max(1, settings.unitsPerJob);
  const jobs: ReportJob[] = [];
  for (let start = 0; start < units.length; start += size)
    jobs.push({
      period: rollup.period,
      generatedAt: rollup.generatedAt,
      rollupKey,
      units: units.slice(start, start + size),
    });
  await settings.queue.send(jobs);
  return jobs;
}

export class ReportJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReportJobError';
  }
}

/** The roll-up a job refers to; kept for the next job of the same roll-up in this instance. */
let cached: { key: string; rollup: NationalRollup } | undefined;

async function readRollup(objects: ObjectStore, job: ReportJob): Promise<NationalRollup> {
  if (cached?.key === job.rollupKey) return cached.rollup;
  let rollup: NationalRollup;
  try {
    rollup = (await objects.getJson(job.rollupKey)) as NationalRollup;
  } catch (cause) {
    throw new ReportJobError(`读取汇总结果 ${job.rollupKey} 失败，无法生成 ${job.period} 的报告`, { cause });
  }
  if (rollup.period !== job.period || rollup.generatedAt !== job.generatedAt)
    throw new ReportJobError(
      `汇总结果 ${job.rollupKey} 是 ${rollup.period}（${rollup.generatedAt}）的，与任务的 ${job.period}（${job.generatedAt}）不符`,
    );
  cached = { key: job.rollupKey, rollup };
  return rollup;
}

/** Builds and puts the reports of one job's units, then merges them into the index. */
export async function runReportJob(job: ReportJob, deps: PublishDeps): Promise<PublishedReport[]> {
  const rollup = await readRollup(deps.objects, job);
  const published = await publishUnits(rollup, job.units, deps);
  await updateIndex(deps.objects, published, job.generatedAt, deps.indexRetry);
  return published;
}

/** A job read from a queue message; a malformed one is an error that names what is wrong. */
export function parseReportJob(body: string): ReportJob {
  let job: Partial<ReportJob>;
  try {
    job = JSON.parse(body) as Partial<ReportJob>;
  } catch (cause) {
    throw new ReportJobError('报告任务消息不是有效的 JSON', { cause });
  }
  const unitsValid =
    Array.isArray(job.units) &&
    job.units.every(
      (unit) =>
        (unit?.scope === 'city' || unit?.scope === 'province') &&
        typeof unit.code === 'string' &&
        /^\d{6}$/.test(unit.code),
    );
  if (
    typeof job.period !== 'string' ||
    typeof job.generatedAt !== 'string' ||
    typeof job.rollupKey !== 'string' ||
    !job.rollupKey.startsWith(workKeys.prefix) ||
    !unitsValid
  )
    throw new ReportJobError(
      `报告任务消息格式不正确：应为 { period, generatedAt, rollupKey: "work/…", units: [{ scope: "city" | "province", code: "440300" }] }，实际为 ${body.slice(0, 200)}`,
    );
  return job as ReportJob;
}
