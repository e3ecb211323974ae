/**
 * A yearly roll-up (2024): yearly values from the four quarters, last year's yearly values,
 * national figures over the cities that reported Q4, and the Q4 submission status.
 */
import { describe, expect, it } from 'vitest';
import { yearPeriod } from '#shared/domain/period.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import {
  aCity,
  aCityInput,
  anEnterprise,
  anInput,
  aReport,
  aSheet,
  aWarning,
  coresFromTable,
  indicatorTable,
} from './builders.ts';

const P = '110101';
const Q = '220202';
const R = '330303';

const P_VALUES = indicatorTable(`
  period  D01  A02
  2023Q1   10    2
  2023Q2   20    4
  2023Q3   30    6
  2023Q4   40    8
  2024Q1   20    9
  2024Q2   30   10
  2024Q3   40   11
  2024Q4   60   12
`);

// 乙 skipped 2023Q4 and 2024Q3.
const Q_VALUES = indicatorTable(`
  period  D01  A02
  2023Q1   10    1
  2023Q2   10    2
  2023Q3   10    3
  2024Q1   10    4
  2024Q2   10    4
  2024Q4   30    5
`);

// 丙 has not reported 2024Q4.
const R_VALUES = indicatorTable(`
  period  D01  A02
  2024Q1  500   50
  2024Q2  500   50
  2024Q3  500   50
`);

function yearInput(generatedAt = '2025-01-31T00:00:00.000Z') {
  const cores = (city: string, table: Map<string, Record<string, number>>) =>
    coresFromTable(
      city,
      table,
      Object.fromEntries(
        [...table.keys()].map((period) => [period, [`${city}-${period}`, deadlineTime(period)]]),
      ),
    );
  return anInput(
    yearPeriod(2024),
    [aCity(P, '甲市'), aCity(Q, '乙市'), aCity(R, '丙市')],
    [
      aCityInput(P, {
        current: [
          ...cores(P, P_VALUES),
          aSheet(P, '2024Q1', 'enterprises', `${P}-2024Q1`, deadlineTime('2024Q1')),
          aSheet(P, '2024Q4', 'enterprises', `${P}-2024Q4`, deadlineTime('2024Q4')),
        ],
        enterprises: [
          { period: '2024Q1', uploadId: `${P}-2024Q1`, records: [anEnterprise(1, { pctApplications: 2 })] },
          { period: '2024Q4', uploadId: `${P}-2024Q4`, records: [anEnterprise(1, { pctApplications: 3 })] },
        ],
        reports: [
          aReport('2024Q1', `${P}-2024Q1`, [aWarning('OUTLIER', '核心指标', { row: 4 })]),
          aReport('2024Q4', `${P}-2024Q4`, [aWarning('STOCK_DECREASE', '核心指标', { row: 5 })]),
        ],
      }),
      aCityInput(Q, { current: cores(Q, Q_VALUES) }),
      aCityInput(R, { current: cores(R, R_VALUES) }),
    ],
    { generatedAt },
  );
}

/** Every upload arrives on the 10th of the month after its quarter (on time). */
function deadlineTime(period: string): string {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5));
  return new Date(Date.UTC(year, quarter * 3, 10)).toISOString();
}

const result = computeRollup(yearInput());
const city = (code: string) => result.cities.find((c) => c.code === code);

describe('computeRollup for the year in progress', () => {
  it('calls a city without its Q4 not yet due, not unreported, before the Q4 deadline', () => {
    const inProgress = computeRollup(yearInput('2025-01-10T00:00:00.000Z'));

    expect(inProgress.cities.find((c) => c.code === R)?.submission).toBe('not_due');
    expect(inProgress.completeness).toMatchObject({ notReported: 0, notDue: 1 });
  });
});

describe('computeRollup for a year', () => {
  it('names the year and takes the deadline of its Q4', () => {
    expect(result.period).toBe('2024');
    expect(result.periodKind).toBe('year');
    expect(result.deadline).toBe('2025-01-15T15:59:59.999Z');
  });

  it('sums a flow over Q1–Q4 and compares it with last year', () => {
    // 甲 D01: 20 + 30 + 40 + 60 = 150; 2023: 10 + 20 + 30 + 40 = 100; growth 50.
    expect(city(P)?.indicators.D01).toEqual({ value: 150, ytd: 150, lastYearYtd: 100, growth: 50 });
  });

  it("takes a stock's Q4 value, or the latest quarter of the year, flagging what is missing", () => {
    // 甲 A02: 12 at 2024Q4, 8 at 2023Q4 → 50. 乙 A02: 5 at 2024Q4; 2023 ends with Q3 = 3 → 66.67.
    expect(city(P)?.indicators.A02).toEqual({ value: 12, ytd: 12, lastYearYtd: 8, growth: 50 });
    expect(city(Q)?.indicators.A02).toEqual({
      value: 5,
      ytd: 5,
      lastYearYtd: 3,
      growth: 66.67,
      missingQuarters: ['2023Q4'],
    });
  });

  it('sums the quarters reported when one is missing, and flags it', () => {
    // 乙 D01: 10 + 10 + 30 = 50 (no Q3); 2023: 10 + 10 + 10 = 30 (no Q4); (50 / 30 − 1) × 100 = 66.67.
    expect(city(Q)?.indicators.D01).toEqual({
      value: 50,
      ytd: 50,
      lastYearYtd: 30,
      growth: 66.67,
      missingQuarters: ['2023Q4', '2024Q3'],
    });
  });

  it('counts nationally only the cities that reported Q4', () => {
    // 丙 did not report 2024Q4. D01: 150 + 50 = 200; last year 100 + 30 = 130; 53.85.
    expect(result.national.D01).toEqual({
      value: 200,
      ytd: 200,
      lastYearYtd: 130,
      growth: 53.85,
      cities: 2,
      baseCities: 2,
      comparableYtd: 200,
    });
    expect(city(R)?.submission).toBe('not_reported');
    expect(city(R)?.score).toBeNull();
  });

  it('measures programme progress at Q4: quarter 8 of 12', () => {
    // 甲 A02 12 ≥ 10 → 达标; 乙 A02 5 against expected 10 × 8/12 = 6.67, half 3.33 → 滞后.
    expect(city(P)?.programmeQuarter).toBe(8);
    expect(city(P)?.targets.A02).toMatchObject({ status: '达标', expected: 6.67 });
    expect(city(Q)?.targets.A02).toMatchObject({ status: '滞后', attainment: 50 });
  });

  it("merges an enterprise's quarters and lists the warnings of every quarter", () => {
    // PCT 2 + 3 = 5 over the year.
    expect(result.typicalEnterprises[0]?.values).toEqual({ pctApplications: 5 });
    expect(result.dataQuality.map((q) => [q.period, q.code])).toEqual([
      ['2024Q1', 'OUTLIER'],
      ['2024Q4', 'STOCK_DECREASE'],
    ]);
  });

  it('gives a city trend and a national trend over every quarter up to Q4', () => {
    expect(city(P)?.trend).toHaveLength(8);
    // 2024Q3: 甲 40 + 丙 500 (乙 skipped it).
    expect(result.nationalTrend.find((t) => t.period === '2024Q3')).toMatchObject({
      values: { D01: 540 },
      cities: 2,
    });
  });
});
