/**
 * Compact storage of JSON documents larger than one DynamoDB item: gzip'd, then split into parts.
 * (Staged records have their own chunk format, `ingest/recordChunks.ts`.)
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A JSON document as compressed parts of at most `partBytes` each. */
export async function encodeJsonParts(document: unknown, partBytes: number): Promise<Buffer[]> {
  const encoded = await gzipAsync(JSON.stringify(document ?? null), { level: 9 });
  const parts: Buffer[] = [];
  for (let offset = 0; offset < encoded.length; offset += partBytes)
    parts.push(encoded.subarray(offset, offset + partBytes));
  return parts;
}

export async function decodeJsonParts(parts: readonly Uint8Array[]): Promise<unknown> {
  const encoded = Buffer.concat(
    parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)),
  );
  return JSON.parse((await gunzipAsync(encoded)).toString('utf8'));
}
