/** The validation report JSON (see the specification's validation.md). */
import { MAX_LISTED_ISSUES, type ValidationIssue, type ValidationReport } from '../domain/validation.ts';
import type { SheetAcceptance, ValidationOutcome } from './contract.ts';

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
 * every issue found.
 */
export function buildValidationReport(
  outcome: ValidationOutcome<SheetAcceptance>,
  meta: ReportMeta,
): ValidationReport {
  const errorsFirst = [...outcome.issues].sort((a, b) => severityRank(a) - severityRank(b));
  const errors = errorsFirst.filter((issue) => issue.severity === 'error').length;
  const countsByCode: Record<string, number> = {};
  for (const issue of errorsFirst) countsByCode[issue.code] = (countsByCode[issue.code] ?? 0) + 1;
  const truncated = errorsFirst.length > MAX_LISTED_ISSUES;
  return {
    uploadId: meta.uploadId,
    city: meta.city,
    period: meta.period,
    file: meta.file,
    status: outcome.status,
    sheets: outcome.sheets.map((sheet) => ({
      kind: sheet.kind,
      name: sheet.name,
      status: sheet.status,
      rows: sheet.rows,
    })),
    issues: errorsFirst.slice(0, MAX_LISTED_ISSUES),
    counts: { errors, warnings: errorsFirst.length - errors },
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
