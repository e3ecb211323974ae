/**
 * Everything a roll-up reads, gathered once through the ports by `loadRollupInput` so that
 * `computeRollup` is a pure function of this value (and tests and benchmarks can build it directly).
 */

import type { Period } from '../domain/period.ts';
import type { CaseRecord, EnterpriseRecord } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import type { CurrentSheet, PeriodLock, UploadRecord } from '../domain/submission.ts';
import type { ValidationIssue } from '../domain/validation.ts';

/** The stored records of one current detail sheet. */
export interface SheetRecords<R> {
  period: string;
  uploadId: string;
  records: readonly R[];
}

/** The warnings of one current upload, read from its validation report. */
export interface UploadWarnings {
  period: string;
  uploadId: string;
  /** Warning issues as listed in the report (the report may cut its listing, see `truncated`). */
  warnings: readonly ValidationIssue[];
  /** Total warnings of the upload (complete even when the listing is cut). */
  warningCount: number;
  truncated: boolean;
  /**
   * Verification warnings still 待说明 (complete even when the listing is cut); absent for a report
   * written before explanations existed, where the listed warnings tell.
   */
  pendingExplanations?: number;
  /** Set when the report could not be read: the reason, in Chinese. */
  unavailable?: string;
}

export interface CityRollupInput {
  city: string;
  /** Every current sheet of the city over all periods (its history, with aggregates). */
  current: readonly CurrentSheet[];
  /**
   * Every upload record of the city, all periods: submission status reads those of the status
   * quarter (the period's last quarter), the lineage the file name and state of each upload used.
   */
  uploads: readonly UploadRecord[];
  /** Current 重点企业 sheets of the period's quarters. */
  enterprises: readonly SheetRecords<EnterpriseRecord>[];
  /** Current 典型案例 sheets of the period's quarters. */
  cases: readonly SheetRecords<CaseRecord>[];
  /** One entry per current upload of the period's quarters. */
  reports: readonly UploadWarnings[];
}

export interface RollupInput {
  period: Period;
  /** ISO-8601; copied to the result (the only part of it that is not derived from the data). */
  generatedAt: string;
  deadlineDays: number;
  registry: readonly City[];
  /** One entry per registry city (a missing entry reads as a city without any data). */
  cities: readonly CityRollupInput[];
  /** Every lock; the roll-up lists those in force for the period. */
  locks: readonly PeriodLock[];
}
