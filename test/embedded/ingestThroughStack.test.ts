import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { coreCsv, coreWorkbook } from '../cli/support/uploadFiles.ts';

describe('the ingest function behind the embedded stack', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('gets back a key with spaces, + and Chinese characters exactly as it was uploaded', async () => {
    const key = 'uploads/440300/2024Q3/深圳市 2024Q3+补报 (修订).xlsx';

    const result = await stack.upload(key, await coreWorkbook('440300', '2024Q3'), {
      eventTime: new Date('2024-10-08T02:00:00Z'),
    });

    expect(result.uploads).toHaveLength(1);
    const [upload] = result.uploads;
    expect(upload).toMatchObject({ key, city: '440300', period: '2024Q3' });
    expect(upload?.status).toMatch(/^accepted/);
    const record = await stack.uploads.getUpload('440300', '2024Q3', upload?.uploadId ?? '');
    expect(record?.key).toBe(key);
    expect(record?.fileName).toBe('深圳市 2024Q3+补报 (修订).xlsx');
    const report = (await stack.objects.getJson(
      `results/440300/2024Q3/${upload?.uploadId}.json`,
    )) as ValidationReport;
    expect(report.file).toBe('深圳市 2024Q3+补报 (修订).xlsx');
  });

  it('takes the upload time given by the caller as the S3 event time', async () => {
    const eventTime = new Date('2024-10-20T01:00:00Z');

    const result = await stack.upload('uploads/330100/2024Q3/indicators.csv', coreCsv(), { eventTime });

    const uploadId = result.uploads[0]?.uploadId ?? '';
    const record = await stack.uploads.getUpload('330100', '2024Q3', uploadId);
    expect(record?.eventTime).toBe('2024-10-20T01:00:00.000Z');
    // 2024Q3 is due by 2024-10-15 23:59:59 China time.
    expect(record?.late).toBe(true);
    expect(record?.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it('rejects and records a file whose key names an unknown city', async () => {
    const result = await stack.upload('uploads/999999/2024Q3/indicators.csv', coreCsv(), {
      eventTime: new Date('2024-10-08T02:00:00Z'),
    });

    expect(result.uploads[0]).toMatchObject({ city: '999999', status: 'rejected' });
    expect(result.uploads[0]?.errors).toBeGreaterThan(0);
  });

  it('ingests an object put by any S3 client, as the bucket notification would', async () => {
    const key = 'uploads/510100/2024Q3/成都 核心指标.csv';
    const body = coreCsv();

    await stack.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body, ContentLength: body.length }),
    );
    await stack.drained();

    const records = await stack.uploads.listUploads('510100', '2024Q3');
    expect(records.map((record) => record.key)).toEqual([key]);
    expect(records[0]?.status).toMatch(/^accepted/);
  });

  it('does not send the results it writes back to ingest', async () => {
    await stack.drained();

    const keys = await stack.objects.list('results/');

    expect(keys.length).toBeGreaterThan(0);
    const recordedKeys = (
      await Promise.all(
        ['440300', '330100', '510100', '999999'].map((city) => stack.uploads.listUploads(city)),
      )
    )
      .flat()
      .map((record) => record.key);
    expect(recordedKeys.every((key) => key.startsWith('uploads/'))).toBe(true);
  });
});
