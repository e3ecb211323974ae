/**
 * The performance assessment (绩效评价) of one batch for one assessed year: what the JSON carries
 * and the workbook renders. Computed by `computeAssessment` from current accepted data only.
 */
import type { City } from '../domain/registry.ts';
import type { CurrentSheet } from '../domain/submission.ts';
import type { UploadWarnings } from '../rollup/input.ts';
import type { AssessmentConfig, Grade } from './config.ts';

/** Why a target drops out of a city's score (its weight is shared among the others). */
export type Exclusion = '无基期数据' | '不完整' | '无数据';

interface Scored {
  /** 0–100, 2 decimals; null when excluded. */
  score: number | null;
  excluded?: Exclusion;
  /** Why it is excluded, or where its base came from, in Chinese. */
  note?: string;
  /** The configured weight. */
  weight: number;
  /** Its share of the weights used, in percent (0 when excluded): weight / Σ weights used × 100. */
  effectiveWeight: number;
}

/** A cumulative minimum (A02, A03, A04, B07, C01, C02). */
export interface ProgrammeAssessment extends Scored {
  kind: 'programme';
  /** The value at Q4 of the assessed year. */
  value: number | null;
  target: number;
  /** target × k / n, 2 decimals. */
  expected: number;
  /** value / target × 100, 2 decimals (uncapped). */
  completion: number | null;
}

export type BaseSource = 'baseline' | 'firstProgrammeYear';

/** An average annual growth (年均增幅) target (C04, D01, D02, D04). */
export interface GrowthAssessment extends Scored {
  kind: 'growth';
  baseYear: number | null;
  baseSource: BaseSource;
  baseValue: number | null;
  /** The assessed year's yearly value (Σ Q1–Q4); null when 不完整. */
  value: number | null;
  /** Y − B. */
  years: number | null;
  /** ((V_Y / V_B)^(1 / (Y − B)) − 1) × 100, 2 decimals. */
  cagr: number | null;
  /** The minimum rate, percent. */
  target: number;
  /** Quarters of the assessed year (or of the base year) that were not reported. */
  missingQuarters?: string[];
}

export interface AgencyGrowthAssessment extends Scored {
  kind: 'agencyGrowth';
  /** Revenue-weighted growth of the qualifying agencies at Q4, percent. */
  value: number | null;
  /** E04 at Q4. */
  localAverage: number | null;
}

export interface FundExecutionAssessment extends Scored {
  kind: 'fundExecution';
  /** E01 and E02 at Q4, 万元. */
  received: number | null;
  spent: number | null;
  /** E02 / E01 × 100, 2 decimals. */
  rate: number | null;
}

export type TargetAssessment =
  | ProgrammeAssessment
  | GrowthAssessment
  | AgencyGrowthAssessment
  | FundExecutionAssessment;

export interface CityAssessment {
  code: string;
  name: string;
  province: string;
  /** False when the programme had not started by the end of the year. */
  assessed: boolean;
  notAssessedReason?: string;
  programmeStart: string;
  /** Programme quarters up to Q4 of the year (at most n). */
  k: number;
  n: number;
  /** The quarters whose data the assessment reads (the year's programme quarters, and the base year's when it comes from reported data). */
  window: string[];
  /** Programme and growth targets by indicator code, in catalogue order. */
  targets: Record<string, ProgrammeAssessment | GrowthAssessment>;
  agencyGrowth: AgencyGrowthAssessment;
  fundExecution: FundExecutionAssessment;
  /** Σ weight × score / Σ weights used, 2 decimals; null when no target could be scored. */
  score: number | null;
  grade: Grade | null;
  /** Within the batch, by score (ties: city code); null when not scored. */
  rank: number | null;
  recommendation: string;
  /** 万元 */
  fundingApproved: number | null;
  /** fundingApproved − E01 at Q4 (≥ 0); null when either is unknown. */
  fundsToRelease: number | null;
  /** Keys of the targets that dropped out. */
  excludedTargets: string[];
  missingQuarters: string[];
  lateQuarters: string[];
  /** Warnings of the window's current uploads that carry no explanation (待说明). */
  unexplainedWarnings: number;
  warnings: number;
}

export interface Assessment {
  batch: number;
  year: number;
  generatedAt: string;
  /** Latest upload time of the data read. */
  dataAsOf: string | null;
  deadlineDays: number;
  method: AssessmentConfig;
  cities: CityAssessment[];
  /** Upload ids whose data went into the assessment. */
  uploadIds: string[];
}

export interface CityAssessmentInput {
  city: string;
  /** Every current sheet of the city (its history, with aggregates). */
  current: readonly CurrentSheet[];
  /** The warnings of each current upload of the window's quarters. */
  reports: readonly UploadWarnings[];
}

export interface AssessmentInput {
  batch: number;
  year: number;
  generatedAt: string;
  deadlineDays: number;
  config: AssessmentConfig;
  /** The cities of the batch. */
  cities: readonly City[];
  /** One entry per city (a missing one reads as a city without data). */
  data: readonly CityAssessmentInput[];
}
