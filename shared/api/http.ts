/** Helpers the route modules share: the caller, request parsing, files, the audit trail. */
import type { Context } from 'hono';
import { canReadCity, type Identity, isAnalyst } from '../domain/identity.ts';
import { type Period, tryParsePeriod } from '../domain/period.ts';
import type { City } from '../domain/registry.ts';
import { bodyBytes, ObjectNotFoundError } from '../ports.ts';
import type { ApiEnv } from './app.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError } from './errors.ts';

export type ApiContext = Context<ApiEnv>;

export function callerOf(c: ApiContext): Identity {
  return c.get('identity');
}

export function requireAnalyst(c: ApiContext): Identity {
  const identity = callerOf(c);
  if (!isAnalyst(identity)) throw new ApiError('FORBIDDEN');
  return identity;
}

export function nowOf(deps: ApiDeps): Date {
  return (deps.now ?? (() => new Date()))();
}

export function parsePeriodParam(text: string | undefined, kind?: 'quarter'): Period | undefined {
  if (text === undefined || text === '') return undefined;
  const period = tryParsePeriod(text);
  if (!period)
    throw new ApiError('INVALID_PERIOD', `报告期格式错误：${text.slice(0, 20)}（应为 2024Q3 或 2024）`);
  if (kind === 'quarter' && period.kind !== 'quarter')
    throw new ApiError('INVALID_PERIOD', `报告期应为季度，如 2024Q3（实际为 ${text.slice(0, 20)}）`);
  return period;
}

export async function jsonBody(c: ApiContext): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError('BAD_REQUEST', '请求体应为 JSON 对象');
  return body as Record<string, unknown>;
}

/**
 * The registry cities a caller may read, optionally narrowed to one (`?city=`): another city's
 * code is refused whether or not it exists.
 */
export function readableCities(identity: Identity, registry: readonly City[], only?: string): City[] {
  if (only !== undefined && only !== '') {
    if (!/^\d{6}$/.test(only) || !canReadCity(identity, only)) throw new ApiError('FORBIDDEN');
    return registry.filter((city) => city.code === only);
  }
  return registry.filter((city) => canReadCity(identity, city.code));
}

export function sourceOf(c: ApiContext, deps: ApiDeps): string {
  return deps.sourceOf?.(c.env, c.req.raw) ?? 'unknown';
}

/** Appends to the audit trail what the caller did to `target`, with its role and address. */
export async function audit(
  c: ApiContext,
  deps: ApiDeps,
  entry: { action: string; target: string; details?: Record<string, unknown> },
): Promise<void> {
  const identity = callerOf(c);
  await deps.audit.append({
    // The wall clock, not the domain clock (`ipstats serve --now`): the trail says when it happened.
    at: new Date().toISOString(),
    actor: identity.username,
    action: entry.action,
    target: entry.target,
    details: {
      role: identity.role,
      ...(identity.city ? { city: identity.city } : {}),
      ...(identity.province ? { province: identity.province } : {}),
      source: sourceOf(c, deps),
      ...entry.details,
    },
  });
}

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  png: 'image/png',
};

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** Answers with a stored object: its bytes, or a redirect to a short-lived link (AWS). */
export async function sendObject(
  c: ApiContext,
  deps: ApiDeps,
  key: string,
  fileName: string,
): Promise<Response> {
  if (deps.downloads.mode === 'redirect') {
    const url = await deps.downloads.url({ key, fileName, expiresSeconds: 300 });
    if (c.req.query('as') === 'link') return c.json({ url });
    return c.redirect(url, 303);
  }
  const stored = await deps.objects.get(key).catch((error: unknown) => {
    if (error instanceof ObjectNotFoundError) throw new ApiError('NOT_FOUND', '文件不存在');
    throw error;
  });
  const body = await bodyBytes(stored.body);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentTypeOf(fileName),
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
