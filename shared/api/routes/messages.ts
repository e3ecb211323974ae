/**
 * `GET /api/messages?period=&kind=&city=`: the notifications sent to the caller's mailboxes,
 * newest first. A city reads its own city's; a province its own digests and its cities'; an
 * analyst every mailbox (each city, each province, the analysts'). `?city=` narrows to one city's
 * mailbox, and another city's is refused (403) whether or not it exists.
 */
import { type Identity, provinceOf } from '../../domain/identity.ts';
import { ANALYSTS_SCOPE, type NotificationEntry, type NotificationKind } from '../../domain/notification.ts';
import type { City } from '../../domain/registry.ts';
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { callerOf, parsePeriodParam, readableCities } from '../http.ts';

const KINDS: readonly NotificationKind[] = ['upload_result', 'reminder', 'digest', 'rollup', 'assessment'];

export const registerMessages: RouteModule = (app, deps) => {
  app.get('/messages', async (c) => {
    const identity = callerOf(c);
    const period = parsePeriodParam(c.req.query('period'));
    const kind = c.req.query('kind') || undefined;
    if (kind !== undefined && !(KINDS as readonly string[]).includes(kind))
      throw new ApiError('BAD_REQUEST', `kind 应为 ${KINDS.join('、')} 之一`);
    const log = deps.notifications;
    if (!log) return c.json({ messages: [] });
    const only = c.req.query('city');
    const registry = await deps.registry();
    const scopes = only
      ? readableCities(identity, registry, only).map((city) => city.code)
      : mailboxesOf(identity, registry);
    const entries = (await Promise.all(scopes.map((scope) => log.list(scope)))).flat();
    const messages = entries
      .filter((entry) => (!period || entry.period === period.code) && (!kind || entry.kind === kind))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
      .map(describeMessage);
    return c.json({ messages });
  });
};

/** The mailboxes (notification scopes) an identity reads. */
export function mailboxesOf(identity: Identity, registry: readonly City[]): string[] {
  const cities = readableCities(identity, registry).map((city) => city.code);
  switch (identity.role) {
    case 'city':
      return cities;
    case 'province':
      return identity.province ? [identity.province, ...cities] : cities;
    case 'analyst':
      return [ANALYSTS_SCOPE, ...new Set(registry.map((city) => provinceOf(city.code))), ...cities];
  }
}

function describeMessage(entry: NotificationEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    mailbox: entry.scope,
    subject: entry.subject,
    text: entry.text,
    to: entry.to,
    status: entry.status,
    createdAt: entry.createdAt,
    sentAt: entry.sentAt ?? null,
    period: entry.period ?? null,
    city: entry.city ?? null,
    uploadId: entry.uploadId ?? null,
  };
}
