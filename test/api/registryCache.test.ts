import { describe, expect, it } from 'vitest';
import { cachedRegistry } from '#shared/api/registryCache.ts';
import { type City, DEFAULT_REGISTRY } from '#shared/domain/registry.ts';

/** A bucket whose registry read counts itself and can be made to fail. */
function countingLoad() {
  const state = { reads: 0, failNext: false };
  const load = async (): Promise<readonly City[]> => {
    state.reads++;
    if (state.failNext) {
      state.failNext = false;
      throw new Error('bucket unavailable');
    }
    return DEFAULT_REGISTRY.slice(0, state.reads);
  };
  return { state, load };
}

describe('cachedRegistry', () => {
  it('reads the registry once per minute however many invocations ask for it', async () => {
    let now = 0;
    const { state, load } = countingLoad();
    const registry = cachedRegistry(load, 60_000, () => now);

    const first = await Promise.all([registry(), registry(), registry()]);
    now = 60_000;
    const withinTheMinute = await registry();
    now = 60_001;
    const afterIt = await registry();

    expect(state.reads).toBe(2);
    expect(first.map((cities) => cities.length)).toEqual([1, 1, 1]);
    expect(withinTheMinute).toHaveLength(1);
    expect(afterIt).toHaveLength(2);
  });

  it('reads again on the next call after a failed read instead of keeping the failure', async () => {
    const { state, load } = countingLoad();
    const registry = cachedRegistry(load, 60_000, () => 0);
    state.failNext = true;

    await expect(registry()).rejects.toThrow('bucket unavailable');
    const next = await registry();

    expect(state.reads).toBe(2);
    expect(next).toHaveLength(2);
  });
});
