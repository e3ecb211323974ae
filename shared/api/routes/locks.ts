/**
 * Period locks (analyst): `GET /api/locks?period=`, `PUT /api/locks/{period}` with
 * `{ city?, reason? }`, `DELETE /api/locks/{period}?city=`. The same use cases as `ipstats lock`.
 */
import { ALL_CITIES, LockRequestError, listLocks, lockPeriod, unlockPeriod } from '../../ingest/locks.ts';
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { audit, parsePeriodParam, requireAnalyst } from '../http.ts';

export const registerLocks: RouteModule = (app, deps) => {
  app.get('/locks', async (c) => {
    requireAnalyst(c);
    const period = parsePeriodParam(c.req.query('period'), 'quarter');
    return c.json({ locks: await listLocks(deps, period?.code) });
  });

  app.put('/locks/:period', async (c) => {
    const identity = requireAnalyst(c);
    const period = parsePeriodParam(c.req.param('period'), 'quarter')?.code ?? '';
    const body = (await c.req.json().catch(() => ({}))) as { city?: unknown; reason?: unknown };
    const city = typeof body.city === 'string' && body.city ? body.city : undefined;
    const reason = typeof body.reason === 'string' && body.reason ? body.reason.slice(0, 500) : undefined;
    const result = await lockPeriod(
      { period, lockedBy: identity.username, ...(city ? { city } : {}), ...(reason ? { reason } : {}) },
      {
        locks: deps.locks,
        registry: await deps.registry(),
        ...(deps.now ? { now: deps.now } : {}),
      },
    ).catch(badRequest);
    await audit(c, deps, {
      action: 'lock',
      target: `${period}/${city ?? ALL_CITIES}`,
      details: { period, city: city ?? ALL_CITIES, created: result.created, ...(reason ? { reason } : {}) },
    });
    return c.json(result, result.created ? 201 : 200);
  });

  app.delete('/locks/:period', async (c) => {
    requireAnalyst(c);
    const period = parsePeriodParam(c.req.param('period'), 'quarter')?.code ?? '';
    const city = c.req.query('city') || undefined;
    const result = await unlockPeriod(
      { period, ...(city ? { city } : {}) },
      { locks: deps.locks, registry: await deps.registry() },
    ).catch(badRequest);
    await audit(c, deps, {
      action: 'unlock',
      target: `${period}/${city ?? ALL_CITIES}`,
      details: { period, city: city ?? ALL_CITIES, removed: result.removed },
    });
    return c.json(result);
  });
};

function badRequest(error: unknown): never {
  if (error instanceof LockRequestError) throw new ApiError('BAD_REQUEST', error.message, { cause: error });
  throw error;
}
