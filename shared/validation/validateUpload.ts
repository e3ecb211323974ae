/**
 * Validation after reading: every rule of the specification that needs more than one cell, the
 * sheet and upload statuses, and what becomes current. Pure: the same input gives the same
 * outcome in the ingest function, the command-line validator and the tests.
 */
import { DATA_SHEET_KINDS, type DataSheetKind, SHEETS } from '../catalogue/sheets.ts';
import { isLate, quarterDeadline, tryParsePeriod } from '../domain/period.ts';
import type { SheetSummary, ValidationIssue } from '../domain/validation.ts';
import type { ParsedSheet, ParsedUpload } from '../parsing/types.ts';
import { computeSheetAggregates } from './aggregates.ts';
import type { AcceptedSheet, ValidationContext, ValidationOutcome } from './contract.ts';
import { formatChinaDateTime } from './format.ts';
import {
  countCompanionIssues,
  crossFieldIssues,
  crossPeriodIssues,
  derivedMismatchIssues,
  missingIndicatorIssues,
  reportedIndicators,
} from './indicatorRules.ts';
import { basicInfoIssues } from './infoRules.ts';
import { isFileLevelIssue } from './issueLevels.ts';
import { validationIssue } from './issues.ts';
import { findSheet } from './locate.ts';
import { duplicateRowIssues, totalRowIssues } from './sheetRules.ts';
import { checkUploadTarget } from './target.ts';

export function validateUpload(parsed: ParsedUpload, ctx: ValidationContext): ValidationOutcome {
  const late = lateUpload(ctx);
  const issues: ValidationIssue[] = [
    ...parsed.issues,
    ...checkUploadTarget(ctx),
    ...basicInfoIssues(parsed.info, ctx),
    // The reader keeps one sheet per kind (a second one is reported as SHEET_DUPLICATE).
    ...parsed.sheets.flatMap((sheet) => [...duplicateRowIssues(sheet), ...totalRowIssues(sheet)]),
  ];
  issues.push(...coreIssues(parsed.sheets, issues, ctx));
  if (late) issues.push(late);
  if (parsed.sheets.length === 0 && !issues.some((issue) => issue.severity === 'error')) {
    issues.push(validationIssue('NO_DATA_SHEET', { sheet: ctx.fileName }, {}));
  }
  return decide(parsed, issues, ctx.fileName, late !== undefined);
}

/** The rules on 核心指标; `found` are the issues so far, to tell which detail sheets are acceptable. */
function coreIssues(
  sheets: readonly ParsedSheet[],
  found: readonly ValidationIssue[],
  ctx: ValidationContext,
): ValidationIssue[] {
  const core = findSheet(sheets, 'core');
  if (!core) return [];
  const reported = reportedIndicators(core);
  // Declared A04 / B07 are compared only with detail sheets that are themselves acceptable.
  const acceptable = <K extends DataSheetKind>(kind: K) => {
    const sheet = findSheet(sheets, kind);
    return sheet && !hasError(found, sheet.name) ? sheet : undefined;
  };
  return [
    ...crossFieldIssues(core, reported),
    ...missingIndicatorIssues(core, reported),
    ...derivedMismatchIssues(core, reported, {
      agencies: acceptable('agencies'),
      portfolios: acceptable('portfolios'),
    }),
    ...countCompanionIssues(core, reported),
    ...crossPeriodIssues(core, reported, ctx.previous),
  ];
}

/**
 * An error in a sheet rejects that sheet, a file-level error rejects every sheet; the upload is
 * rejected when no data sheet is accepted. File-level warnings (late) count for the upload only.
 */
function decide(
  parsed: ParsedUpload,
  issues: ValidationIssue[],
  fileName: string,
  late: boolean,
): ValidationOutcome {
  const fileRejected = issues.some((issue) => issue.severity === 'error' && isFileLevelIssue(issue));
  const sheetIssues = (name: string) =>
    issues.filter((issue) => issue.sheet === name && !isFileLevelIssue(issue));
  const statusOf = (name: string): SheetSummary['status'] => {
    const own = sheetIssues(name);
    if (fileRejected || own.some((issue) => issue.severity === 'error')) return 'rejected';
    return own.length > 0 ? 'accepted_with_warnings' : 'accepted';
  };

  const accepted: AcceptedSheet[] = [];
  const summaries: SheetSummary[] = [];
  if (parsed.info) {
    const rows = Object.values(parsed.info.values).filter(
      (value) => value !== undefined && value !== '',
    ).length;
    summaries.push({ kind: 'info', name: parsed.info.sheet, status: statusOf(parsed.info.sheet), rows });
  }
  for (const sheet of parsed.sheets) {
    const status = statusOf(sheet.name);
    summaries.push({ kind: sheet.kind, name: sheet.name, status, rows: sheet.rowsRead });
    if (status !== 'rejected') accepted.push(acceptedSheet(sheet, sheetIssues(sheet.name).length));
  }
  summaries.push(...unreadSheetSummaries(issues, parsed, fileName));

  const ordered = orderIssues(issues, [parsed.info?.sheet, ...parsed.sheets.map((sheet) => sheet.name)]);
  return {
    status: accepted.length === 0 ? 'rejected' : ordered.length > 0 ? 'accepted_with_warnings' : 'accepted',
    sheets: summaries,
    issues: ordered,
    accepted,
    late,
  };
}

function acceptedSheet(sheet: ParsedSheet, warnings: number): AcceptedSheet {
  const records = sheet.rows.map((row) => row.record);
  return {
    kind: sheet.kind,
    name: sheet.name,
    records,
    aggregates: computeSheetAggregates(sheet.kind, records),
    warnings,
  };
}

function hasError(issues: readonly ValidationIssue[], sheet: string): boolean {
  return issues.some((issue) => issue.severity === 'error' && issue.sheet === sheet);
}

/** The late warning when the upload arrived after the period's deadline. */
function lateUpload(ctx: ValidationContext): ValidationIssue | undefined {
  const period = tryParsePeriod(ctx.period);
  if (period?.kind !== 'quarter' || !isLate(period, ctx.receivedAt, ctx.deadlineDays)) return undefined;
  const deadline = formatChinaDateTime(quarterDeadline(period, ctx.deadlineDays));
  return validationIssue('LATE_UPLOAD', { sheet: ctx.fileName }, { period: period.code, deadline });
}

/**
 * Sheets the reader could not turn into data (e.g. header row not found) but recognised by
 * name: listed as rejected so the city sees every sheet it sent.
 */
function unreadSheetSummaries(
  issues: readonly ValidationIssue[],
  parsed: ParsedUpload,
  fileName: string,
): SheetSummary[] {
  const known = new Set([
    fileName,
    parsed.fileName,
    parsed.info?.sheet,
    ...parsed.sheets.map((sheet) => sheet.name),
  ]);
  const summaries: SheetSummary[] = [];
  for (const name of new Set(issues.map((issue) => issue.sheet))) {
    if (known.has(name)) continue;
    const definition = SHEETS.find(
      (sheet) => sheet.name === name && (DATA_SHEET_KINDS as readonly string[]).includes(sheet.kind),
    );
    if (definition) summaries.push({ kind: definition.kind, name, status: 'rejected', rows: 0 });
  }
  return summaries;
}

const severityRank = { error: 0, warning: 1 } as const;

/** Errors first; then file-level issues, then sheets in workbook order, rows, columns. */
export function orderIssues(
  issues: readonly ValidationIssue[],
  sheetOrder: ReadonlyArray<string | undefined>,
): ValidationIssue[] {
  const sheetRank = (issue: ValidationIssue) => {
    const index = sheetOrder.indexOf(issue.sheet);
    return isFileLevelIssue(issue) ? -1 : index < 0 ? sheetOrder.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        severityRank[a.issue.severity] - severityRank[b.issue.severity] ||
        sheetRank(a.issue) - sheetRank(b.issue) ||
        (a.issue.row ?? 0) - (b.issue.row ?? 0) ||
        columnNumber(a.issue.cell) - columnNumber(b.issue.cell) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

function columnNumber(cell: string | undefined): number {
  const letters = /^[A-Z]+/.exec(cell ?? '')?.[0] ?? '';
  return [...letters].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0);
}
