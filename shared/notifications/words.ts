/**
 * The Chinese words the notifications write, from the one place each is defined: upload and sheet
 * outcomes from STATUS_TEXT (domain/validation.ts: 通过 / 通过（有警告） / 部分通过 / 退回, the words
 * of the validation report and the annotated workbook), submission states from the workbooks'
 * SUBMISSION_LABELS, times as the workbooks write them.
 */
import { STATUS_TEXT, type UploadStatus } from '../domain/validation.ts';

/** An upload's (or a sheet's) outcome in words; an unknown status as it is. */
export function outcomeWords(status: UploadStatus | string): string {
  return STATUS_TEXT[status as UploadStatus] ?? status;
}

/** `2024-10-16T02:00:00Z` → `2024-10-16 10:00`, China time. */
export { chinaTimeText } from '../domain/chinaTime.ts';
export { SUBMISSION_LABELS as SUBMISSION_WORDS } from '../reports/labels.ts';
