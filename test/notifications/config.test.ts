/**
 * Recipients and mail settings are checked when they are read, with Chinese errors naming the
 * place: a bad address in the registry or the recipients file, a missing or malformed variable.
 */
import { describe, expect, it } from 'vitest';
import { readNotificationConfig } from '#shared/adapters/config.ts';
import { parseRecipients, RecipientsError } from '#shared/domain/contacts.ts';
import { ConfigError } from '#shared/domain/errors.ts';
import { citiesWithoutContacts, parseRegistry, RegistryError } from '#shared/domain/registry.ts';

const city = { code: '440300', name: '深圳市', province: '广东省', batchYear: 2022 };

describe('city contacts in the registry', () => {
  it('are read with the city, and a city without them is listed, not refused', () => {
    const registry = parseRegistry([
      { ...city, contacts: [{ name: ' 张三 ', email: ' zhangsan@sz.example.org ' }] },
      { code: '330100', name: '杭州市', province: '浙江省', batchYear: 2022 },
    ]);

    expect(registry[0]?.contacts).toEqual([{ name: '张三', email: 'zhangsan@sz.example.org' }]);
    expect(citiesWithoutContacts(registry).map((entry) => entry.code)).toEqual(['330100']);
  });

  it.each([
    [
      [{ name: '张三', email: 'zhangsan.example.org' }],
      'registry[0].contacts[0]: 电子邮件地址无效："zhangsan.example.org"',
    ],
    [[{ name: '张三', email: '张三 <z@example.org>' }], 'registry[0].contacts[0]: 电子邮件地址无效'],
    [[{ email: 'z@example.org' }], 'registry[0].contacts[0]: 缺少联系人姓名 name'],
    ['z@example.org', 'registry[0].contacts: 应为联系人数组'],
  ])('refuse %j with the place named', (contacts, message) => {
    expect(() => parseRegistry([{ ...city, contacts }])).toThrow(RegistryError);
    expect(() => parseRegistry([{ ...city, contacts }])).toThrow(message);
  });
});

describe('the recipients file', () => {
  it('names the analysts and each province by its code', () => {
    const recipients = parseRecipients({
      analysts: [{ name: '分析组', email: 'analysts@example.org' }],
      provinces: [
        { code: '440000', name: '广东省知识产权局', contacts: [{ name: '运营处', email: 'gd@example.org' }] },
      ],
    });

    expect(recipients.provinces[0]).toEqual({
      code: '440000',
      name: '广东省知识产权局',
      contacts: [{ name: '运营处', email: 'gd@example.org' }],
    });
  });

  it.each([
    [[], '应为 JSON 对象'],
    [{ analyst: [] }, '未知的字段 analyst'],
    [{ provinces: [{ code: '440300', contacts: [] }] }, 'recipients.provinces[0]: code 应为省级行政区划代码'],
    [{ provinces: [{ code: '440000' }, { code: '440000' }] }, '省级代码 440000 重复'],
    [{ analysts: [{ name: '分析组', email: 'a@b' }] }, 'recipients.analysts[0]: 电子邮件地址无效'],
  ])('refuses %j', (json, message) => {
    expect(() => parseRecipients(json)).toThrow(RecipientsError);
    expect(() => parseRecipients(json)).toThrow(message);
  });
});

describe('mail settings from the environment', () => {
  it('are off by default, with reminders 7 and 2 days before the deadline', () => {
    expect(readNotificationConfig({})).toEqual({
      transport: 'none',
      fromName: '知识产权运营服务体系统计报送',
      reminderDays: [7, 2],
      recipientsKey: 'config/recipients.json',
    });
  });

  it('read SES with its identity, the portal and reminder days', () => {
    expect(
      readNotificationConfig({
        MAIL_TRANSPORT: 'ses',
        MAIL_FROM: 'ipstats@example.org',
        SES_IDENTITY_ARN: 'arn:aws-cn:ses:cn-north-1:123456789012:identity/example.org',
        PORTAL_URL: 'https://portal.example.org/',
        REMINDER_DAYS: '2, 10',
      }),
    ).toMatchObject({
      transport: 'ses',
      from: 'ipstats@example.org',
      sesIdentityArn: 'arn:aws-cn:ses:cn-north-1:123456789012:identity/example.org',
      portalUrl: 'https://portal.example.org',
      reminderDays: [10, 2],
    });
  });

  it.each([
    [{ MAIL_TRANSPORT: 'pigeon' }, 'MAIL_TRANSPORT'],
    [{ MAIL_TRANSPORT: 'ses' }, 'MAIL_FROM'],
    [{ MAIL_TRANSPORT: 'ses', MAIL_FROM: 'not-an-address' }, 'MAIL_FROM'],
    [{ MAIL_TRANSPORT: 'smtp', MAIL_FROM: 'a@example.org' }, 'SMTP_URL'],
    [{ MAIL_TRANSPORT: 'outbox', MAIL_FROM: 'a@example.org' }, 'OUTBOX_DIR'],
    [{ SES_IDENTITY_ARN: 'example.org' }, 'SES_IDENTITY_ARN'],
    [{ PORTAL_URL: 'javascript:alert(1)' }, 'PORTAL_URL'],
    [{ REMINDER_DAYS: '7,zero' }, 'REMINDER_DAYS'],
  ])('refuse %j naming %s', (env, name) => {
    expect(() => readNotificationConfig(env)).toThrow(ConfigError);
    expect(() => readNotificationConfig(env)).toThrow(name);
  });
});
