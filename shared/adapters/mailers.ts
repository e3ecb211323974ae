/**
 * The `Mailer` adapters: SMTP through nodemailer (`--smtp URL`) and the local outbox (one `.eml`
 * file per message, what `ipstats run` and `demo` write to `OUT/outbox/`); Amazon SES is in
 * `sesMailer.ts`. Each sends exactly the bytes `composeMime` builds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { OutgoingMessage } from '../domain/notification.ts';
import type { Mailer } from '../ports.ts';
import { composeMime, type Sender } from './mime.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:25`, `smtps://…:465`; nodemailer's URL form. */
  url: string;
  sender: Sender;
  /** Connection and greeting timeouts (ms); short, since the caller retries. */
  timeoutMs?: number;
}

export interface ClosableMailer extends Mailer {
  close(): void;
}

/**
 * nodemailer is loaded with the first message (`await import`), not with this module: SMTP is
 * only for `--smtp` on a workstation, while every process that builds a runtime loads this module
 * (the Lambda functions, which send through SES, and the CLI), and nodemailer's 240 KB of modules
 * cost each of them some 10–20 ms at start-up. Off the common path of all of them.
 */
export function createSmtpMailer(options: SmtpMailerOptions): ClosableMailer {
  const timeout = options.timeoutMs ?? 10_000;
  let transport: Promise<Transporter> | undefined;
  const open = (): Promise<Transporter> =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport(options.url, {
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout * 3,
      } as Parameters<typeof createTransport>[1]),
    ));
  return {
    async send(message) {
      const [raw, smtp] = await Promise.all([composeMime(message, options.sender), open()]);
      const info = await smtp.sendMail({
        envelope: { from: options.sender.address, to: message.to.map((contact) => contact.email) },
        raw,
      });
      return { providerId: String(info.response ?? info.messageId ?? '') };
    },
    close: () => {
      void transport?.then((smtp) => smtp.close());
    },
  };
}

/** `20241016T020000Z-upload-result.440300.2024Q3.….eml`: the outbox lists in the order sent. */
export function outboxFileName(message: OutgoingMessage): string {
  const time = new Date(message.createdAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${time}-${message.id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

export function createOutboxMailer(options: { directory: string; sender: Sender }): Mailer {
  let ready: Promise<unknown> | undefined;
  return {
    async send(message) {
      ready ??= mkdir(options.directory, { recursive: true });
      await ready;
      const name = outboxFileName(message);
      await writeFile(join(options.directory, name), await composeMime(message, options.sender));
      return { providerId: name };
    },
  };
}

/** Sends through each mailer in turn (SMTP, then a copy in the outbox); the first failure fails. */
export function teeMailer(mailers: readonly Mailer[]): Mailer {
  return {
    async send(message) {
      let first: { providerId?: string } = {};
      for (const [index, mailer] of mailers.entries()) {
        const sent = await mailer.send(message);
        if (index === 0) first = sent;
      }
      return first;
    },
  };
}
