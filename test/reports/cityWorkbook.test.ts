import { describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { UnknownReportCityError, writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import {
  aCity,
  aModel,
  aNationalRollup,
  anEnterprise,
  aQualityEntry,
  programmeTarget,
} from './rollupBuilder.ts';
import { columnOf, readWorkbook, rowStartingWith, rowValues, sheet } from './workbookReader.ts';

describe('city workbook', () => {
  it('has the city sheets in order, each with a title, the times, a frozen header and a filter', async () => {
    const workbook = await readWorkbook(await writeCityWorkbook(aNationalRollup(), '440300'));

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([
      '概览',
      '需关注',
      '指标趋势',
      '目标完成',
      '重点企业',
      '典型案例',
      '数据质量',
      '说明',
    ]);
    for (const worksheet of workbook.worksheets) {
      expect(worksheet.getCell('A2').value).toBe(
        '数据截至 2024-10-10 10:00（北京时间） / 生成时间 2024-10-16 10:00（北京时间）',
      );
      expect(worksheet.views[0]?.state).toBe('frozen');
      expect(worksheet.autoFilter, worksheet.name).toBeTruthy();
    }
    expect(String(sheet(workbook, '概览').getCell('A1').value)).toBe(
      '深圳市（440300）知识产权运营服务体系建设统计报告（2024Q3）',
    );
  });

  it('sets the city against the national median on 概览, with its three charts as pictures', async () => {
    const rollup = aNationalRollup();
    rollup.cities.find((city) => city.code === '440300')!.indicators.D01 = {
      value: 150,
      ytd: 400,
      lastYearYtd: 320,
      growth: 25,
    };
    rollup.median.D01 = 100;
    const workbook = await readWorkbook(await writeCityWorkbook(rollup, '440300'));
    const overview = sheet(workbook, '概览');

    const d01 = rowStartingWith(overview, 'D01');
    expect(rowValues(overview, d01.number)).toEqual([
      'D01',
      '知识产权质押融资金额',
      '万元',
      150,
      400,
      320,
      25,
      100,
      150,
    ]);
    expect(overview.getImages()).toHaveLength(3);
    expect(rowStartingWith(overview, '全国排名').getCell(4).value).toBe('1 / 3');
  });

  it('shows 指标趋势 as a matrix: a row per indicator, a column per programme quarter, then YTD and growth', async () => {
    const workbook = await readWorkbook(await writeCityWorkbook(aNationalRollup(), '440300'));
    const trend = sheet(workbook, '指标趋势');

    // Three quarters in the builder's trend; row 3 groups the columns, row 4 heads them.
    expect(rowValues(trend, 4)).toEqual([
      '指标代码',
      '指标名称',
      '单位',
      '2024Q1',
      '2024Q2',
      '2024Q3',
      '本年累计',
      '上年同期累计',
      '同比增长（%）',
    ]);
    expect(rowValues(trend, 5).slice(0, 3)).toEqual(['A01', '产业知识产权联盟数', '个']);
    expect(trend.getCell(4 + INDICATORS.length, 1).value).toBe('E04');
    expect(trend.getCell(5 + INDICATORS.length, 1).value).toBeNull();
    const a06 = rowStartingWith(trend, 'A06').number;
    expect([trend.getCell(a06, 4).numFmt, trend.getCell(5, 4).numFmt]).toEqual(['#,##0.00', '#,##0']);
  });

  it('shows each target with its expected progress, status and score, and the overall score', async () => {
    const rollup = aNationalRollup();
    const city = rollup.cities.find((candidate) => candidate.code === '440300')!;
    city.targets.A02 = { ...programmeTarget(4, 12, '滞后'), expected: 9 };
    const workbook = await readWorkbook(await writeCityWorkbook(rollup, '440300'));
    const targets = sheet(workbook, '目标完成');

    const a02 = rowStartingWith(targets, 'A02');
    expect(a02.getCell(columnOf(targets, 3, '应完成进度')).value).toBe(9);
    expect(a02.getCell(columnOf(targets, 3, '状态')).value).toBe('滞后');
    expect(rowStartingWith(targets, '综合得分').getCell(2).value).toBe('全国第 1 名');
  });

  it("lists only the city's enterprises, cases and warnings", async () => {
    const rollup = aNationalRollup({
      enterprisesByCity: {
        '440300': [
          anEnterprise({ name: '深圳甲公司' }),
          anEnterprise({ rank: 2, name: '深圳乙公司', uscc: '91440300MA5EX00002' }),
        ],
        '330100': [anEnterprise({ name: '杭州甲公司', city: '330100', cityName: '杭州市' })],
      },
      typicalModels: [
        aModel({ city: '440300', title: '深圳案例' }),
        aModel({ city: '330100', title: '杭州案例' }),
      ],
      dataQuality: [
        aQualityEntry({ city: '440300', message: '深圳的警告' }),
        aQualityEntry({ city: '330100', message: '杭州的警告' }),
      ],
    });

    const workbook = await readWorkbook(await writeCityWorkbook(rollup, '440300'));

    expect([
      sheet(workbook, '重点企业').getCell('B4').value,
      sheet(workbook, '重点企业').getCell('B5').value,
    ]).toEqual(['深圳甲公司', '深圳乙公司']);
    expect(sheet(workbook, '重点企业').getCell('B6').value).toBeNull();
    expect(sheet(workbook, '典型案例').getCell('B4').value).toBe('深圳案例');
    expect(sheet(workbook, '典型案例').getCell('B5').value).toBeNull();
    const quality = sheet(workbook, '数据质量');
    expect(quality.getCell(4, columnOf(quality, 3, '说明')).value).toBe('深圳的警告');
    expect(quality.getCell(5, 1).value).toBeNull();
  });

  it('lists every enterprise of the city in rank order on 重点企业, marking the typical ones', async () => {
    const ranked = Array.from({ length: 7 }, (_, index) =>
      anEnterprise({
        rank: index + 1,
        name: `深圳企业${index + 1}`,
        uscc: `91440300MA5EX0000${index + 1}`,
        score: 90 - index * 10,
      }),
    );
    const rollup = aNationalRollup({
      enterprisesByCity: { '440300': ranked },
      typicalEnterprisesByCity: { '440300': ranked.slice(0, 5) },
    });

    const enterprises = sheet(await readWorkbook(await writeCityWorkbook(rollup, '440300')), '重点企业');

    expect(enterprises.getCell('A1').value).toBe(
      '深圳市重点企业（共 7 家，按典型企业得分排序，入选典型 5 家，2024Q3）',
    );
    expect(rowValues(enterprises, 3).slice(0, 4)).toEqual([
      '市内排名',
      '企业名称',
      '入选典型',
      '统一社会信用代码',
    ]);
    expect([4, 5, 6, 7, 8, 9, 10, 11].map((row) => rowValues(enterprises, row).slice(0, 3))).toEqual([
      [1, '深圳企业1', '是'],
      [2, '深圳企业2', '是'],
      [3, '深圳企业3', '是'],
      [4, '深圳企业4', '是'],
      [5, '深圳企业5', '是'],
      [6, '深圳企业6', '否'],
      [7, '深圳企业7', '否'],
      [],
    ]);
  });

  it('writes a full workbook for a city that did not report', async () => {
    const rollup = aNationalRollup({
      cities: [aCity('610100', '西安市', { submission: 'not_reported', trend: [] })],
    });

    const workbook = await readWorkbook(await writeCityWorkbook(rollup, '610100'));

    expect(rowStartingWith(sheet(workbook, '概览'), '填报状态').getCell(4).value).toBe('未报送');
    expect(sheet(workbook, '指标趋势').getCell('A5').value).toBe('本期不在该城市的项目期内');
    expect(sheet(workbook, '概览').getImages()).toHaveLength(3);
  });

  it('refuses a city that is not in the roll-up, naming it in Chinese', async () => {
    await expect(writeCityWorkbook(aNationalRollup(), '999999')).rejects.toThrow(UnknownReportCityError);
    await expect(writeCityWorkbook(aNationalRollup(), '999999')).rejects.toThrow(
      '汇总结果中没有城市 999999（2024Q3）',
    );
  });
});
