/**
 * A message as an RFC 5322 / MIME document (multipart/alternative: text and HTML, UTF-8, Chinese
 * headers RFC 2047-encoded), built by nodemailer's MailComposer. SES, SMTP and the outbox all
 * send these same bytes.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from '../domain/notification.ts';

export interface Sender {
  /** The address messages come from (the SES identity or the SMTP account). */
  address: string;
  name: string;
}

export const MESSAGE_ID_DOMAIN = 'ipstats.notifications';

/** The Message-ID header of a message: its deterministic id, so a resend is recognisably the same. */
export function messageIdHeader(id: string): string {
  return `<${id.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '_')}@${MESSAGE_ID_DOMAIN}>`;
}

export async function composeMime(message: OutgoingMessage, sender: Sender): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: sender.name, address: sender.address },
    to: message.to.map((contact) => ({ name: contact.name, address: contact.email })),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: messageIdHeader(message.id),
    date: new Date(message.createdAt),
    textEncoding: 'base64',
    headers: {
      'X-Ipstats-Message': message.id,
      'X-Ipstats-Kind': message.kind,
      'Auto-Submitted': 'auto-generated',
    },
  });
  return composer.compile().build();
}
