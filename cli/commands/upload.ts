/** `ipstats upload FILE [--city C --period P]`: uploads a file and prints its validation result. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { UploadTargetUnknownError } from '#shared/validation/uploadTarget.ts';
import { UsageError } from '../errors.ts';
import { exitCodeOf, formatValidationReport, targetLine } from '../formatReport.ts';
import { addCityQuarterOptions, addTargetOptions, type TargetOptions } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { withBackend } from './shared.ts';

export function registerUpload(program: Command, { io, exit }: CommandContext): void {
  addTargetOptions(
    addCityQuarterOptions(
      program
        .command('upload')
        .description('上传报送文件（uploads/{城市代码}/{报告期}/{文件名}），等待并显示校验结果')
        .argument('<FILE>', '.xlsx 或 .csv 文件'),
      { required: false },
    )
      .option('--json', '只输出校验报告 JSON')
      .addHelpText(
        'after',
        '\n不指定 --city / --period 时，取自文件路径 …/城市代码/报告期/文件名，否则取自工作簿的基本信息表。\n',
      ),
  ).action(
    async (file: string, options: TargetOptions & { city?: string; period?: string; json?: boolean }) => {
      const body = await readFile(file).catch((cause: unknown) => {
        throw new UsageError(`无法读取文件 ${file}`, { cause });
      });
      // The readers (exceljs, papaparse) load with the command, not with every `ipstats` start.
      const { resolveUploadTarget } = await import('../validateFile.ts');
      const { city, period, from } = await resolveUploadTarget(file, options, DEFAULT_REGISTRY).catch(
        (cause: unknown) => {
          if (cause instanceof UploadTargetUnknownError) throw new UsageError(cause.message, { cause });
          throw cause;
        },
      );
      const fileName = basename(file);
      const key = `uploads/${city}/${period}/${fileName}`;
      await withBackend(options, async (backend) => {
        const record = await backend.upload({ key, city, period, fileName }, body);
        if (record.status === 'failed' || !record.reportKey)
          throw new Error(`${key} 处理失败：${record.failure ?? '没有校验报告'}`);
        const report = (await backend.objects.getJson(record.reportKey)) as ValidationReport;
        io.out(
          options.json
            ? `${JSON.stringify(report, null, 2)}\n`
            : `${targetLine(from, city, period)}已上传 ${key}（${backend.description}）\n${formatValidationReport(report)}`,
        );
        exit(exitCodeOf(report.status));
      });
    },
  );
}
