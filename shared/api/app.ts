/**
 * The HTTP API: a Hono app that runs unchanged behind API Gateway (functions/api.ts) and behind
 * @hono/node-server (`ipstats serve`). One module per resource under `routes/`; each registers its
 * routes on the authenticated `/api` app. Every `/api/` route but the sign-in needs a valid token
 * (401 otherwise); a forbidden one answers 403 without saying whether the thing exists.
 */
import { Hono } from 'hono';
import type { Identity } from '../domain/identity.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError, errorBody } from './errors.ts';
import { registerAudit } from './routes/audit.ts';
import { registerLocks } from './routes/locks.ts';
import { registerMe } from './routes/me.ts';
import { registerMessages } from './routes/messages.ts';
import { registerPeriods } from './routes/periods.ts';
import { registerReports } from './routes/reports.ts';
import { registerRollups } from './routes/rollups.ts';
import { registerSession } from './routes/session.ts';
import { registerTemplate } from './routes/template.ts';
import { registerUploads } from './routes/uploads.ts';

export type ApiEnv = { Variables: { identity: Identity } };
export type ApiApp = Hono<ApiEnv>;

/** A resource module: registers its routes (paths relative to `/api`). */
export type RouteModule = (app: ApiApp, deps: ApiDeps) => void;

/** Resource modules in registration order; other modules add theirs here. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  registerMe,
  registerPeriods,
  registerTemplate,
  registerUploads,
  registerReports,
  registerRollups,
  registerLocks,
  registerAudit,
  registerMessages,
];

export function createApi(deps: ApiDeps, modules: readonly RouteModule[] = ROUTE_MODULES): Hono<ApiEnv> {
  const root = new Hono<ApiEnv>();
  root.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.retryAfterSeconds) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.json(errorBody(error.code, error.message), error.status as 400);
    }
    deps.log?.error('api request failed', { path: c.req.path, method: c.req.method, error });
    return c.json(errorBody('INTERNAL'), 500);
  });
  root.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  // Sign-in is the one route without a token.
  registerSession(root, deps);

  const api = new Hono<ApiEnv>();
  api.use('*', async (c, next) => {
    const identity = await deps.authenticate({ authorization: c.req.header('authorization'), env: c.env });
    c.set('identity', identity);
    await next();
  });
  for (const register of modules) register(api, deps);
  api.all('*', () => {
    throw new ApiError('NOT_FOUND', '接口不存在');
  });
  root.route('/api', api);
  return root;
}
