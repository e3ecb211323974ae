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
/** A value element left open at the end of the text seen so far: held back until its end arrives. */
const OPEN_VALUE_AT_END = /<v(?:\s[^>]*)?>$/;

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column;
}

export class SheetXmlRepair {
  private row = 0;
  private column = 0;
  private pending = '';

  /** The repaired text of everything up to the last tag seen, which is held back with what follows it. */
  push(text: string): string {
    const combined = this.pending + text;
    let cut = combined.lastIndexOf('<');
    if (cut < 0) {
      this.pending = '';
      return combined;
    }
    const open = OPEN_VALUE_AT_END.exec(combined.slice(0, cut));
    if (open) cut = open.index;
    this.pending = combined.slice(cut);
    return this.repair(combined.slice(0, cut));
  }

  /** What was held back, repaired. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    return this.repair(rest);
  }

  private repair(text: string): string {
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
