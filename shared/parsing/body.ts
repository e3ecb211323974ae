/**
 * Reading the upload body once, with the size limit counted while reading: the first bytes for
 * sniffing, then either everything (xlsx, bounded by the limit) or a stream of chunks (CSV).
 */
import type { Readable } from 'node:stream';

/** The body stream itself failed (network, S3): not a problem of the file, so the caller retries. */
export class UploadReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UploadReadError';
  }
}

function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  const bytes = value as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Chunks handed on are at most this long, so that a body delivered in one piece still streams. */
const CHUNK_BYTES = 64 * 1024;

function* pieces(chunk: Buffer): Generator<Buffer> {
  for (let at = 0; at < chunk.length; at += CHUNK_BYTES) yield chunk.subarray(at, at + CHUNK_BYTES);
}

export class BodyReader {
  private readonly iterator: AsyncIterator<unknown>;
  private readonly pending: Buffer[] = [];
  private ended = false;
  /** Bytes taken from the body so far. */
  bytesRead = 0;
  /** Set once more than `maxBytes` arrived; reading stops there. */
  tooLarge = false;

  constructor(
    private readonly body: Readable,
    private readonly maxBytes: number,
  ) {
    this.iterator = body[Symbol.asyncIterator]();
  }

  private async pull(): Promise<Buffer | undefined> {
    if (this.ended || this.tooLarge) return undefined;
    let next: IteratorResult<unknown>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      throw new UploadReadError('上传文件读取失败', { cause: error });
    }
    if (next.done) {
      this.ended = true;
      return undefined;
    }
    const chunk = asBuffer(next.value);
    this.bytesRead += chunk.length;
    if (this.bytesRead > this.maxBytes) {
      this.tooLarge = true;
      this.close();
      return undefined;
    }
    return chunk;
  }

  /** At least `bytes` bytes from the start (fewer only when the body is shorter), without consuming them. */
  async head(bytes: number): Promise<Buffer> {
    let have = this.pending.reduce((sum, chunk) => sum + chunk.length, 0);
    while (have < bytes) {
      const chunk = await this.pull();
      if (!chunk) break;
      this.pending.push(chunk);
      have += chunk.length;
    }
    return this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
  }

  /** The remaining chunks (large ones cut to `CHUNK_BYTES`), starting with the ones `head` looked at. */
  async *chunks(): AsyncGenerator<Buffer> {
    while (this.pending.length > 0) yield* pieces(this.pending.shift() as Buffer);
    for (let chunk = await this.pull(); chunk; chunk = await this.pull()) yield* pieces(chunk);
  }

  /** The whole body (used for xlsx, whose zip directory sits at the end). */
  async all(): Promise<Buffer> {
    const chunks = this.pending.splice(0);
    for (let chunk = await this.pull(); chunk; chunk = await this.pull()) chunks.push(chunk);
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  }

  /** Stops reading; the rest of the body is discarded. */
  close(): void {
    this.ended = true;
    this.body.destroy();
  }
}
