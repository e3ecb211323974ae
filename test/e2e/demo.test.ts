/**
 * `npm start` end to end: the real launcher runs the demo into a temporary folder, and the
 * published national figures are checked against sums worked out here from the demo's own
 * records, not by the roll-up code.
 */
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoDataset, generateDemoDataset } from '#demo/index.ts';
import type { AssessmentJson } from '#shared/assessment/assessmentJson.ts';
import { targetFor } from '#shared/domain/registry.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { type CliRun, ipstatsProcess } from '../cli/support/cli.ts';

const DEMO_TIMEOUT_MS = 170_000;

/** A city's declared value of an indicator in one quarter, from the demo's final content. */
function declared(dataset: DemoDataset, city: string, period: string, code: string): number | undefined {
  const report = dataset.reports.find((candidate) => candidate.city === city && candidate.period === period);
  return report?.content.core.find((record) => record.code === code)?.value;
}

function citiesReporting(dataset: DemoDataset, period: string): string[] {
  return [
    ...new Set(dataset.reports.filter((report) => report.period === period).map((report) => report.city)),
  ];
}

function total(values: ReadonlyArray<number | undefined>): number {
  return values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

async function readJsonFile<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe('ipstats demo (npm start)', () => {
  const dataset = generateDemoDataset();
  let out: string;
  let run: CliRun;
  let national: NationalRollup;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'ipstats-demo-'));
    run = await ipstatsProcess(['demo', '--out', out], { timeoutMs: DEMO_TIMEOUT_MS });
    national = await readJsonFile<NationalRollup>(
      join(out, 'reports', 'national', '2024Q3', 'national-summary-2024Q3.json'),
    );
  }, DEMO_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('finishes with exit code 0 and a summary naming the national workbook', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('全国汇总表（2024Q3）');
    expect(run.stdout).toContain('national-summary-2024Q3.xlsx');
  });

  it('publishes the national D01 total of 2024Q3 as the sum over the cities that reported it', () => {
    const cities = citiesReporting(dataset, '2024Q3');
    const expected = total(cities.map((city) => declared(dataset, city, '2024Q3', 'D01')));

    expect(national.national.D01?.value).toBeCloseTo(expected, 2);
    expect(national.national.D01?.cities).toBe(cities.length);
  });

  it('publishes the national D01 year to date, last year to date and growth like for like', () => {
    const cities = citiesReporting(dataset, '2024Q3');
    const yearToDate = (year: number) =>
      total(
        cities.flatMap((city) =>
          [1, 2, 3].map((quarter) => declared(dataset, city, `${year}Q${quarter}`, 'D01')),
        ),
      );
    const ytd = yearToDate(2024);
    const lastYearYtd = yearToDate(2023);

    expect(national.national.D01?.ytd).toBeCloseTo(ytd, 2);
    expect(national.national.D01?.lastYearYtd).toBeCloseTo(lastYearYtd, 2);
    expect(national.national.D01?.growth).toBeCloseTo((ytd / lastYearYtd - 1) * 100, 2);
  });

  it('counts every registry city as expected, the never-reporting city as missing and the late one as late', () => {
    const late = dataset.scenarios.filter(
      (scenario) => scenario.id === 'late' && scenario.period === '2024Q3',
    ).length;

    expect(national.completeness).toMatchObject({
      expected: dataset.registry.length,
      reported: citiesReporting(dataset, '2024Q3').length,
      late,
    });
  });

  it('writes the rejected scenario file’s report below results/, with the error located', async () => {
    const scenario = dataset.scenarios.find((candidate) => candidate.id === 'rejected-credit-code');
    const folder = join(out, 'results', scenario?.city ?? '', scenario?.period ?? '');
    const reports = await Promise.all(
      (await readdir(folder))
        .filter((name) => name.endsWith('.json'))
        .map((name) => readJsonFile<ValidationReport>(join(folder, name))),
    );

    const rejected = reports.filter((report) => report.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(
      rejected[0]?.issues.some((issue) => issue.severity === 'error' && issue.code.startsWith('USCC')),
    ).toBe(true);
  });

  it('mirrors the workbooks of every quarter and year covered', async () => {
    const periods = [...dataset.periods, '2023', '2024'];

    for (const period of periods) {
      await expect(
        access(join(out, 'reports', 'national', period, `national-summary-${period}.xlsx`)),
      ).resolves.toBeUndefined();
    }
    await expect(
      access(join(out, 'reports', 'cities', '440300', '2024Q3', 'city-summary-440300-2024Q3.xlsx')),
    ).resolves.toBeUndefined();
  });

  describe('the performance assessment of each batch (2023, the one year past its Q4 deadline)', () => {
    const batches = [...new Set(dataset.registry.map((city) => city.batchYear))].sort();
    const assessmentOf = (batch: number) =>
      readJsonFile<AssessmentJson>(
        join(out, 'reports', 'assessments', String(batch), '2023', `assessment-${batch}-2023.json`),
      );

    it('is published for every batch of the registry and named in the summary', async () => {
      expect(batches).toEqual([2022, 2023]);
      for (const batch of batches) {
        expect(run.stdout).toContain(`绩效评价（${batch} 年度批次，2023 年度）`);
        const json = await assessmentOf(batch);
        expect(json.cities.map((city) => city.code).sort()).toEqual(
          dataset.registry
            .filter((city) => city.batchYear === batch)
            .map((city) => city.code)
            .sort(),
        );
      }
    });

    it('has every number recomputable by hand from the demo’s own records and the spec', async () => {
      for (const batch of batches) {
        const json = await assessmentOf(batch);
        for (const assessed of json.cities) {
          const city = dataset.registry.find((candidate) => candidate.code === assessed.code);
          if (!city) throw new Error(`unknown city ${assessed.code}`);
          const q4 = (code: string) => declared(dataset, city.code, '2023Q4', code);
          const k = batch === 2022 ? 8 : 4;
          expect([assessed.k, assessed.n]).toEqual([k, 12]);
          if (q4('A02') === undefined) {
            expect(assessed.score).toBeNull();
            continue;
          }
          // Programme target: the Q4 value against target × k / n.
          const a02 = q4('A02') as number;
          const expected = ((targetFor(city, 'A02') as number) * k) / 12;
          expect(assessed.targets.A02).toMatchObject({ value: a02 });
          expect(assessed.targets.A02?.score).toBeCloseTo(Math.min(100, (a02 / expected) * 100), 2);
          // Growth target: the compound rate from the registry's base year to 2023.
          const yearly = total(
            [1, 2, 3, 4].map((quarter) => declared(dataset, city.code, `2023Q${quarter}`, 'D01')),
          );
          const d01 = assessed.targets.D01 as unknown as { cagr: number | null; excluded?: string };
          if (city.baseline) {
            const base = city.baseline.values.D01 as number;
            expect(d01.cagr).toBeCloseTo(((yearly / base) ** (1 / (2023 - city.baseline.year)) - 1) * 100, 2);
          } else {
            expect(d01.excluded).toBe('无基期数据');
          }
          // Fund execution and the funds still to release.
          const e01 = q4('E01') as number;
          expect(assessed.fundExecution.rate).toBeCloseTo(((q4('E02') as number) / e01) * 100, 2);
          expect(assessed.fundsToRelease).toBeCloseTo(Math.max(0, (city.fundingApproved as number) - e01), 4);
          // Total: Σ weight × score over the targets used / Σ their weights.
          const parts = [
            ...Object.entries(assessed.targets),
            ['agencyGrowth', assessed.agencyGrowth],
            ['fundExecution', assessed.fundExecution],
          ] as Array<[string, { score: number | null }]>;
          const used = parts.filter(([, part]) => part.score !== null);
          const weight = (key: string) => json.method.weights[key] as number;
          const sum = used.reduce((acc, [key, part]) => acc + weight(key) * (part.score as number), 0);
          const weights = used.reduce((acc, [key]) => acc + weight(key), 0);
          expect(assessed.score).toBeCloseTo(sum / weights, 2);
          const grade =
            (assessed.score as number) >= 90
              ? '优秀'
              : (assessed.score as number) >= 75
                ? '良好'
                : (assessed.score as number) >= 60
                  ? '合格'
                  : '不合格';
          expect(assessed.grade).toBe(grade);
        }
        const ranked = json.cities
          .filter((city) => city.rank !== null)
          .sort((a, b) => (a.rank as number) - (b.rank as number));
        expect(ranked.map((city) => city.score)).toEqual(
          [...ranked.map((city) => city.score)].sort((a, b) => (b as number) - (a as number)),
        );
      }
    });

    it('is announced to the analysts in out/outbox/, one note per batch that a mail client opens', async () => {
      const outbox = join(out, 'outbox');
      const notes = (await readdir(outbox)).filter((name) => /-assessment\.2023\.b\d{4}\./.test(name)).sort();

      expect(notes.map((name) => /\.b(\d{4})\./.exec(name)?.[1])).toEqual(batches.map(String));
      expect(run.stdout).toMatch(/绩效评价发布 2/);
      for (const [index, batch] of batches.entries()) {
        const mail = await simpleParser(await readFile(join(outbox, notes[index] as string)));
        expect(mail.subject).toBe(`【已发布】${batch} 年度批次 2023 年度绩效评价结果`);
        expect(mail.text).toContain(`reports/assessments/${batch}/2023/assessment-${batch}-2023.xlsx`);
      }
    });
  });
});
