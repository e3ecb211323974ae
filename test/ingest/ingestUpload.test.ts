/**
 * The ingest use case end to end below the handler: the in-memory bucket, and the submission
 * store both as the in-memory fake and as the DynamoDB adapter on dynalite over HTTP. Files are
 * real workbooks (the demo writer's), read, validated, reported and stored by the real code.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type UploadContent, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import {
  INVALID_KEY_CITY,
  type IngestDeps,
  ingestUpload,
  SAME_CONTENT_NOTE,
} from '#shared/ingest/ingestUpload.ts';
import type { UploadEvent } from '#shared/ingest/s3Event.ts';
import { type TableStore, tablePorts } from '#shared/ports.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynaliteTable.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';
import { stagedSheet } from '../support/submissionBuilders.ts';
import { anAgency, basicInfo, completeCore, coreContent, putUpload, SHENZHEN } from './support/uploads.ts';

let dynalite: DynaliteTable;
beforeAll(async () => {
  dynalite = await startDynaliteTable();
});
afterAll(async () => {
  await dynalite.close();
});

const OCT = (day: number, hour = 8) =>
  `2024-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const Q3 = '2024Q3';

const stores: Array<[string, () => Promise<TableStore>]> = [
  ['in-memory fake', async () => new MemorySubmissionStore()],
  ['DynamoDB adapter on dynalite', () => dynalite.freshStore()],
];

describe.each(stores)('ingestUpload with the %s', (_name, makeStore) => {
  let objects: MemoryObjectStore;
  let submissions: TableStore;
  let deps: IngestDeps;

  beforeEach(async () => {
    objects = new MemoryObjectStore();
    submissions = await makeStore();
    deps = {
      objects,
      ...tablePorts(submissions),
      registry: DEFAULT_REGISTRY,
      deadlineDays: 15,
      now: () => new Date('2024-10-20T00:00:00.000Z'),
    };
  });

  /** The kinds the ingest stages records for, from now on. */
  const countStaging = (): DataSheetKind[] => {
    const kinds: DataSheetKind[] = [];
    const store = deps.current;
    deps = {
      ...deps,
      current: Object.assign(Object.create(store) as typeof store, {
        stageRecords: (uploadId: string, kind: DataSheetKind) => {
          kinds.push(kind);
          return store.stageRecords(uploadId, kind);
        },
      }),
    };
    return kinds;
  };

  const upload = async (content: UploadContent, eventTime: string, key?: string) =>
    putUpload(objects, { body: await writeUploadWorkbook(content), eventTime, ...(key ? { key } : {}) });
  const currentIndicator = async (code: string, kind: DataSheetKind = 'core') =>
    (await submissions.getCurrent(SHENZHEN.code, Q3, kind))?.aggregates.indicators?.[code];

  describe('accepting and rejecting', () => {
    it('accepts a complete upload, records it and makes its data current', async () => {
      const event = await upload(coreContent({ A01: 7 }), OCT(5));

      const summary = await ingestUpload(event, deps);

      expect(summary).toMatchObject({
        city: SHENZHEN.code,
        period: Q3,
        status: 'accepted',
        rowsIngested: 29,
      });
      const record = await submissions.getUpload(SHENZHEN.code, Q3, summary.uploadId);
      expect(record).toMatchObject({
        status: 'accepted',
        key: event.key,
        versionId: event.versionId,
        etag: event.etag,
        size: event.size,
        uploader: 'AWS:AIDACITYUPLOADER',
        eventTime: OCT(5),
        sequencer: event.sequencer,
        acceptedKinds: ['core'],
        supersededKinds: [],
        counts: { errors: 0, warnings: 0 },
        late: false,
        reportKey: `results/${SHENZHEN.code}/${Q3}/${summary.uploadId}.json`,
      });
      expect(record?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const current = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');
      expect(current).toMatchObject({
        uploadId: summary.uploadId,
        firstAcceptedAt: OCT(5),
        aggregates: { rows: 29 },
      });
      expect(current?.aggregates.indicators?.A01).toBe(7);
      expect(await submissions.readRecords(current ?? stagedSheet(summary.uploadId, 'core', 0))).toEqual(
        completeCore({ A01: 7 }),
      );
      expect(objects.json(`results/${SHENZHEN.code}/${Q3}/${summary.uploadId}.json`)).toEqual(summary.report);
    });

    it('rejects an upload with an error, keeps it on record and leaves the previous data current', async () => {
      const good = await ingestUpload(await upload(coreContent({ A01: 7 }), OCT(5)), deps);
      // 发明专利申请量 (B02) larger than 专利申请量 (B01): a cross-field error.
      const bad = await upload(coreContent({ A01: 9, B01: 10, B02: 20 }), OCT(6));

      const summary = await ingestUpload(bad, deps);

      expect(summary.status).toBe('rejected');
      expect(summary.report?.issues.map((issue) => issue.code)).toContain('INDICATOR_EXCEEDS');
      expect(await submissions.getUpload(SHENZHEN.code, Q3, summary.uploadId)).toMatchObject({
        status: 'rejected',
        acceptedKinds: [],
      });
      expect(objects.bytes(`results/${SHENZHEN.code}/${Q3}/${summary.uploadId}.xlsx`)).toBeDefined();
      expect((await submissions.getCurrent(SHENZHEN.code, Q3, 'core'))?.uploadId).toBe(good.uploadId);
      expect(await currentIndicator('A01')).toBe(7);
    });

    it('rejects a workbook whose 基本信息 names another city', async () => {
      const event = await upload(coreContent({}, { cityCode: '330100', cityName: '杭州市' }), OCT(5));

      const summary = await ingestUpload(event, deps);

      expect(summary.status).toBe('rejected');
      expect(summary.report?.issues.map((issue) => issue.code)).toContain('INFO_CITY_MISMATCH');
      expect(await submissions.listCurrent(SHENZHEN.code)).toEqual([]);
    });

    it('rejects an upload into a locked period with a clear message, still checking the file, storing nothing', async () => {
      await submissions.putLock({
        period: Q3,
        city: '*',
        lockedAt: '2024-10-16T02:00:00.000Z',
        lockedBy: 'analyst',
      });
      const staged = countStaging();
      // A good 核心指标 beside a cross-field error: the city hears of both at once.
      const event = await upload(
        coreContent({ B01: 10, B02: 20 }),
        OCT(17),
        `uploads/${SHENZHEN.code}/${Q3}/late.xlsx`,
      );

      const summary = await ingestUpload(event, deps);

      expect(summary.status).toBe('rejected');
      const issue = summary.report?.issues[0];
      expect(issue).toMatchObject({ severity: 'error', code: 'PERIOD_LOCKED', sheet: 'late.xlsx' });
      expect(issue?.message).toContain('2024Q3');
      expect(issue?.message).toContain('锁定');
      expect(summary.report?.issues.map((found) => found.code)).toContain('INDICATOR_EXCEEDS');
      expect(summary.report?.sheets.map((sheet) => sheet.name)).toContain('核心指标');
      expect(await submissions.listUploads(SHENZHEN.code, Q3)).toMatchObject([
        { status: 'rejected', key: event.key, acceptedKinds: [] },
      ]);
      expect(staged).toEqual([]);
      expect(await submissions.listCurrent(SHENZHEN.code)).toEqual([]);
    });

    it('rejects an upload for a city outside the registry with every problem of the file, storing nothing', async () => {
      const staged = countStaging();
      const event = await upload(coreContent(), OCT(5), `uploads/999999/${Q3}/深圳.xlsx`);

      const summary = await ingestUpload(event, deps);

      expect(summary).toMatchObject({ city: '999999', status: 'rejected', rowsIngested: 0 });
      expect(summary.report?.issues.map((issue) => issue.code)).toEqual(
        expect.arrayContaining(['CITY_UNKNOWN', 'INFO_CITY_MISMATCH']),
      );
      expect(summary.report?.sheets.map((sheet) => sheet.name)).toContain('核心指标');
      expect(staged).toEqual([]);
      expect(await submissions.listCurrent('999999')).toEqual([]);
    });

    it('records an upload whose key is not uploads/{city}/{period}/{file} and writes its report', async () => {
      const event = putUpload(objects, {
        key: 'uploads/深圳/2024年三季度.xlsx',
        body: Buffer.from('x'),
        eventTime: OCT(5),
      });

      const summary = await ingestUpload(event, deps);

      expect(summary).toMatchObject({ city: INVALID_KEY_CITY, period: '2024Q4', status: 'rejected' });
      expect(summary.report?.issues).toMatchObject([
        { code: 'KEY_INVALID', severity: 'error', value: event.key },
      ]);
      const recorded = await submissions.listUploads(INVALID_KEY_CITY);
      expect(recorded).toMatchObject([
        { uploadId: summary.uploadId, key: event.key, status: 'rejected', fileName: '2024年三季度.xlsx' },
      ]);
      expect(objects.json(`results/${INVALID_KEY_CITY}/2024Q4/${summary.uploadId}.json`)).toEqual(
        summary.report,
      );
    });

    it('flags an upload after the deadline as late', async () => {
      const summary = await ingestUpload(await upload(coreContent(), OCT(20)), deps);

      expect(summary.status).toBe('accepted_with_warnings');
      expect(summary.report?.late).toBe(true);
      expect((await submissions.getUpload(SHENZHEN.code, Q3, summary.uploadId))?.late).toBe(true);
    });
  });

  describe('duplicates', () => {
    it('does nothing for an event delivered a second time', async () => {
      const event = await upload(coreContent({ A01: 7 }), OCT(5));
      const first = await ingestUpload(event, deps);
      const currentBefore = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');

      const second = await ingestUpload({ ...event }, deps);

      expect(second).toMatchObject({
        uploadId: first.uploadId,
        status: 'accepted',
        duplicate: true,
        rowsIngested: 0,
      });
      expect(second.report).toEqual(first.report);
      expect(await submissions.listUploads(SHENZHEN.code)).toHaveLength(1);
      expect(await submissions.getCurrent(SHENZHEN.code, Q3, 'core')).toEqual(currentBefore);
    });

    it('leaves one submission and unchanged data when one event arrives five times at once', async () => {
      const earlier = await ingestUpload(await upload(coreContent({ A01: 3 }), OCT(2)), deps);
      const event = await upload(coreContent({ A01: 7 }), OCT(5));

      const summaries = await Promise.all(Array.from({ length: 5 }, () => ingestUpload({ ...event }, deps)));

      expect(new Set(summaries.map((summary) => summary.uploadId)).size).toBe(1);
      const uploads = await submissions.listUploads(SHENZHEN.code, Q3);
      expect(uploads.map((record) => [record.uploadId, record.status])).toEqual([
        [earlier.uploadId, 'superseded'],
        [summaries[0]?.uploadId, 'accepted'],
      ]);
      const current = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');
      expect(current).toMatchObject({ uploadId: summaries[0]?.uploadId, firstAcceptedAt: OCT(2) });
      expect(current?.aggregates.indicators?.A01).toBe(7);
      expect(await submissions.readRecords(current ?? stagedSheet('', 'core', 0))).toHaveLength(29);
    });

    it('accepts an identical file under a new key as a no-op change, with a note', async () => {
      // One file's bytes sent twice (a workbook written again would carry another zip time).
      const body = await writeUploadWorkbook(coreContent({ A01: 7 }));
      const first = await ingestUpload(putUpload(objects, { body, eventTime: OCT(5) }), deps);

      const again = await ingestUpload(
        putUpload(objects, { body, eventTime: OCT(6), key: `uploads/${SHENZHEN.code}/${Q3}/再次上传.xlsx` }),
        deps,
      );

      expect(again.status).toBe('accepted');
      expect(again.report?.notes).toEqual([SAME_CONTENT_NOTE]);
      expect(await submissions.getUpload(SHENZHEN.code, Q3, again.uploadId)).toMatchObject({
        sameAsUploadId: first.uploadId,
      });
      expect(await currentIndicator('A01')).toBe(7);
      expect((await submissions.getCurrent(SHENZHEN.code, Q3, 'core'))?.firstAcceptedAt).toBe(OCT(5));
    });
  });

  describe('which upload is current', () => {
    it('keeps the newest upload current when an older one is processed after it', async () => {
      const older = await upload(coreContent({ A01: 3 }), OCT(3));
      const newer = await upload(coreContent({ A01: 7 }), OCT(8));

      const newerSummary = await ingestUpload(newer, deps);
      const olderSummary = await ingestUpload(older, deps);

      expect(olderSummary.status).toBe('superseded');
      expect(olderSummary.rowsIngested).toBe(0);
      expect(await submissions.getUpload(SHENZHEN.code, Q3, olderSummary.uploadId)).toMatchObject({
        status: 'superseded',
        supersededKinds: ['core'],
      });
      const current = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');
      expect(current).toMatchObject({ uploadId: newerSummary.uploadId, firstAcceptedAt: OCT(3) });
      expect(current?.aggregates.indicators?.A01).toBe(7);
    });

    it('orders two uploads of the same second by the S3 sequencer', async () => {
      const key = `uploads/${SHENZHEN.code}/${Q3}/same-second.xlsx`;
      const first = putUpload(objects, {
        key,
        body: await writeUploadWorkbook(coreContent({ A01: 1 })),
        eventTime: OCT(5),
        sequencer: '00000000000000FF',
      });
      const second = putUpload(objects, {
        key,
        body: await writeUploadWorkbook(coreContent({ A01: 2 })),
        eventTime: OCT(5),
        sequencer: '0000000000000100',
      });

      await ingestUpload(second, deps);
      await ingestUpload(first, deps);

      expect(await currentIndicator('A01')).toBe(2);
    });

    it('moves the current aggregates by exactly the correction of a re-upload', async () => {
      await ingestUpload(await upload(coreContent({ A01: 7, C02: 1200 }), OCT(5)), deps);
      const before = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');

      await ingestUpload(await upload(coreContent({ A01: 7, C02: 1250 }), OCT(9)), deps);

      const after = await submissions.getCurrent(SHENZHEN.code, Q3, 'core');
      const changed = Object.keys(after?.aggregates.indicators ?? {}).filter(
        (code) => after?.aggregates.indicators?.[code] !== before?.aggregates.indicators?.[code],
      );
      expect(changed).toEqual(['C02']);
      expect((after?.aggregates.indicators?.C02 ?? 0) - (before?.aggregates.indicators?.C02 ?? 0)).toBe(50);
      expect(after?.firstAcceptedAt).toBe(OCT(5));
    });

    it('supersedes only the sheet kinds a later upload carries', async () => {
      const both = await ingestUpload(
        await upload(
          { info: basicInfo(), core: completeCore(), agencies: [anAgency(1, 1500), anAgency(2, 800)] },
          OCT(5),
        ),
        deps,
      );

      const coreOnly = await ingestUpload(await upload(coreContent({ A01: 9 }), OCT(7)), deps);

      expect(await submissions.getUpload(SHENZHEN.code, Q3, both.uploadId)).toMatchObject({
        status: both.status,
        acceptedKinds: ['core', 'agencies'],
        supersededKinds: ['core'],
      });
      expect((await submissions.getCurrent(SHENZHEN.code, Q3, 'core'))?.uploadId).toBe(coreOnly.uploadId);
      const agencies = await submissions.getCurrent(SHENZHEN.code, Q3, 'agencies');
      expect(agencies).toMatchObject({
        uploadId: both.uploadId,
        aggregates: { rows: 2, agencies: { qualifying: 1 } },
      });
    });

    it('gives the cross-period rules the previous quarter of the city', async () => {
      await ingestUpload(
        await upload(
          { info: basicInfo({ period: '2024Q2' }), core: completeCore({ B06: 1000 }) },
          '2024-07-05T00:00:00.000Z',
          `uploads/${SHENZHEN.code}/2024Q2/q2.xlsx`,
        ),
        deps,
      );

      // 有效发明专利拥有量 is a stock: falling from 1000 to 900 is worth a warning.
      const summary = await ingestUpload(await upload(coreContent({ B06: 900 }), OCT(5)), deps);

      expect(summary.status).toBe('accepted_with_warnings');
      expect(summary.report?.issues.map((issue) => issue.code)).toContain('STOCK_DECREASED');
    });
  });

  describe('the audit trail', () => {
    it('lists accepted, superseded and rejected uploads of a city-period, oldest first', async () => {
      const first = await ingestUpload(await upload(coreContent({ A01: 3 }), OCT(3)), deps);
      const rejected = await ingestUpload(await upload(coreContent({ B01: 1, B02: 5 }), OCT(4)), deps);
      const latest = await ingestUpload(await upload(coreContent({ A01: 4 }), OCT(6)), deps);

      const trail = await submissions.listUploads(SHENZHEN.code, Q3);

      expect(trail.map((record) => [record.uploadId, record.status])).toEqual([
        [first.uploadId, 'superseded'],
        [rejected.uploadId, 'rejected'],
        [latest.uploadId, 'accepted'],
      ]);
      for (const record of trail)
        expect(objects.json(record.reportKey ?? '')).toMatchObject({ uploadId: record.uploadId });
    });
  });

  describe('failures', () => {
    it('keeps the previous data complete when switching fails, and a retry finishes the job', async () => {
      const previous = await ingestUpload(await upload(coreContent({ A01: 3 }), OCT(3)), deps);
      const event = await upload(coreContent({ A01: 8 }), OCT(6));
      const failing = failOnce(submissions, 'switchCurrent');

      await expect(ingestUpload(event, { ...deps, ...tablePorts(failing) })).rejects.toThrow(
        'injected switchCurrent failure',
      );

      const failed = (await submissions.listUploads(SHENZHEN.code, Q3)).at(-1);
      expect(failed).toMatchObject({ status: 'failed', failure: 'injected switchCurrent failure' });
      expect((await submissions.getCurrent(SHENZHEN.code, Q3, 'core'))?.uploadId).toBe(previous.uploadId);
      expect(await currentIndicator('A01')).toBe(3);

      const retried = await ingestUpload(event, { ...deps, ...tablePorts(failing) });

      expect(retried).toMatchObject({ uploadId: failed?.uploadId, status: 'accepted' });
      expect(await currentIndicator('A01')).toBe(8);
      expect((await submissions.getUpload(SHENZHEN.code, Q3, previous.uploadId))?.status).toBe('superseded');
      expect((await submissions.getUpload(SHENZHEN.code, Q3, retried.uploadId))?.failure).toBeUndefined();
    });

    it('marks the replaced upload superseded on retry when the crash came right after the switch', async () => {
      const previous = await ingestUpload(await upload(coreContent({ A01: 3 }), OCT(3)), deps);
      const event = await upload(coreContent({ A01: 8 }), OCT(6));
      const failing = failOnce(submissions, 'listUploads');

      await expect(ingestUpload(event, { ...deps, ...tablePorts(failing) })).rejects.toThrow();
      expect(await currentIndicator('A01')).toBe(8);

      await ingestUpload(event, { ...deps, ...tablePorts(failing) });

      expect((await submissions.getUpload(SHENZHEN.code, Q3, previous.uploadId))?.status).toBe('superseded');
    });

    it('records a failure to read the file and throws so that the event is retried', async () => {
      const event: UploadEvent = {
        bucket: 'b',
        key: `uploads/${SHENZHEN.code}/${Q3}/gone.xlsx`,
        eventTime: OCT(5),
        versionId: 'v-missing',
      };

      await expect(ingestUpload(event, deps)).rejects.toThrow(/对象不存在/);

      expect(await submissions.listUploads(SHENZHEN.code, Q3)).toMatchObject([
        { status: 'failed', key: event.key },
      ]);
      expect(await submissions.listCurrent(SHENZHEN.code)).toEqual([]);
    });
  });
});

/** A store whose `method` fails on its first call only, like a Lambda that dies mid-way. */
function failOnce<M extends keyof TableStore>(store: TableStore, method: M): TableStore {
  let failed = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== method || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (!failed) {
          failed = true;
          return Promise.reject(new Error(`injected ${String(method)} failure`));
        }
        return value.apply(target, args);
      };
    },
  });
}
