/**
 * Province reports: the summary workbook over one province's cities, and the national 省份汇总
 * sheet; subtotals are checked against sums of the cities' values worked out here.
 */
import { describe, expect, it } from 'vitest';
import { writeNationalWorkbook, writeProvinceWorkbook } from '#shared/reports/nationalWorkbook.ts';
import { provinceCode, UnknownProvinceError } from '#shared/reports/province.ts';
import { provinceReportJson } from '#shared/reports/reportJson.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';
import { columnOf, NATIONAL_SHEETS, readWorkbook, rowStartingWith, sheet } from './workbookReader.ts';

/** Two cities of 广东省, one of 浙江省; 珠海 has not reported. */
function fixture() {
  return aNationalRollup({
    cities: [
      aCity('330100', '杭州市', { province: '浙江省', seed: 2 }),
      aCity('440100', '广州市', { province: '广东省', seed: 1 }),
      aCity('440300', '深圳市', { province: '广东省' }),
      aCity('440400', '珠海市', { province: '广东省', submission: 'not_reported' }),
    ],
  });
}

describe('province reports', () => {
  it('groups cities by the GB/T 2260 province code', () => {
    expect([provinceCode('440300'), provinceCode('120116')]).toEqual(['440000', '120000']);
  });

  it('writes the summary sheets over the province cities, with subtotals equal to the sum of the cities', async () => {
    const rollup = fixture();

    const workbook = await readWorkbook(await writeProvinceWorkbook(rollup, '440000'));

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(
      NATIONAL_SHEETS.filter((name) => name !== '省份汇总'),
    );
    const cities = sheet(workbook, '城市指标');
    expect([5, 6, 7].map((row) => cities.getCell(row, 2).value)).toEqual(['广州市', '深圳市', '珠海市']);
    const d01 = columnOf(cities, 4, 'D01 知识产权质押融资金额（万元）');
    const b01 = columnOf(cities, 4, 'B01 专利申请量（件）');
    const sumOf = (code: string) =>
      rollup.cities
        .filter((city) => city.province === '广东省')
        .reduce((total, city) => total + (city.indicators[code]?.value ?? 0), 0);
    const subtotal = rowStartingWith(cities, '广东省合计');
    expect([subtotal.getCell(d01).value, subtotal.getCell(b01).value]).toEqual([sumOf('D01'), sumOf('B01')]);
    expect(String(sheet(workbook, '概览').getCell('A1').value)).toContain('广东省');
    expect(sheet(workbook, '概览').getImages()).toHaveLength(4);
  });

  it('carries the province, its cities and its attention list in the JSON', () => {
    const json = provinceReportJson(fixture(), '440000');

    expect(json.scope).toBe('province');
    expect(json.province).toEqual({ code: '440000', name: '广东省' });
    expect(json.cities.map((city) => city.code)).toEqual(['440100', '440300', '440400']);
    expect(json.completeness).toMatchObject({ expected: 3, reported: 2, notReported: 1 });
    expect(json.attention.submissions.map((item) => item.city)).toEqual(['440400']);
  });

  it('lists every province on the national 省份汇总 sheet with reported cities, totals and average score', async () => {
    const rollup = fixture();

    const summary = sheet(await readWorkbook(await writeNationalWorkbook(rollup)), '省份汇总');

    const guangdong = rowStartingWith(summary, '440000');
    const column = (label: string) => guangdong.getCell(columnOf(summary, 3, label)).value;
    const d01 = rollup.cities
      .filter((city) => city.province === '广东省' && city.submission !== 'not_reported')
      .reduce((total, city) => total + (city.indicators.D01?.value ?? 0), 0);
    expect([column('省份'), column('城市数'), column('已报送'), column('未报送')]).toEqual([
      '广东省',
      3,
      2,
      1,
    ]);
    expect(column('平均综合得分')).toBe((90 + 89) / 2);
    expect(column('D01 知识产权质押融资金额（万元）')).toBe(d01);
    expect(rowStartingWith(summary, '330000').getCell(2).value).toBe('浙江省');
  });

  it('refuses a province without cities, naming it in Chinese', async () => {
    await expect(writeProvinceWorkbook(fixture(), '650000')).rejects.toThrow(UnknownProvinceError);
    await expect(writeProvinceWorkbook(fixture(), '650000')).rejects.toThrow('没有省份 650000');
  });
});
