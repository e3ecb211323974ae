/**
 * `GET /api/audit?from=&to=&action=&actor=&limit=` (analyst): the audit trail, newest first. The
 * range defaults to the last 30 days; `limit` (default 500) keeps the newest entries.
 */
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { requireAnalyst } from '../http.ts';

const DEFAULT_DAYS = 30;

export const registerAudit: RouteModule = (app, deps) => {
  app.get('/audit', async (c) => {
    requireAnalyst(c);
    const instant = (name: string, fallback: Date) => {
      const text = c.req.query(name);
      if (!text) return fallback.toISOString();
      const at = new Date(text);
      if (Number.isNaN(at.getTime())) throw new ApiError('BAD_REQUEST', `${name} 应为 ISO-8601 时间`);
      return at.toISOString();
    };
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 500 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
      throw new ApiError('BAD_REQUEST', 'limit 应为 1 到 5000 之间的整数');
    // The trail is kept in wall-clock time (http.ts audit), whatever the domain clock says.
    const now = new Date();
    const to = instant('to', new Date(now.getTime() + 60_000));
    const from = instant('from', new Date(now.getTime() - DEFAULT_DAYS * 86_400_000));
    const action = c.req.query('action') || undefined;
    const actor = c.req.query('actor') || undefined;
    const entries = await deps.audit.listAudit({
      from,
      to,
      ...(action ? { action } : {}),
      ...(actor ? { actor } : {}),
    });
    return c.json({ from, to, entries: entries.reverse().slice(0, limit) });
  });
};
