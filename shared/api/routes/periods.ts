/**
 * `GET /api/periods`: the quarters of the caller's cities' programmes up to the current one, newest
 * first, with start, deadline, lock and the caller's status (a city: its uploads; a province or
 * an analyst: how many of its cities have reported).
 */

import {
  isFuture,
  parseQuarter,
  quarterContaining,
  quarterDeadline,
  quarterEnd,
  quarterFromIndex,
  quarterIndex,
  quarterRange,
  quarterStart,
} from '../../domain/period.ts';
import { programmeCovers, programmeEnd } from '../../domain/registry.ts';
import type { UploadRecord } from '../../domain/submission.ts';
import { acceptedCore } from '../../domain/uploadState.ts';
import { ALL_CITIES } from '../../ingest/locks.ts';
import type { RouteModule } from '../app.ts';
import { callerOf, nowOf, readableCities } from '../http.ts';

export const registerPeriods: RouteModule = (app, deps) => {
  app.get('/periods', async (c) => {
    const identity = callerOf(c);
    const now = nowOf(deps);
    const cities = readableCities(identity, await deps.registry());
    if (cities.length === 0) return c.json({ periods: [] });
    const first = Math.min(...cities.map((city) => quarterIndex(parseQuarter(city.programmeStart))));
    const last = Math.min(
      Math.max(...cities.map((city) => quarterIndex(programmeEnd(city)))),
      quarterIndex(quarterContaining(now)),
    );
    const quarters =
      last < first ? [] : quarterRange(quarterFromIndex(first), quarterFromIndex(last)).reverse();
    const locks = await deps.locks.listLocks();
    const uploadsByCity = new Map<string, UploadRecord[]>();
    for (const city of cities) uploadsByCity.set(city.code, await deps.uploads.listUploads(city.code));

    const periods = quarters.map((quarter) => {
      const relevantLocks = locks.filter(
        (lock) =>
          lock.period === quarter.code &&
          (lock.city === ALL_CITIES || cities.some((city) => city.code === lock.city)),
      );
      const due = cities.filter((city) => programmeCovers(city, quarter));
      const uploadsOf = (code: string) =>
        (uploadsByCity.get(code) ?? []).filter((upload) => upload.period === quarter.code);
      const reported = due.filter((city) => uploadsOf(city.code).some(acceptedCore));
      const base = {
        period: quarter.code,
        start: quarterStart(quarter).toISOString(),
        end: new Date(quarterEnd(quarter).getTime() - 1).toISOString(),
        deadline: quarterDeadline(quarter, deps.deadlineDays).toISOString(),
        open: !isFuture(quarter, now),
        overdue: now.getTime() > quarterDeadline(quarter, deps.deadlineDays).getTime(),
        locked: relevantLocks.some((lock) => lock.city === ALL_CITIES || lock.city === identity.city),
        locks: relevantLocks.map((lock) => ({
          city: lock.city,
          lockedAt: lock.lockedAt,
          ...(lock.reason ? { reason: lock.reason } : {}),
        })),
      };
      if (identity.role === 'city') {
        const own = identity.city ? uploadsOf(identity.city) : [];
        const latest = own.at(-1);
        return {
          ...base,
          status: {
            uploads: own.length,
            reported: own.some(acceptedCore),
            late: own.some((upload) => acceptedCore(upload) && upload.late),
            latest: latest
              ? { status: latest.status, eventTime: latest.eventTime, fileName: latest.fileName }
              : null,
          },
        };
      }
      return { ...base, status: { cities: due.length, reported: reported.length } };
    });
    return c.json({ now: now.toISOString(), periods });
  });
};
