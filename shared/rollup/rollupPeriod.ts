/**
 * The roll-up use case: load the current accepted data of a period, compute the roll-up, publish
 * the reports. Scheduled runs decide their periods from the event time with `scheduledPeriods`.
 */
import { DEFAULT_DEADLINE_DAYS, latestDueQuarter, parsePeriod } from '../domain/period.ts';
import type { Logger } from '../ports.ts';
import { type PublishedReport, publishRollup } from '../reports/publish.ts';
import { computeRollup } from './compute.ts';
import { loadRollupInput, type RollupLoadDeps } from './load.ts';
import type { NationalRollup } from './types.ts';

/** What a roll-up reads (`RollupLoadDeps`), and its clock and log. */
export interface RollupDeps extends RollupLoadDeps {
  /** The roll-up time (`generatedAt`); the system clock by default. */
  now?: () => Date;
  log?: Logger;
}

export interface RollupSummary {
  period: string;
  generatedAt: string;
  dataAsOf: string | null;
  completeness: NationalRollup['completeness'];
  /** Warnings listed in the data-quality sheet. */
  warnings: number;
  reports: PublishedReport[];
}

export async function rollupPeriod(period: string, deps: RollupDeps): Promise<RollupSummary> {
  const parsed = parsePeriod(period);
  const generatedAt = (deps.now ?? (() => new Date()))();
  const input = await loadRollupInput(parsed, deps, { generatedAt });
  const rollup = computeRollup(input);
  const reports = await publishRollup(rollup, deps);
  const summary: RollupSummary = {
    period: rollup.period,
    generatedAt: rollup.generatedAt,
    dataAsOf: rollup.lineage.dataAsOf,
    completeness: rollup.completeness,
    warnings: rollup.dataQuality.length,
    reports,
  };
  deps.log?.info('roll-up published', {
    period: summary.period,
    reported: summary.completeness.reported,
    expected: summary.completeness.expected,
    reports: reports.length,
    bytes: reports.reduce((total, report) => total + report.bytes, 0),
  });
  return summary;
}

/**
 * The periods a scheduled run at `now` reports on: the latest quarter whose deadline has passed,
 * and, when that is a fourth quarter (the January run), its whole year as well.
 */
export function scheduledPeriods(now: Date, deadlineDays = DEFAULT_DEADLINE_DAYS): string[] {
  const quarter = latestDueQuarter(now, deadlineDays);
  return quarter.quarter === 4 ? [quarter.code, String(quarter.year)] : [quarter.code];
}
