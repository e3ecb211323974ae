/**
 * The charts as an analyst reads them, read back from ECharts' SVG and the option: legends in
 * the colours of the bars they explain, the median's label clear of the axis labels, the growth
 * target as a labelled red dashed line in the legend, and every chart as wide as an A4
 * landscape page prints and no taller than the page.
 */
import { describe, expect, it } from 'vitest';
import {
  attainmentByCityChart,
  CHART_COLOURS,
  CHART_MAX_HEIGHT,
  CHART_WIDTH,
  type ChartSpec,
  cityAttainmentChart,
  cityVsMedianChart,
  completenessChart,
  scoreByCityChart,
  trendChart,
} from '#shared/charts/definitions.ts';
import { chartSvg } from '#shared/reports/charts/renderChart.ts';
import { printableWidthPixels } from '#shared/reports/xlsx/printLayout.ts';

interface DrawnText {
  text: string;
  x: number;
  y: number;
  fill: string;
}

/** The texts of an SVG with their anchor position (`translate` plus the `y` offset). */
function texts(svg: string): DrawnText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes = '', text = '']) => {
    const translate = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attributes);
    const offset = /\sy="([-\d.]+)"/.exec(attributes);
    return {
      text,
      x: Number(translate?.[1] ?? 0),
      y: Number(translate?.[2] ?? 0) + Number(offset?.[1] ?? 0),
      fill: /fill="([^"]+)"/.exec(attributes)?.[1] ?? '',
    };
  });
}

/** Fill colours of the shapes ECharts drew for `kind` (`chart`: bars; `legend`: legend icons), by series. */
function fillsBySeries(svg: string, kind: 'chart' | 'legend'): Map<number, Set<string>> {
  const fills = new Map<number, Set<string>>();
  for (const [element = ''] of svg.matchAll(/<path[^>]*>/g)) {
    if (!element.includes(`ecmeta_ssr_type="${kind}"`)) continue;
    const series = /ecmeta_series_index="(\d+)"/.exec(element);
    const fill = /fill="(#[0-9a-f]{6})"/i.exec(element);
    if (!series || !fill) continue;
    const index = Number(series[1]);
    fills.set(index, (fills.get(index) ?? new Set()).add(fill[1]!.toLowerCase()));
  }
  return fills;
}

function named(svg: string, text: string): DrawnText {
  const found = texts(svg).find((entry) => entry.text === text);
  expect(found, text).toBeDefined();
  return found!;
}

/** A city against the median: its first indicator (B05) at `percent` % of the median, D01 at half. */
function medianChart(cityName: string, percent: number): ChartSpec {
  return cityVsMedianChart({
    period: '2024Q3',
    cityName,
    indicators: [
      { code: 'B05', value: percent, median: 100 },
      { code: 'D01', value: 50, median: 100 },
    ],
  });
}

const TARGET_LINE = '目标增长线（上年同期 ×（1 + 目标增幅））';

describe('chart legends and labels', () => {
  it("colours a city's attainment legend as its bars: one entry per target state", () => {
    const spec = cityAttainmentChart({
      period: '2024Q3',
      cityName: '西安市',
      targets: [
        { code: 'A02', attainment: 50, expectedPercent: 58.3, status: '滞后' },
        { code: 'A03', attainment: 90, expectedPercent: 58.3, status: '进度正常' },
        { code: 'B07', attainment: 20, expectedPercent: 58.3, status: '严重滞后' },
        { code: 'C01', attainment: null, expectedPercent: 58.3, status: '无数据' },
      ],
    });

    const svg = chartSvg(spec);
    const bars = fillsBySeries(svg, 'chart');
    const legend = fillsBySeries(svg, 'legend');
    const series = spec.option.series as Array<{ name: string; data: Array<number | null> }>;

    // Each drawn bar's colour is its series' legend colour, and the legend names the state.
    expect(bars.size).toBeGreaterThanOrEqual(4);
    for (const [index, colours] of bars) expect(legend.get(index), series[index]?.name).toEqual(colours);
    const colourOf = (name: string) => [...(legend.get(series.findIndex((s) => s.name === name)) ?? [])];
    expect(colourOf('滞后')).toEqual([CHART_COLOURS.behind]);
    expect(colourOf('进度正常')).toEqual([CHART_COLOURS.onTrack]);
    expect(colourOf('严重滞后')).toEqual([CHART_COLOURS.farBehind]);
    expect(colourOf('应完成进度（%）')).toEqual([CHART_COLOURS.expected]);
    // The 滞后 target's bar is in the 滞后 series, and nowhere else.
    const withA02 = series.filter((entry) => entry.name !== '应完成进度（%）' && entry.data[0] !== null);
    expect(withA02.map((entry) => entry.name)).toEqual(['滞后']);
    // No colour in the legend that no bar has (the former single blue 完成率 entry).
    expect(svg).not.toContain(CHART_COLOURS.series[0]);
    expect(svg).toContain('无数据');
  });

  it('colours the attainment-by-city legend as the stacked bars of each state', () => {
    const spec = attainmentByCityChart({
      period: '2024Q3',
      cities: [
        { code: '440300', name: '深圳市', score: 90, rank: 1, statuses: ['达标', '进度正常', '未达标'] },
        { code: '420100', name: '武汉市', score: 60, rank: 2, statuses: ['滞后', '严重滞后', '无基期数据'] },
      ],
    });

    const svg = chartSvg(spec);
    const bars = fillsBySeries(svg, 'chart');
    const legend = fillsBySeries(svg, 'legend');

    expect(bars.size).toBe(6);
    for (const [index, colours] of bars) expect(legend.get(index)).toEqual(colours);
  });

  it("writes 全国中位数 above the plot, clear of the value axis' 100", () => {
    const svg = chartSvg(medianChart('西安市', 99));
    const label = named(svg, '全国中位数');
    const hundred = named(svg, '100');

    // Over the median line (x = 100 on the axis), above the bars; the axis labels are below them.
    expect(Math.abs(label.x - hundred.x)).toBeLessThan(1);
    const firstBar = named(svg, 'PCT国际专利申请量');
    expect(label.y).toBeLessThan(firstBar.y - 12);
    expect(hundred.y - label.y).toBeGreaterThan(100);
    expect(label.fill).toBe(CHART_COLOURS.reference);
  });

  it('ends the percentage axes on an even step past the longest bar, no crowded last tick', () => {
    const median = medianChart('成都市', 154);
    const attainment = cityAttainmentChart({
      period: '2024Q3',
      cityName: '成都市',
      targets: [{ code: 'A02', attainment: 96, expectedPercent: 91.7, status: '进度正常' }],
    });

    const ticks = (spec: ChartSpec) =>
      texts(chartSvg(spec))
        .filter((entry) => /^\d+$/.test(entry.text))
        .map((entry) => Number(entry.text));
    expect(ticks(median)).toEqual([0, 50, 100, 150, 200]);
    expect(ticks(attainment)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('draws the growth target as a red dashed line, labelled 目标 at its end and in the legend', () => {
    const spec = trendChart({
      title: '西安市主要指标分季度趋势',
      periods: ['2023Q2', '2023Q3', '2024Q2', '2024Q3'],
      series: [
        { code: 'B05', values: [10, 12, 13, 14] },
        { code: 'D01', values: [100, 200, 150, 220], growthTarget: 30 },
      ],
    });

    const series = spec.option.series as Array<{
      name: string;
      lineStyle: { type?: string; color: string };
      endLabel?: { show: boolean; formatter: string };
    }>;
    const target = series.find((entry) => entry.name === TARGET_LINE)!;
    expect(target.lineStyle).toMatchObject({ type: 'dashed', color: CHART_COLOURS.reference });
    expect(target.endLabel).toMatchObject({ show: true, formatter: '目标' });
    const legend = spec.option.legend as { data: string[]; itemStyle?: unknown };
    expect(legend.data).toEqual(['本期值', TARGET_LINE]);
    // The legend draws each entry as its series (no colour forced on all of them).
    expect(legend.itemStyle).toBeUndefined();

    const svg = chartSvg(spec);
    expect(named(svg, '目标').fill).toBe(CHART_COLOURS.reference);
    const legendText = named(svg, TARGET_LINE);
    // The legend's icon for each line is drawn where its text is, in the line's own style.
    const icon = (text: string) => {
      const at = new RegExp(`<text[^>]*(transform="[^"]+")[^>]*>${text.replace(/[()+×]/g, '.')}</text>`).exec(
        svg,
      )?.[1];
      return [...svg.matchAll(/<path[^>]*>/g)]
        .map(([element]) => element)
        .filter((element) => at && element.includes(at));
    };
    expect(
      icon(TARGET_LINE).some(
        (path) => path.includes(`stroke="${CHART_COLOURS.reference}"`) && path.includes('stroke-dasharray'),
      ),
    ).toBe(true);
    expect(icon('本期值').some((path) => path.includes(`stroke="${CHART_COLOURS.series[0]}"`))).toBe(true);
    expect(icon('本期值').some((path) => path.includes(CHART_COLOURS.reference))).toBe(false);
    expect(legendText.y).toBeGreaterThan(spec.height - 40);
  });
});

describe('chart sizes', () => {
  const many = Array.from({ length: 40 }, (_, index) => ({
    code: String(110100 + index * 100),
    name: `城市${index + 1}`,
    score: 90 - index,
    rank: index + 1,
    statuses: ['达标', '滞后'],
  }));
  const specs: ChartSpec[] = [
    scoreByCityChart({ period: '2024Q3', cities: many }),
    attainmentByCityChart({ period: '2024Q3', cities: many }),
    cityAttainmentChart({
      period: '2024Q3',
      cityName: '西安市',
      targets: ['A02', 'A03', 'A04', 'B07', 'C01', 'C02'].map((code) => ({
        code,
        attainment: 50,
        expectedPercent: 58,
        status: '滞后',
      })),
    }),
    cityVsMedianChart({
      period: '2024Q3',
      cityName: '西安市',
      indicators: ['A02', 'A03', 'B05', 'B06', 'B07', 'C01', 'C02', 'C04', 'D01', 'D02', 'D04'].map(
        (code) => ({ code, value: 10, median: 10 }),
      ),
    }),
    trendChart({
      title: '全国主要指标分季度趋势',
      periods: ['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3'],
      series: ['B05', 'B06', 'C04', 'D01', 'D02', 'D04'].map((code) => ({
        code,
        values: [1, 2, 3, 4, 5, 6, 7],
        growthTarget: 20,
      })),
    }),
    completenessChart({
      title: '各季度报送情况',
      quarters: [{ period: '2024Q3', expected: 12, reported: 11 }],
    }),
  ];

  it('draws every chart as wide as an A4 landscape page prints, and no taller than one page', () => {
    const page = printableWidthPixels('A4');

    for (const spec of specs) {
      expect(spec.width, spec.title).toBe(CHART_WIDTH);
      expect(spec.height, spec.title).toBeLessThanOrEqual(CHART_MAX_HEIGHT);
    }
    expect(CHART_WIDTH).toBeLessThanOrEqual(page);
    expect(CHART_WIDTH).toBeGreaterThan(page * 0.97);
  });

  it('lays the trend panels out in shares of the width, so the portal draws them at any width', () => {
    const trend = specs[4]!;
    const grids = trend.option.grid as Array<{ left: string; width: string }>;

    expect(grids).toHaveLength(6);
    // Three panels across, two down, inside the chart.
    expect(new Set(grids.map((grid) => grid.left)).size).toBe(3);
    for (const grid of grids) {
      expect(grid.left).toMatch(/%$/);
      expect(Number.parseFloat(grid.left) + Number.parseFloat(grid.width)).toBeLessThan(100);
    }
  });

  it('counts cities on the completeness chart in whole, evenly spaced steps', () => {
    const svg = chartSvg(specs[5]!);
    const ticks = texts(svg)
      .filter((entry) => /^\d+$/.test(entry.text) && entry.x < 100)
      .map((entry) => Number(entry.text));

    expect(ticks).toEqual([0, 4, 8, 12, 16, 20]);
  });
});
