/**
 * Lambda: the daily notification run (EventBridge schedule). Sends the reminders that fall on the
 * event's China date (7 and 2 days before each quarter's deadline by default, REMINDER_DAYS) to
 * the cities whose 核心指标 is not yet accepted, and on the day after a deadline the digest to the
 * analysts and to each province. On demand `{ "now": "ISO-8601" }` runs the day of that instant.
 * Every message has a deterministic id, so a retried or replayed event sends nothing twice.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadRegistry } from '#shared/adapters/registryStore.ts';
import { runtime } from '#shared/adapters/runtime.ts';
// Loaded at init (full CPU), not with the first message: this function sends mail on its common
// path (runtime.ts imports the SES mailer on first use, for the functions that never mail).
import '#shared/adapters/sesMailer.ts';
import { type Delivered, runScheduledNotifications } from '#shared/notifications/notify.ts';
import { notifyDeps } from './notifications.ts';

export interface NotifyRequest {
  now?: string;
}

export async function handler(
  event: NotifyRequest | ScheduledEvent,
  context?: Context,
): Promise<{ at: string; messages: Delivered[] }> {
  const rt = runtime();
  const { config, objects, uploads, current, locks, telemetry } = rt;
  telemetry.startInvocation(context);
  const scheduled = (event as ScheduledEvent)['detail-type'] === 'Scheduled Event';
  const raw = scheduled ? (event as ScheduledEvent).time : (event as NotifyRequest).now;
  const at = raw ? new Date(raw) : new Date();
  if (Number.isNaN(at.getTime())) throw new Error(`Invalid notification time: ${JSON.stringify(raw)}`);
  try {
    const registry = await loadRegistry(objects, config.registryKey);
    const deps = await notifyDeps(rt, registry, { withRecipients: true });
    if (!deps) {
      telemetry.logger.warn('notifications are off (MAIL_TRANSPORT=none)');
      return { at: at.toISOString(), messages: [] };
    }
    const messages = await runScheduledNotifications(at, {
      ...deps,
      submissions: { uploads, current, locks },
      reminderDays: config.notifications.reminderDays,
    });
    telemetry.logger.info('scheduled notifications', { at: at.toISOString(), messages: messages.length });
    return { at: at.toISOString(), messages };
  } finally {
    telemetry.flush();
  }
}
