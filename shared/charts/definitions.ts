/**
 * The charts of the reports as ECharts options: pure functions from report data to an option
 * object and a size, with Chinese titles, city and indicator names, units, periods and legends.
 * The workbooks render them server-side (`shared/reports/charts/renderChart.ts`: SVG → PNG); the
 * web portal imports the same functions and hands the option to ECharts in the browser.
 *
 * Inputs are plain data (what the report JSON carries), so either side can build them.
 */
import type { EChartsOption, TitleComponentOption } from 'echarts';
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

/** Width of the single-panel charts, in chart pixels. */
const CHART_WIDTH = 760;

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

function barHeight(bars: number): number {
  return Math.max(260, 110 + bars * 24);
}

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
    height: barHeight(names.length),
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
    height: barHeight(names.length) + 30,
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

const STATUS_COLOURS: Record<string, string> = {
  达标: CHART_COLOURS.met,
  进度正常: CHART_COLOURS.onTrack,
  滞后: CHART_COLOURS.behind,
  严重滞后: CHART_COLOURS.farBehind,
  未达标: CHART_COLOURS.missed,
};

/** A city's programme targets: attainment % (coloured by state) beside the expected progress %. */
export function cityAttainmentChart(input: {
  period: string;
  cityName: string;
  targets: readonly ProgrammeAttainment[];
}): ChartSpec {
  const names = input.targets.map((target) => indicator(target.code).name);
  const title = `${input.cityName}项目期目标完成率（${periodLabel(input.period)}）`;
  return singleChart({
    title,
    subtext: '完成率 = 累计值 ÷ 目标值；应完成进度 = 已过季度 ÷ 项目总季度',
    height: Math.max(300, 130 + input.targets.length * 46),
    option: {
      legend: { bottom: 6, data: ['完成率（%）', '应完成进度（%）'] },
      grid: { left: 230, right: 60, top: 70, bottom: 70 },
      xAxis: {
        type: 'value',
        min: 0,
        max: (value) => Math.max(100, Math.ceil(value.max / 20) * 20),
        name: '%',
        nameGap: 8,
      },
      yAxis: { type: 'category', inverse: true, data: names },
      series: [
        {
          name: '完成率（%）',
          type: 'bar',
          barMaxWidth: 16,
          itemStyle: { color: CHART_COLOURS.series[0] },
          data: input.targets.map((target) => ({
            value: target.attainment,
            itemStyle: { color: STATUS_COLOURS[target.status] ?? CHART_COLOURS.noData },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p) => {
              const target = input.targets[p.dataIndex];
              return target?.attainment == null
                ? '无数据'
                : `${formatNumber(target.attainment, 1)}%  ${target.status}`;
            },
          },
        },
        {
          name: '应完成进度（%）',
          type: 'bar',
          barMaxWidth: 6,
          itemStyle: { color: '#7f7f7f' },
          data: input.targets.map((target) => target.expectedPercent),
        },
      ],
    },
  });
}

/** A key indicator's quarterly values, and its growth target when it has one. */
export interface TrendSeries {
  code: string;
  /** By period, in the order of `periods`. */
  values: ReadonlyArray<number | null>;
  /** Minimum year-on-year growth in percent: draws the target line (same quarter last year × (1 + g)). */
  growthTarget?: number;
}

const TARGET_LINE = '目标增长线（上年同期 ×（1 + 目标增幅））';

/**
 * Key indicators by quarter, a small panel each (units differ), with the growth target line:
 * each quarter's value a year earlier raised by the target growth.
 */
export function trendChart(input: {
  title: string;
  periods: readonly string[];
  series: readonly TrendSeries[];
}): ChartSpec {
  const columns = 2;
  const rows = Math.max(1, Math.ceil(input.series.length / columns));
  const panelWidth = 380;
  const panelHeight = 220;
  const top = 60;
  const width = columns * panelWidth + 20;
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
    grids.push({ left: left + 70, width: panelWidth - 95, top: panelTop + 40, height: panelHeight - 95 });
    titles.push({
      text: `${definition.name}（${definition.unit}）${entry.growthTarget === undefined ? '' : `，目标同比增长 ≥ ${entry.growthTarget}%`}`,
      left: left + 10,
      top: panelTop + 6,
      textStyle: { fontSize: 13, fontWeight: 'normal' },
    });
    xAxes.push({
      type: 'category',
      gridIndex: position,
      data: [...input.periods],
      axisLabel: { fontSize: 10, interval: 'auto', rotate: input.periods.length > 6 ? 40 : 0 },
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
    const colour = CHART_COLOURS.series[position % CHART_COLOURS.series.length];
    series.push({
      name: '本期值',
      type: 'line',
      xAxisIndex: position,
      yAxisIndex: position,
      data: [...entry.values],
      connectNulls: false,
      symbolSize: 6,
      lineStyle: { width: 2, color: colour },
      itemStyle: { color: colour },
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
        lineStyle: { width: 1.5, type: 'dashed', color: CHART_COLOURS.reference },
        itemStyle: { color: CHART_COLOURS.reference },
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
      legend: {
        bottom: 8,
        data: hasTarget ? ['本期值', TARGET_LINE] : ['本期值'],
        itemStyle: { color: CHART_COLOURS.series[0] },
      },
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
    subtext: '本期值为全国中位数的百分比；虚线 100% 为全国中位数',
    height: Math.max(300, 120 + input.indicators.length * 30),
    option: {
      grid: { left: 230, right: 150, top: 70, bottom: 40 },
      xAxis: { type: 'value', min: 0, name: '%', nameGap: 8 },
      yAxis: { type: 'category', inverse: true, data: names },
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
            label: { formatter: '全国中位数' },
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
}

/** Reporting completeness by quarter: reported and missing cities (stacked) and the rate. */
export function completenessChart(input: {
  title: string;
  quarters: readonly QuarterCompleteness[];
}): ChartSpec {
  const periods = input.quarters.map((quarter) => quarter.period);
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
          minInterval: 1,
          // Head room above the bars for the rate line and its labels.
          max: Math.max(
            1,
            Math.ceil(Math.max(0, ...input.quarters.map((quarter) => quarter.expected)) * 1.3),
          ),
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
          data: input.quarters.map((quarter) => Math.max(0, quarter.expected - quarter.reported)),
        },
        {
          name: '报送率（%）',
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: CHART_COLOURS.series[0] },
          label: { show: true, formatter: (p) => `${formatNumber(Number(p.value), 0)}%` },
          data: input.quarters.map((quarter) =>
            quarter.expected > 0 ? Math.round((quarter.reported / quarter.expected) * 1000) / 10 : null,
          ),
        },
      ],
    },
  });
}
