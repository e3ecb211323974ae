import { describe, expect, it } from 'vitest';
import {
  InvalidPeriodError,
  isFuture,
  isLate,
  latestDueQuarter,
  parsePeriod,
  parseQuarter,
  previousQuarter,
  quarterDeadline,
  quarterRange,
  quartersToDate,
  sameQuarterLastYear,
} from '#shared/domain/period.ts';

describe('periods', () => {
  it('parses quarter and year codes, case-insensitively', () => {
    expect(parsePeriod('2024q3')).toEqual({ kind: 'quarter', year: 2024, quarter: 3, code: '2024Q3' });
    expect(parsePeriod(' 2023 ')).toEqual({ kind: 'year', year: 2023, code: '2023' });
  });

  it.each(['2024Q5', '2024-Q3', '24Q3', '', '2024Q0'])('rejects the malformed period %j', (text) => {
    expect(() => parsePeriod(text)).toThrow(InvalidPeriodError);
  });

  it('refuses a year where a quarter is required', () => {
    expect(() => parseQuarter('2024')).toThrow(InvalidPeriodError);
  });

  it('steps back across a year boundary', () => {
    expect(previousQuarter(parseQuarter('2024Q1')).code).toBe('2023Q4');
    expect(sameQuarterLastYear(parseQuarter('2024Q3')).code).toBe('2023Q3');
  });

  it('lists the quarters a year-to-date value is built from', () => {
    expect(quartersToDate(parseQuarter('2024Q3')).map((q) => q.code)).toEqual(['2024Q1', '2024Q2', '2024Q3']);
    expect(quarterRange(parseQuarter('2023Q4'), parseQuarter('2024Q2')).map((q) => q.code)).toEqual([
      '2023Q4',
      '2024Q1',
      '2024Q2',
    ]);
  });

  it('puts the deadline at the end of the 15th day after the quarter, China time', () => {
    // 2024Q3 ends 2024-09-30; 15 days later is 2024-10-15, ending 23:59:59.999 +08:00 = 15:59:59.999Z.
    expect(quarterDeadline(parseQuarter('2024Q3')).toISOString()).toBe('2024-10-15T15:59:59.999Z');
    expect(quarterDeadline(parseQuarter('2024Q3'), 20).toISOString()).toBe('2024-10-20T15:59:59.999Z');
  });

  it('calls an upload late only after the deadline', () => {
    const q3 = parseQuarter('2024Q3');
    expect(isLate(q3, new Date('2024-10-15T15:59:59Z'))).toBe(false);
    expect(isLate(q3, new Date('2024-10-15T16:00:00Z'))).toBe(true);
  });

  it('treats a quarter as future until its first day in China time', () => {
    const q4 = parseQuarter('2024Q4');
    // 2024-10-01 00:00 +08:00 is 2024-09-30T16:00Z.
    expect(isFuture(q4, new Date('2024-09-30T15:59:59Z'))).toBe(true);
    expect(isFuture(q4, new Date('2024-09-30T16:00:00Z'))).toBe(false);
  });

  it('finds the latest quarter whose deadline has passed', () => {
    expect(latestDueQuarter(new Date('2024-10-15T18:00:00Z')).code).toBe('2024Q3');
    expect(latestDueQuarter(new Date('2024-10-15T12:00:00Z')).code).toBe('2024Q2');
    expect(latestDueQuarter(new Date('2025-01-15T18:00:00Z')).code).toBe('2024Q4');
  });
});
