/**
 * The `Mailer` adapters: Amazon SES (v2 SendEmail with the raw MIME document, from the configured
 * identity), SMTP through nodemailer (`--smtp URL`), and the local outbox (one `.eml` file per
 * message, what `ipstats run` and `demo` write to `OUT/outbox/`). Each sends exactly the bytes
 * `composeMime` builds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createTransport } from 'nodemailer';
import type { OutgoingMessage } from '../domain/notification.ts';
import type { Mailer } from '../ports.ts';
import { composeMime, type Sender } from './mime.ts';

export interface SesMailerOptions {
  client: SESv2Client;
  sender: Sender;
  /** The verified identity's ARN (sending authorization); the sender address must belong to it. */
  identityArn?: string;
  configurationSet?: string;
}

export function createSesMailer(options: SesMailerOptions): Mailer {
  return {
    async send(message) {
      const raw = await composeMime(message, options.sender);
      const output = await options.client.send(
        new SendEmailCommand({
          FromEmailAddress: options.sender.address,
          ...(options.identityArn ? { FromEmailAddressIdentityArn: options.identityArn } : {}),
          Destination: { ToAddresses: message.to.map((contact) => contact.email) },
          Content: { Raw: { Data: raw } },
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        }),
      );
      return output.MessageId ? { providerId: output.MessageId } : {};
    },
  };
}

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

export function createSmtpMailer(options: SmtpMailerOptions): ClosableMailer {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = createTransport(options.url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
  } as Parameters<typeof createTransport>[1]);
  return {
    async send(message) {
      const raw = await composeMime(message, options.sender);
      const info = await transport.sendMail({
        envelope: { from: options.sender.address, to: message.to.map((contact) => contact.email) },
        raw,
      });
      return { providerId: String(info.response ?? info.messageId ?? '') };
    },
    close: () => transport.close(),
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
