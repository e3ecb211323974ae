/**
 * The roll-up: a pure function from the loaded input to the national and per-city results. No
 * I/O and no clock — `generatedAt` comes with the input — and every list is sorted explicitly, so
 * the same data gives the same result whatever order the stores returned it in.
 */
import { CATALOGUE_VERSION, INDICATORS, TARGETED_INDICATORS } from '../catalogue/indicators.ts';
import { DATA_SHEET_KINDS, sheetDefinition } from '../catalogue/sheets.ts';
import {
  lastQuarterOf,
  parseQuarter,
  type QuarterPeriod,
  quarterDeadline,
  quarterFromIndex,
  quarterIndex,
  quartersOfYear,
  tryParsePeriod,
} from '../domain/period.ts';
import { type City, programmeCovers, programmeEnd, programmeQuarterNumber } from '../domain/registry.ts';
import { selectTypicalEnterprises } from './enterprises.ts';
import { CityHistory } from './history.ts';
import type { CityRollupInput, RollupInput } from './input.ts';
import { selectTypicalModels } from './models.ts';
import { compareText, growthPercent, median, round, sum } from './numbers.ts';
import { duplicateEnterpriseEntries, sortQualityEntries, uploadQualityEntries } from './quality.ts';
import { citySubmission } from './submission.ts';
import { AGENCY_GROWTH_TARGET, agencyGrowth, indicatorTargets, overallScore } from './targets.ts';
import type {
  CityRollup,
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

export function computeRollup(input: RollupInput): NationalRollup {
  const { period } = input;
  const yearly = period.kind === 'year';
  const statusQuarter = lastQuarterOf(period);
  const statusIndex = quarterIndex(statusQuarter);
  const periodQuarters = yearly ? quartersOfYear(period.year) : [statusQuarter];
  const deadline = quarterDeadline(statusQuarter, input.deadlineDays);

  const dataByCity = new Map(input.cities.map((data) => [data.city, data]));
  const contexts = [...input.registry]
    .sort((a, b) => compareText(a.code, b.code))
    .map((city) => cityContext(city, dataByCity.get(city.code), statusIndex, periodQuarters));

  const now = new Date(input.generatedAt);
  // A quarter whose deadline has not passed when the roll-up runs is not yet due (未到期): it is
  // neither missing from a YTD nor unreported in the trend.
  const due = (index: number) =>
    quarterDeadline(quarterFromIndex(index), input.deadlineDays).getTime() < now.getTime();
  const cities = contexts.map((context) =>
    cityRollup(context, statusQuarter, yearly, { deadline, now, due }),
  );
  rankCities(cities);
  const aggregates = cityAggregates(cities);

  const enterprises = selectTypicalEnterprises(
    contexts.map(({ city, data, currentUploads }) => ({
      city: city.code,
      cityName: city.name,
      sheets: data.enterprises.filter((sheet) => currentUploads.get(sheet.period)?.has(sheet.uploadId)),
    })),
  );
  const typicalModels = selectTypicalModels(
    contexts.map(({ city, data, currentUploads }) => ({
      city: city.code,
      cityName: city.name,
      sheets: data.cases.filter((sheet) => currentUploads.get(sheet.period)?.has(sheet.uploadId)),
    })),
  );

  return {
    period: period.code,
    periodKind: period.kind,
    generatedAt: input.generatedAt,
    deadline: deadline.toISOString(),
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
    typicalModels,
    dataQuality: sortQualityEntries([
      ...contexts.flatMap(({ city, data, currentUploads }) =>
        data.reports
          .filter((report) => currentUploads.get(report.period)?.has(report.uploadId))
          .flatMap((report) => uploadQualityEntries(city, report)),
      ),
      ...duplicateEnterpriseEntries(enterprises.duplicates),
    ]),
    nationalTrend: nationalTrend(contexts, statusIndex, due),
    lineage: lineage(contexts, input, periodQuarters),
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

function cityRollup(
  context: CityContext,
  statusQuarter: QuarterPeriod,
  yearly: boolean,
  { deadline, now, due }: { deadline: Date; now: Date; due: (index: number) => boolean },
): CityRollup {
  const { city, history, data, currentUploads } = context;
  const statusIndex = quarterIndex(statusQuarter);
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
  const figures: Record<string, IndicatorFigures> = {};
  for (const definition of INDICATORS) {
    const { missingQuarters, ...rest } = history.figures(definition, quarter.year, quarter.quarter, yearly);
    const missing = (missingQuarters ?? []).filter((code) => due(quarterIndex(parseQuarter(code))));
    figures[definition.code] = { ...rest, ...(missing.length > 0 ? { missingQuarters: missing } : {}) };
  }
  return figures;
}

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
  contexts: readonly CityContext[],
  statusIndex: number,
  due: (index: number) => boolean,
): NationalRollup['nationalTrend'] {
  const firsts = contexts
    .map((context) => context.history.firstReportedIndex())
    .filter((index): index is number => index !== undefined);
  const start = Math.min(statusIndex, ...firsts);
  const trend: NationalRollup['nationalTrend'] = [];
  for (let index = start; index <= statusIndex; index++) {
    const reporting = contexts.filter((context) => context.history.reported(index));
    const values: Record<string, number | null> = {};
    for (const definition of INDICATORS) {
      const reported = reporting
        .map((context) => context.history.value(definition.code, index))
        .filter((value): value is number => value !== null);
      values[definition.code] =
        reported.length === 0 ? null : definition.aggregation === 'rate' ? median(reported) : sum(reported);
    }
    const quarter = quarterFromIndex(index);
    const expected = contexts.filter((context) => programmeCovers(context.city, quarter)).length;
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

/** What the report was built from: every current sheet up to the period, and the locks in force. */
/** Each upload behind the current sheets, with the file name and state where its record was read. */
function uploadsUsed(contexts: readonly CityContext[]): UploadUsed[] {
  const used: UploadUsed[] = [];
  for (const { city, history, data } of contexts) {
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
    for (const entry of byUpload.values()) {
      // Sheet names in template order, whatever order the store returned the sheets in.
      const kinds = new Set(entry.sheets);
      entry.sheets = DATA_SHEET_KINDS.filter((kind) => kinds.has(kind)).map(
        (kind) => sheetDefinition(kind).name,
      );
      used.push(entry);
    }
  }
  return used.sort(
    (a, b) =>
      compareText(a.city, b.city) ||
      compareText(a.period, b.period) ||
      compareText(a.uploadedAt, b.uploadedAt) ||
      compareText(a.uploadId, b.uploadId),
  );
}

function lineage(
  contexts: readonly CityContext[],
  input: RollupInput,
  periodQuarters: readonly QuarterPeriod[],
): Lineage {
  const sheets = contexts.flatMap((context) => context.history.sheets());
  let dataAsOf: string | null = null;
  for (const sheet of sheets) {
    if (dataAsOf === null || Date.parse(sheet.eventTime) > Date.parse(dataAsOf)) dataAsOf = sheet.eventTime;
  }
  const periods = new Set([input.period.code, ...periodQuarters.map((quarter) => quarter.code)]);
  const cityCodes = new Set(contexts.map((context) => context.city.code));
  return {
    dataAsOf: dataAsOf === null ? null : new Date(dataAsOf).toISOString(),
    uploadIds: [...new Set(sheets.map((sheet) => sheet.uploadId))].sort(compareText),
    uploads: uploadsUsed(contexts),
    catalogueVersion: CATALOGUE_VERSION,
    locks: input.locks
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
