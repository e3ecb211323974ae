/**
 * s3rver in-process: the embedded stack's S3, with its state in a directory. Conditional PUTs
 * (`If-Match` / `If-None-Match`), which s3rver itself ignores, are checked by `conditionalWrites`;
 * listings, which s3rver cannot page past 1,000 keys on Node ≥ 17, are answered by `objectListing`.
 */
import { stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { conditionalWrites, type KoaMiddleware, type S3rverStore } from './conditionalWrites.ts';
import { type ListingStore, objectListing } from './objectListing.ts';
import { postPolicy } from './postPolicy.ts';

/** How often and how long a write waits for s3rver's file to reach its size (2 s at most). */
const FLUSH_POLL_MS = 5;
const FLUSH_POLLS = 400;

/** s3rver's built-in account: the only credentials it knows (the SDK clients use them locally). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** An object written through s3rver's HTTP API, as s3rver reports it. */
export interface StoredNotification {
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  sourceIp?: string;
}

export interface RunningS3rver {
  /** `http://127.0.0.1:{port}` */
  endpoint: string;
  onObjectCreated(listener: (notification: StoredNotification) => void): void;
  close(): Promise<void>;
}

interface S3rverEvent {
  Records: Array<{
    eventName: string;
    requestParameters?: { sourceIPAddress?: string };
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
  httpServer?: Server;
  /** s3rver is a Koa application: its middleware list (router last) and its filesystem store. */
  middleware: KoaMiddleware[];
  store: S3rverStore & ListingStore & ObjectWriter;
}

/** s3rver's FilesystemStore.putObject and the path it writes to. */
export interface ObjectWriter {
  putObject(object: { bucket: string; key: string }): Promise<{ size: number; md5: string }>;
  getResourcePath(bucket: string, key: string, resource: 'object'): string;
}

// s3rver ships no type declarations; this is the part of its API used here.
const S3rver = createRequire(import.meta.url)('s3rver') as new (
  options: Record<string, unknown>,
) => S3rverInstance;

export interface S3rverOptions {
  directory: string;
  buckets: readonly string[];
  /** Origins whose pages may POST uploads to (and GET from) the buckets: a bucket CORS rule. */
  corsOrigins?: readonly string[];
  /** Largest POST Object body read for its policy check (default 64 MiB). */
  maxPostBytes?: number;
}

export async function startS3rver(options: S3rverOptions): Promise<RunningS3rver> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({
      name,
      ...(options.corsOrigins?.length ? { configs: [corsConfiguration(options.corsOrigins)] } : {}),
    })),
  });
  const listeners: Array<(notification: StoredNotification) => void> = [];
  server.on('event', (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const notification: StoredNotification = {
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size ?? 0,
        eTag: record.s3.object.eTag ?? '',
        ...(record.requestParameters?.sourceIPAddress
          ? { sourceIp: record.requestParameters.sourceIPAddress.replace(/^::ffff:/, '') }
          : {}),
      };
      for (const listener of listeners) listener(notification);
    }
  });
  // In front of s3rver's router (the last middleware); Koa composes the list when run() listens.
  server.middleware.splice(
    server.middleware.length - 1,
    0,
    conditionalWrites(server.store),
    objectListing(server.store),
    postPolicy({
      credentials: { [S3RVER_CREDENTIALS.accessKeyId]: S3RVER_CREDENTIALS.secretAccessKey },
      maxBodyBytes: options.maxPostBytes ?? 64 * 1024 * 1024,
    }),
  );
  durablePuts(server.store);
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    onObjectCreated: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      // Keep-alive sockets of SDK clients would otherwise hold the server open.
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}

/** The bucket CORS rule for browser uploads, as it is configured on AWS (infra). */
export function corsConfiguration(origins: readonly string[]): string {
  const xmlText = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    '<CORSConfiguration><CORSRule>',
    ...origins.map((origin) => `<AllowedOrigin>${xmlText(origin)}</AllowedOrigin>`),
    '<AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod>',
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>',
    '</CORSRule></CORSConfiguration>',
  ].join('');
}

/**
 * s3rver's putObject resolves (and its router announces the object-created event and answers the
 * PUT) when the request body has been read, while its file stream may still be writing. AWS
 * announces an object once it is durable: here putObject resolves once the file has the size
 * written, checked on the file itself (no HTTP round trip), so the ingest function never reads a
 * short object. Every write goes through it: PUT, POST (browser uploads) and multipart completion.
 */
export function durablePuts(store: ObjectWriter): void {
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const written = await putObject(object);
    const path = store.getResourcePath(object.bucket, object.key, 'object');
    for (let poll = 0; poll < FLUSH_POLLS; poll++) {
      const size = await stat(path).then(
        (file) => file.size,
        () => -1,
      );
      if (size === written.size) return written;
      await new Promise((resolve) => setTimeout(resolve, poll === 0 ? 0 : FLUSH_POLL_MS));
    }
    throw new Error(`s3rver did not finish writing ${object.bucket}/${object.key}`);
  };
}
