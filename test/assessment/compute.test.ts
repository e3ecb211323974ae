/**
 * The assessment's rules on hand-worked fixtures (assessment.md). Batch 2022, programme 2022Q1 +
 * 12 quarters, assessed year 2023: k = 8, n = 12, so the expected progress is 8/12 of a target.
 * Default weights: six programme targets 10 each, four growth targets 7.5, agency growth 5 and
 * fund execution 5 (total 100).
 */
import { describe, expect, it } from 'vitest';
import { computeAssessment } from '#shared/assessment/compute.ts';
import { parseAssessmentConfig } from '#shared/assessment/config.ts';
import type { CityAssessment, GrowthAssessment, ProgrammeAssessment } from '#shared/assessment/types.ts';
import {
  aBatchCity,
  anAssessmentInput,
  aQuarter,
  aReport,
  aWarning,
  late,
  quartersFrom,
} from './builders.ts';

const BASELINE = { year: 2021, values: { C04: 1000, D01: 1000, D02: 100, D04: 1000 } };

/**
 * 2023 of a city that meets everything: the programme stocks at Q4 equal their targets, the flows
 * sum to base × 1.2² (C04) and base × 1.3² (D01, D02, D04) over 2023, agencies grew 20 % against an
 * E04 of 8, and all central funds received were spent.
 */
const FULL_MARKS_2023 = `
        季度    C04  D01    D02  D04    A02 A03 C01 C02  E01   E02   E04
2023Q1  360  422.5  42   422.5  6   20  70  700  14000 5000  8
2023Q2  360  422.5  42   422.5  7   22  80  800  14000 8000  8
2023Q3  360  422.5  42   422.5  8   25  90  900  14000 11000 8
2023Q4  360  422.5  43   422.5  Q4A02 30  100 1000 14000 14000 8
`;
const Q4_DETAILS = {
  '2023Q4': { agencies: { qualifying: 5, revenue: 1200, lastYear: 1000 }, portfolios: 20 },
};

function fullMarks(code: string, a02AtQ4 = 10, table = FULL_MARKS_2023) {
  return quartersFrom(code, table.replace('Q4A02', String(a02AtQ4)), Q4_DETAILS);
}

function only(cities: CityAssessment[], code: string): CityAssessment {
  const city = cities.find((candidate) => candidate.code === code);
  if (!city) throw new Error(`no city ${code}`);
  return city;
}

describe('a city that meets every target', () => {
  const city = aBatchCity('110100', '甲市', { baseline: BASELINE });
  const result = computeAssessment(
    anAssessmentInput([city], [{ city: '110100', current: fullMarks('110100'), reports: [] }]),
  );
  const assessed = only(result.cities, '110100');

  it('scores 100 on every target, 100 in total, 优秀, first, with the remaining funds to release', () => {
    expect(assessed).toMatchObject({ k: 8, n: 12, score: 100, grade: '优秀', rank: 1 });
    expect(assessed.recommendation).toBe('建议拨付剩余资金');
    // 20000 approved − 14000 received.
    expect(assessed.fundsToRelease).toBe(6000);
    expect(assessed.excludedTargets).toEqual([]);
  });

  it('shows a programme target at its target as 100 % complete against an expected 8/12 of it', () => {
    expect(assessed.targets.A02).toMatchObject({
      value: 10,
      target: 10,
      expected: 6.67,
      completion: 100,
      score: 100,
    });
    expect(assessed.targets.C02).toMatchObject({ value: 1000, target: 1000, expected: 666.67, score: 100 });
    // A04 and B07 are counted from their detail sheets.
    expect(assessed.targets.A04).toMatchObject({ value: 5, score: 100 });
    expect(assessed.targets.B07).toMatchObject({ value: 20, score: 100 });
  });

  it('computes 年均增幅 over the two years from the registry baseline', () => {
    expect(assessed.targets.C04).toMatchObject({
      baseYear: 2021,
      baseValue: 1000,
      value: 1440,
      years: 2,
      cagr: 20,
      score: 100,
    });
    expect(assessed.targets.D02).toMatchObject({ baseValue: 100, value: 169, cagr: 30, score: 100 });
  });

  it('scores agency growth above E04 and fund execution E02 / E01', () => {
    expect(assessed.agencyGrowth).toMatchObject({ value: 20, localAverage: 8, score: 100 });
    expect(assessed.fundExecution).toMatchObject({ received: 14000, spent: 14000, rate: 100, score: 100 });
  });

  it('lists no missing or late quarter and no warning 待说明', () => {
    expect(assessed).toMatchObject({ missingQuarters: [], lateQuarters: [], unexplainedWarnings: 0 });
    expect(assessed.window).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
  });
});

describe('a city behind on a cumulative target at the interim point', () => {
  // A02 at 4 of 10 after 8 of 12 quarters: expected 6.67, completion 40 %, score 4 / (10 × 8/12) = 60.
  const result = computeAssessment(
    anAssessmentInput(
      [
        aBatchCity('110100', '甲市', { baseline: BASELINE }),
        aBatchCity('120100', '乙市', { baseline: BASELINE }),
      ],
      [
        { city: '110100', current: fullMarks('110100'), reports: [] },
        { city: '120100', current: fullMarks('120100', 4), reports: [] },
      ],
    ),
  );
  const behind = only(result.cities, '120100');

  it('scores the target by the expected progress, not the final target', () => {
    expect(behind.targets.A02).toMatchObject({
      value: 4,
      target: 10,
      expected: 6.67,
      completion: 40,
      score: 60,
    });
  });

  it('weighs it at 10 of 100: total (10 × 60 + 90 × 100) / 100 = 96, ranked after the city that meets everything', () => {
    expect(behind).toMatchObject({ score: 96, grade: '优秀', rank: 2 });
    expect(only(result.cities, '110100').rank).toBe(1);
  });
});

describe('a growth target over a two-year window', () => {
  // Base 2021: 1000. 2022: 1600 (+60 %), 2023: 1210 (−24.375 %). The mean of the yearly growth
  // rates would be 17.81 %; the average annual growth is √(1210 / 1000) − 1 = 10 %.
  const table = `
          季度    D01
  2022Q1  400
  2022Q2  400
  2022Q3  400
  2022Q4  400
  2023Q1  302.5
  2023Q2  302.5
  2023Q3  302.5
  2023Q4  302.5
  `;
  const city = aBatchCity('110100', '甲市', { baseline: { year: 2021, values: { D01: 1000 } } });
  const result = computeAssessment(
    anAssessmentInput([city], [{ city: '110100', current: quartersFrom('110100', table), reports: [] }]),
  );
  const d01 = only(result.cities, '110100').targets.D01 as GrowthAssessment;

  it('is the compound rate (V_Y / V_B)^(1 / (Y − B)) − 1, not the mean of the yearly rates', () => {
    expect(d01).toMatchObject({ baseYear: 2021, baseValue: 1000, value: 1210, years: 2, cagr: 10 });
    expect(d01.cagr).not.toBeCloseTo(17.81, 1);
  });

  it('scores the rate against the 30 % target: 10 / 30 × 100 = 33.33', () => {
    expect(d01.score).toBe(33.33);
  });
});

describe('a city without a baseline', () => {
  it('takes the first full programme year as the base (基期为项目首年) and says so', () => {
    const table = `
            季度    D01
    2022Q1  250
    2022Q2  250
    2022Q3  250
    2022Q4  250
    2023Q1  325
    2023Q2  325
    2023Q3  325
    2023Q4  325
    `;
    const result = computeAssessment(
      anAssessmentInput(
        [aBatchCity('110100', '甲市')],
        [{ city: '110100', current: quartersFrom('110100', table), reports: [] }],
      ),
    );
    const city = only(result.cities, '110100');

    // (1300 / 1000)^(1 / 1) − 1 = 30 %.
    expect(city.targets.D01).toMatchObject({
      baseYear: 2022,
      baseSource: 'firstProgrammeYear',
      baseValue: 1000,
      value: 1300,
      years: 1,
      cagr: 30,
      score: 100,
    });
    expect(city.targets.D01?.note).toContain('基期为项目首年');
    expect(city.window).toEqual([
      '2022Q1',
      '2022Q2',
      '2022Q3',
      '2022Q4',
      '2023Q1',
      '2023Q2',
      '2023Q3',
      '2023Q4',
    ]);
  });

  it('has no base in its first programme year: the growth targets are 无基期数据 and their weight is shared', () => {
    // Batch 2023 assessed in 2023: B = 2023 = Y. Left: six programme targets (60), agency (5), funds (5).
    const table = `
            季度    A02 A03 C01 C02  E01   E02   E04  D01
    2023Q1  1   1   1   1    1000  100   8    10
    2023Q2  1   1   1   1    1000  200   8    10
    2023Q3  1   1   1   1    1000  300   8    10
    2023Q4  2   6   20  200  1000  500   8    10
    `;
    const city = aCity2023('130100');
    const result = computeAssessment(
      anAssessmentInput(
        [city],
        [
          {
            city: '130100',
            current: quartersFrom('130100', table, {
              '2023Q4': { agencies: { qualifying: 1, revenue: 105, lastYear: 100 }, portfolios: 4 },
            }),
            reports: [],
          },
        ],
        { batch: 2023 },
      ),
    );
    const assessed = only(result.cities, '130100');

    expect(assessed.k).toBe(4);
    expect(assessed.targets.D01).toMatchObject({ excluded: '无基期数据', score: null, effectiveWeight: 0 });
    expect(assessed.excludedTargets).toEqual(['C04', 'D01', 'D02', 'D04']);
    // A02: 2 / (10 × 4/12) = 60; A03: 6 / 10 = 60; A04: 1 / (5/3) = 60; B07: 4 / (20/3) = 60;
    // C01: 20 / (100/3) = 60; C02: 200 / (1000/3) = 60; agency 5 % < E04 8 % → 0; funds 500 / 1000 = 50.
    const programme = assessed.targets.A02 as ProgrammeAssessment;
    expect(programme).toMatchObject({ expected: 3.33, score: 60, weight: 10, effectiveWeight: 14.29 });
    expect(assessed.agencyGrowth).toMatchObject({ value: 5, score: 0, effectiveWeight: 7.14 });
    expect(assessed.fundExecution).toMatchObject({ rate: 50, score: 50 });
    // (6 × 10 × 60 + 5 × 0 + 5 × 50) / 70 = 3850 / 70 = 55.
    expect(assessed).toMatchObject({ score: 55, grade: '不合格', recommendation: '建议暂缓拨付、限期整改' });
  });
});

function aCity2023(code: string) {
  return aBatchCity(code, '丙市', { batchYear: 2023, fundingApproved: 15000 });
}

describe('a quarter missing from the assessed year', () => {
  const current = fullMarks('110100').filter((sheet) => sheet.period !== '2023Q3');
  const result = computeAssessment(
    anAssessmentInput(
      [aBatchCity('110100', '甲市', { baseline: BASELINE })],
      [{ city: '110100', current, reports: [] }],
    ),
  );
  const city = only(result.cities, '110100');

  it('marks every flow target 不完整 instead of computing it from three quarters', () => {
    for (const code of ['C04', 'D01', 'D02', 'D04'])
      expect(city.targets[code]).toMatchObject({
        excluded: '不完整',
        value: null,
        cagr: null,
        score: null,
        missingQuarters: ['2023Q3'],
      });
  });

  it('shares their weight among the others and lists the quarter beside the grade', () => {
    expect(city.missingQuarters).toEqual(['2023Q3']);
    // Everything else scores 100 with 70 of the weights: total 100, and A02's share is 10 / 70.
    expect(city.score).toBe(100);
    expect(city.targets.A02?.effectiveWeight).toBe(14.29);
  });
});

describe('late quarters and warnings 待说明', () => {
  it('lists a quarter whose first accepted 核心指标 came after the deadline, and counts unexplained warnings', () => {
    const current = [
      ...fullMarks('110100').filter((sheet) => sheet.period !== '2023Q2'),
      ...aQuarter(
        '110100',
        '2023Q2',
        { C04: 360, D01: 422.5, D02: 42, D04: 422.5 },
        { eventTime: late('2023Q2') },
      ),
    ];
    const reports = [
      aReport('2023Q2', '2023Q2-110100', [
        aWarning('VALUE_OUTLIER', '核心指标'),
        aWarning('STOCK_DECREASED', '核心指标', {
          explanationStatus: 'explained',
          explanation: '统计口径调整',
        } as object),
        aWarning('INFO_CITY_NAME_MISMATCH', '基本信息'),
      ]),
      aReport('2023Q3', '2023Q3-110100', [aWarning('VALUE_OUTLIER', '核心指标')], {
        warningCount: 3,
        truncated: true,
        pendingExplanations: 3,
      }),
    ];
    const result = computeAssessment(
      anAssessmentInput(
        [aBatchCity('110100', '甲市', { baseline: BASELINE })],
        [{ city: '110100', current, reports }],
      ),
    );
    const city = only(result.cities, '110100');

    expect(city.lateQuarters).toEqual(['2023Q2']);
    // The outlier of 2023Q2 (the fallen stock is explained, a name mismatch asks for no explanation),
    // and the 3 the cut report counts as 待说明.
    expect(city).toMatchObject({ warnings: 6, unexplainedWarnings: 4 });
    // They do not change the score.
    expect(city.score).toBe(100);
  });
});

describe('weights and grade bands from the bucket', () => {
  it('override the defaults: A02 weighted 40 turns the behind city’s 96 (优秀) into 87.69 (良好)', () => {
    const config = parseAssessmentConfig(
      JSON.stringify({ weights: { A02: 40 }, grades: { 优秀: 95, 良好: 80 } }),
    );
    const result = computeAssessment(
      anAssessmentInput(
        [aBatchCity('120100', '乙市', { baseline: BASELINE })],
        [{ city: '120100', current: fullMarks('120100', 4), reports: [] }],
        { config },
      ),
    );
    const city = only(result.cities, '120100');

    // (40 × 60 + 50 × 100 + 30 × 100 + 10 × 100) / 130 = 11400 / 130 = 87.69.
    expect(city.score).toBe(87.69);
    expect(city.grade).toBe('良好');
    expect(city.targets.A02?.effectiveWeight).toBe(30.77);
    expect(result.method).toMatchObject({
      source: 'bucket',
      weights: { A02: 40, A03: 10 },
      grades: { 优秀: 95, 良好: 80, 合格: 60 },
    });
  });
});

describe('cities outside the assessment', () => {
  it('lists a batch city whose programme starts after the year as not assessed, without a rank', () => {
    const result = computeAssessment(
      anAssessmentInput([aBatchCity('110100', '甲市', { programmeStart: '2024Q1' })], []),
    );

    expect(result.cities[0]).toMatchObject({
      assessed: false,
      k: 0,
      score: null,
      rank: null,
      recommendation: '不参加本年度评价',
    });
  });

  it('gives a city that reported nothing no score and the recommendation to withhold the funds', () => {
    const result = computeAssessment(
      anAssessmentInput([aBatchCity('110100', '甲市', { baseline: BASELINE })], []),
    );

    expect(result.cities[0]).toMatchObject({
      assessed: true,
      score: null,
      grade: null,
      rank: null,
      fundsToRelease: null,
    });
    expect(result.cities[0]?.recommendation).toContain('暂缓拨付');
    expect(result.cities[0]?.missingQuarters).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4']);
  });

  it('leaves out cities of other batches', () => {
    const result = computeAssessment(
      anAssessmentInput([aBatchCity('110100', '甲市'), aCity2023('130100')], []),
    );

    expect(result.cities.map((city) => city.code)).toEqual(['110100']);
  });
});
