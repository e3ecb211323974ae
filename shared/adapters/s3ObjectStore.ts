/**
 * The bucket behind the `ObjectStore` port: streaming reads, whole-object writes (optionally
 * conditional on the ETag read), paged listing.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../domain/errors.ts';
import { bodyBytes, ObjectNotFoundError, type ObjectStore, type StoredObject, textReads } from '../ports.ts';

export function createS3ObjectStore(s3: S3Client, bucket: string): ObjectStore {
  const putObject = (
    key: string,
    bytes: Buffer,
    contentType: string,
    condition: { IfMatch?: string; IfNoneMatch?: string } = {},
  ) =>
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
        ...condition,
      }),
    );
  const get: ObjectStore['get'] = async (key, versionId) => {
    try {
      const response = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
      if (!response.Body) throw new StoreError(`读取 ${key} 时没有返回内容`);
      const stored: StoredObject = {
        body: response.Body as Readable,
        size: response.ContentLength ?? 0,
        ...(response.ETag ? { etag: unquote(response.ETag) } : {}),
        ...(response.VersionId && response.VersionId !== 'null' ? { versionId: response.VersionId } : {}),
        ...(response.LastModified ? { lastModified: response.LastModified } : {}),
      };
      return stored;
    } catch (cause) {
      if (isNotFound(cause)) throw new ObjectNotFoundError(key, { cause });
      if (cause instanceof StoreError) throw cause;
      throw new StoreError(`读取 ${key} 失败`, { cause });
    }
  };
  return {
    get,
    ...textReads(get),

    async put(key, body, contentType) {
      // Results and reports are at most a few megabytes: one PutObject with a known length.
      const bytes =
        typeof body === 'string'
          ? Buffer.from(body, 'utf8')
          : Buffer.isBuffer(body)
            ? body
            : await bodyBytes(body);
      try {
        await putObject(key, bytes, contentType);
      } catch (cause) {
        throw new StoreError(`写入 ${key} 失败`, { cause });
      }
    },

    async putIfUnchanged(key, body, contentType, expectedEtag) {
      // S3 conditional writes: If-Match with the ETag read, or If-None-Match: * for "still absent".
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      try {
        await putObject(
          key,
          bytes,
          contentType,
          expectedEtag === undefined ? { IfNoneMatch: '*' } : { IfMatch: quote(expectedEtag) },
        );
        return { written: true };
      } catch (cause) {
        if (isLostCondition(cause, expectedEtag !== undefined)) return { written: false, conflict: cause };
        throw new StoreError(`写入 ${key} 失败`, { cause });
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await s3.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ...(token ? { ContinuationToken: token } : {}),
            }),
          );
          for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (cause) {
        throw new StoreError(`列出 ${prefix} 失败`, { cause });
      }
      return keys.sort();
    },
  };
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

function quote(etag: string): string {
  return `"${unquote(etag)}"`;
}

/**
 * A conditional PutObject that lost its race: 412 PreconditionFailed (the ETag changed, or the key
 * now exists), 409 ConditionalRequestConflict (a concurrent write to the key was in progress), or,
 * for If-Match, 404 NoSuchKey (the object was deleted since it was read).
 */
function isLostCondition(error: unknown, ifMatch: boolean): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  if (name === 'PreconditionFailed' || status === 412) return true;
  if (name === 'ConditionalRequestConflict' || status === 409) return true;
  return ifMatch && (name === 'NoSuchKey' || status === 404);
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchVersion';
}
