/**
 * The state of a verification warning (核实性审核说明) and how it is put into words: 已说明 with the
 * city's explanation, or 待说明 with where to write one. Apart from the matching (explanations.ts)
 * so that the portal, the CLI, the annotated workbook and the reports share it without the parser.
 */
import {
  EXPLANATION_STATUS_TEXT,
  type ExplanationStatus,
  type UploadFormat,
  type ValidationIssue,
  type ValidationReport,
} from '../domain/validation.ts';
import { asksForExplanation } from './issues.ts';

/**
 * Whether a warning still waits for the city's explanation (待说明). Reports written before
 * explanations existed carry no state: a verification warning without an explanation is pending.
 */
export function isPendingExplanation(issue: ValidationIssue): boolean {
  if (issue.explanationStatus) return issue.explanationStatus === 'pending';
  return asksForExplanation(issue) && !(issue.explanation && issue.explanation.trim() !== '');
}

/** Verification warnings by state, over listed issues and (as pending) those counted but not kept. */
export function explanationCounts(
  issues: readonly ValidationIssue[],
  omitted: ReadonlyArray<{ code: string; severity: ValidationIssue['severity']; count: number }> = [],
): { explained: number; pending: number } {
  let explained = 0;
  let pending = 0;
  for (const issue of issues) {
    if (issue.explanationStatus === 'explained') explained++;
    else if (isPendingExplanation(issue)) pending++;
  }
  for (const entry of omitted) if (asksForExplanation(entry)) pending += entry.count;
  return { explained, pending };
}

/** The state of a verification warning (of a report old or new); `undefined` for an issue that asks for no explanation. */
export function explanationStateOf(issue: ValidationIssue): ExplanationStatus | undefined {
  if (issue.explanationStatus === 'explained') return 'explained';
  return isPendingExplanation(issue) ? 'pending' : undefined;
}

/** 已说明 / 待说明 of a verification warning; `undefined` for an issue that asks for no explanation. */
export function explanationStateText(issue: ValidationIssue): string | undefined {
  const state = explanationStateOf(issue);
  return state && EXPLANATION_STATUS_TEXT[state];
}

/**
 * Where the city writes the explanation a 待说明 warning waits for. A workbook may carry a 填报说明
 * sheet; a CSV file holds one sheet only (the specification's upload layout), so there the row's
 * 备注 column is the one place, added to the header when the file has none.
 */
export function explanationPlace(format: UploadFormat | undefined): string {
  return format === 'csv'
    ? '请在本行“备注”列中说明原因（没有该列时在表头加一列“备注”；CSV 文件不能附“填报说明”表）'
    : '请在本行备注栏或“填报说明”表中说明原因';
}

/**
 * The explanation line of a verification warning, as the annotated workbook and the command line
 * show it: `已说明：…` with the city's words, `待说明：…` with where to write them; `undefined`
 * for an issue that asks for no explanation.
 */
export function explanationLine(
  issue: ValidationIssue,
  format: UploadFormat | undefined,
): string | undefined {
  const state = explanationStateOf(issue);
  if (!state) return undefined;
  const text = state === 'explained' ? (issue.explanation ?? '') : explanationPlace(format);
  return `${EXPLANATION_STATUS_TEXT[state]}：${text}`;
}

/** `（已说明：…）` with the city's words or `（待说明）` beside a listed verification warning; `undefined` for other issues. */
export function explanationNote(issue: ValidationIssue): string | undefined {
  const state = explanationStateOf(issue);
  if (state === 'explained') return `（已说明：${issue.explanation ?? ''}）`;
  return state === 'pending' ? '（待说明）' : undefined;
}

/** Verification warnings by state: the report's own count (complete when the issues were cut), else counted from its issues. */
export function reportExplanationCounts(report: Pick<ValidationReport, 'issues' | 'explanations'>): {
  explained: number;
  pending: number;
} {
  return report.explanations ?? explanationCounts(report.issues);
}

/** What to do about the warnings still waiting for an explanation; `undefined` when none waits. */
export function pendingExplanationsText(
  report: Pick<ValidationReport, 'issues' | 'explanations' | 'format'>,
): string | undefined {
  const { pending } = reportExplanationCounts(report);
  return pending > 0
    ? `有 ${pending} 个需核实的警告待说明：数值无误时不必修改，${explanationPlace(report.format)}，然后重新上传。`
    : undefined;
}
