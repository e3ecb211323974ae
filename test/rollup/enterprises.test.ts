import { describe, expect, it } from 'vitest';
import type { EnterpriseRecord } from '#shared/domain/records.ts';
import {
  CITY_TOP,
  type CityEnterprises,
  cityEnterpriseEntries,
  highlights,
  NATIONAL_TOP,
  PercentileRanks,
  rankEnterprises,
  selectTypicalEnterprises,
} from '#shared/rollup/enterprises.ts';
import { anEnterprise, uscc } from './builders.ts';

const oneCity = (records: EnterpriseRecord[], city = '110101'): CityEnterprises => ({
  city,
  cityName: `城市${city}`,
  sheets: [{ period: '2024Q2', uploadId: `${city}-u`, records }],
});

describe('PercentileRanks', () => {
  it('gives the share of enterprises with a value > 0 whose value is ≤ its own', () => {
    // PCT > 0: 5, 10, 10, 20 (the zero is not counted).
    const ranks = new PercentileRanks(
      [5, 10, 10, 20, 0].map((p, i) => anEnterprise(i, { pctApplications: p })),
    );
    expect(ranks.rank('pctApplications', 20)).toBe(1);
    expect(ranks.rank('pctApplications', 10)).toBe(0.75);
    expect(ranks.rank('pctApplications', 5)).toBe(0.25);
  });

  it('scores 0 for a value of 0 or an empty cell', () => {
    const ranks = new PercentileRanks([anEnterprise(1, { pctApplications: 3 })]);
    expect(ranks.rank('pctApplications', 0)).toBe(0);
    expect(ranks.rank('pctApplications', undefined)).toBe(0);
  });

  it('scores 0 for everyone when nobody has a value', () => {
    const ranks = new PercentileRanks([anEnterprise(1), anEnterprise(2, { pctApplications: 0 })]);
    expect(ranks.rank('pctApplications', 0)).toBe(0);
  });

  it('puts the only enterprise with the highest of 50 values in the top 2%', () => {
    const records = [anEnterprise(0, { pctApplications: 48 })];
    for (let i = 1; i < 50; i++) records.push(anEnterprise(i, { pctApplications: 1 }));
    const ranks = new PercentileRanks(records);
    // 1 of 50 has ≥ 48 → ⌈100 × 1 / 50⌉ = 2.
    expect(ranks.topPercent('pctApplications', 48)).toBe(2);
    expect(highlights(records[0] as EnterpriseRecord, ranks)).toEqual(['PCT申请量 48件（前2%）']);
  });

  it('puts two enterprises tied at the top of 50 both in the top 4%', () => {
    const records = [anEnterprise(0, { pctApplications: 48 }), anEnterprise(1, { pctApplications: 48 })];
    for (let i = 2; i < 50; i++) records.push(anEnterprise(i, { pctApplications: 1 }));
    // 2 of 50 have ≥ 48 → 4; the 48 with value 1 all have ≥ 1 → 100.
    const ranks = new PercentileRanks(records);
    expect(ranks.topPercent('pctApplications', 48)).toBe(4);
    expect(ranks.topPercent('pctApplications', 1)).toBe(100);
  });

  it('rounds the top share up to a whole percent', () => {
    // 1 of 3 → 33.3… → 前34%; 2 of 3 → 66.7… → 前67%.
    const ranks = new PercentileRanks([1, 2, 3].map((m, i) => anEnterprise(i, { madridRegistrations: m })));
    expect(ranks.topPercent('madridRegistrations', 3)).toBe(34);
    expect(ranks.topPercent('madridRegistrations', 2)).toBe(67);
  });

  it('puts a single enterprise in the top 100%', () => {
    const ranks = new PercentileRanks([anEnterprise(1, { licensingIncome: 12.5 })]);
    expect(ranks.rank('licensingIncome', 12.5)).toBe(1);
    expect(ranks.topPercent('licensingIncome', 12.5)).toBe(100);
  });
});

describe('highlights', () => {
  it('names the two best-ranked measures with their values and units', () => {
    const best = anEnterprise(1, {
      validInventionPatents: 10,
      pctApplications: 2,
      licensingIncome: 1234.5,
      pledgeFinancing: 88.125,
    });
    const other = anEnterprise(2, {
      validInventionPatents: 20,
      pctApplications: 4,
      licensingIncome: 100,
      pledgeFinancing: 50,
    });
    const ranks = new PercentileRanks([best, other]);
    // best: 有效发明 0.5, PCT 0.5, 许可收入 1, 质押融资 1 → the two ranked 1, in measure order.
    // 88.125 is shown with 2 decimals.
    expect(highlights(best, ranks)).toEqual([
      '专利转让许可收入 1234.5万元（前50%）',
      '知识产权质押融资金额 88.13万元（前50%）',
    ]);
  });

  it('has fewer than two highlights when fewer measures are above zero', () => {
    const only = anEnterprise(1, { madridRegistrations: 4 });
    const ranks = new PercentileRanks([only, anEnterprise(2)]);
    expect(highlights(only, ranks)).toEqual(['马德里商标国际注册量 4件（前100%）']);
    expect(highlights(anEnterprise(2), ranks)).toEqual([]);
  });
});

describe('selectTypicalEnterprises', () => {
  it('keeps the top 20 nationally and the top 5 of each city', () => {
    // 25 enterprises in one city with PCT 1…25: the rank of PCT k is k / 25, score 100 × (k / 25) / 5.
    const records = Array.from({ length: 25 }, (_, i) => anEnterprise(i + 1, { pctApplications: i + 1 }));
    const selection = selectTypicalEnterprises([oneCity(records)]);
    expect(selection.national).toHaveLength(NATIONAL_TOP);
    expect(selection.national[0]).toMatchObject({ rank: 1, uscc: uscc(25), score: 20 });
    expect(selection.national[19]).toMatchObject({ rank: 20, uscc: uscc(6), score: 4.8 });
    expect(selection.byCity['110101']?.map((e) => e.uscc)).toEqual([
      uscc(25),
      uscc(24),
      uscc(23),
      uscc(22),
      uscc(21),
    ]);
    expect(selection.byCity['110101']).toHaveLength(CITY_TOP);
  });

  it('keeps every enterprise of a city, ranked within the city', () => {
    // 7 enterprises with PCT 1…7 (PCT k ranks k / 7): all of them, highest first.
    const records = Array.from({ length: 7 }, (_, i) => anEnterprise(i + 1, { pctApplications: i + 1 }));
    const selection = selectTypicalEnterprises([oneCity(records)]);
    expect(selection.allByCity['110101']?.map((e) => [e.rank, e.uscc])).toEqual([
      [1, uscc(7)],
      [2, uscc(6)],
      [3, uscc(5)],
      [4, uscc(4)],
      [5, uscc(3)],
      [6, uscc(2)],
      [7, uscc(1)],
    ]);
    expect(selection.byCity['110101']?.map((e) => e.uscc)).toEqual([
      uscc(7),
      uscc(6),
      uscc(5),
      uscc(4),
      uscc(3),
    ]);
  });

  it('breaks equal scores by credit code', () => {
    const selection = selectTypicalEnterprises([
      oneCity([anEnterprise(9, { recommended: true }), anEnterprise(3, { recommended: true })]),
    ]);
    // Both score 0 + 10 (推荐).
    expect(selection.national.map((e) => [e.rank, e.uscc, e.score])).toEqual([
      [1, uscc(3), 10],
      [2, uscc(9), 10],
    ]);
  });

  it('adds the bonuses for 贯标, 托管 and 推荐', () => {
    const selection = selectTypicalEnterprises([
      oneCity([anEnterprise(1, { certified: true, underCustody: true, recommended: true })]),
    ]);
    expect(selection.national[0]?.score).toBe(20);
  });

  it('merges the quarters of a year: flows summed, the stock and the details from the latest quarter', () => {
    const city: CityEnterprises = {
      city: '110101',
      cityName: '甲市',
      sheets: [
        {
          period: '2024Q4',
          uploadId: 'u4',
          records: [
            anEnterprise(1, { name: '新名', validInventionPatents: 12, pctApplications: 3, certified: true }),
          ],
        },
        {
          period: '2024Q1',
          uploadId: 'u1',
          records: [
            anEnterprise(1, {
              name: '旧名',
              validInventionPatents: 10,
              pctApplications: 2,
              licensingIncome: 7,
            }),
            anEnterprise(2, { validInventionPatents: 5 }),
          ],
        },
      ],
    };
    const [first, second] = selectTypicalEnterprises([city]).national;
    // E1: 有效发明 12 (latest), PCT 2 + 3 = 5, 许可收入 7: ranks 1, 1, 1 → 60 + 5 贯标 = 65.
    // E2: 有效发明 5 of {5, 12} → 0.5 → 10.
    expect(first).toMatchObject({
      uscc: uscc(1),
      name: '新名',
      certified: true,
      score: 65,
      values: { validInventionPatents: 12, pctApplications: 5, licensingIncome: 7 },
    });
    expect(second).toMatchObject({ uscc: uscc(2), score: 10 });
  });

  it('lists a credit code reported by several cities as a duplicate, first city first', () => {
    const selection = selectTypicalEnterprises([
      oneCity([anEnterprise(1)], '330100'),
      oneCity([anEnterprise(1)], '110101'),
      oneCity([anEnterprise(1), anEnterprise(2)], '220100'),
    ]);
    expect(selection.national.map((e) => [e.uscc, e.city, e.alsoReportedBy])).toEqual([
      [uscc(1), '110101', ['220100', '330100']],
      [uscc(2), '220100', undefined],
    ]);
    expect(selection.duplicates).toEqual([
      {
        uscc: uscc(1),
        name: '企业1',
        entries: [
          { city: '110101', cityName: '城市110101', period: '2024Q2', uploadId: '110101-u' },
          { city: '220100', cityName: '城市220100', period: '2024Q2', uploadId: '220100-u' },
          { city: '330100', cityName: '城市330100', period: '2024Q2', uploadId: '330100-u' },
        ],
      },
    ]);
  });
});

describe('cityEnterpriseEntries and rankEnterprises', () => {
  it("keep one entry per credit code of a city, its quarters' flows summed, as last seen", () => {
    const entries = cityEnterpriseEntries({
      city: '110101',
      cityName: '城市110101',
      sheets: [
        { period: '2024Q2', uploadId: 'u2', records: [anEnterprise(1, { pctApplications: 2 })] },
        { period: '2024Q1', uploadId: 'u1', records: [anEnterprise(1, { pctApplications: 3 })] },
      ],
    });

    expect(entries.map((entry) => [entry.record.uscc, entry.record.pctApplications, entry.period])).toEqual([
      [uscc(1), 5, '2024Q2'],
    ]);
  });

  it('rank the same whatever order the cities come in', () => {
    const cities = ['110101', '220202', '330303'].map((city, n) => ({
      city,
      entries: cityEnterpriseEntries(
        oneCity([anEnterprise(n, { pctApplications: n + 1 }), anEnterprise(9)], city),
      ),
    }));

    expect(rankEnterprises([...cities].reverse())).toEqual(rankEnterprises(cities));
  });
});
