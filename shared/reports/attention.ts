/**
 * 需关注: what a briefing has to raise about a set of cities (the nation, a province, one city):
 * the targets behind the progress expected by now, sorted by how far behind; the cities that have
 * not reported, are late or had every upload rejected; the warnings still waiting for an
 * explanation (待说明).
 */
import { type IndicatorUnit, indicator } from '../catalogue/indicators.ts';
import { formatNumber } from '../charts/format.ts';
import { chinaTimeText } from '../domain/chinaTime.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, DataQualityEntry, SubmissionState, TargetResult } from '../rollup/types.ts';
import { isPendingExplanation } from '../validation/explanationState.ts';
import { programmeProgress, targetLabel } from './labels.ts';

export interface TargetBehind {
  city: string;
  cityName: string;
  province: string;
  target: string;
  /** `A02 产业规划类专利导航项目数`. */
  targetLabel: string;
  /** Unit of value, expected and gap: the indicator's, or `%` for growth targets. */
  unit: IndicatorUnit;
  value: number | null;
  /** Programme: the progress expected by now; growth: the target growth. */
  expected: number | null;
  targetValue: number | null;
  /** Expected − value, in `unit` (percentage points for growth targets). */
  gap: number | null;
  /** Gap in percent of the expected value (100 when nothing was reported). */
  gapPercent: number | null;
  status: TargetResult['status'];
  reason: string;
}

export interface SubmissionConcern {
  city: string;
  cityName: string;
  province: string;
  submission: SubmissionState;
  reason: string;
}

export interface PendingWarnings {
  city: string;
  cityName: string;
  count: number;
  /** The first warning's message, as an example. */
  example: string;
}

export interface AttentionList {
  targets: TargetBehind[];
  submissions: SubmissionConcern[];
  warnings: PendingWarnings[];
  /** Verification warnings of the same cities that the city explained (已说明): not listed, counted. */
  explainedWarnings: number;
}

/** States that put a target on the list. */
const BEHIND: ReadonlySet<string> = new Set(['滞后', '严重滞后', '未达标', '无数据']);

function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function unitOf(key: string, result: TargetResult): IndicatorUnit {
  if (result.kind !== 'programme') return '%';
  return indicator(key).unit;
}

function show(value: number, unit: string): string {
  const decimals = unit === '万元' || unit === '%' ? (unit === '%' ? 1 : 2) : Number.isInteger(value) ? 0 : 1;
  return unit === '%' ? `${formatNumber(value, decimals)}%` : `${formatNumber(value, decimals)} ${unit}`;
}

function targetBehind(city: CityRollup, key: string, result: TargetResult): TargetBehind {
  const unit = unitOf(key, result);
  const base = {
    city: city.code,
    cityName: city.name,
    province: city.province,
    target: key,
    targetLabel: targetLabel(key),
    unit,
    value: result.value,
    targetValue: result.target,
    status: result.status,
  };
  if (result.kind === 'programme') {
    const expected = result.expected ?? null;
    if (result.value === null)
      return {
        ...base,
        expected,
        gap: expected,
        gapPercent: 100,
        reason: `本期未报送该指标（按${programmeProgress(city)}应完成 ${show(expected ?? 0, unit)}）`,
      };
    const gap = expected === null ? null : round(expected - result.value);
    const gapPercent = expected && gap !== null ? round((gap / expected) * 100, 1) : null;
    return {
      ...base,
      expected,
      gap,
      gapPercent,
      reason: `累计 ${show(result.value, unit)}，按${programmeProgress(city)}应完成 ${show(expected ?? 0, unit)}，差 ${show(gap ?? 0, unit)}（落后应完成进度 ${formatNumber(gapPercent ?? 0, 1)}%）；项目期目标 ${show(result.target ?? 0, unit)}`,
    };
  }
  const expected = result.target;
  const what = key === AGENCY_GROWTH_TARGET ? '运营机构营收加权增幅' : '本年累计同比增长';
  const benchmark = key === AGENCY_GROWTH_TARGET ? '当地企业平均增幅 E04' : '目标增幅';
  if (result.value === null || expected === null)
    return { ...base, expected, gap: null, gapPercent: 100, reason: `${what}无数据（未报送本年数据）` };
  const gap = round(expected - result.value);
  const gapPercent = expected > 0 ? round((gap / expected) * 100, 1) : null;
  return {
    ...base,
    expected,
    gap,
    gapPercent,
    reason: `${what} ${show(result.value, '%')}，${key === AGENCY_GROWTH_TARGET ? '未高于' : '低于'}${benchmark} ${show(expected, '%')}，差 ${formatNumber(gap, 1)} 个百分点`,
  };
}

function submissionReason(city: CityRollup, deadline: string | null): string {
  const due = deadline ? `截止时间 ${chinaTimeText(deadline)}（北京时间）` : '';
  switch (city.submission) {
    case 'not_reported':
      return `本期没有受理的核心指标上传${due ? `（${due}）` : ''}`;
    case 'rejected_only':
      return `上传 ${city.submissionDetail.uploads} 次，全部被退回，请城市按校验结果更正后重新上传`;
    case 'late':
      return `首次受理时间 ${city.submissionDetail.firstAcceptedAt ? chinaTimeText(city.submissionDetail.firstAcceptedAt) : '—'}（北京时间），晚于${due || '截止时间'}`;
    default:
      return '';
  }
}

const SUBMISSION_ORDER: Record<SubmissionState, number> = {
  not_reported: 0,
  rejected_only: 1,
  late: 2,
  on_time: 3,
  not_due: 4,
};

/**
 * The attention list of `cities`: targets behind, cities not reported or late, and the
 * verification warnings of current uploads still 待说明 (the city has not explained them).
 */
export function attentionList(
  cities: readonly CityRollup[],
  dataQuality: readonly DataQualityEntry[],
  options: { deadline: string | null },
): AttentionList {
  const targets: TargetBehind[] = [];
  for (const city of cities) {
    if (city.submission === 'not_reported' || city.submission === 'rejected_only') continue;
    for (const [key, result] of Object.entries(city.targets))
      if (BEHIND.has(result.status)) targets.push(targetBehind(city, key, result));
  }
  targets.sort(
    (a, b) =>
      (b.gapPercent ?? -1) - (a.gapPercent ?? -1) ||
      (a.city < b.city ? -1 : a.city > b.city ? 1 : 0) ||
      (a.target < b.target ? -1 : 1),
  );

  const submissions = cities
    .filter((city) => city.submissionDetail.expected && city.submission !== 'on_time')
    .map((city) => ({
      city: city.code,
      cityName: city.name,
      province: city.province,
      submission: city.submission,
      reason: submissionReason(city, options.deadline),
    }))
    .sort(
      (a, b) => SUBMISSION_ORDER[a.submission] - SUBMISSION_ORDER[b.submission] || (a.city < b.city ? -1 : 1),
    );

  const names = new Map(cities.map((city) => [city.code, city.name]));
  const pending = new Map<string, PendingWarnings>();
  let explainedWarnings = 0;
  for (const entry of dataQuality) {
    if (!names.has(entry.city)) continue;
    if (entry.explanationStatus === 'explained') explainedWarnings++;
    if (!isPendingExplanation(entry)) continue;
    const existing = pending.get(entry.city);
    if (existing) existing.count += 1;
    else
      pending.set(entry.city, {
        city: entry.city,
        cityName: entry.cityName,
        count: 1,
        example: entry.message,
      });
  }
  const warnings = [...pending.values()].sort((a, b) => b.count - a.count || (a.city < b.city ? -1 : 1));
  return { targets, submissions, warnings, explainedWarnings };
}
