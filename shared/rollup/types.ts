/**
 * The roll-up result: what the JSON reports carry and the workbooks render. Computed by pure
 * functions in this folder from the current accepted data; rendered by `reports/`.
 */
import type { ValidationIssue } from '../domain/validation.ts';

/** Figures of one indicator. For a year: `value` = `ytd` = the yearly value, `lastYearYtd` = last year's. */
export interface IndicatorFigures {
  value: number | null;
  ytd: number | null;
  lastYearYtd: number | null;
  /** (ytd / lastYearYtd − 1) × 100, rounded to 2 decimals; null when the base is missing or zero. */
  growth: number | null;
  /**
   * Quarters (this year's and last year's) that a YTD figure should have used but were not
   * reported: the YTD is then built from the quarters that were (flows), or is the latest
   * reported quarter's value (stocks, rates). Absent when nothing was missing.
   */
  missingQuarters?: string[];
}

/** A national figure: which cities make it up, and the like-for-like (同口径) basis of its growth. */
export interface NationalFigures extends IndicatorFigures {
  /** Reporting cities whose value makes up `value` and `ytd`. */
  cities: number;
  /** Of those, the cities with last year's value: `lastYearYtd` is summed over them only. */
  baseCities: number;
  /** This year's `ytd` over the same `baseCities` (the numerator of `growth`). */
  comparableYtd: number | null;
}

export type ProgrammeStatus = '达标' | '进度正常' | '滞后' | '严重滞后';
export type GrowthStatus = '达标' | '未达标' | '无基期数据';
export type AgencyGrowthStatus = '达标' | '未达标' | '无数据';
export type TargetStatus = ProgrammeStatus | GrowthStatus | AgencyGrowthStatus;

export interface TargetResult {
  kind: 'programme' | 'growth' | 'agencyGrowth';
  /** Programme: the cumulative value; growth: YTD growth %; agency growth: weighted growth %. */
  value: number | null;
  /** Programme: the minimum; growth: the minimum growth %; agency growth: E04. */
  target: number | null;
  /** Programme: value / target × 100 (uncapped); growth targets: null. */
  attainment: number | null;
  /** Programme: target × k / n. */
  expected?: number;
  status: TargetStatus;
  /** Contribution to the overall score: min(attainment, 100), or 100 / 0. */
  score: number;
  /** True when the comparison is impossible (无基期数据, agency 无数据): left out of the mean. */
  excludedFromScore?: boolean;
}

export type SubmissionState = 'on_time' | 'late' | 'not_reported' | 'rejected_only' | 'not_due';

export interface CitySubmission {
  submission: SubmissionState;
  /** Time of the current 核心指标 upload. */
  currentUploadAt?: string;
  /** Time of the first accepted 核心指标 upload (decides on time / late). */
  firstAcceptedAt?: string;
  uploads: number;
  rejectedUploads: number;
  warnings: number;
  /** Whether the city's programme covers the period (counted in completeness). */
  expected: boolean;
}

export interface CityRollup {
  code: string;
  name: string;
  province: string;
  batchYear: number;
  /** 1-based quarter of the programme this period ends in (null outside the programme). */
  programmeQuarter: number | null;
  programmeQuarters: number;
  submission: SubmissionState;
  submissionDetail: CitySubmission;
  indicators: Record<string, IndicatorFigures>;
  targets: Record<string, TargetResult>;
  agencyGrowth: { value: number | null; localAverage: number | null; status: AgencyGrowthStatus };
  /** E02 / E01 × 100. */
  fundExecutionRate: number | null;
  /** A02 + A03. */
  navigationProjects: number | null;
  /** Mean of the targets' scores; null when the city has not reported. */
  score: number | null;
  rank: number | null;
  /** Each quarter of the programme so far (city workbook 指标趋势). */
  trend: Array<{
    period: string;
    indicators: Record<string, IndicatorFigures>;
    /** The quarter's deadline had not passed when the roll-up ran (未到期). */
    notDue?: true;
  }>;
  uploadIds: string[];
}

export interface TypicalEnterprise {
  rank: number;
  uscc: string;
  name: string;
  /** Reporting city; when two cities report the same code, the first by code, with `alsoReportedBy`. */
  city: string;
  cityName: string;
  alsoReportedBy?: string[];
  industry?: string;
  score: number;
  recommended: boolean;
  certified: boolean;
  underCustody: boolean;
  /** Percentile ranks (0–1) by measure field. */
  percentiles: Record<string, number>;
  values: Record<string, number>;
  highlights: string[];
  recommendReason?: string;
}

export interface TypicalModel {
  category: string;
  title: string;
  city: string;
  cityName: string;
  subject?: string;
  practice: string;
  outcomeMetric?: string;
  outcomeValue?: number;
  outcomeUnit?: string;
  recommended: boolean;
  reason: string;
}

export interface DataQualityEntry extends ValidationIssue {
  city: string;
  /** The quarter of the upload (a yearly roll-up lists the warnings of all four quarters). */
  period?: string;
  cityName: string;
  uploadId: string;
}

/** An upload whose data went into a report, as a person reads it (the 说明 sheet). */
export interface UploadUsed {
  uploadId: string;
  city: string;
  cityName: string;
  /** The quarter the upload reports. */
  period: string;
  /** The uploaded file's name; absent only when the upload has no record (data older than the log). */
  fileName?: string;
  /** S3 event time, ISO-8601. */
  uploadedAt: string;
  /** The upload's state, from its record. */
  status?: string;
  /** Sheet kinds of the upload that are current and used, as sheet names (核心指标 …). */
  sheets: string[];
}

export interface Lineage {
  /** Latest event time of the data used (data as of). */
  dataAsOf: string | null;
  /** Every upload id whose data went into the report. */
  uploadIds: string[];
  /** The same uploads with city, period, file, time and status, by city, period and time. */
  uploads?: UploadUsed[];
  catalogueVersion: string;
  locks: Array<{ period: string; city: string; lockedAt: string }>;
}

export interface NationalRollup {
  period: string;
  periodKind: 'quarter' | 'year';
  generatedAt: string;
  deadline: string | null;
  /**
   * Quarters of the period whose deadline had not passed when the roll-up ran (a yearly report for
   * the year in progress: its later quarters), shown as 未到期, never as unreported.
   */
  notDueQuarters?: string[];
  completeness: {
    expected: number;
    reported: number;
    onTime: number;
    late: number;
    notReported: number;
    rejectedOnly: number;
    /** Cities with nothing accepted whose deadline has not passed (expected = the five states). */
    notDue: number;
    /** reported / expected × 100 once the deadline has passed; null while any city is not yet due. */
    rate: number | null;
  };
  /** Sum (flow, stock) or median (rate) over reporting cities, growth 同口径. */
  national: Record<string, NationalFigures>;
  /** Number of cities meeting each target (达标 / 进度正常 for programme targets counted separately). */
  targetsMet: Record<string, { met: number; onTrack: number; total: number }>;
  /** National median of each indicator's value over reporting cities (for the city 概览). */
  median: Record<string, number | null>;
  cities: CityRollup[];
  typicalEnterprises: TypicalEnterprise[];
  /** Top 5 per city: the first five of `enterprisesByCity`. */
  typicalEnterprisesByCity: Record<string, TypicalEnterprise[]>;
  /**
   * Every enterprise of each city, ranked by the same score (rank = rank within the city), for
   * the city reports only: the national report and summary keep to the top lists.
   */
  enterprisesByCity: Record<string, TypicalEnterprise[]>;
  typicalModels: TypicalModel[];
  dataQuality: DataQualityEntry[];
  /** National trend of key indicators over the quarters up to this period (for the 概览 chart). */
  nationalTrend: Array<{
    period: string;
    values: Record<string, number | null>;
    /** Cities that reported the quarter. */
    cities?: number;
    /** Cities whose programme covers the quarter (completeness by quarter). */
    expected?: number;
    /** The quarter's deadline had not passed when the roll-up ran (未到期): no city is missing yet. */
    notDue?: true;
  }>;
  lineage: Lineage;
}
