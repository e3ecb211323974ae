/** `ipstats lock`, `ipstats unlock`, `ipstats locks`: period locks that stop further uploads. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { chinaTimeLabel, chinaTimeText } from '#shared/domain/chinaTime.ts';
import { ALL_CITIES, listLocks, lockPeriod, unlockPeriod } from '#shared/ingest/locks.ts';
import { addTargetOptions, cityArgument, quarterArgument, type TargetOptions } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { formatTable, withBackend } from './shared.ts';

export function registerLocks(program: Command, { io, now }: CommandContext): void {
  addTargetOptions(
    program
      .command('lock')
      .description('锁定报告期：此后该期的上传一律退回（可只锁一个城市），已入库的数据保持不变')
      .requiredOption('--period <PERIOD>', '季度，如 2024Q3', quarterArgument)
      .option('--city <CODE>', '只锁定该城市（默认全部城市）', cityArgument)
      .option('--reason <TEXT>', '锁定原因'),
  ).action(async (options: TargetOptions & { period: string; city?: string; reason?: string }) => {
    await withBackend(options, async (backend) => {
      const { lock, created } = await lockPeriod(
        {
          period: options.period,
          lockedBy: userInfo().username,
          ...(options.city ? { city: options.city } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
        },
        { locks: backend.locks, registry: await backend.registry(), now },
      );
      io.out(
        created
          ? `已锁定 ${describeLock(lock)}（${backend.description}）\n`
          : `${describeLock(lock)} 已于 ${chinaTimeLabel(lock.lockedAt)} 锁定\n`,
      );
    });
  });

  addTargetOptions(
    program
      .command('unlock')
      .description('解除报告期锁定')
      .requiredOption('--period <PERIOD>', '季度，如 2024Q3', quarterArgument)
      .option('--city <CODE>', '解除该城市的锁定（默认解除全部城市的锁定）', cityArgument),
  ).action(async (options: TargetOptions & { period: string; city?: string }) => {
    await withBackend(options, async (backend) => {
      const target = { period: options.period, city: options.city ?? ALL_CITIES };
      const { removed, remaining } = await unlockPeriod(target, {
        locks: backend.locks,
        registry: await backend.registry(),
      });
      io.out(
        removed ? `已解除锁定 ${describeLock(target)}\n` : `${describeLock(target)} 没有锁定，无需解除\n`,
      );
      for (const lock of remaining) io.out(`仍然有效：${describeLock(lock)}\n`);
    });
  });

  addTargetOptions(
    program
      .command('locks')
      .description('列出报告期锁定')
      .option('--period <PERIOD>', '只列出该季度', quarterArgument),
  ).action(async (options: TargetOptions & { period?: string }) => {
    await withBackend(options, async (backend) => {
      const locks = await listLocks({ locks: backend.locks }, options.period);
      if (locks.length === 0) {
        io.out('没有锁定的报告期\n');
        return;
      }
      io.out(
        formatTable([
          ['报告期', '城市', '锁定时间（北京时间）', '操作人', '原因'],
          ...locks.map((lock) => [
            lock.period,
            lock.city === ALL_CITIES ? '全部' : lock.city,
            chinaTimeText(lock.lockedAt),
            lock.lockedBy ?? '',
            lock.reason ?? '',
          ]),
        ]),
      );
    });
  });
}

function describeLock(lock: { period: string; city: string }): string {
  return lock.city === ALL_CITIES ? `${lock.period}（全部城市）` : `${lock.period}（城市 ${lock.city}）`;
}
