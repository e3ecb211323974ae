/** The roll-up in two steps: each city summarised from its own data, then the national step. */
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { quarterIndex, quarterPeriod } from '#shared/domain/period.ts';
import { combineRollup, computeRollup, rollupFrame, summariseCity } from '#shared/rollup/compute.ts';
import type { RollupInput } from '#shared/rollup/input.ts';
import { A, C, nationalFixture, REGISTRY } from './fixture.ts';

function summaries(input: RollupInput) {
  const frame = rollupFrame(input.period, input.generatedAt, input.deadlineDays);
  const byCode = new Map(input.cities.map((data) => [data.city, data]));
  return { frame, cities: input.registry.map((city) => summariseCity(frame, city, byCode.get(city.code))) };
}

describe('summariseCity and combineRollup', () => {
  it('combine the cities summarised in any order into the roll-up of the whole input', () => {
    const input = nationalFixture();
    const expected = JSON.stringify(computeRollup(input));
    const { frame, cities } = summaries(input);

    const combined = combineRollup(frame, [...cities].reverse(), input.locks);

    expect(JSON.stringify(combined)).toBe(expected);
  });

  it("leave a city's rank to the national step", () => {
    const input = nationalFixture();
    const { frame, cities } = summaries(input);
    expect(cities.map((summary) => summary.rollup.rank)).toEqual(cities.map(() => null));

    const combined = combineRollup(frame, cities, input.locks);

    expect(combined.cities.filter((city) => city.score !== null).map((city) => city.rank)).toEqual(
      expect.arrayContaining([1, 2]),
    );
  });

  it("keep each reported quarter's indicator values up to the period, NaN where one was not reported", () => {
    const { cities } = summaries(nationalFixture());
    const a = cities.find((summary) => summary.city.code === A);
    const c = cities.find((summary) => summary.city.code === C);

    // 甲 reported 2023Q1, 2023Q2, 2024Q1, 2024Q2; its 2024Q3 sheet lies after the period.
    expect([...(a?.reportedQuarters.keys() ?? [])].sort()).toEqual(
      [quarterPeriod(2023, 1), quarterPeriod(2023, 2), quarterPeriod(2024, 1), quarterPeriod(2024, 2)]
        .map(quarterIndex)
        .sort(),
    );
    // 丙 skipped 2024Q1.
    expect(c?.reportedQuarters.has(quarterIndex(quarterPeriod(2024, 1)))).toBe(false);
    const values = a?.reportedQuarters.get(quarterIndex(quarterPeriod(2024, 2)));
    expect(values).toHaveLength(INDICATORS.length);
    expect(values?.some((value) => Number.isNaN(value))).toBe(true);
  });

  it('summarise a city without any data as one that adds nothing but its place in the registry', () => {
    const input = nationalFixture();
    const frame = rollupFrame(input.period, input.generatedAt, input.deadlineDays);

    const summary = summariseCity(frame, REGISTRY[0] as (typeof REGISTRY)[number], undefined);

    expect(summary).toMatchObject({
      enterprises: [],
      caseCandidates: [],
      quality: [],
      uploads: [],
      dataAsOf: null,
    });
    expect(summary.reportedQuarters.size).toBe(0);
    expect(summary.rollup.submission).toBe('not_reported');
  });

  it("keep only the warnings of a city's current uploads of the period", () => {
    const { cities } = summaries(nationalFixture());
    const a = cities.find((summary) => summary.city.code === A);

    // The 2024Q1 upload's OUTLIER is another quarter's.
    expect(a?.quality.map((entry) => entry.code).sort()).toEqual([
      'DERIVED_MISMATCH',
      'STOCK_DECREASE',
      'UPLOAD_LATE',
    ]);
  });
});
