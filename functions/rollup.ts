/**
 * Lambda: roll-ups and performance assessments. On schedule (EventBridge) it rolls up the periods
 * due at the event's time and, in the run after a year's Q4 deadline, assesses every batch whose
 * programme covers that year. On demand (`{ "period": "2024Q3" }` or `{ "periods": [...] }`;
 * `{ "assessments": [{ "batch": 2022, "year": 2023 }] }`; `{ "assessYears": [2023] }` for every
 * batch covering those years; optionally `"now"` for the report time) what is asked for. Each
 * period is published before the next is started; assessments follow the roll-ups.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadRegistry } from '#shared/adapters/registryStore.ts';
import { runtime } from '#shared/adapters/runtime.ts';
// Loaded at init (full CPU), not with the first message: this function sends mail on its common
// path (runtime.ts imports the SES mailer on first use, for the functions that never mail).
import '#shared/adapters/sesMailer.ts';
// Likewise the SQS client: large roll-ups hand their reports to the report worker.
import '#shared/adapters/sqsReportJobQueue.ts';
import { type AssessmentSummary, assessBatch, assessmentsFor } from '#shared/assessment/assessBatch.ts';
import { parsePeriod } from '#shared/domain/period.ts';
import { notifyAssessment, notifyRollup } from '#shared/notifications/notify.ts';
import { type RollupSummary, rollupPeriod, scheduledPeriods } from '#shared/rollup/rollupPeriod.ts';
import { notifyDeps } from './notifications.ts';

export interface RollupRequest {
  period?: string;
  periods?: string[];
  /** Assessments of one batch for one year each. */
  assessments?: Array<{ batch: number; year: number }>;
  /** Years to assess, for every batch whose programme covers them. */
  assessYears?: number[];
  /** ISO-8601 roll-up time (generatedAt); default the invocation time. */
  now?: string;
}

export interface AssessedBatch extends Omit<AssessmentSummary, 'reports'> {
  reportKeys: string[];
  durationMs: number;
}

export interface RolledUpPeriod extends Omit<RollupSummary, 'reports' | 'queued'> {
  /** Province and city reports handed to the report worker (REPORT_QUEUE_URL), when they were. */
  queued?: { jobs: number; units: number };
  /** Keys of the published workbooks and JSON documents (those the report worker builds included). */
  reportKeys: string[];
  durationMs: number;
}

export async function handler(
  event: RollupRequest | ScheduledEvent,
  context?: Context,
): Promise<{ periods: RolledUpPeriod[]; assessments: AssessedBatch[] }> {
  const rt = runtime();
  const { config, objects, uploads, current, locks, telemetry, reportJobs } = rt;
  telemetry.startInvocation(context);
  const now = isScheduled(event) ? new Date(event.time) : event.now ? new Date(event.now) : new Date();
  if (Number.isNaN(now.getTime()))
    throw new Error(`Invalid roll-up time: ${JSON.stringify(isScheduled(event) ? event.time : event.now)}`);
  const periods = isScheduled(event) ? scheduledPeriods(now, config.deadlineDays) : requestedPeriods(event);
  const registry = await loadRegistry(objects, config.registryKey);
  // The run after a year's last deadline rolls up that year: it also assesses the year.
  const assessments = isScheduled(event)
    ? assessmentsFor(registry, periods.filter((period) => /^\d{4}$/.test(period)).map(Number))
    : [...requestedAssessments(event), ...assessmentsFor(registry, event.assessYears ?? [])];
  const done: RolledUpPeriod[] = [];
  const assessed: AssessedBatch[] = [];
  try {
    const notify = await notifyDeps(rt, registry, { withRecipients: true });
    for (const period of periods) {
      const { result, durationMs } = await timed(() =>
        rollupPeriod(period, {
          objects,
          uploads,
          current,
          locks,
          registry,
          deadlineDays: config.deadlineDays,
          now: () => now,
          log: telemetry.logger,
          ...(reportJobs ? { reportJobs } : {}),
        }),
      );
      telemetry.rollupCompleted(period, durationMs);
      const { reports, queued, ...summary } = result;
      // Reports handed to the report worker are listed too: they follow within minutes.
      const reportKeys = [...reports.map((report) => report.key), ...(queued?.keys ?? [])];
      done.push({
        ...summary,
        ...(queued ? { queued: { jobs: queued.jobs, units: queued.units } } : {}),
        reportKeys,
        durationMs,
      });
      if (notify) await notifyRollup({ ...summary, reportKeys }, notify);
    }
    for (const { batch, year } of assessments) {
      const { result, durationMs } = await timed(() =>
        assessBatch(batch, year, {
          objects,
          current,
          registry,
          deadlineDays: config.deadlineDays,
          now: () => now,
          log: telemetry.logger,
        }),
      );
      const { reports, ...summary } = result;
      const published = { ...summary, reportKeys: reports.map((report) => report.key), durationMs };
      assessed.push(published);
      // Like a roll-up's, the note goes through the same once-only delivery; it never fails the run.
      if (notify) await notifyAssessment(published, notify);
    }
  } finally {
    telemetry.flush();
  }
  return { periods: done, assessments: assessed };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; durationMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, durationMs: Math.round(performance.now() - started) };
}

function isScheduled(event: RollupRequest | ScheduledEvent): event is ScheduledEvent {
  return (event as ScheduledEvent)['detail-type'] === 'Scheduled Event';
}

function requestedPeriods(request: RollupRequest): string[] {
  const periods = request.periods ?? (request.period ? [request.period] : []);
  const assesses = (request.assessments?.length ?? 0) > 0 || (request.assessYears?.length ?? 0) > 0;
  if (periods.length === 0 && !assesses)
    throw new Error(
      'Roll-up request names no period: expected { "period": "2024Q3" }, { "periods": [...] }, { "assessments": [{ "batch": 2022, "year": 2023 }] } or { "assessYears": [2023] }',
    );
  // parsePeriod throws InvalidPeriodError naming the bad value.
  return periods.map((period) => parsePeriod(period).code);
}

function requestedAssessments(request: RollupRequest): Array<{ batch: number; year: number }> {
  return (request.assessments ?? []).map((entry) => {
    const { batch, year } = entry ?? {};
    if (!Number.isInteger(batch) || !Number.isInteger(year))
      throw new Error(
        `Invalid assessment request: ${JSON.stringify(entry)} (expected { "batch": 2022, "year": 2023 })`,
      );
    return { batch, year };
  });
}
