/**
 * The assessment JSON (`assessment.md`): indicator codes as keys, the same numbers as the
 * workbook. Each target also carries its status (`excluded` with the reason it dropped out) and
 * the weight it was given, so a reader can recompute the total from the JSON alone.
 */
import type { AssessmentConfig } from './config.ts';
import type {
  AgencyGrowthAssessment,
  Assessment,
  CityAssessment,
  FundExecutionAssessment,
  GrowthAssessment,
  ProgrammeAssessment,
  TargetAssessment,
} from './types.ts';

/** A target without its `kind`: the key it sits under says which it is. */
type Unkinded<T extends TargetAssessment> = T extends TargetAssessment ? Omit<T, 'kind'> : never;

export type CityAssessmentJson = Omit<CityAssessment, 'targets' | 'agencyGrowth' | 'fundExecution'> & {
  targets: Record<string, Unkinded<ProgrammeAssessment> | Unkinded<GrowthAssessment>>;
  agencyGrowth: Unkinded<AgencyGrowthAssessment>;
  fundExecution: Unkinded<FundExecutionAssessment>;
};

export interface AssessmentJson {
  batch: number;
  year: number;
  generatedAt: string;
  dataAsOf: string | null;
  method: AssessmentConfig;
  cities: CityAssessmentJson[];
}

export function assessmentJson(assessment: Assessment): AssessmentJson {
  return {
    batch: assessment.batch,
    year: assessment.year,
    generatedAt: assessment.generatedAt,
    dataAsOf: assessment.dataAsOf,
    method: assessment.method,
    cities: assessment.cities.map(
      (city): CityAssessmentJson => ({
        ...city,
        targets: Object.fromEntries(
          Object.entries(city.targets).map(([code, target]) => [code, unkinded(target)]),
        ),
        agencyGrowth: unkinded(city.agencyGrowth),
        fundExecution: unkinded(city.fundExecution),
      }),
    ),
  };
}

function unkinded<T extends TargetAssessment>(target: T): Unkinded<T> {
  const { kind: _kind, ...fields } = target;
  return fields as Unkinded<T>;
}

export function serialiseAssessmentJson(json: AssessmentJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
