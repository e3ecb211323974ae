/**
 * A 5×7 bitmap font for digits, Latin capitals and the punctuation of numbers and codes. Charts
 * are drawn in a Lambda without system fonts, so every glyph lives here; Chinese names go into the
 * cells beside the image instead. Lower-case letters are drawn as capitals.
 */

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** Horizontal advance per character at scale 1 (glyph plus one column of spacing). */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;

/** Each glyph: seven rows, two hex digits per row, the five low bits left to right. */
const GLYPHS: Record<string, string> = {
  '0': '0e11131519110e',
  '1': '040c040404040e',
  '2': '0e11010204081f',
  '3': '1f02040201110e',
  '4': '02060a121f0202',
  '5': '1f101e0101110e',
  '6': '0608101e11110e',
  '7': '1f010204080808',
  '8': '0e11110e11110e',
  '9': '0e11110f01020c',
  A: '0e1111111f1111',
  B: '1e11111e11111e',
  C: '0e11101010110e',
  D: '1c12111111121c',
  E: '1f10101e10101f',
  F: '1f10101e101010',
  G: '0e11101711110f',
  H: '1111111f111111',
  I: '0e04040404040e',
  J: '0702020202120c',
  K: '11121418141211',
  L: '1010101010101f',
  M: '111b1515111111',
  N: '11111915131111',
  O: '0e11111111110e',
  P: '1e11111e101010',
  Q: '0e11111115120d',
  R: '1e11111e141211',
  S: '0f10100e01011e',
  T: '1f040404040404',
  U: '1111111111110e',
  V: '11111111110a04',
  W: '1111111515150a',
  X: '11110a040a1111',
  Y: '1111110a040404',
  Z: '1f01020408101f',
  ' ': '00000000000000',
  '.': '00000000000c0c',
  ',': '000000000c0408',
  '%': '18190204081303',
  '-': '0000001f000000',
  '+': '0004041f040400',
  ':': '000c0c000c0c00',
  '/': '00010204081000',
  '(': '02040808080402',
  ')': '08040202020408',
  '#': '0a0a1f0a1f0a0a',
  '=': '00001f001f0000',
  '<': '02040810080402',
  '>': '08040201020408',
};

/** Drawn for any character the font lacks, so a missing glyph is visible rather than silent. */
const MISSING = '1f11111111111f';

const decoded = new Map<string, boolean[][]>();

/** The glyph's pixels, `rows[y][x]`. */
export function glyph(char: string): boolean[][] {
  const key = char.toUpperCase();
  let rows = decoded.get(key);
  if (!rows) {
    const hex = GLYPHS[key] ?? MISSING;
    rows = Array.from({ length: GLYPH_HEIGHT }, (_, y) => {
      const bits = Number.parseInt(hex.slice(y * 2, y * 2 + 2), 16);
      return Array.from({ length: GLYPH_WIDTH }, (_, x) => ((bits >> (GLYPH_WIDTH - 1 - x)) & 1) === 1);
    });
    decoded.set(key, rows);
  }
  return rows;
}

export function hasGlyph(char: string): boolean {
  return GLYPHS[char.toUpperCase()] !== undefined;
}

/** Width in pixels of `text` at `scale`, without the trailing spacing column. */
export function textWidth(text: string, scale = 1): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}
