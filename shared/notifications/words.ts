/** The Chinese words of statuses, as every notification writes them. */
import type { SubmissionState } from '../rollup/types.ts';

/** Upload (and sheet) outcome: 通过 / 通过（有警告） / 部分通过 / 退回. */
const OUTCOME_WORDS: Record<string, string> = {
  accepted: '通过',
  accepted_with_warnings: '通过（有警告）',
  partially_accepted: '部分通过',
  rejected: '退回',
};

export function outcomeWords(status: string): string {
  return OUTCOME_WORDS[status] ?? status;
}

export const SUBMISSION_WORDS: Record<SubmissionState | 'not_due', string> = {
  on_time: '按时报送',
  late: '迟报',
  not_reported: '未报送',
  rejected_only: '仅有被退回的上传',
  not_due: '未到期',
};

/** `2024-10-16T02:00:00Z` → `2024-10-16 10:00`, China time. */
export { chinaTimeText } from '../reports/xlsx/reportSheet.ts';
