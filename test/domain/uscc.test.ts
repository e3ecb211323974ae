import { describe, expect, it } from 'vitest';
import { completeUscc, usccCheckCharacter, usccProblem } from '#shared/domain/uscc.ts';

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
