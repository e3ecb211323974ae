/**
 * A yearly report for the year in progress: its fourth quarter is not yet due (未到期), never
 * unreported (未报送), and its completeness has no rate until the deadline has passed — in the
 * roll-up, its JSON, its workbooks, its completeness chart and the CLI's roll-up line.
 */
import { describe, expect, it } from 'vitest';
import { completenessLine } from '#cli/commands/rollup.ts';
import { completenessChart } from '#shared/charts/definitions.ts';
import { yearPeriod } from '#shared/domain/period.ts';
import { writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import { writeNationalWorkbook } from '#shared/reports/nationalWorkbook.ts';
import { cityReportJson, nationalReportJson } from '#shared/reports/reportJson.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import { aCity, aCityInput, anInput, coresFromTable, indicatorTable } from '../rollup/builders.ts';
import { readWorkbook, rowStartingWith, rowValues, sheet } from './workbookReader.ts';

const P = '110101';
const Q = '220202';

// Both cities reported 2024Q1–Q3 (on time); nobody has sent 2024Q4 yet.
const VALUES = indicatorTable(`
  period  D01  A02
  2024Q1   10    1
  2024Q2   20    2
  2024Q3   30    3
`);

/** The yearly roll-up of 2024 at `generatedAt` (the Q4 deadline is 2025-01-15 24:00 China time). */
function year2024At(generatedAt: string) {
  const onTime = (period: string): [string, string] => [
    `${period}-core`,
    `${period.slice(0, 4)}-0${Number(period.slice(5)) * 3}-28T02:00:00.000Z`,
  ];
  const cores = (city: string) =>
    coresFromTable(
      city,
      VALUES,
      Object.fromEntries([...VALUES.keys()].map((period) => [period, onTime(period)])),
    );
  return computeRollup(
    anInput(
      yearPeriod(2024),
      [aCity(P, '甲市'), aCity(Q, '乙市')],
      [aCityInput(P, { current: cores(P) }), aCityInput(Q, { current: cores(Q) })],
      { generatedAt },
    ),
  );
}

const inProgress = year2024At('2024-12-03T02:00:00.000Z');
const afterDeadline = year2024At('2025-01-20T02:00:00.000Z');

describe('a yearly roll-up of the year in progress', () => {
  it('counts every city not yet due, none unreported, and gives no rate before the deadline', () => {
    expect(inProgress.notDueQuarters).toEqual(['2024Q4']);
    expect(inProgress.cities.map((city) => city.submission)).toEqual(['not_due', 'not_due']);
    expect(inProgress.completeness).toEqual({
      expected: 2,
      reported: 0,
      onTime: 0,
      late: 0,
      notReported: 0,
      rejectedOnly: 0,
      notDue: 2,
      rate: null,
    });
    // After the deadline the same data is unreported, at 0 %.
    expect(afterDeadline.notDueQuarters).toEqual([]);
    expect(afterDeadline.completeness).toMatchObject({ notReported: 2, notDue: 0, rate: 0 });
  });

  it('does not list the quarter not yet due as missing from a YTD', () => {
    const d01 = inProgress.cities[0]?.indicators.D01;

    expect(d01).toMatchObject({ value: 60, ytd: 60 });
    expect(d01?.missingQuarters).toBeUndefined();
    expect(afterDeadline.cities[0]?.indicators.D01?.missingQuarters).toEqual(['2024Q4']);
  });

  it('marks the quarter not yet due in the national and city trends, and only it', () => {
    expect(inProgress.nationalTrend.map((point) => [point.period, point.notDue ?? false])).toEqual([
      ['2024Q1', false],
      ['2024Q2', false],
      ['2024Q3', false],
      ['2024Q4', true],
    ]);
    expect(inProgress.cities[0]?.trend.filter((point) => point.notDue).map((point) => point.period)).toEqual([
      '2024Q4',
    ]);
    expect(afterDeadline.nationalTrend.some((point) => point.notDue)).toBe(false);
  });

  it('says so in the report JSON', () => {
    const json = nationalReportJson(inProgress);
    const city = cityReportJson(inProgress, P).cities.find((entry) => entry.code === P);

    expect(json.notDueQuarters).toEqual(['2024Q4']);
    expect(json.completeness.rate).toBeNull();
    expect(json.cities.map((entry) => entry.submission)).toEqual(['not_due', 'not_due']);
    expect(json.nationalTrend.at(-1)).toMatchObject({ period: '2024Q4', notDue: true });
    expect(city?.trend?.at(-1)).toMatchObject({ period: '2024Q4', notDue: true });
    expect(city?.indicators.D01?.missingQuarters).toEqual([]);
  });

  it('shows 未到期 in the workbooks: 概览, 填报情况 and the city 指标趋势', async () => {
    const national = await readWorkbook(await writeNationalWorkbook(inProgress));
    const city = await readWorkbook(await writeCityWorkbook(inProgress, P));

    const overview = sheet(national, '概览');
    expect(rowValues(overview, rowStartingWith(overview, '未到期的季度').number)).toContain(
      '2024Q4（截止时间未到，不计为未报送）',
    );
    expect(rowValues(overview, rowStartingWith(overview, '未到期').number)).toBeDefined();
    const submissions = sheet(national, '填报情况');
    const statuses = submissions
      .getSheetValues()
      .flat()
      .filter((value) => value === '未到期' || value === '未报送');
    expect(statuses).toEqual(['未到期', '未到期']);
    const trend = sheet(city, '指标趋势');
    const headers = trend
      .getSheetValues()
      .flat()
      .filter((value) => typeof value === 'string' && /^2024Q\d/.test(value));
    expect(headers).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4（未到期）']);
  });

  it('draws the quarter not yet due without unreported cities or a rate', () => {
    const chart = completenessChart({
      title: '各季度报送情况',
      quarters: inProgress.nationalTrend.map((point) => ({
        period: point.period,
        expected: point.expected ?? 0,
        reported: point.cities ?? 0,
        notDue: point.notDue === true,
      })),
    });
    const option = JSON.parse(JSON.stringify(chart.option)) as {
      xAxis: { data: string[] };
      series: Array<{ name: string; data: Array<number | null> }>;
    };

    expect(option.xAxis.data.at(-1)).toBe('2024Q4\n（未到期）');
    expect(option.series.find((series) => series.name === '未报送城市')?.data).toEqual([0, 0, 0, 0]);
    expect(option.series.find((series) => series.name === '报送率（%）')?.data).toEqual([
      100,
      100,
      100,
      null,
    ]);
  });

  it("adds up in the CLI's roll-up line", () => {
    expect(completenessLine(inProgress.completeness)).toBe(
      '应报 2 = 按时 0 + 迟报 0 + 未报 0 + 仅有被退回 0 + 未到期 2（已报 0）',
    );
  });
});
