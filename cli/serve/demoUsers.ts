/**
 * The demo users of `ipstats serve --demo`: `city-{code}` for every demo city, `province-{code}`
 * for each of their provinces, and `analyst`, all with the password `demo1234` unless
 * `IPSTATS_DEMO_PASSWORD` is set. They are marked as demo users, which sign in only while the
 * server listens on loopback.
 */
import { hashPassword } from '#shared/auth/passwords.ts';
import type { LocalUser, UserDirectory } from '#shared/auth/users.ts';
import { type Identity, provinceOf } from '#shared/domain/identity.ts';
import type { City } from '#shared/domain/registry.ts';

export const DEFAULT_DEMO_PASSWORD = 'demo1234';

export function demoPassword(env: NodeJS.ProcessEnv = process.env): string {
  return env.IPSTATS_DEMO_PASSWORD?.trim() || DEFAULT_DEMO_PASSWORD;
}

export function demoIdentities(registry: readonly City[]): Identity[] {
  const provinces = [...new Set(registry.map((city) => provinceOf(city.code)))].sort();
  return [
    ...registry.map((city): Identity => ({ username: `city-${city.code}`, role: 'city', city: city.code })),
    ...provinces.map(
      (province): Identity => ({ username: `province-${province}`, role: 'province', province }),
    ),
    { username: 'analyst', role: 'analyst' },
  ];
}

/** Adds (or refreshes) the demo users; real users of the same state directory are left alone. */
export async function ensureDemoUsers(
  users: UserDirectory,
  registry: readonly City[],
  password: string,
  now: Date = new Date(),
): Promise<Identity[]> {
  const identities = demoIdentities(registry);
  const passwordHash = await hashPassword(password);
  for (const identity of identities) {
    const existing = await users.find(identity.username);
    if (existing && !existing.demo) continue;
    const user: LocalUser = {
      ...identity,
      passwordHash,
      createdAt: existing?.createdAt ?? now.toISOString(),
      demo: true,
    };
    await users.put(user);
  }
  return identities;
}
