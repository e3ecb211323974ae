/** The performance assessments (绩效评价) through `GET /api/reports`: analysts list and download them. */
import { beforeEach, describe, expect, it } from 'vitest';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { type Harness, startHarness } from './support/apiHarness.ts';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
  for (const [batch, year] of [
    [2022, 2023],
    [2023, 2024],
  ] as const) {
    await harness.objects.put(
      reportKeys.assessment(batch, year, 'json'),
      JSON.stringify({ batch, year }),
      'application/json',
    );
    await harness.objects.put(
      reportKeys.assessment(batch, year, 'xlsx'),
      Buffer.from('xlsx'),
      'application/octet-stream',
    );
  }
});

interface Listed {
  key: string;
  scope: string;
  kind?: string;
  batch?: number | null;
  period: string | null;
  format: string;
  url: string;
}

async function listed(user: 'analyst' | 'shenzhen' | 'guangdong', query = ''): Promise<Listed[]> {
  const response = await harness.call(user, 'GET', `/api/reports${query}`);
  return ((await response.json()) as { reports: Listed[] }).reports;
}

describe('assessments in GET /api/reports', () => {
  it('lists them for analysts with kind assessment, the batch, and the assessed year as the period', async () => {
    const assessments = (await listed('analyst')).filter((report) => report.kind === 'assessment');

    expect(assessments).toContainEqual({
      key: 'reports/assessments/2022/2023/assessment-2022-2023.xlsx',
      name: 'assessment-2022-2023.xlsx',
      scope: 'assessment',
      kind: 'assessment',
      batch: 2022,
      period: '2023',
      city: null,
      province: null,
      format: 'xlsx',
      url: '/api/reports/assessments/2022/2023/assessment-2022-2023.xlsx',
    });
    expect(assessments).toHaveLength(4);
  });

  it('filters them by the assessed year, not the batch', async () => {
    const of2023 = (await listed('analyst', '?period=2023')).filter((report) => report.kind === 'assessment');

    expect(of2023.map((report) => report.key).sort()).toEqual([
      reportKeys.assessment(2022, 2023, 'json'),
      reportKeys.assessment(2022, 2023, 'xlsx'),
    ]);
  });

  it('downloads one for an analyst and refuses cities and provinces', async () => {
    const path = '/api/reports/assessments/2022/2023/assessment-2022-2023.json';

    expect((await harness.call('analyst', 'GET', path)).status).toBe(200);
    expect((await harness.call('shenzhen', 'GET', path)).status).toBe(403);
    expect((await harness.call('guangdong', 'GET', path)).status).toBe(403);
    expect((await listed('shenzhen')).some((report) => report.kind === 'assessment')).toBe(false);
  });
});
