/** An object store on which concurrent conditional writers really race, for tests of optimistic merges. */
import type { ObjectStore } from '#shared/ports.ts';

/**
 * Holds the first conditional writes until `parties` of them wait, so that every writer has read
 * before any writes; `lost()` counts the writes whose condition failed.
 */
export function racingConditionalWrites(
  objects: ObjectStore,
  parties: number,
): ObjectStore & { lost: () => number } {
  const waiting: Array<() => void> = [];
  let lost = 0;
  return {
    lost: () => lost,
    get: (key, versionId) => objects.get(key, versionId),
    getText: (key) => objects.getText(key),
    getJson: (key) => objects.getJson(key),
    put: (key, body, type) => objects.put(key, body, type),
    list: (prefix) => objects.list(prefix),
    putIfUnchanged: async (key, body, type, etag) => {
      if (waiting.length < parties) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === parties) for (const go of waiting) go();
        });
      }
      const outcome = await objects.putIfUnchanged(key, body, type, etag);
      if (!outcome.written) lost++;
      return outcome;
    },
  };
}
