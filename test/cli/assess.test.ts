/** `ipstats assess` against the persistent local stack: a batch assessed from uploaded quarters. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack } from '#embedded/stack.ts';
import type { AssessmentJson } from '#shared/assessment/assessmentJson.ts';
import { parseQuarter, quarterEnd } from '#shared/domain/period.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import { ipstats } from './support/cli.ts';
import { coreWorkbook } from './support/uploadFiles.ts';

const CLI_TIMEOUT_MS = 120_000;

async function withStack<T>(
  state: string,
  work: (stack: Awaited<ReturnType<typeof startEmbeddedStack>>) => Promise<T>,
): Promise<T> {
  const stack = await startEmbeddedStack({ directory: state });
  try {
    return await work(stack);
  } finally {
    await stack.stop();
  }
}

async function readJson<T>(state: string, key: string): Promise<T> {
  return withStack(state, async (stack) => {
    const chunks: Buffer[] = [];
    for await (const chunk of (await stack.objects.get(key)).body) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
  });
}

describe('ipstats assess', () => {
  let root: string;
  let state: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ipstats-assess-'));
    state = join(root, '.ipstats');
    // 深圳市 (batch 2022, baseline 2021 D01 = 499090) reports the four quarters of 2023 on time.
    await withStack(state, async (stack) => {
      for (const quarter of ['2023Q1', '2023Q2', '2023Q3', '2023Q4']) {
        const eventTime = new Date(quarterEnd(parseQuarter(quarter)).getTime() + 5 * 86_400_000);
        await stack.upload(
          `uploads/440300/${quarter}/深圳${quarter}.xlsx`,
          await coreWorkbook('440300', quarter, { D01: 150000 }),
          { eventTime },
        );
      }
    });
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it(
    'assesses the batch for the latest complete year, prints the ranking and publishes the workbook and JSON',
    async () => {
      const run = await ipstats(
        'assess',
        '--batch',
        '2022',
        '--local',
        state,
        '--now',
        '2024-02-01T10:00:00+08:00',
      );

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('已完成 2022 年度批次 2023 年度绩效评价');
      expect(run.stdout).toContain('评价时间 2024-02-01 10:00（北京时间）');
      expect(run.stdout).toMatch(/1\s+440300 深圳市\s+\d+\.\d\d\s+\S+\s+建议/);
      expect(run.stdout).toContain('reports/assessments/2022/2023/assessment-2022-2023.xlsx');
      const json = await readJson<AssessmentJson>(state, reportKeys.assessment(2022, 2023, 'json'));
      const shenzhen = json.cities.find((city) => city.code === '440300');
      // 年均增幅 over 2021–2023: (600000 / 499090)^(1/2) − 1.
      const cagr = Math.round((Math.sqrt(600000 / 499090) - 1) * 10000) / 100;
      expect(shenzhen?.targets.D01).toMatchObject({ baseYear: 2021, baseValue: 499090, value: 600000, cagr });
      expect(shenzhen?.targets.D01?.score).toBe(Math.round((cagr / 30) * 10000) / 100);
      expect(json.cities.map((city) => city.code)).toEqual([
        '320500',
        '330100',
        '370200',
        '420100',
        '440300',
        '510100',
      ]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'lists the assessment among the reports of its year',
    async () => {
      const run = await ipstats('reports', 'list', '--period', '2023', '--local', state);

      expect(run.stdout).toContain('reports/assessments/2022/2023/assessment-2022-2023.json');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 with a Chinese message for a batch the registry does not have',
    async () => {
      const run = await ipstats('assess', '--batch', '2030', '--year', '2031', '--local', state);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('城市名录中没有 2030 年度批次的城市');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 naming the field when config/assessment.json is invalid',
    async () => {
      await withStack(state, (stack) =>
        stack.objects.put('config/assessment.json', '{"weights":{"A02":"十"}}', 'application/json'),
      );

      const run = await ipstats('assess', '--batch', '2022', '--year', '2023', '--local', state);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('weights.A02 应为非负数');
    },
    CLI_TIMEOUT_MS,
  );

  it('exits 2 on a year that is not a year', async () => {
    const run = await ipstats('assess', '--batch', '2022', '--year', '23');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('应为四位年份');
  });
});
