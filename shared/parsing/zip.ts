/**
 * The zip container of an xlsx, read from the central directory of the buffered file: entry
 * list, zip-bomb guard, integrity check (inflated size and CRC of every entry that is read), and
 * the stream handed to exceljs.
 *
 * The stream handed to exceljs holds only the parts that are read, inflated by us and stored
 * uncompressed, in the order exceljs needs them (relationships and shared strings before the
 * worksheets, so it never spills worksheets to temporary files), in chunks that end on UTF-8
 * character boundaries (exceljs decodes each chunk on its own and would otherwise garble a
 * Chinese character split between two chunks).
 */
import { Readable } from 'node:stream';
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
    /**
     * `notWorkbook`: a sound zip of another kind (an .ods, a .docx, an archive); `detail` names it.
     * `xlsb`: an Excel binary workbook (the same package, with binary parts).
     */
    readonly kind: 'corrupt' | 'encrypted' | 'bomb' | 'notWorkbook' | 'xlsb',
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
const CHUNK_BYTES = 16 * 1024;

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

/** Bytes up to the last complete UTF-8 character, and the incomplete tail. */
function splitAtCharacter(chunk: Buffer): [Buffer, Buffer | undefined] {
  const last = chunk.length - 1;
  if (last < 0 || chunk[last]! < 0x80) return [chunk, undefined];
  let lead = last;
  while (lead > 0 && lead > last - 3 && (chunk[lead]! & 0xc0) === 0x80) lead--;
  const byte = chunk[lead]!;
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  if (lead + length <= chunk.length) return [chunk, undefined];
  return [chunk.subarray(0, lead), chunk.subarray(lead)];
}

/** The inflated content of an entry, in chunks of whole UTF-8 characters; throws on a broken stream. */
async function* inflate(buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = buffer.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let pieces: AsyncIterable<Buffer>;
  if (entry.method === STORED) {
    pieces = (async function* () {
      for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES);
    })();
  } else {
    const inflater = zlib.createInflateRaw({ chunkSize: CHUNK_BYTES });
    inflater.end(data);
    pieces = inflater;
  }
  let tail: Buffer | undefined;
  for await (const piece of pieces) {
    const [whole, rest] = splitAtCharacter(tail ? Buffer.concat([tail, piece]) : piece);
    tail = rest;
    if (whole.length > 0) yield whole;
  }
  if (tail) yield tail;
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

/** Rewrites an entry's UTF-8 text as it streams (bytes in, bytes out; a character may be cut between chunks). */
export interface TextRewrite {
  push(bytes: Buffer): Buffer;
  end(): Buffer;
}

/**
 * A part of the stream handed to exceljs: an entry of the file (its text rewritten on the way
 * when `rewrite` is given), or content we generate.
 */
export type StreamPart =
  | { name: string; entry: ZipEntry; rewrite?: () => TextRewrite }
  | { name: string; content: Buffer };

const UTF8_NAME = 0x0800;
/** Sizes and CRC follow the data in a data descriptor (the size of rewritten text is known only then). */
const SIZES_AFTER_DATA = 0x0008;
const DATA_DESCRIPTOR = 0x08074b50;

/** A local header; without `size`, the sizes follow the data (XML never holds the descriptor's bytes 07 08). */
function localHeader(name: string, size?: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(size === undefined ? UTF8_NAME | SIZES_AFTER_DATA : UTF8_NAME, 6);
  header.writeUInt16LE(STORED, 8);
  header.writeUInt32LE(size ?? 0, 18);
  header.writeUInt32LE(size ?? 0, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([header, nameBytes]);
}

function dataDescriptor(crc: number, size: number): Buffer {
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(crc, 4);
  descriptor.writeUInt32LE(size, 8);
  descriptor.writeUInt32LE(size, 12);
  return descriptor;
}

/** `content` rewritten, followed by its data descriptor; hands on the check's result. */
async function* rewritten(
  content: AsyncGenerator<Buffer, CheckResult>,
  rewrite: TextRewrite,
): AsyncGenerator<Buffer, CheckResult> {
  let size = 0;
  let crc = 0;
  const send = (bytes: Buffer): Buffer => {
    size += bytes.length;
    crc = zlib.crc32(bytes, crc);
    return bytes;
  };
  let next = await content.next();
  while (!next.done) {
    const bytes = send(rewrite.push(next.value));
    if (bytes.length > 0) yield bytes;
    next = await content.next();
  }
  if (next.value && !next.value.complete) return next.value;
  const rest = send(rewrite.end());
  if (rest.length > 0) yield rest;
  yield dataDescriptor(crc, size);
  return next.value;
}

/** The stream handed to exceljs, and what the entries' checks found while they streamed. */
export interface ZipFeed {
  stream: Readable;
  /** Set when an entry turned out damaged or larger than declared; what was read is then void. */
  readonly problem: ZipProblem | undefined;
  /**
   * Settles when an entry failed before all of it was sent and the stream stopped short. The
   * reader must not wait for its own end then: a zip parser waiting for the rest of an entry (or
   * its data descriptor) may never finish on a stream that ended early.
   */
  readonly stoppedShort: Promise<ZipProblem>;
}

/** Not a character of XML: the parser reading an entry stops at it. */
const STOP_READING = Buffer.from([0]);

/** What a check found, and whether all of the entry's bytes were sent before it was found. */
type CheckResult = { problem: ZipProblem; complete: boolean } | undefined;

/** An entry's inflated content, checked against its directory record as it goes. */
async function* checkedContent(buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer, CheckResult> {
  const corrupt = (detail: string, complete = false): CheckResult => ({
    problem: new ZipProblem('corrupt', `条目 ${entry.name} ${detail}`),
    complete,
  });
  if (entry.method !== STORED && entry.method !== DEFLATED) return corrupt('使用了不支持的压缩方式');
  let size = 0;
  let crc = 0;
  try {
    for await (const chunk of inflate(buffer, entry)) {
      size += chunk.length;
      if (size > entry.uncompressedSize)
        return {
          problem: new ZipProblem('bomb', `条目 ${entry.name} 解压后超过声明的大小`),
          complete: false,
        };
      crc = zlib.crc32(chunk, crc);
      yield chunk;
    }
  } catch {
    return corrupt('无法解压');
  }
  if (size !== entry.uncompressedSize) return corrupt('校验失败');
  return crc === entry.crc32 ? undefined : corrupt('校验失败', true);
}

/**
 * A zip stream of `parts`, each stored uncompressed and checked as it is inflated: the inflated
 * size may not exceed the declared one (a lying header is the classic zip bomb), and size and
 * CRC must match (a damaged or truncated file). When an entry fails before all of it was sent,
 * the stream sends a byte no XML may contain and ends, so that exceljs fails at once instead of
 * waiting for the rest.
 */
export function storedZipStream(buffer: Buffer, parts: readonly StreamPart[]): ZipFeed {
  let problem: ZipProblem | undefined;
  let stop: (problem: ZipProblem) => void = () => {};
  const stoppedShort = new Promise<ZipProblem>((resolve) => {
    stop = resolve;
  });
  async function* generate(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      if ('content' in part) {
        yield localHeader(part.name, part.content.length);
        yield part.content;
        continue;
      }
      const content = checkedContent(buffer, part.entry);
      yield localHeader(part.name, part.rewrite ? undefined : part.entry.uncompressedSize);
      const check = yield* part.rewrite ? rewritten(content, part.rewrite()) : content;
      if (!check) continue;
      problem ??= check.problem;
      if (!check.complete) {
        stop(check.problem);
        yield STOP_READING;
        return;
      }
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_DIRECTORY, 0);
    yield end;
  }
  return {
    stream: Readable.from(generate(), { objectMode: false }),
    get problem() {
      return problem;
    },
    stoppedShort,
  };
}
