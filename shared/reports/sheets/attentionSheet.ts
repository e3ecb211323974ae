/**
 * 需关注: the attention list (`attention.ts`) as one printable sheet, three tables under each
 * other — targets behind (worst first), submissions missing or late, warnings 待说明.
 */
import type { AttentionList } from '../attention.ts';
import { kindForUnit, progressKindForUnit, SUBMISSION_LABELS } from '../labels.ts';
import type { ImageWorkbookWriter } from '../xlsx/imageWorkbookWriter.ts';
import { ReportSheet, type ReportStamp, wrappedRowHeight } from '../xlsx/reportSheet.ts';

export const ATTENTION_SHEET = '需关注';

const WIDTHS = [10, 16, 10, 30, 7, 12, 12, 12, 12, 10, 10, 60];

/** Width of the cells merged from `column` to the last column. */
function widthFrom(column: number): number {
  return WIDTHS.slice(column - 1).reduce((total, width) => total + width, 0);
}

export function writeAttentionSheet(
  workbook: ImageWorkbookWriter,
  stamp: ReportStamp,
  input: { title: string; list: AttentionList },
): void {
  const { list } = input;
  const sheet = new ReportSheet(workbook, ATTENTION_SHEET, stamp, {
    title: input.title,
    widths: WIDTHS,
    frozenRows: 2,
  });
  sheet.blank();
  sheet.heading(`一、未达到应完成进度的目标（${list.targets.length} 项，按落后程度排序）`);
  const targetHeader = sheet.header([
    '城市代码',
    '城市名称',
    '省份',
    '目标',
    '单位',
    '完成值',
    '应完成进度',
    '目标值',
    '差距',
    '差距（%）',
    '状态',
    '说明',
  ]);
  for (const item of list.targets) {
    const kind = kindForUnit(item.unit);
    const progress = progressKindForUnit(item.unit);
    sheet.row(
      [
        item.city,
        item.cityName,
        item.province,
        item.targetLabel,
        item.unit,
        item.value,
        item.expected,
        item.targetValue,
        item.gap,
        item.gapPercent,
        item.status,
        item.reason,
      ],
      [
        'text',
        'text',
        'text',
        'longText',
        'text',
        kind,
        progress,
        kind,
        progress,
        'percent',
        'status',
        'longText',
      ],
    );
  }
  if (list.targets.length === 0) sheet.row(['所有已报送城市的目标均达到应完成进度'], ['text']);
  sheet.filter(targetHeader, sheet.lastRow, 1, WIDTHS.length);

  sheet.blank();
  sheet.heading(`二、未报送、仅有被退回的上传或迟报的城市（${list.submissions.length} 个）`);
  sheet.header(['城市代码', '城市名称', '省份', '填报状态', '说明']);
  for (const item of list.submissions)
    sheet.row(
      [item.city, item.cityName, item.province, SUBMISSION_LABELS[item.submission], item.reason],
      ['text', 'text', 'text', 'status', 'longText'],
      { merge: [5, WIDTHS.length], height: wrappedRowHeight(item.reason, widthFrom(5)) },
    );
  if (list.submissions.length === 0) sheet.row(['所有应报城市均已按时报送'], ['text']);

  sheet.blank();
  const pending = list.warnings.reduce((total, item) => total + item.count, 0);
  const explained = list.explainedWarnings > 0 ? `；另有已说明 ${list.explainedWarnings} 条不列出` : '';
  sheet.heading(
    `三、待说明的数据质量警告（${list.warnings.length} 个城市，共 ${pending} 条${explained}，明细和核实说明见“数据质量”）`,
  );
  sheet.header(['城市代码', '城市名称', '待说明警告数', '示例']);
  for (const item of list.warnings)
    sheet.row([item.city, item.cityName, item.count, item.example], ['text', 'text', 'count', 'longText'], {
      merge: [4, WIDTHS.length],
      height: wrappedRowHeight(item.example, widthFrom(4)),
    });
  if (list.warnings.length === 0) sheet.row(['没有待说明的警告'], ['text']);
  sheet.commit();
}
