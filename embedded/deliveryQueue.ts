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
  const serial = createKeyedSerializer();
  return {
    deliver(event) {
      return serial.run(orderingKey(event), async () => {
        const release = await slots.acquire();
        try {
          return await invokeWithRetries(invoke, event, retries);
        } finally {
          release();
        }
      });
    },
    drained: serial.settled,
  };
}

export interface KeyedSerializer {
  /** Runs `work` once everything run before under the same key has settled (other keys do not wait). */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Resolves when all work run so far, and any run meanwhile, has settled (failed or not). */
  settled(): Promise<void>;
}

/** Work in order per key, different keys at the same time (the queue's events, the stack's puts). */
export function createKeyedSerializer(): KeyedSerializer {
  const tails = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<unknown>>();
  return {
    run(key, work) {
      const result = (tails.get(key) ?? Promise.resolve()).then(work);
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
    async settled() {
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
