/**
 * The runtime configuration, read once from the environment. Every handler and the embedded
 * stack go through here, so a missing or malformed variable fails at start-up with its name
 * rather than half-way through an upload.
 */
import { ConfigError } from '../domain/errors.ts';
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
}

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
  };
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
