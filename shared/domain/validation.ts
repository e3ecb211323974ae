/** The validation report (see ../shared/spec/validation.md). */
import type { SheetKind } from '../catalogue/sheets.ts';

export type Severity = 'error' | 'warning';

export interface ValidationIssue {
  severity: Severity;
  /** Stable English identifier, documented in docs/validation-codes.md. */
  code: string;
  /** Sheet name as the user sees it (or the file name for file-level issues). */
  sheet: string;
  /** 1-based Excel row number, counting title rows. */
  row?: number;
  /** Column header as the user sees it. */
  column?: string;
  /** A1 reference, e.g. `B7`. */
  cell?: string;
  /** The offending value as text. */
  value?: string;
  /** Chinese message for the city. */
  message: string;
  /**
   * Warnings that ask for verification (核实性审核, see `asksForExplanation`) only: `explained` when
   * the city wrote why in the row's 备注 / 说明 cell or in a 填报说明 sheet naming the indicator,
   * else `pending`.
   */
  explanationStatus?: ExplanationStatus;
  /** The city's explanation (核实性审核说明), when `explanationStatus` is `explained`. */
  explanation?: string;
  /** Where the explanation was written, e.g. `核心指标!F12` or `填报说明!B40`. */
  explanationSource?: string;
}

/** A verification warning's state: explained by the city (已说明) or not yet (待说明). */
export type ExplanationStatus = 'explained' | 'pending';

export const EXPLANATION_STATUS_TEXT: Record<ExplanationStatus, string> = {
  explained: '已说明',
  pending: '待说明',
};

/** How an upload was read, judged by its content: a workbook or one CSV sheet. */
export type UploadFormat = 'xlsx' | 'csv';

export type SheetStatus = 'accepted' | 'accepted_with_warnings' | 'rejected';
/**
 * `partially_accepted`: at least one sheet accepted and at least one rejected; `rejected`: no data
 * sheet accepted. `accepted_with_warnings` never holds an error.
 */
export type UploadStatus = SheetStatus | 'partially_accepted';

/** The Chinese words of each status, the same in the CLI, the reports and the annotated workbook. */
export const STATUS_TEXT: Record<UploadStatus, string> = {
  accepted: '通过',
  accepted_with_warnings: '通过（有警告）',
  partially_accepted: '部分通过',
  rejected: '退回',
};

/** Whether an upload of this status made at least one sheet current. */
export function acceptsSomething(status: UploadStatus): boolean {
  return status !== 'rejected';
}

/** A sheet of the file that was not read as data, and why (hidden, instructions, not recognised …). */
export interface IgnoredSheet {
  name: string;
  reason: string;
}

export interface SheetSummary {
  kind: SheetKind;
  name: string;
  status: SheetStatus;
  /** Data rows read (not counting header, title, blank and 合计 rows). */
  rows: number;
}

export interface ValidationReport {
  uploadId: string;
  city: string;
  period: string;
  file: string;
  /** How the file was read (absent when it was rejected before reading, e.g. for its key). */
  format?: UploadFormat;
  status: UploadStatus;
  sheets: SheetSummary[];
  /** Sheets of the file not read as data, each with the reason: with `sheets`, every sheet sent. */
  ignoredSheets?: IgnoredSheet[];
  /** One sentence saying what happened and what to do (e.g. 核心指标 rejected: not yet reported). */
  headline?: string;
  issues: ValidationIssue[];
  counts: { errors: number; warnings: number };
  /**
   * Verification warnings by state, over every issue found (complete even when `issues` is cut;
   * those not listed count as pending).
   */
  explanations?: { explained: number; pending: number };
  /** Per-code counts, complete even when `issues` is cut at the listing limit. */
  countsByCode?: Record<string, number>;
  /** True when more issues were found than are listed. */
  truncated?: boolean;
  /** Informational lines, e.g. 与上次报送内容相同. */
  notes?: string[];
  /** When the upload arrived (S3 event time), ISO-8601. */
  receivedAt?: string;
  late?: boolean;
}

export const MAX_LISTED_ISSUES = 1000;

/** Issues of one code found in a sheet beyond those kept: counted, not held. */
export interface OmittedIssues {
  sheet: string;
  code: string;
  severity: Severity;
  count: number;
}

/**
 * Issues as they are found, one sheet at a time: the first MAX_LISTED_ISSUES of each severity are
 * kept (no report lists more), the rest counted by code. A file with an error in every cell then
 * holds a few thousand issues, not millions, and its report still counts them all.
 */
export class IssueList {
  readonly kept: ValidationIssue[] = [];
  private readonly keptBySeverity: Record<Severity, number> = { error: 0, warning: 0 };
  private readonly omittedByKey = new Map<string, OmittedIssues>();

  push(issue: ValidationIssue): void {
    if (this.keptBySeverity[issue.severity] < MAX_LISTED_ISSUES) {
      this.keptBySeverity[issue.severity]++;
      this.kept.push(issue);
      return;
    }
    const key = `${issue.sheet}\u0000${issue.code}`;
    const omitted = this.omittedByKey.get(key);
    if (omitted) omitted.count++;
    else
      this.omittedByKey.set(key, {
        sheet: issue.sheet,
        code: issue.code,
        severity: issue.severity,
        count: 1,
      });
  }

  get omitted(): OmittedIssues[] {
    return [...this.omittedByKey.values()];
  }
}
