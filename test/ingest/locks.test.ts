import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { LockRequestError, listLocks, lockPeriod, unlockPeriod } from '#shared/ingest/locks.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';

const at = (iso: string) => () => new Date(iso);

describe('period locks', () => {
  it('locks a quarter for every city when no city is named', async () => {
    const submissions = new MemorySubmissionStore();

    const result = await lockPeriod(
      { period: '2024q3', lockedBy: '分析员', reason: '年度考核' },
      { locks: submissions, now: at('2024-10-16T01:00:00Z') },
    );

    expect(result).toEqual({
      created: true,
      lock: {
        period: '2024Q3',
        city: '*',
        lockedAt: '2024-10-16T01:00:00.000Z',
        lockedBy: '分析员',
        reason: '年度考核',
      },
    });
    expect(await submissions.listLocks('2024Q3')).toEqual([result.lock]);
  });

  it('keeps the original lock when the quarter is locked again', async () => {
    const submissions = new MemorySubmissionStore();
    const first = await lockPeriod(
      { period: '2024Q3', city: '440300' },
      { locks: submissions, now: at('2024-10-16T01:00:00Z') },
    );

    const again = await lockPeriod(
      { period: '2024Q3', city: '440300' },
      { locks: submissions, now: at('2024-10-20T01:00:00Z') },
    );

    expect(again).toEqual({ created: false, lock: first.lock });
  });

  it('unlocks one lock and reports the locks of the quarter that remain', async () => {
    const submissions = new MemorySubmissionStore();
    await lockPeriod({ period: '2024Q3' }, { locks: submissions });
    const cityLock = await lockPeriod({ period: '2024Q3', city: '440300' }, { locks: submissions });

    const result = await unlockPeriod({ period: '2024Q3' }, { locks: submissions });
    const again = await unlockPeriod({ period: '2024Q3' }, { locks: submissions });

    expect(result).toEqual({ removed: true, remaining: [cityLock.lock] });
    expect(again.removed).toBe(false);
  });

  it('lists locks by period then city', async () => {
    const submissions = new MemorySubmissionStore();
    await lockPeriod({ period: '2024Q3', city: '440300' }, { locks: submissions });
    await lockPeriod({ period: '2024Q2' }, { locks: submissions });
    await lockPeriod({ period: '2024Q3' }, { locks: submissions });

    const all = await listLocks({ locks: submissions });
    const q3 = await listLocks({ locks: submissions }, '2024Q3');

    expect(all.map((lock) => `${lock.period} ${lock.city}`)).toEqual([
      '2024Q2 *',
      '2024Q3 *',
      '2024Q3 440300',
    ]);
    expect(q3.map((lock) => lock.city)).toEqual(['*', '440300']);
  });

  it('refuses a year, a malformed city code and a city outside the registry', async () => {
    const deps = { locks: new MemorySubmissionStore(), registry: DEFAULT_REGISTRY };

    await expect(lockPeriod({ period: '2024' }, deps)).rejects.toThrow(
      '只能锁定季度报告期（如 2024Q3），实际为 2024',
    );
    await expect(lockPeriod({ period: '2024Q3', city: '4403' }, deps)).rejects.toThrow(
      '城市代码应为 6 位数字，实际为 4403',
    );
    await expect(lockPeriod({ period: '2024Q3', city: '999999' }, deps)).rejects.toBeInstanceOf(
      LockRequestError,
    );
    expect(await deps.locks.listLocks()).toEqual([]);
  });
});
