/**
 * When demo uploads arrive: on a working day a few days after the quarter ends, in China office
 * hours (09:00–17:30, UTC+8), as city bureaus do.
 */
import { type QuarterPeriod, quarterEnd } from '#shared/domain/period.ts';
import type { Random } from './random.ts';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const OFFICE_OPENS_MINUTES = 9 * 60;
const OFFICE_MINUTES = 8 * 60 + 30;

/** Public holidays that fall in upload windows (month-day, China): New Year, Qingming, May Day, National Day. */
const HOLIDAYS = new Set(['01-01', '04-04', '04-05', '04-06', '05-01', '05-02', '05-03', '05-04', '05-05']);
const NATIONAL_DAY_WEEK = { month: 10, lastDay: 7 };

function isWorkingDay(dayStart: Date): boolean {
  const china = new Date(dayStart.getTime() + CHINA_OFFSET_MS);
  const weekday = china.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const month = china.getUTCMonth() + 1;
  const day = china.getUTCDate();
  if (month === NATIONAL_DAY_WEEK.month && day <= NATIONAL_DAY_WEEK.lastDay) return false;
  return !HOLIDAYS.has(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** Start (China midnight) of the n-th day after the quarter's last day. */
function dayAfterQuarter(period: QuarterPeriod, n: number): Date {
  return new Date(quarterEnd(period).getTime() + (n - 1) * DAY_MS);
}

function inOfficeHours(dayStart: Date, random: Random): Date {
  const minutes = OFFICE_OPENS_MINUTES + random.int(0, OFFICE_MINUTES - 1);
  return new Date(dayStart.getTime() + minutes * 60_000 + random.int(0, 59) * 1000);
}

/**
 * A time on a working day between the `firstDay`-th and `lastDay`-th day after the quarter
 * (falls back to `firstDay` itself when the window holds no working day).
 */
export function uploadTime(
  period: QuarterPeriod,
  window: { firstDay: number; lastDay: number },
  random: Random,
): Date {
  const days: Date[] = [];
  for (let n = window.firstDay; n <= window.lastDay; n++) {
    const start = dayAfterQuarter(period, n);
    if (isWorkingDay(start)) days.push(start);
  }
  return inOfficeHours(
    random.pick(days.length > 0 ? days : [dayAfterQuarter(period, window.firstDay)]),
    random,
  );
}

/** Office hours of the first working day at least `days` days after `from`. */
export function workingDayAfter(from: Date, days: number, random: Random): Date {
  const chinaMidnight = Math.floor((from.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  let start = new Date(chinaMidnight + days * DAY_MS);
  while (!isWorkingDay(start)) start = new Date(start.getTime() + DAY_MS);
  return inOfficeHours(start, random);
}

/** `2024-10-08`: the China calendar date of an instant. */
export function chinaDateText(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
