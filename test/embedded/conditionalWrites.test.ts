import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3rver, startS3rver } from '#embedded/s3rver.ts';
import { createS3Client } from '#shared/adapters/clients.ts';
import { createS3ObjectStore } from '#shared/adapters/s3ObjectStore.ts';
import { StoreError } from '#shared/domain/errors.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { ObjectStore } from '#shared/ports.ts';
import {
  type IndexRetryOptions,
  type PublishedReport,
  ReportPublishError,
  readIndex,
  updateIndex,
} from '#shared/reports/publish.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { racingConditionalWrites } from '../support/racingWrites.ts';

const JSON_TYPE = 'application/json';
const NO_WAITING: IndexRetryOptions = { sleep: async () => {} };

function aReport(period: string): PublishedReport {
  return {
    key: reportKeys.national(period, 'json'),
    period,
    scope: 'national',
    city: null,
    format: 'json',
    generatedAt: '2024-10-16T02:00:00.000Z',
    bytes: 1,
  };
}

/** PutObject calls seen by the client; the `fail`-th ones (1-based) answer the given error instead. */
function injectPutFaults(s3: S3Client, fail: Record<number, () => Error>) {
  const name = `put-faults-${Math.random().toString(36).slice(2)}`;
  const inputs: Array<Record<string, unknown>> = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutObjectCommand') return next(args);
      const { Body: _body, ...input } = args.input as Record<string, unknown>;
      inputs.push(input);
      const fault = fail[inputs.length];
      if (fault) throw fault();
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { inputs, remove: () => s3.middlewareStack.remove(name) };
}

function s3Error(name: string, httpStatusCode: number): Error {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode },
    message: `injected ${name}`,
  });
}

describe('s3rver and the S3 adapter over it', () => {
  let directory: string;
  let server: RunningS3rver;
  let s3: S3Client;
  let bucket = 0;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ipstats-conditional-'));
    server = await startS3rver({
      directory,
      buckets: Array.from({ length: 12 }, (_, index) => `bucket-${index}`),
    });
    s3 = createS3Client({ s3Endpoint: server.endpoint });
  });

  afterAll(async () => {
    s3?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** A store on a bucket of its own, so that tests do not share keys. */
  const freshS3Store = () => createS3ObjectStore(s3, `bucket-${bucket++}`);

  describe.each([
    ['the in-memory bucket', () => new MemoryObjectStore() as ObjectStore],
    ['the S3 adapter over s3rver', () => freshS3Store()],
  ])('%s honours conditional writes', (_name, makeStore) => {
    it('writes over the ETag read and refuses a stale one, leaving the object as it was', async () => {
      // Prepare
      const objects = makeStore();
      await objects.putIfUnchanged('reports/index.json', '{"v":1}', JSON_TYPE, undefined);
      const read = (await objects.get('reports/index.json')).etag;

      // Act
      const current = await objects.putIfUnchanged('reports/index.json', '{"v":2}', JSON_TYPE, read);
      const stale = await objects.putIfUnchanged('reports/index.json', '{"v":3}', JSON_TYPE, read);

      // Assess
      expect(current).toEqual({ written: true });
      expect(stale).toMatchObject({ written: false, conflict: { name: 'PreconditionFailed' } });
      const stored = await objects.get('reports/index.json');
      expect(Buffer.concat(await stored.body.toArray()).toString()).toBe('{"v":2}');
    });

    it('creates a key only while it does not exist', async () => {
      const objects = makeStore();

      const created = await objects.putIfUnchanged('a.json', '1', JSON_TYPE, undefined);
      const again = await objects.putIfUnchanged('a.json', '2', JSON_TYPE, undefined);

      expect([created.written, again.written]).toEqual([true, false]);
      expect(Buffer.concat(await (await objects.get('a.json')).body.toArray()).toString()).toBe('1');
    });

    it('refuses a write conditional on an ETag of a key that does not exist', async () => {
      const objects = makeStore();

      const outcome = await objects.putIfUnchanged(
        'b.json',
        '1',
        JSON_TYPE,
        'c4ca4238a0b923820dcc509a6f75849b',
      );

      expect(outcome.written).toBe(false);
      expect(await objects.list('b.json')).toEqual([]);
    });
  });

  it('keeps the entries of five index merges racing through the S3 adapter', async () => {
    // Prepare: five roll-ups read the index, then all write at once.
    const objects = racingConditionalWrites(freshS3Store(), 5);
    const periods = ['2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024'];

    // Act
    await Promise.all(
      periods.map((period) =>
        updateIndex(objects, [aReport(period)], '2024-10-16T02:00:00.000Z', NO_WAITING),
      ),
    );

    // Assess: s3rver let one write of the first round through; the others re-read and merged.
    expect(objects.lost()).toBeGreaterThanOrEqual(4);
    expect((await readIndex(objects)).reports.map((report) => report.period).sort()).toEqual(
      [...periods].sort(),
    );
  });

  it.each([
    ['412 PreconditionFailed', 'PreconditionFailed', 412],
    ['409 ConditionalRequestConflict', 'ConditionalRequestConflict', 409],
  ])('retries the index merge when S3 answers %s', async (_answer, name, status) => {
    // Prepare: an index with 2024Q2; the first conditional PutObject of the merge is answered with the error.
    const objects = freshS3Store();
    await updateIndex(objects, [aReport('2024Q2')], '2024-07-16T02:00:00.000Z');
    const etag = (await objects.get(reportKeys.index)).etag;
    const faults = injectPutFaults(s3, { 1: () => s3Error(name, status) });

    // Act
    try {
      await updateIndex(objects, [aReport('2024Q3')], '2024-10-16T02:00:00.000Z', NO_WAITING);
    } finally {
      faults.remove();
    }

    // Assess: the same conditional write again, then written.
    expect(faults.inputs).toHaveLength(2);
    expect(faults.inputs.map((input) => input.IfMatch)).toEqual([`"${etag}"`, `"${etag}"`]);
    expect(faults.inputs[0]).not.toHaveProperty('IfNoneMatch');
    expect((await readIndex(objects)).reports.map((report) => report.period)).toEqual(['2024Q2', '2024Q3']);
  });

  it('creates a missing index with If-None-Match: *', async () => {
    const objects = freshS3Store();
    const faults = injectPutFaults(s3, {});

    try {
      await updateIndex(objects, [aReport('2024Q3')], '2024-10-16T02:00:00.000Z', NO_WAITING);
    } finally {
      faults.remove();
    }

    expect(faults.inputs).toMatchObject([{ Key: reportKeys.index, IfNoneMatch: '*' }]);
    expect(faults.inputs[0]).not.toHaveProperty('IfMatch');
  });

  it('does not retry a failure that is not a lost race', async () => {
    // Prepare: S3 refuses the write.
    const objects = freshS3Store();
    const faults = injectPutFaults(s3, { 1: () => s3Error('AccessDenied', 403) });

    // Act
    const merging = updateIndex(objects, [aReport('2024Q3')], '2024-10-16T02:00:00.000Z', NO_WAITING);
    const error = await merging.catch((caught: unknown) => caught);
    faults.remove();

    // Assess
    expect(error).toBeInstanceOf(ReportPublishError);
    expect(error).toMatchObject({ message: '写入报告索引 reports/index.json 失败' });
    expect((error as Error).cause).toBeInstanceOf(StoreError);
    expect(faults.inputs).toHaveLength(1);
  });
});
