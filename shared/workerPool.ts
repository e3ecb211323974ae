/**
 * A small pool of worker threads that answer requests (chart rasterising, the embedded stack's
 * ingest invocations): each request goes to the least busy worker, a worker's error comes back as
 * the request's error, and a worker that dies rejects what it had in hand and leaves the pool
 * (`run` answers undefined once none is left, so that the caller does the work itself).
 *
 * A worker is `{name}.ts` beside the module that starts it when running from the TypeScript
 * sources (through tsx), or `{name}.mjs` next to a bundle that was built with it as an entry point
 * (the CLI's `dist/cli/`, the benchmark's children); a bundle without it has no pool. The worker
 * side is `serveRequests`.
 */

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/** Workers beside a busy calling thread: one per core but the one it keeps, at least one. */
export function workersBesideMainThread(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

export interface WorkerEntry {
  url: URL;
  /** tsx's ESM register API (its file URL), when the worker is TypeScript source. */
  tsx?: string;
}

/** Where worker `name`'s code is for the module at `moduleUrl`, or undefined when this build has none. */
export function workerEntry(name: string, moduleUrl: string): WorkerEntry | undefined {
  if (moduleUrl.endsWith('.ts')) {
    // The ES module build of `tsx/esm/api` (a require() resolution would give its CommonJS build).
    const tsxPackage = createRequire(moduleUrl).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
    return { url: new URL(`./${name}.ts`, moduleUrl), tsx };
  }
  // Bundles: the entry beside the chunk, or one folder up from `chunks/`.
  for (const candidate of [`./${name}.mjs`, `../${name}.mjs`]) {
    const url = new URL(candidate, moduleUrl);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  return undefined;
}

/** What a worker sends: ready once set up, then one reply per request. */
export type WorkerMessage<Result> =
  | { ready: true }
  | { id: number; result: Result }
  | { id: number; error: string };

interface Pending<Result> {
  resolve(result: Result): void;
  reject(error: Error): void;
}

interface Thread<Result> {
  worker: Worker;
  pending: Map<number, Pending<Result>>;
  ready: Promise<void>;
}

export interface WorkerPoolOptions {
  /** Handed to each worker as `workerData` (structured clone). */
  workerData?: unknown;
  /** The error a request gets when its worker failed it (the worker's message) or died (`cause`). */
  error(message: string, cause?: unknown): Error;
  /** The message of a request whose worker died. */
  diedMessage: string;
}

export class WorkerPool<Request, Result> {
  private readonly threads: Thread<Result>[];
  private nextId = 0;

  constructor(
    entry: WorkerEntry,
    count: number,
    private readonly options: WorkerPoolOptions,
  ) {
    this.threads = Array.from({ length: Math.max(1, count) }, () => this.startThread(entry));
  }

  get size(): number {
    return this.threads.length;
  }

  /** Resolves once every worker has set itself up; rejects when one died before. */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.ready));
  }

  private startThread(entry: WorkerEntry): Thread<Result> {
    const { workerData } = this.options;
    // TypeScript source: the worker registers tsx's loader hooks in itself, then imports the
    // entry (so that its lazy `import()`s of TypeScript modules load too).
    const worker = entry.tsx
      ? new Worker(
          `import(${JSON.stringify(entry.tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}); });`,
          { eval: true, workerData },
        )
      : new Worker(entry.url, { workerData });
    let markReady = () => {};
    let failSetUp = (_cause: unknown) => {};
    const thread: Thread<Result> = {
      worker,
      pending: new Map(),
      ready: new Promise((resolve, reject) => {
        markReady = resolve;
        failSetUp = (cause) => reject(this.options.error(this.options.diedMessage, cause));
      }),
    };
    // Nobody may be waiting for `ready` (a pool used without it).
    thread.ready.catch(() => {});
    worker.unref();
    worker.on('message', (message: WorkerMessage<Result>) => {
      if ('ready' in message) {
        markReady();
        return;
      }
      const pending = thread.pending.get(message.id);
      if (!pending) return;
      thread.pending.delete(message.id);
      if (thread.pending.size === 0) worker.unref();
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(this.options.error(message.error));
    });
    const fail = (cause: unknown) => {
      failSetUp(cause);
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const pending of thread.pending.values())
        pending.reject(this.options.error(this.options.diedMessage, cause));
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return thread;
  }

  /** The request's result from the least busy worker; undefined when no worker is left. */
  run(request: Request): Promise<Result> | undefined {
    let thread: Thread<Result> | undefined;
    for (const candidate of this.threads)
      if (!thread || candidate.pending.size < thread.pending.size) thread = candidate;
    if (!thread) return undefined;
    const chosen = thread;
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      chosen.pending.set(id, { resolve, reject });
      chosen.worker.ref();
      chosen.worker.postMessage({ id, request });
    });
  }

  async stop(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}

/**
 * The worker side: once `setUp` has settled, answers each `{ id, request }` with
 * `{ id, result }` or `{ id, error }` (requests run concurrently). Does nothing on the main thread.
 */
export function serveRequests<Request, Result>(
  handle: (request: Request) => Result | Promise<Result>,
  setUp: Promise<unknown> = Promise.resolve(),
): void {
  const port = parentPort;
  if (!port) return;
  const reply = (message: WorkerMessage<Result>) => port.postMessage(message);
  void setUp.then(
    () => reply({ ready: true }),
    () => reply({ ready: true }),
  );
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    setUp
      .then(() => handle(request))
      .then(
        (result) => reply({ id, result }),
        (error: unknown) =>
          reply({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
}
