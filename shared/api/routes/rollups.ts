/** `POST /api/rollups` (analyst): `{ "period": "2024Q3" }` or `{ "periods": [...] }` → a roll-up. */
import type { RouteModule } from '../app.ts';
import { ApiError } from '../errors.ts';
import { audit, jsonBody, parsePeriodParam, requireAnalyst } from '../http.ts';

export const registerRollups: RouteModule = (app, deps) => {
  app.post('/rollups', async (c) => {
    const identity = requireAnalyst(c);
    const body = await jsonBody(c);
    const requested = Array.isArray(body.periods)
      ? body.periods
      : body.period === undefined
        ? []
        : [body.period];
    if (requested.length === 0 || requested.length > 12 || !requested.every((p) => typeof p === 'string'))
      throw new ApiError(
        'BAD_REQUEST',
        '请指定报告期：{ "period": "2024Q3" } 或 { "periods": [...] }（最多 12 个）',
      );
    const periods = [...new Set(requested.map((text) => parsePeriodParam(text as string)?.code ?? ''))];
    await audit(c, deps, { action: 'rollup', target: periods.join(','), details: { periods } });
    const result = await deps.rollups.run(periods, identity.username);
    return c.json({ periods, ...result }, result.state === 'completed' ? 200 : 202);
  });
};
