/**
 * An ingest worker thread of the embedded stack (`ingestThreads.ts` starts them): the real ingest
 * handler with a runtime of its own (SDK clients, stores, mailer), built from the environment the
 * stack set before starting the thread (its copy of `process.env`: s3rver's and dynalite's
 * endpoints on the main thread). Answers each S3 event with the handler's result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { S3Event } from 'aws-lambda';
import { handler } from '#functions/ingest.ts';
import { resetRuntime, runtime } from '#shared/adapters/runtime.ts';
import { serveRequests } from '#shared/workerPool.ts';
import { lambdaContext } from './lambdaContext.ts';

export interface IngestWorkerData {
  /** Errors-only logs and no metrics (the stack's `verbose` off). */
  quiet: boolean;
}

if (parentPort) {
  resetRuntime({ quiet: (workerData as IngestWorkerData).quiet });
  // Built before the first event, as a warm Lambda container has it.
  runtime();
  serveRequests((event: S3Event) => handler(event, lambdaContext('ingest')));
}
