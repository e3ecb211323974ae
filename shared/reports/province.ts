/**
 * Provinces (省份): the registry's cities grouped by GB/T 2260 province code (the first two digits
 * and `0000`), and the roll-up restricted to one province's cities, which the summary workbook
 * and JSON render as that province's report (its cities, subtotals, attainment, attention list,
 * typical enterprises and models).
 */
import { INDICATORS } from '../catalogue/indicators.ts';
import { cityAggregates } from '../rollup/compute.ts';
import { median, sum } from '../rollup/numbers.ts';
import type { CityRollup, NationalRollup, TypicalEnterprise } from '../rollup/types.ts';

export function provinceCode(cityCode: string): string {
  return `${cityCode.slice(0, 2)}0000`;
}

export interface Province {
  code: string;
  name: string;
  cities: CityRollup[];
}

/** Every province with a city in the roll-up, by code; cities in the roll-up's order. */
export function provincesOf(cities: readonly CityRollup[]): Province[] {
  const byCode = new Map<string, Province>();
  for (const city of cities) {
    const code = provinceCode(city.code);
    const province = byCode.get(code) ?? { code, name: city.province, cities: [] };
    province.cities.push(city);
    byCode.set(code, province);
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

export class UnknownProvinceError extends Error {
  constructor(
    readonly province: string,
    readonly period: string,
  ) {
    super(`汇总结果中没有省份 ${province}（${period}）的城市，无法生成省份报告`);
    this.name = 'UnknownProvinceError';
  }
}

export function findProvince(rollup: NationalRollup, code: string): Province {
  const province = provincesOf(rollup.cities).find((candidate) => candidate.code === code);
  if (!province) throw new UnknownProvinceError(code, rollup.period);
  return province;
}

/**
 * The roll-up of one province: its cities (with their national ranks), subtotals and medians
 * over them, completeness, the top enterprises of each of its cities, its cities' typical
 * models, warnings, uploads and locks, and the quarterly trend summed over its cities.
 */
export function provinceRollup(rollup: NationalRollup, province: Province): NationalRollup {
  const codes = new Set(province.cities.map((city) => city.code));
  const inProvince = (city: string) => codes.has(city);
  const pick = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).filter(([city]) => inProvince(city)));
  const enterprises: TypicalEnterprise[] = province.cities
    .flatMap((city) => rollup.typicalEnterprisesByCity[city.code] ?? [])
    .sort((a, b) => b.score - a.score || (a.uscc < b.uscc ? -1 : 1));
  return {
    ...rollup,
    ...cityAggregates(province.cities),
    cities: province.cities,
    typicalEnterprises: enterprises,
    typicalEnterprisesByCity: pick(rollup.typicalEnterprisesByCity),
    enterprisesByCity: pick(rollup.enterprisesByCity),
    typicalModels: rollup.typicalModels.filter((model) => inProvince(model.city)),
    dataQuality: rollup.dataQuality.filter((entry) => inProvince(entry.city)),
    nationalTrend: provinceTrend(
      rollup.nationalTrend.map((point) => point.period),
      province.cities,
    ),
    lineage: {
      ...rollup.lineage,
      uploadIds: province.cities.flatMap((city) => city.uploadIds),
      uploads: (rollup.lineage.uploads ?? []).filter((upload) => inProvince(upload.city)),
      locks: rollup.lineage.locks.filter((lock) => lock.city === '*' || inProvince(lock.city)),
    },
  };
}

/** Each quarter's value summed (median for rates) over the cities whose trend has it. */
function provinceTrend(
  periods: readonly string[],
  cities: readonly CityRollup[],
): NationalRollup['nationalTrend'] {
  return periods.map((period) => {
    const points = cities
      .map((city) => city.trend.find((point) => point.period === period))
      .filter((point) => point !== undefined);
    const values: Record<string, number | null> = {};
    let reporting = 0;
    for (const point of points)
      if (Object.values(point.indicators).some((figures) => figures.value !== null)) reporting += 1;
    for (const definition of INDICATORS) {
      const reported = points
        .map((point) => point.indicators[definition.code]?.value ?? null)
        .filter((value): value is number => value !== null);
      values[definition.code] =
        reported.length === 0 ? null : definition.aggregation === 'rate' ? median(reported) : sum(reported);
    }
    return { period, values, cities: reporting, expected: points.length };
  });
}

/** A province's line of the national 省份汇总 sheet. */
export interface ProvinceSummary {
  code: string;
  name: string;
  cities: number;
  expected: number;
  reported: number;
  late: number;
  notReported: number;
  /** Mean of the scored cities' overall scores. */
  averageScore: number | null;
  /** Subtotals (sum, median for rates) of the period's value, by indicator code. */
  totals: Record<string, number | null>;
}

export function provinceSummaries(cities: readonly CityRollup[]): ProvinceSummary[] {
  return provincesOf(cities).map((province) => {
    const aggregates = cityAggregates(province.cities);
    const scores = province.cities
      .map((city) => city.score)
      .filter((score): score is number => score !== null);
    return {
      code: province.code,
      name: province.name,
      cities: province.cities.length,
      expected: aggregates.completeness.expected,
      reported: aggregates.completeness.reported,
      late: aggregates.completeness.late,
      notReported: aggregates.completeness.notReported + aggregates.completeness.rejectedOnly,
      averageScore: scores.length === 0 ? null : Math.round((sum(scores) / scores.length) * 100) / 100,
      totals: Object.fromEntries(
        INDICATORS.map((definition) => [
          definition.code,
          aggregates.national[definition.code]?.value ?? null,
        ]),
      ),
    };
  });
}
