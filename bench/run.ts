/**
 * `npm run bench` — performance of reading, ingesting, rolling up and loading (issue 7), each
 * measured in fresh child processes pinned to one core. `npm run bench -- --json` prints one JSON
 * object on stdout; without it, a table with each target's pass/fail. Progress goes to stderr.
 *
 * Options: --only=parse,ingest,rollup,rollupStack,bundles,cli,burst   --runs=N (every repeated measurement)
 *          --stack-cities=100,300,1000 (numbers of cities of the real-path roll-up)
 *          --cases=csv_100k,xlsx_10k (only these parse cases)
 *          --cpu-prof=DIR (V8 CPU profiles of the children)   --keep (keep the input files)
 *          --warmup-rows=N (rows each parse child reads before the measured file; default 1,000)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { EMBEDDED_CONCURRENCY } from '#embedded/deliveryQueue.ts';
import { defaultIngestThreads } from '#embedded/ingestThreads.ts';
import { functionEntries, measureBundle } from './bundles.ts';
import type { BurstRunArgs, BurstRunResult } from './burstBench.ts';
import { type ChildRunner, canPin, startChildRunner } from './children.ts';
import { benchCli } from './cliBench.ts';
import type { IngestRunArgs, IngestRunResult } from './ingestBench.ts';
import { PARSE_CASE_NAMES, type ParseCase, type ParseCaseName, prepareParseCases } from './inputs.ts';
import type { ParseMode, ParseRunArgs, ParseRunResult, ReadTime } from './parseBench.ts';
import type {
  BenchResult,
  BundleResult,
  BurstFigures,
  IngestFigures,
  ParseFigures,
  PeerFigures,
  RollupFigures,
} from './result.ts';
import {
  type BareWriteResult,
  buildRollupInput,
  type RollupRunArgs,
  type RollupRunResult,
  type RollupScale,
} from './rollupBench.ts';
import { benchRollupStack } from './rollupStackBench.ts';
import { MB, median, round } from './stats.ts';
import { renderTable } from './table.ts';
import { checkTargets } from './targets.ts';

const PARTS = ['parse', 'ingest', 'rollup', 'rollupStack', 'bundles', 'cli', 'burst'] as const;
type Part = (typeof PARTS)[number];

const ROLLUP_SCALE = {
  cities: 300,
  quarters: 8,
  enterprisesPerCity: 200,
  period: '2024Q4',
} satisfies RollupScale;

interface Options {
  json: boolean;
  parts: readonly Part[];
  runs?: number;
  cpuProfileDir?: string;
  keep: boolean;
  warmupRows?: number;
  /** Numbers of cities of the real-path roll-up (default 100, 300, 1,000). */
  stackCities?: number[];
  /** Parse cases to measure (default: all). */
  cases?: ParseCaseName[];
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only')?.split(',');
  const unknown = only?.filter((part) => !PARTS.includes(part as Part));
  if (unknown?.length)
    throw new Error(`--only: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  const runs = value('runs');
  const cpuProfileDir = value('cpu-prof');
  const warmupRows = value('warmup-rows');
  if (warmupRows !== undefined && !(Number(warmupRows) >= 1))
    throw new Error(`--warmup-rows: expected a number of rows, got ${warmupRows}`);
  const stackCities = value('stack-cities')?.split(',').map(Number);
  if (stackCities?.some((cities) => !(Number.isInteger(cities) && cities >= 1 && cities <= 5000)))
    throw new Error(`--stack-cities: expected numbers of cities (1–5000), got ${value('stack-cities')}`);
  const cases = value('cases')?.split(',');
  const unknownCases = cases?.filter((name) => !PARSE_CASE_NAMES.includes(name as ParseCaseName));
  if (unknownCases?.length)
    throw new Error(
      `--cases: unknown case ${unknownCases.join(', ')} (cases: ${PARSE_CASE_NAMES.join(', ')})`,
    );
  return {
    json: argv.includes('--json'),
    ...(stackCities ? { stackCities } : {}),
    ...(cases ? { cases: cases as ParseCaseName[] } : {}),
    parts: (only as Part[] | undefined) ?? PARTS,
    ...(runs ? { runs: Number(runs) } : {}),
    ...(cpuProfileDir ? { cpuProfileDir: resolve(cpuProfileDir) } : {}),
    keep: argv.includes('--keep'),
    ...(warmupRows ? { warmupRows: Number(warmupRows) } : {}),
  };
}

/** The peers read every case (exceljs' non-streaming reader only the workbooks). */
type PeerMode = Extract<ParseMode, 'sheetjs' | 'exceljsLoad'>;
const PEERS: readonly PeerMode[] = ['sheetjs', 'exceljsLoad'];

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function benchParse(
  dir: string,
  options: Options,
  children: ChildRunner,
): Promise<Record<string, ParseFigures>> {
  progress('writing the 重点企业 input files …');
  const cases = await prepareParseCases(dir, {
    ...(options.warmupRows ? { warmupRows: options.warmupRows } : {}),
    ...(options.cases ? { only: options.cases } : {}),
  });
  const figures: Record<string, ParseFigures> = {};
  for (const parseCase of cases) figures[parseCase.name] = await benchParseCase(parseCase, options, children);
  return figures;
}

/**
 * Reads of the file per child: the first, then the steady state (the median of the others). A
 * 10,000-row file is read more often: V8 is still optimising the row functions on its third read.
 */
const readsPerChild = (rows: number) => (rows > 10_000 ? 4 : 10);

/** The first read's time and the steady state's (median of the later reads) of each child, medians over the children. */
function readTimes(results: readonly ParseRunResult[], pick: (read: ReadTime) => number) {
  return {
    first: median(results.map((result) => pick(result.reads[0]!))),
    steady: median(results.map((result) => median(result.reads.slice(1).map(pick)))),
  };
}

async function benchParseCase(
  parseCase: ParseCase,
  options: Options,
  children: ChildRunner,
): Promise<ParseFigures> {
  const runs = options.runs ?? (parseCase.file.rows > 10_000 ? 3 : 5);
  const ours: ParseRunResult[] = [];
  const bare: ParseRunResult[] = [];
  const floor: ParseRunResult[] = [];
  const peerModes = PEERS.filter((peer) => parseCase.file.format === 'xlsx' || peer !== 'exceljsLoad');
  const peers = new Map<PeerMode, ParseRunResult[]>(peerModes.map((peer) => [peer, []]));
  for (let i = 0; i < runs; i++) {
    // Alternating, so that a slow moment of the machine hits both sides.
    const args = (mode: ParseRunArgs['mode']): ParseRunArgs => ({
      mode,
      file: parseCase.file,
      warmup: parseCase.warmup,
      reads: readsPerChild(parseCase.file.rows),
    });
    ours.push(await children.task<ParseRunResult>('parse', args('ours')));
    bare.push(await children.task<ParseRunResult>('parse', args('bare')));
    if (parseCase.file.format === 'csv')
      floor.push(await children.task<ParseRunResult>('parse', args('floor')));
    // The peers are context, not a target: one child each (each of their reads of xlsx_100k
    // takes 4–8 s), so that the whole benchmark stays within its ten minutes.
    if (i === 0)
      for (const peer of peerModes)
        peers.get(peer)?.push(await children.task<ParseRunResult>('parse', args(peer)));
  }
  // CPU time: on the one pinned core it equals the wall time of an idle machine, and it does not
  // grow when other processes share that core (the wall times are kept beside it).
  const cpu = readTimes(ours, (read) => read.cpuSeconds);
  const bareCpu = readTimes(bare, (read) => read.cpuSeconds);
  const { rows, bytes } = parseCase.file;
  progress(
    `${parseCase.name}: ${round(cpu.steady, 3)} s CPU (bare ${round(bareCpu.steady, 3)} s); first read ${round(cpu.first, 3)} s (bare ${round(bareCpu.first, 3)} s)`,
  );
  return {
    rows,
    rowsPerSec: Math.round(rows / cpu.steady),
    mbPerSec: round(bytes / MB / cpu.steady),
    ratioToBareParser: round(cpu.steady / bareCpu.steady),
    peakRssMb: round(median(ours.map((r) => r.peakRssMb)), 1),
    bareRssMb: round(median(bare.map((r) => r.peakRssMb)), 1),
    seconds: round(cpu.steady, 3),
    wallSeconds: round(readTimes(ours, (read) => read.seconds).steady, 3),
    bareSeconds: round(bareCpu.steady, 3),
    bareRowsPerSec: Math.round(rows / bareCpu.steady),
    firstReadSeconds: round(cpu.first, 3),
    firstReadRowsPerSec: Math.round(rows / cpu.first),
    firstReadRatioToBareParser: round(cpu.first / bareCpu.first),
    bareFirstReadSeconds: round(bareCpu.first, 3),
    ...(floor.length > 0
      ? {
          floorRatioToBareParser: round(readTimes(floor, (read) => read.cpuSeconds).steady / bareCpu.steady),
          ratioToFloor: round(cpu.steady / readTimes(floor, (read) => read.cpuSeconds).steady),
        }
      : {}),
    peers: Object.fromEntries(
      [...peers].map(([peer, results]) => {
        const seconds = readTimes(results, (read) => read.cpuSeconds).steady;
        const figures: PeerFigures = {
          seconds: round(seconds, 3),
          rowsPerSec: Math.round(rows / seconds),
          oursRatio: round(cpu.steady / seconds),
          peakRssMb: round(median(results.map((r) => r.peakRssMb)), 1),
        };
        return [peer, figures];
      }),
    ),
    bytes,
    runs,
    readsPerRun: readsPerChild(rows),
  };
}

async function benchIngest(dir: string, children: ChildRunner): Promise<IngestFigures> {
  progress('ingesting 100,000 rows through the embedded stack …');
  const [parseCase] = await prepareParseCases(dir, { only: ['csv_100k'] });
  const args: IngestRunArgs = {
    file: parseCase!.file,
    city: '440300',
    period: '2024Q3',
    eventTime: '2024-10-08T02:00:00.000Z',
  };
  const result = await children.task<IngestRunResult>('ingest', args);
  const perThousand = (count: number) => round((count / result.rows) * 1000, 2);
  return {
    rows: result.rows,
    seconds: round(result.seconds, 2),
    cpuSeconds: round(result.cpuSeconds, 2),
    writeRequestsPer1000Rows: perThousand(result.writeRequests),
    writeUnitsPer1000Rows: perThousand(result.writeUnits),
    writeRequests: result.writeRequests,
    writeUnits: result.writeUnits,
    readRequests: result.readRequests,
    status: result.status,
    peakRssMb: round(result.peakRssMb, 1),
  };
}

async function benchRollup(dir: string, options: Options, children: ChildRunner): Promise<RollupFigures> {
  progress(
    `building the roll-up input: ${ROLLUP_SCALE.cities} cities × ${ROLLUP_SCALE.quarters} quarters × ${ROLLUP_SCALE.enterprisesPerCity} enterprises …`,
  );
  const inputFile = join(dir, 'rollup-input.json');
  await writeFile(inputFile, JSON.stringify(buildRollupInput(ROLLUP_SCALE)));
  const runs = options.runs ?? 3;
  const ours: RollupRunResult[] = [];
  const bare: BareWriteResult[] = [];
  for (let i = 0; i < runs; i++) {
    const args: RollupRunArgs = { inputFile, workbookFile: join(dir, `national-${i}.xlsx`) };
    ours.push(await children.task<RollupRunResult>('rollup', args));
    bare.push(await children.task<BareWriteResult>('bareWrite', { workbookFile: args.workbookFile }));
  }
  // CPU seconds, as for parsing (see benchParseCase).
  const computeSeconds = median(ours.map((r) => r.compute.seconds));
  const chartSeconds = median(ours.map((r) => r.charts.seconds));
  const workbookSeconds = median(ours.map((r) => r.workbook.seconds));
  const bareWriteSeconds = median(bare.map((r) => r.seconds));
  progress(
    `roll-up: compute ${round(computeSeconds, 2)} s, charts ${round(chartSeconds, 2)} s, workbook ${round(workbookSeconds, 2)} s (bare ${round(bareWriteSeconds, 2)} s) CPU`,
  );
  return {
    cities: ROLLUP_SCALE.cities,
    quarters: ROLLUP_SCALE.quarters,
    enterprisesPerCity: ROLLUP_SCALE.enterprisesPerCity,
    enterprisesInPeriod: ours[0]?.enterprises ?? 0,
    computeSeconds: round(computeSeconds, 3),
    chartSeconds: round(chartSeconds, 3),
    workbookSeconds: round(workbookSeconds, 3),
    ratioToBareWrite: round(workbookSeconds / bareWriteSeconds),
    bareWriteSeconds: round(bareWriteSeconds, 3),
    wallSeconds: round(
      median(ours.map((r) => r.compute.wallSeconds + r.charts.wallSeconds + r.workbook.wallSeconds)),
      3,
    ),
    workbookMb: round(median(ours.map((r) => r.workbookBytes)) / MB),
    peakRssMb: round(median(ours.map((r) => r.peakRssMb)), 1),
    runs,
  };
}

async function benchBundles(
  dir: string,
  options: Options,
  children: ChildRunner,
): Promise<Record<string, BundleResult>> {
  const functionsDir = resolve('functions');
  const figures: Record<string, BundleResult> = {};
  for (const file of await functionEntries(functionsDir)) {
    const name = file.replace(/\.ts$/, '');
    progress(`bundling functions/${file} …`);
    const outDir = join(dir, 'bundles', name);
    await mkdir(outDir, { recursive: true });
    const measured = await measureBundle(join(functionsDir, file), outDir, options.runs ?? 5, children);
    figures[name] = {
      bytes: measured.bytes,
      loadMs: round(measured.loadMs, 1),
      loadWallMs: round(measured.loadWallMs, 1),
    };
  }
  return figures;
}

/**
 * The demo's uploads one at a time, then all at once with 8 and with 1 ingest in flight (wall
 * times), on one core; and all at once with 8 in flight in ingest threads (`defaultIngestThreads`),
 * the child not pinned.
 */
async function benchBurst(children: ChildRunner): Promise<BurstFigures> {
  const run = (args: BurstRunArgs) => {
    const threads = args.threads ? `, ${args.threads} ingest threads, all cores` : '';
    progress(
      `demo uploads ${args.mode === 'single' ? 'one at a time' : `all at once, ${args.concurrency} in flight${threads}`} …`,
    );
    return children.task<BurstRunResult>('burst', args, { pinned: !args.threads });
  };
  const burstFigures = (figures: BurstRunResult) => ({
    p50Seconds: round(figures.p50Seconds, 3),
    p95Seconds: round(figures.p95Seconds, 3),
    totalSeconds: round(figures.totalSeconds, 2),
    cpuSeconds: round(figures.cpuSeconds, 2),
    peakRssMb: round(figures.peakRssMb, 1),
  });
  const single = await run({ mode: 'single', concurrency: EMBEDDED_CONCURRENCY });
  const burst = await run({ mode: 'burst', concurrency: EMBEDDED_CONCURRENCY });
  const threaded = await run({
    mode: 'burst',
    concurrency: EMBEDDED_CONCURRENCY,
    threads: defaultIngestThreads(cpus().length),
  });
  const serial = await run({ mode: 'burst', concurrency: 1 });
  return {
    uploads: burst.uploads,
    concurrency: burst.concurrency,
    single: {
      p50Seconds: round(single.p50Seconds, 3),
      p95Seconds: round(single.p95Seconds, 3),
      cpuSeconds: round(single.cpuSeconds, 2),
    },
    burst: burstFigures(burst),
    threadedBurst: { threads: threaded.threads, ...burstFigures(threaded) },
    serialBurst: burstFigures(serial),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'ipstats-bench-'));
  const children = await startChildRunner(
    options.cpuProfileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] } : {},
  );
  const result: BenchResult = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      pinnedToOneCore: canPin(),
    },
    startedAt: new Date(started).toISOString(),
    durationSeconds: 0,
  };
  const failures: Record<string, string> = {};
  const attempt = async <T>(part: Part, run: () => Promise<T>): Promise<T | undefined> => {
    if (!options.parts.includes(part)) return undefined;
    try {
      return await run();
    } catch (error) {
      failures[part] = error instanceof Error ? error.message : String(error);
      progress(`${part} failed: ${failures[part]}`);
      return undefined;
    }
  };
  try {
    result.parse = await attempt('parse', () => benchParse(dir, options, children));
    result.ingest = await attempt('ingest', () => benchIngest(dir, children));
    result.rollup = await attempt('rollup', () => benchRollup(dir, options, children));
    result.rollupStack = await attempt('rollupStack', () =>
      benchRollupStack(dir, children, progress, options.stackCities),
    );
    result.bundles = await attempt('bundles', () => benchBundles(dir, options, children));
    result.cli = await attempt('cli', () => {
      progress('CLI start-up …');
      return benchCli(dir, options.runs ?? 5);
    });
    result.burst = await attempt('burst', () => benchBurst(children));
  } finally {
    await children.dispose();
    if (options.keep) progress(`input files kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  result.durationSeconds = round((Date.now() - started) / 1000, 1);
  if (Object.keys(failures).length > 0) result.failures = failures;
  result.targets = checkTargets(result);
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : renderTable(result));
  if (Object.keys(failures).length > 0) process.exitCode = 1;
}

await main();
