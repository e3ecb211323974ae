/**
 * Typed builders of roll-up results for the report tests: a plausible national roll-up of a few
 * cities in one call, every part overridable.
 */
import { CATALOGUE_VERSION, INDICATORS, TARGETED_INDICATORS } from '#shared/catalogue/indicators.ts';
import { AGENCY_GROWTH_TARGET } from '#shared/rollup/targets.ts';
import type {
  CityRollup,
  DataQualityEntry,
  IndicatorFigures,
  NationalFigures,
  NationalRollup,
  SubmissionState,
  TargetResult,
  TypicalEnterprise,
  TypicalModel,
} from '#shared/rollup/types.ts';

export function figures(value: number | null, overrides: Partial<IndicatorFigures> = {}): IndicatorFigures {
  return {
    value,
    ytd: value === null ? null : value * 3,
    lastYearYtd: value === null ? null : value * 2,
    growth: value === null ? null : 50,
    ...overrides,
  };
}

/** Every catalogue indicator with a value derived from the city's position, so cities differ. */
function indicatorSet(seed: number, reported: boolean): Record<string, IndicatorFigures> {
  return Object.fromEntries(
    INDICATORS.map((definition, index) => [
      definition.code,
      figures(reported ? (seed + 1) * (index + 1) * 1.5 : null),
    ]),
  );
}

export function programmeTarget(
  value: number | null,
  target: number,
  status: TargetResult['status'],
  attainment = value === null ? null : (value / target) * 100,
): TargetResult {
  return {
    kind: 'programme',
    value,
    target,
    attainment,
    expected: target * 0.75,
    status,
    score: Math.min(attainment ?? 0, 100),
  };
}

export function growthTarget(
  value: number | null,
  target: number,
  status: TargetResult['status'],
): TargetResult {
  return {
    kind: 'growth',
    value,
    target,
    attainment: null,
    status,
    score: status === '达标' ? 100 : 0,
    ...(status === '无基期数据' ? { excludedFromScore: true } : {}),
  };
}

function targetSet(reported: boolean): Record<string, TargetResult> {
  const targets: Record<string, TargetResult> = {};
  for (const definition of TARGETED_INDICATORS) {
    if (definition.target.kind === 'programme') {
      const minimum = definition.target.minimum;
      targets[definition.code] = reported
        ? programmeTarget(minimum * 0.8, minimum, '进度正常')
        : programmeTarget(null, minimum, '无数据');
    } else if (definition.target.kind === 'growth') {
      targets[definition.code] = reported
        ? growthTarget(35, definition.target.minimumPercent, '达标')
        : growthTarget(null, definition.target.minimumPercent, '无基期数据');
    }
  }
  targets[AGENCY_GROWTH_TARGET] = {
    kind: 'agencyGrowth',
    value: reported ? 12.5 : null,
    target: reported ? 8 : null,
    attainment: null,
    status: reported ? '达标' : '无数据',
    score: reported ? 100 : 0,
  };
  return targets;
}

export function aCity(
  code: string,
  name: string,
  overrides: Partial<CityRollup> & { seed?: number } = {},
): CityRollup {
  const { seed = 0, ...rest } = overrides;
  const submission: SubmissionState = rest.submission ?? 'on_time';
  const reported = submission === 'on_time' || submission === 'late';
  return {
    code,
    name,
    province: '某省',
    batchYear: 2022,
    programmeQuarter: 11,
    programmeQuarters: 12,
    submission,
    submissionDetail: {
      submission,
      ...(reported
        ? { currentUploadAt: '2024-10-10T02:00:00.000Z', firstAcceptedAt: '2024-10-09T02:00:00.000Z' }
        : {}),
      uploads: reported ? 2 : 0,
      rejectedUploads: 0,
      warnings: reported ? 1 : 0,
      expected: true,
    },
    indicators: indicatorSet(seed, reported),
    targets: targetSet(reported),
    agencyGrowth: {
      value: reported ? 12.5 : null,
      localAverage: reported ? 8 : null,
      status: reported ? '达标' : '无数据',
    },
    fundExecutionRate: reported ? 64.2 : null,
    navigationProjects: reported ? 30 : null,
    score: reported ? 90 - seed : null,
    rank: reported ? seed + 1 : null,
    trend: ['2024Q1', '2024Q2', '2024Q3'].map((period, index) => ({
      period,
      indicators: indicatorSet(seed + index, reported),
    })),
    uploadIds: reported ? [`20241009T020000Z-${code}`] : [],
    ...rest,
  };
}

export function anEnterprise(overrides: Partial<TypicalEnterprise> = {}): TypicalEnterprise {
  return {
    rank: 1,
    uscc: '91440300MA5EXAMPLE',
    name: '示例科技有限公司',
    city: '440300',
    cityName: '深圳市',
    industry: '新一代信息技术',
    score: 91.25,
    recommended: true,
    certified: true,
    underCustody: false,
    percentiles: { validInventionPatents: 0.98, pctApplications: 0.95 },
    values: {
      validInventionPatents: 1200,
      pctApplications: 48,
      madridRegistrations: 3,
      licensingIncome: 560.5,
      pledgeFinancing: 3000,
    },
    highlights: ['有效发明专利量 1200件（前2%）', 'PCT申请量 48件（前5%）'],
    recommendReason: '核心专利储备雄厚',
    ...overrides,
  };
}

export function aModel(overrides: Partial<TypicalModel> = {}): TypicalModel {
  return {
    category: '质押融资',
    title: '知识产权质押融资“入园惠企”',
    city: '330100',
    cityName: '杭州市',
    subject: '市知识产权局',
    practice: '联合银行推出专利质押快贷产品，设立风险补偿资金池。',
    outcomeMetric: '质押融资金额',
    outcomeValue: 12000,
    outcomeUnit: '万元',
    recommended: true,
    reason: '城市推荐；质押融资金额 12000 万元，同类第 1',
    ...overrides,
  };
}

export function aQualityEntry(overrides: Partial<DataQualityEntry> = {}): DataQualityEntry {
  return {
    severity: 'warning',
    code: 'DERIVED_MISMATCH',
    sheet: '核心指标',
    row: 7,
    column: '本期值',
    cell: 'D7',
    value: '6',
    message: 'A04 填报值 6 与运营机构明细计算值 5 不一致',
    city: '440300',
    cityName: '深圳市',
    uploadId: '20241009T020000Z-440300',
    ...overrides,
  };
}

function nationalFrom(cities: readonly CityRollup[]): Record<string, NationalFigures> {
  const reporting = cities.filter((city) => city.submission === 'on_time' || city.submission === 'late');
  return Object.fromEntries(
    INDICATORS.map((definition) => {
      const values = reporting.map((city) => city.indicators[definition.code]?.value ?? 0);
      const total = values.reduce((sum, value) => sum + value, 0);
      return [
        definition.code,
        {
          ...figures(reporting.length === 0 ? null : total),
          cities: reporting.length,
          baseCities: reporting.length,
          comparableYtd: total * 3,
        },
      ];
    }),
  );
}

export const DEFAULT_CITIES = (): CityRollup[] => [
  aCity('330100', '杭州市', { seed: 1 }),
  aCity('440300', '深圳市', { seed: 0 }),
  aCity('510100', '成都市', { seed: 2, submission: 'late' }),
  aCity('610100', '西安市', { submission: 'not_reported' }),
];

function enterprisesByCity(): Record<string, TypicalEnterprise[]> {
  return {
    '440300': [anEnterprise()],
    '330100': [
      anEnterprise({
        uscc: '91330100MA2EXAMPLE',
        name: '杭州示例股份有限公司',
        city: '330100',
        cityName: '杭州市',
      }),
    ],
  };
}

export function aNationalRollup(overrides: Partial<NationalRollup> = {}): NationalRollup {
  const cities = overrides.cities ?? DEFAULT_CITIES();
  return {
    period: '2024Q3',
    periodKind: 'quarter',
    generatedAt: '2024-10-16T02:00:00.000Z',
    deadline: '2024-10-15T15:59:59.999Z',
    completeness: {
      expected: cities.length,
      reported: 3,
      onTime: 2,
      late: 1,
      notReported: 1,
      rejectedOnly: 0,
      notDue: 0,
      rate: 75,
    },
    national: nationalFrom(cities),
    targetsMet: Object.fromEntries(
      [...TARGETED_INDICATORS.map((d) => d.code), AGENCY_GROWTH_TARGET].map((key) => [
        key,
        { met: 1, onTrack: 2, total: 3 },
      ]),
    ),
    median: Object.fromEntries(INDICATORS.map((definition, index) => [definition.code, (index + 1) * 3])),
    cities,
    typicalEnterprises: [
      anEnterprise(),
      anEnterprise({
        rank: 2,
        uscc: '91330100MA2EXAMPLE',
        name: '杭州示例股份有限公司',
        city: '330100',
        cityName: '杭州市',
        score: 80.5,
      }),
    ],
    typicalEnterprisesByCity: enterprisesByCity(),
    // Each city has fewer than five enterprises here: all of them are typical.
    enterprisesByCity: enterprisesByCity(),
    typicalModels: [
      aModel(),
      aModel({ category: '专利导航', title: '产业专利导航服务基地', city: '440300', cityName: '深圳市' }),
    ],
    dataQuality: [
      aQualityEntry(),
      aQualityEntry({
        city: '330100',
        cityName: '杭州市',
        uploadId: '20241009T020000Z-330100',
        code: 'GROWTH_OUTLIER',
        message: 'D01 较上季度增长 520%，请核实',
      }),
    ],
    nationalTrend: ['2024Q1', '2024Q2', '2024Q3'].map((period, index) => ({
      period,
      values: Object.fromEntries(
        INDICATORS.map((definition, k) => [definition.code, (index + 1) * (k + 1) * 100]),
      ),
      cities: 3,
    })),
    lineage: {
      dataAsOf: '2024-10-10T02:00:00.000Z',
      uploadIds: cities.flatMap((city) => city.uploadIds),
      catalogueVersion: CATALOGUE_VERSION,
      locks: [],
    },
    ...overrides,
  };
}
