/**
 * ListObjects (V2 and V1) for s3rver, answered in front of its router. s3rver 3.7 cannot list more
 * than one page: it builds its continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) refuses,
 * so any listing of more than 1,000 keys answered HTTP 500. Its pages are not in S3's order either
 * (it walks the directory tree, so `a/b` comes before `a.txt` and `foo-bar` before `foo`), and
 * paging by "keys after the last one" then skips or repeats keys. This middleware lists the
 * bucket's keys itself, in S3's order (UTF-8 binary), and pages them with opaque continuation
 * tokens: the bucket and the last entry returned, sealed with AES-256-GCM under a key of this
 * server instance, so a client can neither read nor forge one (a changed token is refused).
 *
 * Supported: `prefix`, `delimiter` (common prefixes count towards `max-keys`, as on S3),
 * `max-keys` (at most 1,000 per page), `start-after` and `continuation-token` (V2), `marker` (V1),
 * `fetch-owner`. Other bucket subresources (`?versions`, `?uploads`, `?location` …) go on to s3rver.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { KoaMiddleware } from './conditionalWrites.ts';

/** The part of s3rver's FilesystemStore used here. */
export interface ListingStore {
  /** The directory holding one folder per bucket. */
  rootDirectory: string;
  getBucket(bucket: string): Promise<unknown>;
  /** Rejects with code ENOENT when the object does not exist (deleted since it was listed). */
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
}

const require = createRequire(import.meta.url);
// s3rver's error class: its own error handler renders it as S3's XML error.
const S3Error = require('s3rver/lib/models/error') as new (
  code: string,
  message: string,
  detail?: Record<string, string | number>,
) => Error;
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { id: string; displayName: string };
};
// How s3rver names an object's file on disk (`{name}._S3rver_object`) and escapes keys (on Windows).
const FilesystemStore = require('s3rver/lib/stores/filesystem') as {
  decodeKeyPath(keyPath: string): string;
};
const OBJECT_SUFFIX = '._S3rver_object';

export const MAX_KEYS_PER_PAGE = 1000;

const LISTING_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'marker',
  'fetch-owner',
  'encoding-type',
  'x-id',
]);

interface ListingRequest {
  bucket: string;
  version: 1 | 2;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** Entries up to and including this one were returned already. */
  after: string;
  /** The last entry returned was this common prefix: every key under it was returned with it. */
  afterPrefix: boolean;
  fetchOwner: boolean;
}

interface ContinuationToken {
  bucket: string;
  after: string;
  afterPrefix: boolean;
}

export function objectListing(store: ListingStore): KoaMiddleware {
  const tokens = tokenSeal(randomBytes(32));
  return async (ctx, next) => {
    const bucket = listingTarget(ctx);
    if (bucket === undefined) return next();
    const request = listingRequest(bucket, ctx.query, tokens);
    if (!(await store.getBucket(bucket)))
      throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    const page = await listPage(store, request);
    (ctx as unknown as { body: unknown }).body = listingBody(request, ctx.query, page, tokens);
  };
}

/** The bucket of `GET /{bucket}` (path style) when the query asks for nothing but a listing. */
function listingTarget(ctx: { method: string; path: string; query: Record<string, unknown> }) {
  if (ctx.method !== 'GET') return undefined;
  const match = /^\/([^/]+)\/?$/.exec(ctx.path);
  if (!match?.[1]) return undefined;
  if (Object.keys(ctx.query).some((name) => !LISTING_PARAMETERS.has(name))) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

function listingRequest(bucket: string, query: Record<string, unknown>, tokens: TokenSeal): ListingRequest {
  const text = (name: string) => {
    const value = query[name];
    return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : undefined;
  };
  const version = text('list-type') === '2' ? 2 : 1;
  const request: ListingRequest = {
    bucket,
    version,
    prefix: text('prefix') ?? '',
    delimiter: text('delimiter') ?? '',
    maxKeys: maxKeys(text('max-keys')),
    after: '',
    afterPrefix: false,
    fetchOwner: version === 1 || text('fetch-owner') === 'true',
  };
  if (version === 2) {
    if (text('marker') !== undefined)
      throw invalidArgument('marker', 'Marker unsupported with REST.GET.BUCKET in list-type=2');
    const token = text('continuation-token');
    if (token) {
      const decoded = tokens.open(token);
      if (!decoded || decoded.bucket !== bucket)
        throw invalidArgument('continuation-token', 'The continuation token provided is incorrect');
      return { ...request, after: decoded.after, afterPrefix: decoded.afterPrefix };
    }
    return { ...request, after: text('start-after') ?? '' };
  }
  if (text('continuation-token') !== undefined)
    throw invalidArgument(
      'continuation-token',
      'continuation-token only supported in REST.GET.BUCKET with list-type=2',
    );
  if (text('start-after') !== undefined)
    throw invalidArgument('start-after', 'startAfter only supported in REST.GET.BUCKET with list-type=2');
  return { ...request, after: text('marker') ?? '' };
}

function maxKeys(value: string | undefined): number {
  if (value === undefined) return MAX_KEYS_PER_PAGE;
  if (!/^\d+$/.test(value))
    throw invalidArgument('max-keys', 'Provided max-keys not an integer or within integer range', value);
  const count = Number(value);
  if (count > 2_147_483_647)
    throw invalidArgument('maxKeys', 'Argument maxKeys must be an integer between 0 and 2147483647', value);
  return Math.min(MAX_KEYS_PER_PAGE, count);
}

function invalidArgument(name: string, message: string, value?: string): Error {
  return new S3Error('InvalidArgument', message, {
    ArgumentName: name,
    ...(value === undefined ? {} : { ArgumentValue: value }),
  });
}

interface TokenSeal {
  seal(token: ContinuationToken): string;
  /** The token sealed by this instance, or undefined for anything else. */
  open(text: string): ContinuationToken | undefined;
}

/** AES-256-GCM: base64url of IV (12 bytes) · tag (16 bytes) · ciphertext of the JSON. */
function tokenSeal(key: Buffer): TokenSeal {
  return {
    seal(token) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = JSON.stringify([token.bucket, token.after, token.afterPrefix ? 1 : 0]);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    open(text) {
      try {
        const bytes = Buffer.from(text, 'base64url');
        if (bytes.length < 29) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
        const parsed: unknown = JSON.parse(plain);
        if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
        const [bucket, after, afterPrefix] = parsed as unknown[];
        if (typeof bucket !== 'string' || typeof after !== 'string' || after === '') return undefined;
        return { bucket, after, afterPrefix: afterPrefix === 1 };
      } catch {
        return undefined;
      }
    },
  };
}

interface ListedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: Date;
}

interface ListingPage {
  objects: ListedObject[];
  commonPrefixes: string[];
  /** The last entry of the page (key or common prefix) when more follow. */
  next?: { after: string; afterPrefix: boolean };
}

async function listPage(store: ListingStore, request: ListingRequest): Promise<ListingPage> {
  const keys = (await keysUnder(join(store.rootDirectory, request.bucket), request.prefix)).sort(compareUtf8);
  const entries: Array<{ key: string } | { prefix: string }> = [];
  const seenPrefixes = new Set<string>();
  let truncated = false;
  for (const key of keys) {
    if (compareUtf8(key, request.after) <= 0) continue;
    if (request.afterPrefix && key.startsWith(request.after)) continue;
    const rest = key.slice(request.prefix.length);
    const cut = request.delimiter ? rest.indexOf(request.delimiter) : -1;
    const commonPrefix =
      cut === -1 ? undefined : key.slice(0, request.prefix.length + cut + request.delimiter.length);
    if (commonPrefix !== undefined && seenPrefixes.has(commonPrefix)) continue;
    if (entries.length >= request.maxKeys) {
      truncated = true;
      break;
    }
    if (commonPrefix === undefined) entries.push({ key });
    else {
      seenPrefixes.add(commonPrefix);
      entries.push({ prefix: commonPrefix });
    }
  }
  const objects: ListedObject[] = [];
  const pageKeys = entries.flatMap((entry) => ('key' in entry ? [entry.key] : []));
  const metadata = await Promise.all(
    pageKeys.map((key) =>
      store.getMetadata(request.bucket, key).catch((error: unknown) => {
        // Deleted between the directory walk and now: not listed, as S3 would not list it.
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }),
    ),
  );
  pageKeys.forEach((key, index) => {
    const found = metadata[index];
    if (!found) return;
    objects.push({
      key,
      etag: String(found.etag ?? ''),
      size: Number(found['content-length'] ?? 0),
      lastModified: new Date(String(found['last-modified'])),
    });
  });
  const last = entries.at(-1);
  return {
    objects,
    commonPrefixes: [...seenPrefixes],
    ...(truncated && last
      ? {
          next:
            'key' in last
              ? { after: last.key, afterPrefix: false }
              : { after: last.prefix, afterPrefix: true },
        }
      : {}),
  };
}

/** Every key of the bucket directory that starts with `prefix`, skipping folders that cannot hold one. */
async function keysUnder(bucketDirectory: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const visit = async (directory: string, keyPath: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      // A folder removed while walking (s3rver deletes empty ones) holds nothing any more.
      if ((error as { code?: string }).code === 'ENOENT') return;
      throw error;
    }
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.isDirectory()) {
          const path = `${keyPath}${FilesystemStore.decodeKeyPath(entry.name)}/`;
          if (path.startsWith(prefix) || prefix.startsWith(path))
            await visit(join(directory, entry.name), path);
          return;
        }
        if (!entry.name.endsWith(OBJECT_SUFFIX)) return;
        const key = keyPath + FilesystemStore.decodeKeyPath(entry.name.slice(0, -OBJECT_SUFFIX.length));
        if (key.startsWith(prefix)) keys.push(key);
      }),
    );
  };
  await visit(bucketDirectory, '');
  return keys;
}

/** S3 lists keys in the binary order of their UTF-8 bytes. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function listingBody(
  request: ListingRequest,
  query: Record<string, unknown>,
  page: ListingPage,
  tokens: TokenSeal,
) {
  const owner = request.fetchOwner
    ? { ID: DUMMY_ACCOUNT.id, DisplayName: DUMMY_ACCOUNT.displayName }
    : undefined;
  const version2 = {
    StartAfter: query['continuation-token'] ? undefined : (query['start-after'] as string | undefined),
    ContinuationToken: (query['continuation-token'] as string | undefined) || undefined,
    NextContinuationToken: page.next ? tokens.seal({ bucket: request.bucket, ...page.next }) : undefined,
    KeyCount: page.objects.length + page.commonPrefixes.length,
  };
  const version1 = {
    Marker: request.after,
    // S3 gives NextMarker only with a delimiter; without one the last key is the marker.
    NextMarker: request.delimiter && page.next ? page.next.after : undefined,
  };
  return {
    ListBucketResult: {
      '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      Name: request.bucket,
      Prefix: request.prefix,
      ...(request.version === 2 ? version2 : version1),
      MaxKeys: (query['max-keys'] as string | undefined) ?? MAX_KEYS_PER_PAGE,
      Delimiter: request.delimiter || undefined,
      IsTruncated: page.next !== undefined,
      Contents: page.objects.map((object) => ({
        Key: object.key,
        LastModified: object.lastModified.toISOString(),
        ETag: object.etag,
        Size: object.size,
        Owner: owner,
        StorageClass: 'STANDARD',
      })),
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
    },
  };
}
