/**
 * The SES `Mailer`: v2 SendEmail with the raw MIME document (`composeMime`), from the configured
 * identity. A module of its own so that only the functions that send mail load the SES client
 * (`runtime.ts` imports it on the first message; functions/ingest.ts, notify.ts and rollup.ts,
 * which mail on their common path, import it at init).
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
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

/** An SES mailer with its own client in `region`, and how to close that client. */
export function sesMailerInRegion(
  options: Omit<SesMailerOptions, 'client'>,
  region: string | undefined,
): { mailer: Mailer; close(): void } {
  const client = new SESv2Client(region ? { region } : {});
  return { mailer: createSesMailer({ ...options, client }), close: () => client.destroy() };
}
