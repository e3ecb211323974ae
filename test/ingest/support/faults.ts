/**
 * Faults injected into a real DynamoDB client as SDK middleware (no module mocks): throttling
 * errors and BatchWriteItem calls that leave part of their items unprocessed (really unwritten).
 * The middleware sits in the initialize step, outside the SDK's own retry and outside the
 * document client's marshalling, so it sees and returns the items as the adapter wrote them.
 */
import { type DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';

export interface FaultPlan {
  /** Throttle the n-th call (1-based) of an operation, e.g. `{ BatchWriteItem: [1, 2] }`. */
  throttle?: Record<string, number[]>;
  /** Leave the second half of the items of these BatchWriteItem calls (1-based) unwritten. */
  unprocessedBatchWrites?: number[];
  /** Fail these calls for good with a non-retryable error. */
  fail?: Record<string, number[]>;
}

export interface InjectedFaults {
  calls: Record<string, number>;
  throttled: number;
  unprocessed: number;
  remove(): void;
}

export function injectFaults(client: DynamoDBClient, plan: FaultPlan): InjectedFaults {
  const name = `faults-${Math.random().toString(36).slice(2)}`;
  const state: InjectedFaults = {
    calls: {},
    throttled: 0,
    unprocessed: 0,
    remove: () => client.middlewareStack.remove(name),
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const call = (state.calls[operation] ?? 0) + 1;
      state.calls[operation] = call;
      if (plan.throttle?.[operation]?.includes(call)) {
        state.throttled++;
        throw new ProvisionedThroughputExceededException({
          message: 'injected throttling',
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (plan.fail?.[operation]?.includes(call)) {
        throw Object.assign(new Error('injected failure'), {
          name: 'ValidationException',
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (operation !== 'BatchWriteItem' || !plan.unprocessedBatchWrites?.includes(call)) return next(args);
      const input = args.input as { RequestItems: Record<string, unknown[]> };
      const kept: Record<string, unknown[]> = {};
      const dropped: Record<string, unknown[]> = {};
      for (const [table, items] of Object.entries(input.RequestItems)) {
        const keep = Math.ceil(items.length / 2);
        kept[table] = items.slice(0, keep);
        dropped[table] = items.slice(keep);
        state.unprocessed += items.length - keep;
      }
      const result = await next({ ...args, input: { ...input, RequestItems: kept } });
      (result.output as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems = dropped;
      return result;
    },
    { step: 'initialize', name },
  );
  return state;
}
