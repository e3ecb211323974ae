/**
 * The zip container of an xlsx, read from the central directory of the buffered file: entry
 * list, zip-bomb guard, and the integrity check (inflated size and CRC) of every entry read.
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's data (after its local header). */
  dataStart: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxZipEntries: number;
  maxCompressionRatio: number;
}

/** What is wrong with a zip file, for the file-level issue. */
export class ZipProblem {
  constructor(
    readonly kind: 'corrupt' | 'encrypted' | 'bomb',
    /** Chinese detail for the message. */
    readonly detail: string,
  ) {}
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const STORED = 0;
const DEFLATED = 8;
const CHUNK_BYTES = 64 * 1024;

function findEndOfDirectory(buffer: Buffer): number {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let at = buffer.length - 22; at >= earliest; at--) {
    if (buffer.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

interface Directory {
  offset: number;
  size: number;
  count: number;
}

function readDirectoryLocation(buffer: Buffer, end: number): Directory | ZipProblem {
  let count = buffer.readUInt16LE(end + 10);
  let size = buffer.readUInt32LE(end + 12);
  let offset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR)
      return new ZipProblem('corrupt', '压缩目录不完整');
    const zip64End = Number(buffer.readBigUInt64LE(locator + 8));
    if (zip64End + 56 > buffer.length || buffer.readUInt32LE(zip64End) !== ZIP64_END)
      return new ZipProblem('corrupt', '压缩目录不完整');
    count = Number(buffer.readBigUInt64LE(zip64End + 32));
    size = Number(buffer.readBigUInt64LE(zip64End + 40));
    offset = Number(buffer.readBigUInt64LE(zip64End + 48));
  }
  if (offset + size > buffer.length) return new ZipProblem('corrupt', '压缩目录超出文件范围，文件可能不完整');
  return { offset, size, count };
}

/** Sizes and offset from a zip64 extra field, for the values marked 0xFFFFFFFF. */
function applyZip64Extra(
  buffer: Buffer,
  start: number,
  length: number,
  entry: { uncompressedSize: number; compressedSize: number; localOffset: number },
): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = buffer.readUInt16LE(at);
    const size = buffer.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number => {
        const value = field + 8 <= at + 4 + size ? Number(buffer.readBigUInt64LE(field)) : 0xffffffff;
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      return;
    }
    at += 4 + size;
  }
}

/** The entries of a zip file from its central directory, or why it cannot be read safely. */
export function readZipDirectory(buffer: Buffer, limits: ZipLimits): ZipEntry[] | ZipProblem {
  const end = findEndOfDirectory(buffer);
  if (end < 0) return new ZipProblem('corrupt', '找不到压缩目录，文件可能不完整');
  const directory = readDirectoryLocation(buffer, end);
  if (directory instanceof ZipProblem) return directory;
  if (directory.count > limits.maxZipEntries)
    return new ZipProblem('bomb', `包含 ${directory.count} 个压缩条目，超过上限 ${limits.maxZipEntries}`);
  const entries: ZipEntry[] = [];
  let at = directory.offset;
  let totalUncompressed = 0;
  let totalCompressed = 0;
  for (let i = 0; i < directory.count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_HEADER)
      return new ZipProblem('corrupt', '压缩目录损坏');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    if (at + 46 + nameLength + extraLength > buffer.length) return new ZipProblem('corrupt', '压缩目录损坏');
    const sizes = {
      compressedSize: buffer.readUInt32LE(at + 20),
      uncompressedSize: buffer.readUInt32LE(at + 24),
      localOffset: buffer.readUInt32LE(at + 42),
    };
    applyZip64Extra(buffer, at + 46 + nameLength, extraLength, sizes);
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (flags & 0x1) return new ZipProblem('encrypted', '压缩条目已加密');
    const local = sizes.localOffset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL_HEADER)
      return new ZipProblem('corrupt', `条目 ${name} 的位置错误`);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    if (dataStart + sizes.compressedSize > buffer.length)
      return new ZipProblem('corrupt', `条目 ${name} 超出文件范围，文件可能不完整`);
    totalUncompressed += sizes.uncompressedSize;
    totalCompressed += sizes.compressedSize;
    entries.push({
      name,
      flags,
      method,
      crc32: buffer.readUInt32LE(at + 16),
      compressedSize: sizes.compressedSize,
      uncompressedSize: sizes.uncompressedSize,
      dataStart,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (totalUncompressed > limits.maxUncompressedBytes) {
    return new ZipProblem(
      'bomb',
      `解压后共 ${Math.ceil(totalUncompressed / 1048576)} MB，超过上限 ${Math.floor(limits.maxUncompressedBytes / 1048576)} MB`,
    );
  }
  if (
    totalUncompressed > limits.maxCompressionRatio * Math.max(totalCompressed, 1) &&
    totalUncompressed > 1048576
  ) {
    return new ZipProblem(
      'bomb',
      `压缩比 ${Math.round(totalUncompressed / Math.max(totalCompressed, 1))}:1 超过上限 ${limits.maxCompressionRatio}:1`,
    );
  }
  return entries;
}

/** The inflated content of an entry in pieces; throws on a broken deflate stream. */
async function* inflate(buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = buffer.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === STORED) {
    for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES);
    return;
  }
  const inflater = zlib.createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  yield* inflater;
}

/** An entry failed its check (damaged, or larger than declared). */
export class ZipCheckError extends Error {
  constructor(
    readonly problem: ZipProblem,
    options?: { cause?: unknown },
  ) {
    super(problem.detail, options);
    this.name = 'ZipCheckError';
  }
}

/** Inflates one small entry (workbook, relationships, styles) to text, checking its size and CRC. */
export function entryText(buffer: Buffer, entry: ZipEntry): string {
  const data = buffer.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let bytes: Buffer;
  try {
    bytes =
      entry.method === STORED
        ? data
        : zlib.inflateRawSync(data, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  } catch (cause) {
    throw new ZipCheckError(new ZipProblem('corrupt', `条目 ${entry.name} 无法解压`), { cause });
  }
  if (bytes.length !== entry.uncompressedSize || zlib.crc32(bytes) !== entry.crc32)
    throw new ZipCheckError(new ZipProblem('corrupt', `条目 ${entry.name} 校验失败`));
  return bytes.toString('utf8');
}

/**
 * An entry's inflated content, checked against its directory record as it goes: the inflated
 * size may not exceed the declared one (a lying header is the classic zip bomb), and size and
 * CRC must match (a damaged or truncated file). A failed check throws a ZipCheckError, after
 * the pieces read so far: what was read of the entry is then void.
 */
export async function* checkedEntry(buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const corrupt = (detail: string, cause?: unknown) =>
    new ZipCheckError(new ZipProblem('corrupt', `条目 ${entry.name} ${detail}`), { cause });
  if (entry.method !== STORED && entry.method !== DEFLATED) throw corrupt('使用了不支持的压缩方式');
  let size = 0;
  let crc = 0;
  const pieces = inflate(buffer, entry);
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await pieces.next();
    } catch (cause) {
      throw corrupt('无法解压', cause);
    }
    if (next.done) break;
    const piece = next.value;
    size += piece.length;
    if (size > entry.uncompressedSize)
      throw new ZipCheckError(new ZipProblem('bomb', `条目 ${entry.name} 解压后超过声明的大小`));
    crc = zlib.crc32(piece, crc);
    yield piece;
  }
  if (size !== entry.uncompressedSize || crc !== entry.crc32) throw corrupt('校验失败');
}
