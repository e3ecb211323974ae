/**
 * Delivers S3 events to the ingest function the way Lambda's asynchronous invocation does on AWS:
 * several at once, up to a concurrency limit (a function's reserved concurrency), retrying a
 * failed invocation twice. Events of the same object key are handed over one after the other, in
 * the order they were stored (a key written twice is never ingested out of order); events beyond
 * the limit wait in arrival order.
 */

export interface DeliveryQueue<E, R> {
  /** Queues an event; resolves with the function's result, or rejects after the last retry. */
  deliver(event: E): Promise<R>;
  /** Resolves when every queued event has been handled (failed or not). */
  drained(): Promise<void>;
}

export const LAMBDA_ASYNC_RETRIES = 2;
/** Ingest invocations in flight at once on the embedded stack (like a reserved concurrency). */
export const EMBEDDED_CONCURRENCY = 8;

export interface DeliveryOptions<E> {
  /** At most this many invocations in flight (default `EMBEDDED_CONCURRENCY`; 1 = one at a time). */
  concurrency?: number;
  /** Retries after a failed invocation (default two, as Lambda's asynchronous invocation). */
  retries?: number;
  /** Events with the same ordering key are delivered one after the other (default: all one key). */
  orderingKey?: (event: E) => string;
}

export function createDeliveryQueue<E, R>(
  invoke: (event: E) => Promise<R>,
  options: DeliveryOptions<E> = {},
): DeliveryQueue<E, R> {
  const retries = options.retries ?? LAMBDA_ASYNC_RETRIES;
  const orderingKey = options.orderingKey ?? (() => '');
  const slots = createSlots(options.concurrency ?? EMBEDDED_CONCURRENCY);
  const tails = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<unknown>>();
  return {
    deliver(event) {
      const key = orderingKey(event);
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(async () => {
        const release = await slots.acquire();
        try {
          return await invokeWithRetries(invoke, event, retries);
        } finally {
          release();
        }
      });
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, settled);
      pending.add(settled);
      void settled.then(() => {
        pending.delete(settled);
        if (tails.get(key) === settled) tails.delete(key);
      });
      return result;
    },
    async drained() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/** A counting semaphore, first come first served. */
function createSlots(limit: number): { acquire(): Promise<() => void> } {
  let free = Math.max(1, Math.floor(limit));
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}

async function invokeWithRetries<E, R>(
  invoke: (event: E) => Promise<R>,
  event: E,
  retries: number,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await invoke(event);
    } catch (error) {
      if (attempt >= retries) throw error;
    }
  }
}
