/**
 * The assessment use case: read the configuration and, through the ports, the current accepted
 * data of every city of the batch; compute; publish the workbook and JSON and merge them into
 * `reports/index.json`. Which (batch, year) pairs a run covers is decided here as well.
 */
import { DEFAULT_DEADLINE_DAYS, latestDueQuarter, quarterPeriod } from '../domain/period.ts';
import { type City, programmeCovers } from '../domain/registry.ts';
import { reportKeys } from '../domain/uploadKey.ts';
import { type CurrentData, ObjectNotFoundError, type ObjectStore } from '../ports.ts';
import { writeAssessmentWorkbook } from '../reports/assessmentWorkbook.ts';
import { type PublishedReport, putReport, updateIndex } from '../reports/publish.ts';
import { mapWithConcurrency } from '../rollup/concurrency.ts';
import { CITY_CONCURRENCY, readWarnings } from '../rollup/load.ts';
import { assessmentJson, serialiseAssessmentJson } from './assessmentJson.ts';
import { assessmentWindow, computeAssessment } from './compute.ts';
import {
  ASSESSMENT_CONFIG_KEY,
  type AssessmentConfig,
  DEFAULT_ASSESSMENT_CONFIG,
  parseAssessmentConfig,
} from './config.ts';
import { AssessmentRequestError } from './errors.ts';
import type { Assessment, AssessmentInput, CityAssessmentInput } from './types.ts';

export interface AssessDeps {
  current: CurrentData;
  objects: ObjectStore;
  registry: readonly City[];
  deadlineDays: number;
  now?: () => Date;
  log?: { info(message: string, ...extra: unknown[]): void };
}

export interface AssessmentSummary {
  batch: number;
  year: number;
  generatedAt: string;
  cities: Array<
    Pick<Assessment['cities'][number], 'code' | 'name' | 'score' | 'grade' | 'rank' | 'recommendation'>
  >;
  reports: PublishedReport[];
}

/** `config/assessment.json`, or the spec's defaults when there is none. */
export async function loadAssessmentConfig(
  objects: ObjectStore,
  key = ASSESSMENT_CONFIG_KEY,
): Promise<AssessmentConfig> {
  let text: string;
  try {
    text = await objects.getText(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return DEFAULT_ASSESSMENT_CONFIG;
    throw error;
  }
  return parseAssessmentConfig(text, key);
}

export async function loadAssessmentInput(
  batch: number,
  year: number,
  deps: AssessDeps,
  options: { generatedAt: Date; config: AssessmentConfig },
): Promise<AssessmentInput> {
  const cities = deps.registry.filter((city) => city.batchYear === batch);
  const data = await mapWithConcurrency(
    cities,
    CITY_CONCURRENCY,
    async (city): Promise<CityAssessmentInput> => {
      const current = await deps.current.listCurrent(city.code);
      const window = new Set(assessmentWindow(city, year).map((quarter) => quarter.code));
      const uploads = new Map<string, { period: string; uploadId: string }>();
      for (const sheet of current)
        if (window.has(sheet.period)) uploads.set(`${sheet.period}|${sheet.uploadId}`, sheet);
      const reports = await Promise.all(
        [...uploads.values()].map(({ period, uploadId }) =>
          readWarnings(deps.objects, city.code, period, uploadId),
        ),
      );
      return { city: city.code, current, reports };
    },
  );
  return {
    batch,
    year,
    generatedAt: options.generatedAt.toISOString(),
    deadlineDays: deps.deadlineDays,
    config: options.config,
    cities,
    data,
  };
}

export async function assessBatch(batch: number, year: number, deps: AssessDeps): Promise<AssessmentSummary> {
  if (!deps.registry.some((city) => city.batchYear === batch))
    throw new AssessmentRequestError(`城市名录中没有 ${batch} 年度批次的城市`);
  if (!Number.isInteger(year) || year < batch)
    throw new AssessmentRequestError(`评价年度 ${year} 应为不早于批次年度 ${batch} 的年份`);
  const generatedAt = (deps.now ?? (() => new Date()))();
  const config = await loadAssessmentConfig(deps.objects);
  const assessment = computeAssessment(await loadAssessmentInput(batch, year, deps, { generatedAt, config }));
  const reports = await publishAssessment(assessment, deps.objects);
  deps.log?.info('assessment published', { batch, year, cities: assessment.cities.length });
  return {
    batch,
    year,
    generatedAt: assessment.generatedAt,
    cities: assessment.cities.map(({ code, name, score, grade, rank, recommendation }) => ({
      code,
      name,
      score,
      grade,
      rank,
      recommendation,
    })),
    reports,
  };
}

/** The workbook and JSON, then the index entries (so the index never lists a missing report). */
export async function publishAssessment(
  assessment: Assessment,
  objects: ObjectStore,
): Promise<PublishedReport[]> {
  const { batch, year, generatedAt } = assessment;
  const entry = (format: 'xlsx' | 'json') => ({
    key: reportKeys.assessment(batch, year, format),
    period: String(year),
    scope: 'assessment' as const,
    kind: 'assessment' as const,
    batch,
    city: null,
    format,
  });
  const published = [
    await putReport(objects, entry('xlsx'), () => writeAssessmentWorkbook(assessment), generatedAt),
    await putReport(
      objects,
      entry('json'),
      () => serialiseAssessmentJson(assessmentJson(assessment)),
      generatedAt,
    ),
  ];
  await updateIndex(objects, published, generatedAt);
  return published;
}

/** The batches whose programme covers some quarter of `year`. */
export function batchesCovering(registry: readonly City[], year: number): number[] {
  const quarters = [1, 2, 3, 4].map((quarter) => quarterPeriod(year, quarter));
  const batches = registry
    .filter((city) => quarters.some((quarter) => programmeCovers(city, quarter)))
    .map((city) => city.batchYear);
  return [...new Set(batches)].sort((a, b) => a - b);
}

/** The latest year whose four quarters are past their deadline at `now` (`ipstats assess`'s default). */
export function latestAssessableYear(now: Date, deadlineDays = DEFAULT_DEADLINE_DAYS): number {
  const due = latestDueQuarter(now, deadlineDays);
  return due.quarter === 4 ? due.year : due.year - 1;
}

/** Every (batch, year) pair for these years: each batch whose programme covers the year. */
export function assessmentsFor(
  registry: readonly City[],
  years: readonly number[],
): Array<{ batch: number; year: number }> {
  return [...new Set(years)]
    .sort((a, b) => a - b)
    .flatMap((year) => batchesCovering(registry, year).map((batch) => ({ batch, year })));
}

/** The years among `years` whose Q4 deadline has passed at `now`. */
export function yearsDueAt(
  years: readonly number[],
  now: Date,
  deadlineDays = DEFAULT_DEADLINE_DAYS,
): number[] {
  const latest = latestAssessableYear(now, deadlineDays);
  return [...new Set(years)].filter((year) => year <= latest).sort((a, b) => a - b);
}
