import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durablePuts, type ObjectWriter } from '#embedded/s3rver.ts';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ipstats-s3rver-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('s3rver in the embedded stack', () => {
  it('lets a write resolve only once its file has the size written, as s3rver announces it then', async () => {
    const path = join(directory, 'late-flush.bin');
    const body = randomBytes(64 * 1024);
    // Like s3rver's FilesystemStore: resolves when the body is read, the file is written after.
    const store: ObjectWriter = {
      putObject: async () => {
        setTimeout(() => void writeFile(path, body), 30);
        return { size: body.length, md5: 'md5' };
      },
      getResourcePath: () => path,
    };
    durablePuts(store);

    await store.putObject({ bucket: 'announced', key: 'late-flush.bin' });

    expect(readFileSync(path).equals(body)).toBe(true);
  });
});
