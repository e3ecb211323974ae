import { describe, expect, it } from 'vitest';
import { chinaDateText, chinaTimeLabel, chinaTimeText, chinaWallClock } from '#shared/domain/chinaTime.ts';

describe('China time (北京时间)', () => {
  it('shows an instant as the wall-clock time in China, eight hours ahead of UTC', () => {
    expect(chinaTimeText('2024-10-15T15:59:59.999Z')).toBe('2024-10-15 23:59');
    expect(chinaTimeText(new Date('2024-10-15T16:00:00Z'))).toBe('2024-10-16 00:00');
  });

  it('takes the day in China, not in UTC', () => {
    expect(chinaDateText('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    expect(chinaWallClock('2024-12-31T16:00:00Z').getUTCFullYear()).toBe(2025);
  });

  it('labels a time for the CLI and marks a missing one with a dash', () => {
    expect(chinaTimeLabel('2024-10-20T02:00:00Z')).toBe('2024-10-20 10:00（北京时间）');
    expect(chinaTimeLabel(undefined)).toBe('—');
  });

  it('returns a text that is not a time as it is, rather than "Invalid Date"', () => {
    expect(chinaTimeText('不是时间')).toBe('不是时间');
  });
});
