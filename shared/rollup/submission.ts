/** Submission status (填报情况) of a city for the status quarter (a year's is its Q4's). */
import type { CurrentSheet, UploadRecord } from '../domain/submission.ts';
import { acceptedCore } from '../domain/uploadState.ts';
import type { UploadWarnings } from './input.ts';
import type { CitySubmission, SubmissionState } from './types.ts';

export function citySubmission(input: {
  /** The current 核心指标 sheet of the status quarter. */
  core: CurrentSheet | undefined;
  /** The city's uploads of the status quarter. */
  uploads: readonly UploadRecord[];
  /** The current uploads of the status quarter. */
  reports: readonly UploadWarnings[];
  deadline: Date;
  /** When the roll-up runs: before the deadline a city with nothing accepted is not yet due (default: after it). */
  now?: Date;
  expected: boolean;
}): CitySubmission {
  const { core, uploads, reports, deadline, now, expected } = input;
  // Uploads that did not make the period reported: rejected, or their 核心指标 was.
  const rejectedUploads = uploads.filter(rejectedCore).length;
  const firstAcceptedAt = core
    ? core.firstAcceptedAt || firstCoreAcceptance(uploads) || core.eventTime
    : undefined;
  let submission: SubmissionState;
  if (firstAcceptedAt !== undefined) {
    submission = Date.parse(firstAcceptedAt) <= deadline.getTime() ? 'on_time' : 'late';
  } else {
    submission =
      rejectedUploads > 0
        ? 'rejected_only'
        : now && now.getTime() <= deadline.getTime()
          ? 'not_due'
          : 'not_reported';
  }
  return {
    submission,
    ...(core ? { currentUploadAt: core.eventTime } : {}),
    ...(firstAcceptedAt ? { firstAcceptedAt } : {}),
    uploads: uploads.length,
    rejectedUploads,
    warnings: reports.reduce((total, report) => total + report.warningCount, 0),
    expected,
  };
}

/** The earliest upload that made its 核心指标 sheet current (a fallback for records without the field). */
function firstCoreAcceptance(uploads: readonly UploadRecord[]): string | undefined {
  return uploads
    .filter(acceptedCore)
    .map((upload) => upload.eventTime)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** An upload whose 核心指标 sheet was rejected (or that was rejected as a whole). */
function rejectedCore(upload: UploadRecord): boolean {
  return (
    upload.status === 'rejected' ||
    upload.sheets.some((sheet) => sheet.kind === 'core' && sheet.status === 'rejected')
  );
}
