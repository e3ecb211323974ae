/**
 * Which charts each workbook shows, built from the roll-up with the shared definitions
 * (`shared/charts/definitions.ts`), and rendered to pictures.
 */
import { indicator } from '../../catalogue/indicators.ts';
import {
  attainmentByCityChart,
  type ChartSpec,
  cityAttainmentChart,
  cityVsMedianChart,
  completenessChart,
  scoreByCityChart,
  type TrendSeries,
  trendChart,
} from '../../charts/definitions.ts';
import { periodLabel } from '../../charts/format.ts';
import type { CityRollup, NationalRollup } from '../../rollup/types.ts';
import { TARGET_KEYS } from '../labels.ts';
import { KEY_INDICATORS, KEY_TREND_INDICATORS } from '../sheets/overview.ts';
import { type RenderedChart, renderChart } from './renderChart.ts';

function cityStates(city: CityRollup) {
  return {
    code: city.code,
    name: city.name,
    score: city.score,
    rank: city.rank,
    statuses: TARGET_KEYS.map((key) => city.targets[key]?.status ?? '无数据'),
  };
}

function growthTargetOf(code: string): number | undefined {
  const target = indicator(code).target;
  return target.kind === 'growth' ? target.minimumPercent : undefined;
}

/**
 * The summary workbook's charts for the nation (`scope` 全国) or a province (`scope` its name,
 * the roll-up restricted to its cities): scores and attainment by city, the quarterly trend of
 * the key indicators with the growth target line, completeness by quarter.
 */
export function summaryChartSpecs(rollup: NationalRollup, scope: string): ChartSpec[] {
  const cities = rollup.cities.map(cityStates);
  const prefix = scope === '全国' ? '' : scope;
  const periods = rollup.nationalTrend.map((point) => point.period);
  const series: TrendSeries[] = KEY_TREND_INDICATORS.map((code) => {
    const growthTarget = growthTargetOf(code);
    return {
      code,
      values: rollup.nationalTrend.map((point) => point.values[code] ?? null),
      ...(growthTarget === undefined ? {} : { growthTarget }),
    };
  });
  return [
    scoreByCityChart({ period: rollup.period, scope: prefix, cities }),
    attainmentByCityChart({ period: rollup.period, scope: prefix, cities }),
    trendChart({ title: `${scope}主要指标分季度趋势（截至${periodLabel(rollup.period)}）`, periods, series }),
    completenessChart({
      title: `${prefix}各季度报送情况（截至${periodLabel(rollup.period)}）`,
      quarters: rollup.nationalTrend.map((point) => ({
        period: point.period,
        expected: point.expected ?? point.cities ?? 0,
        reported: point.cities ?? 0,
      })),
    }),
  ];
}

export function cityChartSpecs(rollup: NationalRollup, city: CityRollup): ChartSpec[] {
  const programmeKeys = TARGET_KEYS.filter((key) => city.targets[key]?.kind === 'programme');
  const periods = city.trend.map((point) => point.period);
  const series: TrendSeries[] = KEY_TREND_INDICATORS.map((code) => {
    const target = city.targets[code];
    return {
      code,
      values: city.trend.map((point) => point.indicators[code]?.value ?? null),
      ...(target?.kind === 'growth' && target.target !== null ? { growthTarget: target.target } : {}),
    };
  });
  return [
    cityAttainmentChart({
      period: rollup.period,
      cityName: city.name,
      targets: programmeKeys.map((key) => {
        const target = city.targets[key]!;
        const expected = target.expected ?? null;
        return {
          code: key,
          attainment: target.attainment,
          expectedPercent:
            expected === null || !target.target ? null : Math.round((expected / target.target) * 1000) / 10,
          status: target.status,
        };
      }),
    }),
    cityVsMedianChart({
      period: rollup.period,
      cityName: city.name,
      indicators: KEY_INDICATORS.map((code) => ({
        code,
        value: city.indicators[code]?.value ?? null,
        median: rollup.median[code] ?? null,
      })),
    }),
    trendChart({
      title: `${city.name}主要指标分季度趋势（项目期内，截至${periodLabel(rollup.period)}）`,
      periods,
      series,
    }),
  ];
}

/** Renders the charts one after the other (each is CPU-bound; the process renders one at a time). */
export async function renderCharts(specs: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const spec of specs) rendered.push(await renderChart(spec));
  return rendered;
}
