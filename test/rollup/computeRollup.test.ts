/**
 * The hand-worked fixture (fixture.ts) rolled up for 2024Q2. Every expected number is worked
 * out in the comments from the fixture's tables, not from the code under test.
 *
 * Programme progress at 2024Q2: 甲乙丙 started 2023Q1 → quarter 6 of 12; 丁 started 2024Q1 → 2 of 12.
 * Deadline of 2024Q2 (15 days): 2024-07-15 23:59:59.999 +08:00 = 2024-07-15T15:59:59.999Z.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE_VERSION } from '#shared/catalogue/indicators.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import type { CityRollup } from '#shared/rollup/types.ts';
import { uscc } from './builders.ts';
import { A, B, C, D, nationalFixture, SHARED_ENTERPRISE } from './fixture.ts';

const result = computeRollup(nationalFixture());
const city = (code: string): CityRollup => {
  const found = result.cities.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`city ${code} missing from the result`);
  return found;
};

describe('computeRollup: period, deadline and completeness', () => {
  it('names the period, its kind, the generated time and the deadline', () => {
    expect(result.period).toBe('2024Q2');
    expect(result.periodKind).toBe('quarter');
    expect(result.generatedAt).toBe('2024-07-31T00:00:00.000Z');
    expect(result.deadline).toBe('2024-07-15T15:59:59.999Z');
  });

  it('counts completeness over the cities whose programme covers the quarter', () => {
    // All four programmes cover 2024Q2; 甲乙 on time, 丙 late, 丁 rejected only: 3 / 4 = 75%.
    expect(result.completeness).toEqual({
      expected: 4,
      reported: 3,
      onTime: 2,
      late: 1,
      notReported: 0,
      rejectedOnly: 1,
      notDue: 0,
      rate: 75,
    });
  });

  it('lists every registry city, in code order, including the one that did not report', () => {
    expect(result.cities.map((c) => c.code)).toEqual([A, B, C, D]);
  });
});

describe('computeRollup: city indicator figures', () => {
  it('sums a flow over the year so far and compares it with the same quarters of last year', () => {
    // 甲 D01: 2024 Q1 200 + Q2 190 = 390; 2023 Q1 100 + Q2 150 = 250; (390 / 250 − 1) × 100 = 56.
    expect(city(A).indicators.D01).toEqual({ value: 190, ytd: 390, lastYearYtd: 250, growth: 56 });
  });

  it('builds a YTD from the quarters reported and flags the missing one', () => {
    // 丙 skipped 2024Q1: D01 YTD = 130 (Q2 only); last year 50 + 50 = 100; growth 30.
    expect(city(C).indicators.D01).toEqual({
      value: 130,
      ytd: 130,
      lastYearYtd: 100,
      growth: 30,
      missingQuarters: ['2024Q1'],
    });
  });

  it('takes a stock at the end of the quarter and last year at the end of the same quarter', () => {
    // 甲 A02: 6 at 2024Q2, 2 at 2023Q2; (6 / 2 − 1) × 100 = 200.
    expect(city(A).indicators.A02).toEqual({ value: 6, ytd: 6, lastYearYtd: 2, growth: 200 });
  });

  it('falls back to the latest reported quarter of the year for a stock of a city that did not report', () => {
    // 丁 reported A02 = 1 in 2024Q1 only; 2024Q2 is missing; no 2023 data.
    expect(city(D).indicators.A02).toEqual({
      value: null,
      ytd: 1,
      lastYearYtd: null,
      growth: null,
      missingQuarters: ['2024Q2'],
    });
  });

  it('gives a negative growth when the YTD fell', () => {
    // 乙 D01: 60 + 90 = 150 against 100 + 100 = 200: (150 / 200 − 1) × 100 = −25.
    expect(city(B).indicators.D01?.growth).toBe(-25);
  });

  it('gives no growth on a zero base or a missing base', () => {
    // 乙 C04: 30 + 20 = 50 against 0 + 0 = 0 → null; 乙 D04 was not reported in 2023 → null.
    expect(city(B).indicators.C04).toEqual({ value: 20, ytd: 50, lastYearYtd: 0, growth: null });
    expect(city(B).indicators.D04).toEqual({ value: 5, ytd: 10, lastYearYtd: null, growth: null });
  });

  it('derives A04 and B07 from detail sheets current for the quarter, else keeps the declared value', () => {
    // 甲 declared A04 3, B07 10 but its 运营机构 / 高价值专利组合 sheets count 4 and 12.
    expect(city(A).indicators.A04?.value).toBe(4);
    expect(city(A).indicators.B07?.value).toBe(12);
    // 乙's 运营机构 sheet (9 agencies) is current for 2024Q1 only: 2024Q2 keeps the declared 2.
    expect(city(B).indicators.A04?.value).toBe(2);
    // 丙 declared B07 25; its sheet counts 8.
    expect(city(C).indicators.B07?.value).toBe(8);
  });

  it('computes the fund execution rate and the navigation projects', () => {
    // 甲 4000 / 10000 = 40%, 乙 5000 / 5000 = 100%, 丙 2000 / 8000 = 25%; A02 + A03: 6+15, 20+5, 2+30.
    expect([A, B, C].map((code) => city(code).fundExecutionRate)).toEqual([40, 100, 25]);
    expect([A, B, C].map((code) => city(code).navigationProjects)).toEqual([21, 25, 32]);
  });
});

describe('computeRollup: national figures', () => {
  it('sums flows over the reporting cities and compares like with like', () => {
    // 甲乙丙 reported (丁 did not). value 190 + 90 + 130 = 410; YTD 390 + 150 + 130 = 670;
    // last year 250 + 200 + 100 = 550; (670 / 550 − 1) × 100 = 21.8181… → 21.82.
    expect(result.national.D01).toEqual({
      value: 410,
      ytd: 670,
      lastYearYtd: 550,
      growth: 21.82,
      cities: 3,
      baseCities: 3,
      comparableYtd: 670,
    });
  });

  it('leaves a city without a base out of both sides of the national growth', () => {
    // D04 YTD: 甲 20 + 0 = 20, 乙 5 + 5 = 10, 丙 13 → 43. 乙 has no 2023 D04, so the growth compares
    // 甲 + 丙 = 20 + 13 = 33 with their 2023 values 20 + 20 = 40: (33 / 40 − 1) × 100 = −17.5.
    expect(result.national.D04).toEqual({
      value: 18,
      ytd: 43,
      lastYearYtd: 40,
      growth: -17.5,
      cities: 3,
      baseCities: 2,
      comparableYtd: 33,
    });
  });

  it('keeps a zero base in the national comparison (the city had a value: zero)', () => {
    // C04 YTD 120 + 50 + 30 = 200; last year 100 + 0 + 20 = 120; (200 / 120 − 1) × 100 = 66.67.
    expect(result.national.C04).toMatchObject({ ytd: 200, lastYearYtd: 120, growth: 66.67, baseCities: 3 });
  });

  it('sums stocks, including derived ones, at the end of the quarter', () => {
    // A02 6 + 20 + 2 = 28, last year 2 + 10 + 1 = 13: (28 / 13 − 1) × 100 = 115.38; A04 4 + 2 + 6 = 12.
    expect(result.national.A02).toMatchObject({ value: 28, ytd: 28, lastYearYtd: 13, growth: 115.38 });
    expect(result.national.A04).toMatchObject({ value: 12, cities: 3 });
  });

  it('takes the median for a rate', () => {
    // E04 8, 5, 10 → median 8; last year 7, 4, 9 → 7; (8 / 7 − 1) × 100 = 14.29.
    expect(result.national.E04).toMatchObject({ value: 8, ytd: 8, lastYearYtd: 7, growth: 14.29, cities: 3 });
  });

  it('reports the national median of each indicator over the reporting cities', () => {
    // D01 190, 90, 130 → 130; B07 12, 15, 8 → 12.
    expect(result.median.D01).toBe(130);
    expect(result.median.B07).toBe(12);
  });

  it('has no value for an indicator nobody reported', () => {
    expect(result.national.B01).toEqual({
      value: null,
      ytd: null,
      lastYearYtd: null,
      growth: null,
      cities: 0,
      baseCities: 0,
      comparableYtd: null,
    });
  });
});

describe('computeRollup: targets, scores and ranks', () => {
  it('rates programme targets against progress after 6 of 12 quarters', () => {
    const targets = city(A).targets;
    // 甲 A02 6 against its own target 12, expected 12 × 6/12 = 6 → 进度正常, 50%.
    expect(targets.A02).toEqual({
      kind: 'programme',
      value: 6,
      target: 12,
      attainment: 50,
      expected: 6,
      status: '进度正常',
      score: 50,
    });
    // 乙 A02 20 ≥ 10 → 达标, attainment 200% shown uncapped, scores 100.
    expect(city(B).targets.A02).toMatchObject({ attainment: 200, status: '达标', score: 100 });
    // 乙 A04 2: expected 5 × 6/12 = 2.5, half of it 1.25 ≤ 2 → 滞后, 40%.
    expect(city(B).targets.A04).toMatchObject({ value: 2, expected: 2.5, attainment: 40, status: '滞后' });
    // 乙 A03 5: expected 15, half 7.5 > 5 → 严重滞后; 5 / 30 = 16.67%.
    expect(city(B).targets.A03).toMatchObject({ attainment: 16.67, status: '严重滞后', score: 16.67 });
  });

  it('rates growth targets on the YTD growth', () => {
    // 甲: C04 20 ≥ 20 达标, D01 56 ≥ 30 达标, D02 (7 / 5 − 1) = 40 达标, D04 (20 / 20 − 1) = 0 未达标.
    expect(city(A).targets.C04).toEqual({
      kind: 'growth',
      value: 20,
      target: 20,
      attainment: null,
      status: '达标',
      score: 100,
    });
    expect(city(A).targets.D04).toMatchObject({ value: 0, status: '未达标', score: 0 });
    // 乙: C04 zero base and D04 missing base → 无基期数据, left out of the score.
    expect(city(B).targets.C04).toMatchObject({ value: null, status: '无基期数据', excludedFromScore: true });
    expect(city(B).targets.D04).toMatchObject({ status: '无基期数据', excludedFromScore: true });
  });

  it('compares the revenue-weighted agency growth with the local average', () => {
    // 甲 (11000 / 10000 − 1) × 100 = 10 > E04 8 → 达标; 丙 (10500 / 10000 − 1) = 5 ≤ 10 → 未达标;
    // 乙 has no 运营机构 sheet for 2024Q2 → 无数据.
    expect(city(A).agencyGrowth).toEqual({ value: 10, localAverage: 8, status: '达标' });
    expect(city(C).agencyGrowth).toEqual({ value: 5, localAverage: 10, status: '未达标' });
    expect(city(B).agencyGrowth).toEqual({ value: null, localAverage: 5, status: '无数据' });
    expect(city(B).targets.agencyGrowth).toMatchObject({ status: '无数据', excludedFromScore: true });
  });

  it('scores each city as the mean over its counted targets', () => {
    // 甲: A02 50, A03 15/30 = 50, A04 4/5 = 80, B07 12/20 = 60, C01 50/100 = 50, C02 600/1000 = 60,
    //     C04 100, D01 100, D02 100, D04 0, agency 100 → 750 / 11 = 68.18.
    // 乙: A02 100, A03 16.67, A04 40, B07 15/20 = 75, C01 30, C02 100, D01 0 (−25), D02 0 (−37.5);
    //     C04, D04 and agency growth left out → 361.67 / 8 = 45.21.
    // 丙: A02 2/10 = 20, A03 100, A04 6/5 → 100, B07 8/20 = 40, C01 100, C02 400/1000 = 40,
    //     C04 (30/20 − 1) = 50 → 100, D01 30 → 100, D02 0 → 0, D04 −35 → 0, agency 0 → 600 / 11 = 54.55.
    expect([A, B, C, D].map((code) => city(code).score)).toEqual([68.18, 45.21, 54.55, null]);
  });

  it('ranks the scored cities and leaves the unreported one unranked', () => {
    expect([A, B, C, D].map((code) => city(code).rank)).toEqual([1, 3, 2, null]);
  });

  it('counts the cities meeting each target among the reporting cities', () => {
    // A02: 甲 进度正常, 乙 达标, 丙 严重滞后. B07: 甲 12 ≥ 10 and 乙 15 ≥ 10 进度正常, 丙 8 滞后.
    // D01: 甲 丙 达标. agency growth: 甲 达标.
    expect(result.targetsMet.A02).toEqual({ met: 1, onTrack: 1, total: 3 });
    expect(result.targetsMet.B07).toEqual({ met: 0, onTrack: 2, total: 3 });
    expect(result.targetsMet.D01).toEqual({ met: 2, onTrack: 0, total: 3 });
    expect(result.targetsMet.D04).toEqual({ met: 0, onTrack: 0, total: 3 });
    expect(result.targetsMet.agencyGrowth).toEqual({ met: 1, onTrack: 0, total: 3 });
  });

  it('still shows the targets of a city that did not report, against 2 of 12 quarters', () => {
    // 丁 A02: latest value of the year 1 against 10, expected 10 × 2/12 = 1.67, half 0.83 → 滞后.
    expect(city(D).programmeQuarter).toBe(2);
    expect(city(D).targets.A02).toMatchObject({ value: 1, expected: 1.67, attainment: 10, status: '滞后' });
  });
});

describe('computeRollup: submission status', () => {
  it('is on time when the first accepted 核心指标 came by the deadline, even if corrected later', () => {
    expect(city(A).submissionDetail).toEqual({
      submission: 'on_time',
      currentUploadAt: '2024-07-20T03:00:00.000Z',
      firstAcceptedAt: '2024-07-05T02:00:00.000Z',
      uploads: 3,
      rejectedUploads: 1,
      // 1 warning in A-2024Q2-1 (still current for the detail sheets) + 2 in A-2024Q2-3.
      warnings: 3,
      expected: true,
    });
  });

  it('is late, rejected only, with the complete warning count of a cut report', () => {
    expect(city(C).submission).toBe('late');
    expect(city(D).submissionDetail).toMatchObject({
      submission: 'rejected_only',
      uploads: 1,
      rejectedUploads: 1,
    });
    expect(city(B).submissionDetail.warnings).toBe(3);
  });

  it('lists the current uploads of the period per city', () => {
    expect(city(A).uploadIds).toEqual(['A-2024Q2-1', 'A-2024Q2-3']);
    expect(city(D).uploadIds).toEqual([]);
  });
});

describe('computeRollup: typical enterprises', () => {
  // National population (the shared enterprise counted once, with 甲's values):
  //   有效发明专利量 > 0: 100, 50, 200, 50, 10 → sorted 10 50 50 100 200 (N = 5)
  //   PCT申请量 > 0: 10, 20, 5, 10 → 5 10 10 20 (N = 4)
  //   马德里 > 0: 2, 1, 3 (N = 3); 许可收入 > 0: 50, 10, 50 (N = 3); 质押融资 > 0: 1000, 500, 200 (N = 3)
  // Scores (mean of the five ranks × 100 + bonuses):
  //   E1 (0.8 + 0.75 + 0 + 1 + 0) / 5 = 51 + 5 贯标 + 10 推荐 = 66
  //   E2 (0.6 + 0 + 2/3 + 0 + 1) / 5 = 45.33 + 5 托管 = 50.33
  //   E3 (1 + 1 + 1/3 + 0 + 2/3) / 5 = 60
  //   E4 (0 + 0.25 + 0 + 1/3 + 0) / 5 = 11.67 + 5 + 5 = 21.67
  //   E5 (0.6 + 0.75 + 1 + 1 + 1/3) / 5 = 73.67 + 10 = 83.67
  //   E6 (0.2 + 0 + 0 + 0 + 0) / 5 = 4
  //   E7, E8, E9 (甲, no measure, no bonus) 0; E10 (甲, no measure, 贯标) 0 + 5 = 5
  it('ranks the national list by score', () => {
    expect(result.typicalEnterprises.map((e) => [e.rank, e.uscc, e.score])).toEqual([
      [1, uscc(5), 83.67],
      [2, uscc(1), 66],
      [3, uscc(3), 60],
      [4, uscc(2), 50.33],
      [5, uscc(4), 21.67],
      [6, uscc(10), 5],
      [7, uscc(SHARED_ENTERPRISE), 4],
      [8, uscc(7), 0],
      [9, uscc(8), 0],
      [10, uscc(9), 0],
    ]);
  });

  it('describes an enterprise with its percentiles, flags and highlights', () => {
    expect(result.typicalEnterprises[1]).toEqual({
      rank: 2,
      uscc: uscc(1),
      name: '企业1',
      city: A,
      cityName: '甲市',
      industry: '新一代信息技术',
      score: 66,
      recommended: true,
      certified: true,
      underCustody: false,
      percentiles: {
        validInventionPatents: 0.8,
        pctApplications: 0.75,
        madridRegistrations: 0,
        licensingIncome: 1,
        pledgeFinancing: 0,
      },
      values: {
        validInventionPatents: 100,
        pctApplications: 10,
        madridRegistrations: 0,
        licensingIncome: 50,
        pledgeFinancing: 0,
      },
      // 许可收入 rank 1: 2 of 3 have ≥ 50 → ⌈66.7⌉ = 前67%; 有效发明 0.8: 2 of 5 have ≥ 100 → 前40%.
      highlights: ['专利转让许可收入 50万元（前67%）', '有效发明专利量 100件（前40%）'],
      recommendReason: '专利运营收入领先',
    });
  });

  it('breaks equal percentile ranks in highlights by the order of the measures', () => {
    // E3: 有效发明 200 and PCT 20 both rank 1: 1 of 5 → 前20%, 1 of 4 → 前25%.
    // E5: 马德里 3 (1 of 3 → ⌈33.3⌉ = 前34%) and 许可收入 50 (2 of 3 → 前67%) both rank 1.
    const byUscc = new Map(result.typicalEnterprises.map((e) => [e.uscc, e]));
    expect(byUscc.get(uscc(3))?.highlights).toEqual([
      '有效发明专利量 200件（前20%）',
      'PCT申请量 20件（前25%）',
    ]);
    expect(byUscc.get(uscc(5))?.highlights).toEqual([
      '马德里商标国际注册量 3件（前34%）',
      '专利转让许可收入 50万元（前67%）',
    ]);
  });

  it('counts an enterprise reported by two cities once nationally, naming both', () => {
    const shared = result.typicalEnterprises.filter((e) => e.uscc === uscc(SHARED_ENTERPRISE));
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ city: A, alsoReportedBy: [C], values: { validInventionPatents: 10 } });
  });

  it("ranks each city's own enterprises, the shared one with the city's own values", () => {
    // 丙's record of the shared enterprise: 有效发明 300 (≤ all 5 → 1), PCT 1 (below all → 0): 1 / 5 = 20.
    expect(
      result.typicalEnterprisesByCity[C]?.map((e) => [e.rank, e.uscc, e.score, e.alsoReportedBy]),
    ).toEqual([
      [1, uscc(5), 83.67, undefined],
      [2, uscc(SHARED_ENTERPRISE), 20, [A]],
    ]);
    expect(result.typicalEnterprisesByCity[C]?.[1]?.highlights).toEqual(['有效发明专利量 300件（前20%）']);
    expect(result.typicalEnterprisesByCity[A]?.map((e) => e.uscc)).toEqual([
      uscc(1),
      uscc(2),
      uscc(10),
      uscc(SHARED_ENTERPRISE),
      uscc(7),
    ]);
    expect(result.typicalEnterprisesByCity[D]).toEqual([]);
  });

  it('keeps every enterprise of each city in rank order, the typical ones first', () => {
    // 甲 reported 7: E1 66, E2 50.33, E10 5, E6 4, then E7, E8, E9 at 0 by credit code
    // (reported as 9, 10, 7, 8); its top 5 stops at E7.
    const ranked = (city: string) =>
      result.enterprisesByCity[city]?.map((e) => [e.rank, e.uscc, e.score, e.alsoReportedBy]);
    expect(ranked(A)).toEqual([
      [1, uscc(1), 66, undefined],
      [2, uscc(2), 50.33, undefined],
      [3, uscc(10), 5, undefined],
      [4, uscc(SHARED_ENTERPRISE), 4, [C]],
      [5, uscc(7), 0, undefined],
      [6, uscc(8), 0, undefined],
      [7, uscc(9), 0, undefined],
    ]);
    expect(ranked(B)).toEqual([
      [1, uscc(3), 60, undefined],
      [2, uscc(4), 21.67, undefined],
    ]);
    expect(ranked(C)).toEqual([
      [1, uscc(5), 83.67, undefined],
      [2, uscc(SHARED_ENTERPRISE), 20, [A]],
    ]);
    expect(ranked(D)).toEqual([]);
    expect(result.enterprisesByCity[A]?.slice(0, 5)).toEqual(result.typicalEnterprisesByCity[A]);
  });
});

describe('computeRollup: typical models', () => {
  // Candidates: 质押融资 — 快贷 (乙, 推荐, 8000 万元: top of 3 in 万元), 风险补偿 (甲, 推荐, 5000: 2/3),
  //   贴息 (丙, 推荐, no outcome), 保险联动 (丙, 3000); 无成效案例 is no candidate.
  // 专利导航 (all 甲, 推荐): 企业专利导航服务 30 家 (top of its unit), 导航成果转化 20 项 (top of 项),
  //   产业专利导航中心 12 项 (1/2); the first two tie and go by name (企 U+4F01 < 导 U+5BFC).
  // 贯标: 贯标示范企业培育 (乙, 40 家).
  // Turns: round 1 导航服务 (甲 1), 贯标示范 (乙 1), 快贷 (乙 2); round 2 成果转化 (甲 2), 风险补偿 skipped
  //   (甲 full) → 贴息 (丙 1); round 3 导航中心 skipped (甲 full), 保险联动 (丙 2).
  it('selects by category with at most 3 per category and 2 per city', () => {
    expect(result.typicalModels.map((m) => [m.category, m.title, m.city])).toEqual([
      ['专利导航', '企业专利导航服务', A],
      ['专利导航', '导航成果转化', A],
      ['贯标', '贯标示范企业培育', B],
      ['质押融资', '银行专利质押快贷', B],
      ['质押融资', '中小企业质押贴息', C],
      ['质押融资', '质押融资保险联动', C],
    ]);
  });

  it('writes a one-line reason from the data', () => {
    expect(result.typicalModels.map((m) => m.reason)).toEqual([
      '城市推荐；服务企业数 30家；在「专利导航」类 3 个候选案例中排第 1',
      '城市推荐；转化项目数 20项；在「专利导航」类 3 个候选案例中排第 2',
      '有量化成效；贯标企业数 40家；在「贯标」类 1 个候选案例中排第 1',
      '城市推荐；融资金额 8000万元；在「质押融资」类 4 个候选案例中排第 1',
      '城市推荐；在「质押融资」类 4 个候选案例中排第 3',
      '有量化成效；融资金额 3000万元；在「质押融资」类 4 个候选案例中排第 4',
    ]);
  });

  it('carries the case details', () => {
    expect(result.typicalModels[0]).toEqual({
      category: '专利导航',
      title: '企业专利导航服务',
      city: A,
      cityName: '甲市',
      subject: '市知识产权局',
      practice: '企业专利导航服务的做法',
      outcomeMetric: '服务企业数',
      outcomeValue: 30,
      outcomeUnit: '家',
      recommended: true,
      reason: '城市推荐；服务企业数 30家；在「专利导航」类 3 个候选案例中排第 1',
    });
  });
});

describe('computeRollup: data quality', () => {
  it("lists every warning of the period's current uploads and what the roll-up noticed, in a fixed order", () => {
    // Sheet names sort by code point: 校 (U+6821) < 核 (U+6838) < 重 (U+91CD).
    expect(result.dataQuality.map((q) => [q.city, q.uploadId, q.code])).toEqual([
      [A, 'A-2024Q2-1', 'DERIVED_MISMATCH'],
      [A, 'A-2024Q2-1', 'ROLLUP_ENTERPRISE_IN_SEVERAL_CITIES'],
      [A, 'A-2024Q2-3', 'UPLOAD_LATE'],
      [A, 'A-2024Q2-3', 'STOCK_DECREASE'],
      [B, 'B-2024Q2', 'ROLLUP_REPORT_TRUNCATED'],
      [B, 'B-2024Q2', 'OUTLIER'],
      [C, 'C-2024Q2', 'ROLLUP_REPORT_UNAVAILABLE'],
      [C, 'C-2024Q2', 'ROLLUP_ENTERPRISE_IN_SEVERAL_CITIES'],
    ]);
  });

  it('keeps the located warning as the report had it, with city and upload', () => {
    expect(result.dataQuality[0]).toEqual({
      severity: 'warning',
      code: 'DERIVED_MISMATCH',
      sheet: '核心指标',
      row: 6,
      column: '本期值',
      cell: 'D6',
      value: '3',
      message: 'DERIVED_MISMATCH 的说明',
      city: A,
      cityName: '甲市',
      period: '2024Q2',
      uploadId: 'A-2024Q2-1',
    });
  });

  it('explains a cut report and a shared credit code in Chinese', () => {
    const truncated = result.dataQuality.find((q) => q.code === 'ROLLUP_REPORT_TRUNCATED');
    expect(truncated?.message).toBe('校验报告只列出了 1 条警告，该上传共有 3 条警告');
    const shared = result.dataQuality.find(
      (q) => q.code === 'ROLLUP_ENTERPRISE_IN_SEVERAL_CITIES' && q.city === C,
    );
    expect(shared).toMatchObject({ sheet: '重点企业', value: uscc(SHARED_ENTERPRISE) });
    expect(shared?.message).toBe(
      `统一社会信用代码 ${uscc(SHARED_ENTERPRISE)}（企业6）同时由 甲市、丙市 报送，全国典型企业评选只计一次（计入甲市）`,
    );
  });
});

describe('computeRollup: trends and lineage', () => {
  it('gives each quarter of the programme so far for a city', () => {
    const trend = city(A).trend;
    expect(trend.map((t) => t.period)).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2']);
    // D01: 2023Q1 100; 2023Q3 not reported: YTD stays 100 + 150 = 250, flagged; 2024Q2 as above.
    expect(trend[0]?.indicators.D01).toEqual({ value: 100, ytd: 100, lastYearYtd: null, growth: null });
    expect(trend[2]?.indicators.D01).toEqual({
      value: null,
      ytd: 250,
      lastYearYtd: null,
      growth: null,
      missingQuarters: ['2023Q3'],
    });
    expect(trend[5]?.indicators.D01).toEqual({ value: 190, ytd: 390, lastYearYtd: 250, growth: 56 });
    expect(city(D).trend.map((t) => t.period)).toEqual(['2024Q1', '2024Q2']);
  });

  it('gives the national value of each quarter from the first reported quarter', () => {
    expect(result.nationalTrend.map((t) => [t.period, t.values.D01, t.cities])).toEqual([
      ['2023Q1', 250, 3], // 100 + 100 + 50
      ['2023Q2', 300, 3], // 150 + 100 + 50
      ['2023Q3', null, 0],
      ['2023Q4', null, 0],
      ['2024Q1', 300, 3], // 甲 200 + 乙 60 + 丁 40
      ['2024Q2', 410, 3], // 190 + 90 + 130
    ]);
    // E04 in 2024Q1: median of 8, 5, 6.
    expect(result.nationalTrend[4]?.values.E04).toBe(6);
  });

  it('records the latest data time, the uploads used, the catalogue version and the locks in force', () => {
    const { uploads, ...lineage } = result.lineage;
    // Each upload once, readable: city, period and the sheets it made current.
    expect(uploads?.map((upload) => upload.uploadId).sort()).toEqual(lineage.uploadIds);
    expect(uploads?.find((upload) => upload.uploadId === 'A-2024Q1')).toMatchObject({
      period: '2024Q1',
      sheets: expect.arrayContaining(['核心指标']),
    });
    expect(lineage).toEqual({
      dataAsOf: '2024-07-20T03:00:00.000Z',
      uploadIds: [
        'A-2023Q1',
        'A-2023Q2',
        'A-2024Q1',
        'A-2024Q2-1',
        'A-2024Q2-3',
        'B-2023Q1',
        'B-2023Q2',
        'B-2024Q1',
        'B-2024Q2',
        'C-2023Q1',
        'C-2023Q2',
        'C-2024Q2',
        'D-2024Q1',
      ],
      catalogueVersion: CATALOGUE_VERSION,
      locks: [{ period: '2024Q2', city: '*', lockedAt: '2024-08-01T00:00:00.000Z' }],
    });
  });
});
