/**
 * Lambda: roll-ups. On schedule (EventBridge) it rolls up the periods due at the event's time;
 * on demand (`{ "period": "2024Q3" }` or `{ "periods": [...] }`, optionally `"now"` for the
 * report time) the periods asked for. Each period is published before the next is started.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadRegistry } from '#shared/adapters/registryStore.ts';
import { runtime } from '#shared/adapters/runtime.ts';
import { parsePeriod } from '#shared/domain/period.ts';
import { notifyPublication } from '#shared/notifications/notify.ts';
import { type RollupSummary, rollupPeriod, scheduledPeriods } from '#shared/rollup/rollupPeriod.ts';
import { notifyDeps } from './notifications.ts';

export interface RollupRequest {
  period?: string;
  periods?: string[];
  /** ISO-8601 roll-up time (generatedAt); default the invocation time. */
  now?: string;
}

export interface RolledUpPeriod extends Omit<RollupSummary, 'reports'> {
  /** Keys of the published workbooks and JSON documents. */
  reportKeys: string[];
  durationMs: number;
}

export async function handler(
  event: RollupRequest | ScheduledEvent,
  context?: Context,
): Promise<{ periods: RolledUpPeriod[] }> {
  const rt = runtime();
  const { config, objects, uploads, current, locks, telemetry } = rt;
  telemetry.startInvocation(context);
  const now = isScheduled(event) ? new Date(event.time) : event.now ? new Date(event.now) : new Date();
  if (Number.isNaN(now.getTime()))
    throw new Error(`Invalid roll-up time: ${JSON.stringify(isScheduled(event) ? event.time : event.now)}`);
  const periods = isScheduled(event) ? scheduledPeriods(now, config.deadlineDays) : requestedPeriods(event);
  const registry = await loadRegistry(objects, config.registryKey);
  const done: RolledUpPeriod[] = [];
  try {
    const notify = await notifyDeps(rt, registry, { withRecipients: true });
    for (const period of periods) {
      const started = performance.now();
      const { reports, ...summary } = await rollupPeriod(period, {
        objects,
        uploads,
        current,
        locks,
        registry,
        deadlineDays: config.deadlineDays,
        now: () => now,
        log: telemetry.logger,
      });
      const durationMs = Math.round(performance.now() - started);
      telemetry.rollupCompleted(period, durationMs);
      const reportKeys = reports.map((report) => report.key);
      done.push({ ...summary, reportKeys, durationMs });
      if (notify) {
        const { completeness } = summary;
        await notifyPublication(
          {
            kind: 'rollup',
            period,
            generatedAt: now.toISOString(),
            keys: reportKeys,
            summary: `应报 ${completeness.expected} 个城市，已报 ${completeness.reported} 个（迟报 ${completeness.late}），未报 ${completeness.notReported} 个。`,
          },
          notify,
        );
      }
    }
  } finally {
    telemetry.flush();
  }
  return { periods: done };
}

function isScheduled(event: RollupRequest | ScheduledEvent): event is ScheduledEvent {
  return (event as ScheduledEvent)['detail-type'] === 'Scheduled Event';
}

function requestedPeriods(request: RollupRequest): string[] {
  const periods = request.periods ?? (request.period ? [request.period] : []);
  if (periods.length === 0)
    throw new Error(
      'Roll-up request names no period: expected { "period": "2024Q3" } or { "periods": [...] }',
    );
  // parsePeriod throws InvalidPeriodError naming the bad value.
  return periods.map((period) => parsePeriod(period).code);
}
