import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRecordChunk, RecordChunkEncoder } from '#shared/adapters/recordChunks.ts';
import { StoreError } from '#shared/domain/errors.ts';
import type { CaseRecord } from '#shared/domain/records.ts';
import { someEnterprises } from './support/records.ts';

describe('RecordChunkEncoder', () => {
  it('groups records added one at a time into chunks of at most the raw size, in order', async () => {
    // Prepare: each enterprise is about 400 bytes of JSON, so 16 KB holds a few dozen.
    const records = someEnterprises(400);
    const encoder = new RecordChunkEncoder({ maxRawBytes: 16 * 1024, maxEncodedBytes: 350 * 1024 });

    for (const record of records) encoder.add(record);
    const chunks = await encoder.finish();

    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(gunzipSync(chunk.data).length).toBeLessThanOrEqual(16 * 1024 + 2);
    expect(chunks.reduce((rows, chunk) => rows + chunk.rows, 0)).toBe(400);
    const decoded = [];
    for (const chunk of chunks) decoded.push(...(await decodeRecordChunk(chunk.data)));
    expect(decoded).toEqual(records);
  });

  it('splits a group that compresses beyond the item limit', async () => {
    const records = someEnterprises(200);
    const encoder = new RecordChunkEncoder({ maxRawBytes: 1024 * 1024, maxEncodedBytes: 4 * 1024 });

    for (const record of records) encoder.add(record);
    const chunks = await encoder.finish();

    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.data.length).toBeLessThanOrEqual(4 * 1024);
    const decoded = [];
    for (const chunk of chunks) decoded.push(...(await decodeRecordChunk(chunk.data)));
    expect(decoded).toEqual(records);
  });

  it('fits the widest row the readers let through in one item: a case whose five texts are full Excel cells', async () => {
    // Random Chinese compresses worst; 32,767 characters is the most a cell may hold (TEXT_TOO_LONG).
    let seed = 7;
    // mulberry32: uniform 32-bit values, so that gzip finds no pattern to shrink.
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const text = () =>
      Array.from({ length: 32_767 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 20_902))).join(
        '',
      );
    const widest: CaseRecord = {
      title: text(),
      category: '专利导航',
      subject: text(),
      practice: text(),
      outcomeMetric: text(),
      outcomeValue: 123_456.789,
      outcomeUnit: text(),
      recommended: true,
    };
    const encoder = new RecordChunkEncoder();

    encoder.add(widest);
    const chunks = await encoder.finish();

    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.data.length).toBeGreaterThan(340 * 1024);
    expect(await decodeRecordChunk(chunks[0]!.data)).toEqual([widest]);
  });

  it('gives no chunk when no record was added', async () => {
    expect(await new RecordChunkEncoder().finish()).toEqual([]);
  });

  it('fails with a StoreError when a single record does not fit in an item', async () => {
    const encoder = new RecordChunkEncoder({ maxRawBytes: 1, maxEncodedBytes: 10 });
    encoder.add(someEnterprises(1)[0]!);

    await expect(encoder.finish()).rejects.toBeInstanceOf(StoreError);
  });

  it('raises nothing when a chunker whose chunk failed is dropped unfinished (its sheet was rejected)', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const encoder = new RecordChunkEncoder({ maxRawBytes: 1, maxEncodedBytes: 10 });

      // The second record starts compressing the first, which cannot fit; nobody finishes the encoder.
      encoder.add(someEnterprises(1)[0]!);
      encoder.add(someEnterprises(1)[0]!);
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
