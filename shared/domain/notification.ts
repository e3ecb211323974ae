/** Notifications as the application sees them: plain data, no MIME, no transport. */
import type { Contact } from './contacts.ts';

export type NotificationKind = 'upload_result' | 'reminder' | 'digest' | 'rollup' | 'assessment';

/**
 * One message to send. `id` is deterministic (kind, period, upload id or audience), so a retried
 * or duplicated event builds the same id and the log sends it once.
 */
export interface OutgoingMessage {
  id: string;
  kind: NotificationKind;
  /**
   * Whose mailbox the message belongs to: a city code, a province code (`440000`) or
   * `analysts`. The API shows a city only the messages of its own scope.
   */
  scope: string;
  to: Contact[];
  subject: string;
  text: string;
  html: string;
  period?: string;
  city?: string;
  uploadId?: string;
  /** When the message is dated (the event it reports on), ISO-8601. */
  createdAt: string;
}

export const ANALYSTS_SCOPE = 'analysts';

/** Days before a quarter's deadline on which cities that have not reported are reminded. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 2];

export type NotificationStatus = 'sending' | 'sent' | 'failed' | 'no_recipients';

/** What the notification log keeps of a message: enough to list and show it. */
export interface NotificationEntry {
  id: string;
  kind: NotificationKind;
  scope: string;
  to: string[];
  subject: string;
  text: string;
  period?: string;
  city?: string;
  uploadId?: string;
  createdAt: string;
  status: NotificationStatus;
  /** When this attempt took the message (a stale `sending` claim may be taken again). */
  claimedAt: string;
  attempts: number;
  sentAt?: string;
  /** The transport's id (SES MessageId, SMTP response, outbox file). */
  providerId?: string;
  error?: string;
}

export function entryOf(message: OutgoingMessage, claimedAt: string): NotificationEntry {
  return {
    id: message.id,
    kind: message.kind,
    scope: message.scope,
    to: message.to.map((contact) => contact.email),
    subject: message.subject,
    text: message.text,
    ...(message.period ? { period: message.period } : {}),
    ...(message.city ? { city: message.city } : {}),
    ...(message.uploadId ? { uploadId: message.uploadId } : {}),
    createdAt: message.createdAt,
    status: message.to.length === 0 ? 'no_recipients' : 'sending',
    claimedAt,
    attempts: 0,
  };
}
