/**
 * Sets the modification time of every entry of a zip archive (xlsx). The zip library stamps
 * entries with the current time, so the same workbook written twice differs in those bytes;
 * fixed stamps make generated files byte-for-byte reproducible.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export class ZipLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLayoutError';
  }
}

/** Returns a copy of `zip` whose entries all carry `at` (UTC fields, 2-second resolution). */
export function stampZipEntries(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const end = findEndOfCentralDirectory(out);
  const entries = out.readUInt16LE(end + 10);
  let position = out.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(position) !== CENTRAL_HEADER)
      throw new ZipLayoutError(`no central header at ${position}`);
    out.writeUInt16LE(time, position + 12);
    out.writeUInt16LE(date, position + 14);
    const local = out.readUInt32LE(position + 42);
    if (out.readUInt32LE(local) !== LOCAL_HEADER) throw new ZipLayoutError(`no local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    position +=
      46 +
      out.readUInt16LE(position + 28) +
      out.readUInt16LE(position + 30) +
      out.readUInt16LE(position + 32);
  }
  return out;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  throw new ZipLayoutError('not a zip archive: end of central directory not found');
}
