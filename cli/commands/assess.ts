/**
 * `ipstats assess --batch 2022 [--year 2023]`: the performance assessment (绩效评价) of one batch,
 * through the roll-up function (locally or on AWS). The year defaults to the latest one whose
 * four quarters are past their deadline.
 */
import type { Command } from 'commander';
import { chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { UsageError } from '../errors.ts';
import { addTargetOptions, instantArgument, type TargetOptions, yearArgument } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { formatTable, withBackend } from './shared.ts';

type AssessOptions = TargetOptions & { batch: number; year?: number; now?: Date };

export function registerAssess(program: Command, { io, now: clock }: CommandContext): void {
  addTargetOptions(
    program
      .command('assess')
      .description(
        '绩效评价：评价一个批次（支持年度）的各城市在某一年度的绩效目标完成情况，发布评价表与 JSON',
      )
      .requiredOption('--batch <YEAR>', '批次（支持年度），如 2022', yearArgument)
      .option('--year <YEAR>', '评价年度（默认：四个季度均已过填报截止时间的最近年度）', yearArgument)
      .option(
        '--now <ISO-8601>',
        '评价时间（报告的生成时间，并据此确定默认评价年度），默认当前时间',
        instantArgument,
      )
      .addHelpText(
        'after',
        '\n示例：\n  ipstats assess --batch 2022                # 本机（.ipstats/），最近一个完整年度\n  ipstats assess --batch 2022 --year 2023 --aws\n',
      ),
  ).action(async (options: AssessOptions) => {
    const now = options.now ?? clock();
    // The use case (and its workbook writers) loads with the command, not with every `ipstats` start.
    const { latestAssessableYear } = await import('#shared/assessment/assessBatch.ts');
    const year = options.year ?? latestAssessableYear(now);
    if (year < options.batch)
      throw new UsageError(
        `评价年度 ${year} 早于批次 ${options.batch}：请用 --year 指定不早于批次年度的年份`,
      );
    await withBackend(options, async (backend) => {
      const registry = await backend.registry();
      if (!registry.some((city) => city.batchYear === options.batch))
        throw new UsageError(`城市名录中没有 ${options.batch} 年度批次的城市`);
      const [summary] = await backend.assess([{ batch: options.batch, year }], now);
      if (!summary) throw new Error(`汇总函数没有返回 ${options.batch} 批次 ${year} 年度的评价结果`);
      const rows = [
        ['排名', '城市', '总分', '等级', '评价建议'],
        ...summary.cities.map((city) => [
          city.rank === null ? '—' : String(city.rank),
          `${city.code} ${city.name}`,
          city.score === null ? '—' : city.score.toFixed(2),
          city.grade ?? '—',
          city.recommendation,
        ]),
      ];
      io.out(
        `已完成 ${options.batch} 年度批次 ${year} 年度绩效评价（${backend.description}，评价时间 ${chinaTimeLabel(summary.generatedAt)}）\n` +
          formatTable(rows) +
          `评价表：${reportKeys.assessment(options.batch, year, 'xlsx')}\n` +
          `JSON：${reportKeys.assessment(options.batch, year, 'json')}\n`,
      );
    });
  });
}
