/** The table under each portal chart: the chart's own numbers, worded as its labels word them. */
import { describe, expect, it } from 'vitest';
import { cityVsMedianChart, scoreByCityChart, trendChart } from '#shared/charts/definitions.ts';
import { chartTables } from '../../web/src/chartData.ts';

describe('chart data tables', () => {
  it('lists a ranking by city with the scores as the bars label them', () => {
    const spec = scoreByCityChart({
      period: '2024Q3',
      cities: [
        { code: '440300', name: '深圳市', score: 95.25, rank: 1 },
        { code: '330100', name: '杭州市', score: 80, rank: 2 },
      ],
    });

    expect(chartTables(spec)).toEqual([
      {
        caption: '各城市绩效目标综合得分（2024年第三季度）',
        category: '城市',
        columns: ['综合得分'],
        rows: [
          { label: '1. 深圳市', cells: ['95.3'] },
          { label: '2. 杭州市', cells: ['80.0'] },
        ],
      },
    ]);
  });

  it('says 未报送 where the city has no value, never a bar of 0', () => {
    const spec = cityVsMedianChart({
      period: '2024Q3',
      cityName: '深圳市',
      indicators: [
        { code: 'B05', value: 200, median: 100 },
        { code: 'D01', value: null, median: 50 },
      ],
    });

    const [table] = chartTables(spec);

    expect(table?.category).toBe('指标');
    expect(table?.rows.map((row) => row.cells[0])).toEqual(['200.0%（200 件）', '未报送']);
  });

  it('gives a panelled trend one table per panel, by quarter, with the target line beside the values', () => {
    const spec = trendChart({
      title: '全国主要指标分季度趋势',
      periods: ['2023Q3', '2024Q3'],
      series: [
        { code: 'B05', values: [100, 120] },
        { code: 'D01', values: [1000, 1500.5], growthTarget: 30 },
      ],
    });

    const tables = chartTables(spec);

    expect(tables.map((table) => table.caption)).toEqual([
      'PCT国际专利申请量（件）',
      '知识产权质押融资金额（万元），目标同比增长 ≥ 30%',
    ]);
    expect(tables[1]).toMatchObject({
      category: '报告期',
      columns: ['本期值', '目标增长线（上年同期 ×（1 + 目标增幅））'],
      rows: [
        { label: '2023Q3', cells: ['1,000', '—'] },
        { label: '2024Q3', cells: ['1,500.5', '1,300'] },
      ],
    });
  });
});
