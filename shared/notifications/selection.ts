/**
 * Who is told what, and when: which reminders and digests fall on a day, which cities a reminder
 * goes to, and the rows of a digest. Pure functions; the submission state comes from the same
 * rule the roll-up uses (`rollup/submission.ts`).
 */

import { CHINA_OFFSET_MS } from '../domain/chinaTime.ts';
import {
  parseQuarter,
  quarterContaining,
  quarterDeadline,
  quarterFromIndex,
  quarterIndex,
} from '../domain/period.ts';
import { type City, programmeCovers } from '../domain/registry.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from '../domain/submission.ts';
import { citySubmission } from '../rollup/submission.ts';
import type { SubmissionState } from '../rollup/types.ts';

/** Scheduled runs go out at this China time (09:00). */
export const DEFAULT_NOTIFY_TIME_CHINA = { hour: 9, minute: 0 } as const;

const DAY_MS = 86_400_000;

/** The China calendar day of an instant, as a day number (days since 1970-01-01). */
function chinaDay(at: Date): number {
  return Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

export interface DueNotifications {
  reminders: Array<{ period: string; daysBefore: number; deadline: Date }>;
  digests: Array<{ period: string; deadline: Date }>;
}

/**
 * What a daily run at `at` sends: the reminders of each quarter whose deadline is `d` days after
 * today (China time) for `d` in `reminderDays`, and the digest of the quarter whose deadline was
 * yesterday. A run retried later the same day finds the same ones.
 */
export function dueNotifications(
  at: Date,
  deadlineDays: number,
  reminderDays: readonly number[],
): DueNotifications {
  const today = chinaDay(at);
  const latest = quarterIndex(quarterContaining(at));
  const due: DueNotifications = { reminders: [], digests: [] };
  // A deadline is at most 29 days after its quarter; a reminder may come months before it.
  const furthest = Math.ceil((Math.max(0, ...reminderDays) + deadlineDays) / 90) + 1;
  for (let index = latest - furthest; index <= latest; index++) {
    const quarter = quarterFromIndex(index);
    const deadline = quarterDeadline(quarter, deadlineDays);
    const deadlineDay = chinaDay(deadline);
    for (const daysBefore of reminderDays)
      if (deadlineDay - daysBefore === today)
        due.reminders.push({ period: quarter.code, daysBefore, deadline });
    if (deadlineDay + 1 === today) due.digests.push({ period: quarter.code, deadline });
  }
  return due;
}

/** The instants of every scheduled run that sends something for these quarters (for `ipstats run`). */
export function scheduledRunTimes(
  quarters: readonly string[],
  deadlineDays: number,
  reminderDays: readonly number[],
  time: { hour: number; minute: number } = DEFAULT_NOTIFY_TIME_CHINA,
): Date[] {
  const days = new Set<number>();
  for (const code of new Set(quarters)) {
    const deadlineDay = chinaDay(quarterDeadline(parseQuarter(code), deadlineDays));
    for (const daysBefore of reminderDays) days.add(deadlineDay - daysBefore);
    days.add(deadlineDay + 1);
  }
  const offset = (time.hour * 60 + time.minute) * 60_000 - CHINA_OFFSET_MS;
  return [...days].sort((a, b) => a - b).map((day) => new Date(day * DAY_MS + offset));
}

/** One city's state for a quarter, as a digest shows it. */
export interface DigestRow {
  code: string;
  name: string;
  province: string;
  submission: SubmissionState;
  firstAcceptedAt?: string;
  /** Arrival times of every upload of the quarter, oldest first. */
  uploadTimes: string[];
  locked: boolean;
}

export interface CityQuarterState {
  city: City;
  core: CurrentSheet | undefined;
  uploads: readonly UploadRecord[];
}

export function isLockedFor(locks: readonly PeriodLock[], period: string, city: string): boolean {
  return locks.some((lock) => lock.period === period && (lock.city === '*' || lock.city === city));
}

/** The digest rows of the cities expected to report `period`, in registry order. */
export function digestRows(
  period: string,
  states: readonly CityQuarterState[],
  locks: readonly PeriodLock[],
  deadline: Date,
): DigestRow[] {
  const quarter = parseQuarter(period);
  return states
    .filter((state) => programmeCovers(state.city, quarter))
    .map(({ city, core, uploads }) => {
      const detail = citySubmission({ core, uploads, reports: [], deadline, expected: true });
      return {
        code: city.code,
        name: city.name,
        province: city.province,
        submission: detail.submission,
        ...(detail.firstAcceptedAt ? { firstAcceptedAt: detail.firstAcceptedAt } : {}),
        uploadTimes: uploads.map((upload) => upload.eventTime).sort(),
        locked: isLockedFor(locks, period, city.code),
      };
    });
}

/**
 * The cities a reminder goes to: expected to report, 核心指标 not yet accepted, and the period not
 * locked for them (a locked period takes no upload, so a reminder would only mislead).
 */
export function reminderTargets(
  rows: readonly DigestRow[],
): Array<DigestRow & { submission: 'not_reported' | 'rejected_only' }> {
  return rows.filter(
    (row): row is DigestRow & { submission: 'not_reported' | 'rejected_only' } =>
      !row.locked && (row.submission === 'not_reported' || row.submission === 'rejected_only'),
  );
}
