/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * 0-9 and A-Z without I, O, S, V, Z; the 18th is a check character over the first 17.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'charset' | 'checksum';

// Character values by char code (-1: not allowed). A table lookup keeps the check cheap enough
// to run on every row of a 100,000-row enterprise sheet.
const CHARACTER_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) CHARACTER_VALUES[USCC_ALPHABET.charCodeAt(i)] = i;

function characterValue(code: string, index: number): number {
  const charCode = code.charCodeAt(index);
  return charCode < 128 ? (CHARACTER_VALUES[charCode] ?? -1) : -1;
}

function checkValue(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += characterValue(first17, i) * (WEIGHTS[i] ?? 0);
  return (31 - (sum % 31)) % 31;
}

export function usccCheckCharacter(first17: string): string {
  for (let i = 0; i < 17; i++) {
    if (characterValue(first17, i) < 0)
      throw new Error(`character ${first17.charAt(i)} is not allowed in a credit code`);
  }
  return USCC_ALPHABET.charAt(checkValue(first17));
}

/**
 * The last code whose characters were all read (by `usccProblem` or `usccSixths`), as the three
 * numbers `usccSixths` gives: the reader checks each row's code and the duplicate check then
 * packs the same string, so the second look reads no character again. Only a cache: a code that
 * is not this very string is read as usual.
 */
let lastCode = '';
const lastSixths = new Int32Array(3);

/** Returns what is wrong with a (normalised, upper-case) credit code, or undefined if it is valid. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  // One pass over the characters: this runs on every row of an enterprise sheet.
  let sum = 0;
  // Characters 1–6, 7–12 and 13–18 in base 31, as `usccSixths` packs them.
  let first = 0;
  let second = 0;
  let third = 0;
  for (let i = 0; i < 17; i++) {
    const value = characterValue(code, i);
    if (value < 0) return 'charset';
    sum += value * (WEIGHTS[i] as number);
    if (i < 6) first = first * 31 + value;
    else if (i < 12) second = second * 31 + value;
    else third = third * 31 + value;
  }
  const check = characterValue(code, 17);
  if (check < 0) return 'charset';
  remember(code, first, second, third * 31 + check);
  return (31 - (sum % 31)) % 31 === check ? undefined : 'checksum';
}

/**
 * Writes an 18-character code of the credit-code alphabet (check character right or not) as
 * three numbers to `into[at…at + 2]`: the base-31 values of characters 1–6, 7–12 and 13–18
 * (each below 31⁶ < 2³¹, so a code is kept exactly in three integers); false, writing nothing,
 * for any other text.
 */
export function usccSixths(code: string, into: Int32Array, at: number): boolean {
  if (code !== lastCode) {
    if (code.length !== 18) return false;
    const first = sixthValue(code, 0);
    const second = sixthValue(code, 6);
    const third = sixthValue(code, 12);
    if (first < 0 || second < 0 || third < 0) return false;
    remember(code, first, second, third);
  }
  into[at] = lastSixths[0] as number;
  into[at + 1] = lastSixths[1] as number;
  into[at + 2] = lastSixths[2] as number;
  return true;
}

function remember(code: string, first: number, second: number, third: number): void {
  lastSixths[0] = first;
  lastSixths[1] = second;
  lastSixths[2] = third;
  lastCode = code;
}

/** Base-31 value of characters `from` … `from + 5` of a code; -1 if one is not in the alphabet. */
function sixthValue(code: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 6; i++) {
    const digit = characterValue(code, i);
    if (digit < 0) return -1;
    value = value * 31 + digit;
  }
  return value;
}

/** The code whose three numbers `usccSixths` wrote. */
export function usccFromSixths(first: number, second: number, third: number): string {
  return sixthText(first) + sixthText(second) + sixthText(third);
}

function sixthText(value: number): string {
  let text = '';
  for (let i = 0, rest = value; i < 6; i++, rest = Math.floor(rest / 31))
    text = USCC_ALPHABET.charAt(rest % 31) + text;
  return text;
}

/** Builds a valid code from a 17-character body (used by the demo data and tests). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}
