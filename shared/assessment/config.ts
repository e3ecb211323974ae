/**
 * Weights and grade bands of the performance assessment (绩效评价): `config/assessment.json` in
 * the bucket, the spec's defaults when it is absent. A document may give only some weights or
 * bands; the rest keep their defaults. Anything else in it is an error naming the field, in
 * Chinese: an assessment computed with a guessed weight could not be defended.
 */
import { TARGETED_INDICATORS } from '../catalogue/indicators.ts';

/** Key of the agency revenue growth target in weights and results. */
export const AGENCY_GROWTH = 'agencyGrowth';
/** Key of the fund execution target in weights and results. */
export const FUND_EXECUTION = 'fundExecution';

export const ASSESSMENT_CONFIG_KEY = 'config/assessment.json';

/** The programme (cumulative) targets, in catalogue order. */
export const PROGRAMME_CODES: readonly string[] = TARGETED_INDICATORS.filter(
  (definition) => definition.target.kind === 'programme',
).map((definition) => definition.code);

/** The growth (年均增幅) targets, in catalogue order. */
export const GROWTH_CODES: readonly string[] = TARGETED_INDICATORS.filter(
  (definition) => definition.target.kind === 'growth',
).map((definition) => definition.code);

/** Every scored target, in the order the reports list them. */
export const ASSESSMENT_TARGETS: readonly string[] = [
  ...PROGRAMME_CODES,
  ...GROWTH_CODES,
  AGENCY_GROWTH,
  FUND_EXECUTION,
];

export type Grade = '优秀' | '良好' | '合格' | '不合格';

/** Lower bounds of the total score for each passing grade; below 合格 is 不合格. */
export interface GradeBands {
  优秀: number;
  良好: number;
  合格: number;
}

export interface AssessmentConfig {
  weights: Record<string, number>;
  grades: GradeBands;
  /** Where the numbers came from, for the workbook's 说明. */
  source: 'default' | 'bucket';
}

export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries([
  ...PROGRAMME_CODES.map((code) => [code, 10]),
  ...GROWTH_CODES.map((code) => [code, 7.5]),
  [AGENCY_GROWTH, 5],
  [FUND_EXECUTION, 5],
]);

export const DEFAULT_GRADES: Readonly<GradeBands> = { 优秀: 90, 良好: 75, 合格: 60 };

export const DEFAULT_ASSESSMENT_CONFIG: AssessmentConfig = {
  weights: { ...DEFAULT_WEIGHTS },
  grades: { ...DEFAULT_GRADES },
  source: 'default',
};

export class AssessmentConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AssessmentConfigError';
  }
}

/** Parses `config/assessment.json` text: `{ "weights": { "A02": 12, … }, "grades": { "优秀": 85, … } }`. */
export function parseAssessmentConfig(text: string, source = ASSESSMENT_CONFIG_KEY): AssessmentConfig {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new AssessmentConfigError(`${source}: 绩效评价配置不是有效的 JSON`, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AssessmentConfigError(
      `${source}: 绩效评价配置应为对象，如 { "weights": { … }, "grades": { … } }`,
    );
  const raw = json as Record<string, unknown>;
  for (const field of Object.keys(raw)) {
    if (field !== 'weights' && field !== 'grades')
      throw new AssessmentConfigError(`${source}: 未知字段 ${field}（只能有 weights 和 grades）`);
  }
  return {
    weights: parseWeights(raw.weights, source),
    grades: parseGrades(raw.grades, source),
    source: 'bucket',
  };
}

function parseWeights(raw: unknown, source: string): Record<string, number> {
  const weights = { ...DEFAULT_WEIGHTS };
  if (raw === undefined) return weights;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new AssessmentConfigError(`${source}: weights 应为对象（目标 → 权重）`);
  for (const [key, value] of Object.entries(raw)) {
    if (!ASSESSMENT_TARGETS.includes(key))
      throw new AssessmentConfigError(
        `${source}: weights.${key} 不是评价目标（应为 ${ASSESSMENT_TARGETS.join('、')} 之一）`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new AssessmentConfigError(
        `${source}: weights.${key} 应为非负数，实际为 ${JSON.stringify(value)}`,
      );
    weights[key] = value;
  }
  if (Object.values(weights).every((weight) => weight === 0))
    throw new AssessmentConfigError(`${source}: weights 全部为 0，无法计算总分`);
  return weights;
}

function parseGrades(raw: unknown, source: string): GradeBands {
  const grades = { ...DEFAULT_GRADES };
  if (raw === undefined) return grades;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new AssessmentConfigError(`${source}: grades 应为对象，如 { "优秀": 90, "良好": 75, "合格": 60 }`);
  for (const [key, value] of Object.entries(raw)) {
    if (key !== '优秀' && key !== '良好' && key !== '合格')
      throw new AssessmentConfigError(`${source}: grades.${key} 不是等级（应为 优秀、良好、合格 之一）`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)
      throw new AssessmentConfigError(
        `${source}: grades.${key} 应为 0–100 之间的分数线，实际为 ${JSON.stringify(value)}`,
      );
    grades[key] = value;
  }
  if (!(grades.优秀 > grades.良好 && grades.良好 > grades.合格))
    throw new AssessmentConfigError(
      `${source}: grades 的分数线应满足 优秀 > 良好 > 合格，实际为 ${grades.优秀} / ${grades.良好} / ${grades.合格}`,
    );
  return grades;
}

export function gradeFor(score: number, grades: GradeBands): Grade {
  if (score >= grades.优秀) return '优秀';
  if (score >= grades.良好) return '良好';
  if (score >= grades.合格) return '合格';
  return '不合格';
}
