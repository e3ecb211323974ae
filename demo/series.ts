/**
 * A city's core indicator values over the demo periods. Flows follow a seasonal pattern and a
 * city-specific year-on-year growth; stocks never fall; programme stocks move towards the
 * programme target at the city's pace; the cross-field rules (B02 ≤ B01, B04 ≤ B03, D03 ≤ D02,
 * E02 ≤ E01) hold by construction.
 */
import type { QuarterPeriod } from '#shared/domain/period.ts';
import { type City, programmeQuarterNumber, targetFor } from '#shared/domain/registry.ts';
import type { DemoCityProfile } from './profiles.ts';
import type { Random } from './random.ts';

/** Share of a year's activity per quarter (Q1 is low: Spring Festival; Q4 high: year-end push). */
const SEASON = [0.82, 1.0, 0.98, 1.2] as const;

/** Quarterly flows of the largest city (scale 1), before season and growth. */
const FLOW_BASE = {
  A06: 60_000,
  B01: 70_000,
  B03: 42_000,
  B05: 4_000,
  B08: 150_000,
  B10: 300,
  C03: 2_500,
  C04: 50_000,
  D01: 250_000,
  D02: 450,
  D04: 80_000,
  D05: 30_000,
} as const;

const GROWTH_TARGETED = new Set(['C04', 'D01', 'D02', 'D04']);
const MONEY_FLOWS = new Set(['A06', 'C04', 'D01', 'D04', 'D05']);

export type IndicatorSeries = Record<string, number[]>;

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Running maximum: a stock never falls. */
function nonDecreasing(values: number[]): number[] {
  let highest = Number.NEGATIVE_INFINITY;
  return values.map((value) => {
    highest = Math.max(highest, value);
    return highest;
  });
}

/** 1-based programme quarter of each period (the periods are all inside the programme). */
export function programmeQuarters(city: City, periods: readonly QuarterPeriod[]): number[] {
  return periods.map((period) => {
    const k = programmeQuarterNumber(city, period);
    if (k === undefined) throw new Error(`${period.code} is outside the programme of ${city.code}`);
    return k;
  });
}

/**
 * The count a programme stock reaches at each period: the target × pace × k / n, so that
 * `pace` is the ratio to the expected progress (≥ 1 进度正常, ≥ 0.5 滞后, < 0.5 严重滞后).
 */
export function programmePath(
  city: City,
  code: string,
  pace: number,
  ks: readonly number[],
  random: Random,
): number[] {
  const target = targetFor(city, code) ?? 0;
  const indicatorPace = pace * random.jitter(0.1);
  return nonDecreasing(
    ks.map((k) => Math.round(((target * indicatorPace * k) / city.programmeQuarters) * random.jitter(0.03))),
  );
}

export function coreSeries(
  city: City,
  profile: DemoCityProfile,
  periods: readonly QuarterPeriod[],
  random: Random,
): IndicatorSeries {
  const ks = programmeQuarters(city, periods);
  const firstYear = periods[0]?.year ?? 0;
  const series: IndicatorSeries = {};

  for (const [code, base] of Object.entries(FLOW_BASE)) {
    const growth = GROWTH_TARGETED.has(code)
      ? profile.financeGrowth + random.between(-0.04, 0.04)
      : profile.generalGrowth + random.between(-0.03, 0.03);
    const present = code !== 'D05' || profile.hasSecuritisation;
    series[code] = periods.map((period) => {
      if (!present) return 0;
      const seasonal = code === 'D05' ? 1 : SEASON[period.quarter - 1]!;
      const value =
        base * profile.scale * seasonal * (1 + growth) ** (period.year - firstYear) * random.jitter(0.06);
      return MONEY_FLOWS.has(code) ? round2(value) : Math.max(1, Math.round(value));
    });
  }
  const share = (of: string, low: number, high: number, whole = false) => {
    const ratio = random.between(low, high);
    return series[of]!.map((value) => {
      const part = value * ratio * random.jitter(0.03);
      return whole ? Math.floor(part) : Math.round(part);
    });
  };
  series.B02 = share('B01', 0.35, 0.45);
  series.B04 = share('B03', 0.2, 0.32);
  series.B09 = share('B08', 0.55, 0.7);
  series.D03 = share('D02', 0.1, 0.3, true);

  series.A01 = steps(Math.round(3 + 15 * profile.scale) + random.int(0, 3), periods.length, 0.25, random);
  series.B11 = steps(random.int(2, 25), periods.length, 0.2, random);
  let agencies = Math.round((120 + 2600 * profile.scale) * random.jitter(0.1));
  series.A05 = periods.map(() => {
    agencies = Math.round(agencies * (1 + random.between(0.005, 0.03)));
    return agencies;
  });
  let validPatents = Math.round(series.B04[0]! * random.between(16, 22));
  series.B06 = series.B04.map((grants, j) => {
    if (j > 0) validPatents += Math.round(grants * random.between(0.8, 0.9));
    return validPatents;
  });
  const fundRaisedAt = random.int(0, periods.length - 1);
  const fund = profile.hasOperationFund ? Math.round(20_000 * (0.4 + profile.scale) * random.jitter(0.2)) : 0;
  series.D06 = periods.map((_, j) => (j >= fundRaisedAt ? Math.round(fund * 1.5) : fund));

  for (const code of ['A02', 'A03', 'C01', 'C02'])
    series[code] = programmePath(city, code, profile.pace, ks, random);

  // Central funds: 70% on approval; the rest in the third year, after the assessment, unless far behind.
  const funding = city.fundingApproved ?? 15_000;
  series.E01 = ks.map((k) => (k >= 9 && profile.pace >= 0.6 ? funding : round2(funding * 0.7)));
  series.E02 = nonDecreasing(
    ks.map((k, j) =>
      round2(
        Math.min(
          series.E01![j]! * 0.98,
          funding * Math.min(0.95, (profile.pace * k) / city.programmeQuarters) * random.jitter(0.05),
        ),
      ),
    ),
  );
  series.E03 = nonDecreasing(
    ks.map((k) =>
      round2(((funding * 0.6 * profile.pace * k) / city.programmeQuarters) * random.jitter(0.05)),
    ),
  );
  series.E04 = periods.map(
    () => Math.round(Math.min(12, Math.max(5, profile.localRevenueGrowth + random.between(-1, 1))) * 10) / 10,
  );
  return series;
}

/** A slowly growing count: each quarter it rises by one with the given probability. */
function steps(start: number, length: number, probability: number, random: Random): number[] {
  let value = start;
  return Array.from({ length }, (_, j) => {
    if (j > 0 && random.chance(probability)) value += 1;
    return value;
  });
}
