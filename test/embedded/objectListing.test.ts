import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3rver, startS3rver } from '#embedded/s3rver.ts';
import { createS3Client } from '#shared/adapters/clients.ts';
import { createS3ObjectStore } from '#shared/adapters/s3ObjectStore.ts';
import { mapWithConcurrency } from '#shared/rollup/concurrency.ts';

const MANY = 1_234;
const MANY_PREFIX = 'uploads/440300/2024Q3/';

/** `uploads/440300/2024Q3/file-0000.csv` … : more keys under one prefix than one page holds. */
function manyKeys(): string[] {
  return Array.from(
    { length: MANY },
    (_, index) => `${MANY_PREFIX}file-${String(index).padStart(4, '0')}.csv`,
  );
}

async function putAll(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  await mapWithConcurrency(keys, 32, (key) =>
    s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: key, ContentLength: Buffer.byteLength(key) }),
    ),
  );
}

/** Every page of a V2 listing, following NextContinuationToken. */
async function pagesV2(
  s3: S3Client,
  input: { Bucket: string; Prefix?: string; Delimiter?: string; MaxKeys?: number },
): Promise<ListObjectsV2CommandOutput[]> {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ ...input, ...(token ? { ContinuationToken: token } : {}) }),
    );
    pages.push(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    expect(pages.length).toBeLessThan(100);
  } while (token);
  return pages;
}

/** S3's order: the binary order of the UTF-8 bytes. */
function s3Order(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

describe('listing the embedded S3 (s3rver fronted by objectListing)', () => {
  let directory: string;
  let server: RunningS3rver;
  let s3: S3Client;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ipstats-listing-'));
    server = await startS3rver({ directory, buckets: ['many', 'order', 'other'] });
    s3 = createS3Client({ s3Endpoint: server.endpoint });
    await putAll(s3, 'many', [...manyKeys(), 'uploads/440300/2024Q4/late.csv', 'results/440300/r.json']);
  }, 60_000);

  afterAll(async () => {
    s3?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('lists more than 1,000 keys under one prefix through the object store, each once and in order', async () => {
    const keys = await createS3ObjectStore(s3, 'many').list(MANY_PREFIX);

    expect(keys).toHaveLength(MANY);
    expect(keys).toEqual(manyKeys());
  });

  it('pages by 1,000 with continuation tokens that round-trip, and nothing is lost or repeated', async () => {
    const pages = await pagesV2(s3, { Bucket: 'many', Prefix: MANY_PREFIX });

    expect(pages.map((page) => page.KeyCount)).toEqual([1000, MANY - 1000]);
    expect(pages.map((page) => page.IsTruncated)).toEqual([true, false]);
    expect(pages[1]?.ContinuationToken).toBe(pages[0]?.NextContinuationToken);
    expect(pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key))).toEqual(manyKeys());
    const first = pages[0]?.Contents?.[0];
    expect(first).toMatchObject({
      Key: `${MANY_PREFIX}file-0000.csv`,
      Size: Buffer.byteLength(first?.Key ?? ''),
    });
    expect(first?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('gives opaque tokens and refuses one that is not its own or belongs to another bucket', async () => {
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: 'many', Prefix: MANY_PREFIX, MaxKeys: 1 }),
    );
    const token = first.NextContinuationToken ?? '';

    const otherBucket = s3
      .send(new ListObjectsV2Command({ Bucket: 'other', ContinuationToken: token }))
      .catch((error: unknown) => error);
    const garbage = s3
      .send(new ListObjectsV2Command({ Bucket: 'many', ContinuationToken: 'bm90IGEgdG9rZW4' }))
      .catch((error: unknown) => error);
    const altered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
    const forged = s3
      .send(new ListObjectsV2Command({ Bucket: 'many', ContinuationToken: altered }))
      .catch((error: unknown) => error);

    expect(token).not.toBe('');
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('file-0000');
    expect(await otherBucket).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    expect(await garbage).toMatchObject({ name: 'InvalidArgument' });
    expect(await forged).toMatchObject({ name: 'InvalidArgument' });
  }, 30_000);

  it('keeps S3 order where the folder walk differs (a.txt before a/b, foo before foo-bar) across pages', async () => {
    const keys = ['foo-bar', 'foo', 'a/b', 'a.txt', 'a/c/d', 'b', '报告/甲.json', 'Z'];
    await putAll(s3, 'order', keys);

    const pages = await pagesV2(s3, { Bucket: 'order', MaxKeys: 1 });

    expect(pages.flatMap((page) => (page.Contents ?? []).map((item) => item.Key))).toEqual(s3Order(keys));
  });

  it('counts common prefixes towards a page and continues after the last one without repeating it', async () => {
    const pages = await pagesV2(s3, {
      Bucket: 'many',
      Prefix: 'uploads/440300/',
      Delimiter: '/',
      MaxKeys: 1,
    });

    expect(pages.map((page) => (page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix))).toEqual([
      ['uploads/440300/2024Q3/'],
      ['uploads/440300/2024Q4/'],
    ]);
    expect(pages.every((page) => (page.Contents ?? []).length === 0)).toBe(true);
  });

  it('pages a version 1 listing by marker too', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: 'many', Prefix: MANY_PREFIX }));
    const lastKey = first.Contents?.at(-1)?.Key;
    const second = await s3.send(
      new ListObjectsCommand({ Bucket: 'many', Prefix: MANY_PREFIX, Marker: lastKey }),
    );

    expect([first.Contents?.length, first.IsTruncated]).toEqual([1000, true]);
    expect(second.Contents?.[0]?.Key).toBe(manyKeys()[1000]);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'missing' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });
});
