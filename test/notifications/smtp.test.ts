/**
 * The SMTP adapter against a real SMTP server (smtp-server) on loopback: the envelope, and the
 * message as the server received it, parsed back.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '#shared/adapters/mailers.ts';
import { deliver } from '#shared/notifications/deliver.ts';
import { MemoryNotificationLog } from '../support/memoryNotificationLog.ts';
import { anUploadResult, aReport } from './builders.ts';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];
let refuseNext = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext--;
          const error = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
          callback(error);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

const sender = { address: 'ipstats@example.org', name: '统计报送系统' };

describe('sending through SMTP', () => {
  it('delivers the message to the server with the envelope and headers a mail client reads', async () => {
    received.length = 0;
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, sender });
    try {
      const message = anUploadResult(
        aReport({
          status: 'accepted',
          issues: [],
          counts: { errors: 0, warnings: 0 },
          sheets: [{ kind: 'core', name: '核心指标', status: 'accepted', rows: 31 }],
        }),
      );

      const outcome = await deliver(message, { log: new MemoryNotificationLog(), mailer });

      expect(outcome).toBe('sent');
      expect(received).toHaveLength(1);
      expect(received[0]?.from).toBe('ipstats@example.org');
      expect(received[0]?.to).toEqual(['stats-440300@example.org']);
      const parsed = await simpleParser(received[0]?.raw as Buffer);
      expect(parsed.subject).toBe('【通过】深圳市 2024Q3 报送校验结果：深圳市2024Q3.xlsx');
      expect(parsed.messageId).toBe(`<${message.id}@ipstats.notifications>`);
      expect(parsed.text).toContain('校验结果：通过');
      expect(parsed.text).toContain('无需操作，数据已入库');
    } finally {
      mailer.close();
    }
  });

  it('retries after the server refuses the message and delivers it once', async () => {
    received.length = 0;
    refuseNext = 1;
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, sender });
    const log = new MemoryNotificationLog();
    try {
      const message = anUploadResult();

      const first = await deliver(message, { log, mailer, retry: { sleep: async () => {} } });
      const again = await deliver(message, { log, mailer, retry: { sleep: async () => {} } });

      expect([first, again]).toEqual(['sent', 'duplicate']);
      expect(received).toHaveLength(1);
      expect((await log.list('440300'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      mailer.close();
    }
  });
});
