/**
 * A 重点企业 sheet of any length for one city and quarter, with the demo's names, credit codes
 * and value distributions: the benchmarks read and ingest sheets of 10,000 and 100,000 rows.
 */
import type { EnterpriseRecord } from '#shared/domain/records.ts';
import { type City, DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { DEMO_SEED } from './dataset.ts';
import { enterpriseRecords, enterpriseRoster } from './details.ts';
import { cityIndustries } from './names.ts';
import { Random } from './random.ts';

/** A demo city's quarter has about 30 key enterprises; bigger sheets scale the city up with them. */
const DEMO_ROSTER_SIZE = 30;

/** Quarterly figures of the largest demo city (scale 1), of which the enterprises hold shares. */
const LARGEST_CITY_QUARTER = {
  validInventionPatents: 170_000,
  inventionGrants: 10_000,
  pctApplications: 4_500,
  madridRegistrations: 350,
  licensingIncome: 70_000,
  pledgeFinancing: 350_000,
  insuranceCoverage: 110_000,
};

export function generateEnterpriseSheet(options: {
  count: number;
  city?: City;
  seed?: number;
}): EnterpriseRecord[] {
  const city = options.city ?? (DEFAULT_REGISTRY[0] as City);
  const random = new Random(options.seed ?? DEMO_SEED, `enterprise-sheet/${city.code}/${options.count}`);
  const roster = enterpriseRoster({
    city,
    industries: cityIndustries(city, random.fork('industries')),
    count: options.count,
    periods: 1,
    random: random.fork('roster'),
    taken: new Set(),
  });
  const factor = options.count / DEMO_ROSTER_SIZE;
  const figures = Object.fromEntries(
    Object.entries(LARGEST_CITY_QUARTER).map(([field, value]) => [field, value * factor]),
  ) as typeof LARGEST_CITY_QUARTER;
  return enterpriseRecords(roster, figures, 0, random.fork('values'));
}
