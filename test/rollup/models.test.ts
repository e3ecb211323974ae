import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#shared/domain/records.ts';
import {
  type CityCases,
  cityCaseCandidates,
  MODELS_PER_CATEGORY,
  MODELS_PER_CITY,
  rankTypicalModels,
  selectTypicalModels,
} from '#shared/rollup/models.ts';
import { aCase } from './builders.ts';

const cityCases = (city: string, records: CaseRecord[], period = '2024Q2'): CityCases => ({
  city,
  cityName: `城市${city}`,
  sheets: [{ period, uploadId: `${city}-${period}`, records }],
});

describe('selectTypicalModels', () => {
  it(`selects at most ${MODELS_PER_CATEGORY} cases of one category`, () => {
    // Five cities each recommend one 质押融资 case with 100 … 500 万元: the three largest win.
    const cities = [1, 2, 3, 4, 5].map((n) =>
      cityCases(`11010${n}`, [
        aCase(`案例${n}`, '质押融资', { recommended: true, outcomeValue: n * 100, outcomeUnit: '万元' }),
      ]),
    );
    expect(selectTypicalModels(cities).map((m) => m.title)).toEqual(['案例5', '案例4', '案例3']);
  });

  it(`selects at most ${MODELS_PER_CITY} cases of one city over all categories, taking turns by category`, () => {
    // One city, one recommended case in each of four categories. Round 1 visits the categories in
    // catalogue order (专利导航, 贯标, 质押融资, 知识产权保险) and the city is full after two.
    const city = cityCases('110101', [
      aCase('保险', '知识产权保险', { recommended: true }),
      aCase('质押', '质押融资', { recommended: true }),
      aCase('贯标', '贯标', { recommended: true }),
      aCase('导航', '专利导航', { recommended: true }),
    ]);
    expect(selectTypicalModels([city]).map((m) => m.category)).toEqual(['专利导航', '贯标']);
  });

  it("gives a full city's place in a category to the next city's case", () => {
    // 甲 has the two best 专利导航 cases and the best 贯标 case; 乙 has one case in each.
    // Round 1: 导航 甲1, 贯标 甲3 (甲 full); round 2: 导航 甲2 skipped → 乙导航; 贯标 → 乙贯标.
    const selected = selectTypicalModels([
      cityCases('110101', [
        aCase('甲1', '专利导航', { recommended: true, outcomeValue: 9, outcomeUnit: '项' }),
        aCase('甲2', '专利导航', { recommended: true, outcomeValue: 8, outcomeUnit: '项' }),
        aCase('甲3', '贯标', { recommended: true }),
      ]),
      cityCases('220101', [
        aCase('乙导航', '专利导航', { recommended: true, outcomeValue: 1, outcomeUnit: '项' }),
        aCase('乙贯标', '贯标', { outcomeValue: 1, outcomeUnit: '家' }),
      ]),
    ]);
    expect(selected.map((m) => [m.category, m.title])).toEqual([
      ['专利导航', '甲1'],
      ['专利导航', '乙导航'],
      ['贯标', '甲3'],
      ['贯标', '乙贯标'],
    ]);
  });

  it('takes only recommended cases or cases with a positive outcome', () => {
    const selected = selectTypicalModels([
      cityCases('110101', [
        aCase('无推荐无成效', '贯标'),
        aCase('成效为零', '贯标', { outcomeValue: 0, outcomeUnit: '家' }),
        aCase('有成效', '贯标', { outcomeValue: 3, outcomeUnit: '家' }),
      ]),
    ]);
    expect(selected.map((m) => m.title)).toEqual(['有成效']);
  });

  it('orders recommended before unrecommended, and cases with an outcome before those without', () => {
    const selected = selectTypicalModels([
      cityCases('110101', [aCase('未推荐大成效', '质押融资', { outcomeValue: 9999, outcomeUnit: '万元' })]),
      cityCases('220101', [aCase('推荐无成效', '质押融资', { recommended: true })]),
      cityCases('330101', [
        aCase('推荐小成效', '质押融资', { recommended: true, outcomeValue: 1, outcomeUnit: '万元' }),
      ]),
    ]);
    expect(selected.map((m) => m.title)).toEqual(['推荐小成效', '推荐无成效', '未推荐大成效']);
  });

  it('compares outcome values only among cases with the same unit', () => {
    // 5000 万元 is the top of its unit, as is 3 个: both rank 1 and go by name (乙 < 甲 by code point);
    // 100 万元 is below 5000 万元.
    const selected = selectTypicalModels([
      cityCases('110101', [aCase('甲案例', '运营基金', { outcomeValue: 3, outcomeUnit: '个' })]),
      cityCases('220101', [aCase('乙案例', '运营基金', { outcomeValue: 5000, outcomeUnit: '万元' })]),
      cityCases('330101', [aCase('丙案例', '运营基金', { outcomeValue: 100, outcomeUnit: '万元' })]),
    ]);
    expect(selected.map((m) => m.title)).toEqual(['乙案例', '甲案例', '丙案例']);
  });

  it('counts a case reported in several quarters of a year once, as last reported', () => {
    const selected = selectTypicalModels([
      {
        city: '110101',
        cityName: '甲市',
        sheets: [
          {
            period: '2024Q3',
            uploadId: 'u3',
            records: [aCase('同名案例', '贯标', { outcomeValue: 30, outcomeUnit: '家' })],
          },
          {
            period: '2024Q1',
            uploadId: 'u1',
            records: [aCase('同名案例', '贯标', { outcomeValue: 10, outcomeUnit: '家' })],
          },
        ],
      },
    ]);
    expect(selected).toHaveLength(1);
    expect(selected[0]).toMatchObject({
      outcomeValue: 30,
      reason: '有量化成效；成效 30家；在「贯标」类 1 个候选案例中排第 1',
    });
  });

  it('selects nothing without candidates', () => {
    expect(selectTypicalModels([cityCases('110101', [])])).toEqual([]);
  });
});

describe('cityCaseCandidates and rankTypicalModels', () => {
  it("keep of a city's cases the recommended or quantified ones, each title once as in its latest quarter", () => {
    const candidates = cityCaseCandidates({
      city: '110101',
      cityName: '城市110101',
      sheets: [
        { period: '2024Q2', uploadId: 'u2', records: [aCase('甲', '贯标', { outcomeValue: 3 })] },
        {
          period: '2024Q1',
          uploadId: 'u1',
          records: [aCase('甲', '贯标', { recommended: true }), aCase('乙', '贯标')],
        },
      ],
    });

    expect(candidates.map((candidate) => [candidate.record.title, candidate.hasOutcome])).toEqual([
      ['甲', true],
    ]);
  });

  it('select the same models whatever order the candidates come in', () => {
    const cities = [1, 2, 3, 4].map((n) =>
      cityCases(`11010${n}`, [
        aCase(`案例${n}`, n % 2 ? '质押融资' : '贯标', { outcomeValue: n * 10, outcomeUnit: '万元' }),
      ]),
    );
    const candidates = cities.flatMap(cityCaseCandidates);

    expect(rankTypicalModels([...candidates].reverse())).toEqual(rankTypicalModels(candidates));
  });
});
