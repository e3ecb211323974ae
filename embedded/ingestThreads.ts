/**
 * The embedded stack's ingest invocations in worker threads: one JavaScript thread uses one core,
 * and a burst of uploads is CPU-bound (the SDK clients, exceljs, zlib). Each thread runs the real
 * handler with its own runtime and SDK clients (`ingestWorker.ts`); s3rver and dynalite stay on
 * the main thread, and so does the delivery queue, which keeps the events of one key in order.
 * On AWS every invocation is its own Lambda: nothing of this is deployed.
 */
import type { S3Event } from 'aws-lambda';
import type { handler } from '#functions/ingest.ts';
import { type WorkerEntry, WorkerPool, workerEntry, workersBesideMainThread } from '#shared/workerPool.ts';
import type { IngestWorkerData } from './ingestWorker.ts';

type IngestResult = Awaited<ReturnType<typeof handler>>;

export class IngestThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestThreadError';
  }
}

/** Where the worker's code is (`ingestWorker.ts` / `.mjs`), or undefined when this build has none. */
export function ingestWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry | undefined {
  return workerEntry('ingestWorker', moduleUrl);
}

export type IngestThreadPool = WorkerPool<S3Event, IngestResult>;

/**
 * Ingest threads for a burst on this machine: one per core but one, which s3rver and dynalite keep
 * busy on the main thread (about a third of a burst's CPU). On 2 cores one thread beside the main
 * one did best (docs/benchmarks.md); two cost a quarter more CPU per upload and finished later.
 */
export const defaultIngestThreads: (cores?: number) => number = workersBesideMainThread;

/**
 * Starts `threads` ingest workers with the current environment and resolves once each has built
 * its runtime; undefined when this build has no worker entry (then ingest runs in-process).
 */
export async function startIngestThreads(
  threads: number,
  options: { quiet: boolean; entry?: WorkerEntry },
): Promise<IngestThreadPool | undefined> {
  const entry = options.entry ?? ingestWorkerEntry();
  if (!entry) return undefined;
  const pool: IngestThreadPool = new WorkerPool(entry, threads, {
    workerData: { quiet: options.quiet } satisfies IngestWorkerData,
    error: (message, cause) => new IngestThreadError(message, { cause }),
    diedMessage: '入库线程意外退出',
  });
  try {
    await pool.ready();
  } catch (error) {
    // The threads that did start end with the one that failed.
    await pool.stop();
    throw error;
  }
  return pool;
}
