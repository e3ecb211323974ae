/**
 * `ipstats demo` (what `npm start` runs): the pipeline end to end on the synthetic demo data; with
 * `--uploads DIR`, only the demo's upload files, to try `validate` and `run` on.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { chinaIsoText } from '#shared/domain/chinaTime.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { smtpOption } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { displayPath, formatPipelineSummary } from '../summary.ts';

export function registerDemo(program: Command, { io }: CommandContext): void {
  program
    .command('demo')
    .description(
      '演示：生成 12 个城市 2023Q1–2024Q3 的模拟报送（固定随机种子），在本机嵌入式栈中逐个上传、校验、入库，汇总每个季度和年度，并把结果写到输出目录',
    )
    .option('--out <DIR>', '输出目录（其中的 results/、reports/ 与 outbox/ 会被替换）', './out')
    .option(
      '--uploads <DIR>',
      '只写出演示的上传文件（DIR/城市代码/报告期/序号-文件名，文件修改时间即上传时间），不运行演示；之后可用 ipstats validate 与 ipstats run 试用',
    )
    .addOption(smtpOption())
    .addHelpText(
      'after',
      '\n示例：\n  ipstats demo                     # 完整演示，结果写到 ./out\n  ipstats demo --uploads ./uploads # 只写出上传文件\n',
    )
    .action(async (options: { out: string; uploads?: string; smtp?: string }) => {
      if (options.uploads) {
        await writeDemoUploads(options.uploads, io);
        return;
      }
      io.out('生成演示数据（12 个城市，2023Q1–2024Q3）…\n');
      const demo = await demoPipelineInput();
      for (const scenario of demo.scenarios) io.out(`  · ${scenario.description}\n`);
      const { runPipeline } = await import('../pipeline.ts');
      const summary = await runPipeline({
        ...demo,
        outDirectory: options.out,
        io,
        ...(options.smtp ? { smtpUrl: options.smtp } : {}),
      });
      io.out(formatPipelineSummary(summary));
    });
}

/** The demo data set and its upload files. */
async function demoUploads() {
  // The generator loads with the command, not with every `ipstats` start.
  const demo = await import('#demo/index.ts');
  const dataset = demo.generateDemoDataset({ registry: DEFAULT_REGISTRY });
  return { demo, dataset, uploads: await demo.demoUploadsOf(dataset) };
}

/**
 * Writes the demo's upload files as `ipstats run` reads a folder and prints what to try on them:
 * an accepted workbook and the rejected CSV through `validate`, the whole folder through `run`.
 */
async function writeDemoUploads(dir: string, io: CliIo): Promise<void> {
  const present = await readdir(dir).catch(() => []);
  if (present.length > 0)
    throw new UsageError(`目录 ${dir} 中已有文件：请指定新目录或空目录，以免与已有文件混在一起`);
  const { demo, dataset, uploads } = await demoUploads();
  const written = await demo.writeDemoFolder(uploads, dir);
  const last = written.at(-1);
  const accepted = written.findLast(
    ({ path, upload }) =>
      upload.city === '440300' && upload.expectedStatus === 'accepted' && path.endsWith('.xlsx'),
  );
  const rejected = written.find(({ upload }) => upload.expectedStatus === 'rejected');
  const folder = displayPath(dir);
  const lines = [
    `已写出演示的 ${written.length} 个上传文件（${dataset.registry.length} 个城市，${dataset.periods[0]}–${dataset.periods.at(-1)}）：${join(folder, '城市代码', '报告期', '序号-文件名')}，文件修改时间即上传时间`,
    '试一试（城市与报告期取自文件路径，--now 为当时的上传时间）：',
  ];
  for (const [example, outcome] of [
    [accepted, '通过'],
    [rejected, '退回，退出码 1'],
  ] as const) {
    if (example)
      lines.push(
        `  ipstats validate ${displayPath(example.path)} --now ${chinaIsoText(example.upload.uploadedAt)}   # ${outcome}`,
      );
  }
  if (last)
    lines.push(
      `  ipstats run --uploads ${folder} --out ./out --now ${chinaIsoText(rollupTime([last.upload.uploadedAt]))}   # 同 ipstats demo`,
    );
  io.out(`${lines.join('\n')}\n`);
}

/** The demo data set as pipeline input (`ipstats demo`, `ipstats serve --demo`). */
export async function demoPipelineInput() {
  const { demo, dataset, uploads } = await demoUploads();
  const { demoRecipients, withDemoContacts } = demo;
  return {
    scenarios: dataset.scenarios,
    uploads: uploads.map((upload) => ({
      key: `uploads/${upload.city}/${upload.period}/${upload.fileName}`,
      body: upload.body,
      eventTime: upload.uploadedAt,
    })),
    quarters: dataset.periods,
    registry: withDemoContacts(dataset.registry),
    recipients: demoRecipients(dataset.registry),
    now: rollupTime(uploads.map((upload) => upload.uploadedAt)),
  };
}

/**
 * The demo's reports are dated just after its last upload, so that running it again gives the
 * same reports (and none of its quarters counts as "not yet due").
 */
function rollupTime(uploadTimes: readonly Date[]): Date {
  const last = Math.max(...uploadTimes.map((time) => time.getTime()));
  return new Date(last + 3_600_000);
}
