/** The validation use case's inputs and outputs (implemented in this folder). */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import type { AnyRecord, SheetAggregates } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import type { PeriodLock } from '../domain/submission.ts';
import type {
  IgnoredSheet,
  OmittedIssues,
  SheetSummary,
  UploadFormat,
  UploadStatus,
  ValidationIssue,
} from '../domain/validation.ts';

export interface ValidationContext {
  city: string;
  period: string;
  fileName: string;
  registry: readonly City[];
  /** Upload time (S3 event time), for the deadline and future-period rules. */
  receivedAt: Date;
  deadlineDays: number;
  locks: readonly PeriodLock[];
  /** The city's current aggregates of the previous quarter, for the cross-period rules. */
  previous?: { period: string; sheets: Partial<Record<DataSheetKind, SheetAggregates>> };
}

/** A sheet validation accepts, without its records (streamed, they are kept by whoever read them). */
export interface SheetAcceptance {
  kind: DataSheetKind;
  name: string;
  aggregates: SheetAggregates;
  warnings: number;
}

export interface AcceptedSheet extends SheetAcceptance {
  records: AnyRecord[];
}

export interface ValidationOutcome<Accepted extends SheetAcceptance = AcceptedSheet> {
  /** How the file was read; absent for an upload rejected before its file was read. */
  format?: UploadFormat;
  status: UploadStatus;
  sheets: SheetSummary[];
  /** Sheets of the file not read as data, with the reason. */
  ignoredSheets?: IgnoredSheet[];
  issues: ValidationIssue[];
  /** Issues found beyond those kept in `issues` (a sheet keeps MAX_LISTED_ISSUES of a severity), counted. */
  omitted?: OmittedIssues[];
  /** Sheets to make current (status accepted or accepted_with_warnings). */
  accepted: Accepted[];
  late: boolean;
}
