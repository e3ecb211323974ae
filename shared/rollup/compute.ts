/**
 * The roll-up: a pure function from the loaded input to the national and per-city results. No
 * I/O and no clock — `generatedAt` comes with the input — and every list is sorted explicitly, so
 * the same data gives the same result whatever order the stores returned it in.
 */
import { CATALOGUE_VERSION, INDICATORS, TARGETED_INDICATORS } from '../catalogue/indicators.ts';
import { DATA_SHEET_KINDS, sheetDefinition } from '../catalogue/sheets.ts';
import {
  lastQuarterOf,
  type Period,
  parseQuarter,
  type QuarterPeriod,
  quarterDeadline,
  quarterFromIndex,
  quarterIndex,
  quartersOfYear,
  tryParsePeriod,
} from '../domain/period.ts';
import { type City, programmeCovers, programmeEnd, programmeQuarterNumber } from '../domain/registry.ts';
import type { CurrentSheet, PeriodLock } from '../domain/submission.ts';
import { cityEnterpriseEntries, type EnterpriseEntry, rankEnterprises } from './enterprises.ts';
import { CityHistory } from './history.ts';
import type { CityRollupInput, RollupInput } from './input.ts';
import { type CaseCandidate, cityCaseCandidates, rankTypicalModels } from './models.ts';
import { compareText, growthPercent, median, round, sum } from './numbers.ts';
import { duplicateEnterpriseEntries, sortQualityEntries, uploadQualityEntries } from './quality.ts';
import { citySubmission } from './submission.ts';
import { AGENCY_GROWTH_TARGET, agencyGrowth, indicatorTargets, overallScore } from './targets.ts';
import type {
  CityRollup,
  DataQualityEntry,
  IndicatorFigures,
  Lineage,
  NationalFigures,
  NationalRollup,
  UploadUsed,
} from './types.ts';

/** Indicators behind the derived per-city measures (catalogue.md, 派生指标). */
const FUNDS_RECEIVED = 'E01';
const FUNDS_SPENT = 'E02';
const LOCAL_REVENUE_GROWTH = 'E04';
const NAVIGATION_PROJECTS = ['A02', 'A03'] as const;

const REPORTED_STATES = new Set(['on_time', 'late']);

/** One registry city with its data, restricted to what is current and within the period. */
interface CityContext {
  city: City;
  history: CityHistory;
  data: CityRollupInput;
  /** Current uploads of the period's quarters, by quarter code. */
  currentUploads: Map<string, Set<string>>;
}

/** What the roll-up of a period knows before reading any city: its quarters, deadline and time. */
export interface RollupFrame {
  period: Period;
  /** ISO-8601; copied to the result. */
  generatedAt: string;
  yearly: boolean;
  /** The quarter submission status is read for (a year's Q4). */
  statusQuarter: QuarterPeriod;
  statusIndex: number;
  periodQuarters: QuarterPeriod[];
  deadline: Date;
  now: Date;
  /**
   * Whether a quarter's deadline had passed when the roll-up ran. A quarter not yet due (未到期)
   * is neither missing from a YTD nor unreported in the trend.
   */
  due: (index: number) => boolean;
}

export function rollupFrame(period: Period, generatedAt: string, deadlineDays: number): RollupFrame {
  const statusQuarter = lastQuarterOf(period);
  const yearly = period.kind === 'year';
  const now = new Date(generatedAt);
  return {
    period,
    generatedAt,
    yearly,
    statusQuarter,
    statusIndex: quarterIndex(statusQuarter),
    periodQuarters: yearly ? quartersOfYear(period.year) : [statusQuarter],
    deadline: quarterDeadline(statusQuarter, deadlineDays),
    now,
    due: (index) => quarterDeadline(quarterFromIndex(index), deadlineDays).getTime() < now.getTime(),
  };
}

/**
 * One city's part of the roll-up, computed from its loaded data alone (`summariseCity`): what the
 * national step (`combineRollup`) needs of it. It keeps none of the city's sheets, and of its
 * records only its 重点企业 (quarters merged) and its candidate 典型案例.
 */
export interface CitySummary {
  city: City;
  /** The city's roll-up, `rank` still null: ranks are national. */
  rollup: CityRollup;
  enterprises: EnterpriseEntry[];
  caseCandidates: CaseCandidate[];
  /** The warnings of its current uploads of the period, and what the roll-up noticed about them. */
  quality: DataQualityEntry[];
  /**
   * The indicator values (in `INDICATORS` order, NaN where none) of each quarter up to the period
   * with a current 核心指标 sheet, by quarter index: the city's part of the national trend.
   */
  reportedQuarters: Map<number, Float64Array>;
  /** Its uploads behind current sheets up to the period (lineage), in no particular order. */
  uploads: UploadUsed[];
  /** The latest event time of those sheets, as stored. */
  dataAsOf: string | null;
}

/** The national roll-up: every registry city summarised, then combined. */
export function computeRollup(input: RollupInput): NationalRollup {
  const frame = rollupFrame(input.period, input.generatedAt, input.deadlineDays);
  const dataByCity = new Map(input.cities.map((data) => [data.city, data]));
  return combineRollup(
    frame,
    input.registry.map((city) => summariseCity(frame, city, dataByCity.get(city.code))),
    input.locks,
  );
}

/** A city's step: its summary from its own data (none: a city without any data). */
export function summariseCity(
  frame: RollupFrame,
  city: City,
  data: CityRollupInput | undefined,
): CitySummary {
  const context = cityContext(city, data, frame.statusIndex, frame.periodQuarters);
  const current = <T extends { period: string; uploadId: string }>(items: readonly T[]) =>
    items.filter((item) => context.currentUploads.get(item.period)?.has(item.uploadId));
  const { history } = context;
  const reportedQuarters = new Map<number, Float64Array>();
  for (const index of history.reportedIndexes()) {
    const values = INDICATORS.map((definition) => history.value(definition.code, index) ?? Number.NaN);
    reportedQuarters.set(index, Float64Array.from(values));
  }
  return {
    city,
    rollup: cityRollup(context, frame),
    enterprises: cityEnterpriseEntries({
      city: city.code,
      cityName: city.name,
      sheets: current(context.data.enterprises),
    }),
    caseCandidates: cityCaseCandidates({
      city: city.code,
      cityName: city.name,
      sheets: current(context.data.cases),
    }),
    quality: current(context.data.reports).flatMap((report) => uploadQualityEntries(city, report)),
    reportedQuarters,
    uploads: uploadsUsed(context),
    dataAsOf: latestEventTime(history.sheets()),
  };
}

function latestEventTime(sheets: ReadonlyArray<Pick<CurrentSheet, 'eventTime'>>): string | null {
  let latest: string | null = null;
  for (const sheet of sheets) {
    if (latest === null || Date.parse(sheet.eventTime) > Date.parse(latest)) latest = sheet.eventTime;
  }
  return latest;
}

/** The national step: ranks, aggregates, selections, trend and lineage over the cities' summaries. */
export function combineRollup(
  frame: RollupFrame,
  summaries: readonly CitySummary[],
  locks: readonly PeriodLock[],
): NationalRollup {
  const { period, periodQuarters, due } = frame;
  const byCode = [...summaries].sort((a, b) => compareText(a.city.code, b.city.code));
  const cities = byCode.map((summary) => summary.rollup);
  rankCities(cities);
  const aggregates = cityAggregates(cities);
  const enterprises = rankEnterprises(
    byCode.map((summary) => ({ city: summary.city.code, entries: summary.enterprises })),
  );
  return {
    period: period.code,
    periodKind: period.kind,
    generatedAt: frame.generatedAt,
    deadline: frame.deadline.toISOString(),
    notDueQuarters: periodQuarters
      .filter((quarter) => !due(quarterIndex(quarter)))
      .map((quarter) => quarter.code),
    completeness: aggregates.completeness,
    national: aggregates.national,
    targetsMet: aggregates.targetsMet,
    median: aggregates.median,
    cities,
    typicalEnterprises: enterprises.national,
    typicalEnterprisesByCity: enterprises.byCity,
    enterprisesByCity: enterprises.allByCity,
    typicalModels: rankTypicalModels(byCode.flatMap((summary) => summary.caseCandidates)),
    dataQuality: sortQualityEntries([
      ...byCode.flatMap((summary) => summary.quality),
      ...duplicateEnterpriseEntries(enterprises.duplicates),
    ]),
    nationalTrend: nationalTrend(byCode, frame),
    lineage: lineage(byCode, frame, locks),
  };
}

/**
 * What a set of cities adds up to (the nation, or a province): completeness over the cities the
 * programme expects, the sum (median for rates) of each indicator over the reporting cities with
 * like-for-like growth, the median, and how many meet each target.
 */
export function cityAggregates(
  cities: readonly CityRollup[],
): Pick<NationalRollup, 'completeness' | 'national' | 'median' | 'targetsMet'> {
  const reportingRollups = cities.filter((city) => REPORTED_STATES.has(city.submission));
  const national: Record<string, NationalFigures> = {};
  const medians: Record<string, number | null> = {};
  for (const definition of INDICATORS) {
    const members = reportingRollups
      .map((city) => city.indicators[definition.code] as IndicatorFigures)
      .filter((figures) => figures.value !== null);
    national[definition.code] = nationalFigures(members, definition.aggregation === 'rate');
    medians[definition.code] = median(members.map((figures) => figures.value as number));
  }
  const expected = cities.filter((city) => city.submissionDetail.expected);
  const count = (state: string) => expected.filter((city) => city.submission === state).length;
  const reportedExpected = count('on_time') + count('late');
  return {
    completeness: {
      expected: expected.length,
      reported: reportedExpected,
      onTime: count('on_time'),
      late: count('late'),
      notReported: count('not_reported'),
      rejectedOnly: count('rejected_only'),
      notDue: count('not_due'),
      // Before the deadline (some city not yet due) there is no rate yet: only the counts so far.
      rate:
        expected.length > 0 && count('not_due') === 0
          ? round((reportedExpected / expected.length) * 100, 2)
          : null,
    },
    national,
    median: medians,
    targetsMet: targetsMet(reportingRollups),
  };
}

function cityContext(
  city: City,
  data: CityRollupInput | undefined,
  statusIndex: number,
  periodQuarters: readonly QuarterPeriod[],
): CityContext {
  const cityData = data ?? {
    city: city.code,
    current: [],
    uploads: [],
    enterprises: [],
    cases: [],
    reports: [],
  };
  const history = new CityHistory(cityData.current, statusIndex);
  const currentUploads = new Map<string, Set<string>>();
  for (const quarter of periodQuarters) {
    const index = quarterIndex(quarter);
    const ids = new Set<string>();
    for (const kind of DATA_SHEET_KINDS) {
      const sheet = history.sheet(index, kind);
      if (sheet) ids.add(sheet.uploadId);
    }
    currentUploads.set(quarter.code, ids);
  }
  return { city, history, data: cityData, currentUploads };
}

function cityRollup(context: CityContext, frame: RollupFrame): CityRollup {
  const { city, history, data, currentUploads } = context;
  const { statusQuarter, statusIndex, yearly, deadline, now, due } = frame;
  const indicators = indicatorFigures(history, statusQuarter, yearly, due);

  const start = quarterIndex(parseQuarter(city.programmeStart));
  const elapsed = Math.min(Math.max(statusIndex - start + 1, 0), city.programmeQuarters);
  const targets = indicatorTargets(city, indicators, { elapsed, total: city.programmeQuarters });
  const agencies = agencyGrowth(
    history.sheet(statusIndex, 'agencies')?.aggregates.agencies,
    indicators[LOCAL_REVENUE_GROWTH]?.ytd ?? null,
  );
  targets[AGENCY_GROWTH_TARGET] = agencies.target;

  const statusUploads = currentUploads.get(statusQuarter.code) ?? new Set<string>();
  const submissionDetail = citySubmission({
    core: history.sheet(statusIndex, 'core'),
    uploads: data.uploads.filter((upload) => upload.period === statusQuarter.code),
    reports: data.reports.filter(
      (report) => report.period === statusQuarter.code && statusUploads.has(report.uploadId),
    ),
    deadline,
    now,
    expected: programmeCovers(city, statusQuarter),
  });
  const reported = REPORTED_STATES.has(submissionDetail.submission);

  const ytd = (code: string) => indicators[code]?.ytd ?? null;
  const fundsReceived = ytd(FUNDS_RECEIVED);
  const fundsSpent = ytd(FUNDS_SPENT);
  const navigation = NAVIGATION_PROJECTS.map(ytd);

  const trendEnd = Math.min(statusIndex, quarterIndex(programmeEnd(city)));
  const trend: CityRollup['trend'] = [];
  for (let index = start; index <= trendEnd; index++) {
    const quarter = quarterFromIndex(index);
    trend.push({
      period: quarter.code,
      indicators: indicatorFigures(history, quarter, false, due),
      ...(due(index) ? {} : { notDue: true as const }),
    });
  }

  return {
    code: city.code,
    name: city.name,
    province: city.province,
    batchYear: city.batchYear,
    programmeQuarter: programmeQuarterNumber(city, statusQuarter) ?? null,
    programmeQuarters: city.programmeQuarters,
    submission: submissionDetail.submission,
    submissionDetail,
    indicators,
    targets,
    agencyGrowth: { value: agencies.value, localAverage: agencies.localAverage, status: agencies.status },
    fundExecutionRate:
      fundsReceived !== null && fundsSpent !== null && fundsReceived > 0
        ? round((fundsSpent / fundsReceived) * 100, 2)
        : null,
    navigationProjects: navigation.every((value) => value !== null) ? sum(navigation as number[]) : null,
    score: reported ? overallScore(targets) : null,
    rank: null,
    trend,
    uploadIds: [...new Set([...currentUploads.values()].flatMap((ids) => [...ids]))].sort(compareText),
  };
}

/** Each indicator's figures; quarters not yet due are not listed as missing. */
function indicatorFigures(
  history: CityHistory,
  quarter: QuarterPeriod,
  yearly: boolean,
  due: (index: number) => boolean,
): Record<string, IndicatorFigures> {
  const figures = indicatorRecord<IndicatorFigures>();
  for (const definition of INDICATORS) {
    const { missingQuarters, ...rest } = history.figures(definition, quarter.year, quarter.quarter, yearly);
    const missing = (missingQuarters ?? []).filter((code) => due(quarterIndex(parseQuarter(code))));
    figures[definition.code] = { ...rest, ...(missing.length > 0 ? { missingQuarters: missing } : {}) };
  }
  return figures;
}

/**
 * A record with a property for every indicator (null until set), in catalogue order. Built key by
 * key, V8 turns a record of all the indicators into a hash table (about 1.6 KB each: 12.8 MB of
 * the 60 MB a 1,000-city roll-up holds, measured in its heap); a copy of a record parsed from JSON
 * keeps the compact layout of its fields (about 0.3 KB).
 */
function indicatorRecord<T>(): Record<string, T> {
  return { ...INDICATOR_RECORD } as Record<string, T>;
}

const INDICATOR_RECORD: Record<string, null> = JSON.parse(
  JSON.stringify(Object.fromEntries(INDICATORS.map((definition) => [definition.code, null]))),
);

/** Ranks the scored cities: highest score first, ties by city code. */
function rankCities(cities: CityRollup[]): void {
  const scored = cities
    .filter((city) => city.score !== null)
    .sort((a, b) => (b.score as number) - (a.score as number) || compareText(a.code, b.code));
  scored.forEach((city, index) => {
    city.rank = index + 1;
  });
}

/**
 * Sum (median for rates) over the cities with a value. Growth is like for like (同口径): this
 * year's YTD over the cities that also have last year's, against last year's over the same cities.
 */
function nationalFigures(members: readonly IndicatorFigures[], rate: boolean): NationalFigures {
  const aggregate = (values: number[]) => (values.length === 0 ? null : rate ? median(values) : sum(values));
  const withBase = members.filter((figures) => figures.lastYearYtd !== null && figures.ytd !== null);
  const comparableYtd = aggregate(withBase.map((figures) => figures.ytd as number));
  const lastYearYtd = aggregate(withBase.map((figures) => figures.lastYearYtd as number));
  return {
    value: aggregate(members.map((figures) => figures.value as number)),
    ytd: aggregate(members.filter((figures) => figures.ytd !== null).map((figures) => figures.ytd as number)),
    lastYearYtd,
    growth: growthPercent(comparableYtd, lastYearYtd),
    cities: members.length,
    baseCities: withBase.length,
    comparableYtd,
  };
}

function targetsMet(reporting: readonly CityRollup[]): NationalRollup['targetsMet'] {
  const met: NationalRollup['targetsMet'] = {};
  for (const key of [...TARGETED_INDICATORS.map((definition) => definition.code), AGENCY_GROWTH_TARGET]) {
    const statuses = reporting.map((city) => city.targets[key]?.status);
    met[key] = {
      met: statuses.filter((status) => status === '达标').length,
      onTrack: statuses.filter((status) => status === '进度正常').length,
      total: reporting.length,
    };
  }
  return met;
}

/**
 * Each quarter's national value (sum, or median for rates, over the cities that reported that
 * quarter) from the earliest quarter any city reported up to the period, for every indicator.
 */
function nationalTrend(
  summaries: readonly CitySummary[],
  { statusIndex, due }: RollupFrame,
): NationalRollup['nationalTrend'] {
  const start = Math.min(
    statusIndex,
    ...summaries.flatMap((summary) => [...summary.reportedQuarters.keys()]),
  );
  const trend: NationalRollup['nationalTrend'] = [];
  for (let index = start; index <= statusIndex; index++) {
    const reporting = summaries
      .map((summary) => summary.reportedQuarters.get(index))
      .filter((values): values is Float64Array => values !== undefined);
    const values: Record<string, number | null> = {};
    INDICATORS.forEach((definition, position) => {
      const reported = reporting
        .map((cityValues) => cityValues[position] as number)
        .filter((value) => !Number.isNaN(value));
      values[definition.code] =
        reported.length === 0 ? null : definition.aggregation === 'rate' ? median(reported) : sum(reported);
    });
    const quarter = quarterFromIndex(index);
    const expected = summaries.filter((summary) => programmeCovers(summary.city, quarter)).length;
    trend.push({
      period: quarter.code,
      values,
      cities: reporting.length,
      expected,
      ...(due(index) ? {} : { notDue: true as const }),
    });
  }
  return trend;
}

/** Each upload behind a city's current sheets, with the file name and state where its record was read. */
function uploadsUsed({ city, history, data }: CityContext): UploadUsed[] {
  const records = new Map(data.uploads.map((upload) => [upload.uploadId, upload]));
  const byUpload = new Map<string, UploadUsed>();
  for (const sheet of history.sheets()) {
    let entry = byUpload.get(sheet.uploadId);
    if (!entry) {
      const record = records.get(sheet.uploadId);
      entry = {
        uploadId: sheet.uploadId,
        city: city.code,
        cityName: city.name,
        period: sheet.period,
        ...(record ? { fileName: record.fileName, status: record.status } : {}),
        uploadedAt: record?.eventTime ?? sheet.eventTime,
        sheets: [],
      };
      byUpload.set(sheet.uploadId, entry);
    }
    entry.sheets.push(sheet.kind);
  }
  const used = [...byUpload.values()];
  for (const entry of used) {
    // Sheet names in template order, whatever order the store returned the sheets in.
    const kinds = new Set(entry.sheets);
    entry.sheets = DATA_SHEET_KINDS.filter((kind) => kinds.has(kind)).map(
      (kind) => sheetDefinition(kind).name,
    );
  }
  return used;
}

/** What the report was built from: every current sheet up to the period, and the locks in force. */
function lineage(
  summaries: readonly CitySummary[],
  { period, periodQuarters }: RollupFrame,
  locks: readonly PeriodLock[],
): Lineage {
  const dataAsOf = latestEventTime(
    summaries.flatMap((summary) => (summary.dataAsOf === null ? [] : [{ eventTime: summary.dataAsOf }])),
  );
  const uploads = summaries
    .flatMap((summary) => summary.uploads)
    .sort(
      (a, b) =>
        compareText(a.city, b.city) ||
        compareText(a.period, b.period) ||
        compareText(a.uploadedAt, b.uploadedAt) ||
        compareText(a.uploadId, b.uploadId),
    );
  const periods = new Set([period.code, ...periodQuarters.map((quarter) => quarter.code)]);
  const cityCodes = new Set(summaries.map((summary) => summary.city.code));
  return {
    dataAsOf: dataAsOf === null ? null : new Date(dataAsOf).toISOString(),
    uploadIds: [...new Set(uploads.map((upload) => upload.uploadId))].sort(compareText),
    uploads,
    catalogueVersion: CATALOGUE_VERSION,
    locks: locks
      .filter((lock) => periods.has(tryParsePeriod(lock.period)?.code ?? lock.period))
      .filter((lock) => lock.city === '*' || cityCodes.has(lock.city))
      .map(({ period, city, lockedAt }) => ({ period, city, lockedAt }))
      .sort(
        (a, b) =>
          compareText(a.period, b.period) ||
          compareText(a.city, b.city) ||
          compareText(a.lockedAt, b.lockedAt),
      ),
  };
}
