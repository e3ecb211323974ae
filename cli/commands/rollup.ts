/** `ipstats rollup --period P`: on-demand roll-up of one period (the roll-up function, locally or on AWS). */
import type { Command } from 'commander';
import { chinaDateText, chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import { firstQuarterOf, quarterStart, tryParsePeriod } from '#shared/domain/period.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { UsageError } from '../errors.ts';
import { addTargetOptions, periodArgument, type TargetOptions } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { withBackend } from './shared.ts';

export function registerRollup(program: Command, { io, now }: CommandContext): void {
  addTargetOptions(
    program
      .command('rollup')
      .description('立即汇总一个报告期（季度或年度），发布全国与各城市汇总报告')
      .requiredOption('--period <PERIOD>', '报告期：季度 2024Q3 或年度 2024', periodArgument)
      .addHelpText(
        'after',
        '\n示例：\n  ipstats rollup --period 2024Q3            # 本机（.ipstats/）\n  ipstats rollup --period 2024 --aws        # 已部署的栈\n',
      ),
  ).action(async (options: TargetOptions & { period: string }) => {
    const notStarted = periodNotStarted(options.period, now());
    if (notStarted) throw new UsageError(notStarted);
    await withBackend(options, async (backend) => {
      const [summary] = await backend.rollup([options.period]);
      if (!summary) throw new Error(`汇总函数没有返回 ${options.period} 的结果`);
      const { completeness: c } = summary;
      io.out(
        `已汇总 ${options.period}（${backend.description}，汇总时间 ${chinaTimeLabel(summary.generatedAt)}）\n` +
          `${completenessLine(c)}` +
          `${c.rate === null ? (c.notDue > 0 ? '，截止时间未到，暂无报送率' : '') : `，报送率 ${c.rate.toFixed(1)}%`}\n` +
          `全国汇总表：${reportKeys.national(options.period, 'xlsx')}\n`,
      );
    });
  });
}

/** 应报 = 按时 + 迟报 + 未报 + 仅有被退回 (+ 未到期): every expected city in exactly one state. */
export function completenessLine(c: NationalRollup['completeness']): string {
  const notDue = c.notDue ? ` + 未到期 ${c.notDue}` : '';
  return `应报 ${c.expected} = 按时 ${c.onTime} + 迟报 ${c.late} + 未报 ${c.notReported} + 仅有被退回 ${c.rejectedOnly}${notDue}（已报 ${c.reported}）`;
}

/** Why a period cannot be rolled up yet (it has not started, China time), or `undefined`. */
export function periodNotStarted(code: string, now: Date): string | undefined {
  const period = tryParsePeriod(code);
  if (!period) return undefined;
  const starts = quarterStart(firstQuarterOf(period));
  return starts.getTime() > now.getTime()
    ? `报告期 ${period.code} 尚未开始（${chinaDateText(starts)} 起），没有可汇总的数据`
    : undefined;
}
