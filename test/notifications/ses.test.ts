/**
 * The SES adapter sends SESv2 SendEmail with the raw MIME document from the configured identity;
 * what it hands the SDK is parsed back as a mail client would read it.
 */
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createSesMailer } from '#shared/adapters/sesMailer.ts';
import { anUploadResult } from './builders.ts';

describe('sending through Amazon SES', () => {
  it('sends the raw message from the identity to the recipients and returns the SES message id', async () => {
    const sent: SendEmailCommand[] = [];
    const client = {
      send: async (command: SendEmailCommand) => {
        sent.push(command);
        return { MessageId: '0102018f-ses-id' };
      },
    } as unknown as SESv2Client;
    const identityArn = 'arn:aws-cn:ses:cn-north-1:123456789012:identity/example.org';
    const mailer = createSesMailer({
      client,
      sender: { address: 'ipstats@example.org', name: '统计报送系统' },
      identityArn,
    });
    const message = anUploadResult();

    const result = await mailer.send(message);

    expect(result).toEqual({ providerId: '0102018f-ses-id' });
    const input = sent[0]?.input;
    expect(input).toMatchObject({
      FromEmailAddress: 'ipstats@example.org',
      FromEmailAddressIdentityArn: identityArn,
      Destination: { ToAddresses: ['stats-440300@example.org'] },
    });
    const parsed = await simpleParser(Buffer.from(input?.Content?.Raw?.Data as Uint8Array));
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text).toContain('[错误] 核心指标 第 7 行');
  });
});
