/**
 * Validation after reading: every rule of the specification that needs more than one cell, the
 * sheet and upload statuses, and what becomes current. Pure: the same input gives the same
 * outcome whether the rows streamed past (`UploadValidation` as the reader's row sink, as
 * `checkUpload` runs it for ingest and the offline validator) or the reader kept them
 * (`validateUpload`), since both feed the same per-sheet state.
 */
import { DATA_SHEET_KINDS, type DataSheetKind, SHEETS } from '../catalogue/sheets.ts';
import { chinaTimeText } from '../domain/chinaTime.ts';
import { isLate, quarterDeadline, tryParsePeriod } from '../domain/period.ts';
import type { OmittedIssues, SheetSummary, UploadStatus, ValidationIssue } from '../domain/validation.ts';
import { explanationText } from '../parsing/explanationSheet.ts';
import { kindFromName } from '../parsing/schema.ts';
import type { ParsedRow, ParsedSheet, ParsedUpload, RowSink, SheetHead } from '../parsing/types.ts';
import { SheetAggregator } from './aggregates.ts';
import type { AcceptedSheet, SheetAcceptance, ValidationContext, ValidationOutcome } from './contract.ts';
import { explainIssues, type RowNote, type SheetNotes } from './explanations.ts';
import {
  addReported,
  countCompanionIssues,
  crossFieldIssues,
  crossPeriodIssues,
  type DerivedCount,
  derivedMismatchIssues,
  missingIndicatorIssues,
  type ReportedIndicators,
} from './indicatorRules.ts';
import { basicInfoIssues } from './infoRules.ts';
import { isFileLevelIssue } from './issueLevels.ts';
import { validationIssue } from './issues.ts';
import { DuplicateRows, totalRowIssues } from './sheetRules.ts';
import { checkUploadTarget } from './target.ts';

/** Validates an upload whose rows the reader kept (`parseUpload` without a row sink). */
export function validateUpload(parsed: ParsedUpload, ctx: ValidationContext): ValidationOutcome {
  const validation = new UploadValidation();
  for (const sheet of parsed.sheets) for (const row of sheet.rows) validation.addRow(sheet, row);
  const outcome = validation.finish(parsed, ctx);
  const recordsOf = (name: string) =>
    parsed.sheets.find((sheet) => sheet.name === name)?.rows.map((row) => row.record) ?? [];
  return {
    ...outcome,
    accepted: outcome.accepted.map((sheet): AcceptedSheet => ({ ...sheet, records: recordsOf(sheet.name) })),
  };
}

/** What validation keeps of one sheet while its rows go by: no rows, only what the rules need. */
class SheetState {
  rows = 0;
  readonly aggregator: SheetAggregator;
  readonly duplicates: DuplicateRows;
  /** 核心指标 only (a few dozen rows): the rows that declare each indicator. */
  readonly reported: ReportedIndicators | undefined;
  /** 核心指标 only: the indicator and the 备注 of each row, for explanations of its warnings. */
  readonly indicators: Map<number, string> | undefined;
  readonly notes = new Map<number, RowNote>();
  private readonly noteLetter: string | undefined;

  constructor(head: SheetHead) {
    this.aggregator = new SheetAggregator(head.kind);
    this.duplicates = new DuplicateRows(head);
    this.reported = head.kind === 'core' ? new Map() : undefined;
    this.indicators = head.kind === 'core' ? new Map() : undefined;
    this.noteLetter = head.columns.note?.letter;
  }

  add(row: ParsedRow): void {
    this.rows++;
    this.aggregator.add(row.record);
    this.duplicates.add(row);
    if (this.reported && this.indicators) {
      const core = row as ParsedRow<'core'>;
      addReported(this.reported, core);
      this.indicators.set(core.row, core.record.code);
      if (core.record.note !== undefined && this.noteLetter)
        this.notes.set(core.row, {
          text: explanationText(core.record.note),
          cell: `${this.noteLetter}${core.row}`,
        });
    }
  }

  /** The sheet's 备注 cells and (核心指标) indicators by row, with the 合计 row's note. */
  explanationNotes(sheet: ParsedSheet): SheetNotes {
    const notes = new Map(this.notes);
    if (sheet.total?.note) notes.set(sheet.total.row, sheet.total.note);
    return this.indicators
      ? { kind: sheet.kind, notes, indicators: this.indicators }
      : { kind: sheet.kind, notes };
  }
}

interface CheckedSheet {
  sheet: ParsedSheet;
  state: SheetState;
}

/**
 * Validation of an upload as it is read: `addRow` is the reader's row sink, and `finish` applies
 * the rules that need the whole upload, and its context, to what was gathered. The context is
 * needed only at the end, so a city and quarter read from the file's 基本信息 can still be used. Nothing per row is kept beyond the
 * keys of the duplicate check, so ingest validates 100 000 rows without holding them.
 */
export class UploadValidation {
  private readonly states = new Map<string, SheetState>();
  /** The sheet of the previous row: rows come sheet after sheet. */
  private current: { sheet: SheetHead; state: SheetState } | undefined;

  readonly addRow: RowSink = (sheet, row) => {
    this.stateOf(sheet).add(row);
  };

  /** A row rejected for a cell error, with only its unique field: a later repeat of it is still a duplicate. */
  readonly addRejectedRow: RowSink = (sheet, row) => {
    this.stateOf(sheet).duplicates.add(row);
  };

  private stateOf(sheet: SheetHead): SheetState {
    if (this.current?.sheet !== sheet) {
      let state = this.states.get(sheet.name);
      if (!state) {
        state = new SheetState(sheet);
        this.states.set(sheet.name, state);
      }
      this.current = { sheet, state };
    }
    return this.current.state;
  }

  /** The outcome for `parsed`; rows of sheets it does not list (dropped by the reader) do not count. */
  finish(parsed: ParsedUpload, ctx: ValidationContext): ValidationOutcome<SheetAcceptance> {
    const checked = parsed.sheets.map(
      (sheet): CheckedSheet => ({ sheet, state: this.states.get(sheet.name) ?? new SheetState(sheet) }),
    );
    const late = lateUpload(ctx);
    const duplicates = checked.map(({ state }) => state.duplicates.finish());
    const issues: ValidationIssue[] = [
      ...parsed.issues,
      ...checkUploadTarget(ctx),
      ...basicInfoIssues(parsed.info, ctx),
      // The reader keeps one sheet per kind (a second one is reported as SHEET_DUPLICATE).
      ...checked.flatMap(({ sheet, state }, index) => [
        ...(duplicates[index]?.kept ?? []),
        ...totalRowIssues(sheet, state.aggregator, isComplete(sheet, state)),
      ]),
    ];
    const omitted = [...(parsed.omittedIssues ?? []), ...duplicates.flatMap((found) => found.omitted)];
    issues.push(...coreIssues(checked, issues, ctx));
    if (late) issues.push(late);
    if (parsed.sheets.length === 0 && !issues.some((issue) => issue.severity === 'error')) {
      issues.push(validationIssue('NO_DATA_SHEET', { sheet: ctx.fileName }, {}));
    }
    const explained = explainIssues(issues, {
      sheets: new Map(checked.map(({ sheet, state }) => [sheet.name, state.explanationNotes(sheet)])),
      entries: parsed.explanations ?? [],
    });
    return decide(parsed, checked, { issues: explained, omitted }, ctx.fileName, late !== undefined);
  }
}

/** Whether every data row was read without a cell error (so sums and lists are complete). */
function isComplete(sheet: ParsedSheet, state: SheetState): boolean {
  return state.rows === sheet.rowsRead;
}

/** The rules on 核心指标; `found` are the issues so far, to tell which detail sheets are acceptable. */
function coreIssues(
  checked: readonly CheckedSheet[],
  found: readonly ValidationIssue[],
  ctx: ValidationContext,
): ValidationIssue[] {
  const ofKind = (kind: DataSheetKind) => checked.find(({ sheet }) => sheet.kind === kind);
  const core = ofKind('core');
  const reported = core?.state.reported;
  if (!core || !reported) return [];
  const head = core.sheet as ParsedSheet<'core'>;
  // Declared A04 / B07 are compared only with detail sheets that are themselves acceptable.
  const derived = (kind: 'agencies' | 'portfolios'): DerivedCount | undefined => {
    const source = ofKind(kind);
    if (!source || hasError(found, source.sheet.name)) return undefined;
    return { sheet: source.sheet.name, value: source.state.aggregator.qualifyingCount };
  };
  const agencies = derived('agencies');
  const portfolios = derived('portfolios');
  return [
    ...crossFieldIssues(head, reported),
    // A sheet without its 本期值 column has no values to miss: its COLUMN_MISSING says it all.
    ...missingIndicatorIssues(
      head,
      reported,
      isComplete(core.sheet, core.state) &&
        !found.some((issue) => issue.code === 'COLUMN_MISSING' && issue.sheet === head.name),
    ),
    ...derivedMismatchIssues(head, reported, {
      ...(agencies ? { agencies } : {}),
      ...(portfolios ? { portfolios } : {}),
    }),
    ...countCompanionIssues(head, reported),
    ...crossPeriodIssues(head, reported, ctx.previous),
  ];
}

/**
 * An error in a sheet rejects that sheet, a file-level error rejects every sheet; the upload is
 * rejected when no data sheet is accepted. File-level warnings (late) count for the upload only.
 */
function decide(
  parsed: ParsedUpload,
  checked: readonly CheckedSheet[],
  { issues, omitted }: { issues: ValidationIssue[]; omitted: OmittedIssues[] },
  fileName: string,
  late: boolean,
): ValidationOutcome<SheetAcceptance> {
  const fileRejected = issues.some((issue) => issue.severity === 'error' && isFileLevelIssue(issue));
  const sheetIssues = (name: string) =>
    issues.filter((issue) => issue.sheet === name && !isFileLevelIssue(issue));
  const statusOf = (name: string): SheetSummary['status'] => {
    const own = sheetIssues(name);
    if (fileRejected || own.some((issue) => issue.severity === 'error')) return 'rejected';
    return own.length > 0 ? 'accepted_with_warnings' : 'accepted';
  };

  const accepted: SheetAcceptance[] = [];
  const summaries: SheetSummary[] = [];
  if (parsed.info) {
    const rows = Object.values(parsed.info.values).filter(
      (value) => value !== undefined && value !== '',
    ).length;
    summaries.push({ kind: 'info', name: parsed.info.sheet, status: statusOf(parsed.info.sheet), rows });
  }
  for (const { sheet, state } of checked) {
    const status = statusOf(sheet.name);
    summaries.push({ kind: sheet.kind, name: sheet.name, status, rows: sheet.rowsRead });
    if (status === 'rejected') continue;
    accepted.push({
      kind: sheet.kind,
      name: sheet.name,
      aggregates: state.aggregator.finish(),
      warnings:
        sheetIssues(sheet.name).length +
        omitted.filter((entry) => entry.sheet === sheet.name).reduce((sum, entry) => sum + entry.count, 0),
    });
  }
  summaries.push(...unreadSheetSummaries(issues, parsed, fileName));

  const ordered = orderIssues(issues, [parsed.info?.sheet, ...parsed.sheets.map((sheet) => sheet.name)]);
  return {
    format: parsed.format,
    status: uploadStatus(accepted.length, omitted, ordered),
    sheets: summaries,
    ...(parsed.ignoredSheets && parsed.ignoredSheets.length > 0
      ? { ignoredSheets: [...parsed.ignoredSheets] }
      : {}),
    issues: ordered,
    ...(omitted.length > 0 ? { omitted } : {}),
    accepted,
    late,
  };
}

/**
 * Rejected when no data sheet is accepted; partially accepted when one is but an error rejected
 * something else (a sheet, a sheet not read, 基本信息): accepted with warnings never holds an error.
 */
function uploadStatus(
  accepted: number,
  omitted: readonly OmittedIssues[],
  issues: readonly ValidationIssue[],
): UploadStatus {
  if (accepted === 0) return 'rejected';
  const anyError =
    issues.some((issue) => issue.severity === 'error') || omitted.some((entry) => entry.severity === 'error');
  if (anyError) return 'partially_accepted';
  return issues.length > 0 || omitted.length > 0 ? 'accepted_with_warnings' : 'accepted';
}

function hasError(issues: readonly ValidationIssue[], sheet: string): boolean {
  return issues.some((issue) => issue.severity === 'error' && issue.sheet === sheet);
}

/** The late warning when the upload arrived after the period's deadline. */
function lateUpload(ctx: ValidationContext): ValidationIssue | undefined {
  const period = tryParsePeriod(ctx.period);
  if (period?.kind !== 'quarter' || !isLate(period, ctx.receivedAt, ctx.deadlineDays)) return undefined;
  const deadline = chinaTimeText(quarterDeadline(period, ctx.deadlineDays));
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
    const named = SHEETS.find((sheet) => sheet.name === name)?.kind ?? kindFromName(name);
    const rejected = issues.some((issue) => issue.sheet === name && issue.severity === 'error');
    if (named && named !== 'info' && (DATA_SHEET_KINDS as readonly string[]).includes(named) && rejected)
      summaries.push({ kind: named, name, status: 'rejected', rows: 0 });
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
