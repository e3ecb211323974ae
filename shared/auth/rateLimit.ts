/**
 * Sign-in attempts: after `maxFailures` failed attempts for a username, or from one client
 * address, within `windowMs`, further attempts are refused until the window has passed (a
 * success clears the username's count). In memory: one `ipstats serve` process owns its users.
 */

export interface SignInLimiter {
  /** Seconds until attempts are allowed again, or 0 when this attempt may go ahead. */
  retryAfter(username: string, source: string): number;
  failed(username: string, source: string): void;
  succeeded(username: string): void;
}

export const DEFAULT_SIGN_IN_LIMITS = { maxFailures: 5, windowMs: 15 * 60_000 } as const;

export function createSignInLimiter(
  options: { maxFailures?: number; windowMs?: number; now?: () => number } = {},
): SignInLimiter {
  const maxFailures = options.maxFailures ?? DEFAULT_SIGN_IN_LIMITS.maxFailures;
  // A client address may try a few usernames (a shared office) before it is stopped too.
  const maxSourceFailures = maxFailures * 4;
  const windowMs = options.windowMs ?? DEFAULT_SIGN_IN_LIMITS.windowMs;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const cutoff = now() - windowMs;
    const kept = (failures.get(key) ?? []).filter((time) => time > cutoff);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  const wait = (times: number[], limit: number): number =>
    times.length < limit
      ? 0
      : Math.max(1, Math.ceil(((times[times.length - limit] ?? 0) + windowMs - now()) / 1000));

  return {
    retryAfter(username, source) {
      return Math.max(
        wait(recent(`user:${username.toLowerCase()}`), maxFailures),
        wait(recent(`source:${source}`), maxSourceFailures),
      );
    },
    failed(username, source) {
      for (const key of [`user:${username.toLowerCase()}`, `source:${source}`])
        failures.set(key, [...recent(key), now()]);
    },
    succeeded(username) {
      failures.delete(`user:${username.toLowerCase()}`);
    },
  };
}
