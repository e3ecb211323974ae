/** Chinese wording shared by the workbooks: states, kinds, headers with units. */
import {
  type Aggregation,
  type IndicatorDefinition,
  type IndicatorUnit,
  TARGETED_INDICATORS,
} from '../catalogue/indicators.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, SubmissionState, TargetResult } from '../rollup/types.ts';
import type { CellKind } from './xlsx/styles.ts';

export const SUBMISSION_LABELS: Record<SubmissionState, string> = {
  on_time: '按时',
  late: '迟报',
  not_reported: '未报送',
  rejected_only: '仅有被退回的上传',
  not_due: '未到期',
};

export const AGGREGATION_LABELS: Record<Aggregation, string> = {
  flow: '流量（本期发生额，本年累计为各季度之和）',
  stock: '存量（期末累计值）',
  rate: '比率（百分数，不累加）',
};

export const TARGET_KIND_LABELS: Record<TargetResult['kind'], string> = {
  programme: '项目期目标',
  growth: '同比增长目标',
  agencyGrowth: '运营机构营收增幅目标',
};

export const AGENCY_GROWTH_LABEL = '运营机构营收增幅高于当地企业平均增幅';

/** Every target in the order the reports list them: the catalogue's, then agency growth. */
export const TARGET_KEYS: readonly string[] = [
  ...TARGETED_INDICATORS.map((definition) => definition.code),
  AGENCY_GROWTH_TARGET,
];

function targetDefinition(key: string): IndicatorDefinition | undefined {
  return TARGETED_INDICATORS.find((candidate) => candidate.code === key);
}

/** The indicator code of a target, `—` for agency growth (no indicator of its own). */
export function targetCode(key: string): string {
  return key === AGENCY_GROWTH_TARGET ? '—' : key;
}

export function targetName(key: string): string {
  if (key === AGENCY_GROWTH_TARGET) return AGENCY_GROWTH_LABEL;
  return targetDefinition(key)?.name ?? key;
}

/** `A02 产业规划类专利导航项目数`, or the agency growth wording. */
export function targetLabel(key: string): string {
  const definition = targetDefinition(key);
  return definition ? `${definition.code} ${definition.name}` : targetName(key);
}

/** Unit of a target's value: the indicator's for programme targets, `%` for growth targets. */
export function targetUnit(key: string): string {
  const definition = targetDefinition(key);
  return definition && definition.target.kind === 'programme' ? definition.unit : '%';
}

/** `C04 知识产权交易许可金额（万元）`. */
export function indicatorHeader(definition: IndicatorDefinition): string {
  return `${definition.code} ${definition.name}（${definition.unit}）`;
}

/** How a value of this unit is shown: 万元 with two decimals, counts whole, rates as percent numbers. */
export function kindForUnit(unit: IndicatorUnit): CellKind {
  if (unit === '万元') return 'amount';
  if (unit === '%') return 'percent';
  return 'count';
}

/**
 * Format of a target's expected progress and its gap in `unit`: counts get one decimal (9.2 个 of
 * 10 after 11 of 12 quarters, never a rounded 9 beside 说明 saying 9.2), amounts and rates theirs.
 */
export function progressKindForUnit(unit: IndicatorUnit): CellKind {
  const kind = kindForUnit(unit);
  return kind === 'count' ? 'progress' : kind;
}

/** What the target number means, e.g. `≥ 10 个（项目期累计）` or `同比增长 ≥ 30%`. */
export function targetRuleText(definition: IndicatorDefinition, target: number): string {
  if (definition.target.kind === 'growth') return `本年累计同比增长 ≥ ${target}%`;
  return `项目期末累计 ≥ ${target} ${definition.unit}`;
}

export function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

/** `第 11 / 12 季度`, or that the period lies outside the city's programme. */
export function programmeProgress(city: CityRollup): string {
  return city.programmeQuarter === null
    ? '不在项目期内'
    : `第 ${city.programmeQuarter} / ${city.programmeQuarters} 季度`;
}
