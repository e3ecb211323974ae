/**
 * Conditional PutObject for s3rver. s3rver 3.7 ignores `If-Match` / `If-None-Match` on PUT Object
 * (it evaluates `If-None-Match` only on GET), so a conditional write would always succeed and the
 * optimistic merge of `reports/index.json` would lose entries exactly as before. This Koa
 * middleware, inserted in front of s3rver's router, gives PUT Object AWS's answers:
 *
 * - `If-None-Match: *` on an existing key → 412 PreconditionFailed (other values → 501, as on AWS);
 * - `If-Match: <etag>` on another ETag → 412 PreconditionFailed, on a missing key → 404 NoSuchKey.
 *
 * The check and the write are atomic per key: a conditional PUT holds the key exclusively from the
 * check until its bytes are on disk (s3rver answers before its file stream has flushed), and waits
 * for reads of the key already being sent; GET/HEAD of the key wait while such a write is in
 * progress, so a reader never sees a half-written object or an ETag that does not match its body.
 * Unconditional PUTs go straight to s3rver, as before. The locks live in this process, which is
 * enough: the embedded stack is one per process and its state directory is not shared (dynalite
 * keeps its LevelDB there locked).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/** The part of Koa's context used here. */
export interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  get(field: string): string;
  response: { get(field: string): string };
  res: ServerResponse;
}

export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** The part of s3rver's FilesystemStore used here. */
export interface S3rverStore {
  /** Rejects with code ENOENT when the object does not exist. */
  getMetadata(bucket: string, key: string): Promise<{ etag?: string }>;
  getObject(bucket: string, key: string): Promise<{ content?: Readable } | null>;
}

// s3rver's error class: thrown from middleware, its own error handler renders it as S3's XML error.
const S3Error = createRequire(import.meta.url)('s3rver/lib/models/error') as new (
  code: string,
  message: string,
  detail?: Record<string, string>,
) => Error;

const PRECONDITION_FAILED = 'At least one of the pre-conditions you specified did not hold';
const FLUSH_POLL_MS = 5;
const FLUSH_POLLS = 400;

export function conditionalWrites(store: S3rverStore): KoaMiddleware {
  const locks = new KeyLocks();
  return async (ctx, next) => {
    const target = objectTarget(ctx);
    if (!target) return next();
    const id = `${target.bucket}/${target.key}`;
    const ifMatch = ctx.get('if-match') || undefined;
    const ifNoneMatch = ctx.get('if-none-match') || undefined;

    if (ctx.method === 'PUT' && !ctx.get('x-amz-copy-source') && (ifMatch || ifNoneMatch)) {
      const release = await locks.acquire(id, 'write');
      try {
        const current = await currentEtag(store, target.bucket, target.key);
        checkPreconditions(target.key, { ifMatch, ifNoneMatch }, current);
        await next();
        await untilWritten(store, target.bucket, target.key, unquote(ctx.response.get('ETag')));
      } finally {
        release();
      }
      return;
    }

    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      // Held until the response has been sent: the body is streamed from the file after next().
      const release = await locks.acquire(id, 'read');
      ctx.res.once('finish', release);
      ctx.res.once('close', release);
      try {
        await next();
      } catch (error) {
        release();
        throw error;
      }
      return;
    }
    return next();
  };
}

/** `/{bucket}/{key}` of a path-style object request without a subresource (`?tagging`, `?uploadId` …). */
function objectTarget(ctx: KoaContext): { bucket: string; key: string } | undefined {
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (!match?.[1] || !match[2]) return undefined;
  // The SDK adds `x-id=PutObject` / `x-id=GetObject`; anything else addresses a subresource.
  if (Object.keys(ctx.query).some((name) => name !== 'x-id')) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

async function currentEtag(store: S3rverStore, bucket: string, key: string): Promise<string | undefined> {
  try {
    const metadata = await store.getMetadata(bucket, key);
    return metadata.etag === undefined ? undefined : unquote(metadata.etag);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

function checkPreconditions(
  key: string,
  headers: { ifMatch?: string | undefined; ifNoneMatch?: string | undefined },
  current: string | undefined,
): void {
  if (headers.ifNoneMatch !== undefined) {
    if (headers.ifNoneMatch.trim() !== '*')
      throw new S3Error(
        'NotImplemented',
        'A header you provided implies functionality that is not implemented',
        { Header: 'If-None-Match' },
      );
    if (current !== undefined)
      throw new S3Error('PreconditionFailed', PRECONDITION_FAILED, { Condition: 'If-None-Match' });
  }
  if (headers.ifMatch !== undefined) {
    if (current === undefined)
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
    if (headers.ifMatch.trim() !== '*' && unquote(headers.ifMatch) !== current)
      throw new S3Error('PreconditionFailed', PRECONDITION_FAILED, { Condition: 'If-Match' });
  }
}

/** Waits until the object's bytes on disk are the ones just written (their MD5 is the ETag sent). */
async function untilWritten(store: S3rverStore, bucket: string, key: string, md5: string): Promise<void> {
  for (let poll = 0; poll < FLUSH_POLLS; poll++) {
    const stored = await store.getObject(bucket, key).catch(() => null);
    if (stored?.content) {
      const hash = createHash('md5');
      for await (const chunk of stored.content) hash.update(chunk as Buffer);
      if (hash.digest('hex') === md5) return;
    }
    await new Promise((resolve) => setTimeout(resolve, FLUSH_POLL_MS));
  }
  throw new Error(`s3rver did not finish writing ${bucket}/${key}`);
}

function unquote(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

type LockMode = 'read' | 'write';

interface KeyLock {
  readers: number;
  writing: boolean;
  waiting: Array<{ mode: LockMode; grant: () => void }>;
}

/**
 * Readers–writer locks per key, first come first served (a reader arriving after a waiting
 * writer waits for it). `acquire` resolves with the release function, which may be called more
 * than once.
 */
class KeyLocks {
  private readonly locks = new Map<string, KeyLock>();

  acquire(id: string, mode: LockMode): Promise<() => void> {
    let lock = this.locks.get(id);
    if (!lock) {
      lock = { readers: 0, writing: false, waiting: [] };
      this.locks.set(id, lock);
    }
    const held = lock;
    return new Promise((resolve) => {
      held.waiting.push({
        mode,
        grant: () => {
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            if (mode === 'read') held.readers--;
            else held.writing = false;
            this.pump(id, held);
          });
        },
      });
      this.pump(id, held);
    });
  }

  private pump(id: string, lock: KeyLock): void {
    for (let next = lock.waiting[0]; next; next = lock.waiting[0]) {
      const free = next.mode === 'read' ? !lock.writing : !lock.writing && lock.readers === 0;
      if (!free) break;
      lock.waiting.shift();
      if (next.mode === 'read') lock.readers++;
      else lock.writing = true;
      next.grant();
    }
    if (!lock.writing && lock.readers === 0 && lock.waiting.length === 0) this.locks.delete(id);
  }
}
