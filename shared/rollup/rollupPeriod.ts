/**
 * The roll-up use case: load the current accepted data of a period, compute the roll-up, publish
 * the reports. Scheduled runs decide their periods from the event time with `scheduledPeriods`.
 */
import { DEFAULT_DEADLINE_DAYS, latestDueQuarter, type Period, parsePeriod } from '../domain/period.ts';
import type { Logger } from '../ports.ts';
import type { PublishedReport } from '../reports/publish.ts';
import { publishRollupReports, type ReportJobSettings } from '../reports/reportJobs.ts';
import { combineRollup } from './compute.ts';
import { loadCitySummaries, type RollupLoadDeps } from './load.ts';
import type { NationalRollup } from './types.ts';

/** What a roll-up reads (`RollupLoadDeps`), and its clock and log. */
export interface RollupDeps extends RollupLoadDeps {
  /** The roll-up time (`generatedAt`); the system clock by default. */
  now?: () => Date;
  log?: Logger;
  /** Report jobs for other invocations (AWS); without them every report is built here. */
  reportJobs?: ReportJobSettings;
  /** Filled with the milliseconds each phase took (for the benchmark). */
  phases?: RollupPhaseTimes;
}

/** Wall-clock milliseconds of a roll-up's phases. */
export interface RollupPhaseTimes {
  /** Reading every city, each summarised as soon as it is read. */
  loadMs?: number;
  /** The national step over the cities' summaries. */
  computeMs?: number;
  publishMs?: number;
  /** From the start until the national reports were indexed (they wait for no city workbook). */
  nationalMs?: number;
}

export interface RollupSummary {
  period: string;
  generatedAt: string;
  dataAsOf: string | null;
  completeness: NationalRollup['completeness'];
  /** Warnings listed in the data-quality sheet. */
  warnings: number;
  /** The reports published by this invocation. */
  reports: PublishedReport[];
  /** The province and city reports handed to the report workers, when they were. */
  queued?: { jobs: number; units: number; keys: string[] };
}

export async function rollupPeriod(period: string, deps: RollupDeps): Promise<RollupSummary> {
  const parsed = parsePeriod(period);
  const generatedAt = (deps.now ?? (() => new Date()))();
  const phases = deps.phases ?? {};
  const started = performance.now();
  const clock = lapClock();
  // Only the roll-up is held while publishing: the cities' summaries go with `loadAndCombine`.
  const rollup = await loadAndCombine(parsed, deps, generatedAt, phases, clock);
  const { published: reports, queued } = await publishRollupReports(rollup, deps, {
    nationalIndexed: () => {
      phases.nationalMs = Math.round(performance.now() - started);
    },
  });
  phases.publishMs = clock.lap();
  const summary: RollupSummary = {
    period: rollup.period,
    generatedAt: rollup.generatedAt,
    dataAsOf: rollup.lineage.dataAsOf,
    completeness: rollup.completeness,
    warnings: rollup.dataQuality.length,
    reports,
    ...(queued ? { queued } : {}),
  };
  deps.log?.info('roll-up published', {
    period: summary.period,
    reported: summary.completeness.reported,
    expected: summary.completeness.expected,
    reports: reports.length,
    bytes: reports.reduce((total, report) => total + report.bytes, 0),
    ...(queued ? { queuedJobs: queued.jobs, queuedUnits: queued.units } : {}),
  });
  return summary;
}

/**
 * The roll-up computed while loading: each city summarised as soon as it is read (timed as the
 * load), then the national step over the summaries (the compute).
 */
async function loadAndCombine(
  period: Period,
  deps: RollupDeps,
  generatedAt: Date,
  phases: RollupPhaseTimes,
  clock: { lap(): number },
): Promise<NationalRollup> {
  const { frame, cities, locks } = await loadCitySummaries(period, deps, { generatedAt }).finally(() => {
    phases.loadMs = clock.lap();
  });
  const rollup = combineRollup(frame, cities, locks);
  phases.computeMs = clock.lap();
  return rollup;
}

/** Milliseconds since the previous lap (or the start). */
function lapClock(): { lap(): number } {
  let started = performance.now();
  return {
    lap() {
      const now = performance.now();
      const ms = Math.round(now - started);
      started = now;
      return ms;
    },
  };
}

/**
 * The periods a scheduled run at `now` reports on: the latest quarter whose deadline has passed,
 * and, when that is a fourth quarter (the January run), its whole year as well.
 */
export function scheduledPeriods(now: Date, deadlineDays = DEFAULT_DEADLINE_DAYS): string[] {
  const quarter = latestDueQuarter(now, deadlineDays);
  return quarter.quarter === 4 ? [quarter.code, String(quarter.year)] : [quarter.code];
}
