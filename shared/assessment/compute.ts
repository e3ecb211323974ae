/**
 * The performance assessment (绩效评价, `assessment.md`), a pure function of current accepted
 * data: no I/O, no clock. Every number is rounded to 2 decimals where it is shown, and the next
 * step uses the number as shown (a CAGR's score is computed from the CAGR printed), so that an
 * analyst recomputing by hand from the workbook gets the same result.
 *
 * Rules the spec leaves open, as implemented:
 * - the window is the assessed year's programme quarters, plus the base year's quarters when the
 *   base comes from reported data (no registry `baseline`); its missing and late quarters are
 *   listed, late meaning the first accepted 核心指标 arrived after the deadline;
 * - a stock's value is its Q4 value; Q4 not reported → 无数据 (dropped), never an earlier quarter;
 * - a base year taken from reported data that misses a quarter has no base → 无基期数据;
 * - a city with no scorable target at all gets no score, no grade and no rank, and the
 *   recommendation to withhold the funds until the data is reported;
 * - warnings count as 已说明 when the issue carries an `explanation`; a report whose listing was
 *   cut counts its unlisted warnings as 待说明.
 */
import { findIndicator } from '../catalogue/indicators.ts';
import {
  parseQuarter,
  type QuarterPeriod,
  quarterDeadline,
  quarterIndex,
  quarterPeriod,
  quartersOfYear,
} from '../domain/period.ts';
import { type City, programmeCovers, programmeEnd, targetFor } from '../domain/registry.ts';
import { CityHistory } from '../rollup/history.ts';
import type { UploadWarnings } from '../rollup/input.ts';
import { compareText, growthPercent, round, sum } from '../rollup/numbers.ts';
import { isPendingExplanation } from '../validation/explanationState.ts';
import { AGENCY_GROWTH, FUND_EXECUTION, GROWTH_CODES, gradeFor, PROGRAMME_CODES } from './config.ts';
import type {
  AgencyGrowthAssessment,
  Assessment,
  AssessmentInput,
  CityAssessment,
  CityAssessmentInput,
  Exclusion,
  FundExecutionAssessment,
  GrowthAssessment,
  ProgrammeAssessment,
  TargetAssessment,
} from './types.ts';

export const RELEASE = '建议拨付剩余资金';
export const WITHHOLD = '建议暂缓拨付、限期整改';
export const NO_DATA = '无可评价的数据：建议暂缓拨付、限期补报';

export function computeAssessment(input: AssessmentInput): Assessment {
  const dataByCity = new Map(input.data.map((data) => [data.city, data]));
  const cities = [...input.cities]
    .filter((city) => city.batchYear === input.batch)
    .sort((a, b) => compareText(a.code, b.code))
    .map((city) =>
      assessCity(city, dataByCity.get(city.code) ?? { city: city.code, current: [], reports: [] }, input),
    );
  rank(cities);
  const used = cities.flatMap((city) => city.used);
  const uploadIds = [...new Set(used.map((sheet) => sheet.uploadId))].sort(compareText);
  const dataAsOf = used.map((sheet) => sheet.eventTime).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  return {
    batch: input.batch,
    year: input.year,
    generatedAt: input.generatedAt,
    dataAsOf: dataAsOf ?? null,
    deadlineDays: input.deadlineDays,
    method: input.config,
    cities: cities.map(({ used: _used, ...city }) => city),
    uploadIds,
  };
}

/** The first calendar year whose four quarters are all inside the programme (基期为项目首年). */
export function firstFullProgrammeYear(city: City): number | null {
  const start = parseQuarter(city.programmeStart);
  const year = start.quarter === 1 ? start.year : start.year + 1;
  return quarterIndex(quarterPeriod(year, 4)) <= quarterIndex(programmeEnd(city)) ? year : null;
}

/** Programme quarters up to and including Q4 of `year`, clamped to 0…n. */
export function elapsedQuarters(city: City, year: number): number {
  const elapsed = quarterIndex(quarterPeriod(year, 4)) - quarterIndex(parseQuarter(city.programmeStart)) + 1;
  return Math.max(0, Math.min(city.programmeQuarters, elapsed));
}

/** The quarters whose data an assessment of `year` reads for the city. */
export function assessmentWindow(city: City, year: number): QuarterPeriod[] {
  const base = city.baseline ? null : firstFullProgrammeYear(city);
  const years = base !== null && base < year ? [base, year] : [year];
  return years.flatMap((y) => quartersOfYear(y)).filter((quarter) => programmeCovers(city, quarter));
}

type Working = CityAssessment & { used: Array<{ uploadId: string; eventTime: string }> };

function assessCity(city: City, data: CityAssessmentInput, input: AssessmentInput): Working {
  const { year, config } = input;
  const k = elapsedQuarters(city, year);
  const q4 = quarterIndex(quarterPeriod(year, 4));
  const history = new CityHistory(data.current, q4);
  const window = assessmentWindow(city, year);
  const windowCodes = new Set(window.map((quarter) => quarter.code));
  const used = history
    .sheets()
    .filter((sheet) => windowCodes.has(sheet.period))
    .map(({ uploadId, eventTime }) => ({ uploadId, eventTime }));

  const targets: Record<string, ProgrammeAssessment | GrowthAssessment> = {};
  for (const code of PROGRAMME_CODES)
    targets[code] = programmeTarget(
      history.value(code, q4),
      targetFor(city, code) ?? 0,
      k,
      city.programmeQuarters,
    );
  for (const code of GROWTH_CODES) targets[code] = growthTarget(city, code, year, history);
  const agencyGrowth = agencyTarget(history, q4);
  const fundExecution = fundTarget(history, q4);

  const all: Record<string, TargetAssessment> = {
    ...targets,
    [AGENCY_GROWTH]: agencyGrowth,
    [FUND_EXECUTION]: fundExecution,
  };
  const weightsUsed = Object.entries(all)
    .filter(([, target]) => target.score !== null)
    .reduce((total, [key]) => total + (config.weights[key] ?? 0), 0);
  let points = 0;
  for (const [key, target] of Object.entries(all)) {
    target.weight = config.weights[key] ?? 0;
    target.effectiveWeight =
      target.score === null || weightsUsed === 0 ? 0 : round((target.weight / weightsUsed) * 100, 2);
    if (target.score !== null) points += target.weight * target.score;
  }
  const assessed = k > 0;
  const score = assessed && weightsUsed > 0 ? round(points / weightsUsed, 2) : null;
  const grade = score === null ? null : gradeFor(score, config.grades);
  const received = fundExecution.received;
  const fundingApproved = city.fundingApproved ?? null;
  const deadlineMissed = window.filter((quarter) => {
    const core = history.sheet(quarterIndex(quarter), 'core');
    const acceptedAt = core ? core.firstAcceptedAt || core.eventTime : undefined;
    return (
      acceptedAt !== undefined &&
      Date.parse(acceptedAt) > quarterDeadline(quarter, input.deadlineDays).getTime()
    );
  });
  const reports = data.reports.filter((report) => windowCodes.has(report.period));
  return {
    code: city.code,
    name: city.name,
    province: city.province,
    assessed,
    ...(assessed ? {} : { notAssessedReason: `项目于 ${city.programmeStart} 开始，${year} 年末尚未开始` }),
    programmeStart: city.programmeStart,
    k,
    n: city.programmeQuarters,
    window: window.map((quarter) => quarter.code),
    targets,
    agencyGrowth,
    fundExecution,
    score,
    grade,
    rank: null,
    recommendation: !assessed
      ? '不参加本年度评价'
      : grade === null
        ? NO_DATA
        : grade === '不合格'
          ? WITHHOLD
          : RELEASE,
    fundingApproved,
    fundsToRelease:
      fundingApproved === null || received === null
        ? null
        : round(Math.max(0, fundingApproved - received), 4),
    excludedTargets: Object.entries(all)
      .filter(([, target]) => target.excluded !== undefined)
      .map(([key]) => key),
    missingQuarters: window.filter((quarter) => !history.reported(quarterIndex(quarter))).map((q) => q.code),
    lateQuarters: deadlineMissed.map((quarter) => quarter.code),
    unexplainedWarnings: reports.reduce((total, report) => total + unexplained(report), 0),
    warnings: reports.reduce((total, report) => total + report.warningCount, 0),
    used: assessed ? used : [],
  };
}

const unscored = { weight: 0, effectiveWeight: 0 };

function programmeTarget(value: number | null, target: number, k: number, n: number): ProgrammeAssessment {
  const expected = (target * k) / n;
  const base = { kind: 'programme', target, expected: round(expected, 2), ...unscored } as const;
  if (value === null)
    return {
      ...base,
      value,
      completion: null,
      score: null,
      excluded: '无数据',
      note: '第四季度未报送该指标',
    };
  return {
    ...base,
    value,
    completion: target > 0 ? round((value / target) * 100, 2) : null,
    score: expected > 0 ? round(Math.min(100, (value / expected) * 100), 2) : 100,
  };
}

function growthTarget(city: City, code: string, year: number, history: CityHistory): GrowthAssessment {
  const target = targetFor(city, code) ?? 0;
  const baseYear = city.baseline ? city.baseline.year : firstFullProgrammeYear(city);
  const baseSource = city.baseline ? 'baseline' : 'firstProgrammeYear';
  const current = yearlyValue(history, code, year);
  const excluded = (exclusion: Exclusion, note: string, extra: Partial<GrowthAssessment> = {}) =>
    ({
      kind: 'growth',
      baseYear,
      baseSource,
      baseValue: null,
      value: current.value,
      years: null,
      cagr: null,
      target,
      score: null,
      excluded: exclusion,
      note,
      ...unscored,
      ...extra,
    }) satisfies GrowthAssessment;
  if (baseYear === null) return excluded('无基期数据', '项目期内没有完整的自然年，且名录未提供基期数据');
  if (year <= baseYear)
    return excluded(
      '无基期数据',
      baseSource === 'firstProgrammeYear'
        ? `基期为项目首年（${baseYear}），评价年度不晚于基期，无法计算年均增幅`
        : `评价年度不晚于基期 ${baseYear}`,
    );
  if (current.value === null)
    return excluded('不完整', `${year} 年缺报 ${current.missing.join('、')}，年度值不完整`, {
      missingQuarters: current.missing,
    });
  let baseValue: number | null;
  let baseNote: string;
  if (city.baseline) {
    baseValue = city.baseline.values[code] ?? null;
    baseNote = `基期 ${baseYear}（城市名录）`;
    if (baseValue === null) return excluded('无基期数据', `城市名录的基期数据没有 ${code}`);
  } else {
    const base = yearlyValue(history, code, baseYear);
    if (base.value === null)
      return excluded('无基期数据', `基期为项目首年（${baseYear}），该年缺报 ${base.missing.join('、')}`, {
        missingQuarters: base.missing,
      });
    baseValue = base.value;
    baseNote = `基期为项目首年（${baseYear}）`;
  }
  if (!(baseValue > 0)) return excluded('无基期数据', `基期值为 ${baseValue}，无法计算增幅`, { baseValue });
  const years = year - baseYear;
  const cagr = round(((current.value / baseValue) ** (1 / years) - 1) * 100, 2);
  return {
    kind: 'growth',
    baseYear,
    baseSource,
    baseValue,
    value: current.value,
    years,
    cagr,
    target,
    score: target > 0 ? round(Math.min(100, Math.max(0, (cagr / target) * 100)), 2) : 100,
    note: baseNote,
    ...unscored,
  };
}

/** A flow's yearly value: the sum of the four quarters, or null with the quarters that are missing. */
function yearlyValue(
  history: CityHistory,
  code: string,
  year: number,
): { value: number | null; missing: string[] } {
  const values: number[] = [];
  const missing: string[] = [];
  for (const quarter of quartersOfYear(year)) {
    const value = history.value(code, quarterIndex(quarter));
    if (value === null) missing.push(quarter.code);
    else values.push(value);
  }
  return missing.length > 0 ? { value: null, missing } : { value: sum(values), missing };
}

function agencyTarget(history: CityHistory, q4: number): AgencyGrowthAssessment {
  const agencies = history.sheet(q4, 'agencies')?.aggregates.agencies;
  const value = agencies
    ? growthPercent(agencies.qualifyingRevenueYtdWithBase, agencies.qualifyingRevenueSamePeriodLastYear)
    : null;
  const localAverage = history.value('E04', q4);
  const base = { kind: 'agencyGrowth', value, localAverage, ...unscored } as const;
  if (value === null || localAverage === null) {
    return {
      ...base,
      score: null,
      excluded: '无数据',
      note: value === null ? '第四季度没有可比的运营机构营收（运营机构表）' : '第四季度未报送 E04',
    };
  }
  return { ...base, score: value > localAverage ? 100 : 0 };
}

function fundTarget(history: CityHistory, q4: number): FundExecutionAssessment {
  const received = history.value('E01', q4);
  const spent = history.value('E02', q4);
  const base = { kind: 'fundExecution', received, spent, ...unscored } as const;
  if (received === null || spent === null || !(received > 0)) {
    return {
      ...base,
      rate: null,
      score: null,
      excluded: '无数据',
      note: received === null || spent === null ? '第四季度未报送 E01 或 E02' : 'E01 为 0，无法计算执行率',
    };
  }
  const rate = round((spent / received) * 100, 2);
  return { ...base, rate, score: Math.min(100, Math.max(0, rate)) };
}

/** Verification warnings the city has not explained (待说明); other warnings ask for no explanation. */
function unexplained(report: UploadWarnings): number {
  return report.pendingExplanations ?? report.warnings.filter(isPendingExplanation).length;
}

/** Rank within the batch by score (ties: city code); cities without a score have no rank. */
function rank(cities: Working[]): void {
  const scored = cities
    .filter((city) => city.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number) || compareText(a.code, b.code));
  scored.forEach((city, index) => {
    city.rank = index + 1;
  });
}

/** The indicator's name for a target key (used by the workbook and CLI). */
export function assessmentTargetName(key: string): string {
  if (key === AGENCY_GROWTH) return '运营机构营收增幅高于当地企业平均增幅';
  if (key === FUND_EXECUTION) return '中央财政资金执行率（E02 / E01）';
  return findIndicator(key)?.name ?? key;
}
