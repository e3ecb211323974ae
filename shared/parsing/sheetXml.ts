/**
 * Worksheet XML as some producers write it, made readable for exceljs while it streams:
 * - rows and cells without the optional `r` attribute (valid OOXML) get the position Excel gives
 *   them: a row without `r` follows the previous row, a cell without `r` the previous cell of its
 *   row (the first row is 1, the first cell column A);
 * - an empty value element (`<v></v>`, `<v/>`) is dropped: openpyxl writes formula cells as
 *   `<f>…</f><v></v>`, which exceljs would read as the number NaN; without it the cell is a
 *   formula without a cached result, as it is.
 */

import { columnLetter } from './layout.ts';

/** `<row …>` or `<c …>` (not `<cols>`, `<rowBreaks>`…), or an empty `<v>` element. */
const TAG = /<(row|c)(?=[\s/>])([^>]*)>|<v(?:\s[^>]*)?(?:\/>|><\/v>)/g;
const ROW_NUMBER = /\sr\s*=\s*["'](\d+)["']/;
const CELL_REFERENCE = /\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d*["']/;

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

/**
 * Whether text needs repairing: a `<row>` or `<c>` tag without `r`, or an empty value element.
 * Tested on the bytes read as Latin-1 (every byte one character: the tags are ASCII, and UTF-8
 * never puts a byte below 0x80 inside a character), so that a sheet that needs nothing is never
 * decoded, rewritten or encoded again.
 */
const NEEDS_REPAIR = /<(?:row|c)(?=[\s/>])(?![^>]*\sr\s*=)|<v(?:\s[^>]*)?(?:\/>|><\/v>)/;
const OPEN_VALUE = /^<v(?:\s[^>]*)?>$/;
const LESS_THAN = 0x3c;
const EMPTY = Buffer.alloc(0);

/** Where the last `<name …>` tag (not `<name…` of a longer name) starts in `text`, or -1. */
function lastTag(text: string, name: string): number {
  for (let at = text.lastIndexOf(name); at >= 0; at = at === 0 ? -1 : text.lastIndexOf(name, at - 1)) {
    const next = text.charCodeAt(at + name.length);
    // whitespace, `/` or `>`
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f || next === 0x3e)
      return at;
  }
  return -1;
}

/** Repairs worksheet XML as its bytes stream (see the file comment); bytes that need nothing pass as they are. */
export class SheetXmlRepair {
  private row = 0;
  private column = 0;
  private pending: Buffer = EMPTY;

  /** Everything up to the last tag seen, repaired; that tag and what follows are held back. */
  push(bytes: Buffer): Buffer {
    const combined = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    let cut = combined.lastIndexOf(LESS_THAN);
    if (cut < 0) {
      this.pending = EMPTY;
      return combined;
    }
    const text = combined.toString('latin1', 0, cut);
    // A value element left open at the end waits for its end (it may turn out empty).
    const value = text.lastIndexOf('<v');
    if (value >= 0 && OPEN_VALUE.test(text.slice(value))) cut = value;
    this.pending = Buffer.from(combined.subarray(cut));
    return this.repair(combined.subarray(0, cut), cut === text.length ? text : text.slice(0, cut));
  }

  /** What was held back, repaired. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = EMPTY;
    return this.repair(rest, rest.toString('latin1'));
  }

  private repair(bytes: Buffer, latin1: string): Buffer {
    if (!NEEDS_REPAIR.test(latin1)) {
      this.follow(latin1);
      return bytes;
    }
    return Buffer.from(this.repairText(bytes.toString('utf8')), 'utf8');
  }

  /** The position after text that needed no repair: its last row, and its last cell in that row. */
  private follow(latin1: string): void {
    const row = lastTag(latin1, '<row');
    const cell = lastTag(latin1, '<c');
    if (row >= 0) {
      this.row = Number(ROW_NUMBER.exec(latin1.slice(row, latin1.indexOf('>', row) + 1))?.[1] ?? this.row);
      this.column = 0;
    }
    if (cell > row) {
      const reference = CELL_REFERENCE.exec(latin1.slice(cell, latin1.indexOf('>', cell) + 1));
      if (reference) this.column = columnNumber(reference[1] ?? 'A');
    }
  }

  private repairText(text: string): string {
    return text.replace(TAG, (whole: string, name: string | undefined, attributes: string | undefined) => {
      if (name === undefined) return '';
      if (name === 'row') {
        this.column = 0;
        const given = ROW_NUMBER.exec(attributes ?? '');
        if (given) {
          this.row = Number(given[1]);
          return whole;
        }
        this.row++;
        return `<row r="${this.row}"${attributes}>`;
      }
      const given = CELL_REFERENCE.exec(attributes ?? '');
      if (given) {
        this.column = columnNumber(given[1] ?? 'A');
        return whole;
      }
      this.column++;
      return `<c r="${columnLetter(this.column - 1)}${Math.max(this.row, 1)}"${attributes}>`;
    });
  }
}
