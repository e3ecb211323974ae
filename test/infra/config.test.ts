import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MAIL_FROM, InfraConfigError, NO_MAIL, readInfraConfig } from '#infra/config.ts';
import { newApp } from './support/synth.ts';

const PROJECT_ROOT = '/project';

/** The settings read from `context`; the required sender is `none` (no notifications) unless given. */
function configWith(context: Record<string, unknown>) {
  return readInfraConfig(
    new App({ context: { 'ipstats:mailFrom': NO_MAIL, ...context } }).node,
    PROJECT_ROOT,
  );
}

function errorOf(context: Record<string, unknown>, read = configWith): InfraConfigError {
  try {
    read(context);
  } catch (error) {
    if (error instanceof InfraConfigError) return error;
    throw error;
  }
  throw new Error('expected an InfraConfigError');
}

function registryFile(content: string, name = 'registry.json'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ipstats-registry-')), name);
  writeFileSync(path, content);
  return path;
}

describe('deployment settings from CDK context', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = configWith({});

    expect(config).toEqual({
      deadlineDays: 15,
      scheduledRollups: true,
      rollupTimeChina: { hour: 2, minute: 0 },
      registryKey: 'config/registry.json',
      recipientsKey: 'config/recipients.json',
      uploaderTrust: { kind: 'account' },
      analystTrust: { kind: 'account' },
      logRetention: RetentionDays.ONE_YEAR,
      logLevel: 'INFO',
      maxUploadBytes: 20_971_520,
      reservedConcurrency: { ingest: 10, rollup: 2 },
      portalOrigins: ['https://*.cloudfront.net'],
    });
  });

  it('takes the portal origins for the bucket CORS, and refuses anything but https origins', () => {
    expect(
      configWith({ 'ipstats:portalOrigins': '["https://portal.example.gov.cn"]' }).portalOrigins,
    ).toEqual(['https://portal.example.gov.cn']);
    expect(() => configWith({ 'ipstats:portalOrigins': '["http://portal.example.gov.cn"]' })).toThrow(
      /ipstats:portalOrigins：应为 https 源的数组/,
    );
  });

  it('requires the sender (the SES identity) and names the setting when it is missing', () => {
    const error = errorOf({}, (context) => readInfraConfig(new App({ context }).node, PROJECT_ROOT));

    expect(error.contextKey).toBe('ipstats:mailFrom');
    expect(error.message).toContain('必须设置');
    expect(error.message).toContain('ipstats:mailFrom=none');
  });

  it('turns notifications off only when asked to with none', () => {
    expect(configWith({ 'ipstats:mailFrom': 'none' }).mail).toBeUndefined();
  });

  it('commits no sender to cdk.json: the synth uses the documented example', () => {
    const cdkJsonOnly = () => readInfraConfig(newApp({ 'ipstats:mailFrom': undefined }).node, PROJECT_ROOT);

    expect(cdkJsonOnly).toThrow(/ipstats:mailFrom/);
    expect(EXAMPLE_MAIL_FROM).toBe('ipstats-noreply@example.org');
  });

  it('reads the values committed in cdk.json (and npm run synth’s example sender) as the defaults', () => {
    const fromCdkJson = readInfraConfig(newApp().node, PROJECT_ROOT);

    expect(fromCdkJson).toEqual({
      ...configWith({}),
      mail: {
        from: 'ipstats-noreply@example.org',
        identity: 'example.org',
        reminderDays: [7, 2],
        notifyTimeChina: { hour: 9, minute: 0 },
      },
    });
  });

  it('reads the mail settings: the identity defaults to the sender domain, reminder days from a -c string', () => {
    const config = configWith({
      'ipstats:mailFrom': 'stats@ip.example.org',
      'ipstats:reminderDays': '10, 3',
      'ipstats:portalUrl': 'https://portal.example.org',
    });

    expect(config.mail).toEqual({
      from: 'stats@ip.example.org',
      identity: 'ip.example.org',
      portalUrl: 'https://portal.example.org',
      reminderDays: [10, 3],
      notifyTimeChina: { hour: 9, minute: 0 },
    });
  });

  it.each([
    [{ 'ipstats:mailFrom': 'not an address' }, 'ipstats:mailFrom'],
    [{ 'ipstats:mailFrom': 'a@example.org', 'ipstats:sesIdentity': 'other.org' }, 'ipstats:sesIdentity'],
    [{ 'ipstats:mailFrom': 'a@example.org', 'ipstats:reminderDays': [7, 0] }, 'ipstats:reminderDays'],
    [
      { 'ipstats:mailFrom': 'a@example.org', 'ipstats:portalUrl': 'javascript:alert(1)' },
      'ipstats:portalUrl',
    ],
    [{ 'ipstats:mailFrom': 'a@example.org', 'ipstats:notifyTimeChina': '9am' }, 'ipstats:notifyTimeChina'],
  ])('rejects the mail setting %j naming %s', (context, key) => {
    expect(errorOf(context).contextKey).toBe(key);
  });

  it('accepts -c strings as well as JSON values', () => {
    const config = configWith({
      'ipstats:deadlineDays': '20',
      'ipstats:scheduledRollups': 'false',
      'ipstats:rollupTimeChina': '9:30',
      'ipstats:logRetentionDays': '90',
      'ipstats:logLevel': 'debug',
      'ipstats:maxUploadBytes': '1048576',
      'ipstats:uploaderTrust': '{"account":"123456789012"}',
      'ipstats:reservedConcurrency': '{"ingest":null,"rollup":1}',
    });

    expect(config).toMatchObject({
      deadlineDays: 20,
      scheduledRollups: false,
      rollupTimeChina: { hour: 9, minute: 30 },
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: 'DEBUG',
      maxUploadBytes: 1_048_576,
      uploaderTrust: { kind: 'account', accountId: '123456789012' },
      reservedConcurrency: { rollup: 1 },
    });
    expect(config.reservedConcurrency).not.toHaveProperty('ingest');
  });

  it('trusts a SAML identity provider when one is named', () => {
    const providerArn = 'arn:aws-cn:iam::123456789012:saml-provider/CityIdP';

    const config = configWith({ 'ipstats:analystTrust': { samlProvider: providerArn } });

    expect(config.analystTrust).toEqual({ kind: 'saml', providerArn });
  });

  it('keeps a valid registry file with its path and text', () => {
    const text = '[{"code":"440300","name":"深圳市","province":"广东省","batchYear":2022}]';
    const path = registryFile(text);

    const config = configWith({ 'ipstats:registryFile': path, 'ipstats:alarmEmail': ' ops@example.gov.cn ' });

    expect(config.registry).toEqual({ path, text });
    expect(config.alarmEmail).toBe('ops@example.gov.cn');
  });

  it.each([
    ['ipstats:deadlineDays', 30, '0 到 29'],
    ['ipstats:deadlineDays', '1.5', '0 到 29'],
    ['ipstats:rollupTimeChina', '25:00', 'HH:MM'],
    ['ipstats:scheduledRollups', 'yes', 'true 或 false'],
    ['ipstats:logRetentionDays', 100, '保留天数'],
    ['ipstats:logLevel', 'VERBOSE', 'DEBUG'],
    ['ipstats:maxUploadBytes', 0, '不小于 1'],
    ['ipstats:alarmEmail', 'ops-at-example', '电子邮件'],
    ['ipstats:uploaderTrust', { account: '1234' }, 'samlProvider'],
    ['ipstats:analystTrust', '{"account":', '不是有效的 JSON'],
  ])('rejects %s = %j with an error naming the key', (key, value, hint) => {
    const error = errorOf({ [key]: value });

    expect(error.contextKey).toBe(key);
    expect(error.message).toContain(key);
    expect(error.message).toContain(hint);
  });

  it('names the function of a bad reserved concurrency', () => {
    const error = errorOf({ 'ipstats:reservedConcurrency': { ingest: 0 } });

    expect(error.contextKey).toBe('ipstats:reservedConcurrency.ingest');
  });

  it('rejects an unknown function in the reserved concurrency', () => {
    const error = errorOf({ 'ipstats:reservedConcurrency': { ingest: 5, admin: 1 } });

    expect(error.message).toContain('admin');
  });

  it('keeps a valid recipients file for config/recipients.json', () => {
    const text = JSON.stringify({
      analysts: [{ name: '分析组', email: 'analysts@example.gov.cn' }],
      provinces: [
        {
          code: '440000',
          name: '广东省知识产权局',
          contacts: [{ name: '运营处', email: 'gd@example.gov.cn' }],
        },
      ],
    });
    const path = registryFile(text, 'recipients.json');

    const config = configWith({ 'ipstats:recipientsFile': path });

    expect(config.recipients).toEqual({ path, text });
    expect(config.recipientsKey).toBe('config/recipients.json');
  });

  it('rejects a recipients file the functions would refuse (a bad address), naming the setting', () => {
    const path = registryFile('{"analysts":[{"name":"分析组","email":"not-an-address"}]}', 'recipients.json');

    const error = errorOf({ 'ipstats:recipientsFile': path });

    expect(error.contextKey).toBe('ipstats:recipientsFile');
    expect(error.message).toContain(path);
  });

  it('rejects a missing registry file', () => {
    const error = errorOf({ 'ipstats:registryFile': 'no/such/registry.json' });

    expect(error.contextKey).toBe('ipstats:registryFile');
    expect(error.message).toContain('/project/no/such/registry.json');
  });

  it('rejects a registry the functions would refuse, with their reason', () => {
    const path = registryFile('[{"code":"44030","name":"深圳市","province":"广东省","batchYear":2022}]');

    const error = errorOf({ 'ipstats:registryFile': path });

    expect(error.contextKey).toBe('ipstats:registryFile');
    expect(error.message).toContain(path);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('the CDK entry point', () => {
  it('stops with the message naming the context key, without a stack trace', async () => {
    const run = promisify(execFile);
    // The CDK CLI hands the context to the app in CDK_CONTEXT_JSON.
    const context = JSON.stringify({ 'ipstats:deadlineDays': 40 });

    const failure = await run(process.execPath, ['bin/run-ts.js', 'infra/app.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CDK_CONTEXT_JSON: context },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr?.trim()).toBe(
      'CDK 上下文 ipstats:deadlineDays：应为在 0 到 29 之间的整数，实际为 40',
    );
  });
});
