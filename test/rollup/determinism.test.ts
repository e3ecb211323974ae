/** Idempotency, input-order independence and national sums, over the fixture and random data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { quarterPeriod } from '#shared/domain/period.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import type { CityRollupInput, RollupInput } from '#shared/rollup/input.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { aCity, aCityInput, aCore, anInput } from './builders.ts';
import { nationalFixture } from './fixture.ts';

/** Fisher–Yates driven by a seeded generator, so a failing case can be replayed. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** The same data with every list in another order. */
function reorder(input: RollupInput, random: () => number): RollupInput {
  const city = (data: CityRollupInput): CityRollupInput => ({
    city: data.city,
    current: shuffled(data.current, random),
    uploads: shuffled(data.uploads, random),
    enterprises: shuffled(
      data.enterprises.map((sheet) => ({ ...sheet, records: shuffled(sheet.records, random) })),
      random,
    ),
    cases: shuffled(
      data.cases.map((sheet) => ({ ...sheet, records: shuffled(sheet.records, random) })),
      random,
    ),
    reports: shuffled(
      data.reports.map((report) => ({ ...report, warnings: shuffled(report.warnings, random) })),
      random,
    ),
  });
  return {
    ...input,
    registry: shuffled(input.registry, random),
    cities: shuffled(input.cities.map(city), random),
    locks: shuffled(input.locks, random),
  };
}

describe('computeRollup is deterministic', () => {
  it('gives the same result for the same input twice', () => {
    const input = nationalFixture();
    expect(computeRollup(input)).toEqual(computeRollup(input));
  });

  it('gives the same result apart from the generated time when run later', () => {
    const first = computeRollup(nationalFixture());
    const later = computeRollup({ ...nationalFixture(), generatedAt: '2025-01-01T00:00:00.000Z' });
    expect(later.generatedAt).toBe('2025-01-01T00:00:00.000Z');
    expect({ ...later, generatedAt: first.generatedAt }).toEqual(first);
  });

  it('does not depend on the order the stores returned the data in', () => {
    const expected = JSON.stringify(computeRollup(nationalFixture()));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        // Compared as JSON text: the same keys in the same order, not only equal values.
        expect(JSON.stringify(computeRollup(reorder(nationalFixture(), seeded(seed))))).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('does not modify its input', () => {
    const input = nationalFixture();
    const before = structuredClone(input);
    computeRollup(input);
    expect(input).toEqual(before);
  });
});

const FLOW_AND_STOCK = INDICATORS.filter((definition) => definition.aggregation !== 'rate').map(
  (d) => d.code,
);
const SAMPLE_CODES = ['A02', 'B01', 'B06', 'C04', 'D01', 'E04'];

/** A random city: per quarter of 2023Q2 and 2024Q2, reported or not, with values of some indicators. */
const cityArbitrary = fc.record({
  lastYear: fc.option(
    fc.dictionary(fc.constantFrom(...SAMPLE_CODES), fc.integer({ min: 0, max: 1_000_000 })),
    {
      nil: undefined,
    },
  ),
  thisYear: fc.option(
    fc.dictionary(
      fc.constantFrom(...SAMPLE_CODES),
      fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    ),
    { nil: undefined },
  ),
});

function randomInput(
  cities: Array<{ lastYear?: Record<string, number>; thisYear?: Record<string, number> }>,
): RollupInput {
  const codes = cities.map((_, i) => String(110101 + i));
  return anInput(
    quarterPeriod(2024, 2),
    codes.map((code) => aCity(code, `城市${code}`)),
    cities.map((data, i) => {
      const code = codes[i] as string;
      return aCityInput(code, {
        current: [
          ...(data.lastYear
            ? [aCore(code, '2023Q2', `${code}-2023Q2`, '2023-07-01T00:00:00.000Z', data.lastYear)]
            : []),
          ...(data.thisYear
            ? [aCore(code, '2024Q2', `${code}-2024Q2`, '2024-07-01T00:00:00.000Z', data.thisYear)]
            : []),
        ],
      });
    }),
  );
}

function everyGrowth(result: NationalRollup): Array<number | null> {
  return [
    ...Object.values(result.national).map((figures) => figures.growth),
    ...result.cities.flatMap((city) => Object.values(city.indicators).map((figures) => figures.growth)),
  ];
}

describe('computeRollup over random data', () => {
  it('makes national totals of flows and stocks the sum of the reporting cities’ values', () => {
    fc.assert(
      fc.property(fc.array(cityArbitrary, { minLength: 1, maxLength: 6 }), (cities) => {
        const result = computeRollup(randomInput(cities));
        for (const code of FLOW_AND_STOCK) {
          const values = cities
            .map((city) => city.thisYear?.[code])
            .filter((value): value is number => value !== undefined);
          const national = result.national[code];
          if (values.length === 0) {
            expect(national?.value).toBeNull();
          } else {
            expect(national?.value).toBeCloseTo(
              values.reduce((a, b) => a + b, 0),
              3,
            );
            expect(national?.cities).toBe(values.length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never produces a growth of Infinity or NaN', () => {
    fc.assert(
      fc.property(fc.array(cityArbitrary, { minLength: 1, maxLength: 6 }), (cities) => {
        for (const growth of everyGrowth(computeRollup(randomInput(cities)))) {
          expect(growth === null || Number.isFinite(growth)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('ranks exactly the cities that reported, 1 to n', () => {
    fc.assert(
      fc.property(fc.array(cityArbitrary, { minLength: 1, maxLength: 6 }), (cities) => {
        const result = computeRollup(randomInput(cities));
        const ranks = result.cities.map((city) => city.rank).filter((rank) => rank !== null);
        const reported = cities.filter((city) => city.thisYear !== undefined).length;
        expect([...ranks].sort((a, b) => (a as number) - (b as number))).toEqual(
          Array.from({ length: reported }, (_, i) => i + 1),
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe('computeRollup ranks equal scores by city code', () => {
  it('ranks two cities with the same data in code order', () => {
    const values = { A02: 5, A03: 15, C01: 50, C02: 500 };
    const input = anInput(
      quarterPeriod(2024, 2),
      [aCity('220101', '乙'), aCity('110101', '甲')],
      ['220101', '110101'].map((code) =>
        aCityInput(code, {
          current: [aCore(code, '2024Q2', `${code}-u`, '2024-07-01T00:00:00.000Z', values)],
        }),
      ),
    );
    const result = computeRollup(input);
    expect(result.cities.map((city) => [city.code, city.score, city.rank])).toEqual([
      // Progress 6 of 12 (batch 2023). A02 5/10 = 50, A03 15/30 = 50, C01 50, C02 50; A04 and B07
      // not reported: 无数据 → 0; growth targets and agency growth have no base: left out.
      // (50 + 50 + 0 + 0 + 50 + 50) / 6 = 33.33.
      ['110101', 33.33, 1],
      ['220101', 33.33, 2],
    ]);
  });
});
