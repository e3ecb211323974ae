/**
 * The messages themselves, in Chinese, as plain data (subject, text, HTML): what a city is told
 * after each upload, the reminders before a deadline, the digest after it, and the notes on
 * published reports. Pure functions of their inputs; ids are deterministic.
 */
import type { Contact, ProvinceRecipients } from '../domain/contacts.ts';
import { ANALYSTS_SCOPE, type OutgoingMessage } from '../domain/notification.ts';
import type { City } from '../domain/registry.ts';
import type { UploadState } from '../domain/submission.ts';
import type { ValidationIssue, ValidationReport } from '../domain/validation.ts';
import {
  explanationNote,
  pendingExplanationsText,
  reportExplanationCounts,
} from '../validation/explanationState.ts';
import { type Block, renderHtml, renderText } from './html.ts';
import type { DigestRow } from './selection.ts';
import { chinaTimeText, outcomeWords, SUBMISSION_WORDS } from './words.ts';

/** Issues listed in an upload's result message; the rest are in the annotated workbook. */
export const LISTED_ISSUES = 10;

const SIGNATURE = '—— 知识产权运营服务体系建设统计报送系统（ipstats）自动发送，请勿直接回复。';

export interface UploadResultInput {
  city: City;
  upload: { uploadId: string; period: string; fileName: string; receivedAt: string; status: UploadState };
  report: ValidationReport;
  deadline: Date;
  /** Where the annotated workbook is (a results key), when one was written. */
  annotatedKey?: string;
  portalUrl?: string;
}

export function uploadResultMessage(input: UploadResultInput): OutgoingMessage {
  const { city, upload, report } = input;
  const words = outcomeWords(report.status);
  const coreSheet = report.sheets.find((sheet) => sheet.kind === 'core');
  const coreMissing = report.status !== 'rejected' && (!coreSheet || coreSheet.status === 'rejected');
  const blocks: Block[] = [
    { kind: 'paragraph', text: `${city.name}知识产权局：` },
    {
      kind: 'paragraph',
      text: `贵单位于 ${chinaTimeText(upload.receivedAt)}（北京时间）上传的文件「${upload.fileName}」（报告期 ${upload.period}）已完成校验。`,
    },
    {
      kind: 'paragraph',
      text: `校验结果：${words}\n错误 ${report.counts.errors} 个，警告 ${report.counts.warnings} 个${explanationsSummary(report)}${report.late ? '\n本次上传晚于报送截止时间，记为迟报。' : ''}`,
    },
  ];
  if (upload.status === 'superseded')
    blocks.push({
      kind: 'paragraph',
      text: '注意：该报告期已有更晚的上传通过校验，本次上传的数据未成为当前数据。',
    });
  if (report.sheets.length > 0) {
    blocks.push(
      { kind: 'heading', text: '各工作表' },
      {
        kind: 'table',
        header: ['工作表', '结果', '数据行数'],
        rows: report.sheets.map((sheet) => [sheet.name, outcomeWords(sheet.status), String(sheet.rows)]),
      },
    );
  }
  if (report.issues.length > 0) {
    const listed = report.issues.slice(0, LISTED_ISSUES);
    const total = report.counts.errors + report.counts.warnings;
    blocks.push(
      {
        kind: 'heading',
        text: total > listed.length ? `前 ${listed.length} 个问题（共 ${total} 个）` : '问题',
      },
      {
        kind: 'list',
        ordered: true,
        items: listed.map((issue) => `${issueLine(issue)}${explanationNote(issue) ?? ''}`),
      },
    );
  }
  const pending = pendingExplanationsText(report);
  if (pending) blocks.push({ kind: 'paragraph', text: pending });
  blocks.push(
    { kind: 'heading', text: '下一步' },
    { kind: 'paragraph', text: nextStep(report, coreMissing, input.deadline) },
  );
  blocks.push(...whereToLook(input));
  blocks.push({ kind: 'paragraph', text: SIGNATURE });
  const subject = `【${words}】${city.name} ${upload.period} 报送校验结果：${upload.fileName}`;
  return message({
    id: `upload-result.${city.code}.${upload.period}.${upload.uploadId}`,
    kind: 'upload_result',
    scope: city.code,
    to: city.contacts,
    subject,
    blocks,
    period: upload.period,
    city: city.code,
    uploadId: upload.uploadId,
    createdAt: upload.receivedAt,
  });
}

/** `（需核实的警告：已说明 2 个，待说明 1 个）`, when the upload has any (核实性审核说明). */
function explanationsSummary(report: ValidationReport): string {
  const { explained, pending } = reportExplanationCounts(report);
  return explained + pending > 0 ? `（需核实的警告：已说明 ${explained} 个，待说明 ${pending} 个）` : '';
}

/** `[错误] 核心指标 第 7 行 列「本期值」（C7）：… （值：-5）` */
export function issueLine(issue: ValidationIssue): string {
  const level = issue.severity === 'error' ? '错误' : '警告';
  const place = [
    issue.sheet,
    issue.row === undefined ? undefined : `第 ${issue.row} 行`,
    issue.column === undefined ? undefined : `列「${issue.column}」`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const cell = issue.cell ? `（${issue.cell}）` : '';
  const value = issue.value === undefined || issue.value === '' ? '' : `（值：${issue.value}）`;
  return `[${level}] ${place}${cell}：${issue.message}${value}`;
}

function nextStep(report: ValidationReport, coreMissing: boolean, deadline: Date): string {
  const due = `报送截止时间：${chinaTimeText(deadline.toISOString())}（北京时间）。`;
  switch (report.status) {
    case 'accepted':
      return '无需操作，数据已入库。如需更正，可重新上传，最新通过的上传将取代本次数据。';
    case 'accepted_with_warnings':
      return `数据已入库。请逐条核实上列警告：数据无误的，可在该行备注中说明；确有错误的，请修改后重新上传。${due}`;
    case 'rejected':
      return `本次上传未入库。请按上列问题修改后重新上传（标注工作簿中已标出每个问题所在的单元格）。${due}`;
    default:
      return `${coreMissing ? '核心指标未通过校验，本报告期尚未计为已报送。' : ''}已通过的工作表已入库；被退回的工作表请按上列问题修改后重新上传。${due}`;
  }
}

function whereToLook(input: UploadResultInput): Block[] {
  const blocks: Block[] = [];
  if (input.portalUrl)
    blocks.push({ kind: 'link', label: '登录门户查看校验报告并下载标注工作簿', url: input.portalUrl });
  if (input.annotatedKey)
    blocks.push({
      kind: 'paragraph',
      text: `标注工作簿（问题单元格已标出）：${input.annotatedKey}${input.portalUrl ? '' : '（由系统管理员提供，或使用 ipstats 输出目录中的同名文件）'}`,
    });
  return blocks;
}

export interface ReminderInput {
  city: City;
  period: string;
  deadline: Date;
  daysBefore: number;
  state: 'not_reported' | 'rejected_only';
  /** When the reminder goes out (the scheduled run's time). */
  at: Date;
  portalUrl?: string;
}

export function reminderMessage(input: ReminderInput): OutgoingMessage {
  const { city, period, deadline, daysBefore } = input;
  const due = chinaTimeText(deadline.toISOString());
  const why =
    input.state === 'rejected_only'
      ? '已收到贵单位的上传，但核心指标均未通过校验（被退回），本报告期尚未计为已报送。'
      : '尚未收到贵单位通过校验的核心指标。';
  const blocks: Block[] = [
    { kind: 'paragraph', text: `${city.name}知识产权局：` },
    {
      kind: 'paragraph',
      text: `报告期 ${period} 的报送截止时间为 ${due}（北京时间），还有 ${daysBefore} 天。${why}`,
    },
    { kind: 'heading', text: '下一步' },
    {
      kind: 'paragraph',
      text:
        input.state === 'rejected_only'
          ? '请查看退回通知中列出的问题，修改后重新上传；截止时间之后通过的上传记为迟报。'
          : '请下载填报模板，填写后上传；上传后几秒钟内即收到校验结果。截止时间之后通过的上传记为迟报。',
    },
    ...(input.portalUrl ? [{ kind: 'link' as const, label: '门户', url: input.portalUrl }] : []),
    { kind: 'paragraph', text: SIGNATURE },
  ];
  return message({
    id: `reminder.${city.code}.${period}.d${daysBefore}`,
    kind: 'reminder',
    scope: city.code,
    to: city.contacts,
    subject: `【提醒】${city.name} ${period} 报送截止还有 ${daysBefore} 天（${due.slice(0, 10)}）`,
    blocks,
    period,
    city: city.code,
    createdAt: input.at.toISOString(),
  });
}

export type DigestAudience =
  | { kind: 'analysts'; contacts: Contact[] }
  | { kind: 'province'; province: ProvinceRecipients };

export interface DigestInput {
  audience: DigestAudience;
  period: string;
  deadline: Date;
  /** The cities of the audience expected to report the period. */
  rows: readonly DigestRow[];
  /** Cities that received no message for want of a contact (analysts' digest only). */
  withoutContacts?: readonly City[];
  at: Date;
  portalUrl?: string;
}

export function digestMessage(input: DigestInput): OutgoingMessage {
  const { audience, period, rows } = input;
  const count = (state: DigestRow['submission']) => rows.filter((row) => row.submission === state).length;
  const reported = count('on_time') + count('late');
  const who = audience.kind === 'analysts' ? '全国' : audience.province.name;
  const greeting = audience.kind === 'analysts' ? '各位分析人员：' : `${audience.province.name}：`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting },
    {
      kind: 'paragraph',
      text: `报告期 ${period} 的报送已于 ${chinaTimeText(input.deadline.toISOString())}（北京时间）截止。${who}应报 ${rows.length} 个城市，已报 ${reported} 个（按时 ${count('on_time')}，迟报 ${count('late')}），未报送 ${count('not_reported')} 个，仅有被退回的上传 ${count('rejected_only')} 个。`,
    },
  ];
  const section = (state: DigestRow['submission'], title: string) => {
    const matching = rows.filter((row) => row.submission === state);
    if (matching.length === 0) return;
    blocks.push(
      { kind: 'heading', text: `${title}（${matching.length}）` },
      {
        kind: 'table',
        header: ['城市', '代码', '首次通过（北京时间）', '各次上传（北京时间）', '锁定'],
        rows: matching.map((row) => [
          row.name,
          row.code,
          row.firstAcceptedAt ? chinaTimeText(row.firstAcceptedAt) : '—',
          row.uploadTimes.map(chinaTimeText).join('、') || '无上传',
          row.locked ? '已锁定' : '',
        ]),
      },
    );
  };
  section('not_reported', SUBMISSION_WORDS.not_reported);
  section('rejected_only', SUBMISSION_WORDS.rejected_only);
  section('late', SUBMISSION_WORDS.late);
  section('on_time', SUBMISSION_WORDS.on_time);
  if (rows.some((row) => row.locked))
    blocks.push({ kind: 'paragraph', text: '“已锁定”的城市本报告期已锁定，不再接受上传。' });
  if (input.withoutContacts && input.withoutContacts.length > 0)
    blocks.push({
      kind: 'paragraph',
      text: `未配置联系人、收不到通知的城市：${input.withoutContacts.map((city) => `${city.name}（${city.code}）`).join('、')}。请在城市名录中补充 contacts。`,
    });
  if (input.portalUrl) blocks.push({ kind: 'link', label: '门户', url: input.portalUrl });
  blocks.push({ kind: 'paragraph', text: SIGNATURE });
  const scope = audience.kind === 'analysts' ? ANALYSTS_SCOPE : audience.province.code;
  return message({
    id: `digest.${scope}.${period}`,
    kind: 'digest',
    scope,
    to: audience.kind === 'analysts' ? audience.contacts : audience.province.contacts,
    subject: `【报送情况】${who} ${period}：应报 ${rows.length}，已报 ${reported}，迟报 ${count('late')}，未报 ${count('not_reported')}，仅被退回 ${count('rejected_only')}`,
    blocks,
    period,
    createdAt: input.at.toISOString(),
  });
}

export type PublicationInput = {
  period: string;
  generatedAt: string;
  keys: readonly string[];
  analysts: Contact[];
  /** One line on the content, e.g. the completeness of a roll-up or the grades of an assessment. */
  summary?: string;
  portalUrl?: string;
} & (
  | { kind: 'rollup' }
  /** An assessment of one batch (its year) for the year `period`. */
  | { kind: 'assessment'; batch: number }
);

export function publicationMessage(input: PublicationInput): OutgoingMessage {
  const what =
    input.kind === 'rollup'
      ? `${input.period} 汇总报告`
      : `${input.batch} 年度批次 ${input.period} 年度绩效评价结果`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: '各位分析人员：' },
    {
      kind: 'paragraph',
      text: `${what}已于 ${chinaTimeText(input.generatedAt)}（北京时间）发布。${input.summary ?? ''}`,
    },
    { kind: 'heading', text: `发布的文件（${input.keys.length} 个）` },
    { kind: 'list', items: [...input.keys] },
    ...(input.portalUrl ? [{ kind: 'link' as const, label: '门户', url: input.portalUrl }] : []),
    { kind: 'paragraph', text: SIGNATURE },
  ];
  // One note per publication: a roll-up per period and time, an assessment per year, batch and time.
  const subject = input.kind === 'rollup' ? input.period : `${input.period}.b${input.batch}`;
  return message({
    id: `${input.kind}.${subject}.${compactTime(input.generatedAt)}`,
    kind: input.kind,
    scope: ANALYSTS_SCOPE,
    to: input.analysts,
    subject: `【已发布】${what}`,
    blocks,
    period: input.period,
    createdAt: input.generatedAt,
  });
}

function message(
  input: Omit<OutgoingMessage, 'text' | 'html'> & { blocks: readonly Block[] },
): OutgoingMessage {
  const { blocks, ...rest } = input;
  return { ...rest, text: renderText(blocks), html: renderHtml(input.subject, blocks) };
}

/** `2024-10-16T02:00:00.000Z` → `20241016T020000Z`. */
function compactTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
