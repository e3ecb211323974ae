/**
 * China time (北京时间, UTC+8, no daylight saving): the one place that turns an instant into the
 * wall-clock time people in China read — in reports, messages, e-mails and the CLI.
 */

export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant (ISO-8601 text or a Date) as the wall-clock time in China, for a date cell (Excel dates have no zone). */
export function chinaWallClock(at: string | Date): Date {
  return new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + CHINA_OFFSET_MS);
}

/** `2024-10-16T02:00:00Z` → `2024-10-16 10:00`; a text that is not a time is returned as it is. */
export function chinaTimeText(at: string | Date): string {
  const wall = chinaWallClock(at);
  if (Number.isNaN(wall.getTime())) return String(at);
  return wall.toISOString().slice(0, 16).replace('T', ' ');
}

/** `2024-10-16T02:00:00Z` → `2024-10-16`. */
export function chinaDateText(at: string | Date): string {
  return chinaTimeText(at).slice(0, 10);
}

/** `2024-10-16T10:00+08:00`: an instant to the minute as a person in China types it (`--now`). */
export function chinaIsoText(at: string | Date): string {
  return `${chinaTimeText(at).replace(' ', 'T')}+08:00`;
}

/** `2024-10-16 10:00（北京时间）`, or `—` when there is no time: how the CLI prints a time. */
export function chinaTimeLabel(at: string | Date | undefined | null): string {
  return at === undefined || at === null || at === '' ? '—' : `${chinaTimeText(at)}（北京时间）`;
}
