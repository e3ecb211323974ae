/**
 * Delivers S3 events to the ingest function one at a time, in the order the objects were
 * stored, retrying a failed invocation like Lambda's asynchronous invocation does (two retries).
 */

export interface DeliveryQueue<E, R> {
  /** Queues an event; resolves with the function's result, or rejects after the last retry. */
  deliver(event: E): Promise<R>;
  /** Resolves when every queued event has been handled (failed or not). */
  drained(): Promise<void>;
}

export const LAMBDA_ASYNC_RETRIES = 2;

export function createDeliveryQueue<E, R>(
  invoke: (event: E) => Promise<R>,
  retries = LAMBDA_ASYNC_RETRIES,
): DeliveryQueue<E, R> {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    deliver(event) {
      const result = tail.then(() => invokeWithRetries(invoke, event, retries));
      tail = result.catch(() => undefined);
      return result;
    },
    async drained() {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
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
