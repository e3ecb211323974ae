/**
 * Typical enterprises (典型企业): percentile ranks over the 重点企业 of all cities, a score, the
 * national top 20, each city's top 5 and each city's full ranked list, with highlights in words.
 *
 * For a year, an enterprise's data is its four quarters merged per city: the quarterly measures
 * (授权, PCT, 马德里, 许可收入, 质押融资, 保险) are summed over the quarters that report them,
 * 有效发明专利量 (a stock) is the latest reported value, and the name and flags come from the
 * latest quarter the enterprise appears in.
 *
 * An enterprise reported by several cities (same 统一社会信用代码) is counted once nationally, under
 * the city first by code, with the others in `alsoReportedBy`; each city's own list ranks the
 * city's own record with the same national percentiles.
 */
import {
  ENTERPRISE_FLOW_FIELDS,
  ENTERPRISE_MEASURE_FIELDS,
  ENTERPRISE_STOCK_FIELDS,
  sheetDefinition,
} from '../catalogue/sheets.ts';
import type { EnterpriseRecord } from '../domain/records.ts';
import type { SheetRecords } from './input.ts';
import { compareText, formatNumber, groupBy, round } from './numbers.ts';
import type { TypicalEnterprise } from './types.ts';

export const NATIONAL_TOP = 20;
export const CITY_TOP = 5;

type NumericField = (typeof ENTERPRISE_MEASURE_FIELDS)[number];

export const ENTERPRISE_MEASURES = [
  'validInventionPatents',
  'pctApplications',
  'madridRegistrations',
  'licensingIncome',
  'pledgeFinancing',
] as const satisfies readonly NumericField[];

export const BONUS = { certified: 5, underCustody: 5, recommended: 10 } as const;

/** Header and unit of each measure, from the sheet layout. */
const MEASURE_LABELS = new Map(
  sheetDefinition('enterprises').columns.map((column) => [
    column.field,
    { label: column.header, unit: column.unit ?? '' },
  ]),
);

export interface CityEnterprises {
  city: string;
  cityName: string;
  sheets: readonly SheetRecords<EnterpriseRecord>[];
}

/** One city's view of one enterprise over the period (its quarters merged). */
export interface EnterpriseEntry {
  city: string;
  cityName: string;
  record: EnterpriseRecord;
  /** The sheet the entry was last seen in. */
  period: string;
  uploadId: string;
}

export interface EnterpriseSelection {
  national: TypicalEnterprise[];
  /** Each city's top `CITY_TOP`: the first entries of `allByCity`. */
  byCity: Record<string, TypicalEnterprise[]>;
  /** Every enterprise of each city, ranked within the city. */
  allByCity: Record<string, TypicalEnterprise[]>;
  /** Credit codes reported by more than one city, with each city's entry. */
  duplicates: Array<{
    uscc: string;
    name: string;
    entries: Array<{ city: string; cityName: string; period: string; uploadId: string }>;
  }>;
}

/** The selection from every city's 重点企业 sheets: `cityEnterpriseEntries` of each, then `rankEnterprises`. */
export function selectTypicalEnterprises(cities: readonly CityEnterprises[]): EnterpriseSelection {
  return rankEnterprises(cities.map((city) => ({ city: city.city, entries: cityEnterpriseEntries(city) })));
}

/**
 * The national step: percentile ranks over the entries of every city (an enterprise reported by
 * several cities counted once, under the city first by code), the national top, each city's list.
 */
export function rankEnterprises(
  cities: ReadonlyArray<{ city: string; entries: readonly EnterpriseEntry[] }>,
): EnterpriseSelection {
  const entriesByCity = new Map<string, readonly EnterpriseEntry[]>();
  for (const city of [...cities].sort((a, b) => compareText(a.city, b.city)))
    entriesByCity.set(city.city, city.entries);
  const entriesByUscc = groupBy([...entriesByCity.values()].flat(), (entry) => entry.record.uscc);
  // Counted once nationally: the entry of the city first by code (cities were visited in code order).
  const nationalEntries = [...entriesByUscc.values()].map((entries) => entries[0] as EnterpriseEntry);
  const ranks = new PercentileRanks(nationalEntries.map((entry) => entry.record));
  const otherCities = (entry: EnterpriseEntry) =>
    (entriesByUscc.get(entry.record.uscc) ?? [])
      .map((other) => other.city)
      .filter((city) => city !== entry.city);

  const national = byScore(nationalEntries, ranks)
    .slice(0, NATIONAL_TOP)
    .map((entry, index) => describe(entry, index + 1, ranks, otherCities(entry)));
  const byCity: Record<string, TypicalEnterprise[]> = {};
  const allByCity: Record<string, TypicalEnterprise[]> = {};
  for (const [city, entries] of entriesByCity) {
    const ranked = byScore(entries, ranks).map((entry, index) =>
      describe(entry, index + 1, ranks, otherCities(entry)),
    );
    allByCity[city] = ranked;
    byCity[city] = ranked.slice(0, CITY_TOP);
  }
  const duplicates = [...entriesByUscc.values()]
    .filter((entries) => entries.length > 1)
    .map((entries) => ({
      uscc: (entries[0] as EnterpriseEntry).record.uscc,
      name: (entries[0] as EnterpriseEntry).record.name,
      entries: entries.map(({ city, cityName, period, uploadId }) => ({ city, cityName, period, uploadId })),
    }))
    .sort((a, b) => compareText(a.uscc, b.uscc));
  return { national, byCity, allByCity, duplicates };
}

/** The entries by score, highest first; ties by credit code. */
function byScore(entries: readonly EnterpriseEntry[], ranks: PercentileRanks): EnterpriseEntry[] {
  return entries
    .map((entry) => ({ entry, score: score(entry.record, ranks) }))
    .sort((a, b) => b.score - a.score || compareText(a.entry.record.uscc, b.entry.record.uscc))
    .map(({ entry }) => entry);
}

/** Mean percentile rank × 100 plus the bonuses, 2 decimals (ranked on the figure shown). */
function score(record: EnterpriseRecord, ranks: PercentileRanks): number {
  let rankTotal = 0;
  for (const measure of ENTERPRISE_MEASURES) rankTotal += ranks.rank(measure, record[measure]);
  return round(
    (rankTotal / ENTERPRISE_MEASURES.length) * 100 +
      (record.certified ? BONUS.certified : 0) +
      (record.underCustody ? BONUS.underCustody : 0) +
      (record.recommended ? BONUS.recommended : 0),
    2,
  );
}

/**
 * A city's step: one entry per credit code of the city, its quarters merged (see the module
 * comment). The entries keep only the merged records, not the sheets.
 */
export function cityEnterpriseEntries(city: CityEnterprises): EnterpriseEntry[] {
  const merged = new Map<string, EnterpriseEntry>();
  const sheets = [...city.sheets].sort(
    (a, b) => compareText(a.period, b.period) || compareText(a.uploadId, b.uploadId),
  );
  for (const sheet of sheets) {
    for (const record of sheet.records) {
      const earlier = merged.get(record.uscc)?.record;
      merged.set(record.uscc, {
        city: city.city,
        cityName: city.cityName,
        period: sheet.period,
        uploadId: sheet.uploadId,
        record: earlier ? mergeRecords(earlier, record) : record,
      });
    }
  }
  return [...merged.values()];
}

function mergeRecords(earlier: EnterpriseRecord, later: EnterpriseRecord): EnterpriseRecord {
  const merged: EnterpriseRecord = { ...later };
  for (const field of ENTERPRISE_STOCK_FIELDS) {
    const value = later[field] ?? earlier[field];
    if (value !== undefined) merged[field] = value;
  }
  for (const field of ENTERPRISE_FLOW_FIELDS) {
    if (earlier[field] === undefined && later[field] === undefined) continue;
    merged[field] = round((earlier[field] ?? 0) + (later[field] ?? 0), 4);
  }
  return merged;
}

/**
 * Percentile rank of a value among the enterprises with a value > 0: the share of them whose
 * value is ≤ it (1 for the highest); 0 for a value of 0 or none.
 * 前x% (in highlights): x = ⌈100 × r / N⌉ with N the number of them and r the number of them
 * with a value ≥ its own — the smallest whole x such that the enterprise is within the top x%
 * (the only one with the highest of 50 values: 前2%; two tied at the top of 50: both 前4%). A
 * value above all of them (a city's own record of an enterprise counted under another city)
 * takes r = 1.
 */
export class PercentileRanks {
  private readonly sorted = new Map<NumericField, number[]>();

  constructor(records: readonly EnterpriseRecord[]) {
    for (const measure of ENTERPRISE_MEASURES) {
      this.sorted.set(
        measure,
        records
          .map((record) => record[measure] ?? 0)
          .filter((value) => value > 0)
          .sort((a, b) => a - b),
      );
    }
  }

  rank(measure: NumericField, value: number | undefined): number {
    const values = this.sorted.get(measure) ?? [];
    if (value === undefined || !(value > 0) || values.length === 0) return 0;
    return firstIndexAbove(values, value) / values.length;
  }

  topPercent(measure: NumericField, value: number): number {
    const values = this.sorted.get(measure) ?? [];
    if (values.length === 0) return 100;
    const atLeast = Math.max(1, values.length - firstIndexAtLeast(values, value));
    return Math.ceil((100 * atLeast) / values.length);
  }
}

/** Index of the first element > value (the count of elements ≤ value). */
function firstIndexAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first element ≥ value (the count of elements < value). */
function firstIndexAtLeast(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function describe(
  entry: EnterpriseEntry,
  rank: number,
  ranks: PercentileRanks,
  alsoReportedBy: string[],
): TypicalEnterprise {
  const { record } = entry;
  const percentiles: Record<string, number> = {};
  for (const measure of ENTERPRISE_MEASURES)
    percentiles[measure] = round(ranks.rank(measure, record[measure]), 4);
  const values: Record<string, number> = {};
  for (const field of ENTERPRISE_MEASURE_FIELDS) {
    const value = record[field];
    if (value !== undefined) values[field] = value;
  }
  return {
    rank,
    uscc: record.uscc,
    name: record.name,
    city: entry.city,
    cityName: entry.cityName,
    ...(alsoReportedBy.length > 0 ? { alsoReportedBy } : {}),
    ...(record.industry ? { industry: record.industry } : {}),
    score: score(record, ranks),
    recommended: record.recommended === true,
    certified: record.certified === true,
    underCustody: record.underCustody === true,
    percentiles,
    values,
    highlights: highlights(record, ranks),
    ...(record.recommendReason ? { recommendReason: record.recommendReason } : {}),
  };
}

/** The two measures with the highest percentile rank (ties in measure order), e.g. "PCT申请量 48件（前2%）". */
export function highlights(record: EnterpriseRecord, ranks: PercentileRanks): string[] {
  return ENTERPRISE_MEASURES.map((measure, order) => ({
    measure,
    order,
    rank: ranks.rank(measure, record[measure]),
  }))
    .filter((candidate) => candidate.rank > 0)
    .sort((a, b) => b.rank - a.rank || a.order - b.order)
    .slice(0, 2)
    .map(({ measure }) => {
      const value = record[measure] as number;
      const { label, unit } = MEASURE_LABELS.get(measure) ?? { label: measure, unit: '' };
      return `${label} ${formatNumber(value)}${unit}（前${ranks.topPercent(measure, value)}%）`;
    });
}
