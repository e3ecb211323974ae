/** The validation report JSON (see the specification's validation.md). */
import {
  MAX_LISTED_ISSUES,
  type Severity,
  type ValidationIssue,
  type ValidationReport,
} from '../domain/validation.ts';
import type { SheetAcceptance, ValidationOutcome } from './contract.ts';
import { explanationCounts } from './explanationState.ts';
import { reportHeadline } from './headline.ts';

export interface ReportMeta {
  uploadId: string;
  city: string;
  period: string;
  file: string;
  receivedAt: Date | string;
  notes?: readonly string[];
}

/**
 * Lists at most MAX_LISTED_ISSUES issues, errors first; the counts (total and per code) cover
 * every issue found, including those the readers counted without keeping.
 */
export function buildValidationReport(
  outcome: ValidationOutcome<SheetAcceptance>,
  meta: ReportMeta,
): ValidationReport {
  const errorsFirst = [...outcome.issues].sort((a, b) => severityRank(a) - severityRank(b));
  const counts = { errors: 0, warnings: 0 };
  const countsByCode: Record<string, number> = {};
  const count = (code: string, severity: Severity, times: number) => {
    countsByCode[code] = (countsByCode[code] ?? 0) + times;
    if (severity === 'error') counts.errors += times;
    else counts.warnings += times;
  };
  for (const issue of errorsFirst) count(issue.code, issue.severity, 1);
  for (const omitted of outcome.omitted ?? []) count(omitted.code, omitted.severity, omitted.count);
  const truncated = errorsFirst.length > MAX_LISTED_ISSUES || (outcome.omitted ?? []).length > 0;
  const explanations = explanationCounts(outcome.issues, outcome.omitted);
  return {
    uploadId: meta.uploadId,
    city: meta.city,
    period: meta.period,
    file: meta.file,
    ...(outcome.format ? { format: outcome.format } : {}),
    status: outcome.status,
    sheets: outcome.sheets.map((sheet) => ({
      kind: sheet.kind,
      name: sheet.name,
      status: sheet.status,
      rows: sheet.rows,
    })),
    issues: errorsFirst.slice(0, MAX_LISTED_ISSUES),
    counts,
    ...(explanations.explained + explanations.pending > 0 ? { explanations } : {}),
    headline: reportHeadline(outcome.status, outcome.sheets, meta.period),
    ...(outcome.ignoredSheets && outcome.ignoredSheets.length > 0
      ? { ignoredSheets: outcome.ignoredSheets.map((sheet) => ({ ...sheet })) }
      : {}),
    countsByCode,
    truncated,
    ...(meta.notes && meta.notes.length > 0 ? { notes: [...meta.notes] } : {}),
    receivedAt: new Date(meta.receivedAt).toISOString(),
    late: outcome.late,
  };
}

function severityRank(issue: ValidationIssue): number {
  return issue.severity === 'error' ? 0 : 1;
}
