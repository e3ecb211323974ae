/**
 * What a file is, judged by its first bytes rather than its name: an xlsx (zip), an encrypted
 * workbook or legacy .xls (OLE compound file), some other binary format, or text (CSV).
 */

export type FileKind = 'xlsx' | 'ole' | 'binary' | 'text';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Formats people upload by mistake: PDF, PNG, JPEG, GIF, gzip, RAR, 7z, an empty zip. */
const OTHER_BINARY = [
  [0x25, 0x50, 0x44, 0x46, 0x2d],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
  [0x1f, 0x8b],
  [0x52, 0x61, 0x72, 0x21],
  [0x37, 0x7a, 0xbc, 0xaf],
  [0x50, 0x4b, 0x05, 0x06],
];

function startsWith(head: Buffer, signature: readonly number[]): boolean {
  return head.length >= signature.length && signature.every((byte, i) => head[i] === byte);
}

/** UTF-16 text has a byte-order mark; NUL bytes and control characters elsewhere mean binary. */
function looksBinary(head: Buffer): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return false;
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control > sample.length / 100;
}

export function sniffFile(head: Buffer): FileKind {
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, OLE)) return 'ole';
  if (OTHER_BINARY.some((signature) => startsWith(head, signature)) || looksBinary(head)) return 'binary';
  return 'text';
}
