/**
 * The whole pipeline on one machine, shared by `ipstats demo` and `ipstats run`: a fresh embedded
 * stack, every upload put into the bucket and ingested (those of one city and period in order, each
 * one before the next; different cities at the same time), every
 * period with data rolled up, and the results of the uploads and the published reports mirrored
 * into a folder under `results/` and `reports/` (replacing those two folders there). Which objects
 * those are comes from the upload records in the table and from `reports/index.json`, not from
 * listing prefixes that grow with every upload.
 */

import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EMBEDDED_CONCURRENCY } from '#embedded/deliveryQueue.ts';
import { defaultIngestThreads } from '#embedded/ingestThreads.ts';
import type { EmbeddedStack, RollupResult } from '#embedded/stack.ts';
import { defaultChartThreads, startEmbeddedStack } from '#embedded/stack.ts';
import type { IngestedUpload } from '#functions/ingest.ts';
import { appConfig } from '#shared/adapters/config.ts';
import { yearsDueAt } from '#shared/assessment/assessBatch.ts';
import type { NotificationRecipients } from '#shared/domain/contacts.ts';
import { DEFAULT_REMINDER_DAYS } from '#shared/domain/notification.ts';
import { DEFAULT_DEADLINE_DAYS, parseQuarter, yearPeriod } from '#shared/domain/period.ts';
import { type City, citiesWithoutContacts, DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { scheduledRunTimes } from '#shared/notifications/selection.ts';
import type { ObjectStore } from '#shared/ports.ts';
import { readIndex } from '#shared/reports/reportIndex.ts';
import { mapWithConcurrency } from '#shared/rollup/concurrency.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { type CliIo, progressLine } from './io.ts';

/** Objects read from the bucket at the same time while mirroring. */
const MIRROR_CONCURRENCY = 8;

export interface PipelineUpload {
  /** `uploads/{cityCode}/{period}/{fileName}` (or whatever the user's folder gave). */
  key: string;
  body: Buffer;
  /** When the upload counts as received: the S3 event time. */
  eventTime: Date;
}

export interface PipelineOptions {
  uploads: readonly PipelineUpload[];
  /** Quarters to roll up; their years are rolled up after them. */
  quarters: readonly string[];
  outDirectory: string;
  registry?: readonly City[];
  /** Roll-up time (generatedAt); default now. */
  now?: Date;
  /** The analysts' and provinces' addresses (the cities' are in the registry). */
  recipients?: NotificationRecipients;
  /** Also send every message to this SMTP server (`--smtp`); the outbox keeps a copy. */
  smtpUrl?: string;
  io: CliIo;
}

export interface OutboxSummary {
  directory: string;
  /** Messages written, by kind (`upload-result`, `reminder`, `digest`, `rollup`). */
  byKind: Record<string, number>;
  total: number;
  /** Cities of the registry without contacts: no message was sent to them. */
  withoutContacts: City[];
}

export interface PeriodSummary {
  period: string;
  /** When the roll-up ran (the reports' 生成时间), ISO-8601. */
  generatedAt: string;
  completeness: NationalRollup['completeness'];
  /** Local path of the national workbook. */
  workbook: string;
}

export interface AssessmentSummaryLine {
  batch: number;
  year: number;
  /** Local path of the assessment workbook. */
  workbook: string;
}

export interface PipelineSummary {
  uploads: IngestedUpload[];
  /** Assessments published: every batch covering each year of the data whose Q4 deadline had passed. */
  assessments: AssessmentSummaryLine[];
  /** Uploads by the status ingest gave them. */
  statusCounts: Record<string, number>;
  periods: PeriodSummary[];
  outDirectory: string;
  outbox: OutboxSummary;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineSummary> {
  const outDirectory = resolve(options.outDirectory);
  const outboxDirectory = join(outDirectory, 'outbox');
  await rm(outboxDirectory, { recursive: true, force: true });
  const stack = await startEmbeddedStack({
    chartThreads: defaultChartThreads(),
    ingestThreads: defaultIngestThreads(),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.recipients ? { recipients: options.recipients } : {}),
    mail: { outboxDirectory, ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}) },
  });
  // Ctrl-C: close the servers and remove the temporary state rather than leave them behind.
  const interrupt = () => {
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    const { uploads, rolledUp, assessments } = await loadIntoStack(stack, options);
    await mirror(stack.objects, 'results/', await resultKeysOf(stack, uploads), outDirectory);
    await mirror(stack.objects, 'reports/', await publishedReportKeys(stack.objects), outDirectory);
    return {
      uploads,
      statusCounts: countBy(uploads.map((upload) => upload.status)),
      assessments: assessments.map(({ batch, year }) => ({
        batch,
        year,
        workbook: join(outDirectory, ...reportKeys.assessment(batch, year, 'xlsx').split('/')),
      })),
      periods: rolledUp.map(({ period, generatedAt, completeness }) => ({
        period,
        generatedAt,
        completeness,
        workbook: join(outDirectory, ...reportKeys.national(period, 'xlsx').split('/')),
      })),
      outDirectory,
      outbox: await outboxSummary(outboxDirectory, options.registry ?? DEFAULT_REGISTRY),
    };
  } finally {
    process.off('SIGINT', interrupt);
    await stack.stop();
  }
}

/**
 * Every upload ingested in order, then every period with data rolled up and every year past its
 * Q4 deadline assessed, in a running stack
 * (`ipstats serve --demo` loads the demo data set this way).
 */
export async function loadIntoStack(
  stack: EmbeddedStack,
  options: Pick<PipelineOptions, 'uploads' | 'quarters' | 'now' | 'io'>,
): Promise<
  { uploads: IngestedUpload[] } & Pick<RollupResult, 'assessments'> & { rolledUp: RollupResult['periods'] }
> {
  // The daily notification run on each day it sends something, interleaved with the uploads in
  // time, as it would have run while they arrived.
  const until = options.now ?? new Date();
  const runs = scheduledRunTimes(
    options.quarters.map((code) => parseQuarter(code).code),
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_REMINDER_DAYS,
  ).filter((at) => at.getTime() <= until.getTime());
  const uploads = await ingestAll(stack, options.uploads, options.io, runs);
  const periods = periodsToRollUp(options.quarters);
  // The performance assessment of every year of the data whose Q4 deadline has passed.
  const assessYears = yearsDueAt(
    periods.filter((period) => /^\d{4}$/.test(period)).map(Number),
    options.now ?? new Date(),
    appConfig().deadlineDays,
  );
  const { periods: rolledUp, assessments } =
    periods.length === 0
      ? { periods: [], assessments: [] }
      : await rollUp(stack, periods, assessYears, options);
  return { uploads, rolledUp, assessments };
}

/** Each quarter and, after the quarters, each year they belong to. */
export function periodsToRollUp(quarters: readonly string[]): string[] {
  const sorted = [...new Set(quarters.map((code) => parseQuarter(code).code))].sort();
  const years = [...new Set(sorted.map((code) => yearPeriod(parseQuarter(code).year).code))];
  return [...sorted, ...years];
}

async function rollUp(
  stack: EmbeddedStack,
  periods: string[],
  assessYears: number[],
  options: Pick<PipelineOptions, 'now' | 'io'>,
) {
  const progress = progressLine(options.io);
  progress.update(
    `汇总 ${periods.join(', ')}${assessYears.length > 0 ? `，绩效评价 ${assessYears.join(', ')}` : ''} …`,
  );
  const result = await stack.rollup({
    periods,
    ...(assessYears.length > 0 ? { assessYears } : {}),
    ...(options.now ? { now: options.now.toISOString() } : {}),
  });
  progress.done();
  return result;
}

/**
 * Uploads of one city go one after the other, in the folder's order (a correction arrives after
 * the file it corrects, as the city sent them, and a quarter before the next one, whose
 * cross-period checks read it); different cities go at the same time, as many as the embedded
 * stack ingests at once. Results keep the input order.
 */
async function ingestAll(
  stack: EmbeddedStack,
  uploads: readonly PipelineUpload[],
  io: CliIo,
  notificationRuns: readonly Date[],
): Promise<IngestedUpload[]> {
  const progress = progressLine(io);
  const runs = [...notificationRuns];
  const notifyUntil = async (time: number) => {
    while (runs.length > 0 && (runs[0] as Date).getTime() < time)
      await stack.notify({ now: (runs.shift() as Date).toISOString() });
  };
  const results = new Array<IngestedUpload[]>(uploads.length);
  let done = 0;
  // Between two notification runs the uploads go at the same time; each run waits for the
  // uploads received before it, as the daily run would have seen them.
  for (const segment of segmentsBetween(uploads, notificationRuns)) {
    await notifyUntil(uploads[segment[0] as number]?.eventTime.getTime() ?? Number.POSITIVE_INFINITY);
    await mapWithConcurrency(cityGroups(uploads, segment), EMBEDDED_CONCURRENCY, async (indexes) => {
      for (const index of indexes) {
        const upload = uploads[index] as PipelineUpload;
        const summary = await stack.upload(upload.key, upload.body, { eventTime: upload.eventTime });
        results[index] = summary.uploads;
        progress.update(`上传并校验 ${++done}/${uploads.length}  ${upload.key}`);
      }
    });
  }
  await notifyUntil(Number.POSITIVE_INFINITY);
  progress.done();
  return results.flat();
}

/**
 * The indexes of a segment by city (`uploads/{city}/…`), each in the given order: a city's uploads
 * go one after the other, so that a quarter is current before the next quarter's cross-period
 * checks (a stock that fell, an outlier) read it; different cities go at the same time.
 */
export function cityGroups(
  uploads: readonly Pick<PipelineUpload, 'key'>[],
  segment: readonly number[],
): number[][] {
  const groups = new Map<string, number[]>();
  for (const index of segment) {
    const [, city = ''] = (uploads[index] as Pick<PipelineUpload, 'key'>).key.split('/');
    const group = groups.get(city);
    if (group) group.push(index);
    else groups.set(city, [index]);
  }
  return [...groups.values()];
}

/**
 * The uploads' indexes cut where a notification run falls due: a new segment starts at the first
 * upload received after a run that has not yet been made, as a one-at-a-time loop would make it.
 */
export function segmentsBetween(
  uploads: readonly Pick<PipelineUpload, 'eventTime'>[],
  runs: readonly Date[],
): number[][] {
  const segments: number[][] = [];
  let next = 0;
  let current: number[] = [];
  uploads.forEach((upload, index) => {
    const time = upload.eventTime.getTime();
    if (next < runs.length && (runs[next] as Date).getTime() < time) {
      while (next < runs.length && (runs[next] as Date).getTime() < time) next += 1;
      if (current.length > 0) segments.push(current);
      current = [];
    }
    current.push(index);
  });
  if (current.length > 0) segments.push(current);
  return segments;
}

async function outboxSummary(directory: string, registry: readonly City[]): Promise<OutboxSummary> {
  const files = (await readdir(directory).catch(() => [] as string[])).filter((name) =>
    name.endsWith('.eml'),
  );
  // `{time}-{kind}.{…}.eml`
  const kinds = files.map((name) => name.slice(name.indexOf('-') + 1).split('.')[0] ?? '');
  return {
    directory,
    byKind: countBy(kinds),
    total: files.length,
    withoutContacts: citiesWithoutContacts(registry),
  };
}

/** The validation report and annotated workbook of each upload, as its record in the table names them. */
async function resultKeysOf(stack: EmbeddedStack, uploads: readonly IngestedUpload[]): Promise<string[]> {
  const records = await mapWithConcurrency(uploads, MIRROR_CONCURRENCY, (upload) =>
    stack.uploads.getUpload(upload.city, upload.period, upload.uploadId),
  );
  return [...new Set(records.flatMap((record) => [record?.reportKey, record?.annotatedKey].filter(isKey)))];
}

/** Every report in `reports/index.json`, and the index itself. */
async function publishedReportKeys(objects: ObjectStore): Promise<string[]> {
  const index = await readIndex(objects);
  if (index.reports.length === 0) return [];
  return [...index.reports.map((report) => report.key), reportKeys.index];
}

function isKey(key: string | undefined): key is string {
  return key !== undefined;
}

/** Copies the keys into the folder: what was under `prefix` from an earlier run is replaced, not mixed in. */
async function mirror(
  objects: ObjectStore,
  prefix: string,
  keys: readonly string[],
  outDirectory: string,
): Promise<void> {
  await rm(join(outDirectory, ...prefix.split('/')), { recursive: true, force: true });
  await mapWithConcurrency(keys, MIRROR_CONCURRENCY, async (key) => {
    const target = join(outDirectory, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const stored = await objects.get(key);
    await pipeline(stored.body, createWriteStream(target));
  });
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
