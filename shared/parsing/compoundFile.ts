/**
 * What an OLE compound file (CFB, MS-CFB) holds, read from its directory: a workbook encrypted
 * with an open password (Office keeps the encrypted .xlsx in `EncryptionInfo` /
 * `EncryptedPackage` streams), a legacy Excel 97-2003 workbook (a `Workbook` or `Book` stream;
 * its BIFF `FILEPASS` record marks an encrypted one), or another Office 97-2003 document.
 */

export type CompoundFileKind =
  | { kind: 'encrypted' }
  | { kind: 'legacyWorkbook'; encrypted: boolean }
  | { kind: 'other'; name: string }
  | { kind: 'unknown' };

const FREE_OR_END = 0xfffffffa;
const DIRECTORY_ENTRY_BYTES = 128;
const STREAM = 2;
const MINI_STREAM_CUTOFF = 4096;
const BIFF_BOF = 0x0809;
const BIFF_FILEPASS = 0x002f;

interface Header {
  sectorSize: number;
  fatSectors: number[];
  firstDirectorySector: number;
}

interface DirectoryEntry {
  name: string;
  type: number;
  start: number;
  size: number;
}

class CompoundFile {
  private readonly fat: number[] = [];

  constructor(
    private readonly buffer: Buffer,
    private readonly header: Header,
  ) {
    const perSector = header.sectorSize / 4;
    for (const sector of header.fatSectors) {
      const at = this.offset(sector);
      if (at + header.sectorSize > buffer.length) break;
      for (let i = 0; i < perSector; i++) this.fat.push(buffer.readUInt32LE(at + i * 4));
    }
  }

  offset(sector: number): number {
    return (sector + 1) * this.header.sectorSize;
  }

  /** The sectors of a chain, stopping at its end, a cycle or a sector outside the file. */
  chain(start: number): number[] {
    const sectors: number[] = [];
    const seen = new Set<number>();
    for (
      let sector = start;
      sector < FREE_OR_END && !seen.has(sector);
      sector = this.fat[sector] ?? FREE_OR_END
    ) {
      if (this.offset(sector) + this.header.sectorSize > this.buffer.length) break;
      seen.add(sector);
      sectors.push(sector);
    }
    return sectors;
  }

  directory(): DirectoryEntry[] {
    const entries: DirectoryEntry[] = [];
    for (const sector of this.chain(this.header.firstDirectorySector)) {
      const base = this.offset(sector);
      for (
        let at = base;
        at + DIRECTORY_ENTRY_BYTES <= base + this.header.sectorSize;
        at += DIRECTORY_ENTRY_BYTES
      ) {
        const nameBytes = Math.min(this.buffer.readUInt16LE(at + 64), 64);
        if (nameBytes < 2) continue;
        entries.push({
          name: this.buffer.toString('utf16le', at, at + nameBytes - 2),
          type: this.buffer[at + 66] ?? 0,
          start: this.buffer.readUInt32LE(at + 116),
          size: this.buffer.readUInt32LE(at + 120),
        });
      }
    }
    return entries;
  }

  /** The first sector of a stream kept in regular sectors. */
  firstSector(entry: DirectoryEntry): Buffer | undefined {
    if (entry.size < MINI_STREAM_CUTOFF) return undefined;
    const at = this.offset(entry.start);
    if (at + this.header.sectorSize > this.buffer.length) return undefined;
    return this.buffer.subarray(at, at + this.header.sectorSize);
  }
}

function readHeader(buffer: Buffer): Header | undefined {
  if (buffer.length < 512) return undefined;
  const shift = buffer.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const fatCount = buffer.readUInt32LE(44);
  const fatSectors: number[] = [];
  // The first 109 FAT sectors are listed in the header; more are in DIFAT sectors.
  for (let i = 0; i < Math.min(fatCount, 109); i++) fatSectors.push(buffer.readUInt32LE(76 + i * 4));
  let difat = buffer.readUInt32LE(68);
  const seen = new Set<number>();
  while (fatSectors.length < fatCount && difat < FREE_OR_END && !seen.has(difat)) {
    seen.add(difat);
    const at = (difat + 1) * sectorSize;
    if (at + sectorSize > buffer.length) break;
    const perSector = sectorSize / 4 - 1;
    for (let i = 0; i < perSector && fatSectors.length < fatCount; i++)
      fatSectors.push(buffer.readUInt32LE(at + i * 4));
    difat = buffer.readUInt32LE(at + perSector * 4);
  }
  return { sectorSize, fatSectors, firstDirectorySector: buffer.readUInt32LE(48) };
}

/** A BIFF8 workbook stream whose BOF record is followed by FILEPASS is encrypted. */
function hasFilePass(start: Buffer): boolean {
  if (start.length < 8 || start.readUInt16LE(0) !== BIFF_BOF) return false;
  const next = 4 + start.readUInt16LE(2);
  return next + 2 <= start.length && start.readUInt16LE(next) === BIFF_FILEPASS;
}

const OTHER_DOCUMENTS: Record<string, string> = {
  worddocument: 'Word 97-2003 文档 .doc',
  'powerpoint document': 'PowerPoint 97-2003 演示文稿 .ppt',
};

export function compoundFileKind(buffer: Buffer): CompoundFileKind {
  const header = readHeader(buffer);
  if (!header) return { kind: 'unknown' };
  const file = new CompoundFile(buffer, header);
  const streams = file.directory().filter((entry) => entry.type === STREAM);
  const named = (...names: string[]) => streams.find((entry) => names.includes(entry.name.toLowerCase()));
  if (named('encryptedpackage', 'encryptioninfo')) return { kind: 'encrypted' };
  const workbook = named('workbook', 'book');
  if (workbook) {
    const start = file.firstSector(workbook);
    return { kind: 'legacyWorkbook', encrypted: start ? hasFilePass(start) : false };
  }
  for (const entry of streams) {
    const name = OTHER_DOCUMENTS[entry.name.toLowerCase()];
    if (name) return { kind: 'other', name };
  }
  return { kind: 'unknown' };
}
