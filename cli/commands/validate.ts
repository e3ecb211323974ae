/** `ipstats validate FILE`: checks a file offline with the same rules as the ingest function. */
import { stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_DEADLINE_DAYS } from '#shared/domain/period.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { validateFile } from '#shared/validation/validateFile.ts';
import { UsageError } from '../errors.ts';
import { exitCodeOf, formatValidationReport } from '../formatReport.ts';
import { cityArgument, instantArgument, quarterArgument } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { readRegistryFile } from '../registryFile.ts';

export function registerValidate(program: Command, { io, exit }: CommandContext): void {
  program
    .command('validate')
    .description('离线校验一个报送文件（不上传）：退出码 0 = 通过（含有警告），1 = 退回，2 = 用法错误')
    .argument('<FILE>', '.xlsx 或 .csv 文件')
    .requiredOption('--city <CODE>', '城市代码（6 位）', cityArgument)
    .requiredOption('--period <PERIOD>', '报告期（季度，如 2024Q3）', quarterArgument)
    .option('--json', '只输出校验报告 JSON')
    .option('--registry <FILE>', '城市名录 JSON（默认内置的 12 个城市）')
    .option('--now <ISO-8601>', '视为上传的时间（决定是否迟报），默认当前时间', instantArgument)
    .option('--annotated <FILE>', '另存标注了问题单元格的工作簿')
    .addHelpText(
      'after',
      '\n示例：\n  ipstats validate 深圳2024Q3.xlsx --city 440300 --period 2024Q3\n  ipstats validate indicators.csv --city 330100 --period 2024Q3 --json\n',
    )
    .action(
      async (
        file: string,
        options: {
          city: string;
          period: string;
          json?: boolean;
          registry?: string;
          now?: Date;
          annotated?: string;
        },
      ) => {
        const fileStat = await stat(file).catch((cause: unknown) => {
          throw new UsageError(`找不到文件 ${file}`, { cause });
        });
        if (!fileStat.isFile()) throw new UsageError(`${file} 不是文件`);
        const registry = options.registry ? await readRegistryFile(options.registry) : DEFAULT_REGISTRY;
        const { report, annotated } = await validateFile(file, {
          city: options.city,
          period: options.period,
          registry,
          receivedAt: options.now ?? new Date(),
          deadlineDays: DEFAULT_DEADLINE_DAYS,
          annotate: Boolean(options.annotated),
        });
        if (options.annotated && annotated) await writeFile(options.annotated, annotated);
        io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatValidationReport(report));
        exit(exitCodeOf(report.status));
      },
    );
}
