/**
 * The contract of the table's ports (upload log, current data, locks, audit trail), run against
 * the in-memory fake and against the DynamoDB adapter on dynalite over HTTP: both must behave the
 * same.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadOrder } from '#shared/domain/submission.ts';
import type { TableStore } from '#shared/ports.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynaliteTable.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';
import { aCurrentSheet, anUploadRecord, stageAll, stagedSheet } from '../support/submissionBuilders.ts';
import { someEnterprises } from './support/records.ts';

let dynalite: DynaliteTable;
beforeAll(async () => {
  dynalite = await startDynaliteTable();
});
afterAll(async () => {
  await dynalite.close();
});

// Each test gets its own city code so that tests sharing the table do not see each other.
let cityCounter = 100_000;
const freshCity = () => String(++cityCounter);

const implementations: Array<[string, () => TableStore]> = [
  ['in-memory fake', () => new MemorySubmissionStore()],
  [
    'DynamoDB adapter on dynalite',
    () => dynalite.store({ chunkLimits: { maxRawBytes: 16 * 1024, maxEncodedBytes: 32 * 1024 } }),
  ],
];

describe.each(implementations)('table ports: %s', (_name, makeStore) => {
  describe('upload records', () => {
    it('creates an upload once and returns the existing record on the second attempt', async () => {
      const store = makeStore();
      const city = freshCity();
      const first = anUploadRecord({ city, status: 'received' });

      const created = await store.createUpload(first);
      const again = await store.createUpload({ ...first, status: 'failed' });

      expect(created).toEqual({ created: true });
      expect(again).toEqual({ created: false, existing: first });
      expect(await store.listUploads(city)).toHaveLength(1);
    });

    it('creates an upload exactly once when five deliveries race', async () => {
      const store = makeStore();
      const city = freshCity();
      const upload = anUploadRecord({ city });

      const results = await Promise.all(Array.from({ length: 5 }, () => store.createUpload(upload)));

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(await store.listUploads(city)).toEqual([upload]);
    });

    it('keeps a supersession that happened while the upload was still being processed', async () => {
      const store = makeStore();
      const city = freshCity();
      const processing = anUploadRecord({ city, acceptedKinds: ['core', 'agencies'] });
      await store.createUpload(processing);

      await store.markSuperseded(city, '2024Q3', processing.uploadId, 'core');
      await store.saveUpload({ ...processing, status: 'accepted' });

      const stored = await store.getUpload(city, '2024Q3', processing.uploadId);
      expect(stored?.status).toBe('accepted');
      expect(stored?.supersededKinds).toEqual(['core']);
    });

    it('marks an upload superseded once every sheet kind it made current is replaced', async () => {
      const store = makeStore();
      const city = freshCity();
      const upload = anUploadRecord({ city, status: 'accepted', acceptedKinds: ['core', 'cases'] });
      await store.createUpload(upload);

      await store.markSuperseded(city, '2024Q3', upload.uploadId, 'core');
      await store.markSuperseded(city, '2024Q3', upload.uploadId, 'cases');
      await store.markSuperseded(city, '2024Q3', upload.uploadId, 'cases');

      const stored = await store.getUpload(city, '2024Q3', upload.uploadId);
      expect(stored?.status).toBe('superseded');
      expect(stored?.supersededKinds).toEqual(['core', 'cases']);
    });

    it('does not let a late failure of a duplicate delivery undo a finished upload', async () => {
      const store = makeStore();
      const city = freshCity();
      const upload = anUploadRecord({ city });
      await store.createUpload(upload);
      await store.saveUpload({ ...upload, status: 'rejected', counts: { errors: 2, warnings: 0 } });

      await store.saveUpload({ ...upload, status: 'failed', failure: 'timeout' });

      const stored = await store.getUpload(city, '2024Q3', upload.uploadId);
      expect(stored?.status).toBe('rejected');
      expect(stored?.counts).toEqual({ errors: 2, warnings: 0 });
      expect(stored?.failure).toBeUndefined();
    });

    it('lists the audit trail of a city oldest first, for all periods or one', async () => {
      const store = makeStore();
      const city = freshCity();
      const q3Late = anUploadRecord({
        city,
        period: '2024Q3',
        uploadId: '20241020T000000Z-cccccccccccc',
        status: 'rejected',
      });
      const q3Early = anUploadRecord({
        city,
        period: '2024Q3',
        uploadId: '20241002T000000Z-bbbbbbbbbbbb',
        status: 'superseded',
      });
      const q2 = anUploadRecord({
        city,
        period: '2024Q2',
        uploadId: '20240705T000000Z-aaaaaaaaaaaa',
        status: 'accepted',
      });
      for (const upload of [q3Late, q2, q3Early]) await store.createUpload(upload);
      await store.createUpload(anUploadRecord({ city: freshCity() }));

      const all = await store.listUploads(city);
      const q3 = await store.listUploads(city, '2024Q3');

      expect(all.map((upload) => upload.uploadId)).toEqual([q2.uploadId, q3Early.uploadId, q3Late.uploadId]);
      expect(q3.map((upload) => [upload.uploadId, upload.status])).toEqual([
        [q3Early.uploadId, 'superseded'],
        [q3Late.uploadId, 'rejected'],
      ]);
    });

    it('processes concurrent saves of one record without losing any supersession', async () => {
      const store = makeStore();
      const city = freshCity();
      const upload = anUploadRecord({
        city,
        acceptedKinds: ['core', 'agencies', 'portfolios', 'enterprises', 'cases'],
      });
      await store.createUpload(upload);

      await Promise.all([
        store.saveUpload({ ...upload, status: 'accepted' }),
        store.markSuperseded(city, '2024Q3', upload.uploadId, 'agencies'),
        store.markSuperseded(city, '2024Q3', upload.uploadId, 'cases'),
        store.saveUpload({ ...upload, status: 'accepted' }),
      ]);

      const stored = await store.getUpload(city, '2024Q3', upload.uploadId);
      expect(stored?.status).toBe('accepted');
      expect([...(stored?.supersededKinds ?? [])].sort()).toEqual(['agencies', 'cases']);
    });
  });

  describe('staged records', () => {
    it('reads back staged records in order and unchanged', async () => {
      const store = makeStore();
      const records = someEnterprises(300);

      await stageAll(store, '20241005T020304Z-stage0000001', 'enterprises', records);
      const read = await store.readRecords(stagedSheet('20241005T020304Z-stage0000001', 'enterprises', 300));

      expect(read).toEqual(records);
    });

    it('stages the same records twice without duplicating them', async () => {
      const store = makeStore();
      const records = someEnterprises(120);

      await stageAll(store, '20241005T020304Z-stage0000002', 'enterprises', records);
      await stageAll(store, '20241005T020304Z-stage0000002', 'enterprises', records);

      expect(
        await store.readRecords(stagedSheet('20241005T020304Z-stage0000002', 'enterprises', 120)),
      ).toHaveLength(120);
    });

    it('keeps the sheet kinds of one upload apart', async () => {
      const store = makeStore();
      const uploadId = '20241005T020304Z-stage0000003';
      const core = [{ code: 'A01', value: 12 }];
      const enterprises = someEnterprises(3);

      await stageAll(store, uploadId, 'core', core);
      await stageAll(store, uploadId, 'enterprises', enterprises);

      expect(await store.readRecords(stagedSheet(uploadId, 'core', 1))).toEqual(core);
      expect(await store.readRecords(stagedSheet(uploadId, 'enterprises', 3))).toEqual(enterprises);
    });

    it('stages an empty sheet and reads it back empty', async () => {
      const store = makeStore();

      await stageAll(store, '20241005T020304Z-stage0000004', 'cases', []);

      expect(await store.readRecords(stagedSheet('20241005T020304Z-stage0000004', 'cases', 0))).toEqual([]);
    });

    it('stores nothing for a sink that is never saved', async () => {
      const store = makeStore();
      const uploadId = '20241005T020304Z-stage0000005';
      const sink = store.stageRecords(uploadId, 'enterprises');
      for (const record of someEnterprises(20)) sink.add(record);

      await expect(store.readRecords(stagedSheet(uploadId, 'enterprises', 20))).rejects.toThrow(
        /暂存数据不完整/,
      );
    });

    it('refuses to return part of a sheet when chunks are missing', async () => {
      const store = makeStore();

      await expect(
        store.readRecords(stagedSheet('20241005T020304Z-neverstaged1', 'agencies', 2)),
      ).rejects.toThrow(/暂存数据不完整/);
    });
  });

  describe('current pointers', () => {
    const at = (day: number) => `2024-10-${String(day).padStart(2, '0')}T08:00:00.000Z`;
    const sheetAt = (city: string, day: number, extra: Parameters<typeof aCurrentSheet>[0] = {}) => {
      const uploadId = `202410${String(day).padStart(2, '0')}T080000Z-${String(day).repeat(12).slice(0, 12)}`;
      return aCurrentSheet({
        city,
        uploadId,
        eventTime: at(day),
        order: uploadOrder(at(day), undefined, uploadId),
        firstAcceptedAt: at(day),
        ...extra,
      });
    };

    it('makes the first accepted upload current', async () => {
      const store = makeStore();
      const city = freshCity();
      const first = sheetAt(city, 5);

      const outcome = await store.switchCurrent(first);

      expect(outcome).toEqual({ switched: true });
      expect(await store.getCurrent(city, '2024Q3', 'core')).toEqual(first);
    });

    it('replaces the current upload with a later one and keeps the first accepted time', async () => {
      const store = makeStore();
      const city = freshCity();
      const first = sheetAt(city, 5);
      const later = sheetAt(city, 20, { aggregates: { rows: 2, indicators: { A01: 11 } } });
      await store.switchCurrent(first);

      const outcome = await store.switchCurrent(later);

      expect(outcome).toEqual({ switched: true, previous: first });
      expect(await store.getCurrent(city, '2024Q3', 'core')).toEqual({ ...later, firstAcceptedAt: at(5) });
    });

    it('leaves a later upload current when an earlier one is processed after it', async () => {
      const store = makeStore();
      const city = freshCity();
      const later = sheetAt(city, 20);
      const earlier = sheetAt(city, 5);
      await store.switchCurrent(later);

      const outcome = await store.switchCurrent(earlier);

      const expected = { ...later, firstAcceptedAt: at(5) };
      expect(outcome).toEqual({ switched: false, reason: 'newer_is_current', current: expected });
      expect(await store.getCurrent(city, '2024Q3', 'core')).toEqual(expected);
    });

    it('recognises a retry of the switch that already happened', async () => {
      const store = makeStore();
      const city = freshCity();
      const sheet = sheetAt(city, 5);
      await store.switchCurrent(sheet);

      const outcome = await store.switchCurrent(sheet);

      expect(outcome).toEqual({ switched: false, reason: 'already_current', current: sheet });
    });

    it('ends with the latest upload current and the earliest accepted time, whatever the order of concurrent switches', async () => {
      const store = makeStore();
      const city = freshCity();
      const days = [12, 3, 27, 8, 19, 1, 23, 15];

      await Promise.all(days.map((day) => store.switchCurrent(sheetAt(city, day))));

      expect(await store.getCurrent(city, '2024Q3', 'core')).toEqual({
        ...sheetAt(city, 27),
        firstAcceptedAt: at(1),
      });
    });

    it('orders uploads with the same event time by the S3 sequencer', async () => {
      const store = makeStore();
      const city = freshCity();
      const second = aCurrentSheet({ city, uploadId: 'b', order: uploadOrder(at(5), '0A', 'b') });
      const first = aCurrentSheet({ city, uploadId: 'c', order: uploadOrder(at(5), '9', 'c') });
      await store.switchCurrent(second);

      const outcome = await store.switchCurrent(first);

      expect(outcome.switched).toBe(false);
      expect((await store.getCurrent(city, '2024Q3', 'core'))?.uploadId).toBe('b');
    });

    it('lists the current sheets of a city over all periods', async () => {
      const store = makeStore();
      const city = freshCity();
      await store.switchCurrent(sheetAt(city, 5, { period: '2024Q3', kind: 'core' }));
      await store.switchCurrent(sheetAt(city, 5, { period: '2024Q3', kind: 'cases' }));
      await store.switchCurrent(sheetAt(city, 5, { period: '2024Q2', kind: 'core' }));
      await store.switchCurrent(sheetAt(freshCity(), 5));

      const current = await store.listCurrent(city);

      expect(current.map((sheet) => `${sheet.period}/${sheet.kind}`)).toEqual([
        '2024Q2/core',
        '2024Q3/cases',
        '2024Q3/core',
      ]);
    });
  });

  describe('locks and summaries', () => {
    it('locks, lists and unlocks periods', async () => {
      const store = makeStore();
      const period = `20${String(++cityCounter).slice(-2)}Q1`;
      await store.putLock({ period, city: '*', lockedAt: '2024-10-16T00:00:00.000Z', lockedBy: 'analyst' });
      await store.putLock({ period, city: '440300', lockedAt: '2024-10-16T00:00:00.000Z' });

      const listed = await store.listLocks(period);
      const removed = await store.deleteLock(period, '*');
      const removedAgain = await store.deleteLock(period, '*');

      expect(listed.map((lock) => lock.city)).toEqual(['*', '440300']);
      expect(removed).toBe(true);
      expect(removedAgain).toBe(false);
      expect(await store.listLocks(period)).toEqual([
        { period, city: '440300', lockedAt: '2024-10-16T00:00:00.000Z' },
      ]);
      expect((await store.listLocks()).some((lock) => lock.period === period)).toBe(true);
    });
  });

  describe('audit trail', () => {
    const entry = (at: string, action: string, actor = 'analyst-1') => ({
      at,
      actor,
      action,
      target: '2024Q3',
      details: { reason: `${action} at ${at}` },
    });

    it('lists the entries of a time range oldest first, across months', async () => {
      const store = makeStore();
      const actor = `actor-${freshCity()}`;
      await store.append(entry('2031-11-02T08:00:00.000Z', 'lock', actor));
      await store.append(entry('2031-10-30T08:00:00.000Z', 'rollup', actor));
      await store.append(entry('2031-12-01T00:00:00.000Z', 'unlock', actor));
      await store.append(entry('2031-10-01T00:00:00.000Z', 'sign_in_failed', actor));

      const listed = await store.listAudit({
        from: '2031-10-15T00:00:00.000Z',
        to: '2031-12-01T00:00:00.000Z',
        actor,
      });

      expect(listed).toEqual([
        entry('2031-10-30T08:00:00.000Z', 'rollup', actor),
        entry('2031-11-02T08:00:00.000Z', 'lock', actor),
      ]);
    });

    it('filters by action and by actor', async () => {
      const store = makeStore();
      const range = { from: '2032-01-01T00:00:00.000Z', to: '2032-02-01T00:00:00.000Z' };
      const one = `actor-${freshCity()}`;
      const other = `actor-${freshCity()}`;
      await store.append(entry('2032-01-05T00:00:00.000Z', 'sign_in_failed', one));
      await store.append(entry('2032-01-06T00:00:00.000Z', 'sign_in_failed', other));
      await store.append(entry('2032-01-07T00:00:00.000Z', 'lock', one));

      const failures = await store.listAudit({ ...range, action: 'sign_in_failed' });
      const ofOne = await store.listAudit({ ...range, actor: one });

      expect(failures.map((found) => found.actor)).toEqual([one, other]);
      expect(ofOne.map((found) => found.action)).toEqual(['sign_in_failed', 'lock']);
    });
  });
});
