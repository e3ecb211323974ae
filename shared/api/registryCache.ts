/** The registry for handlers and API requests: read from the bucket, kept for a short while (it changes on deploy). */
import type { City } from '../domain/registry.ts';

export function cachedRegistry(
  load: () => Promise<readonly City[]>,
  ttlMs = 60_000,
  now: () => number = Date.now,
): () => Promise<readonly City[]> {
  let cached: { at: number; registry: Promise<readonly City[]> } | undefined;
  return () => {
    if (!cached || now() - cached.at > ttlMs) {
      const registry = load();
      cached = { at: now(), registry };
      registry.catch(() => {
        cached = undefined;
      });
    }
    return cached.registry;
  };
}
