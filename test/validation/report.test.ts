import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ISSUES, type ValidationIssue } from '#shared/domain/validation.ts';
import type { ValidationOutcome } from '#shared/validation/contract.ts';
import { buildValidationReport } from '#shared/validation/report.ts';

const meta = {
  uploadId: '20241010T020000Z-abc',
  city: '440300',
  period: '2024Q3',
  file: '深圳2024Q3.xlsx',
  receivedAt: new Date('2024-10-10T02:00:00Z'),
};

function issue(severity: ValidationIssue['severity'], code: string, row: number): ValidationIssue {
  return {
    severity,
    code,
    sheet: '重点企业',
    row,
    column: '统一社会信用代码',
    cell: `B${row}`,
    value: 'x',
    message: '统一社会信用代码校验位错误',
  };
}

function outcome(issues: ValidationIssue[], overrides: Partial<ValidationOutcome> = {}): ValidationOutcome {
  return {
    status: 'rejected',
    sheets: [{ kind: 'enterprises', name: '重点企业', status: 'rejected', rows: 7 }],
    issues,
    accepted: [],
    late: false,
    ...overrides,
  };
}

describe('buildValidationReport', () => {
  it('has the fields of the specification in its order', () => {
    const report = buildValidationReport(outcome([issue('error', 'USCC_CHECKSUM', 7)]), meta);

    expect(Object.keys(report).slice(0, 8)).toEqual([
      'uploadId',
      'city',
      'period',
      'file',
      'status',
      'sheets',
      'issues',
      'counts',
    ]);
    expect(report).toEqual({
      uploadId: '20241010T020000Z-abc',
      city: '440300',
      period: '2024Q3',
      file: '深圳2024Q3.xlsx',
      status: 'rejected',
      sheets: [{ kind: 'enterprises', name: '重点企业', status: 'rejected', rows: 7 }],
      issues: [issue('error', 'USCC_CHECKSUM', 7)],
      counts: { errors: 1, warnings: 0 },
      headline: '退回：本次上传没有任何工作表被接受，此前已接受的数据保持不变；请按下列错误修改后重新上传。',
      countsByCode: { USCC_CHECKSUM: 1 },
      truncated: false,
      receivedAt: '2024-10-10T02:00:00.000Z',
      late: false,
    });
  });

  it(`lists at most ${MAX_LISTED_ISSUES} issues, errors first, with complete counts`, () => {
    const warnings = Array.from({ length: 600 }, (_, i) => issue('warning', 'TOTAL_MISMATCH', i + 2));
    const errors = Array.from({ length: 900 }, (_, i) => issue('error', 'USCC_CHECKSUM', i + 2));

    const report = buildValidationReport(outcome([...warnings, ...errors]), meta);

    expect(report.issues).toHaveLength(1000);
    expect(report.issues.slice(0, 900).every((listed) => listed.severity === 'error')).toBe(true);
    expect(report.issues[900]?.severity).toBe('warning');
    expect(report.counts).toEqual({ errors: 900, warnings: 600 });
    expect(report.countsByCode).toEqual({ USCC_CHECKSUM: 900, TOTAL_MISMATCH: 600 });
    expect(report.truncated).toBe(true);
  });

  it('carries notes and the late flag', () => {
    const report = buildValidationReport(outcome([], { status: 'accepted', late: true }), {
      ...meta,
      notes: ['与上次报送内容相同'],
    });

    expect(report.notes).toEqual(['与上次报送内容相同']);
    expect(report.late).toBe(true);
  });
});
