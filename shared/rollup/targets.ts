/**
 * Target attainment (绩效目标完成情况) and the overall score.
 *
 * What counts in the score (the mean of the targets' scores):
 * - a programme target scores min(attainment, 100); one whose indicator was not reported is
 *   `无数据` and scores 0 — not reporting must not raise a score;
 * - a growth target scores 100 (达标) or 0 (未达标); `无基期数据` (last year's YTD missing or zero)
 *   is left out of the mean, since the city cannot be judged; this year's YTD missing with a base
 *   present is `无数据` and scores 0;
 * - the agency growth target scores 100 / 0; `无数据` (no qualifying agency with 上年同期 revenue,
 *   or E04 not reported) is left out of the mean.
 */
import { TARGETED_INDICATORS } from '../catalogue/indicators.ts';
import type { SheetAggregates } from '../domain/records.ts';
import { type City, targetFor } from '../domain/registry.ts';
import { growthPercent, round } from './numbers.ts';
import type { AgencyGrowthStatus, IndicatorFigures, ProgrammeStatus, TargetResult } from './types.ts';

/** Key of the agency growth target in `CityRollup.targets`. */
export const AGENCY_GROWTH_TARGET = 'agencyGrowth';

/** Programme progress: `k` of the programme's `n` quarters have elapsed by the period. */
export interface ProgrammeProgress {
  elapsed: number;
  total: number;
}

export function programmeTarget(
  value: number | null,
  target: number,
  progress: ProgrammeProgress,
): TargetResult {
  const expected = (target * progress.elapsed) / progress.total;
  if (value === null) {
    return {
      kind: 'programme',
      value,
      target,
      attainment: null,
      expected: round(expected, 2),
      status: '无数据',
      score: 0,
    };
  }
  const attainment = target > 0 ? (value / target) * 100 : null;
  return {
    kind: 'programme',
    value,
    target,
    attainment: attainment === null ? null : round(attainment, 2),
    expected: round(expected, 2),
    status: programmeStatus(value, target, expected),
    score: attainment === null ? 100 : round(Math.min(attainment, 100), 2),
  };
}

function programmeStatus(value: number, target: number, expected: number): ProgrammeStatus {
  if (value >= target) return '达标';
  if (value >= expected) return '进度正常';
  if (value >= expected / 2) return '滞后';
  return '严重滞后';
}

export function growthTarget(figures: IndicatorFigures | undefined, minimumPercent: number): TargetResult {
  const base = { kind: 'growth', target: minimumPercent, attainment: null } as const;
  const lastYear = figures?.lastYearYtd ?? null;
  if (lastYear === null || lastYear === 0) {
    return { ...base, value: null, status: '无基期数据', score: 0, excludedFromScore: true };
  }
  const growth = figures?.growth ?? null;
  if (growth === null) return { ...base, value: null, status: '无数据', score: 0 };
  return growth >= minimumPercent
    ? { ...base, value: growth, status: '达标', score: 100 }
    : { ...base, value: growth, status: '未达标', score: 0 };
}

/**
 * Revenue-weighted growth of the agencies counted in A04: Σ 本年累计 / Σ 上年同期 − 1 over the
 * qualifying agencies that report 上年同期 revenue, against the local average E04 ("exceeds").
 */
export function agencyGrowth(
  agencies: SheetAggregates['agencies'],
  localAverage: number | null,
): { value: number | null; localAverage: number | null; status: AgencyGrowthStatus; target: TargetResult } {
  const value = agencies
    ? growthPercent(agencies.qualifyingRevenueYtdWithBase, agencies.qualifyingRevenueSamePeriodLastYear)
    : null;
  const status: AgencyGrowthStatus =
    value === null || localAverage === null ? '无数据' : value > localAverage ? '达标' : '未达标';
  const target: TargetResult = {
    kind: 'agencyGrowth',
    value,
    target: localAverage,
    attainment: null,
    status,
    score: status === '达标' ? 100 : 0,
    ...(status === '无数据' ? { excludedFromScore: true } : {}),
  };
  return { value, localAverage, status, target };
}

/** Every numeric target of a city, by indicator code, in catalogue order. */
export function indicatorTargets(
  city: City,
  indicators: Readonly<Record<string, IndicatorFigures>>,
  progress: ProgrammeProgress,
): Record<string, TargetResult> {
  const targets: Record<string, TargetResult> = {};
  for (const definition of TARGETED_INDICATORS) {
    const target = targetFor(city, definition.code) ?? 0;
    const figures = indicators[definition.code];
    targets[definition.code] =
      definition.target.kind === 'programme'
        ? programmeTarget(figures?.ytd ?? null, target, progress)
        : growthTarget(figures, target);
  }
  return targets;
}

/** Mean of the counted targets' scores, 2 decimals; null when none counts. */
export function overallScore(targets: Readonly<Record<string, TargetResult>>): number | null {
  const counted = Object.values(targets).filter((target) => !target.excludedFromScore);
  if (counted.length === 0) return null;
  return round(counted.reduce((total, target) => total + target.score, 0) / counted.length, 2);
}
