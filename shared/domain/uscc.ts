/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * 0-9 and A-Z without I, O, S, V, Z; the 18th is a check character over the first 17.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'charset' | 'checksum';

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new Error(`character ${first17.charAt(i)} is not allowed in a credit code`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check);
}

/** Returns what is wrong with a (normalised, upper-case) credit code, or undefined if it is valid. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  for (const char of code) if (!USCC_ALPHABET.includes(char)) return 'charset';
  return usccCheckCharacter(code.slice(0, 17)) === code.charAt(17) ? undefined : 'checksum';
}

/** Builds a valid code from a 17-character body (used by the demo data and tests). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}
