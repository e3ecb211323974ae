/**
 * The roll-up through the real path (issue 18): N cities' accepted current data seeded into an
 * embedded stack (s3rver + dynalite) through the ports and adapters — not by ingesting files, so
 * the set-up is quick — then `rollupPeriod` timed in a fresh process on that state: the load from
 * the table, the computation and the publication of every national, province and city report to
 * the bucket. Peak RSS is that process's (the stack's servers run in it too).
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedStack } from '#embedded/stack.ts';
import { DEFAULT_DEADLINE_DAYS } from '#shared/domain/period.ts';
import { resultKeys } from '#shared/domain/uploadKey.ts';
import { startChartWorkers, stopChartWorkers } from '#shared/reports/charts/renderChart.ts';
import { mapWithConcurrency } from '#shared/rollup/concurrency.ts';
import { type RollupPhaseTimes, rollupPeriod } from '#shared/rollup/rollupPeriod.ts';
import type { ChildRunner } from './children.ts';
import type { RollupStackFigures } from './result.ts';
import { buildRollupInput, type RollupScale, syntheticRegistry } from './rollupBench.ts';
import { peakRssMb, round, startClock } from './stats.ts';

export interface StackSeedArgs {
  /** State directory of the embedded stack (kept for the roll-up child). */
  directory: string;
  scale: RollupScale;
}

export interface StackSeedResult {
  cities: number;
  sheets: number;
  records: number;
  seconds: number;
}

/** Cities written at the same time while seeding. */
const SEED_CONCURRENCY = 32;

/** Writes what ingest would have left after every upload of the quarters was accepted. */
export async function runStackSeed(args: StackSeedArgs): Promise<StackSeedResult> {
  const input = buildRollupInput(args.scale);
  const clock = startClock();
  const stack = await startEmbeddedStack({
    directory: args.directory,
    registry: input.registry,
    mail: false,
  });
  let sheets = 0;
  let records = 0;
  try {
    await mapWithConcurrency(input.cities, SEED_CONCURRENCY, async (city) => {
      for (const upload of city.uploads) await stack.uploads.createUpload(upload);
      for (const [kind, staged] of [
        ['enterprises', city.enterprises],
        ['cases', city.cases],
      ] as const) {
        for (const sheet of staged) {
          const sink = stack.current.stageRecords(sheet.uploadId, kind);
          for (const record of sheet.records) sink.add(record as never);
          await sink.save();
          records += sheet.records.length;
        }
      }
      for (const sheet of city.current) {
        await stack.current.switchCurrent(sheet);
        sheets++;
      }
      for (const report of city.reports) {
        const body = { counts: { errors: 0, warnings: 0 }, issues: [], truncated: false };
        await stack.objects.put(
          resultKeys.report(city.city, report.period, report.uploadId),
          `${JSON.stringify(body)}\n`,
          'application/json; charset=utf-8',
        );
      }
    });
  } finally {
    await stack.stop();
  }
  return { cities: input.registry.length, sheets, records, seconds: clock.stop().seconds };
}

export interface StackRollupArgs {
  directory: string;
  cities: number;
  period: string;
  /** ISO-8601 roll-up time. */
  now: string;
}

export interface StackRollupResult {
  cities: number;
  reports: number;
  bytes: number;
  /** Wall-clock seconds of `rollupPeriod`. */
  seconds: number;
  /** CPU seconds of the whole process meanwhile (s3rver and dynalite included). */
  cpuSeconds: number;
  phases: RollupPhaseTimes;
  peakRssMb: number;
  /** Peak RSS before the roll-up started (stack up, nothing loaded). */
  baseRssMb: number;
  /** Peak RSS when the load from the table had finished (the input is largest then). */
  loadPeakRssMb: number;
  /** Chart-raster worker threads used (0: inline). */
  chartThreads: number;
  /** The machine's 1-minute load average before and after (other work inflates the wall time). */
  loadAverage: [number, number];
}

export async function runStackRollup(args: StackRollupArgs): Promise<StackRollupResult> {
  const registry = syntheticRegistry(args.cities);
  const stack = await startEmbeddedStack({ directory: args.directory, mail: false });
  try {
    // As the embedded stack's roll-up does: charts rasterised in worker threads (one per core but one).
    const chartThreads = startChartWorkers();
    const baseRssMb = peakRssMb();
    const loadBefore = loadavg()[0] ?? 0;
    const clock = startClock();
    const phases: RollupPhaseTimes = {};
    // The high-water mark once the load phase is over (checked a few times a second).
    let loadPeakRssMb = 0;
    const watch = setInterval(() => {
      if (phases.loadMs !== undefined && !loadPeakRssMb) loadPeakRssMb = peakRssMb();
    }, 100);
    const summary = await rollupPeriod(args.period, {
      objects: stack.objects,
      uploads: stack.uploads,
      current: stack.current,
      locks: stack.locks,
      registry,
      deadlineDays: DEFAULT_DEADLINE_DAYS,
      now: () => new Date(args.now),
      phases,
    });
    const { seconds, cpuSeconds } = clock.stop();
    clearInterval(watch);
    return {
      cities: registry.length,
      reports: summary.reports.length,
      bytes: summary.reports.reduce((total, report) => total + report.bytes, 0),
      seconds,
      cpuSeconds,
      phases,
      peakRssMb: peakRssMb(),
      baseRssMb,
      loadPeakRssMb: loadPeakRssMb || peakRssMb(),
      chartThreads,
      loadAverage: [round(loadBefore, 1), round(loadavg()[0] ?? 0, 1)],
    };
  } finally {
    await stopChartWorkers();
    await stack.stop();
  }
}

/** The rolled-up quarter and its history (one quarter + last year), demo enterprises per city. */
export const STACK_SCALE = { quarters: 5, period: '2024Q1', now: '2024-04-20T02:00:00.000Z' } as const;
export const STACK_CITIES = [100, 300, 1000] as const;

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'ipstats-bench');

/** Everything the seeded state depends on: a change to any of these seeds afresh. */
const SEED_SOURCES = [
  'bench/rollupStackBench.ts',
  'bench/rollupBench.ts',
  'demo',
  'shared/domain',
  'shared/catalogue',
  'shared/validation/aggregates.ts',
  'shared/adapters/dynamoSubmissionStore.ts',
  'shared/adapters/recordChunks.ts',
  'shared/adapters/tableSchema.ts',
  'embedded',
];

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const add = async (path: string): Promise<void> => {
    const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
    if (!entries) {
      hash.update(relative(PROJECT_ROOT, path)).update(await readFile(path));
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) await add(join(path, entry.name));
  };
  for (const source of SEED_SOURCES) await add(join(PROJECT_ROOT, source));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The seeded state of `cities` cities, from the cache under node_modules/.cache when the sources
 * it depends on are unchanged (seeding 1,000 cities takes minutes), else seeded in a child.
 */
async function seededState(
  cities: number,
  children: ChildRunner,
  progress: (message: string) => void,
): Promise<{ directory: string; seeded: StackSeedResult | null }> {
  const directory = join(SEED_CACHE, `stack-${cities}-${await sourceHash()}`);
  const exists = await readdir(directory).then(
    () => true,
    () => false,
  );
  if (exists) return { directory, seeded: null };
  progress(`seeding ${cities} cities into an embedded stack (cached for later runs) …`);
  const building = `${directory}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  const seeded = await children.task<StackSeedResult>(
    'stackSeed',
    {
      directory: building,
      scale: { cities, quarters: STACK_SCALE.quarters, period: STACK_SCALE.period },
    } satisfies StackSeedArgs,
    { pinned: false },
  );
  await rename(building, directory);
  return { directory, seeded };
}

/** Seeds (or reuses) the largest N, then rolls up the first N cities of it for each N. */
export async function benchRollupStack(
  dir: string,
  children: ChildRunner,
  progress: (message: string) => void,
  sizes: readonly number[] = STACK_CITIES,
): Promise<RollupStackFigures> {
  const largest = Math.max(...sizes);
  const state = await seededState(largest, children, progress);
  const runs: RollupStackFigures['runs'] = [];
  for (const cities of sizes) {
    const directory = join(dir, `stack-${cities}`);
    await cp(state.directory, directory, { recursive: true });
    progress(`roll-up of ${STACK_SCALE.period} through the embedded stack, ${cities} cities …`);
    const result = await children.task<StackRollupResult>(
      'stackRollup',
      { directory, cities, period: STACK_SCALE.period, now: STACK_SCALE.now } satisfies StackRollupArgs,
      { pinned: false },
    );
    await rm(directory, { recursive: true, force: true });
    progress(
      `${cities} cities: ${round(result.seconds, 1)} s wall, ${round(result.cpuSeconds, 1)} s CPU (${round((result.seconds / cities) * 1000)} ms per city), peak RSS ${round(result.peakRssMb)} MB, load average ${result.loadAverage.join(' → ')}`,
    );
    runs.push({
      cities,
      reports: result.reports,
      reportMb: round(result.bytes / 1024 / 1024, 1),
      seconds: round(result.seconds, 2),
      cpuSeconds: round(result.cpuSeconds, 2),
      msPerCity: round((result.seconds / cities) * 1000, 1),
      loadSeconds: round((result.phases.loadMs ?? 0) / 1000, 2),
      computeSeconds: round((result.phases.computeMs ?? 0) / 1000, 2),
      publishSeconds: round((result.phases.publishMs ?? 0) / 1000, 2),
      nationalSeconds: round((result.phases.nationalMs ?? 0) / 1000, 2),
      peakRssMb: round(result.peakRssMb, 1),
      baseRssMb: round(result.baseRssMb, 1),
      loadPeakRssMb: round(result.loadPeakRssMb, 1),
      chartThreads: result.chartThreads,
      loadAverage: result.loadAverage,
    });
  }
  return {
    period: STACK_SCALE.period,
    quarters: STACK_SCALE.quarters,
    seedSeconds: state.seeded ? round(state.seeded.seconds, 1) : null,
    runs,
  };
}
