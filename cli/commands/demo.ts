/** `ipstats demo` (what `npm start` runs): the pipeline end to end on the synthetic demo data. */
import type { Command } from 'commander';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { smtpOption } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { formatPipelineSummary } from '../summary.ts';

export function registerDemo(program: Command, { io }: CommandContext): void {
  program
    .command('demo')
    .description(
      '演示：生成 12 个城市 2023Q1–2024Q3 的模拟报送（固定随机种子），在本机嵌入式栈中逐个上传、校验、入库，汇总每个季度和年度，并把结果写到输出目录',
    )
    .option('--out <DIR>', '输出目录（其中的 results/、reports/ 与 outbox/ 会被替换）', './out')
    .addOption(smtpOption())
    .action(async (options: { out: string; smtp?: string }) => {
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

/** The demo data set as pipeline input (`ipstats demo`, `ipstats serve --demo`). */
export async function demoPipelineInput() {
  // The generator loads with the command, not with every `ipstats` start.
  const { demoRecipients, demoUploadsOf, generateDemoDataset, withDemoContacts } = await import(
    '#demo/index.ts'
  );
  const dataset = generateDemoDataset({ registry: DEFAULT_REGISTRY });
  const uploads = await demoUploadsOf(dataset);
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
