/**
 * Ingest of real files (xlsx and CSV through the real reader) into DynamoDB on dynalite, with
 * throttling and UnprocessedItems injected into the SDK client while it works.
 */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import type { DynamoRecordSink, DynamoSubmissionStore } from '#shared/adapters/dynamoSubmissionStore.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { type IngestDeps, ingestUpload, SAME_CONTENT_NOTE } from '#shared/ingest/ingestUpload.ts';
import { type ObjectStore, tablePorts, textReads } from '#shared/ports.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { stagedSheet } from '../support/submissionBuilders.ts';
import { useFaultyTable } from './support/faultyTable.ts';
import { someEnterprises } from './support/records.ts';
import { basicInfo, completeCore, putUpload, SHENZHEN } from './support/uploads.ts';

const dynamo = useFaultyTable();

const Q3 = '2024Q3';
const keyOf = (file: string) => `uploads/${SHENZHEN.code}/${Q3}/${file}`;

describe('ingesting workbooks into DynamoDB', () => {
  let objects: MemoryObjectStore;
  let store: DynamoSubmissionStore;
  let deps: IngestDeps;

  beforeEach(async () => {
    objects = new MemoryObjectStore();
    store = await dynamo.table.freshStore();
    deps = {
      objects,
      ...tablePorts(store),
      registry: DEFAULT_REGISTRY,
      deadlineDays: 15,
    };
  });

  it('accepts a workbook with 1,000 enterprises and stores them all', async () => {
    const enterprises = someEnterprises(1000);
    const body = await writeUploadWorkbook({ info: basicInfo(), core: completeCore(), enterprises });
    const event = putUpload(objects, {
      key: keyOf('深圳市2024Q3.xlsx'),
      body,
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, deps);

    expect(summary.report?.issues).toEqual([]);
    expect(summary).toMatchObject({ status: 'accepted', rowsIngested: 1029 });
    const current = await store.getCurrent(SHENZHEN.code, Q3, 'enterprises');
    expect(current?.aggregates.rows).toBe(1000);
    expect(await store.readRecords(current ?? stagedSheet(summary.uploadId, 'enterprises', 0))).toEqual(
      enterprises,
    );
    const record = await store.getUpload(SHENZHEN.code, Q3, summary.uploadId);
    expect(record?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('stages every accepted sheet of a workbook in one BatchWriteItem', async () => {
    const enterprises = someEnterprises(30);
    const operations: string[] = [];
    const submissions = await dynamo.table.freshStore({
      onRequest: (event) => operations.push(event.operation),
    });
    const event = putUpload(objects, {
      key: keyOf('深圳市2024Q3.xlsx'),
      body: await writeUploadWorkbook({ info: basicInfo(), core: completeCore(), enterprises }),
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, { ...deps, ...tablePorts(submissions) });

    expect(summary).toMatchObject({ status: 'accepted', rowsIngested: 59 });
    expect(operations.filter((operation) => operation === 'BatchWriteItem')).toHaveLength(1);
    for (const kind of ['core', 'enterprises'] as const) {
      const current = await submissions.getCurrent(SHENZHEN.code, Q3, kind);
      expect(current?.uploadId).toBe(summary.uploadId);
      expect(await submissions.readRecords(current ?? stagedSheet(summary.uploadId, kind, 1))).toHaveLength(
        kind === 'core' ? 29 : 30,
      );
    }
  });

  it('survives throttling and unprocessed items while ingesting', async () => {
    const enterprises = someEnterprises(1500);
    const body = await writeUploadWorkbook({ info: basicInfo(), core: completeCore(), enterprises });
    const event = putUpload(objects, {
      key: keyOf('throttled.xlsx'),
      body,
      eventTime: '2024-10-05T08:00:00.000Z',
    });
    const submissions = await dynamo.table.freshStore({
      chunkLimits: { maxRawBytes: 64 * 1024, maxEncodedBytes: 350 * 1024 },
    });
    const faults = dynamo.inject({
      throttle: { PutItem: [1, 3], Query: [1, 2], BatchWriteItem: [2] },
      unprocessedBatchWrites: [1, 3],
    });

    const summary = await ingestUpload(event, { ...deps, ...tablePorts(submissions) });

    expect(faults.throttled).toBe(5);
    expect(faults.unprocessed).toBeGreaterThan(0);
    expect(summary.status).toBe('accepted');
    const current = await submissions.getCurrent(SHENZHEN.code, Q3, 'enterprises');
    expect(await submissions.readRecords(current ?? stagedSheet(summary.uploadId, 'enterprises', 0))).toEqual(
      enterprises,
    );
  });

  it('writes an annotated copy of a rejected workbook with the problem cell marked', async () => {
    const enterprises = someEnterprises(3);
    const broken = [{ ...enterprises[0], uscc: '91440300MA5F000001' }, ...enterprises.slice(1)];
    const body = await writeUploadWorkbook({
      info: basicInfo(),
      core: completeCore(),
      enterprises: broken as typeof enterprises,
    });
    const event = putUpload(objects, {
      key: keyOf('错误.xlsx'),
      body,
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, deps);

    expect(summary.report?.sheets.find((sheet) => sheet.kind === 'enterprises')?.status).toBe('rejected');
    const issue = summary.report?.issues.find((candidate) => candidate.sheet === '重点企业');
    expect(issue).toMatchObject({ severity: 'error', row: 2, cell: 'B2' });
    const annotated = new ExcelJS.Workbook();
    await annotated.xlsx.load(
      objects.bytes(`results/${SHENZHEN.code}/${Q3}/${summary.uploadId}.xlsx`) as unknown as ArrayBuffer,
    );
    expect(annotated.getWorksheet('重点企业')?.getCell('B2').note).toBeDefined();
    expect(await store.getCurrent(SHENZHEN.code, Q3, 'enterprises')).toBeUndefined();
    expect((await store.getCurrent(SHENZHEN.code, Q3, 'core'))?.uploadId).toBe(summary.uploadId);
  });

  it('stores exactly the rows of a large CSV, chunked while it is read', async () => {
    const enterprises = someEnterprises(3000, 11);
    const submissions = await dynamo.table.freshStore({
      chunkLimits: { maxRawBytes: 32 * 1024, maxEncodedBytes: 350 * 1024 },
    });
    const sinks: DynamoRecordSink[] = [];
    const stageRecords = submissions.stageRecords.bind(submissions);
    submissions.stageRecords = (uploadId, kind) => {
      const sink = stageRecords(uploadId, kind);
      sinks.push(sink);
      return sink;
    };
    const event = putUpload(objects, {
      key: keyOf('重点企业.csv'),
      body: writeUploadCsv('enterprises', enterprises),
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, { ...deps, ...tablePorts(submissions) });

    expect(summary).toMatchObject({ status: 'accepted', rowsIngested: 3000 });
    const current = await submissions.getCurrent(SHENZHEN.code, Q3, 'enterprises');
    // About 400 bytes of JSON per enterprise: 3,000 of them fill several 32 KB chunks.
    expect(sinks.map((sink) => sink.chunks)).toEqual([expect.any(Number)]);
    expect(sinks[0]?.chunks).toBeGreaterThan(10);
    expect(await submissions.readRecords(current ?? stagedSheet(summary.uploadId, 'enterprises', 0))).toEqual(
      enterprises,
    );
  });

  it('stages nothing of a sheet it rejects', async () => {
    const enterprises = someEnterprises(50);
    const repeated = [...enterprises, enterprises[7]] as typeof enterprises;
    const body = await writeUploadWorkbook({
      info: basicInfo(),
      core: completeCore(),
      enterprises: repeated,
    });
    const event = putUpload(objects, {
      key: keyOf('重复.xlsx'),
      body,
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, deps);

    expect(summary.report?.issues.map((issue) => issue.code)).toEqual(['DUPLICATE_USCC']);
    expect(summary.rowsIngested).toBe(29);
    await expect(store.readRecords(stagedSheet(summary.uploadId, 'enterprises', 1))).rejects.toThrow(
      /暂存数据不完整/,
    );
  });

  it('notes that an identical CSV uploaded again under another name changes nothing', async () => {
    const body = Buffer.from(writeUploadCsv('core', completeCore({ A01: 5 })));
    const first = await ingestUpload(
      putUpload(objects, { key: keyOf('核心指标.csv'), body, eventTime: '2024-10-05T08:00:00.000Z' }),
      deps,
    );

    const again = await ingestUpload(
      putUpload(objects, { key: keyOf('核心指标-再传.csv'), body, eventTime: '2024-10-07T08:00:00.000Z' }),
      deps,
    );

    expect(first.status).toBe('accepted');
    expect(again.report?.notes).toEqual([SAME_CONTENT_NOTE]);
    expect(await store.getUpload(SHENZHEN.code, Q3, again.uploadId)).toMatchObject({
      status: 'accepted',
      sameAsUploadId: first.uploadId,
    });
    expect((await store.getCurrent(SHENZHEN.code, Q3, 'core'))?.aggregates.indicators?.A01).toBe(5);
  });

  it('rejects a file that is not a spreadsheet without throwing', async () => {
    const event = putUpload(objects, {
      key: keyOf('照片.xlsx'),
      body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3]),
      eventTime: '2024-10-05T08:00:00.000Z',
    });

    const summary = await ingestUpload(event, deps);

    expect(summary.status).toBe('rejected');
    expect(summary.report?.counts.errors).toBeGreaterThan(0);
    expect(await store.listUploads(SHENZHEN.code, Q3)).toMatchObject([{ status: 'rejected' }]);
  });

  it('treats an S3 stream that breaks mid-file as a failure to retry, not as a bad file', async () => {
    const body = await writeUploadWorkbook({ info: basicInfo(), core: completeCore() });
    const event = putUpload(objects, {
      key: keyOf('中断.xlsx'),
      body,
      eventTime: '2024-10-05T08:00:00.000Z',
    });
    const breaking: ObjectStore = {
      get: async (key, versionId) => {
        const stored = await objects.get(key, versionId);
        const stream = new PassThrough();
        stream.write(body.subarray(0, 1000));
        setImmediate(() =>
          stream.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
        );
        return { ...stored, body: stream };
      },
      ...textReads((key) => breaking.get(key)),
      put: (key, content, type) => objects.put(key, content, type),
      putIfUnchanged: (key, content, type, etag) => objects.putIfUnchanged(key, content, type, etag),
      list: (prefix) => objects.list(prefix),
    };

    await expect(ingestUpload(event, { ...deps, objects: breaking })).rejects.toThrow();

    expect(await store.listUploads(SHENZHEN.code, Q3)).toMatchObject([{ status: 'failed' }]);
    expect(await objects.list('results/')).toEqual([]);

    const retried = await ingestUpload(event, deps);

    expect(retried.status).toBe('accepted');
  });
});
