/** An in-memory `NotificationLog` with the DynamoDB adapter's claim rule, for unit tests. */
import type { NotificationEntry } from '#shared/domain/notification.ts';
import type { NotificationClaim, NotificationLog } from '#shared/ports.ts';

export class MemoryNotificationLog implements NotificationLog {
  readonly entries = new Map<string, NotificationEntry>();

  async claim(entry: NotificationEntry, staleBefore: string): Promise<NotificationClaim> {
    const key = `${entry.scope}\u0000${entry.id}`;
    const existing = this.entries.get(key);
    if (existing && !(existing.status === 'sending' && existing.claimedAt < staleBefore))
      return { claimed: false, existing: structuredClone(existing) };
    this.entries.set(key, structuredClone(entry));
    return { claimed: true };
  }

  async settle(entry: NotificationEntry): Promise<void> {
    this.entries.set(`${entry.scope}\u0000${entry.id}`, structuredClone(entry));
  }

  async list(scope: string): Promise<NotificationEntry[]> {
    return [...this.entries.values()]
      .filter((entry) => entry.scope === scope)
      .map((entry) => structuredClone(entry))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
