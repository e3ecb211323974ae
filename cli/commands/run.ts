/** `ipstats run`: the whole pipeline on a folder of real uploads. */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { instantArgument, recipientsOption, registryOption, smtpOption } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { readRecipientsFile, readRegistryFile } from '../registryFile.ts';
import { formatPipelineSummary } from '../summary.ts';
import { scanUploadFolder } from '../uploadFolder.ts';

export function registerRun(program: Command, { io }: CommandContext): void {
  program
    .command('run')
    .description(
      '在本机跑完整流程：按路径顺序上传目录中的文件（文件修改时间即上传时间），逐个校验入库，再汇总有数据的季度及其年度',
    )
    .requiredOption('--uploads <DIR>', '上传目录，结构为 DIR/{城市代码}/{报告期}/{文件名}')
    .requiredOption(
      '--out <DIR>',
      '输出目录：写入 results/…（校验报告）、reports/…（汇总报告）与 outbox/（通知邮件 .eml），替换其中原有的这三个目录',
    )
    .addOption(registryOption())
    .addOption(recipientsOption())
    .addOption(smtpOption())
    .option('--now <ISO-8601>', '汇总时间（报告的生成时间），默认当前时间', instantArgument)
    .addHelpText(
      'after',
      '\n示例：\n  ipstats run --uploads ./uploads --out ./out --now 2024-10-20T10:00:00+08:00\n',
    )
    .action(
      async (options: {
        uploads: string;
        out: string;
        registry?: string;
        recipients?: string;
        smtp?: string;
        now?: Date;
      }) => {
        const registry = options.registry ? await readRegistryFile(options.registry) : undefined;
        const recipients = options.recipients ? await readRecipientsFile(options.recipients) : undefined;
        const scan = await scanUploadFolder(options.uploads);
        for (const path of scan.skipped) io.err(`跳过 ${path}（隐藏文件或 Office 临时文件）\n`);
        for (const upload of scan.uploads) {
          if (upload.keyProblem)
            io.err(
              `注意：${upload.path} 不符合 {城市代码}/{报告期}/{文件名} 结构，将按原样上传并被退回：${upload.keyProblem}\n`,
            );
        }
        if (scan.uploads.length === 0) throw new UsageError(`${options.uploads} 中没有可上传的文件`);
        const { runPipeline } = await import('../pipeline.ts');
        const quarters = scan.uploads.flatMap((upload) => (upload.period ? [upload.period] : []));
        const summary = await runPipeline({
          uploads: scan.uploads,
          quarters,
          outDirectory: options.out,
          io,
          ...(registry ? { registry } : {}),
          ...(recipients ? { recipients } : {}),
          ...(options.smtp ? { smtpUrl: options.smtp } : {}),
          ...(options.now ? { now: options.now } : {}),
        });
        io.out(formatPipelineSummary(summary));
      },
    );
}
