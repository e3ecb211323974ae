/**
 * The `.json` beside each workbook: the same numbers keyed by indicator code. Every object is
 * built field by field and every map is walked in catalogue order, so that two renders of the same
 * roll-up serialise to the same bytes (only `generatedAt` moves between runs).
 */
import { INDICATORS } from '../catalogue/indicators.ts';
import { ENTERPRISE_MEASURES } from '../rollup/enterprises.ts';
import type {
  CityRollup,
  DataQualityEntry,
  IndicatorFigures,
  Lineage,
  NationalFigures,
  NationalRollup,
  TargetResult,
  TypicalEnterprise,
  TypicalModel,
} from '../rollup/types.ts';
import { type AttentionList, attentionList } from './attention.ts';
import { findReportCity } from './cityWorkbook.ts';
import { TARGET_KEYS } from './labels.ts';
import { findProvince, type ProvinceSummary, provinceRollup, provinceSummaries } from './province.ts';

export interface FiguresJson {
  value: number | null;
  ytd: number | null;
  lastYearYtd: number | null;
  growth: number | null;
  missingQuarters: string[];
}

export interface NationalFiguresJson
  extends FiguresJson,
    Pick<NationalFigures, 'cities' | 'baseCities' | 'comparableYtd'> {}

export interface TargetJson
  extends Pick<TargetResult, 'value' | 'target' | 'attainment' | 'status' | 'kind' | 'score'> {
  expected: number | null;
  excludedFromScore: boolean;
}

/** The city's own facts, as the roll-up has them. */
type CityFactsJson = Pick<
  CityRollup,
  | 'code'
  | 'name'
  | 'province'
  | 'batchYear'
  | 'programmeQuarter'
  | 'programmeQuarters'
  | 'submission'
  | 'agencyGrowth'
  | 'fundExecutionRate'
  | 'navigationProjects'
  | 'score'
  | 'rank'
>;

export interface CityJson extends CityFactsJson {
  submissionDetail: {
    expected: boolean;
    firstAcceptedAt: string | null;
    currentUploadAt: string | null;
    uploads: number;
    rejectedUploads: number;
    warnings: number;
  };
  indicators: Record<string, FiguresJson>;
  targets: Record<string, TargetJson>;
  /** City reports only: each quarter of the programme so far. */
  trend?: Array<{ period: string; notDue: boolean; indicators: Record<string, FiguresJson> }>;
}

export interface EnterpriseJson {
  rank: number;
  uscc: string;
  name: string;
  city: string;
  score: number;
  highlights: string[];
  cityName: string;
  industry: string | null;
  recommended: boolean;
  certified: boolean;
  underCustody: boolean;
  recommendReason: string | null;
  alsoReportedBy: string[];
  values: Record<string, number | null>;
  percentiles: Record<string, number | null>;
}

/** An enterprise of a city report's full list: `typical` when it is among the city's typical ones. */
export interface CityEnterpriseJson extends EnterpriseJson {
  typical: boolean;
}

export interface ModelJson {
  category: string;
  title: string;
  city: string;
  reason: string;
  cityName: string;
  subject: string | null;
  practice: string;
  outcomeMetric: string | null;
  outcomeValue: number | null;
  outcomeUnit: string | null;
  recommended: boolean;
}

export interface QualityEntryJson {
  city: string;
  cityName: string;
  period: string;
  uploadId: string;
  severity: DataQualityEntry['severity'];
  code: string;
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string | null;
  value: string | null;
  message: string;
}

export interface ReportJson {
  period: string;
  periodKind: NationalRollup['periodKind'];
  scope: 'national' | 'province' | 'city';
  /** The city of a city report, null for the national and province ones. */
  city: string | null;
  /** The province of a province report. */
  province?: { code: string; name: string };
  /** National report: a line per province (cities, completeness, subtotals, average score). */
  provinces?: ProvinceSummary[];
  /** 需关注: targets behind the expected progress, missing or late reports, warnings 待说明. */
  attention: AttentionList;
  generatedAt: string;
  deadline: string | null;
  /** Quarters of the period not yet due when the report was made (未到期), e.g. a year's Q4. */
  notDueQuarters: string[];
  completeness: NationalRollup['completeness'];
  national: Record<string, NationalFiguresJson>;
  median: Record<string, number | null>;
  targetsMet: NationalRollup['targetsMet'];
  cities: CityJson[];
  typicalEnterprises: EnterpriseJson[];
  /**
   * City reports only: every enterprise of the city, ranked within the city by the same score
   * (kept out of the national report and its summary for size).
   */
  enterprises?: CityEnterpriseJson[];
  typicalModels: ModelJson[];
  dataQuality: { total: number; byCode: Record<string, number>; entries: QualityEntryJson[] };
  nationalTrend: Array<{
    period: string;
    cities: number | null;
    expected: number | null;
    /** The quarter was not yet due (未到期): its missing cities are not late. */
    notDue: boolean;
    values: Record<string, number | null>;
  }>;
  lineage: Lineage;
}

export function nationalReportJson(rollup: NationalRollup): ReportJson {
  return reportJson(rollup, {
    city: null,
    provinces: provinceSummaries(rollup.cities),
    cities: rollup.cities.map((city) => cityJson(city, false)),
    enterprises: rollup.typicalEnterprises,
    models: rollup.typicalModels,
    quality: rollup.dataQuality,
    lineage: rollup.lineage,
  });
}

/** A province's report: the roll-up restricted to its cities (`provinceRollup`). */
export function provinceReportJson(rollup: NationalRollup, code: string): ReportJson {
  const province = findProvince(rollup, code);
  const view = provinceRollup(rollup, province);
  return reportJson(view, {
    city: null,
    province: { code: province.code, name: province.name },
    cities: view.cities.map((city) => cityJson(city, false)),
    enterprises: view.typicalEnterprises,
    models: view.typicalModels,
    quality: view.dataQuality,
    lineage: view.lineage,
  });
}

export function cityReportJson(rollup: NationalRollup, cityCode: string): ReportJson {
  const city = findReportCity(rollup, cityCode);
  return reportJson(rollup, {
    city: city.code,
    cities: [cityJson(city, true)],
    enterprises: rollup.typicalEnterprisesByCity[city.code] ?? [],
    allEnterprises: rollup.enterprisesByCity[city.code] ?? [],
    models: rollup.typicalModels.filter((model) => model.city === city.code),
    quality: rollup.dataQuality.filter((entry) => entry.city === city.code),
    lineage: {
      dataAsOf: rollup.lineage.dataAsOf,
      uploadIds: [...city.uploadIds],
      catalogueVersion: rollup.lineage.catalogueVersion,
      locks: rollup.lineage.locks.filter((lock) => lock.city === '*' || lock.city === city.code),
    },
  });
}

/** Two-space indented UTF-8 text with a final newline. */
export function serialiseReportJson(json: ReportJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

interface Scope {
  city: string | null;
  province?: { code: string; name: string };
  provinces?: ProvinceSummary[];
  cities: CityJson[];
  enterprises: readonly TypicalEnterprise[];
  /** City reports only: the city's full list. */
  allEnterprises?: readonly TypicalEnterprise[];
  models: readonly TypicalModel[];
  quality: readonly DataQualityEntry[];
  lineage: Lineage;
}

function reportJson(rollup: NationalRollup, scope: Scope): ReportJson {
  const { completeness } = rollup;
  return {
    period: rollup.period,
    periodKind: rollup.periodKind,
    scope: scope.city !== null ? 'city' : scope.province ? 'province' : 'national',
    city: scope.city,
    ...(scope.province ? { province: scope.province } : {}),
    ...(scope.provinces ? { provinces: scope.provinces } : {}),
    attention: attentionList(
      rollup.cities.filter((city) => scope.city === null || city.code === scope.city),
      scope.quality,
      { deadline: rollup.deadline },
    ),
    generatedAt: rollup.generatedAt,
    deadline: rollup.deadline,
    notDueQuarters: [...(rollup.notDueQuarters ?? [])],
    completeness: {
      expected: completeness.expected,
      reported: completeness.reported,
      late: completeness.late,
      onTime: completeness.onTime,
      notReported: completeness.notReported,
      rejectedOnly: completeness.rejectedOnly,
      notDue: completeness.notDue,
      rate: completeness.rate,
    },
    national: byIndicator((code) => nationalFiguresJson(rollup.national[code])),
    median: byIndicator((code) => rollup.median[code] ?? null),
    targetsMet: byKey(TARGET_KEYS, rollup.targetsMet, (met) => ({
      met: met.met,
      onTrack: met.onTrack,
      total: met.total,
    })),
    cities: scope.cities,
    typicalEnterprises: scope.enterprises.map(enterpriseJson),
    ...(scope.allEnterprises
      ? { enterprises: cityEnterprisesJson(scope.allEnterprises, scope.enterprises) }
      : {}),
    typicalModels: scope.models.map(modelJson),
    dataQuality: qualityJson(scope.quality, rollup.period),
    nationalTrend: rollup.nationalTrend.map((point) => ({
      period: point.period,
      cities: point.cities ?? null,
      expected: point.expected ?? null,
      notDue: point.notDue === true,
      values: byIndicator((code) => point.values[code] ?? null),
    })),
    lineage: {
      dataAsOf: scope.lineage.dataAsOf,
      uploadIds: [...scope.lineage.uploadIds],
      catalogueVersion: scope.lineage.catalogueVersion,
      locks: scope.lineage.locks.map((lock) => ({
        period: lock.period,
        city: lock.city,
        lockedAt: lock.lockedAt,
      })),
    },
  };
}

function byIndicator<V>(value: (code: string) => V): Record<string, V> {
  const result: Record<string, V> = {};
  for (const definition of INDICATORS) result[definition.code] = value(definition.code);
  return result;
}

/** The `preferred` keys first, in that order, then any others sorted. */
function byKey<T, V>(
  preferred: readonly string[],
  record: Record<string, T>,
  map: (item: T) => V,
): Record<string, V> {
  const result: Record<string, V> = {};
  const extra = Object.keys(record)
    .filter((key) => !preferred.includes(key))
    .sort();
  for (const key of [...preferred, ...extra]) {
    const item = record[key];
    if (item !== undefined) result[key] = map(item);
  }
  return result;
}

function figuresJson(figures: IndicatorFigures | undefined): FiguresJson {
  return {
    value: figures?.value ?? null,
    ytd: figures?.ytd ?? null,
    lastYearYtd: figures?.lastYearYtd ?? null,
    growth: figures?.growth ?? null,
    missingQuarters: [...(figures?.missingQuarters ?? [])],
  };
}

function nationalFiguresJson(figures: NationalFigures | undefined): NationalFiguresJson {
  return {
    ...figuresJson(figures),
    cities: figures?.cities ?? 0,
    baseCities: figures?.baseCities ?? 0,
    comparableYtd: figures?.comparableYtd ?? null,
  };
}

function targetJson(target: TargetResult): TargetJson {
  return {
    value: target.value,
    target: target.target,
    attainment: target.attainment,
    status: target.status,
    kind: target.kind,
    expected: target.expected ?? null,
    score: target.score,
    excludedFromScore: target.excludedFromScore === true,
  };
}

function cityJson(city: CityRollup, withTrend: boolean): CityJson {
  const detail = city.submissionDetail;
  return {
    code: city.code,
    name: city.name,
    province: city.province,
    batchYear: city.batchYear,
    programmeQuarter: city.programmeQuarter,
    programmeQuarters: city.programmeQuarters,
    submission: city.submission,
    submissionDetail: {
      expected: detail.expected,
      firstAcceptedAt: detail.firstAcceptedAt ?? null,
      currentUploadAt: detail.currentUploadAt ?? null,
      uploads: detail.uploads,
      rejectedUploads: detail.rejectedUploads,
      warnings: detail.warnings,
    },
    indicators: byIndicator((code) => figuresJson(city.indicators[code])),
    targets: byKey(TARGET_KEYS, city.targets, targetJson),
    agencyGrowth: {
      value: city.agencyGrowth.value,
      localAverage: city.agencyGrowth.localAverage,
      status: city.agencyGrowth.status,
    },
    fundExecutionRate: city.fundExecutionRate,
    navigationProjects: city.navigationProjects,
    score: city.score,
    rank: city.rank,
    ...(withTrend
      ? {
          trend: city.trend.map((point) => ({
            period: point.period,
            notDue: point.notDue === true,
            indicators: byIndicator((code) => figuresJson(point.indicators[code])),
          })),
        }
      : {}),
  };
}

function enterpriseJson(enterprise: TypicalEnterprise): EnterpriseJson {
  return {
    rank: enterprise.rank,
    uscc: enterprise.uscc,
    name: enterprise.name,
    city: enterprise.city,
    score: enterprise.score,
    highlights: [...enterprise.highlights],
    cityName: enterprise.cityName,
    industry: enterprise.industry ?? null,
    recommended: enterprise.recommended,
    certified: enterprise.certified,
    underCustody: enterprise.underCustody,
    recommendReason: enterprise.recommendReason ?? null,
    alsoReportedBy: [...(enterprise.alsoReportedBy ?? [])],
    values: byKey(ENTERPRISE_MEASURES, enterprise.values, (value) => value),
    percentiles: byKey(ENTERPRISE_MEASURES, enterprise.percentiles, (value) => value),
  };
}

function cityEnterprisesJson(
  all: readonly TypicalEnterprise[],
  typical: readonly TypicalEnterprise[],
): CityEnterpriseJson[] {
  const typicalCodes = new Set(typical.map((enterprise) => enterprise.uscc));
  return all.map((enterprise) => ({
    ...enterpriseJson(enterprise),
    typical: typicalCodes.has(enterprise.uscc),
  }));
}

function modelJson(model: TypicalModel): ModelJson {
  return {
    category: model.category,
    title: model.title,
    city: model.city,
    reason: model.reason,
    cityName: model.cityName,
    subject: model.subject ?? null,
    practice: model.practice,
    outcomeMetric: model.outcomeMetric ?? null,
    outcomeValue: model.outcomeValue ?? null,
    outcomeUnit: model.outcomeUnit ?? null,
    recommended: model.recommended,
  };
}

function qualityJson(entries: readonly DataQualityEntry[], period: string): ReportJson['dataQuality'] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.code, (counts.get(entry.code) ?? 0) + 1);
  const byCode: Record<string, number> = {};
  for (const code of [...counts.keys()].sort()) byCode[code] = counts.get(code) ?? 0;
  return {
    total: entries.length,
    byCode,
    entries: entries.map((entry) => ({
      city: entry.city,
      cityName: entry.cityName,
      period: entry.period ?? period,
      uploadId: entry.uploadId,
      severity: entry.severity,
      code: entry.code,
      sheet: entry.sheet,
      row: entry.row ?? null,
      column: entry.column ?? null,
      cell: entry.cell ?? null,
      value: entry.value ?? null,
      message: entry.message,
    })),
  };
}
