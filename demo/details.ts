/**
 * Detail sheets of the demo: agencies (运营机构), high-value portfolios (高价值专利组合) and key
 * enterprises (重点企业). Rosters are drawn once per city and then reported every quarter, so an
 * enterprise keeps its name and credit code and its stock values never fall.
 */
import type { ENTERPRISE_SIZES } from '#shared/catalogue/sheets.ts';
import { addQuarters, type QuarterPeriod, quarterStart } from '#shared/domain/period.ts';
import type { AgencyRecord, EnterpriseRecord, PortfolioRecord } from '#shared/domain/records.ts';
import type { City } from '#shared/domain/registry.ts';
import { completeUscc, USCC_ALPHABET } from '#shared/domain/uscc.ts';
import { type AgencyType, agencyName, companyPrefix, enterpriseName, portfolioTopic } from './names.ts';
import type { Random } from './random.ts';
import { round2 } from './series.ts';

/** Share of a year's revenue earned by the end of each quarter. */
const CUMULATIVE_REVENUE_SHARE = [0.22, 0.47, 0.72, 1] as const;
const QUALIFYING_REVENUE = 1000;

/**
 * A credit code of an enterprise registered in the city: `9` (market regulation), `1`
 * (enterprise), the city's division code, a 9-character organisation code, the check character.
 */
export function creditCode(city: City, random: Random, taken: Set<string>): string {
  for (;;) {
    const organisation = random.chance(0.7)
      ? `MA${Array.from({ length: 7 }, () => random.pick([...USCC_ALPHABET])).join('')}`
      : `${String(random.int(10_000_000, 99_999_999))}${random.pick([...USCC_ALPHABET])}`;
    const code = completeUscc(`91${city.code}${organisation}`);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Agencies

interface Agency {
  name: string;
  uscc: string;
  type: string;
  /** Period index from which the agency is listed. */
  listedFrom: number;
  /** Revenue by year (万元). */
  revenue: Map<number, number>;
}

/**
 * Qualifying agencies (revenue ≥ 1000 万元 in every year) join the list when the city's A04
 * path says so; small agencies (always below 1000 万元) are listed throughout. Revenues grow
 * every year, so an agency never stops qualifying and A04 never falls.
 */
export function agencyRoster(input: {
  city: City;
  periods: readonly QuarterPeriod[];
  qualifyingPath: readonly number[];
  growth: number;
  random: Random;
  taken: Set<string>;
}): Agency[] {
  const { city, periods, qualifyingPath, growth, random, taken } = input;
  const prefix = companyPrefix(city);
  const firstYear = (periods[0]?.year ?? 0) - 1;
  const lastYear = periods[periods.length - 1]?.year ?? firstYear;
  const names = new Set<string>();
  const uniqueName = (types: readonly AgencyType[]) => {
    for (;;) {
      const candidate = agencyName(prefix, types, random);
      if (!names.has(candidate.name)) {
        names.add(candidate.name);
        return candidate;
      }
    }
  };
  const revenueByYear = (start: number, yearlyGrowth: () => number, cap: number) => {
    const revenue = new Map<number, number>();
    let value = start;
    for (let year = firstYear; year <= lastYear; year++) {
      if (year > firstYear) value = Math.min(cap, value * (1 + yearlyGrowth()));
      revenue.set(year, value);
    }
    return revenue;
  };

  const roster: Agency[] = [];
  const qualifying = qualifyingPath[qualifyingPath.length - 1] ?? 0;
  for (let i = 0; i < qualifying; i++) {
    const { name, type } = uniqueName(['运营机构', '运营机构', '交易机构', '服务机构']);
    roster.push({
      name,
      uscc: creditCode(city, random, taken),
      type,
      listedFrom: qualifyingPath.findIndex((count) => count > i),
      revenue: revenueByYear(
        Math.exp(random.between(Math.log(1100), Math.log(9000))),
        () => Math.max(0.01, growth + random.between(-0.04, 0.04)),
        Number.POSITIVE_INFINITY,
      ),
    });
  }
  const small = random.int(2, 6);
  for (let i = 0; i < small; i++) {
    const { name, type } = uniqueName(['服务机构', '其他']);
    roster.push({
      name,
      uscc: creditCode(city, random, taken),
      type,
      listedFrom: i === small - 1 ? random.int(0, periods.length - 1) : 0,
      revenue: revenueByYear(random.between(80, 600), () => random.between(0, 0.15), QUALIFYING_REVENUE - 50),
    });
  }
  return roster.sort((a, b) => a.listedFrom - b.listedFrom);
}

export function agencyRecords(
  roster: readonly Agency[],
  period: QuarterPeriod,
  periodIndex: number,
): AgencyRecord[] {
  const share = CUMULATIVE_REVENUE_SHARE[period.quarter - 1]!;
  return roster
    .filter((agency) => agency.listedFrom <= periodIndex)
    .map((agency) => {
      const thisYear = agency.revenue.get(period.year) ?? 0;
      const lastYear = agency.revenue.get(period.year - 1) ?? 0;
      return {
        name: agency.name,
        uscc: agency.uscc,
        type: agency.type,
        revenueYtd: round2(thisYear * share),
        revenueSamePeriodLastYear: round2(lastYear * share),
        revenueLastYear: round2(lastYear),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Portfolios

interface Portfolio {
  name: string;
  industry: string;
  leadUnit: string;
  leadUscc: string;
  /** Period index from which it is listed (negative: formed before the first period). */
  formedAt: number;
  formedOn: string;
  inventions: (periodIndex: number) => number;
  pct: (periodIndex: number) => number;
}

/**
 * Qualifying portfolios (≥ 50 inventions and ≥ 10 PCT) cross both thresholds at the period the
 * city's B07 path says; a few more stay below one of them (many inventions but few PCT
 * applications, or too few inventions). Counts only grow.
 */
export function portfolioRoster(input: {
  periods: readonly QuarterPeriod[];
  qualifyingPath: readonly number[];
  leads: readonly EnterpriseProfile[];
  random: Random;
}): Portfolio[] {
  const { periods, qualifyingPath, leads, random } = input;
  const first = periods[0]!;
  const names = new Set<string>();
  const make = (formedAt: number, inventions: Portfolio['inventions'], pct: Portfolio['pct']): Portfolio => {
    const lead = random.pick(leads);
    let name = `${lead.industry}${portfolioTopic(lead.industry, random)}高价值专利组合`;
    for (let phase = 2; names.has(name); phase++) name = `${name.replace(/（\d+期）$/, '')}（${phase}期）`;
    names.add(name);
    const formedQuarterStart = quarterStart(addQuarters(first, formedAt));
    const formedOn = new Date(formedQuarterStart.getTime() + random.int(5, 80) * 86_400_000 + 8 * 3_600_000);
    return {
      name,
      industry: lead.industry,
      leadUnit: lead.name,
      leadUscc: lead.uscc,
      formedAt,
      formedOn: formedOn.toISOString().slice(0, 10),
      inventions,
      pct,
    };
  };

  const roster: Portfolio[] = [];
  const qualifying = qualifyingPath[qualifyingPath.length - 1] ?? 0;
  for (let i = 0; i < qualifying; i++) {
    const firstListed = qualifyingPath.findIndex((count) => count > i);
    const qualifiesAt = firstListed === 0 ? -random.int(0, 4) : firstListed;
    const extraInventions = random.int(0, 40);
    const inventionRate = random.int(1, 8);
    const extraPct = random.int(0, 12);
    const pctRate = random.int(0, 3);
    roster.push(
      make(
        qualifiesAt - random.int(1, 3),
        (j) =>
          j >= qualifiesAt
            ? 50 + extraInventions + inventionRate * (j - qualifiesAt)
            : Math.max(15, 49 - 4 * (qualifiesAt - 1 - j)),
        (j) =>
          j >= qualifiesAt
            ? 10 + extraPct + pctRate * (j - qualifiesAt)
            : Math.max(2, 9 - (qualifiesAt - 1 - j)),
      ),
    );
  }
  const belowThreshold = random.int(1, 3);
  for (let i = 0; i < belowThreshold; i++) {
    const inventions = random.int(20, 120);
    const pct = random.int(1, 9);
    roster.push(
      inventions >= 50
        ? make(
            -random.int(1, 6),
            (j) => inventions + 2 * j,
            (j) => Math.min(9, pct + Math.floor(j / 3)),
          )
        : make(
            -random.int(1, 6),
            (j) => Math.min(49, inventions + j),
            (j) => pct + j,
          ),
    );
  }
  return roster.sort((a, b) => a.formedAt - b.formedAt);
}

export function portfolioRecords(roster: readonly Portfolio[], periodIndex: number): PortfolioRecord[] {
  return roster
    .filter((portfolio) => portfolio.formedAt <= periodIndex)
    .map((portfolio) => ({
      name: portfolio.name,
      industry: portfolio.industry,
      leadUnit: portfolio.leadUnit,
      leadUscc: portfolio.leadUscc,
      inventionPatents: portfolio.inventions(periodIndex),
      pctApplications: portfolio.pct(periodIndex),
      formedOn: portfolio.formedOn,
    }));
}

// ---------------------------------------------------------------------------------------------
// Enterprises

export interface EnterpriseProfile {
  name: string;
  uscc: string;
  industry: string;
  size: (typeof ENTERPRISE_SIZES)[number];
  /** Share of the city's figures (the roster's weights add up to 1). */
  weight: number;
  activities: { pct: boolean; madrid: boolean; licensing: boolean; pledge: boolean; insurance: boolean };
  certified: boolean;
  underCustody: boolean;
  recommendReason?: string;
  listedFrom: number;
}

/** The first 20 enterprises of a roster are listed every quarter; later ones may join during the demo. */
const LISTED_THROUGHOUT = 20;
/** Draws of another name when one is taken (a few thousand brand and business-word pairs per industry). */
const NAME_ATTEMPTS = 5;
const SIZE_WEIGHT = { 大型: 10, 中型: 3, 小型: 1, 微型: 0.3 } as const;
const RECOMMEND_REASONS = [
  '有效发明专利量居全市前列，牵头建设高价值专利培育中心',
  'PCT国际专利申请增长较快，海外专利布局成效明显',
  '通过知识产权质押融资解决研发资金需求，带动产值增长',
  '专利许可收入持续增长，形成稳定的专利运营收益',
  '贯标后知识产权管理体系健全，获评国家知识产权示范企业',
  '积极开展马德里商标国际注册，自主品牌进入海外市场',
];

export function enterpriseRoster(input: {
  city: City;
  industries: readonly string[];
  count: number;
  periods: number;
  random: Random;
  taken: Set<string>;
}): EnterpriseProfile[] {
  const { city, industries, count, periods, random, taken } = input;
  const prefix = companyPrefix(city);
  const names = new Set<string>();
  const roster: EnterpriseProfile[] = [];
  for (let i = 0; i < count; i++) {
    const size = random.pick(
      random.chance(0.2) ? (['大型'] as const) : (['中型', '中型', '小型', '小型', '微型'] as const),
    );
    const industry = random.pick(industries);
    let name = enterpriseName(prefix, industry, size === '大型', random);
    // Demo rosters get distinct names; benchmark rosters of many thousands may repeat one (credit codes stay unique).
    for (let attempt = 0; names.has(name) && attempt < NAME_ATTEMPTS; attempt++)
      name = enterpriseName(prefix, industry, size === '大型', random);
    names.add(name);
    const active = (probability: number) =>
      random.chance(size === '大型' ? Math.min(1, probability + 0.3) : probability);
    const recommended = random.chance(size === '大型' ? 0.25 : 0.08);
    roster.push({
      name,
      uscc: creditCode(city, random, taken),
      industry,
      size,
      weight: SIZE_WEIGHT[size] * Math.exp(random.between(-0.7, 0.7)),
      activities: {
        pct: active(0.5),
        madrid: active(0.3),
        licensing: active(0.4),
        pledge: active(0.45),
        insurance: active(0.3),
      },
      certified: random.chance(size === '大型' || size === '中型' ? 0.7 : 0.3),
      underCustody: random.chance(size === '小型' || size === '微型' ? 0.5 : 0.05),
      ...(recommended ? { recommendReason: random.pick(RECOMMEND_REASONS) } : {}),
      listedFrom:
        i >= LISTED_THROUGHOUT && periods > 1 && random.chance(0.25) ? random.int(1, periods - 1) : 0,
    });
  }
  const total = roster.reduce((sum, enterprise) => sum + enterprise.weight, 0);
  for (const enterprise of roster) enterprise.weight /= total;
  return roster;
}

/** The city's figures of the quarter that enterprise values are shares of. */
export interface CityQuarterFigures {
  validInventionPatents: number;
  inventionGrants: number;
  pctApplications: number;
  madridRegistrations: number;
  licensingIncome: number;
  pledgeFinancing: number;
  insuranceCoverage: number;
}

/**
 * The roster's rows for one quarter: key enterprises account for about a third of the city's
 * figures; an enterprise without an activity reports 0 (micro enterprises leave amounts empty).
 */
export function enterpriseRecords(
  roster: readonly EnterpriseProfile[],
  city: CityQuarterFigures,
  periodIndex: number,
  random: Random,
): EnterpriseRecord[] {
  return roster
    .filter((enterprise) => enterprise.listedFrom <= periodIndex)
    .map((enterprise) => {
      const { weight, activities } = enterprise;
      const count = (total: number, share: number, active = true) =>
        active ? Math.round(total * weight * share * random.jitter(0.3)) : 0;
      const amount = (total: number, share: number, active: boolean) => {
        if (active) return round2(total * weight * share * random.jitter(0.3));
        return enterprise.size === '微型' ? undefined : 0;
      };
      const record: EnterpriseRecord = {
        name: enterprise.name,
        uscc: enterprise.uscc,
        industry: enterprise.industry,
        size: enterprise.size,
        validInventionPatents: Math.round(city.validInventionPatents * weight * 0.35),
        inventionGrants: count(city.inventionGrants, 0.3),
        pctApplications: count(city.pctApplications, 0.35, activities.pct),
        madridRegistrations: count(city.madridRegistrations, 0.4, activities.madrid),
        licensingIncome: amount(city.licensingIncome, 0.3, activities.licensing),
        pledgeFinancing: amount(city.pledgeFinancing, 0.25, activities.pledge),
        insuranceCoverage: amount(city.insuranceCoverage, 0.3, activities.insurance),
        certified: enterprise.certified,
        underCustody: enterprise.underCustody,
        recommended: enterprise.recommendReason !== undefined,
      };
      if (enterprise.recommendReason) record.recommendReason = enterprise.recommendReason;
      return withoutEmptyFields(record);
    });
}

/** Drops fields left undefined, so a record equals what a reader makes of its row. */
function withoutEmptyFields<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
