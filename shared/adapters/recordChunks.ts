/**
 * How staged records are stored: grouped into gzip'd JSON arrays, each small enough for one
 * DynamoDB item (400 KB limit) and large enough that a thousand rows cost one write request and
 * a few dozen write units (docs/data-model.md). The encoder takes records one at a time, so that
 * ingest holds a sheet of 100 000 rows as about a megabyte of compressed chunks, never as records.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { StoreError } from '../domain/errors.ts';
import type { AnyRecord } from '../domain/records.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Records of one sheet, compressed, as one item stores them. */
export interface RecordChunk {
  data: Buffer;
  rows: number;
}

export interface ChunkLimits {
  /** JSON bytes gathered before compressing a chunk. */
  maxRawBytes: number;
  /** Largest compressed chunk; keeps the item, keys and attribute names under 400 KB. */
  maxEncodedBytes: number;
}

/**
 * A chunk item is its keys, `type`, `rows` and `data`: a few hundred bytes besides the data, so
 * 390 KB of data stays under DynamoDB's 400 KB with room to spare. The widest row the readers let
 * through — 典型案例 with its five text cells at Excel's 32,767 characters of random Chinese —
 * compresses to about 347 KiB (within 3 KiB of the 350 KiB this limit used to be), so every row
 * fits in an item with a margin.
 */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxRawBytes: 1024 * 1024, maxEncodedBytes: 390 * 1024 };

/** Compresses each group as soon as it is full (zlib works beside the reading); `finish` collects them in order. */
export class RecordChunkEncoder {
  private group: string[] = [];
  private groupBytes = 0;
  private readonly compressed: Array<Promise<RecordChunk[]>> = [];

  constructor(private readonly limits: ChunkLimits = DEFAULT_CHUNK_LIMITS) {}

  add(record: AnyRecord): void {
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json) + 1;
    if (this.group.length > 0 && this.groupBytes + bytes > this.limits.maxRawBytes) this.compressGroup();
    this.group.push(json);
    this.groupBytes += bytes;
  }

  /** The chunks in record order; call once, after the last record. */
  async finish(): Promise<RecordChunk[]> {
    if (this.group.length > 0) this.compressGroup();
    return (await Promise.all(this.compressed)).flat();
  }

  private compressGroup(): void {
    const task = compressGroup(this.group, this.limits);
    // A chunker that is dropped (its sheet rejected) is never finished: its failure is nobody's.
    task.catch(() => {});
    this.compressed.push(task);
    this.group = [];
    this.groupBytes = 0;
  }
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
