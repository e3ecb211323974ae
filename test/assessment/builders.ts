/** Typed builders for assessment inputs: a city's quarters of core indicators and detail sheets. */
import { DEFAULT_ASSESSMENT_CONFIG } from '#shared/assessment/config.ts';
import type { AssessmentInput, CityAssessmentInput } from '#shared/assessment/types.ts';
import { parseQuarter, quarterEnd } from '#shared/domain/period.ts';
import type { City } from '#shared/domain/registry.ts';
import type { CurrentSheet } from '#shared/domain/submission.ts';
import { aCity, aCore, anAgencies, aPortfolios, indicatorTable } from '../rollup/builders.ts';

export { aCity, aReport, aWarning, indicatorTable } from '../rollup/builders.ts';

/** Five days after the quarter's end: well before the 15-day deadline. */
export function onTime(period: string): string {
  return new Date(quarterEnd(parseQuarter(period)).getTime() + 5 * 86_400_000).toISOString();
}

/** Twenty days after the quarter's end: after the deadline. */
export function late(period: string): string {
  return new Date(quarterEnd(parseQuarter(period)).getTime() + 20 * 86_400_000).toISOString();
}

export interface QuarterOptions {
  eventTime?: string;
  /** 运营机构: qualifying agencies (A04) and their 本年累计 / 上年同期 revenue. */
  agencies?: { qualifying: number; revenue: number; lastYear: number };
  /** 高价值专利组合: qualifying portfolios (B07). */
  portfolios?: number;
}

/** The current sheets of one city's quarter, uploaded once (one upload id per quarter). */
export function aQuarter(
  city: string,
  period: string,
  indicators: Record<string, number>,
  options: QuarterOptions = {},
): CurrentSheet[] {
  const eventTime = options.eventTime ?? onTime(period);
  const uploadId = `${period}-${city}`;
  const sheets = [aCore(city, period, uploadId, eventTime, indicators)];
  if (options.agencies) {
    const { qualifying, revenue, lastYear } = options.agencies;
    sheets.push(anAgencies(city, period, uploadId, eventTime, qualifying, revenue, lastYear));
  }
  if (options.portfolios !== undefined)
    sheets.push(aPortfolios(city, period, uploadId, eventTime, options.portfolios));
  return sheets;
}

/** Core sheets from an `indicatorTable`; rows with no value at all are quarters not reported. */
export function quartersFrom(
  city: string,
  table: string,
  options: Record<string, QuarterOptions> = {},
): CurrentSheet[] {
  return [...indicatorTable(table)].flatMap(([period, indicators]) =>
    Object.keys(indicators).length === 0 ? [] : aQuarter(city, period, indicators, options[period]),
  );
}

export function aBatchCity(code: string, name: string, extra: Record<string, unknown> = {}): City {
  return aCity(code, name, { batchYear: 2022, fundingApproved: 20000, ...extra });
}

export function anAssessmentInput(
  cities: City[],
  data: CityAssessmentInput[],
  extra: Partial<AssessmentInput> = {},
): AssessmentInput {
  return {
    batch: 2022,
    year: 2023,
    generatedAt: '2024-01-20T02:00:00.000Z',
    deadlineDays: 15,
    config: DEFAULT_ASSESSMENT_CONFIG,
    cities,
    data,
    ...extra,
  };
}
