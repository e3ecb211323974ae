/**
 * The ingest measurement (run inside a child process): one large upload through the embedded
 * stack — s3rver, the real ingest handler, dynalite — counting the DynamoDB requests and the
 * capacity units that the submission store's adapter reports (dynalite computes them as
 * DynamoDB does: 1 write unit per started KB of item).
 */
import { readFile } from 'node:fs/promises';
import { startEmbeddedStack } from '#embedded/stack.ts';
import type { DynamoSubmissionStore } from '#shared/adapters/dynamoSubmissionStore.ts';
import { runtime } from '#shared/adapters/runtime.ts';
import type { InputFile } from './inputs.ts';
import { peakRssMb, startClock } from './stats.ts';

export interface IngestRunArgs {
  file: InputFile;
  city: string;
  period: string;
  /** ISO-8601 event time of the upload. */
  eventTime: string;
}

export interface IngestRunResult {
  rows: number;
  /** Wall-clock seconds from the PUT to the ingest function's result. */
  seconds: number;
  /** CPU seconds of the whole process meanwhile (s3rver, handler and dynalite share it). */
  cpuSeconds: number;
  status: string;
  writeRequests: number;
  writeUnits: number;
  readRequests: number;
  readUnits: number;
  peakRssMb: number;
}

function hasMetrics(store: unknown): store is DynamoSubmissionStore {
  return typeof store === 'object' && store !== null && 'metrics' in store;
}

export async function runIngest(args: IngestRunArgs): Promise<IngestRunResult> {
  const body = await readFile(args.file.path);
  const stack = await startEmbeddedStack();
  try {
    // The handler's store: the runtime is built once and shared by every invocation in this process.
    const store = runtime().uploads;
    if (!hasMetrics(store)) throw new Error('the runtime submission store does not count its requests');
    const before = { ...store.metrics };
    const clock = startClock();
    const result = await stack.upload(`uploads/${args.city}/${args.period}/${args.file.fileName}`, body, {
      eventTime: new Date(args.eventTime),
    });
    const { seconds, cpuSeconds } = clock.stop();
    const after = store.metrics;
    const upload = result.uploads[0];
    if (!upload) throw new Error('the ingest function reported no upload');
    return {
      rows: upload.rowsIngested,
      seconds,
      cpuSeconds,
      status: upload.status,
      writeRequests: after.writeRequests - before.writeRequests,
      writeUnits: after.writeUnits - before.writeUnits,
      readRequests: after.readRequests - before.readRequests,
      readUnits: after.readUnits - before.readUnits,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await stack.stop();
  }
}
