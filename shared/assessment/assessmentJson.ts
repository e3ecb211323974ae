/**
 * The assessment JSON (`assessment.md`): indicator codes as keys, the same numbers as the
 * workbook. Each target also carries its status (`excluded` with the reason it dropped out) and
 * the weight it was given, so a reader can recompute the total from the JSON alone.
 */
import type { GradeBands } from './config.ts';
import type { Assessment, CityAssessment, TargetAssessment } from './types.ts';

export interface AssessmentJson {
  batch: number;
  year: number;
  generatedAt: string;
  dataAsOf: string | null;
  method: { weights: Record<string, number>; grades: GradeBands; source: 'default' | 'bucket' };
  cities: CityAssessmentJson[];
}

type Weighted = { weight: number; effectiveWeight: number; excluded?: string; note?: string };

export interface CityAssessmentJson {
  code: string;
  name: string;
  province: string;
  assessed: boolean;
  notAssessedReason?: string;
  k: number;
  n: number;
  window: string[];
  targets: Record<string, Record<string, unknown> & Weighted>;
  agencyGrowth: { value: number | null; localAverage: number | null; score: number | null } & Weighted;
  fundExecution: {
    received: number | null;
    spent: number | null;
    rate: number | null;
    score: number | null;
  } & Weighted;
  score: number | null;
  grade: string | null;
  rank: number | null;
  recommendation: string;
  fundingApproved: number | null;
  fundsToRelease: number | null;
  excludedTargets: string[];
  missingQuarters: string[];
  lateQuarters: string[];
  unexplainedWarnings: number;
  warnings: number;
}

export function assessmentJson(assessment: Assessment): AssessmentJson {
  return {
    batch: assessment.batch,
    year: assessment.year,
    generatedAt: assessment.generatedAt,
    dataAsOf: assessment.dataAsOf,
    method: {
      weights: assessment.method.weights,
      grades: assessment.method.grades,
      source: assessment.method.source,
    },
    cities: assessment.cities.map(cityJson),
  };
}

function cityJson(city: CityAssessment): CityAssessmentJson {
  const targets: CityAssessmentJson['targets'] = {};
  for (const [code, target] of Object.entries(city.targets)) targets[code] = targetJson(target);
  return {
    code: city.code,
    name: city.name,
    province: city.province,
    assessed: city.assessed,
    ...(city.notAssessedReason ? { notAssessedReason: city.notAssessedReason } : {}),
    k: city.k,
    n: city.n,
    window: city.window,
    targets,
    agencyGrowth: targetJson(city.agencyGrowth) as CityAssessmentJson['agencyGrowth'],
    fundExecution: targetJson(city.fundExecution) as CityAssessmentJson['fundExecution'],
    score: city.score,
    grade: city.grade,
    rank: city.rank,
    recommendation: city.recommendation,
    fundingApproved: city.fundingApproved,
    fundsToRelease: city.fundsToRelease,
    excludedTargets: city.excludedTargets,
    missingQuarters: city.missingQuarters,
    lateQuarters: city.lateQuarters,
    unexplainedWarnings: city.unexplainedWarnings,
    warnings: city.warnings,
  };
}

/** A target without its `kind` (the key says which it is). */
function targetJson(target: TargetAssessment): Record<string, unknown> & Weighted {
  const { kind: _kind, ...fields } = target;
  return fields;
}

export function serialiseAssessmentJson(json: AssessmentJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
