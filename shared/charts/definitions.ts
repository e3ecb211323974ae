/**
 * The charts of the reports as ECharts options: pure functions from report data to an option
 * object and a size, with Chinese titles, city and indicator names, units, periods and legends.
 * The workbooks render them server-side (`shared/reports/charts/renderChart.ts`: SVG → PNG); the
 * web portal imports the same functions and hands the option to ECharts in the browser.
 *
 * Inputs are plain data (what the report JSON carries), so either side can build them.
 */
import type { EChartsOption, TitleComponentOption, XAXisComponentOption } from 'echarts';
import { indicator } from '../catalogue/indicators.ts';
import { decimalsForUnit, formatNumber, periodLabel, sameQuarterLastYear } from './format.ts';

export interface ChartSpec {
  /** What the chart shows, in words (the image's alternative text). */
  title: string;
  width: number;
  height: number;
  option: EChartsOption;
}

/** Colours of target states (as the workbooks' status cells) and of the series. */
export const CHART_COLOURS = {
  met: '#3f8f3f',
  onTrack: '#8cc084',
  behind: '#e6a028',
  farBehind: '#c83c3c',
  missed: '#8b1e1e',
  noData: '#b4b4b4',
  series: ['#1f5fa8', '#e07b24', '#3f8f3f', '#8e44ad', '#c0392b', '#16a085'],
  reference: '#c83c3c',
  expected: '#7f7f7f',
} as const;

const FONT_FAMILY = 'Noto Sans SC';
const TITLE: TitleComponentOption = {
  left: 'center',
  top: 8,
  textStyle: { fontSize: 16, fontWeight: 'normal', color: '#1f1f1f' },
};
const SUBTITLE_STYLE = { fontSize: 12, color: '#595959' };
const BASE: EChartsOption = {
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: FONT_FAMILY, color: '#333333' },
};

/**
 * Width of every chart, in chart pixels: the printable width of an A4 landscape page at 96 pixels
 * per inch (`printableWidthPixels('A4')`, 1045), so that a chart printed across the page keeps its
 * text at the size it was drawn (12 px ≈ 9 pt). The portal draws the same option at its own width.
 */
export const CHART_WIDTH = 1040;

/**
 * Tallest chart, in chart pixels: one A4 landscape page holds it at the page's width, under the
 * sheet's repeated title lines (about 630 pixels are left).
 */
export const CHART_MAX_HEIGHT = 600;

/** A single-panel chart: the common base, a centred title and an optional subtitle. */
function singleChart(input: {
  title: string;
  subtext?: string;
  height: number;
  option: EChartsOption;
}): ChartSpec {
  return {
    title: input.title,
    width: CHART_WIDTH,
    height: input.height,
    option: {
      ...BASE,
      title: {
        ...TITLE,
        text: input.title,
        ...(input.subtext ? { subtext: input.subtext, subtextStyle: SUBTITLE_STYLE } : {}),
      },
      ...input.option,
    },
  };
}

export interface CityScore {
  code: string;
  name: string;
  score: number | null;
  rank: number | null;
}

/** Cities shown at each end of a ranking too long for one readable chart. */
export const RANKING_ENDS = 15;

export interface RankingSelection<T> {
  /** In chart order (best first), with `null` where the middle of the ranking is left out. */
  entries: Array<T | null>;
  /** Cities left out in the middle. */
  omitted: number;
  /** Cities without a score (not reported), never charted. */
  unscored: number;
}

/** The ranked cities, or the top and bottom `RANKING_ENDS` when there are more than twice that. */
export function selectRanking<T extends { score: number | null; rank: number | null; code: string }>(
  cities: readonly T[],
): RankingSelection<T> {
  const scored = cities
    .filter((city) => city.score !== null)
    .sort(
      (a, b) =>
        (b.score ?? 0) - (a.score ?? 0) || (a.rank ?? 0) - (b.rank ?? 0) || (a.code < b.code ? -1 : 1),
    );
  const unscored = cities.length - scored.length;
  if (scored.length <= 2 * RANKING_ENDS) return { entries: scored, omitted: 0, unscored };
  return {
    entries: [...scored.slice(0, RANKING_ENDS), null, ...scored.slice(-RANKING_ENDS)],
    omitted: scored.length - 2 * RANKING_ENDS,
    unscored,
  };
}

function rankingNote(selection: RankingSelection<unknown>): string {
  const notes: string[] = [];
  if (selection.omitted > 0)
    notes.push(`显示前 ${RANKING_ENDS} 名和后 ${RANKING_ENDS} 名，中间 ${selection.omitted} 个城市从略`);
  if (selection.unscored > 0) notes.push(`另有 ${selection.unscored} 个城市未报送，无得分`);
  return notes.join('；');
}

/**
 * Height of a chart of horizontal bars: `chrome` pixels of title, axis and legend, then 24 pixels a
 * bar, fewer (down to 14) for long rankings so that the chart stays within one printed page.
 */
function barHeight(bars: number, chrome: number): number {
  const perBar = Math.min(24, Math.max(14, Math.floor((CHART_MAX_HEIGHT - chrome) / Math.max(1, bars))));
  return Math.max(260, chrome + bars * perBar);
}

const SCORE_CHROME = 110;
const ATTAINMENT_CHROME = 140;

/** Overall score by city: a horizontal bar per city, best on top, named, with the score on it. */
export function scoreByCityChart(input: {
  period: string;
  /** Whose cities, before 各城市 in the title (e.g. 广东省); none for the nation. */
  scope?: string;
  cities: readonly CityScore[];
}): ChartSpec {
  const selection = selectRanking(input.cities);
  const names = selection.entries.map((city) => (city ? `${city.rank ?? ''}. ${city.name}` : '……'));
  const values = selection.entries.map((city) => (city ? city.score : null));
  const title = `${input.scope ?? ''}各城市绩效目标综合得分（${periodLabel(input.period)}）`;
  return singleChart({
    title,
    subtext: rankingNote(selection) || '满分 100 分',
    height: barHeight(names.length, SCORE_CHROME),
    option: {
      grid: { left: 150, right: 60, top: 70, bottom: 40 },
      xAxis: { type: 'value', min: 0, max: 100, name: '得分（分）', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: 12 } },
      series: [
        {
          name: '综合得分',
          type: 'bar',
          data: values,
          barMaxWidth: 18,
          itemStyle: { color: CHART_COLOURS.series[0] },
          label: { show: true, position: 'right', formatter: (p) => formatNumber(Number(p.value), 1) },
        },
      ],
    },
  });
}

/** A city's targets by state, as `TargetResult.status` words. */
export interface CityTargetStates extends CityScore {
  statuses: readonly string[];
}

const STATE_SERIES: ReadonlyArray<{ states: readonly string[]; name: string; colour: string }> = [
  { states: ['达标'], name: '达标', colour: CHART_COLOURS.met },
  { states: ['进度正常'], name: '进度正常', colour: CHART_COLOURS.onTrack },
  { states: ['滞后'], name: '滞后', colour: CHART_COLOURS.behind },
  { states: ['严重滞后'], name: '严重滞后', colour: CHART_COLOURS.farBehind },
  { states: ['未达标'], name: '未达标', colour: CHART_COLOURS.missed },
  { states: ['无数据', '无基期数据'], name: '无数据／无基期数据', colour: CHART_COLOURS.noData },
];

/** Target attainment by city: per city, how many targets are met, on track, behind … (stacked). */
export function attainmentByCityChart(input: {
  period: string;
  scope?: string;
  cities: readonly CityTargetStates[];
}): ChartSpec {
  const selection = selectRanking(input.cities);
  const names = selection.entries.map((city) => (city ? city.name : '……'));
  const title = `${input.scope ?? ''}各城市绩效目标完成情况（目标个数，${periodLabel(input.period)}）`;
  return singleChart({
    title,
    subtext: rankingNote(selection) || '按综合得分排序',
    height: barHeight(names.length, ATTAINMENT_CHROME),
    option: {
      legend: { bottom: 6, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      grid: { left: 130, right: 30, top: 70, bottom: 70 },
      xAxis: { type: 'value', minInterval: 1, name: '目标个数（个）', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', inverse: true, data: names },
      series: STATE_SERIES.map((state) => ({
        name: state.name,
        type: 'bar',
        stack: 'states',
        barMaxWidth: 18,
        itemStyle: { color: state.colour },
        data: selection.entries.map((city) =>
          city ? city.statuses.filter((status) => state.states.includes(status)).length : null,
        ),
      })),
    },
  });
}

/** One programme target of a city: attainment against the progress expected by now. */
export interface ProgrammeAttainment {
  code: string;
  attainment: number | null;
  /** Expected progress in percent of the target (k / n × 100). */
  expectedPercent: number | null;
  status: string;
}

const NICE_STEPS = [10, 20, 25, 50, 100, 200, 250, 500, 1000];

/**
 * A value axis of percentages from 0 to at least `least` and past every value, in five or fewer
 * even steps (10, 20, 25, 50 …) ending on the last tick, so that no odd maximum crowds the tick
 * before it; named under its middle.
 */
function percentAxis(
  name: string,
  least: number,
  values: ReadonlyArray<number | null>,
): XAXisComponentOption {
  const most = Math.max(least, ...values.map((value) => value ?? 0));
  const step = NICE_STEPS.find((candidate) => candidate * 5 >= most) ?? Math.ceil(most / 5);
  return {
    type: 'value',
    min: 0,
    max: Math.ceil(most / step) * step,
    interval: step,
    name,
    nameLocation: 'middle',
    nameGap: 26,
  };
}

/** The states a programme target can be in, as `STATE_SERIES` colours them. */
const PROGRAMME_STATES = ['达标', '进度正常', '滞后', '严重滞后'];

/**
 * A city's programme targets: attainment % beside the expected progress %. The attainment bars
 * are one series per state (stacked, so one bar per target), so the legend shows each state in
 * the colour of its bars, as the ranking charts and the workbooks' status cells do.
 */
export function cityAttainmentChart(input: {
  period: string;
  cityName: string;
  targets: readonly ProgrammeAttainment[];
}): ChartSpec {
  const names = input.targets.map((target) => indicator(target.code).name);
  const title = `${input.cityName}项目期目标完成率（${periodLabel(input.period)}）`;
  // A target without a value is drawn as 无数据 whatever its status says.
  const stateOf = (target: ProgrammeAttainment) =>
    STATE_SERIES.find((state) =>
      state.states.includes(target.attainment === null ? '无数据' : target.status),
    );
  const states = STATE_SERIES.filter(
    (state) =>
      state.states.some((status) => PROGRAMME_STATES.includes(status)) ||
      input.targets.some((target) => stateOf(target) === state),
  );
  const attainmentSeries = states.map((state) => ({
    name: state.name,
    type: 'bar' as const,
    stack: 'attainment',
    barMaxWidth: 16,
    itemStyle: { color: state.colour },
    // A bar of 0 for a target without data, so that its label (无数据) shows.
    data: input.targets.map((target) => (stateOf(target) === state ? (target.attainment ?? 0) : null)),
    label: {
      show: true,
      position: 'right' as const,
      formatter: (p: { dataIndex: number }) => {
        const target = input.targets[p.dataIndex];
        return target?.attainment == null
          ? '无数据'
          : `${formatNumber(target.attainment, 1)}%  ${target.status}`;
      },
    },
  }));
  return singleChart({
    title,
    subtext: '完成率 = 累计值 ÷ 目标值；应完成进度 = 已过季度 ÷ 项目总季度；条形颜色为目标状态',
    height: Math.max(320, 150 + input.targets.length * 46),
    option: {
      legend: {
        bottom: 6,
        itemWidth: 14,
        itemHeight: 10,
        data: [...states.map((state) => state.name), EXPECTED],
      },
      grid: { left: 300, right: 130, top: 70, bottom: 80 },
      xAxis: percentAxis(
        '完成率（%）',
        100,
        input.targets.flatMap((target) => [target.attainment, target.expectedPercent]),
      ),
      // Names longer than the margin wrap (the portal may draw the chart narrower than a page).
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisLabel: { fontSize: 12, width: 285, overflow: 'break' },
      },
      series: [
        ...attainmentSeries,
        {
          name: EXPECTED,
          type: 'bar',
          barMaxWidth: 6,
          itemStyle: { color: CHART_COLOURS.expected },
          data: input.targets.map((target) => target.expectedPercent),
        },
      ],
    },
  });
}

const EXPECTED = '应完成进度（%）';

/** A key indicator's quarterly values, and its growth target when it has one. */
export interface TrendSeries {
  code: string;
  /** By period, in the order of `periods`. */
  values: ReadonlyArray<number | null>;
  /** Minimum year-on-year growth in percent: draws the target line (same quarter last year × (1 + g)). */
  growthTarget?: number;
}

const TARGET_LINE = '目标增长线（上年同期 ×（1 + 目标增幅））';
const VALUE_LINE = '本期值';

/** `x` chart pixels as a share of `width`: panels placed so, the portal draws them at any width. */
function percentOf(x: number, width: number): string {
  return `${Math.round((x / width) * 10_000) / 100}%`;
}

/**
 * Key indicators by quarter, a small panel each (units differ; three across when there are more
 * than four), the values in blue and the growth target as a red dashed line — each quarter's
 * value a year earlier raised by the target growth — labelled at its end and in the legend.
 */
export function trendChart(input: {
  title: string;
  periods: readonly string[];
  series: readonly TrendSeries[];
}): ChartSpec {
  const columns = input.series.length > 4 ? 3 : 2;
  const rows = Math.max(1, Math.ceil(input.series.length / columns));
  const width = CHART_WIDTH;
  const panelWidth = (width - 20) / columns;
  const panelHeight = 250;
  const top = 50;
  const height = top + rows * panelHeight + 40;
  const index = new Map(input.periods.map((period, position) => [period, position]));
  const grids: NonNullable<EChartsOption['grid']> = [];
  const xAxes: NonNullable<EChartsOption['xAxis']> = [];
  const yAxes: NonNullable<EChartsOption['yAxis']> = [];
  const series: NonNullable<EChartsOption['series']> = [];
  const titles: TitleComponentOption[] = [{ ...TITLE, text: input.title }];
  input.series.forEach((entry, position) => {
    const definition = indicator(entry.code);
    const left = 10 + (position % columns) * panelWidth;
    const panelTop = top + Math.floor(position / columns) * panelHeight;
    grids.push({
      left: percentOf(left + 66, width),
      width: percentOf(panelWidth - 66 - 44, width),
      top: panelTop + 50,
      height: panelHeight - 50 - 52,
    });
    titles.push({
      text: `${definition.name}（${definition.unit}）`,
      ...(entry.growthTarget === undefined
        ? {}
        : {
            subtext: `目标同比增长 ≥ ${entry.growthTarget}%`,
            subtextStyle: { fontSize: 11, color: CHART_COLOURS.reference },
          }),
      left: percentOf(left + 10, width),
      top: panelTop + 6,
      itemGap: 4,
      textStyle: { fontSize: 13, fontWeight: 'normal' },
    });
    xAxes.push({
      type: 'category',
      gridIndex: position,
      data: [...input.periods],
      axisLabel: { fontSize: 10, interval: 'auto', rotate: input.periods.length > 5 ? 40 : 0 },
    });
    const decimals = decimalsForUnit(definition.unit);
    yAxes.push({
      type: 'value',
      gridIndex: position,
      axisLabel: {
        fontSize: 10,
        formatter: (value: number) => formatNumber(value, value % 1 === 0 ? 0 : decimals),
      },
    });
    series.push({
      name: VALUE_LINE,
      type: 'line',
      xAxisIndex: position,
      yAxisIndex: position,
      data: [...entry.values],
      connectNulls: false,
      symbolSize: 6,
      lineStyle: { width: 2, color: CHART_COLOURS.series[0] },
      itemStyle: { color: CHART_COLOURS.series[0] },
    });
    if (entry.growthTarget !== undefined) {
      const factor = 1 + entry.growthTarget / 100;
      const targetLine = input.periods.map((period) => {
        const lastYear = sameQuarterLastYear(period);
        const base = lastYear === undefined ? undefined : index.get(lastYear);
        const value = base === undefined ? null : (entry.values[base] ?? null);
        return value === null ? null : Math.round(value * factor * 100) / 100;
      });
      series.push({
        name: TARGET_LINE,
        type: 'line',
        xAxisIndex: position,
        yAxisIndex: position,
        data: targetLine,
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: CHART_COLOURS.reference },
        itemStyle: { color: CHART_COLOURS.reference },
        endLabel: { show: true, formatter: '目标', color: CHART_COLOURS.reference, fontSize: 11 },
      });
    }
  });
  const hasTarget = input.series.some((entry) => entry.growthTarget !== undefined);
  return {
    title: input.title,
    width,
    height,
    option: {
      ...BASE,
      title: titles,
      legend: { bottom: 8, data: hasTarget ? [VALUE_LINE, TARGET_LINE] : [VALUE_LINE] },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
    },
  };
}

/** A city's value of each indicator against the national median (median = 100). */
export interface MedianComparison {
  code: string;
  value: number | null;
  median: number | null;
}

export function cityVsMedianChart(input: {
  period: string;
  cityName: string;
  indicators: readonly MedianComparison[];
}): ChartSpec {
  const names = input.indicators.map((entry) => indicator(entry.code).name);
  const ratio = (entry: MedianComparison) =>
    entry.value === null || entry.median === null || entry.median <= 0
      ? null
      : Math.round((entry.value / entry.median) * 1000) / 10;
  const title = `${input.cityName}主要指标与全国中位数（${periodLabel(input.period)}）`;
  return singleChart({
    title,
    subtext: '本期值为全国中位数的百分比；红色虚线 100% 为全国中位数；绿色不低于中位数，橙色低于中位数',
    height: Math.max(320, 130 + input.indicators.length * 30),
    option: {
      grid: { left: 230, right: 200, top: 80, bottom: 50 },
      // Room right of the median line, so that the line never sits on the axis end.
      xAxis: percentAxis('为全国中位数的百分比（%）', 120, input.indicators.map(ratio)),
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: 12 } },
      series: [
        {
          name: '为全国中位数的（%）',
          type: 'bar',
          barMaxWidth: 16,
          data: input.indicators.map((entry) => {
            const value = ratio(entry);
            // A bar of 0 where there is no ratio, so that its label (未报送, or the value) shows.
            return {
              value: value ?? 0,
              itemStyle: { color: value !== null && value >= 100 ? CHART_COLOURS.met : CHART_COLOURS.behind },
            };
          }),
          label: {
            show: true,
            position: 'right',
            formatter: (p) => {
              const entry = input.indicators[p.dataIndex];
              if (!entry || entry.value === null) return '未报送';
              const unit = indicator(entry.code).unit;
              const value = formatNumber(entry.value, decimalsForUnit(unit));
              const percent = ratio(entry);
              return percent === null
                ? `${value} ${unit}`
                : `${formatNumber(percent, 1)}%（${value} ${unit}）`;
            },
          },
          markLine: {
            symbol: 'none',
            silent: true,
            // Above the plot (the line's start: the category axis runs top down), clear of the
            // value axis' labels under it.
            label: { formatter: '全国中位数', position: 'start', color: CHART_COLOURS.reference },
            lineStyle: { type: 'dashed', color: CHART_COLOURS.reference },
            data: [{ xAxis: 100 }],
          },
        },
      ],
    },
  });
}

export interface QuarterCompleteness {
  period: string;
  expected: number;
  reported: number;
  /** The quarter's deadline had not passed: its missing cities are not yet due, not unreported. */
  notDue?: boolean;
}

/** Reporting completeness by quarter: reported and missing cities (stacked) and the rate. */
export function completenessChart(input: {
  title: string;
  quarters: readonly QuarterCompleteness[];
}): ChartSpec {
  const periods = input.quarters.map((quarter) =>
    quarter.notDue ? `${quarter.period}\n（未到期）` : quarter.period,
  );
  const mostExpected = Math.max(0, ...input.quarters.map((quarter) => quarter.expected));
  const cityAxisMax = 5 * Math.max(1, Math.ceil((mostExpected * 1.3) / 5));
  return singleChart({
    title: input.title,
    height: 340,
    option: {
      legend: { bottom: 6, data: ['已报送城市', '未报送城市', '报送率（%）'] },
      grid: { left: 60, right: 60, top: 60, bottom: 80 },
      xAxis: { type: 'category', data: periods, axisLabel: { rotate: periods.length > 8 ? 40 : 0 } },
      yAxis: [
        {
          type: 'value',
          name: '城市数（个）',
          // Five whole-number steps with head room above the bars for the rate line and its
          // labels (a maximum off the step would print its own crowded tick).
          max: cityAxisMax,
          interval: cityAxisMax / 5,
        },
        { type: 'value', name: '报送率（%）', min: 0, max: 125, interval: 25, splitLine: { show: false } },
      ],
      series: [
        {
          name: '已报送城市',
          type: 'bar',
          stack: 'cities',
          barMaxWidth: 28,
          itemStyle: { color: CHART_COLOURS.met },
          data: input.quarters.map((quarter) => quarter.reported),
        },
        {
          name: '未报送城市',
          type: 'bar',
          stack: 'cities',
          barMaxWidth: 28,
          itemStyle: { color: CHART_COLOURS.noData },
          data: input.quarters.map((quarter) =>
            quarter.notDue ? 0 : Math.max(0, quarter.expected - quarter.reported),
          ),
        },
        {
          name: '报送率（%）',
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: CHART_COLOURS.series[0] },
          label: { show: true, formatter: (p) => `${formatNumber(Number(p.value), 0)}%` },
          data: input.quarters.map((quarter) =>
            quarter.expected > 0 && !quarter.notDue
              ? Math.round((quarter.reported / quarter.expected) * 1000) / 10
              : null,
          ),
        },
      ],
    },
  });
}
