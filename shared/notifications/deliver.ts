/**
 * Sending one message exactly once: claim its id in the log (a conditional write), send, record
 * the outcome. A duplicated or retried event finds the claim and sends nothing; a send that fails
 * is retried a few times and then recorded as failed. Nothing here throws: a notification never
 * fails the ingest or the roll-up it reports on.
 */

import { entryOf, type OutgoingMessage } from '../domain/notification.ts';
import type { Logger, Mailer, NotificationLog } from '../ports.ts';

export interface DeliveryRetry {
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetry = { attempts: 3, baseDelayMs: 500 };

/** A `sending` claim older than this belongs to an attempt that died; it may be taken again. */
export const STALE_CLAIM_MS = 15 * 60_000;

export interface DeliveryDeps {
  log: NotificationLog;
  mailer: Mailer;
  now?: () => Date;
  retry?: Partial<DeliveryRetry>;
  logger?: Logger;
}

export type DeliveryOutcome = 'sent' | 'duplicate' | 'failed' | 'no_recipients';

export async function deliver(message: OutgoingMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const now = deps.now ?? (() => new Date());
  const retry = { ...DEFAULT_DELIVERY_RETRY, ...deps.retry };
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const context = { messageId: message.id, kind: message.kind, scope: message.scope };
  try {
    const claimedAt = now();
    const entry = entryOf(message, claimedAt.toISOString());
    const claim = await deps.log.claim(entry, new Date(claimedAt.getTime() - STALE_CLAIM_MS).toISOString());
    if (!claim.claimed) {
      deps.logger?.info('notification already handled', { ...context, status: claim.existing.status });
      return 'duplicate';
    }
    if (entry.status === 'no_recipients') {
      deps.logger?.warn('notification has no recipient', context);
      return 'no_recipients';
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const sent = await deps.mailer.send(message);
        await deps.log.settle({
          ...entry,
          status: 'sent',
          attempts: attempt,
          sentAt: now().toISOString(),
          ...(sent.providerId ? { providerId: sent.providerId } : {}),
        });
        deps.logger?.info('notification sent', { ...context, attempt });
        return 'sent';
      } catch (error) {
        lastError = error;
        deps.logger?.warn('notification send failed', { ...context, attempt, error });
        if (attempt < retry.attempts) await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      }
    }
    await deps.log.settle({
      ...entry,
      status: 'failed',
      attempts: retry.attempts,
      error: describe(lastError),
    });
    deps.logger?.error('notification failed after retries', { ...context, error: lastError });
    return 'failed';
  } catch (error) {
    deps.logger?.error('notification could not be recorded', { ...context, error });
    return 'failed';
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 1000);
}
