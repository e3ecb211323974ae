/**
 * 需关注: the attention list of a small fixture worked out here by hand (expected progress, gaps
 * in units and percent, order by how far behind), and the sheet that shows it.
 */
import { describe, expect, it } from 'vitest';
import { attentionList } from '#shared/reports/attention.ts';
import { writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import { writeNationalWorkbook } from '#shared/reports/nationalWorkbook.ts';
import { aCity, aNationalRollup, aQualityEntry, growthTarget, programmeTarget } from './rollupBuilder.ts';
import { readWorkbook, rowStartingWith, rowValues, sheet } from './workbookReader.ts';

/**
 * 深圳: A02 4 of 12 with 9 expected by now (滞后: 5 behind, 55.6 %).
 * 杭州: C01 20 of 100 with 75 expected (严重滞后: 55 behind, 73.3 %); D01 grew 12 % against 30 %
 *       (未达标: 18 points behind, 60 %).
 * 西安: not reported; 成都: late. Every other target is on track (the builder's default).
 */
function fixture() {
  const shenzhen = aCity('440300', '深圳市');
  shenzhen.targets.A02 = { ...programmeTarget(4, 12, '滞后'), expected: 9 };
  const hangzhou = aCity('330100', '杭州市', { seed: 1 });
  hangzhou.targets.C01 = { ...programmeTarget(20, 100, '严重滞后'), expected: 75 };
  hangzhou.targets.D01 = growthTarget(12, 30, '未达标');
  const xian = aCity('610100', '西安市', { submission: 'not_reported' });
  const chengdu = aCity('510100', '成都市', {
    seed: 2,
    submission: 'late',
  });
  chengdu.submissionDetail = { ...chengdu.submissionDetail, submission: 'late' };
  return aNationalRollup({
    cities: [hangzhou, shenzhen, chengdu, xian],
    dataQuality: [
      aQualityEntry({ city: '440300', cityName: '深圳市', message: '深圳的警告一' }),
      aQualityEntry({ city: '440300', cityName: '深圳市', message: '深圳的警告二' }),
      aQualityEntry({ city: '330100', cityName: '杭州市', message: '杭州的警告' }),
    ],
  });
}

describe('attention list', () => {
  it('lists the targets behind expected progress, furthest behind first, with gaps in units and percent', () => {
    const rollup = fixture();

    const list = attentionList(rollup.cities, rollup.dataQuality, { deadline: rollup.deadline });

    expect(
      list.targets.map((item) => [
        item.cityName,
        item.target,
        item.expected,
        item.gap,
        item.gapPercent,
        item.status,
      ]),
    ).toEqual([
      ['杭州市', 'C01', 75, 55, 73.3, '严重滞后'],
      ['杭州市', 'D01', 30, 18, 60, '未达标'],
      ['深圳市', 'A02', 9, 5, 55.6, '滞后'],
    ]);
    expect(list.targets[2]!.reason).toBe(
      '累计 4 个，按第 11 / 12 季度应完成 9 个，差 5 个（落后应完成进度 55.6%）；项目期目标 12 个',
    );
    expect(list.targets[1]!.reason).toBe('本年累计同比增长 12.0%，低于目标增幅 30.0%，差 18.0 个百分点');
  });

  it('lists cities not reported before late ones, and counts warnings 待说明 per city', () => {
    const rollup = fixture();

    const list = attentionList(rollup.cities, rollup.dataQuality, { deadline: rollup.deadline });

    expect(list.submissions.map((item) => [item.cityName, item.submission])).toEqual([
      ['西安市', 'not_reported'],
      ['成都市', 'late'],
    ]);
    expect(list.warnings.map((item) => [item.cityName, item.count, item.example])).toEqual([
      ['深圳市', 2, '深圳的警告一'],
      ['杭州市', 1, '杭州的警告'],
    ]);
  });

  it('leaves out warnings the city explained (已说明) and warnings that ask for no explanation', () => {
    const rollup = fixture();
    const [first, second, third] = rollup.dataQuality;
    const dataQuality = [
      { ...first!, explanationStatus: 'explained' as const, explanation: '本季度新增两家机构，已核实' },
      { ...second!, explanationStatus: 'pending' as const },
      { ...third!, code: 'INFO_CITY_NAME_MISMATCH' },
    ];

    const list = attentionList(rollup.cities, dataQuality, { deadline: rollup.deadline });

    expect(list.warnings.map((item) => [item.cityName, item.count, item.example])).toEqual([
      ['深圳市', 1, '深圳的警告二'],
    ]);
    expect(list.explainedWarnings).toBe(1);
  });

  it('puts the list on the 需关注 sheet of the national and the city workbook', async () => {
    const rollup = fixture();

    const national = sheet(await readWorkbook(await writeNationalWorkbook(rollup)), '需关注');
    const city = sheet(await readWorkbook(await writeCityWorkbook(rollup, '440300')), '需关注');

    const header = rowStartingWith(national, '城市代码').number;
    expect(rowValues(national, header + 1).slice(0, 11)).toEqual([
      '330100',
      '杭州市',
      '某省',
      'C01 知识产权管理规范贯标单位数',
      '家',
      20,
      75,
      100,
      55,
      73.3,
      '严重滞后',
    ]);
    expect(rowStartingWith(national, '610100').getCell(4).value).toBe('未报送');
    const cityHeader = rowStartingWith(city, '城市代码').number;
    expect(rowValues(city, cityHeader + 1).slice(0, 4)).toEqual([
      '440300',
      '深圳市',
      '某省',
      'A02 产业规划类专利导航项目数',
    ]);
    expect(city.getRow(cityHeader + 2).getCell(1).value).toBeNull();
  });
});

describe('需关注 and 目标完成 in print', () => {
  it('shows a count target’s expected progress and gap with one decimal, as its 说明 words them', async () => {
    // 深圳 A02: 9 of 10 with 9.17 expected after 11 of 12 quarters, 0.17 behind.
    const shenzhen = aCity('440300', '深圳市');
    shenzhen.targets.A02 = { ...programmeTarget(9, 10, '滞后'), expected: 10 * (11 / 12) };
    const rollup = aNationalRollup({ cities: [shenzhen] });

    const workbook = await readWorkbook(await writeCityWorkbook(rollup, '440300'));

    const attention = sheet(workbook, '需关注');
    const row = attention.getRow(rowStartingWith(attention, '城市代码').number + 1);
    const [expected, gap] = [row.getCell(7), row.getCell(9)];
    expect([expected.numFmt, gap.numFmt]).toEqual(['#,##0.0', '#,##0.0']);
    expect(Number(gap.value)).toBeCloseTo(0.17, 2);
    expect(String(row.getCell(12).value)).toContain('应完成 9.2 个，差 0.2 个');
    // The value and the target stay whole counts.
    expect([row.getCell(6).numFmt, row.getCell(8).numFmt]).toEqual(['#,##0', '#,##0']);
    const targets = sheet(workbook, '目标完成');
    const a02 = rowStartingWith(targets, 'A02');
    const column = (targets.getRow(a02.number - 1).values as unknown[]).indexOf('应完成进度');
    expect(a02.getCell(column).numFmt).toBe('#,##0.0');
  });
});
