/**
 * The runtime configuration, read once from the environment. Every handler and the embedded
 * stack go through here, so a missing or malformed variable fails at start-up with its name
 * rather than half-way through an upload.
 */
import { isEmailAddress } from '../domain/contacts.ts';
import { ConfigError } from '../domain/errors.ts';
import { DEFAULT_REMINDER_DAYS } from '../domain/notification.ts';
import { DEFAULT_DEADLINE_DAYS } from '../domain/period.ts';

export interface AppConfig {
  dataBucket: string;
  tableName: string;
  deadlineDays: number;
  registryKey: string;
  maxUploadBytes: number;
  serviceName: string;
  metricsNamespace: string;
  logLevel: string;
  /** Absent on a developer machine without AWS_REGION: the SDK's own chain (profile) decides. */
  region?: string;
  /** Set only when running against s3rver / dynalite. */
  s3Endpoint?: string;
  dynamoEndpoint?: string;
  notifications: NotificationConfig;
  /** Report jobs for the report worker (AWS); absent: every report is built by the roll-up itself. */
  reportJobs?: ReportJobsConfig;
}

/** `REPORT_QUEUE_URL`, `REPORT_INLINE_UNITS`, `REPORT_UNITS_PER_JOB` (docs/deployment.md). */
export interface ReportJobsConfig {
  queueUrl: string;
  /** Up to this many provinces and cities are built by the roll-up invocation itself. */
  inlineUnits: number;
  unitsPerJob: number;
}

export const DEFAULT_REPORT_INLINE_UNITS = 200;
export const DEFAULT_REPORT_UNITS_PER_JOB = 50;

export type MailTransport = 'none' | 'ses' | 'smtp' | 'outbox';

/** How notifications go out (docs/deployment.md, "Notifications"). */
export interface NotificationConfig {
  transport: MailTransport;
  /** The sender address (the SES identity's); absent only with transport `none`. */
  from?: string;
  fromName: string;
  sesIdentityArn?: string;
  smtpUrl?: string;
  /** The outbox directory (transport `outbox`, or a copy of what SMTP sent). */
  outboxDirectory?: string;
  portalUrl?: string;
  reminderDays: number[];
  recipientsKey: string;
}

export const DEFAULT_RECIPIENTS_KEY = 'config/recipients.json';
export const DEFAULT_SENDER_NAME = '知识产权运营服务体系统计报送';
const TRANSPORTS: readonly MailTransport[] = ['none', 'ses', 'smtp', 'outbox'];
const SES_IDENTITY_ARN = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/[^\s]+$/;

export const DEFAULT_REGISTRY_KEY = 'config/registry.json';
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

export function readConfig(env: Env = process.env): AppConfig {
  const s3Endpoint = optional(env, 'AWS_ENDPOINT_URL_S3');
  const dynamoEndpoint = optional(env, 'AWS_ENDPOINT_URL_DYNAMODB');
  return {
    dataBucket: required(env, 'DATA_BUCKET'),
    tableName: required(env, 'TABLE_NAME'),
    deadlineDays: positiveInteger(env, 'DEADLINE_DAYS', DEFAULT_DEADLINE_DAYS, { allowZero: true }),
    registryKey: optional(env, 'REGISTRY_KEY') ?? DEFAULT_REGISTRY_KEY,
    maxUploadBytes: positiveInteger(env, 'MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES),
    serviceName: optional(env, 'POWERTOOLS_SERVICE_NAME') ?? 'ipstats',
    metricsNamespace: optional(env, 'POWERTOOLS_METRICS_NAMESPACE') ?? 'ipstats',
    logLevel: optional(env, 'LOG_LEVEL') ?? 'INFO',
    ...regionOf(env),
    ...(s3Endpoint ? { s3Endpoint } : {}),
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    notifications: readNotificationConfig(env),
    ...readReportJobsConfig(env),
  };
}

function readReportJobsConfig(env: Env): { reportJobs?: ReportJobsConfig } {
  const queueUrl = optional(env, 'REPORT_QUEUE_URL');
  if (queueUrl === undefined) return {};
  if (!/^https?:\/\/\S+$/.test(queueUrl))
    throw new ConfigError(`环境变量 REPORT_QUEUE_URL 应为 SQS 队列网址，实际为 "${queueUrl}"`);
  return {
    reportJobs: {
      queueUrl,
      inlineUnits: positiveInteger(env, 'REPORT_INLINE_UNITS', DEFAULT_REPORT_INLINE_UNITS, {
        allowZero: true,
      }),
      unitsPerJob: positiveInteger(env, 'REPORT_UNITS_PER_JOB', DEFAULT_REPORT_UNITS_PER_JOB),
    },
  };
}

export function readNotificationConfig(env: Env = process.env): NotificationConfig {
  const transportText = optional(env, 'MAIL_TRANSPORT') ?? 'none';
  if (!TRANSPORTS.includes(transportText as MailTransport))
    throw new ConfigError(
      `环境变量 MAIL_TRANSPORT 应为 ${TRANSPORTS.join('、')} 之一，实际为 "${transportText}"`,
    );
  const transport = transportText as MailTransport;
  const from = optional(env, 'MAIL_FROM');
  if (from !== undefined && !isEmailAddress(from))
    throw new ConfigError(`环境变量 MAIL_FROM 应为电子邮件地址，实际为 "${from}"`);
  if (transport !== 'none' && from === undefined)
    throw new ConfigError(`缺少环境变量 MAIL_FROM（MAIL_TRANSPORT=${transport}）`);
  const sesIdentityArn = optional(env, 'SES_IDENTITY_ARN');
  if (sesIdentityArn !== undefined && !SES_IDENTITY_ARN.test(sesIdentityArn))
    throw new ConfigError(
      `环境变量 SES_IDENTITY_ARN 应为 SES 身份 ARN（arn:aws:ses:区域:账号:identity/…），实际为 "${sesIdentityArn}"`,
    );
  const smtpUrl = optional(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl))
    throw new ConfigError('环境变量 SMTP_URL 应为 smtp://主机:端口 或 smtps://主机:端口');
  if (transport === 'smtp' && smtpUrl === undefined)
    throw new ConfigError('缺少环境变量 SMTP_URL（MAIL_TRANSPORT=smtp）');
  const outboxDirectory = optional(env, 'OUTBOX_DIR');
  if (transport === 'outbox' && outboxDirectory === undefined)
    throw new ConfigError('缺少环境变量 OUTBOX_DIR（MAIL_TRANSPORT=outbox）');
  const portalUrl = optional(env, 'PORTAL_URL');
  if (portalUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(portalUrl))
    throw new ConfigError(`环境变量 PORTAL_URL 应为 http(s) 网址，实际为 "${portalUrl}"`);
  return {
    transport,
    ...(from ? { from } : {}),
    fromName: optional(env, 'MAIL_FROM_NAME') ?? DEFAULT_SENDER_NAME,
    ...(sesIdentityArn ? { sesIdentityArn } : {}),
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(outboxDirectory ? { outboxDirectory } : {}),
    ...(portalUrl ? { portalUrl: portalUrl.replace(/\/+$/, '') } : {}),
    reminderDays: readReminderDays(env),
    recipientsKey: optional(env, 'RECIPIENTS_KEY') ?? DEFAULT_RECIPIENTS_KEY,
  };
}

/** `7,2`: days before each deadline on which reminders go out; an empty value turns them off. */
function readReminderDays(env: Env): number[] {
  const raw = env.REMINDER_DAYS;
  if (raw === undefined) return [...DEFAULT_REMINDER_DAYS];
  if (raw.trim() === '') return [];
  const days = raw.split(',').map((part) => Number(part.trim()));
  if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 60))
    throw new ConfigError(`环境变量 REMINDER_DAYS 应为逗号分隔的 1–60 天（如 "7,2"），实际为 "${raw}"`);
  return [...new Set(days)].sort((a, b) => b - a);
}

let cached: AppConfig | undefined;

/** The process-wide configuration, read on first use (Lambda cold start). */
export function appConfig(): AppConfig {
  cached ??= readConfig();
  return cached;
}

/** Forgets the cached configuration (the embedded stack changes the environment it points at). */
export function resetAppConfig(): void {
  cached = undefined;
}

function regionOf(env: Env): { region?: string } {
  const region = optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION');
  return region ? { region } : {};
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`缺少环境变量 ${name}`);
  return value;
}

function positiveInteger(
  env: Env,
  name: string,
  fallback: number,
  options: { allowZero?: boolean } = {},
): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const minimum = options.allowZero ? 0 : 1;
  if (!Number.isInteger(value) || value < minimum) {
    throw new ConfigError(`环境变量 ${name} 应为${options.allowZero ? '非负' : '正'}整数，实际为 "${text}"`);
  }
  return value;
}
