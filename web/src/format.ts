/** Words and numbers as the portal shows them: the same status words as the CLI and the workbooks. */
import { UPLOAD_STATE_TEXT } from '#shared/domain/submission.ts';
import type { UploadStatusCode } from './api.ts';

export function uploadStatusText(status: string): string {
  return UPLOAD_STATE_TEXT[status as UploadStatusCode] ?? status;
}

/** The tone of a status for colour (always paired with its words, never colour alone). */
export function statusTone(status: string): 'good' | 'warn' | 'bad' | 'neutral' {
  if (status === 'accepted' || status === '达标' || status === '进度正常' || status === 'on_time')
    return 'good';
  if (
    status === 'accepted_with_warnings' ||
    status === 'partially_accepted' ||
    status === '滞后' ||
    status === 'late'
  )
    return 'warn';
  if (
    status === 'rejected' ||
    status === 'failed' ||
    status === '严重滞后' ||
    status === '未达标' ||
    status === 'not_reported' ||
    status === 'rejected_only'
  )
    return 'bad';
  return 'neutral';
}

export const SUBMISSION_TEXT: Record<string, string> = {
  on_time: '按时',
  late: '迟报',
  not_reported: '未报送',
  rejected_only: '仅有被退回的上传',
  not_due: '未到期',
};

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2024/10/15 23:59` in Beijing time, `—` when unknown. */
export function time(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : TIME.format(date);
}

const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export function number(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${NUMBER.format(value)}${unit ? ` ${unit}` : ''}`;
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${NUMBER.format(value)}%`;
}

/** `还剩 3 天 4 小时` / `已截止 2 天`. */
export function countdown(deadline: string, now: Date): string {
  const ms = new Date(deadline).getTime() - now.getTime();
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const span = days > 0 ? `${days} 天 ${rest} 小时` : `${rest} 小时`;
  return ms >= 0 ? `还剩 ${span}` : `已截止 ${span}`;
}

/** `2024Q3` → `2024年第三季度`; `2024` → `2024年`. */
export function periodName(period: string): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年第${'一二三四'[Number(quarter[2]) - 1]}季度`;
  return /^\d{4}$/.test(period) ? `${period}年` : period;
}
