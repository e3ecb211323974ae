/** An in-memory versioned bucket behind the `ObjectStore` port, for unit tests. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  bodyBytes,
  type ConditionalPutResult,
  ObjectNotFoundError,
  type ObjectStore,
  type StoredObject,
  textReads,
} from '#shared/ports.ts';

interface StoredVersion {
  versionId: string;
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

/** What a test needs to build the S3 event of an object it has put. */
export interface ObjectVersionInfo {
  versionId: string;
  etag: string;
  size: number;
}

export class MemoryObjectStore implements ObjectStore {
  private readonly versions = new Map<string, StoredVersion[]>();
  private nextVersion = 1;
  /** How many `putIfUnchanged` calls lost their condition so far. */
  conflicts = 0;
  private readonly reads = textReads((key) => this.get(key));
  readonly getText = this.reads.getText;
  readonly getJson = this.reads.getJson;

  async get(key: string, versionId?: string): Promise<StoredObject> {
    const found = this.find(key, versionId);
    if (!found) throw new ObjectNotFoundError(versionId ? `${key}?versionId=${versionId}` : key);
    return {
      body: Readable.from([found.body]),
      size: found.body.length,
      etag: found.etag,
      versionId: found.versionId,
      lastModified: found.lastModified,
    };
  }

  async put(key: string, body: Buffer | string | Readable, contentType: string): Promise<void> {
    this.store(key, await toBuffer(body), contentType);
  }

  /** Checks the condition and stores in one step, with no await in between: S3's atomic check. */
  async putIfUnchanged(
    key: string,
    body: Buffer | string,
    contentType: string,
    expectedEtag: string | undefined,
  ): Promise<ConditionalPutResult> {
    const current = this.find(key);
    if (expectedEtag === undefined ? current !== undefined : current?.etag !== expectedEtag) {
      this.conflicts++;
      return { written: false, conflict: new PreconditionFailed(key, expectedEtag, current?.etag) };
    }
    this.store(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, contentType);
    return { written: true };
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.versions.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  /** Puts an object and returns its new version (a test's stand-in for the S3 event fields). */
  putVersion(
    key: string,
    body: Buffer | string,
    contentType = 'application/octet-stream',
  ): ObjectVersionInfo {
    const stored = this.store(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, contentType);
    return { versionId: stored.versionId, etag: stored.etag, size: stored.body.length };
  }

  /** The latest version's bytes, or undefined. */
  bytes(key: string): Buffer | undefined {
    return this.find(key)?.body;
  }

  /** The latest version parsed as JSON, or undefined. */
  json(key: string): unknown {
    const body = this.bytes(key);
    return body === undefined ? undefined : JSON.parse(body.toString('utf8'));
  }

  private store(key: string, body: Buffer, contentType: string): StoredVersion {
    const stored: StoredVersion = {
      versionId: `v${String(this.nextVersion++).padStart(6, '0')}`,
      body,
      contentType,
      etag: createHash('md5').update(body).digest('hex'),
      lastModified: new Date(),
    };
    this.versions.set(key, [...(this.versions.get(key) ?? []), stored]);
    return stored;
  }

  private find(key: string, versionId?: string): StoredVersion | undefined {
    const versions = this.versions.get(key) ?? [];
    return versionId === undefined
      ? versions.at(-1)
      : versions.find((version) => version.versionId === versionId);
  }
}

/** What S3 answers a conditional write that lost (412), as the fake's `conflict`. */
class PreconditionFailed extends Error {
  constructor(key: string, expected: string | undefined, current: string | undefined) {
    super(
      `At least one of the pre-conditions you specified did not hold: ${key} expected ${
        expected === undefined ? 'absent' : `ETag ${expected}`
      }, found ${current === undefined ? 'absent' : `ETag ${current}`}`,
    );
    this.name = 'PreconditionFailed';
  }
}

async function toBuffer(body: Buffer | string | Readable): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  return bodyBytes(body);
}
