/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`). Values from
 * `cdk.json` arrive typed, values from `-c` arrive as strings, so every reader accepts both. A bad
 * value stops the synth with an error that names its context key.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_RECIPIENTS_KEY,
  DEFAULT_REGISTRY_KEY,
} from '#shared/adapters/config.ts';
import { parseRecipientsText, parseRegistryText } from '#shared/adapters/registryStore.ts';
import { isEmailAddress } from '#shared/domain/contacts.ts';
import { DEFAULT_REMINDER_DAYS } from '#shared/domain/notification.ts';
import { DEFAULT_DEADLINE_DAYS } from '#shared/domain/period.ts';

export const CONTEXT_KEYS = {
  deadlineDays: 'ipstats:deadlineDays',
  rollupTimeChina: 'ipstats:rollupTimeChina',
  scheduledRollups: 'ipstats:scheduledRollups',
  registryFile: 'ipstats:registryFile',
  recipientsFile: 'ipstats:recipientsFile',
  alarmEmail: 'ipstats:alarmEmail',
  uploaderTrust: 'ipstats:uploaderTrust',
  analystTrust: 'ipstats:analystTrust',
  logRetentionDays: 'ipstats:logRetentionDays',
  logLevel: 'ipstats:logLevel',
  maxUploadBytes: 'ipstats:maxUploadBytes',
  reservedConcurrency: 'ipstats:reservedConcurrency',
  mailFrom: 'ipstats:mailFrom',
  sesIdentity: 'ipstats:sesIdentity',
  portalUrl: 'ipstats:portalUrl',
  reminderDays: 'ipstats:reminderDays',
  notifyTimeChina: 'ipstats:notifyTimeChina',
  portalOrigins: 'ipstats:portalOrigins',
} as const;

/** Notifications by Amazon SES from one verified identity (docs/deployment.md, "Notifications"). */
export interface MailConfig {
  /** The sender address; it must belong to `identity`. */
  from: string;
  /** The verified SES identity: a domain (`example.org`) or the address itself. */
  identity: string;
  portalUrl?: string;
  /** Days before each deadline on which reminders go out. */
  reminderDays: number[];
  /** China time of the daily notification run. */
  notifyTimeChina: { hour: number; minute: number };
}

/** Who may assume a role: principals of an account (this one by default) or a SAML identity provider. */
export type TrustConfig = { kind: 'account'; accountId?: string } | { kind: 'saml'; providerArn: string };

/** A JSON file deployed below config/ (the registry, the recipients). */
export interface ConfigFileSource {
  /** Absolute path of the file, for messages. */
  path: string;
  /** The file's text, already checked with the same parser the functions use. */
  text: string;
}

export type RegistrySource = ConfigFileSource;

/**
 * The sender that `npm run synth` and the tests use: a documented example, never a default.
 * A deployment names its own (`-c ipstats:mailFrom=…`), or `none` for no notifications.
 */
export const EXAMPLE_MAIL_FROM = 'ipstats-noreply@example.org';
/** `ipstats:mailFrom` value that turns notifications off. */
export const NO_MAIL = 'none';

export interface InfraConfig {
  /** Days after a quarter's end until its reporting deadline (also the functions' `DEADLINE_DAYS`). */
  deadlineDays: number;
  scheduledRollups: boolean;
  /** Time of day (China time) at which the scheduled roll-ups run on the day after a deadline. */
  rollupTimeChina: { hour: number; minute: number };
  registry?: RegistrySource;
  registryKey: string;
  /** The analysts' and provinces' addresses, deployed to `recipientsKey` (config/recipients.json). */
  recipients?: ConfigFileSource;
  recipientsKey: string;
  alarmEmail?: string;
  uploaderTrust: TrustConfig;
  analystTrust: TrustConfig;
  logRetention: RetentionDays;
  logLevel: LogLevel;
  maxUploadBytes: number;
  /** Reserved concurrency per function; `undefined` leaves the function on the account's shared pool. */
  reservedConcurrency: { ingest?: number; rollup?: number };
  /** Absent when `ipstats:mailFrom` is `none`: no message is sent, no SES permission granted. */
  mail?: MailConfig;
  /** Origins whose pages may POST uploads to the data bucket (bucket CORS): the portal's. */
  portalOrigins: string[];
}

/** The portal's CloudFront domain is generated, so by default any CloudFront origin may post (the signed policy is what authorizes an upload). */
export const DEFAULT_PORTAL_ORIGINS = ['https://*.cloudfront.net'];

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Why these defaults: ingest is capped so a flood of uploads cannot starve the account's other
 * functions (throttled S3 events wait in Lambda's async queue and are retried, nothing is lost);
 * roll-ups are few and long, two at a time is enough for a scheduled run plus an analyst's.
 */
export const DEFAULT_RESERVED_CONCURRENCY = { ingest: 10, rollup: 2 } as const;
export const DEFAULT_LOG_RETENTION = RetentionDays.ONE_YEAR;
/** The day after the deadline is day `deadlineDays + 1` of the month; every reporting month has 30 days. */
export const MAX_DEADLINE_DAYS = 29;

export class InfraConfigError extends Error {
  constructor(
    readonly contextKey: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`CDK 上下文 ${contextKey}：${message}`, options);
    this.name = 'InfraConfigError';
  }
}

/** Reads and checks every setting; `projectRoot` anchors a relative registry file path. */
export function readInfraConfig(node: Node, projectRoot: string): InfraConfig {
  const context = (key: string): unknown => node.tryGetContext(key);
  const registry = readConfigFile(
    CONTEXT_KEYS.registryFile,
    context(CONTEXT_KEYS.registryFile),
    projectRoot,
    '城市名录文件',
    parseRegistryText,
  );
  const recipients = readConfigFile(
    CONTEXT_KEYS.recipientsFile,
    context(CONTEXT_KEYS.recipientsFile),
    projectRoot,
    '收件人文件',
    parseRecipientsText,
  );
  const alarmEmail = readEmail(context(CONTEXT_KEYS.alarmEmail));
  return {
    deadlineDays: readInteger(CONTEXT_KEYS.deadlineDays, context(CONTEXT_KEYS.deadlineDays), {
      fallback: DEFAULT_DEADLINE_DAYS,
      min: 0,
      max: MAX_DEADLINE_DAYS,
    }),
    scheduledRollups: readBoolean(
      CONTEXT_KEYS.scheduledRollups,
      context(CONTEXT_KEYS.scheduledRollups),
      true,
    ),
    rollupTimeChina: readTimeOfDay(
      CONTEXT_KEYS.rollupTimeChina,
      context(CONTEXT_KEYS.rollupTimeChina) ?? '02:00',
    ),
    ...(registry ? { registry } : {}),
    registryKey: DEFAULT_REGISTRY_KEY,
    ...(recipients ? { recipients } : {}),
    recipientsKey: DEFAULT_RECIPIENTS_KEY,
    ...(alarmEmail ? { alarmEmail } : {}),
    uploaderTrust: readTrust(CONTEXT_KEYS.uploaderTrust, context(CONTEXT_KEYS.uploaderTrust)),
    analystTrust: readTrust(CONTEXT_KEYS.analystTrust, context(CONTEXT_KEYS.analystTrust)),
    logRetention: readRetention(context(CONTEXT_KEYS.logRetentionDays)),
    logLevel: readLogLevel(context(CONTEXT_KEYS.logLevel)),
    maxUploadBytes: readInteger(CONTEXT_KEYS.maxUploadBytes, context(CONTEXT_KEYS.maxUploadBytes), {
      fallback: DEFAULT_MAX_UPLOAD_BYTES,
      min: 1,
    }),
    reservedConcurrency: readReservedConcurrency(context(CONTEXT_KEYS.reservedConcurrency)),
    ...readMail(context),
    portalOrigins: readOrigins(context(CONTEXT_KEYS.portalOrigins)),
  };
}

function readMail(context: (key: string) => unknown): { mail?: MailConfig } {
  const raw = context(CONTEXT_KEYS.mailFrom);
  if (raw === undefined || raw === null || raw === '')
    throw new InfraConfigError(
      CONTEXT_KEYS.mailFrom,
      `必须设置：SES 已验证身份下的发件人地址，如 -c ${CONTEXT_KEYS.mailFrom}=ipstats-noreply@ip.example.gov.cn（不发送通知：-c ${CONTEXT_KEYS.mailFrom}=${NO_MAIL}）`,
    );
  if (raw === NO_MAIL) return {};
  const from = typeof raw === 'string' ? raw.trim() : '';
  if (!isEmailAddress(from))
    throw new InfraConfigError(
      CONTEXT_KEYS.mailFrom,
      `应为发件人电子邮件地址，实际为 ${JSON.stringify(raw)}`,
    );
  const domain = from.slice(from.indexOf('@') + 1);
  const rawIdentity = context(CONTEXT_KEYS.sesIdentity);
  const identity =
    rawIdentity === undefined || rawIdentity === null || rawIdentity === ''
      ? domain
      : String(rawIdentity).trim();
  if (identity !== from && identity.toLowerCase() !== domain.toLowerCase())
    throw new InfraConfigError(
      CONTEXT_KEYS.sesIdentity,
      `应为发件人地址 ${from} 本身或其域名 ${domain}（SES 只允许从已验证身份的地址发信），实际为 ${JSON.stringify(rawIdentity)}`,
    );
  const portal = context(CONTEXT_KEYS.portalUrl);
  if (
    portal !== undefined &&
    portal !== null &&
    portal !== '' &&
    !(typeof portal === 'string' && /^https:\/\/[^\s"'<>]+$/.test(portal))
  )
    throw new InfraConfigError(CONTEXT_KEYS.portalUrl, `应为 https 网址，实际为 ${JSON.stringify(portal)}`);
  return {
    mail: {
      from,
      identity,
      ...(typeof portal === 'string' && portal !== '' ? { portalUrl: portal } : {}),
      reminderDays: readReminderDays(context(CONTEXT_KEYS.reminderDays)),
      notifyTimeChina: readTimeOfDay(
        CONTEXT_KEYS.notifyTimeChina,
        context(CONTEXT_KEYS.notifyTimeChina) ?? '09:00',
      ),
    },
  };
}

/** `[7, 2]` or `"7,2"`. */
function readReminderDays(raw: unknown): number[] {
  const key = CONTEXT_KEYS.reminderDays;
  if (raw === undefined || raw === null) return [...DEFAULT_REMINDER_DAYS];
  const values = Array.isArray(raw)
    ? raw
    : String(raw)
        .split(',')
        .filter((part) => part.trim() !== '');
  const days = values.map((value) => (typeof value === 'number' ? value : Number(String(value).trim())));
  if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 60))
    throw new InfraConfigError(key, `应为 1–60 的天数列表（如 [7, 2]），实际为 ${JSON.stringify(raw)}`);
  return [...new Set(days)].sort((a, b) => b - a);
}

/** `-c key=value` gives strings; JSON-looking strings are parsed so objects can be passed that way too. */
function fromCommandLine(key: string, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InfraConfigError(key, `不是有效的 JSON：${text}`, { cause });
  }
}

function readInteger(
  key: string,
  raw: unknown,
  range: { fallback: number; min: number; max?: number },
): number {
  if (raw === undefined || raw === null || raw === '') return range.fallback;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  const tooLarge = range.max !== undefined && value > range.max;
  if (!Number.isInteger(value) || value < range.min || tooLarge) {
    const bounds = range.max === undefined ? `不小于 ${range.min}` : `在 ${range.min} 到 ${range.max} 之间`;
    throw new InfraConfigError(key, `应为${bounds}的整数，实际为 ${JSON.stringify(raw)}`);
  }
  return value;
}

function readBoolean(key: string, raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new InfraConfigError(key, `应为 true 或 false，实际为 ${JSON.stringify(raw)}`);
}

function readTimeOfDay(key: string, raw: unknown): { hour: number; minute: number } {
  const match = typeof raw === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(raw.trim()) : null;
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    throw new InfraConfigError(key, `应为北京时间 HH:MM（如 "02:00"），实际为 ${JSON.stringify(raw)}`);
  }
  return { hour, minute };
}

/** A JSON file named by `key`, read at synth and checked with the functions' own `parse`. */
function readConfigFile(
  key: string,
  raw: unknown,
  projectRoot: string,
  what: string,
  parse: (text: string, source: string) => unknown,
): ConfigFileSource | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new InfraConfigError(key, `应为文件路径，实际为 ${JSON.stringify(raw)}`);
  const path = isAbsolute(raw) ? raw : resolve(projectRoot, raw);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InfraConfigError(key, `无法读取${what} ${path}`, { cause });
  }
  try {
    parse(text, path);
  } catch (cause) {
    throw new InfraConfigError(key, cause instanceof Error ? cause.message : String(cause), { cause });
  }
  return { path, text };
}

function readEmail(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim())) {
    throw new InfraConfigError(CONTEXT_KEYS.alarmEmail, `应为电子邮件地址，实际为 ${JSON.stringify(raw)}`);
  }
  return raw.trim();
}

const ACCOUNT_ID = /^\d{12}$/;
const SAML_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w+=,.@-]+$/;

/**
 * `"account"` (the default): principals of this account that their own policies allow to assume
 * the role; `{ "account": "123456789012" }`: principals of another (identity) account;
 * `{ "samlProvider": "arn:aws:iam::…:saml-provider/Name" }`: users federated through SAML.
 */
function readTrust(key: string, raw: unknown): TrustConfig {
  const value = fromCommandLine(key, raw);
  if (value === undefined || value === null || value === '' || value === 'account')
    return { kind: 'account' };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const [name, setting] = entries[0] ?? [];
    if (
      entries.length === 1 &&
      name === 'account' &&
      typeof setting === 'string' &&
      ACCOUNT_ID.test(setting)
    ) {
      return { kind: 'account', accountId: setting };
    }
    if (
      entries.length === 1 &&
      name === 'samlProvider' &&
      typeof setting === 'string' &&
      SAML_PROVIDER_ARN.test(setting)
    ) {
      return { kind: 'saml', providerArn: setting };
    }
  }
  throw new InfraConfigError(
    key,
    `应为 "account"、{ "account": "12 位账号" } 或 { "samlProvider": "SAML 身份提供商 ARN" }，实际为 ${JSON.stringify(value)}`,
  );
}

function readRetention(raw: unknown): RetentionDays {
  const key = CONTEXT_KEYS.logRetentionDays;
  if (raw === undefined || raw === null || raw === '') return DEFAULT_LOG_RETENTION;
  const days = typeof raw === 'number' ? raw : Number(String(raw).trim());
  const allowed = Object.values(RetentionDays).filter(
    (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
  );
  if (!allowed.includes(days)) {
    throw new InfraConfigError(
      key,
      `应为 CloudWatch Logs 支持的保留天数之一（${allowed.join('、')}），实际为 ${JSON.stringify(raw)}`,
    );
  }
  return days;
}

function readLogLevel(raw: unknown): LogLevel {
  if (raw === undefined || raw === null || raw === '') return 'INFO';
  const level = String(raw).trim().toUpperCase();
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    throw new InfraConfigError(
      CONTEXT_KEYS.logLevel,
      `应为 ${LOG_LEVELS.join('、')} 之一，实际为 ${JSON.stringify(raw)}`,
    );
  }
  return level as LogLevel;
}

/** `{ "ingest": 10, "rollup": 2 }`; `null` for a function leaves it unreserved. */
function readReservedConcurrency(raw: unknown): { ingest?: number; rollup?: number } {
  const key = CONTEXT_KEYS.reservedConcurrency;
  const value = fromCommandLine(key, raw);
  if (value === undefined || value === null || value === '') return { ...DEFAULT_RESERVED_CONCURRENCY };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InfraConfigError(
      key,
      `应为 { "ingest": 数量或 null, "rollup": 数量或 null }，实际为 ${JSON.stringify(value)}`,
    );
  }
  const settings = value as Record<string, unknown>;
  const unknownNames = Object.keys(settings).filter((name) => name !== 'ingest' && name !== 'rollup');
  if (unknownNames.length > 0)
    throw new InfraConfigError(key, `未知的函数 ${unknownNames.join('、')}（应为 ingest、rollup）`);
  const reserved: { ingest?: number; rollup?: number } = {};
  for (const name of ['ingest', 'rollup'] as const) {
    const setting = name in settings ? settings[name] : DEFAULT_RESERVED_CONCURRENCY[name];
    if (setting === null) continue;
    reserved[name] = readInteger(`${key}.${name}`, setting, {
      fallback: DEFAULT_RESERVED_CONCURRENCY[name],
      min: 1,
    });
  }
  return reserved;
}

/** `["https://portal.example.gov.cn"]`: https origins, at most one `*` each (S3 CORS). */
function readOrigins(raw: unknown): string[] {
  const key = CONTEXT_KEYS.portalOrigins;
  const value = fromCommandLine(key, raw);
  if (value === undefined || value === null || value === '') return [...DEFAULT_PORTAL_ORIGINS];
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every(
      (origin) =>
        typeof origin === 'string' && /^https:\/\/[^/\s]+$/.test(origin) && origin.split('*').length <= 2,
    )
  )
    throw new InfraConfigError(
      key,
      `应为 https 源的数组（如 ["https://portal.example.gov.cn"]），实际为 ${JSON.stringify(value)}`,
    );
  return list as string[];
}
