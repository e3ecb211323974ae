/**
 * Period locks (报告期锁定): an analyst locks a quarter for every city (`*`) or for one city, and
 * uploads into it are rejected (PERIOD_LOCKED) while the accepted data stays as it is. The CLI
 * (`ipstats lock` / `unlock`) is a thin layer over these use cases.
 */
import { parseQuarter } from '../domain/period.ts';
import { type City, findCity } from '../domain/registry.ts';
import type { PeriodLock } from '../domain/submission.ts';
import type { Locks } from '../ports.ts';

export const ALL_CITIES = '*';

/** A lock request that names no quarter or an unknown city. */
export class LockRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LockRequestError';
  }
}

export interface LockDeps {
  locks: Locks;
  /** When given, a city must be in it. */
  registry?: readonly City[];
  now?: () => Date;
}

export interface LockRequest {
  period: string;
  /** A city code; every city when absent. */
  city?: string;
  lockedBy?: string;
  reason?: string;
}

/** Locks a quarter; locking what is already locked keeps the original lock. */
export async function lockPeriod(
  request: LockRequest,
  deps: LockDeps,
): Promise<{ lock: PeriodLock; created: boolean }> {
  const { period, city } = lockTarget(request, deps.registry);
  const existing = (await deps.locks.listLocks(period)).find((lock) => lock.city === city);
  if (existing) return { lock: existing, created: false };
  const lock: PeriodLock = {
    period,
    city,
    lockedAt: (deps.now ?? (() => new Date()))().toISOString(),
    ...(request.lockedBy ? { lockedBy: request.lockedBy } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  await deps.locks.putLock(lock);
  return { lock, created: true };
}

/**
 * Removes the lock of a quarter for one city, or the all-cities lock. Other locks of the quarter
 * (a city's own lock beside the all-cities one) stay; `remaining` lists them.
 */
export async function unlockPeriod(
  request: Pick<LockRequest, 'period' | 'city'>,
  deps: LockDeps,
): Promise<{ removed: boolean; remaining: PeriodLock[] }> {
  const { period, city } = lockTarget(request, deps.registry);
  const removed = await deps.locks.deleteLock(period, city);
  return { removed, remaining: await deps.locks.listLocks(period) };
}

/** Every lock, or the locks of one quarter, by period then city. */
export async function listLocks(deps: Pick<LockDeps, 'locks'>, period?: string): Promise<PeriodLock[]> {
  const quarter = period === undefined ? undefined : quarterCode(period);
  const locks = await deps.locks.listLocks(quarter);
  return [...locks].sort((a, b) =>
    a.period === b.period ? compare(a.city, b.city) : compare(a.period, b.period),
  );
}

function lockTarget(
  request: Pick<LockRequest, 'period' | 'city'>,
  registry?: readonly City[],
): { period: string; city: string } {
  const period = quarterCode(request.period);
  const city = request.city?.trim() || ALL_CITIES;
  if (city !== ALL_CITIES) {
    if (!/^\d{6}$/.test(city)) throw new LockRequestError(`城市代码应为 6 位数字，实际为 ${city}`);
    if (registry && !findCity(registry, city)) throw new LockRequestError(`城市代码 ${city} 不在城市名录中`);
  }
  return { period, city };
}

function quarterCode(period: string): string {
  try {
    return parseQuarter(period).code;
  } catch (cause) {
    throw new LockRequestError(`只能锁定季度报告期（如 2024Q3），实际为 ${period}`, { cause });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
