/** The closing summary of `ipstats demo` and `ipstats run`. */
import { relative } from 'node:path';
import { chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import { UPLOAD_STATE_TEXT, type UploadState } from '#shared/domain/submission.ts';
import { formatTable } from './commands/shared.ts';
import type { PipelineSummary } from './pipeline.ts';

export function formatPipelineSummary(summary: PipelineSummary): string {
  const counts = Object.entries(summary.statusCounts)
    .map(([state, count]) => `${UPLOAD_STATE_TEXT[state as UploadState] ?? state} ${count}`)
    .join('，');
  const lines = [`上传 ${summary.uploads.length} 个文件：${counts || '无'}`];
  const rejected = summary.uploads.filter((upload) => upload.status === 'rejected');
  for (const upload of rejected) lines.push(`  退回：${upload.key}（错误 ${upload.errors} 个）`);
  if (summary.periods.length > 0) {
    // A year counts the cities that reported its fourth quarter: say so while there is none yet.
    const codes = new Set(summary.periods.map(({ period }) => period));
    const partialYears = [...codes].filter((code) => /^\d{4}$/.test(code) && !codes.has(`${code}Q4`));
    lines.push(
      '',
      `汇总时间：${chinaTimeLabel(summary.periods[0]?.generatedAt)}`,
      formatTable([
        ['报告期', '应报', '已报', '按时', '迟报', '未报', '仅有被退回', '未到期', '报送率'],
        ...summary.periods.map(({ period, completeness: c }) => [
          partialYears.includes(period) ? `${period}*` : period,
          String(c.expected),
          String(c.reported),
          String(c.onTime),
          String(c.late),
          String(c.notReported),
          String(c.rejectedOnly),
          String(c.notDue),
          c.rate === null ? '—' : `${c.rate.toFixed(1)}%`,
        ]),
      ]).trimEnd(),
    );
    for (const year of partialYears) {
      const notDue = summary.periods.find(({ period }) => period === year)?.completeness.notDue ?? 0;
      lines.push(
        notDue > 0
          ? `* ${year} 年第四季度尚未到期：年度汇总按报送了第四季度的城市统计，到期前计为未到期（不是未报送），暂无报送率和全国数据`
          : `* ${year} 年第四季度尚无数据：年度汇总按报送了第四季度的城市统计，暂无全国数据`,
      );
    }
    const latest =
      summary.periods.filter((period) => /Q/.test(period.period)).at(-1) ?? summary.periods.at(-1);
    if (latest) lines.push('', `全国汇总表（${latest.period}）：${displayPath(latest.workbook)}`);
  }
  for (const { batch, year, workbook } of summary.assessments)
    lines.push(`绩效评价（${batch} 年度批次，${year} 年度）：${displayPath(workbook)}`);
  lines.push(`校验结果与报告：${displayPath(summary.outDirectory)}`);
  lines.push(formatOutbox(summary.outbox));
  return `${lines.join('\n')}\n`;
}

const KIND_TEXT: Record<string, string> = {
  'upload-result': '上传结果',
  reminder: '截止提醒',
  digest: '报送情况汇总',
  rollup: '汇总发布',
  assessment: '绩效评价发布',
};

function formatOutbox(outbox: PipelineSummary['outbox']): string {
  const kinds = Object.entries(outbox.byKind)
    .map(([kind, count]) => `${KIND_TEXT[kind] ?? kind} ${count}`)
    .join('，');
  const lines = [
    `通知邮件 ${outbox.total} 封：${kinds || '无'}（${displayPath(outbox.directory)}，ipstats outbox list 查看）`,
  ];
  if (outbox.withoutContacts.length > 0)
    lines.push(
      `  未配置联系人、未发送通知的城市：${outbox.withoutContacts.map((city) => `${city.name}（${city.code}）`).join('、')}`,
    );
  return lines.join('\n');
}

/** A path relative to the working directory when it lies below it, else as it is. */
export function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith('..') ? fromHere : path;
}
