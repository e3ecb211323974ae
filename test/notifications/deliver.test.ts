/**
 * Exactly once: a duplicated or retried event sends a message once, a failing send is retried and
 * then recorded, and nothing throws. On the in-memory log and on the DynamoDB adapter (dynalite).
 */

import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoNotificationLog } from '#shared/adapters/dynamoNotificationLog.ts';
import type { OutgoingMessage } from '#shared/domain/notification.ts';
import { deliver, STALE_CLAIM_MS } from '#shared/notifications/deliver.ts';
import type { Mailer, NotificationLog } from '#shared/ports.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynaliteTable.ts';
import { MemoryNotificationLog } from '../support/memoryNotificationLog.ts';
import { aCity, anUploadResult } from './builders.ts';

/** Records what it was asked to send; fails the first `failures` attempts. */
class RecordingMailer implements Mailer {
  readonly sent: OutgoingMessage[] = [];
  attempts = 0;
  constructor(private failures = 0) {}
  async send(message: OutgoingMessage) {
    this.attempts++;
    if (this.attempts <= this.failures) throw new Error(`SMTP 421 try again (${this.attempts})`);
    this.sent.push(message);
    return { providerId: `id-${this.attempts}` };
  }
}

const noWait = { sleep: async () => {} };
const at = (iso: string) => () => new Date(iso);

let dynalite: DynaliteTable;
beforeAll(async () => {
  dynalite = await startDynaliteTable();
});
afterAll(async () => {
  await dynalite?.close();
});

const logs: Array<[string, () => Promise<NotificationLog>]> = [
  ['in memory', async () => new MemoryNotificationLog()],
  [
    'on DynamoDB (dynalite)',
    async () =>
      createDynamoNotificationLog({
        client: DynamoDBDocumentClient.from(dynalite.client),
        tableName: dynalite.tableName,
        retry: noWait,
      }),
  ],
];

describe.each(logs)('delivery with the log %s', (_name, newLog) => {
  it('sends a message delivered twice once, and records it as sent', async () => {
    const log = await newLog();
    const mailer = new RecordingMailer();
    const message = { ...anUploadResult(), id: `twice-${Math.random()}` };

    const first = await deliver(message, { log, mailer, retry: noWait });
    const second = await deliver(message, { log, mailer, retry: noWait });

    expect([first, second]).toEqual(['sent', 'duplicate']);
    expect(mailer.sent).toHaveLength(1);
    const [entry] = (await log.list('440300')).filter((item) => item.id === message.id);
    expect(entry).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerId: 'id-1',
      subject: message.subject,
    });
  });

  it('sends once when the same event is handled concurrently', async () => {
    const log = await newLog();
    const mailer = new RecordingMailer();
    const message = { ...anUploadResult(), id: `concurrent-${Math.random()}` };

    const outcomes = await Promise.all([1, 2, 3].map(() => deliver(message, { log, mailer, retry: noWait })));

    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('retries a failed send and sends once', async () => {
    const log = await newLog();
    const mailer = new RecordingMailer(2);
    const message = { ...anUploadResult(), id: `retried-${Math.random()}` };

    expect(await deliver(message, { log, mailer, retry: { ...noWait, attempts: 3 } })).toBe('sent');
    expect(await deliver(message, { log, mailer, retry: { ...noWait, attempts: 3 } })).toBe('duplicate');

    expect(mailer.attempts).toBe(3);
    expect(mailer.sent).toHaveLength(1);
    const [entry] = (await log.list('440300')).filter((item) => item.id === message.id);
    expect(entry).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('records a send that fails every attempt as failed, without throwing, and does not resend it', async () => {
    const log = await newLog();
    const mailer = new RecordingMailer(10);
    const message = { ...anUploadResult(), id: `failing-${Math.random()}` };

    expect(await deliver(message, { log, mailer, retry: { ...noWait, attempts: 3 } })).toBe('failed');
    expect(await deliver(message, { log, mailer, retry: { ...noWait, attempts: 3 } })).toBe('duplicate');

    expect(mailer.attempts).toBe(3);
    const [entry] = (await log.list('440300')).filter((item) => item.id === message.id);
    expect(entry).toMatchObject({ status: 'failed', attempts: 3 });
    expect(entry?.error).toContain('SMTP 421');
  });

  it('takes over a claim left by an attempt that died before recording its outcome', async () => {
    const log = await newLog();
    const message = { ...anUploadResult(), id: `stale-${Math.random()}` };
    const dying: Mailer = { send: () => new Promise(() => {}) };
    void deliver(message, { log, mailer: dying, now: at('2024-10-05T02:00:00Z'), retry: noWait });
    await new Promise((done) => setTimeout(done, 50));
    const mailer = new RecordingMailer();

    const soon = await deliver(message, { log, mailer, now: at('2024-10-05T02:05:00Z'), retry: noWait });
    const later = new Date(Date.parse('2024-10-05T02:00:00Z') + STALE_CLAIM_MS + 60_000).toISOString();
    const afterwards = await deliver(message, { log, mailer, now: at(later), retry: noWait });

    expect([soon, afterwards]).toEqual(['duplicate', 'sent']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('records a message to a city without contacts as having no recipient, and sends nothing', async () => {
    const log = await newLog();
    const mailer = new RecordingMailer();
    const message = {
      ...anUploadResult(undefined, aCity('500112', { contacts: [] })),
      id: `nobody-${Math.random()}`,
    };

    expect(await deliver(message, { log, mailer, retry: noWait })).toBe('no_recipients');

    expect(mailer.attempts).toBe(0);
    const [entry] = (await log.list('500112')).filter((item) => item.id === message.id);
    expect(entry?.status).toBe('no_recipients');
  });
});

describe('a log that cannot be written', () => {
  it('fails the delivery without throwing and without sending', async () => {
    const mailer = new RecordingMailer();
    const broken: NotificationLog = {
      claim: async () => {
        throw new Error('table unavailable');
      },
      settle: async () => {},
      list: async () => [],
    };

    expect(await deliver(anUploadResult(), { log: broken, mailer, retry: noWait })).toBe('failed');
    expect(mailer.attempts).toBe(0);
  });
});
