import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completeUscc,
  usccCheckCharacter,
  usccFromSixths,
  usccProblem,
  usccSixths,
} from '#shared/domain/uscc.ts';

describe('unified social credit code', () => {
  it.each([
    ['914403001922038216', 'a check digit'],
    ['9144030071526726XG', 'a check letter'],
    ['91330100799655058B', 'a check letter after a long numeric body'],
  ])('accepts the published code %s (%s)', (code) => {
    expect(usccProblem(code)).toBeUndefined();
  });

  it('rejects a credit code whose check digit is wrong', () => {
    expect(usccProblem('914403001922038217')).toBe('checksum');
  });

  it('rejects a credit code of the wrong length', () => {
    expect(usccProblem('91440300192203821')).toBe('length');
  });

  it('rejects letters that GB 32100 leaves out (I, O, S, V, Z)', () => {
    expect(usccProblem('91440300192203821I')).toBe('charset');
    expect(usccProblem('9144030019220382O6')).toBe('charset');
  });

  it('completes a 17-character body into a valid code', () => {
    // Prepare: the body of Huawei's code, whose published check character is 6.
    const body = '91440300192203821';

    // Act
    const code = completeUscc(body);

    // Assess
    expect(code).toBe('914403001922038216');
    expect(usccCheckCharacter(body)).toBe('6');
  });
});

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const alphabetCode = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 18, maxLength: 18 })
  .map((characters) => characters.join(''));
/** Any text a cell may hold, near a code or not: other lengths, other characters, cut and changed codes. */
const anyText = fc.oneof(
  alphabetCode,
  alphabetCode.map((code) => code.slice(0, 17)),
  alphabetCode.map((code) => `${code.slice(0, 9)}I${code.slice(10)}`),
  fc.string({ maxLength: 20 }),
);

function sixths(code: string): { packed: boolean; into: number[] } {
  const into = new Int32Array(5).fill(-7);
  const packed = usccSixths(code, into, 1);
  return { packed, into: [...into] };
}

describe('credit codes as three integers (the duplicate check)', () => {
  it('packs every 18-character code of the alphabet, check character right or not, and unpacks it exactly', () => {
    fc.assert(
      fc.property(alphabetCode, (code) => {
        const { packed, into } = sixths(code);
        expect(packed).toBe(true);
        expect(into[0]).toBe(-7);
        expect(into[4]).toBe(-7);
        expect(usccFromSixths(into[1]!, into[2]!, into[3]!)).toBe(code);
      }),
    );
  });

  it('refuses, writing nothing, text that is not 18 characters of the alphabet', () => {
    for (const text of [
      '',
      '91440300192203821',
      '9144030019220382169',
      '91440300192203821I',
      '９１４４０３００１９２２０３８２１６',
    ])
      expect(sixths(text)).toEqual({ packed: false, into: [-7, -7, -7, -7, -7] });
  });

  it('packs a code the same whatever was checked or packed before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), anyText), { maxLength: 6 }),
        alphabetCode,
        alphabetCode,
        fc.integer({ min: 0, max: 17 }),
        (before, code, other, bad) => {
          // Prepare: checks and packs of other texts in any order (the reader checks each row's code, the duplicate check packs it).
          const fresh = usccFromSixths(...(sixths(code).into.slice(1, 4) as [number, number, number]));
          for (const [check, text] of before) {
            if (check) usccProblem(text);
            else sixths(text);
          }

          // Act: the code checked (as the reader does), then packed; then packed again after a
          // check that fails part-way through another code.
          usccProblem(code);
          const afterCheck = sixths(code).into.slice(1, 4) as [number, number, number];
          usccProblem(`${other.slice(0, bad)}O${other.slice(bad + 1)}`);
          const afterFailedCheck = sixths(code).into.slice(1, 4) as [number, number, number];

          // Assess
          expect(fresh).toBe(code);
          expect(usccFromSixths(...afterCheck)).toBe(code);
          expect(usccFromSixths(...afterFailedCheck)).toBe(code);
        },
      ),
    );
  });
});
