/** A validation report as a readable Chinese table (`ipstats validate` / `ipstats upload`). */

import { chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import {
  STATUS_TEXT,
  type UploadStatus,
  type ValidationIssue,
  type ValidationReport,
} from '#shared/domain/validation.ts';
import { explanationLine } from '#shared/validation/explanationState.ts';
import type { TargetSource } from '#shared/validation/uploadTarget.ts';
import { formatTable } from './commands/shared.ts';
import { EXIT } from './errors.ts';

export function formatValidationReport(report: ValidationReport): string {
  const lines = [
    `文件：${report.file}`,
    `城市：${report.city}  报告期：${report.period}${report.receivedAt ? `  上传时间：${chinaTimeLabel(report.receivedAt)}` : ''}${report.late ? '  （迟报）' : ''}`,
    `结果：${STATUS_TEXT[report.status]}（错误 ${report.counts.errors} 个，警告 ${report.counts.warnings} 个）`,
  ];
  if (report.headline) lines.push(report.headline);
  const ignored = report.ignoredSheets ?? [];
  if (report.sheets.length > 0 || ignored.length > 0) {
    lines.push(
      '',
      formatTable([
        ['工作表', '结果', '行数'],
        ...report.sheets.map((sheet) => [sheet.name, STATUS_TEXT[sheet.status], String(sheet.rows)]),
        ...ignored.map((sheet) => [sheet.name, `已忽略：${sheet.reason}`, '']),
      ]).trimEnd(),
    );
  }
  for (const note of report.notes ?? []) lines.push(`说明：${note}`);
  if (report.issues.length > 0) {
    const rows = report.issues.map((issue) => [
      issue.severity === 'error' ? '错误' : '警告',
      issue.sheet,
      issue.cell ?? (issue.row === undefined ? '' : `第 ${issue.row} 行`),
      issue.column ?? '',
      issue.value ?? '',
      `${issue.message} [${issue.code}]${explanationText(issue, report)}`,
    ]);
    lines.push('', formatTable([['级别', '工作表', '位置', '列', '值', '问题'], ...rows]).trimEnd());
    if (report.truncated) lines.push(`（问题过多，仅列出前 ${report.issues.length} 个）`);
  }
  return `${lines.join('\n')}\n`;
}

/** 已说明 with the city's words, or 待说明 with where to write them (a CSV: its 备注 column), for a verification warning. */
function explanationText(issue: ValidationIssue, report: ValidationReport): string {
  const line = explanationLine(issue, report.format);
  return line ? `（${line}）` : '';
}

/** 0 when the upload is accepted (with or without warnings), 1 when it is partly or wholly rejected. */
export function exitCodeOf(status: UploadStatus): number {
  return status === 'rejected' || status === 'partially_accepted' ? EXIT.rejected : EXIT.ok;
}

const TARGET_SOURCES: Record<TargetSource, string> = { path: '文件路径', basicInfo: '基本信息表' };

/** The line saying where a city and period not given were found (empty when they were given). */
export function targetLine(from: TargetSource | undefined, city: string, period: string): string {
  return from ? `城市与报告期取自${TARGET_SOURCES[from]}：${city} ${period}\n` : '';
}
