/**
 * Chart rasterising in worker threads: resvg's drawing and the PNG encoding are most of a city
 * workbook's CPU time, and one JavaScript thread uses one core. With a pool started, `renderChart`
 * draws the SVG (ECharts) on the calling thread and sends it to the least busy worker; without one
 * (a Lambda, the tests by default) everything runs inline. The pictures are the same either way.
 *
 * The worker is `rasterWorker.ts` beside this file when running from the TypeScript sources
 * (through tsx), or `rasterWorker.mjs` next to a bundle that was built with it as an entry point
 * (the CLI's `dist/cli/`, the benchmark's children); a bundle without it renders inline.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RasterAssets } from './raster.ts';
import type { RasterReply, RasterRequest } from './rasterWorker.ts';

export class ChartThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartThreadError';
  }
}

interface Entry {
  url: URL;
  /** tsx's CommonJS register API (its path), when the worker is TypeScript source. */
  tsx?: string;
}

/** Where the worker's code is, or undefined when this build has none. */
export function rasterWorkerEntry(moduleUrl: string = import.meta.url): Entry | undefined {
  if (moduleUrl.endsWith('.ts')) {
    const tsx = createRequire(moduleUrl).resolve('tsx/cjs/api');
    return { url: new URL('./rasterWorker.ts', moduleUrl), tsx };
  }
  for (const candidate of ['./rasterWorker.mjs', '../rasterWorker.mjs']) {
    const url = new URL(candidate, moduleUrl);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  return undefined;
}

interface Pending {
  resolve(png: Buffer): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class ChartThreadPool {
  private readonly threads: Thread[];
  private nextId = 0;

  constructor(entry: Entry, assets: RasterAssets, count: number) {
    this.threads = Array.from({ length: count }, () => this.startThread(entry, assets));
  }

  get size(): number {
    return this.threads.length;
  }

  private startThread(entry: Entry, assets: RasterAssets): Thread {
    // TypeScript source: the worker registers tsx's require hook, then requires the entry.
    // (Node 20 does not apply ESM loader hooks registered in a worker to that worker.)
    const worker = entry.tsx
      ? new Worker(
          `require(${JSON.stringify(entry.tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry.url))});`,
          { eval: true, workerData: assets },
        )
      : new Worker(entry.url, { workerData: assets });
    const thread: Thread = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: RasterReply) => {
      const pending = thread.pending.get(reply.id);
      if (!pending) return;
      thread.pending.delete(reply.id);
      if (thread.pending.size === 0) worker.unref();
      if ('png' in reply)
        pending.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.length));
      else pending.reject(new ChartThreadError(reply.error));
    });
    const fail = (cause: unknown) => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const pending of thread.pending.values())
        pending.reject(new ChartThreadError('图表绘制线程意外退出', { cause }));
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return thread;
  }

  /** The SVG as a PNG, drawn by the least busy worker; undefined when no worker is left. */
  rasterise(svg: string): Promise<Buffer> | undefined {
    let thread: Thread | undefined;
    for (const candidate of this.threads)
      if (!thread || candidate.pending.size < thread.pending.size) thread = candidate;
    if (!thread) return undefined;
    const chosen = thread;
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      chosen.pending.set(id, { resolve, reject });
      chosen.worker.ref();
      chosen.worker.postMessage({ id, svg } satisfies RasterRequest);
    });
  }

  async stop(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}

let active: ChartThreadPool | undefined;

/** The pool charts are rasterised in, if one was started. */
export function chartThreadPool(): ChartThreadPool | undefined {
  return active;
}

/**
 * Starts `threads` raster workers (default: one per core) for this process's charts; returns the
 * pool, or undefined when this build has no worker entry (then charts render inline).
 */
export function startChartThreads(
  assets: RasterAssets,
  options: { threads?: number; entry?: Entry } = {},
): ChartThreadPool | undefined {
  if (active) return active;
  const entry = options.entry ?? rasterWorkerEntry();
  if (!entry) return undefined;
  active = new ChartThreadPool(entry, assets, Math.max(1, options.threads ?? availableParallelism()));
  return active;
}

export async function stopChartThreads(): Promise<void> {
  const pool = active;
  active = undefined;
  await pool?.stop();
}
