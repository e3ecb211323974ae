import { describe, expect, it } from 'vitest';
import { quarterDeadline } from '#shared/domain/period.ts';
import type { UploadRecord } from '#shared/domain/submission.ts';
import { citySubmission } from '#shared/rollup/submission.ts';
import { anUploadRecord } from '../support/submissionBuilders.ts';

const DEADLINE = quarterDeadline({ kind: 'quarter', year: 2024, quarter: 3, code: '2024Q3' });
const AFTER = new Date('2024-10-20T00:00:00Z');
const BEFORE = new Date('2024-10-10T00:00:00Z');

/** An upload whose 核心指标 was rejected beside an accepted 重点企业. */
function coreRejected(id: string): UploadRecord {
  return anUploadRecord({
    uploadId: id,
    status: 'partially_accepted',
    sheets: [
      { kind: 'core', name: '核心指标', status: 'rejected', rows: 2 },
      { kind: 'enterprises', name: '重点企业', status: 'accepted', rows: 1 },
    ],
    acceptedKinds: ['enterprises'],
    counts: { errors: 2, warnings: 0 },
  });
}

describe('citySubmission', () => {
  it('is rejected only, counting them, when no upload of the period had its 核心指标 accepted', () => {
    const uploads = [coreRejected('u1'), anUploadRecord({ uploadId: 'u2', status: 'rejected' })];

    const status = citySubmission({
      core: undefined,
      uploads,
      reports: [],
      deadline: DEADLINE,
      now: AFTER,
      expected: true,
    });

    expect(status).toMatchObject({ submission: 'rejected_only', uploads: 2, rejectedUploads: 2 });
  });

  it('is not yet due before the deadline when nothing was accepted', () => {
    const status = citySubmission({
      core: undefined,
      uploads: [],
      reports: [],
      deadline: DEADLINE,
      now: BEFORE,
      expected: true,
    });

    expect(status.submission).toBe('not_due');
  });

  it('is not reported once the deadline passed with nothing sent', () => {
    const status = citySubmission({
      core: undefined,
      uploads: [],
      reports: [],
      deadline: DEADLINE,
      now: AFTER,
      expected: true,
    });

    expect(status.submission).toBe('not_reported');
  });
});
