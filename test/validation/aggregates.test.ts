import { describe, expect, it } from 'vitest';
import { computeSheetAggregates } from '#shared/validation/aggregates.ts';
import { agency, enterprise, portfolio, typicalCase } from './builders.ts';

describe('computeSheetAggregates', () => {
  it('keeps the declared core values, leaving out empty derived rows', () => {
    const aggregates = computeSheetAggregates('core', [
      { code: 'B01', value: 1000 },
      { code: 'A04' },
      { code: 'E04', value: -2.5 },
    ]);

    expect(aggregates).toEqual({ rows: 3, indicators: { B01: 1000, E04: -2.5 } });
  });

  it('counts qualifying agencies and weighs their growth by revenue', () => {
    const aggregates = computeSheetAggregates('agencies', [
      // qualifies by 本年累计, has a base: 1200 against 1000
      agency(1, { revenueYtd: 1200, revenueSamePeriodLastYear: 1000 }),
      // qualifies by 上年度 only, has a base: 800 against 400
      agency(2, { revenueYtd: 800, revenueSamePeriodLastYear: 400, revenueLastYear: 1000 }),
      // qualifies, no base: counted in revenue but not in the growth
      agency(3, { revenueYtd: 2000.5 }),
      // does not qualify
      agency(4, { revenueYtd: 999.9999, revenueSamePeriodLastYear: 10, revenueLastYear: 999 }),
    ]);

    // growth = (1200 + 800) / (1000 + 400) − 1 = 42.857…%
    expect(aggregates).toEqual({
      rows: 4,
      agencies: {
        qualifying: 3,
        qualifyingRevenueYtd: 4000.5,
        qualifyingRevenueSamePeriodLastYear: 1400,
        qualifyingRevenueYtdWithBase: 2000,
        weightedGrowth: 42.86,
      },
      totals: { revenueYtd: 5000.4999, revenueSamePeriodLastYear: 1410, revenueLastYear: 1999 },
    });
  });

  it('gives no weighted growth when no qualifying agency has a base', () => {
    const aggregates = computeSheetAggregates('agencies', [
      agency(1, { revenueYtd: 5000, revenueSamePeriodLastYear: 0 }),
    ]);

    expect(aggregates.agencies?.weightedGrowth).toBeNull();
    expect(aggregates.agencies?.qualifying).toBe(1);
  });

  it('counts portfolios with at least 50 invention patents and 10 PCT applications', () => {
    const aggregates = computeSheetAggregates('portfolios', [
      portfolio(1, { inventionPatents: 50, pctApplications: 10 }),
      portfolio(2, { inventionPatents: 49, pctApplications: 40 }),
      portfolio(3, { inventionPatents: 200, pctApplications: 9 }),
    ]);

    expect(aggregates).toEqual({
      rows: 3,
      portfolios: { qualifying: 1 },
      totals: { inventionPatents: 299, pctApplications: 59 },
    });
  });

  it('totals the numeric columns of 重点企业, empty cells counting zero', () => {
    const aggregates = computeSheetAggregates('enterprises', [
      enterprise(1, { validInventionPatents: 10, pledgeFinancing: 0.1 }),
      enterprise(2, { validInventionPatents: 5, pledgeFinancing: 0.2, pctApplications: 3 }),
    ]);

    expect(aggregates.totals).toEqual({
      validInventionPatents: 15,
      inventionGrants: 0,
      pctApplications: 3,
      madridRegistrations: 0,
      licensingIncome: 0,
      pledgeFinancing: 0.3,
      insuranceCoverage: 0,
    });
  });

  it('only counts the rows of 典型案例', () => {
    expect(computeSheetAggregates('cases', [typicalCase(1), typicalCase(2)])).toEqual({ rows: 2 });
  });
});
