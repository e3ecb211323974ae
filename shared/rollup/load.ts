/**
 * Gathers what a roll-up reads, through the ports only: per city its current sheets (aggregates
 * included), its upload records (every period: submission status reads the status quarter's, the
 * lineage the file names of the uploads behind earlier quarters' sheets), the records of the current 重点企业 / 典型案例
 * sheets of the period and the warnings of its current uploads; plus the locks.
 */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { type Period, quartersOfYear } from '../domain/period.ts';
import type { CaseRecord, EnterpriseRecord } from '../domain/records.ts';
import type { City } from '../domain/registry.ts';
import type { CurrentSheet, PeriodLock } from '../domain/submission.ts';
import { resultKeys } from '../domain/uploadKey.ts';
import type { ValidationReport } from '../domain/validation.ts';
import {
  type CurrentData,
  type Locks,
  ObjectNotFoundError,
  type ObjectStore,
  type UploadLog,
} from '../ports.ts';
import { type CitySummary, type RollupFrame, rollupFrame, summariseCity } from './compute.ts';
import { mapWithConcurrency } from './concurrency.ts';
import type { CityRollupInput, RollupInput, SheetRecords, UploadWarnings } from './input.ts';

export type { CityRollupInput, RollupInput, SheetRecords, UploadWarnings } from './input.ts';

/** Cities loaded at the same time: enough to hide latency, few enough to stay under table limits. */
export const CITY_CONCURRENCY = 8;

export interface RollupLoadDeps {
  uploads: UploadLog;
  current: CurrentData;
  locks: Locks;
  objects: ObjectStore;
  registry: readonly City[];
  deadlineDays: number;
}

export class RollupLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RollupLoadError';
  }
}

/** Everything a roll-up reads, gathered at once (`computeRollup` takes it). */
export async function loadRollupInput(
  period: Period,
  deps: RollupLoadDeps,
  options: { generatedAt: Date },
): Promise<RollupInput> {
  const { cities, locks } = await loadEachCity(period, deps, (data) => data);
  return {
    period,
    generatedAt: options.generatedAt.toISOString(),
    deadlineDays: deps.deadlineDays,
    registry: [...deps.registry],
    cities,
    locks,
  };
}

/**
 * Every city's summary (`summariseCity`), each made as soon as the city is read, so that no
 * city's sheets and records outlive its own loading (at most `CITY_CONCURRENCY` cities' data are
 * in memory at once, whatever the number of cities); `combineRollup` takes them with the locks.
 */
export async function loadCitySummaries(
  period: Period,
  deps: RollupLoadDeps,
  options: { generatedAt: Date },
): Promise<{ frame: RollupFrame; cities: CitySummary[]; locks: PeriodLock[] }> {
  const frame = rollupFrame(period, options.generatedAt.toISOString(), deps.deadlineDays);
  const { cities, locks } = await loadEachCity(period, deps, (data, city) =>
    summariseCity(frame, city, data),
  );
  return { frame, cities, locks };
}

/** Reads each registry city (a few at a time) and hands it to `step`; reads the locks meanwhile. */
async function loadEachCity<T>(
  period: Period,
  deps: RollupLoadDeps,
  step: (data: CityRollupInput, city: City) => T,
): Promise<{ cities: T[]; locks: PeriodLock[] }> {
  const quarterCodes = new Set(
    (period.kind === 'quarter' ? [period] : quartersOfYear(period.year)).map((quarter) => quarter.code),
  );
  const [cities, locks] = await Promise.all([
    mapWithConcurrency(deps.registry, CITY_CONCURRENCY, async (city) => {
      const data = await loadCity(city.code, quarterCodes, deps).catch((cause: unknown) => {
        throw new RollupLoadError(`读取城市 ${city.code}（${city.name}）${period.code} 的数据失败`, {
          cause,
        });
      });
      return step(data, city);
    }),
    deps.locks.listLocks(),
  ]);
  return { cities, locks };
}

async function loadCity(
  city: string,
  quarterCodes: ReadonlySet<string>,
  deps: RollupLoadDeps,
): Promise<CityRollupInput> {
  const [current, uploads] = await Promise.all([
    deps.current.listCurrent(city),
    // One query for every period (the city's partition): the lineage names earlier quarters' files too.
    deps.uploads.listUploads(city),
  ]);
  const ofPeriod = current.filter((sheet) => quarterCodes.has(sheet.period));
  const currentUploads = new Map<string, { period: string; uploadId: string }>();
  for (const sheet of ofPeriod) currentUploads.set(`${sheet.period}|${sheet.uploadId}`, sheet);
  const [enterprises, cases, reports] = await Promise.all([
    readSheets<EnterpriseRecord>(deps.current, ofPeriod, 'enterprises'),
    readSheets<CaseRecord>(deps.current, ofPeriod, 'cases'),
    Promise.all(
      [...currentUploads.values()].map(({ period, uploadId }) =>
        readWarnings(deps.objects, city, period, uploadId),
      ),
    ),
  ]);
  return { city, current, uploads, enterprises, cases, reports };
}

async function readSheets<R>(
  current: CurrentData,
  sheets: readonly CurrentSheet[],
  kind: DataSheetKind,
): Promise<SheetRecords<R>[]> {
  return Promise.all(
    sheets
      .filter((sheet) => sheet.kind === kind)
      .map(async (sheet) => ({
        period: sheet.period,
        uploadId: sheet.uploadId,
        records: (await current.readRecords(sheet)) as unknown as R[],
      })),
  );
}

/**
 * Reads the warnings of one upload's validation report. A report that is absent or unreadable
 * does not stop the roll-up: it shows up as a data-quality entry instead. Other store failures do.
 */
export async function readWarnings(
  objects: ObjectStore,
  city: string,
  period: string,
  uploadId: string,
): Promise<UploadWarnings> {
  const key = resultKeys.report(city, period, uploadId);
  const missing = (unavailable: string): UploadWarnings => ({
    period,
    uploadId,
    warnings: [],
    warningCount: 0,
    truncated: false,
    unavailable,
  });
  let report: Partial<ValidationReport>;
  try {
    report = (await objects.getJson(key)) as Partial<ValidationReport>;
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return missing(`校验报告 ${key} 不存在`);
    if (error instanceof SyntaxError) return missing(`校验报告 ${key} 不是有效的 JSON`);
    throw error;
  }
  const warnings = (Array.isArray(report.issues) ? report.issues : []).filter(
    (issue) => issue.severity === 'warning',
  );
  return {
    period,
    uploadId,
    warnings,
    warningCount: report.counts?.warnings ?? warnings.length,
    truncated: report.truncated === true,
    ...(report.explanations ? { pendingExplanations: report.explanations.pending } : {}),
  };
}
