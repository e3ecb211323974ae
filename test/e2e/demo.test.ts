/**
 * `npm start` end to end: the real launcher runs the demo into a temporary folder, and the
 * published national figures are checked against sums worked out here from the demo's own
 * records, not by the roll-up code.
 */
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoDataset, generateDemoDataset } from '#demo/index.ts';
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
});
