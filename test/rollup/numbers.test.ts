import { describe, expect, it } from 'vitest';
import { growthPercent, median, round, sum } from '#shared/rollup/numbers.ts';

describe('growthPercent', () => {
  it('is (value / base − 1) × 100 rounded to 2 decimals', () => {
    // (670 / 550 − 1) × 100 = 21.8181…
    expect(growthPercent(670, 550)).toBe(21.82);
  });

  it('is negative when the value fell, and −100 when it fell to zero', () => {
    // (150 / 200 − 1) × 100 = −25
    expect(growthPercent(150, 200)).toBe(-25);
    expect(growthPercent(0, 80)).toBe(-100);
  });

  it('is null when the base is missing', () => {
    expect(growthPercent(10, null)).toBeNull();
  });

  it('is null when the value is missing', () => {
    expect(growthPercent(null, 10)).toBeNull();
  });

  it('is null, never Infinity or NaN, on a zero base', () => {
    expect(growthPercent(10, 0)).toBeNull();
    expect(growthPercent(0, 0)).toBeNull();
  });

  it('is null on a negative base (a rate), where the sign would flip', () => {
    expect(growthPercent(5, -2)).toBeNull();
  });

  it('is null when the quotient overflows', () => {
    expect(growthPercent(Number.MAX_VALUE, 0.5)).toBeNull();
  });

  it('is zero when nothing changed', () => {
    expect(growthPercent(20, 20)).toBe(0);
  });
});

describe('round, sum and median', () => {
  it('rounds halves away from zero on both sides', () => {
    expect(round(2.5, 0)).toBe(3);
    expect(round(-2.5, 0)).toBe(-3);
    expect(round(16.6666, 2)).toBe(16.67);
  });

  it('sums amounts without binary noise', () => {
    expect(sum([0.1, 0.2])).toBe(0.3);
    expect(sum([])).toBe(0);
  });

  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([10, 5, 8])).toBe(8);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
