/**
 * The synthetic demo data set: for every registry city and every demo quarter, the records the
 * city reports (core indicators and the four detail sheets), consistent across quarters and
 * with the catalogue's rules. `uploads.ts` turns it into the files that go through the pipeline.
 *
 * `reports[].content` is what is current once all of a period's uploads are processed (the
 * corrected values where a scenario sends a wrong file first), so tests can work out the
 * expected roll-up from it independently of the pipeline.
 */
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { parseQuarter, type QuarterPeriod, quarterRange } from '#shared/domain/period.ts';
import type {
  AgencyRecord,
  BasicInfo,
  CaseRecord,
  CoreIndicatorRecord,
  EnterpriseRecord,
  PortfolioRecord,
} from '#shared/domain/records.ts';
import { type City, DEFAULT_REGISTRY, programmeCovers } from '#shared/domain/registry.ts';
import { generateCases } from './cases.ts';
import {
  agencyRecords,
  agencyRoster,
  enterpriseRecords,
  enterpriseRoster,
  portfolioRecords,
  portfolioRoster,
} from './details.ts';
import { personName } from './names.ts';
import { cityProfile, type DemoCityProfile } from './profiles.ts';
import { Random } from './random.ts';
import { chinaDateText, uploadTime } from './schedule.ts';
import { coreSeries, programmePath, programmeQuarters } from './series.ts';

export const DEMO_SEED = 20241016;
export const DEMO_PERIODS: readonly string[] = quarterRange(
  parseQuarter('2023Q1'),
  parseQuarter('2024Q3'),
).map((period) => period.code);

export interface DemoContent {
  info: BasicInfo;
  core: CoreIndicatorRecord[];
  agencies: AgencyRecord[];
  portfolios: PortfolioRecord[];
  enterprises: EnterpriseRecord[];
  cases: CaseRecord[];
}

export interface DemoReport {
  city: string;
  period: string;
  /** When the city sends its (first) upload of the period. */
  submittedAt: Date;
  /** What is current after all of the period's uploads (corrections applied). */
  content: DemoContent;
}

export type DemoScenarioId =
  | 'never-reports'
  | 'reupload-correction'
  | 'rejected-credit-code'
  | 'declared-mismatch'
  | 'total-row-mismatch'
  | 'late';

export interface DemoScenario {
  id: DemoScenarioId;
  city: string;
  /** Absent for `never-reports` (every period). */
  period?: string;
  /** What happens, in Chinese (printed by `ipstats demo`). */
  description: string;
}

export interface DemoDataset {
  seed: number;
  registry: readonly City[];
  periods: readonly string[];
  profiles: DemoCityProfile[];
  /** One per reporting city and covered period, by registry order then period. */
  reports: DemoReport[];
  scenarios: DemoScenario[];
}

export interface DemoOptions {
  registry?: readonly City[];
  seed?: number;
  /** Quarters to generate, oldest first (default 2023Q1 … 2024Q3). */
  periods?: readonly string[];
  /** Key enterprises per city (default 20–40, drawn per city). */
  enterprisesPerCity?: number;
}

/** 0-based index, among the data rows of 重点企业, of the row whose credit code the rejected upload spoils. */
export const REJECTED_ENTERPRISE_INDEX = 5;

/**
 * Where each scenario happens: a cast position and a period counted from the last one. The cast
 * (profiles.ts) gives positions 2 and 5 CSV files (5 with 合计 rows) and the others workbooks,
 * which is what each scenario needs.
 */
const SCENARIO_PLAN: ReadonlyArray<{
  id: Exclude<DemoScenarioId, 'never-reports'>;
  cityIndex: number;
  periodFromEnd: number;
}> = [
  { id: 'reupload-correction', cityIndex: 1, periodFromEnd: 1 },
  { id: 'rejected-credit-code', cityIndex: 2, periodFromEnd: 0 },
  { id: 'declared-mismatch', cityIndex: 3, periodFromEnd: 0 },
  { id: 'total-row-mismatch', cityIndex: 5, periodFromEnd: 1 },
  { id: 'late', cityIndex: 6, periodFromEnd: 0 },
];

/** Upload windows, in days after the quarter's last day (the deadline is day 15). */
const USUAL_WINDOW = { firstDay: 3, lastDay: 13 };
/** A city that will correct a file uploads early, so that the correction is also on time. */
const EARLY_WINDOW = { firstDay: 3, lastDay: 8 };
const LATE_WINDOW = { firstDay: 20, lastDay: 24 };

const AREA_CODES: Record<string, string> = {
  '440300': '0755',
  '330100': '0571',
  '510100': '028',
  '320500': '0512',
  '420100': '027',
  '370200': '0532',
  '610100': '029',
  '430100': '0731',
  '350200': '0592',
  '120116': '022',
  '340100': '0551',
  '500112': '023',
};

export function generateDemoDataset(options: DemoOptions = {}): DemoDataset {
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const seed = options.seed ?? DEMO_SEED;
  const periods = (options.periods ?? DEMO_PERIODS).map(parseQuarter);
  const root = new Random(seed, 'demo');
  const profiles = registry.map((city, index) =>
    cityProfile(city, index, registry.length, root.fork(`profile/${city.code}`)),
  );
  const scenarios = planScenarios(registry, profiles, periods);
  const reports = registry.flatMap((city, index) =>
    generateCityReports(
      city,
      profiles[index]!,
      periods,
      scenarios,
      options.enterprisesPerCity,
      root.fork(`city/${city.code}`),
    ),
  );
  return { seed, registry, periods: periods.map((period) => period.code), profiles, reports, scenarios };
}

function planScenarios(
  registry: readonly City[],
  profiles: readonly DemoCityProfile[],
  periods: readonly QuarterPeriod[],
): DemoScenario[] {
  const scenarios: DemoScenario[] = [];
  const silent = profiles.find((profile) => !profile.reports);
  if (silent)
    scenarios.push({
      id: 'never-reports',
      city: silent.code,
      description: `${silent.name}从未报送任何数据（未报送）`,
    });
  for (const plan of SCENARIO_PLAN) {
    const city = registry[plan.cityIndex];
    const profile = profiles[plan.cityIndex];
    const period = periods[periods.length - 1 - plan.periodFromEnd];
    if (!city || !profile?.reports || !period || !programmeCovers(city, period)) continue;
    scenarios.push({
      id: plan.id,
      city: city.code,
      period: period.code,
      description: describe(plan.id, city.name, period.code),
    });
  }
  return scenarios;
}

function describe(id: Exclude<DemoScenarioId, 'never-reports'>, cityName: string, period: string): string {
  switch (id) {
    case 'reupload-correction':
      return `${cityName} ${period}：首次上传时 D01 质押融资金额误按“元”填写（偏大一万倍，离群值警告），两天后重新上传更正`;
    case 'rejected-credit-code':
      return `${cityName} ${period}：重点企业 CSV 第 ${REJECTED_ENTERPRISE_INDEX + 2} 行统一社会信用代码校验位错误，整表退回；次个工作日上传更正后的文件`;
    case 'declared-mismatch':
      return `${cityName} ${period}：核心指标中填报的 A04 比运营机构明细计算值多 1（接受，警告）`;
    case 'total-row-mismatch':
      return `${cityName} ${period}：重点企业 CSV 的合计行质押融资金额与明细之和不符（接受，警告）`;
    case 'late':
      return `${cityName} ${period}：截止日期后才上传（迟报）`;
  }
}

function generateCityReports(
  city: City,
  profile: DemoCityProfile,
  allPeriods: readonly QuarterPeriod[],
  scenarios: readonly DemoScenario[],
  enterprisesPerCity: number | undefined,
  random: Random,
): DemoReport[] {
  const periods = allPeriods.filter((period) => programmeCovers(city, period));
  if (!profile.reports || periods.length === 0) return [];
  const series = coreSeries(city, profile, periods, random.fork('core'));
  const ks = programmeQuarters(city, periods);
  const qualifyingAgencies = programmePath(city, 'A04', profile.pace, ks, random.fork('A04'));
  const qualifyingPortfolios = programmePath(city, 'B07', profile.pace, ks, random.fork('B07'));

  const taken = new Set<string>();
  const enterprises = enterpriseRoster({
    city,
    industries: profile.industries,
    count: enterprisesPerCity ?? random.fork('enterprise-count').int(20, 40),
    periods: periods.length,
    random: random.fork('enterprises'),
    taken,
  });
  const agencies = agencyRoster({
    city,
    periods,
    qualifyingPath: qualifyingAgencies,
    growth: profile.agencyGrowth,
    random: random.fork('agencies'),
    taken,
  });
  const leads = enterprises.filter((enterprise) => enterprise.size === '大型' || enterprise.size === '中型');
  const portfolios = portfolioRoster({
    periods,
    qualifyingPath: qualifyingPortfolios,
    leads: leads.length > 0 ? leads : enterprises,
    random: random.fork('portfolios'),
  });
  const contact = {
    person: personName(random),
    phone: `${AREA_CODES[city.code] ?? `0${random.int(310, 999)}`}-${random.int(60_000_000, 89_999_999)}`,
  };
  const reportingUnit = `${city.name}市场监督管理局（知识产权局）`;
  const caseSubjects = [
    reportingUnit,
    ...agencies.slice(0, 3).map((agency) => agency.name),
    ...enterprises.slice(0, 6).map((enterprise) => enterprise.name),
  ];

  return periods.map((period, j) => {
    const scenario = (id: DemoScenarioId) =>
      scenarios.some((s) => s.id === id && s.city === city.code && s.period === period.code);
    const corrects = scenario('reupload-correction') || scenario('rejected-credit-code');
    const window = scenario('late') ? LATE_WINDOW : corrects ? EARLY_WINDOW : USUAL_WINDOW;
    const submittedAt = uploadTime(period, window, random.fork(`time/${period.code}`));
    const value = (code: string) => series[code]![j]!;
    const declaredA04 = qualifyingAgencies[j]! + (scenario('declared-mismatch') ? 1 : 0);
    const core: CoreIndicatorRecord[] = INDICATORS.map(({ code, derivedFrom }) => {
      if (!derivedFrom) return { code, value: value(code) };
      if (!profile.declaresDerived) return { code };
      return { code, value: code === 'A04' ? declaredA04 : qualifyingPortfolios[j]! };
    });
    const content: DemoContent = {
      info: {
        cityCode: city.code,
        cityName: city.name,
        period: period.code,
        reportingUnit,
        contactPerson: contact.person,
        phone: contact.phone,
        filledOn: chinaDateText(submittedAt),
      },
      core,
      agencies: agencyRecords(agencies, period, j),
      portfolios: portfolioRecords(portfolios, j),
      enterprises: enterpriseRecords(
        enterprises,
        {
          validInventionPatents: value('B06'),
          inventionGrants: value('B04'),
          pctApplications: value('B05'),
          madridRegistrations: value('B10'),
          licensingIncome: value('C04'),
          pledgeFinancing: value('D01'),
          insuranceCoverage: value('D04'),
        },
        j,
        random.fork(`enterprises/${period.code}`),
      ),
      cases: generateCases({
        prefix: city.name,
        industries: profile.industries,
        subjects: caseSubjects,
        scale: profile.scale,
        random: random.fork(`cases/${period.code}`),
      }),
    };
    return { city: city.code, period: period.code, submittedAt, content };
  });
}
