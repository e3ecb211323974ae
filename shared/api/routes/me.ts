/** `GET /api/me`: the caller, its role and the cities it may read. */
import { ROLE_LABELS } from '../../domain/identity.ts';
import type { RouteModule } from '../app.ts';
import { callerOf, readableCities } from '../http.ts';

export const registerMe: RouteModule = (app, deps) => {
  app.get('/me', async (c) => {
    const identity = callerOf(c);
    const registry = await deps.registry();
    const cities = readableCities(identity, registry).map((city) => ({
      code: city.code,
      name: city.name,
      province: city.province,
    }));
    const own = identity.city ? registry.find((city) => city.code === identity.city) : undefined;
    const provinceName =
      identity.province &&
      registry.find((city) => city.code.slice(0, 2) === identity.province?.slice(0, 2))?.province;
    return c.json({
      username: identity.username,
      role: identity.role,
      roleLabel: ROLE_LABELS[identity.role],
      ...(identity.city ? { city: identity.city, cityName: own?.name ?? null } : {}),
      ...(identity.province ? { province: identity.province, provinceName: provinceName || null } : {}),
      cities,
      maxUploadBytes: deps.maxUploadBytes,
    });
  });
};
