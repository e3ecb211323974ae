/**
 * Chart rasterising in worker threads: resvg's drawing and the PNG encoding are most of a city
 * workbook's CPU time, and one JavaScript thread uses one core. With a pool started, `renderChart`
 * draws the SVG (ECharts) on the calling thread and sends it to the least busy worker; without one
 * (a Lambda, the tests by default) everything runs inline. The pictures are the same either way.
 *
 * The worker is `rasterWorker.ts` / `rasterWorker.mjs` (`workerEntry`, shared/workerPool.ts); a
 * bundle built without it renders inline.
 */
import { type WorkerEntry, WorkerPool, workerEntry, workersBesideMainThread } from '../../workerPool.ts';
import type { RasterAssets } from './raster.ts';

export class ChartThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartThreadError';
  }
}

/** Where the worker's code is, or undefined when this build has none. */
export function rasterWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry | undefined {
  return workerEntry('rasterWorker', moduleUrl);
}

export class ChartThreadPool {
  private readonly pool: WorkerPool<string, Uint8Array>;

  constructor(entry: WorkerEntry, assets: RasterAssets, count: number) {
    this.pool = new WorkerPool(entry, count, {
      workerData: assets,
      error: (message, cause) => new ChartThreadError(message, { cause }),
      diedMessage: '图表绘制线程意外退出',
    });
  }

  get size(): number {
    return this.pool.size;
  }

  /** The SVG as a PNG, drawn by the least busy worker; undefined when no worker is left. */
  rasterise(svg: string): Promise<Buffer> | undefined {
    return this.pool.run(svg)?.then((png) => Buffer.from(png.buffer, png.byteOffset, png.length));
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }
}

let active: ChartThreadPool | undefined;

/** The pool charts are rasterised in, if one was started. */
export function chartThreadPool(): ChartThreadPool | undefined {
  return active;
}

/**
 * Raster workers to start by default: one per core but one, at least one. The calling thread keeps
 * a core busy drawing the SVGs and writing the workbooks (about 45 % of a city workbook's CPU
 * time, the raster half the rest), and every worker holds its own resvg memory and buffers (about
 * 80–170 MB): a second worker on 2 cores made the roll-up at most a few per cent faster for about
 * 150 MB more peak RSS (docs/benchmarks.md, issue 18).
 */
export const defaultChartThreads: (cores?: number) => number = workersBesideMainThread;

/**
 * Starts `threads` raster workers (default: `defaultChartThreads()`) for this process's charts;
 * returns the pool, or undefined when this build has no worker entry (then charts render inline).
 */
export function startChartThreads(
  assets: RasterAssets,
  options: { threads?: number; entry?: WorkerEntry } = {},
): ChartThreadPool | undefined {
  if (active) return active;
  const entry = options.entry ?? rasterWorkerEntry();
  if (!entry) return undefined;
  active = new ChartThreadPool(entry, assets, Math.max(1, options.threads ?? defaultChartThreads()));
  return active;
}

export async function stopChartThreads(): Promise<void> {
  const pool = active;
  active = undefined;
  await pool?.stop();
}
