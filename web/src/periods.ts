/** The periods a report page offers: every quarter the API lists and the years they make up. */
import type { PeriodInfo } from './api.ts';

export function reportPeriods(periods: readonly PeriodInfo[]): string[] {
  const quarters = periods.map((info) => info.period).filter((period) => /^\d{4}Q[1-4]$/.test(period));
  const years = [...new Set(quarters.map((period) => period.slice(0, 4)))];
  // Newest first; a year after its fourth quarter.
  return [...quarters, ...years].sort((a, b) => `${b}Q5`.slice(0, 6).localeCompare(`${a}Q5`.slice(0, 6)));
}

/** The latest quarter whose deadline has passed (reports exist), else the latest quarter. */
export function latestReported(periods: readonly PeriodInfo[], nowIso?: string): string {
  const now = nowIso ? new Date(nowIso) : new Date();
  const sorted = [...periods].sort((a, b) => b.period.localeCompare(a.period));
  const due = sorted.find((info) => new Date(info.deadline).getTime() <= now.getTime());
  return (due ?? sorted[0])?.period ?? '';
}
