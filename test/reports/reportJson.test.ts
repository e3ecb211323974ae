import { describe, expect, it } from 'vitest';
import { INDICATOR_CODES } from '#shared/catalogue/indicators.ts';
import { cityReportJson, nationalReportJson, serialiseReportJson } from '#shared/reports/reportJson.ts';
import { aCity, aNationalRollup, anEnterprise, aQualityEntry } from './rollupBuilder.ts';

describe('national report JSON', () => {
  it('has the spec shape: period, times, completeness, national figures by code, cities, enterprises, models, lineage', () => {
    const json = nationalReportJson(aNationalRollup());

    expect(Object.keys(json)).toEqual([
      'period',
      'periodKind',
      'scope',
      'city',
      'provinces',
      'attention',
      'generatedAt',
      'deadline',
      'notDueQuarters',
      'completeness',
      'national',
      'median',
      'targetsMet',
      'cities',
      'typicalEnterprises',
      'typicalModels',
      'dataQuality',
      'nationalTrend',
      'lineage',
    ]);
    expect(json).toMatchObject({
      period: '2024Q3',
      scope: 'national',
      city: null,
      generatedAt: '2024-10-16T02:00:00.000Z',
    });
    expect(json.completeness).toEqual({
      expected: 4,
      reported: 3,
      late: 1,
      onTime: 2,
      notReported: 1,
      rejectedOnly: 0,
      notDue: 0,
      rate: 75,
    });
    expect(Object.keys(json.national)).toEqual(INDICATOR_CODES);
    expect(Object.keys(json.national.D01!).slice(0, 4)).toEqual(['value', 'ytd', 'lastYearYtd', 'growth']);
  });

  it('carries each city with its submission, indicators by code, targets with attainment and status, score and rank', () => {
    const city = aCity('440300', '深圳市', { score: 87.5, rank: 3, submission: 'late' });
    city.indicators.D01 = { value: 1234.5, ytd: 3456.7, lastYearYtd: 2500, growth: 38.27 };

    const json = nationalReportJson(aNationalRollup({ cities: [city] }));

    const [shenzhen] = json.cities;
    expect(shenzhen).toMatchObject({
      code: '440300',
      name: '深圳市',
      submission: 'late',
      score: 87.5,
      rank: 3,
    });
    expect(shenzhen!.indicators.D01).toEqual({
      value: 1234.5,
      ytd: 3456.7,
      lastYearYtd: 2500,
      growth: 38.27,
      missingQuarters: [],
    });
    expect(shenzhen!.targets.A02).toMatchObject({ value: 8, target: 10, attainment: 80, status: '进度正常' });
    expect(Object.keys(shenzhen!.targets)).toEqual([
      'A02',
      'A03',
      'A04',
      'B07',
      'C01',
      'C02',
      'C04',
      'D01',
      'D02',
      'D04',
      'agencyGrowth',
    ]);
    expect('trend' in shenzhen!).toBe(false);
  });

  it('lists typical enterprises and models with the spec fields first', () => {
    const json = nationalReportJson(aNationalRollup());

    expect(Object.keys(json.typicalEnterprises[0]!).slice(0, 6)).toEqual([
      'rank',
      'uscc',
      'name',
      'city',
      'score',
      'highlights',
    ]);
    expect(json.typicalEnterprises[0]).toMatchObject({
      rank: 1,
      uscc: '91440300MA5EXAMPLE',
      city: '440300',
      score: 91.25,
      highlights: ['有效发明专利量 1200件（前2%）', 'PCT申请量 48件（前5%）'],
    });
    expect(Object.keys(json.typicalModels[0]!).slice(0, 4)).toEqual(['category', 'title', 'city', 'reason']);
  });

  it('serialises two renders of the same roll-up to the same bytes, and differs only in generatedAt across runs', () => {
    const first = serialiseReportJson(nationalReportJson(aNationalRollup()));
    const again = serialiseReportJson(nationalReportJson(aNationalRollup()));
    const later = serialiseReportJson(
      nationalReportJson(aNationalRollup({ generatedAt: '2024-10-17T02:00:00.000Z' })),
    );

    expect(again).toBe(first);
    expect(later).not.toBe(first);
    expect(later.replace('2024-10-17T02:00:00.000Z', '2024-10-16T02:00:00.000Z')).toBe(first);
  });

  it('keeps the key order whatever order the roll-up built its maps in', () => {
    const rollup = aNationalRollup();
    const shuffled = aNationalRollup();
    for (const city of shuffled.cities) {
      city.indicators = Object.fromEntries(Object.entries(city.indicators).reverse());
      city.targets = Object.fromEntries(Object.entries(city.targets).reverse());
    }
    shuffled.national = Object.fromEntries(Object.entries(shuffled.national).reverse());

    expect(serialiseReportJson(nationalReportJson(shuffled))).toBe(
      serialiseReportJson(nationalReportJson(rollup)),
    );
  });

  it('counts warnings by code, and the stored summary drops the list but keeps the counts', () => {
    const json = nationalReportJson(
      aNationalRollup({
        dataQuality: [
          aQualityEntry({ code: 'B' }),
          aQualityEntry({ code: 'A' }),
          aQualityEntry({ code: 'B' }),
        ],
      }),
    );

    expect(json.dataQuality.total).toBe(3);
    expect(json.dataQuality.byCode).toEqual({ A: 1, B: 2 });
    expect(Object.keys(json.dataQuality.byCode)).toEqual(['A', 'B']);
    expect(json.dataQuality.entries).toHaveLength(3);
  });
});

describe('city report JSON', () => {
  it('has the national shape narrowed to the city, with its trend, enterprises, warnings and uploads', () => {
    const rollup = aNationalRollup({
      typicalEnterprisesByCity: { '440300': [anEnterprise({ name: '深圳甲公司' })] },
      dataQuality: [aQualityEntry({ city: '440300' }), aQualityEntry({ city: '330100' })],
    });
    rollup.lineage.locks = [
      { period: '2024Q3', city: '440300', lockedAt: '2024-10-20T00:00:00.000Z' },
      { period: '2024Q3', city: '330100', lockedAt: '2024-10-20T00:00:00.000Z' },
    ];

    const json = cityReportJson(rollup, '440300');

    expect(json).toMatchObject({ scope: 'city', city: '440300', period: '2024Q3' });
    expect(json.cities.map((city) => city.code)).toEqual(['440300']);
    expect(json.cities[0]!.trend?.map((point) => point.period)).toEqual(['2024Q1', '2024Q2', '2024Q3']);
    expect(json.typicalEnterprises.map((enterprise) => enterprise.name)).toEqual(['深圳甲公司']);
    expect(json.dataQuality.total).toBe(1);
    expect(json.lineage.uploadIds).toEqual(['20241009T020000Z-440300']);
    expect(json.lineage.locks).toEqual([
      { period: '2024Q3', city: '440300', lockedAt: '2024-10-20T00:00:00.000Z' },
    ]);
    const nationalKeys = Object.keys(nationalReportJson(rollup)).filter((key) => key !== 'provinces');
    expect(Object.keys(json)).toEqual([
      ...nationalKeys.slice(0, nationalKeys.indexOf('typicalEnterprises') + 1),
      'enterprises',
      ...nationalKeys.slice(nationalKeys.indexOf('typicalEnterprises') + 1),
    ]);
  });

  it('carries every enterprise of the city in rank order, marking the typical ones', () => {
    const ranked = Array.from({ length: 6 }, (_, index) =>
      anEnterprise({ rank: index + 1, name: `深圳企业${index + 1}`, uscc: `91440300MA5EX0000${index + 1}` }),
    );
    const rollup = aNationalRollup({
      enterprisesByCity: { '440300': ranked },
      typicalEnterprisesByCity: { '440300': ranked.slice(0, 5) },
    });

    const json = cityReportJson(rollup, '440300');

    expect(json.typicalEnterprises.map((enterprise) => enterprise.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(
      json.enterprises?.map((enterprise) => [enterprise.rank, enterprise.name, enterprise.typical]),
    ).toEqual([
      [1, '深圳企业1', true],
      [2, '深圳企业2', true],
      [3, '深圳企业3', true],
      [4, '深圳企业4', true],
      [5, '深圳企业5', true],
      [6, '深圳企业6', false],
    ]);
    expect(Object.keys(json.enterprises![0]!).slice(0, 6)).toEqual([
      'rank',
      'uscc',
      'name',
      'city',
      'score',
      'highlights',
    ]);
  });

  it("keeps the cities' full enterprise lists out of the national report", () => {
    const rollup = aNationalRollup({
      enterprisesByCity: { '440300': [anEnterprise(), anEnterprise({ rank: 2, name: '深圳未入选公司' })] },
    });

    const json = nationalReportJson(rollup);

    expect('enterprises' in json).toBe(false);
    expect(serialiseReportJson(json)).not.toContain('深圳未入选公司');
  });
});
