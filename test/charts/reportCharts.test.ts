/**
 * The portal draws the workbooks' charts: the same selection built from the report JSON (what the
 * portal reads) and from the roll-up (what the workbook writer has) draws the same SVG, national,
 * province and city.
 */
import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '#shared/charts/definitions.ts';
import { cityChartSpecs, summaryChartSpecs } from '#shared/charts/reportCharts.ts';
import { chartSvg } from '#shared/reports/charts/renderChart.ts';
import { findProvince, provinceRollup } from '#shared/reports/province.ts';
import { cityReportJson, nationalReportJson, provinceReportJson } from '#shared/reports/reportJson.ts';
import { aCity, aNationalRollup } from '../reports/rollupBuilder.ts';

/** The SVG of each chart, without the renderer instance's number in its class names. */
function drawn(specs: readonly ChartSpec[]): string[] {
  return specs.map((spec) =>
    chartSvg(spec)
      .replace(/zr\d+-/g, 'zr-')
      .replace(/cls-\d+/g, 'cls'),
  );
}

function roundTripped<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('report charts from the report JSON', () => {
  it('draws the national summary charts as the workbook does', () => {
    const rollup = aNationalRollup();

    const fromJson = drawn(summaryChartSpecs(roundTripped(nationalReportJson(rollup)), '全国'));

    expect(fromJson).toEqual(drawn(summaryChartSpecs(rollup, '全国')));
    expect(fromJson).toHaveLength(4);
    expect(fromJson[0]).toContain('各城市绩效目标综合得分（2024年第三季度）');
    expect(fromJson[0]).toContain('深圳市');
  });

  it("draws a province's charts from its own report, naming only its cities", () => {
    const rollup = aNationalRollup({
      cities: [
        aCity('440300', '深圳市', { province: '广东省', seed: 0 }),
        aCity('440100', '广州市', { province: '广东省', seed: 1 }),
        aCity('330100', '杭州市', { province: '浙江省', seed: 2 }),
      ],
    });
    const view = provinceRollup(rollup, findProvince(rollup, '440000'));

    const fromJson = drawn(summaryChartSpecs(roundTripped(provinceReportJson(rollup, '440000')), '广东省'));

    expect(fromJson).toEqual(drawn(summaryChartSpecs(view, '广东省')));
    expect(fromJson[0]).toContain('广东省各城市绩效目标综合得分');
    expect(fromJson[0]).toContain('广州市');
    expect(fromJson.join('')).not.toContain('杭州市');
  });

  it("draws a city's charts (attainment, against the national median, its trend) as the workbook does", () => {
    const rollup = aNationalRollup();
    const report = roundTripped(cityReportJson(rollup, '440300'));
    const city = rollup.cities.find((candidate) => candidate.code === '440300')!;

    const fromJson = drawn(cityChartSpecs(report, report.cities[0]!));

    expect(fromJson).toEqual(drawn(cityChartSpecs(rollup, city)));
    expect(fromJson[1]).toContain('深圳市主要指标与全国中位数（2024年第三季度）');
    expect(fromJson[2]).toContain('深圳市主要指标分季度趋势');
  });
});
