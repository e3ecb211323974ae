/**
 * The embedded stack's ingest in worker threads: the same outcomes, records, reports and
 * annotated copies as on the main thread, the uploads of one key still in order, and a thread
 * that dies failing only what it had in hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DemoUpload, generateDemoUploads } from '#demo/index.ts';
import {
  defaultIngestThreads,
  IngestThreadError,
  ingestWorkerEntry,
  startIngestThreads,
} from '#embedded/ingestThreads.ts';
import { type EmbeddedStack, type IngestResult, startEmbeddedStack } from '#embedded/stack.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { coreWorkbook } from '../cli/support/uploadFiles.ts';

/** What a stack made of some uploads: results, upload records, reports, annotated copies, current records. */
interface Ingested {
  results: IngestResult['uploads'];
  uploads: unknown[];
  objects: Record<string, string>;
  records: Record<string, unknown[]>;
}

const CITIES = ['330100', '320500', '510100'];

/**
 * The cities' uploads at the same time, those of one city one after the other: in a burst, two
 * uploads of a city-period, or a quarter and the one before it, may finish in either order, and
 * the outcome with them (which one is superseded on arrival, which comparison with last quarter).
 */
async function ingestAll(stack: EmbeddedStack, uploads: readonly DemoUpload[]): Promise<Ingested> {
  const settled = await Promise.all(
    CITIES.map(async (city) => {
      const results: IngestResult['uploads'] = [];
      for (const upload of uploads.filter((candidate) => candidate.city === city)) {
        const result = await stack.upload(
          `uploads/${city}/${upload.period}/${upload.fileName}`,
          upload.body,
          {
            eventTime: upload.uploadedAt,
          },
        );
        results.push(...result.uploads);
      }
      return results;
    }),
  );
  const objects: Record<string, string> = {};
  for (const key of (await stack.objects.list('results/')).sort()) {
    const text = await stack.objects.getText(key);
    // The annotated workbooks are compared by their presence (exceljs stamps them with the time).
    objects[key] = key.endsWith('.json') ? text : 'xlsx';
  }
  const records: Record<string, unknown[]> = {};
  const uploadRecords: unknown[] = [];
  for (const city of CITIES) {
    for (const upload of await stack.uploads.listUploads(city)) {
      const { uploadId, status, acceptedKinds, supersededKinds, counts, sheets } = upload;
      uploadRecords.push({ uploadId, status, acceptedKinds, supersededKinds, counts, sheets });
    }
    for (const sheet of await stack.current.listCurrent(city)) {
      records[`${city}/${sheet.period}/${sheet.kind}`] = await stack.current.readRecords(sheet);
    }
  }
  return withStableIds({ results: settled.flat(), uploads: uploadRecords, objects, records });
}

/** Upload ids hold S3's version id and sequencer, which differ from stack to stack: named by key and time instead. */
function withStableIds(ingested: Ingested): Ingested {
  let json = JSON.stringify(ingested);
  for (const result of ingested.results) {
    json = json.replaceAll(result.uploadId, `${result.key}@${result.uploadId.slice(0, 16)}`);
  }
  return JSON.parse(json) as Ingested;
}

describe('ingest in worker threads', () => {
  let uploads: DemoUpload[];
  let stack: EmbeddedStack | undefined;

  beforeAll(async () => {
    // Three cities' quarters: accepted, with warnings, superseded by a later upload, rejected.
    uploads = (await generateDemoUploads({ registry: DEFAULT_REGISTRY })).filter(
      (upload) => CITIES.includes(upload.city) && (upload.city !== '510100' || upload.period >= '2024Q2'),
    );
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('gives the same outcomes, reports and records in two threads as on the main thread', async () => {
    stack = await startEmbeddedStack({ registry: DEFAULT_REGISTRY, mail: false });
    const inline = await ingestAll(stack, uploads);
    await stack.stop();

    stack = await startEmbeddedStack({ registry: DEFAULT_REGISTRY, mail: false, ingestThreads: 2 });
    const threaded = await ingestAll(stack, uploads);

    expect(new Set(inline.uploads.map((upload) => (upload as { status: string }).status))).toEqual(
      new Set(['accepted', 'accepted_with_warnings', 'superseded', 'rejected']),
    );
    expect(threaded.results).toEqual(inline.results);
    expect(threaded.uploads).toEqual(inline.uploads);
    expect(Object.values(inline.objects)).toContain('xlsx');
    expect(threaded.objects).toEqual(inline.objects);
    expect(Object.keys(threaded.records).length).toBeGreaterThan(10);
    expect(threaded.records).toEqual(inline.records);
  });

  it('ingests the uploads of one key in the order they were put', async () => {
    stack = await startEmbeddedStack({ registry: DEFAULT_REGISTRY, mail: false, ingestThreads: 2 });
    const key = 'uploads/440300/2024Q3/深圳市2024Q3.xlsx';
    const body = await coreWorkbook('440300', '2024Q3');

    const [first, second] = await Promise.all([
      stack.upload(key, body, { eventTime: new Date('2024-10-08T02:00:00Z') }),
      stack.upload(key, body, { eventTime: new Date('2024-10-09T02:00:00Z') }),
    ]);

    // Ingested after the second, the first would have been superseded on arrival.
    expect(first?.uploads[0]?.status).toMatch(/^accepted/);
    expect(second?.uploads[0]?.status).toMatch(/^accepted/);
    const current = await stack.current.getCurrent('440300', '2024Q3', 'core');
    expect(current?.uploadId).toBe(second?.uploads[0]?.uploadId);
    const replaced = await stack.uploads.getUpload('440300', '2024Q3', first?.uploads[0]?.uploadId ?? '');
    expect(replaced?.status).toBe('superseded');
  });

  it('fails the invocations of a thread that dies, and runs no more there', async () => {
    // A worker that says it is ready, then exits when it gets its first event.
    const dying = new URL(
      `data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ ready: true }); parentPort.once('message', () => process.exit(3));")}`,
    );
    const pool = await startIngestThreads(1, { quiet: true, entry: { url: dying } });

    await expect(pool?.run({ Records: [] })).rejects.toBeInstanceOf(IngestThreadError);

    expect(pool?.size).toBe(0);
    expect(pool?.run({ Records: [] })).toBeUndefined();
  });

  it('fails to start, and ends the threads that did, when a thread cannot set itself up', async () => {
    // The first thread to claim the marker sets itself up and beats on a channel while it lives;
    // the other fails.
    const directory = await mkdtemp(join(tmpdir(), 'ipstats-threads-'));
    const channel = `ipstats-threads-${directory}`;
    const flaky = new URL(
      `data:text/javascript,${encodeURIComponent(
        `import { openSync } from 'node:fs';
         import { BroadcastChannel, parentPort } from 'node:worker_threads';
         try { openSync(${JSON.stringify(join(directory, 'first'))}, 'wx'); } catch { throw new Error('no runtime'); }
         const beat = new BroadcastChannel(${JSON.stringify(channel)});
         parentPort.postMessage({ ready: true });
         setInterval(() => beat.postMessage('alive'), 10);`,
      )}`,
    );

    try {
      await expect(startIngestThreads(2, { quiet: true, entry: { url: flaky } })).rejects.toThrow(
        '入库线程意外退出',
      );

      const listener = new BroadcastChannel(channel);
      const beats: unknown[] = [];
      listener.onmessage = (message) => beats.push(message);
      await new Promise((resolve) => setTimeout(resolve, 150));
      listener.close();
      expect(beats).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('leaves one core to s3rver and dynalite, and takes at least one thread', () => {
    expect([1, 2, 4, 8].map((cores) => defaultIngestThreads(cores))).toEqual([1, 1, 3, 7]);
  });

  it('finds the worker beside a bundle built with it, and none beside one built without', () => {
    expect(ingestWorkerEntry('file:///nowhere/chunks/stack-abc.mjs')).toBeUndefined();
    expect(ingestWorkerEntry(new URL('../../embedded/stack.ts', import.meta.url).href)?.url.pathname).toMatch(
      /embedded\/ingestWorker\.ts$/,
    );
  });
});
