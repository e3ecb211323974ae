/** The shape of `npm run bench -- --json` (one JSON object). */

/**
 * Each child reads a 1,000-row warm-up file, then the measured file `readsPerRun` times. The
 * figures without prefix are the steady state (the median of the later reads: a Lambda instance
 * that has read an upload before); `firstRead…` are the first read of the file in the process.
 * Medians over `runs` children.
 */
import type { CliFigures } from './cliBench.ts';
import type { TargetCheck } from './targets.ts';
export interface ParseFigures {
  rows: number;
  rowsPerSec: number;
  mbPerSec: number;
  /** Our parse + validate time over the bare parser's time on the same file. */
  ratioToBareParser: number;
  /** Peak RSS of the child process after its first read (median), MB: the memory of one upload. */
  peakRssMb: number;
  /** The same for the bare parser. */
  bareRssMb: number;
  /** CPU seconds of a read: the wall time on an idle core. */
  seconds: number;
  /** Wall-clock seconds, inflated when other processes share the core. */
  wallSeconds: number;
  bareSeconds: number;
  bareRowsPerSec: number;
  /** The first read of the file in the process: V8 is still compiling the hot functions. */
  firstReadSeconds: number;
  firstReadRowsPerSec: number;
  firstReadRatioToBareParser: number;
  bareFirstReadSeconds: number;
  /**
   * CSV: the least a reader that yields records can cost (papaparse, plus one array per row of
   * cells converted by `Number` / `=== '是'`, nothing checked) over the bare parser, steady state.
   */
  floorRatioToBareParser?: number;
  /** CSV: our time over the floor's (the issue 18 target: ≤ 1.5×). */
  ratioToFloor?: number;
  /** Other readers of the same file to rows, steady state as ours; `oursRatio` = our time / theirs. */
  peers?: Partial<Record<'sheetjs' | 'exceljsLoad', PeerFigures>>;
  bytes: number;
  runs: number;
  readsPerRun: number;
}

export interface PeerFigures {
  /** CPU seconds of a read (steady state, median over the children). */
  seconds: number;
  rowsPerSec: number;
  /** Our parse + validate time over this reader's time (below 1: we are faster). */
  oursRatio: number;
  peakRssMb: number;
}

export interface IngestFigures {
  rows: number;
  /** Wall-clock seconds from the PUT to the ingest function's result. */
  seconds: number;
  /** CPU seconds meanwhile (s3rver, the handler and dynalite all run in the one process). */
  cpuSeconds: number;
  writeRequestsPer1000Rows: number;
  writeUnitsPer1000Rows: number;
  writeRequests: number;
  writeUnits: number;
  readRequests: number;
  status: string;
  peakRssMb: number;
}

export interface RollupFigures {
  cities: number;
  quarters: number;
  enterprisesPerCity: number;
  /** 重点企业 rows of the rolled-up quarter (the typical-enterprise ranking reads them all). */
  enterprisesInPeriod: number;
  /** CPU seconds (median), i.e. the wall time on an idle core. */
  computeSeconds: number;
  /** Drawing the national workbook's charts. */
  chartSeconds: number;
  /** Writing the workbook around its drawn charts. */
  workbookSeconds: number;
  /** Workbook writing time over a bare exceljs streaming write of the same cells and pictures. */
  ratioToBareWrite: number;
  bareWriteSeconds: number;
  /** Wall-clock seconds of compute + charts + workbook (median). */
  wallSeconds: number;
  workbookMb: number;
  peakRssMb: number;
  runs: number;
}

/** The roll-up through the real path (load from dynalite, reports to s3rver), per number of cities. */
export interface RollupStackFigures {
  period: string;
  /** Quarters of history seeded (the quarter and last year). */
  quarters: number;
  /** Seconds the seeding took, or null when the cached state was reused. */
  seedSeconds: number | null;
  runs: Array<{
    cities: number;
    /** Reports published (national, provinces and cities, xlsx and JSON each). */
    reports: number;
    reportMb: number;
    /** Wall-clock seconds of `rollupPeriod` (both cores may be used). */
    seconds: number;
    /** CPU seconds of the process meanwhile (the embedded s3rver and dynalite included). */
    cpuSeconds: number;
    msPerCity: number;
    loadSeconds: number;
    computeSeconds: number;
    publishSeconds: number;
    /** Wall-clock seconds until the national reports were indexed (they wait for no city). */
    nationalSeconds: number;
    peakRssMb: number;
    /** Peak RSS with the stack started, before the roll-up. */
    baseRssMb: number;
    /** Peak RSS when the load from the table had finished. */
    loadPeakRssMb: number;
    /** Chart-raster worker threads (0: charts rendered on the main thread). */
    chartThreads: number;
    /** The machine's 1-minute load average before and after the run (2 cores). */
    loadAverage: [number, number];
  }>;
}

export interface BundleResult {
  bytes: number;
  /** Cold `import()` in a fresh process, CPU ms (median): its wall time on an idle core. */
  loadMs: number;
  loadWallMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  /** Measurements ran pinned to one core with taskset. */
  pinnedToOneCore: boolean;
}

/** Upload-to-result latency on the embedded stack (bench/burstBench.ts), seconds. */
export interface BurstFigures {
  uploads: number;
  concurrency: number;
  /** `cpuSeconds`: of the whole stack (one process) while the uploads ran; per upload = / uploads. */
  single: { p50Seconds: number; p95Seconds: number; cpuSeconds: number };
  /** All at once, `concurrency` in flight, ingest on the main thread (one core). */
  burst: BurstCase;
  /** The same with ingest in `threads` worker threads, the child not pinned (all cores): the target's case. */
  threadedBurst?: BurstCase & { threads: number };
  /** The same burst delivered one event at a time (the embedded stack before issue 18), one core. */
  serialBurst: BurstCase;
}

export interface BurstCase {
  p50Seconds: number;
  p95Seconds: number;
  totalSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export interface BenchResult {
  command: string;
  machine: Machine;
  startedAt: string;
  durationSeconds: number;
  parse?: Record<string, ParseFigures>;
  ingest?: IngestFigures;
  rollup?: RollupFigures;
  rollupStack?: RollupStackFigures;
  bundles?: Record<string, BundleResult>;
  cli?: CliFigures;
  burst?: BurstFigures;
  /** Parts that failed, with the reason. */
  failures?: Record<string, string>;
  targets?: TargetCheck[];
}
