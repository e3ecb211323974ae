/**
 * What the handlers need to send notifications, from the runtime: the mailer, the log, and the
 * settings. Undefined when notifications are off (MAIL_TRANSPORT=none).
 */
import { loadRecipients } from '#shared/adapters/registryStore.ts';
import type { Runtime } from '#shared/adapters/runtime.ts';
import { NO_RECIPIENTS } from '#shared/domain/contacts.ts';
import type { City } from '#shared/domain/registry.ts';
import type { NotifyDeps } from '#shared/notifications/notify.ts';

export async function notifyDeps(
  { config, mailer, notificationLog, objects, telemetry }: Runtime,
  registry: readonly City[],
  options: { withRecipients: boolean },
): Promise<NotifyDeps | undefined> {
  if (!mailer) return undefined;
  const { notifications } = config;
  return {
    log: notificationLog,
    mailer,
    registry,
    recipients: options.withRecipients
      ? await loadRecipients(objects, notifications.recipientsKey)
      : NO_RECIPIENTS,
    deadlineDays: config.deadlineDays,
    logger: telemetry.logger,
    ...(notifications.portalUrl ? { portalUrl: notifications.portalUrl } : {}),
  };
}
