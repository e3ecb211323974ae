/** `ipstats reports list` / `ipstats reports get`: the published summaries (reports/…). */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import { ObjectNotFoundError } from '#shared/ports.ts';
import { readIndex } from '#shared/reports/reportIndex.ts';
import { UsageError } from '../errors.ts';
import { addTargetOptions, periodArgument, type TargetOptions } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { withBackend } from './shared.ts';

const REPORTS_PREFIX = 'reports/';

export function registerReports(program: Command, { io }: CommandContext): void {
  const reports = program.command('reports').description('汇总报告：列出、下载');

  addTargetOptions(
    reports
      .command('list')
      .description('列出已发布的汇总报告（全国与各城市的 .xlsx / .json）')
      .option('--period <PERIOD>', '只列出该报告期（2024Q3 或 2024）', periodArgument),
  ).action(async (options: TargetOptions & { period?: string }) => {
    await withBackend(options, async (backend) => {
      // The index lists every published report (it is written last by each roll-up): one read
      // instead of a listing of reports/, which grows with every city and period.
      const listed = (await readIndex(backend.objects)).reports.filter(
        (report) => !options.period || report.period === options.period,
      );
      if (listed.length === 0)
        io.out(options.period ? `没有 ${options.period} 的报告\n` : '还没有发布任何报告\n');
      // One key a line on stdout (for reports get and scripts); how many and when, on stderr.
      for (const report of listed) io.out(`${report.key}\n`);
      const latest = listed
        .map((report) => report.generatedAt)
        .sort()
        .at(-1);
      if (latest) io.err(`共 ${listed.length} 个报告，最近一次生成于 ${chinaTimeLabel(latest)}\n`);
    });
  });

  addTargetOptions(
    reports
      .command('get')
      .description('下载报告到本地目录（文件名取键的最后一段）')
      .argument('<KEY...>', '报告的键，如 reports/national/2024Q3/national-summary-2024Q3.xlsx')
      .option('--out <DIR>', '保存目录', '.'),
  ).action(async (keys: string[], options: TargetOptions & { out: string }) => {
    const outside = keys.filter((key) => !key.startsWith(REPORTS_PREFIX));
    if (outside.length > 0)
      throw new UsageError(`只能下载 ${REPORTS_PREFIX} 下的报告：${outside.join('、')}`);
    const directory = resolve(options.out);
    await mkdir(directory, { recursive: true });
    await withBackend(options, async (backend) => {
      for (const key of keys) {
        const target = join(directory, basename(key));
        const stored = await backend.objects.get(key).catch((error: unknown) => {
          throw error instanceof ObjectNotFoundError
            ? new UsageError(`报告不存在：${key}（用 ipstats reports list 查看）`, { cause: error })
            : error;
        });
        await pipeline(stored.body, createWriteStream(target));
        io.out(`${key} → ${target}\n`);
      }
    });
  });
}
