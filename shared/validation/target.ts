/**
 * File-level checks of where an upload goes (city, period, lock), independent of its content:
 * ingest can run them before reading the file, and validateUpload repeats them so a report is
 * complete on its own.
 */

import { chinaDateText, chinaTimeText } from '../domain/chinaTime.ts';
import type { UploadKeyError } from '../domain/errors.ts';
import { isFuture, quarterStart, tryParsePeriod } from '../domain/period.ts';
import { findCity } from '../domain/registry.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ValidationContext } from './contract.ts';
import { validationIssue } from './issues.ts';

type TargetContext = Pick<
  ValidationContext,
  'city' | 'period' | 'fileName' | 'registry' | 'receivedAt' | 'locks'
>;

export function checkUploadTarget(ctx: TargetContext): ValidationIssue[] {
  const at = { sheet: ctx.fileName };
  const issues: ValidationIssue[] = [];
  if (!findCity(ctx.registry, ctx.city)) issues.push(validationIssue('CITY_UNKNOWN', at, { city: ctx.city }));

  const period = tryParsePeriod(ctx.period);
  if (period?.kind !== 'quarter') {
    issues.push(validationIssue('PERIOD_INVALID', { ...at, value: ctx.period }, { period: ctx.period }));
    return issues;
  }
  if (isFuture(period, ctx.receivedAt)) {
    issues.push(
      validationIssue('PERIOD_FUTURE', at, {
        period: period.code,
        starts: chinaDateText(quarterStart(period)),
      }),
    );
  }
  const lock = ctx.locks.find(
    (candidate) =>
      candidate.period === period.code && (candidate.city === ctx.city || candidate.city === '*'),
  );
  if (lock) {
    issues.push(
      validationIssue('PERIOD_LOCKED', at, {
        period: period.code,
        lockedAt: chinaTimeText(lock.lockedAt),
        ...(lock.reason ? { reason: lock.reason } : {}),
      }),
    );
  }
  return issues;
}

/** An S3 key outside `uploads/{cityCode}/{period}/{fileName}`, as a file-level issue. */
export function uploadKeyIssue(error: UploadKeyError): ValidationIssue {
  const fileName = error.key.split('/').pop() || error.key;
  return validationIssue('KEY_INVALID', { sheet: fileName, value: error.key }, { detail: error.message });
}
