import { describe, expect, it } from 'vitest';
import type { PipelineSummary } from '#cli/pipeline.ts';
import { formatPipelineSummary } from '#cli/summary.ts';
import type { IngestedUpload } from '#functions/ingest.ts';

function upload(key: string, status: IngestedUpload['status'], errors = 0): IngestedUpload {
  return {
    key,
    uploadId: key,
    city: '440300',
    period: '2024Q3',
    status,
    errors,
    warnings: 0,
    rowsIngested: 0,
    duplicate: false,
  };
}

function summaryOf(uploads: IngestedUpload[]): PipelineSummary {
  const statusCounts: Record<string, number> = {};
  for (const { status } of uploads) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  return {
    uploads,
    assessments: [],
    statusCounts,
    periods: [],
    outDirectory: '/tmp/ipstats-out',
    outbox: { directory: '/tmp/ipstats-out/outbox', byKind: {}, total: 0, withoutContacts: [] },
  };
}

describe('the closing summary of demo and run', () => {
  it('counts uploads in the same status words as the portal and lists each rejected file', () => {
    // Prepare
    const summary = summaryOf([
      upload('uploads/440300/2024Q3/a.xlsx', 'accepted'),
      upload('uploads/440300/2024Q3/b.xlsx', 'superseded'),
      upload('uploads/440300/2024Q3/c.xlsx', 'rejected', 3),
      upload('uploads/440300/2024Q3/d.xlsx', 'failed'),
    ]);

    // Act
    const text = formatPipelineSummary(summary);

    // Assess
    expect(text).toContain('上传 4 个文件：通过 1，已被更新的上传替代 1，退回 1，系统处理失败 1');
    expect(text).toContain('  退回：uploads/440300/2024Q3/c.xlsx（错误 3 个）');
    expect(text).toContain('通知邮件 0 封：无');
  });
});
