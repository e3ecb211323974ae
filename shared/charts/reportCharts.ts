/**
 * Which charts a report shows, built with the definitions (`definitions.ts`) from the report's
 * data: the roll-up when a workbook is written, or the report JSON when the portal draws them.
 * Both carry the same fields under the same names, so the input types below are what the two
 * share, and the portal draws exactly the charts the workbooks picture.
 */
import { indicator } from '../catalogue/indicators.ts';
import { TARGET_KEYS } from '../reports/labels.ts';
import { KEY_INDICATORS, KEY_TREND_INDICATORS } from '../reports/sheets/overview.ts';
import {
  attainmentByCityChart,
  type ChartSpec,
  cityAttainmentChart,
  cityVsMedianChart,
  completenessChart,
  scoreByCityChart,
  type TrendSeries,
  trendChart,
} from './definitions.ts';
import { periodLabel } from './format.ts';

/** A target of a city as the charts read it (`TargetResult` or the JSON's `TargetJson`). */
export interface ChartTarget {
  kind: string;
  status: string;
  target: number | null;
  attainment: number | null;
  expected?: number | null;
}

type Figures = Readonly<Record<string, { value: number | null } | undefined>>;

/** A city as the charts read it (`CityRollup` or the JSON's `CityJson`). */
export interface ChartCity {
  code: string;
  name: string;
  score: number | null;
  rank: number | null;
  targets: Readonly<Record<string, ChartTarget | undefined>>;
  indicators: Figures;
  /** Each quarter of the programme so far (a city report's own city). */
  trend?: ReadonlyArray<{ period: string; indicators: Figures }>;
}

/** A report as the charts read it (`NationalRollup` or the JSON's `ReportJson`). */
export interface ChartReport {
  period: string;
  median: Readonly<Record<string, number | null | undefined>>;
  cities: readonly ChartCity[];
  nationalTrend: ReadonlyArray<{
    period: string;
    values: Readonly<Record<string, number | null | undefined>>;
    cities?: number | null;
    expected?: number | null;
    notDue?: boolean;
  }>;
}

function cityStates(city: ChartCity) {
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
 * The summary charts for the nation (`scope` 全国) or a province (`scope` its name, the report
 * restricted to its cities): scores and attainment by city, the quarterly trend of the key
 * indicators with the growth target line, completeness by quarter.
 */
export function summaryChartSpecs(report: ChartReport, scope: string): ChartSpec[] {
  const cities = report.cities.map(cityStates);
  const prefix = scope === '全国' ? '' : scope;
  const periods = report.nationalTrend.map((point) => point.period);
  const series: TrendSeries[] = KEY_TREND_INDICATORS.map((code) => {
    const growthTarget = growthTargetOf(code);
    return {
      code,
      values: report.nationalTrend.map((point) => point.values[code] ?? null),
      ...(growthTarget === undefined ? {} : { growthTarget }),
    };
  });
  return [
    scoreByCityChart({ period: report.period, scope: prefix, cities }),
    attainmentByCityChart({ period: report.period, scope: prefix, cities }),
    trendChart({ title: `${scope}主要指标分季度趋势（截至${periodLabel(report.period)}）`, periods, series }),
    completenessChart({
      title: `${prefix}各季度报送情况（截至${periodLabel(report.period)}）`,
      quarters: report.nationalTrend.map((point) => ({
        period: point.period,
        expected: point.expected ?? point.cities ?? 0,
        reported: point.cities ?? 0,
        notDue: point.notDue === true,
      })),
    }),
  ];
}

/** A city's charts: programme attainment, its indicators against the national median, its trend. */
export function cityChartSpecs(report: ChartReport, city: ChartCity): ChartSpec[] {
  const programmeKeys = TARGET_KEYS.filter((key) => city.targets[key]?.kind === 'programme');
  const trend = city.trend ?? [];
  const periods = trend.map((point) => point.period);
  const series: TrendSeries[] = KEY_TREND_INDICATORS.map((code) => {
    const target = city.targets[code];
    return {
      code,
      values: trend.map((point) => point.indicators[code]?.value ?? null),
      ...(target?.kind === 'growth' && target.target !== null ? { growthTarget: target.target } : {}),
    };
  });
  return [
    cityAttainmentChart({
      period: report.period,
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
      period: report.period,
      cityName: city.name,
      indicators: KEY_INDICATORS.map((code) => ({
        code,
        value: city.indicators[code]?.value ?? null,
        median: report.median[code] ?? null,
      })),
    }),
    trendChart({
      title: `${city.name}主要指标分季度趋势（项目期内，截至${periodLabel(report.period)}）`,
      periods,
      series,
    }),
  ];
}
