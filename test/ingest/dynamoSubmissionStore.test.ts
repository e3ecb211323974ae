/**
 * What only the DynamoDB adapter has: compact storage within the write budget, and surviving
 * throttling and UnprocessedItems injected into the real client as SDK middleware.
 */

import { describe, expect, it } from 'vitest';
import { StoreError } from '#shared/domain/errors.ts';
import { uploadOrder } from '#shared/domain/submission.ts';
import { aCurrentSheet, anUploadRecord, stageAll, stagedSheet } from '../support/submissionBuilders.ts';
import { useFaultyTable } from './support/faultyTable.ts';
import { someEnterprises } from './support/records.ts';

const dynamo = useFaultyTable();

describe('DynamoDB submission store', () => {
  it('stages 1,000 detail rows in at most 10 write requests and 200 write units', async () => {
    const store = dynamo.table.store();

    const { chunks } = await stageAll(
      store,
      '20241005T020304Z-budget000001',
      'enterprises',
      someEnterprises(1000),
    );

    expect(chunks).toBeGreaterThanOrEqual(1);
    expect(store.metrics.writeRequests).toBeLessThanOrEqual(10);
    expect(store.metrics.writeUnits).toBeGreaterThan(0);
    expect(store.metrics.writeUnits).toBeLessThanOrEqual(200);
  });

  it('stages the sheets of an upload saved together in one BatchWriteItem', async () => {
    const writes: string[] = [];
    const store = dynamo.table.store({ onRequest: (event) => writes.push(event.operation) });
    const uploadId = '20241005T020304Z-together0001';
    const enterprises = someEnterprises(40);
    const core = store.stageRecords(uploadId, 'core');
    const details = store.stageRecords(uploadId, 'enterprises');
    const empty = store.stageRecords(uploadId, 'cases');
    core.add({ code: 'A01', value: 7 });
    for (const record of enterprises) details.add(record);

    await store.saveSinks([core, details, empty]);

    expect(writes).toEqual(['BatchWriteItem']);
    expect([core.chunks, details.chunks, empty.chunks]).toEqual([1, 1, 0]);
    expect(await store.readRecords(stagedSheet(uploadId, 'core', 1))).toEqual([{ code: 'A01', value: 7 }]);
    expect(await store.readRecords(stagedSheet(uploadId, 'enterprises', 40))).toEqual(enterprises);
  });

  it('saves a sink of another store through that store', async () => {
    const mine = dynamo.table.store();
    const other = dynamo.table.store();
    const uploadId = '20241005T020304Z-elsewhere001';
    const own = mine.stageRecords(uploadId, 'core');
    const foreign = other.stageRecords(uploadId, 'enterprises');
    own.add({ code: 'A01', value: 1 });
    foreign.add({ code: 'A01', value: 2 });

    await mine.saveSinks([own, foreign]);

    expect([mine.metrics.writeRequests, other.metrics.writeRequests]).toEqual([1, 1]);
    expect(await mine.readRecords(stagedSheet(uploadId, 'enterprises', 1))).toEqual([
      { code: 'A01', value: 2 },
    ]);
  });

  it('keeps every stored item under the 400 KB item limit for a large sheet', async () => {
    const events: number[] = [];
    const store = dynamo.table.store({
      onRequest: (event) => event.operation === 'BatchWriteItem' && events.push(event.units),
    });
    const records = someEnterprises(20_000);

    const { chunks } = await stageAll(store, '20241005T020304Z-large0000001', 'enterprises', records);

    expect(chunks).toBeGreaterThan(1);
    expect(
      await store.readRecords(stagedSheet('20241005T020304Z-large0000001', 'enterprises', records.length)),
    ).toEqual(records);
    // A batch's units are the sum of its items' units; no item may pass 400 units (400 KB).
    expect(Math.max(...events) / chunks).toBeLessThan(400);
  });

  it('retries throttled requests with backoff until they succeed', async () => {
    const delays: number[] = [];
    const store = dynamo.table.store({
      retry: { sleep: async (ms) => void delays.push(ms), random: () => 1 },
    });
    const faults = dynamo.inject({ throttle: { PutItem: [1, 2, 3], GetItem: [1] } });
    const upload = anUploadRecord({ city: '510100' });

    await store.createUpload(upload);

    expect(faults.throttled).toBe(3);
    expect(await store.getUpload('510100', '2024Q3', upload.uploadId)).toEqual(upload);
    expect(store.metrics.throttledRetries).toBe(4);
    // Full jitter with random() = 1 shows the exponential bound: 25 × 2^attempt.
    expect(delays).toEqual([50, 100, 200, 50]);
  });

  it('re-sends the items DynamoDB left unprocessed until all are written', async () => {
    const store = dynamo.table.store({ chunkLimits: { maxRawBytes: 8 * 1024, maxEncodedBytes: 350 * 1024 } });
    const faults = dynamo.inject({
      unprocessedBatchWrites: [1, 2, 3],
      throttle: { BatchWriteItem: [4] },
    });
    const records = someEnterprises(400);

    await stageAll(store, '20241005T020304Z-unproc000001', 'enterprises', records);

    expect(faults.unprocessed).toBeGreaterThan(0);
    expect(store.metrics.unprocessedRetries).toBeGreaterThanOrEqual(3);
    expect(
      await store.readRecords(stagedSheet('20241005T020304Z-unproc000001', 'enterprises', records.length)),
    ).toEqual(records);
  });

  it('switches the current pointer correctly while throttled', async () => {
    const store = dynamo.table.store();
    const first = aCurrentSheet({ city: '420100' });
    await store.switchCurrent(first);
    dynamo.inject({ throttle: { GetItem: [1], PutItem: [1, 2] } });
    const later = aCurrentSheet({
      city: '420100',
      uploadId: 'z-later',
      order: `${first.order}z`,
      eventTime: '2024-10-09T00:00:00.000Z',
    });

    const outcome = await store.switchCurrent(later);

    expect(outcome).toEqual({ switched: true, previous: first });
    expect(await store.getCurrent('420100', '2024Q3', 'core')).toEqual({
      ...later,
      firstAcceptedAt: first.firstAcceptedAt,
    });
  });

  it('gives up with a StoreError after the configured attempts', async () => {
    const store = dynamo.table.store({ retry: { maxAttempts: 3 } });
    dynamo.inject({ throttle: { GetItem: [1, 2, 3] } });

    const failure = store.getUpload('440300', '2024Q3', 'anything');

    await expect(failure).rejects.toBeInstanceOf(StoreError);
    await expect(failure).rejects.toThrow(/GetItem 失败（已尝试 3 次）/);
  });

  it('does not retry a request DynamoDB refuses as invalid', async () => {
    const store = dynamo.table.store();
    dynamo.inject({ fail: { GetItem: [1] } });

    await expect(store.getUpload('440300', '2024Q3', 'anything')).rejects.toThrow(/已尝试 1 次/);
    expect(store.metrics.throttledRetries).toBe(0);
  });

  it('counts read and write requests separately', async () => {
    const store = dynamo.table.store();

    await store.putLock({ period: '2023Q4', city: '*', lockedAt: '2024-01-16T00:00:00.000Z' });
    await store.listLocks('2023Q4');

    expect(store.metrics).toMatchObject({ requests: 2, writeRequests: 1, readRequests: 1 });
    expect(store.metrics.writeUnits).toBe(1);
  });

  it('writes the upload record and a new pointer it saw without reading them back first', async () => {
    const store = dynamo.table.store();
    const upload = anUploadRecord({ city: '330100', acceptedKinds: [] });

    await store.createUpload(upload);
    await store.listCurrent('330100');
    await store.saveUpload({ ...upload, acceptedKinds: ['core'] });
    await store.switchCurrent(aCurrentSheet({ city: '330100', uploadId: upload.uploadId }));
    await store.saveUpload({ ...upload, acceptedKinds: ['core'], status: 'accepted' });

    // The listing is the only read: each write starts from what this store wrote or listed.
    expect(store.metrics).toMatchObject({ readRequests: 1, writeRequests: 4 });
    expect(await store.getUpload('330100', '2024Q3', upload.uploadId)).toMatchObject({
      acceptedKinds: ['core'],
      status: 'accepted',
    });
    expect(await store.getCurrent('330100', '2024Q3', 'core')).toMatchObject({ uploadId: upload.uploadId });
  });

  it('reads again and keeps both changes when another store wrote the record it remembers', async () => {
    const ingesting = dynamo.table.store();
    const superseding = dynamo.table.store();
    const upload = anUploadRecord({ city: '320100', acceptedKinds: ['core'], status: 'accepted' });
    await ingesting.createUpload(upload);
    await superseding.markSuperseded('320100', '2024Q3', upload.uploadId, 'core');

    await ingesting.saveUpload({ ...upload, updatedAt: '2024-10-05T03:00:00.000Z' });

    expect(await superseding.getUpload('320100', '2024Q3', upload.uploadId)).toMatchObject({
      supersededKinds: ['core'],
      status: 'superseded',
    });
  });

  it('does not switch a pointer another store moved since this one listed the city', async () => {
    const mine = dynamo.table.store();
    const other = dynamo.table.store();
    await mine.listCurrent('350200');
    const later = aCurrentSheet({
      city: '350200',
      uploadId: 'z-later',
      eventTime: '2024-10-09T00:00:00.000Z',
    });
    await other.switchCurrent({ ...later, order: uploadOrder(later.eventTime, undefined, later.uploadId) });
    const earlier = aCurrentSheet({ city: '350200' });

    const outcome = await mine.switchCurrent(earlier);

    expect(outcome).toMatchObject({
      switched: false,
      reason: 'newer_is_current',
      current: { uploadId: 'z-later' },
    });
    expect(await mine.getCurrent('350200', '2024Q3', 'core')).toMatchObject({ uploadId: 'z-later' });
  });
});
