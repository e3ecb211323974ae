/**
 * Reporting periods in the DHIS2 convention: quarters `2024Q3` (uploaded) and years `2024`
 * (derived). Dates are computed in China Standard Time (UTC+8), where deadlines are defined.
 */

import { CHINA_OFFSET_MS } from './chinaTime.ts';

export type Quarter = 1 | 2 | 3 | 4;
export interface QuarterPeriod {
  kind: 'quarter';
  year: number;
  quarter: Quarter;
  code: string;
}
export interface YearPeriod {
  kind: 'year';
  year: number;
  code: string;
}
export type Period = QuarterPeriod | YearPeriod;

export class InvalidPeriodError extends Error {
  constructor(readonly input: string) {
    super(`报告期格式错误：${input}（应为 2024Q3 或 2024）`);
    this.name = 'InvalidPeriodError';
  }
}

export const DEFAULT_DEADLINE_DAYS = 15;

export function quarterPeriod(year: number, quarter: number): QuarterPeriod {
  return { kind: 'quarter', year, quarter: quarter as Quarter, code: `${year}Q${quarter}` };
}

export function yearPeriod(year: number): YearPeriod {
  return { kind: 'year', year, code: String(year) };
}

/** Parses `2024Q3`, `2024q3` or `2024`; throws InvalidPeriodError otherwise. */
export function parsePeriod(input: string): Period {
  const found = tryParsePeriod(input);
  if (!found) throw new InvalidPeriodError(input);
  return found;
}

export function tryParsePeriod(input: string): Period | undefined {
  const text = input.trim().toUpperCase();
  const quarter = /^(\d{4})Q([1-4])$/.exec(text);
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]));
  const year = /^(\d{4})$/.exec(text);
  if (year) return yearPeriod(Number(year[1]));
  return undefined;
}

export function parseQuarter(input: string): QuarterPeriod {
  const period = parsePeriod(input);
  if (period.kind !== 'quarter') throw new InvalidPeriodError(input);
  return period;
}

/** Quarters counted from year 0, so that differences count quarters. */
export function quarterIndex(period: QuarterPeriod): number {
  return period.year * 4 + (period.quarter - 1);
}

export function quarterFromIndex(index: number): QuarterPeriod {
  return quarterPeriod(Math.floor(index / 4), (index % 4) + 1);
}

export function addQuarters(period: QuarterPeriod, count: number): QuarterPeriod {
  return quarterFromIndex(quarterIndex(period) + count);
}

export function previousQuarter(period: QuarterPeriod): QuarterPeriod {
  return addQuarters(period, -1);
}

export function sameQuarterLastYear(period: QuarterPeriod): QuarterPeriod {
  return quarterPeriod(period.year - 1, period.quarter);
}

/** Q1 … the given quarter of the same year (the quarters a YTD value is built from). */
export function quartersToDate(period: QuarterPeriod): QuarterPeriod[] {
  return Array.from({ length: period.quarter }, (_, i) => quarterPeriod(period.year, i + 1));
}

export function quartersOfYear(year: number): QuarterPeriod[] {
  return quartersToDate(quarterPeriod(year, 4));
}

/** Inclusive range of quarters. */
export function quarterRange(from: QuarterPeriod, to: QuarterPeriod): QuarterPeriod[] {
  const out: QuarterPeriod[] = [];
  for (let i = quarterIndex(from); i <= quarterIndex(to); i++) out.push(quarterFromIndex(i));
  return out;
}

/** The first quarter a period covers (the quarter itself, or Q1 of a year). */
export function firstQuarterOf(period: Period): QuarterPeriod {
  return period.kind === 'quarter' ? period : quarterPeriod(period.year, 1);
}

/** The last quarter a period covers (the quarter itself, or Q4 of a year). */
export function lastQuarterOf(period: Period): QuarterPeriod {
  return period.kind === 'quarter' ? period : quarterPeriod(period.year, 4);
}

/** First instant of the quarter in China time, as a UTC Date. */
export function quarterStart(period: QuarterPeriod): Date {
  return new Date(Date.UTC(period.year, (period.quarter - 1) * 3, 1) - CHINA_OFFSET_MS);
}

/** First instant after the quarter in China time. */
export function quarterEnd(period: QuarterPeriod): Date {
  return quarterStart(addQuarters(period, 1));
}

/**
 * The reporting deadline: the end of the day `deadlineDays` after the quarter's last day,
 * China time (15 days: 2024Q3 is due by 2024-10-15 23:59:59.999 +08:00).
 */
export function quarterDeadline(period: QuarterPeriod, deadlineDays = DEFAULT_DEADLINE_DAYS): Date {
  return new Date(quarterEnd(period).getTime() + deadlineDays * 86_400_000 - 1);
}

export function isLate(
  period: QuarterPeriod,
  uploadedAt: Date,
  deadlineDays = DEFAULT_DEADLINE_DAYS,
): boolean {
  return uploadedAt.getTime() > quarterDeadline(period, deadlineDays).getTime();
}

/** A quarter cannot be reported before it has started. */
export function isFuture(period: QuarterPeriod, at: Date): boolean {
  return at.getTime() < quarterStart(period).getTime();
}

/** The latest quarter whose deadline has passed at `at` (what a scheduled roll-up reports on). */
export function latestDueQuarter(at: Date, deadlineDays = DEFAULT_DEADLINE_DAYS): QuarterPeriod {
  let candidate = quarterFromIndex(quarterIndex(quarterContaining(at)) - 1);
  while (quarterDeadline(candidate, deadlineDays).getTime() >= at.getTime())
    candidate = previousQuarter(candidate);
  return candidate;
}

export function quarterContaining(at: Date): QuarterPeriod {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  return quarterPeriod(china.getUTCFullYear(), Math.floor(china.getUTCMonth() / 3) + 1);
}
