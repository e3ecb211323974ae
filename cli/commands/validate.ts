/** `ipstats validate FILE`: checks a file offline with the same rules as the ingest function. */

import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DEADLINE_DAYS, parseQuarter, previousQuarter } from '#shared/domain/period.ts';
import { UploadTargetUnknownError } from '#shared/validation/uploadTarget.ts';
import { UsageError } from '../errors.ts';
import { exitCodeOf, formatValidationReport, targetLine } from '../formatReport.ts';
import { addCityQuarterOptions, instantArgument, registryOption } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { registryOrDefault } from '../registryFile.ts';

export function registerValidate(program: Command, { io, exit, now }: CommandContext): void {
  addCityQuarterOptions(
    program
      .command('validate')
      .description('离线校验一个报送文件（不上传）：退出码 0 = 通过（含有警告），1 = 退回，2 = 用法错误')
      .argument('<FILE>', '.xlsx 或 .csv 文件'),
    { required: false },
  )
    .option('--json', '只输出校验报告 JSON')
    .addOption(registryOption())
    .option('--now <ISO-8601>', '视为上传的时间（决定是否迟报），默认当前时间', instantArgument)
    .option('--annotated <FILE>', '另存标注了问题单元格的工作簿')
    .option(
      '--previous <FILE>',
      '本市上一季度报送的文件：与之比较累计值是否下降、数值是否异常波动（入库时与已入库的上季度数据比较）',
    )
    .addHelpText(
      'after',
      '\n不指定 --city / --period 时，取自文件路径 …/城市代码/报告期/文件名，否则取自工作簿的基本信息表。\n\n示例：\n  ipstats validate 深圳2024Q3.xlsx --city 440300 --period 2024Q3\n  ipstats validate 深圳2024Q3.xlsx\n  ipstats validate uploads/330100/2024Q3/indicators.csv --json\n  ipstats validate 深圳2024Q3.xlsx --previous 深圳2024Q2.xlsx\n',
    )
    .action(
      async (
        file: string,
        options: {
          city?: string;
          period?: string;
          json?: boolean;
          registry?: string;
          now?: Date;
          annotated?: string;
          previous?: string;
        },
      ) => {
        const fileStat = await stat(file).catch((cause: unknown) => {
          throw new UsageError(`找不到文件 ${file}`, { cause });
        });
        if (!fileStat.isFile()) throw new UsageError(`${file} 不是文件`);
        // Checked before the file is read, so that a typo costs nothing and loses nothing.
        if (options.annotated) await assertWritableTarget(options.annotated);
        const registry = await registryOrDefault(options.registry);
        // The readers (exceljs, papaparse) load with the command, not with every `ipstats` start.
        const { PreviousQuarterError, previousQuarterOf, resolveUploadTarget, validateFile } = await import(
          '../validateFile.ts'
        );
        const receivedAt = options.now ?? now();
        const known = async <T>(work: () => Promise<T>): Promise<T> =>
          work().catch((cause: unknown) => {
            if (cause instanceof UploadTargetUnknownError || cause instanceof PreviousQuarterError)
              throw new UsageError(cause.message, { cause });
            throw cause;
          });
        const previous = options.previous
          ? await known(() => previousOfFile(options.previous as string))
          : undefined;
        async function previousOfFile(path: string) {
          if (!(await stat(path).catch(() => undefined))?.isFile())
            throw new UsageError(`找不到 --previous 的文件 ${path}`);
          const target = await resolveUploadTarget(file, options, registry);
          const quarter = (() => {
            try {
              return previousQuarter(parseQuarter(target.period)).code;
            } catch (cause) {
              throw new UsageError(`报告期 ${target.period} 不是季度，不能与上一季度比较`, { cause });
            }
          })();
          return previousQuarterOf(
            path,
            { city: target.city, period: quarter },
            { registry, receivedAt, deadlineDays: DEFAULT_DEADLINE_DAYS },
          );
        }
        const { report, annotated, targetFrom } = await known(() =>
          validateFile(file, {
            ...(options.city ? { city: options.city } : {}),
            ...(options.period ? { period: options.period } : {}),
            registry,
            receivedAt,
            deadlineDays: DEFAULT_DEADLINE_DAYS,
            annotate: Boolean(options.annotated),
            ...(previous ? { previous } : {}),
          }),
        );
        if (options.annotated && annotated) await writeFile(options.annotated, annotated);
        io.out(
          options.json
            ? `${JSON.stringify(report, null, 2)}\n`
            : targetLine(targetFrom, report.city, report.period) + formatValidationReport(report),
        );
        if (options.annotated && !options.json)
          io.out(
            annotated
              ? `标注后的工作簿：${options.annotated}\n`
              : `未写出标注后的工作簿（${options.annotated}）：文件没有可标注的内容\n`,
          );
        exit(exitCodeOf(report.status));
      },
    );
}

/** The annotated copy goes to a file in an existing folder, never over a folder. */
async function assertWritableTarget(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory())
    throw new UsageError(`--annotated：文件夹 ${folder} 不存在，请先创建或换一个路径`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory())
    throw new UsageError(`--annotated：${path} 是文件夹，请给出文件名（如 标注.xlsx）`);
}
