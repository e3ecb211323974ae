/**
 * Compact storage: records are grouped into gzip'd JSON arrays, each small enough for one
 * DynamoDB item (400 KB limit) and large enough that a thousand rows cost one write request and
 * a few dozen write units (docs/data-model.md). Larger JSON documents are split into parts.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { StoreError } from '../domain/errors.ts';
import type { AnyRecord } from '../domain/records.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface ChunkLimits {
  /** JSON bytes gathered before compressing a chunk. */
  maxRawBytes: number;
  /** Largest compressed chunk; keeps the item, keys and attribute names under 400 KB. */
  maxEncodedBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxRawBytes: 1024 * 1024, maxEncodedBytes: 350 * 1024 };

export interface RecordChunk {
  data: Buffer;
  rows: number;
}

/** Splits records into compressed chunks, in record order. */
export async function encodeRecordChunks(
  records: readonly AnyRecord[],
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): Promise<RecordChunk[]> {
  const chunks: RecordChunk[] = [];
  let group: string[] = [];
  let groupBytes = 0;
  for (const record of records) {
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json) + 1;
    if (group.length > 0 && groupBytes + bytes > limits.maxRawBytes) {
      chunks.push(...(await compressGroup(group, limits)));
      group = [];
      groupBytes = 0;
    }
    group.push(json);
    groupBytes += bytes;
  }
  if (group.length > 0) chunks.push(...(await compressGroup(group, limits)));
  return chunks;
}

/** A group that compresses too poorly is halved until every part fits. */
async function compressGroup(group: string[], limits: ChunkLimits): Promise<RecordChunk[]> {
  const encoded = await gzipAsync(`[${group.join(',')}]`, { level: 9 });
  if (encoded.length <= limits.maxEncodedBytes) return [{ data: encoded, rows: group.length }];
  if (group.length === 1) {
    throw new StoreError(
      `单行数据压缩后仍有 ${encoded.length} 字节，超过单项上限 ${limits.maxEncodedBytes} 字节`,
    );
  }
  const half = Math.ceil(group.length / 2);
  return [
    ...(await compressGroup(group.slice(0, half), limits)),
    ...(await compressGroup(group.slice(half), limits)),
  ];
}

export async function decodeRecordChunk(data: Uint8Array): Promise<AnyRecord[]> {
  const json = (await gunzipAsync(data)).toString('utf8');
  return JSON.parse(json) as AnyRecord[];
}

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
