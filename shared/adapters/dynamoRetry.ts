/**
 * Requests that survive load: throttling and transient server errors are retried with
 * exponential backoff and full jitter, BatchWriteItem's UnprocessedItems are re-sent the same
 * way, and batches go out with bounded concurrency. Every request is counted.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../domain/errors.ts';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected by tests to run without waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 25, maxDelayMs: 3_000 };

export type RequestKind = 'read' | 'write';

/** Counters of what the adapter sent, for benchmarks and metrics. */
export interface DynamoRequestMetrics {
  /** Requests sent, repeats included. */
  requests: number;
  readRequests: number;
  writeRequests: number;
  /** Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity TOTAL). */
  readUnits: number;
  writeUnits: number;
  /** Requests repeated after throttling or a transient server error. */
  throttledRetries: number;
  /** BatchWriteItem requests repeated for their UnprocessedItems. */
  unprocessedRetries: number;
}

export interface RequestEvent {
  operation: string;
  kind: RequestKind;
  units: number;
  attempt: number;
}

export function emptyMetrics(): DynamoRequestMetrics {
  return {
    requests: 0,
    readRequests: 0,
    writeRequests: 0,
    readUnits: 0,
    writeUnits: 0,
    throttledRetries: 0,
    unprocessedRetries: 0,
  };
}

const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
]);

/** Throttling and transient server faults; a failed condition or a bad request is final. */
export function isRetryable(error: unknown): boolean {
  const details = error as
    | { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } }
    | undefined;
  if (!details) return false;
  if (details.name && RETRYABLE_ERRORS.has(details.name)) return true;
  if (details.$retryable) return true;
  const status = details.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

export function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** Full jitter: a uniform delay between 0 and the capped exponential bound. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor((policy.random ?? Math.random)() * bound);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends requests with retries and counts them. */
export class DynamoRequester {
  readonly metrics: DynamoRequestMetrics = emptyMetrics();

  constructor(
    readonly documents: DynamoDBDocumentClient,
    readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly onRequest?: (event: RequestEvent) => void,
  ) {}

  /**
   * Runs `request` until it succeeds, fails for good, or runs out of attempts. A failed condition
   * is rethrown as is (callers decide); anything else that fails ends as a StoreError.
   */
  async send<Output extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    operation: string,
    kind: RequestKind,
    request: () => Promise<Output>,
  ): Promise<Output> {
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await request();
        this.count(operation, kind, attempt, unitsOf(output.ConsumedCapacity));
        return output;
      } catch (error) {
        this.count(operation, kind, attempt, 0);
        if (isConditionFailed(error)) throw error;
        if (!isRetryable(error) || attempt >= this.policy.maxAttempts) {
          throw new StoreError(`DynamoDB ${operation} 失败（已尝试 ${attempt} 次）`, { cause: error });
        }
        this.metrics.throttledRetries++;
        await this.pause(attempt);
      }
    }
  }

  /**
   * Writes every request with BatchWriteItem (25 per call, `concurrency` calls at a time),
   * re-sending UnprocessedItems with backoff until none are left.
   */
  async batchWrite(
    tableName: string,
    requests: ReadonlyArray<BatchWriteRequest>,
    concurrency: number,
  ): Promise<void> {
    const batches: BatchWriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as BatchWriteRequest[];
        await this.writeBatch(tableName, batch);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  }

  private async writeBatch(tableName: string, batch: BatchWriteRequest[]): Promise<void> {
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      const output = await this.send('BatchWriteItem', 'write', () =>
        this.documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
        ),
      );
      pending = (output.UnprocessedItems?.[tableName] ?? []) as BatchWriteRequest[];
      if (pending.length === 0) return;
      if (round >= this.policy.maxAttempts) {
        throw new StoreError(`DynamoDB BatchWriteItem 仍有 ${pending.length} 项未写入（已重试 ${round} 次）`);
      }
      this.metrics.unprocessedRetries++;
      await this.pause(round);
    }
  }

  private count(operation: string, kind: RequestKind, attempt: number, units: number): void {
    this.metrics.requests++;
    if (kind === 'read') {
      this.metrics.readRequests++;
      this.metrics.readUnits += units;
    } else {
      this.metrics.writeRequests++;
      this.metrics.writeUnits += units;
    }
    this.onRequest?.({ operation, kind, units, attempt });
  }

  private pause(attempt: number): Promise<void> {
    return (this.policy.sleep ?? defaultSleep)(backoffDelay(this.policy, attempt));
  }
}

export type BatchWriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

function unitsOf(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (!consumed) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}
