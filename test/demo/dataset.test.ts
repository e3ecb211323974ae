import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoDataset, type DemoReport, generateDemoDataset } from '#demo/index.ts';
import { INDICATOR_CODES, INDICATORS, isCountUnit } from '#shared/catalogue/indicators.ts';
import { CASE_CATEGORIES, ENTERPRISE_SIZES } from '#shared/catalogue/sheets.ts';
import { parseQuarter } from '#shared/domain/period.ts';
import type { AgencyRecord, PortfolioRecord } from '#shared/domain/records.ts';
import { DEFAULT_REGISTRY, programmeQuarterNumber, targetFor } from '#shared/domain/registry.ts';
import { usccProblem } from '#shared/domain/uscc.ts';

// Worked out from the catalogue text, not from the generator.
const qualifyingAgencies = (agencies: AgencyRecord[]) =>
  agencies.filter((a) => (a.revenueLastYear ?? 0) >= 1000 || a.revenueYtd >= 1000).length;
const qualifyingPortfolios = (portfolios: PortfolioRecord[]) =>
  portfolios.filter((p) => p.inventionPatents >= 50 && p.pctApplications >= 10).length;
const declared = (report: DemoReport, code: string) =>
  report.content.core.find((r) => r.code === code)?.value;

let dataset: DemoDataset;
let byCity: Map<string, DemoReport[]>;

beforeAll(() => {
  dataset = generateDemoDataset();
  byCity = new Map();
  for (const report of dataset.reports) byCity.set(report.city, [...(byCity.get(report.city) ?? []), report]);
});

describe('demo data set', () => {
  it('covers every registry city but the silent one, for every quarter from 2023Q1 to 2024Q3', () => {
    const silent = dataset.scenarios.find((s) => s.id === 'never-reports')?.city;

    expect(silent).toBe('500112');
    expect(dataset.periods).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3']);
    for (const city of DEFAULT_REGISTRY) {
      const periods = (byCity.get(city.code) ?? []).map((r) => r.period);
      expect(periods).toEqual(city.code === silent ? [] : dataset.periods);
    }
  });

  it('reports every catalogue indicator once per city and quarter', () => {
    for (const report of dataset.reports) {
      expect(report.content.core.map((r) => r.code)).toEqual(INDICATOR_CODES);
    }
  });

  it('keeps counts whole and non-negative, amounts non-negative, and E04 between 5% and 12%', () => {
    for (const report of dataset.reports) {
      for (const record of report.content.core) {
        if (record.value === undefined) continue;
        const definition = INDICATORS.find((i) => i.code === record.code)!;
        expect(record.value, `${report.city} ${report.period} ${record.code}`).toBeGreaterThanOrEqual(0);
        if (isCountUnit(definition.unit)) expect(Number.isInteger(record.value)).toBe(true);
      }
      expect(declared(report, 'E04')).toBeGreaterThanOrEqual(5);
      expect(declared(report, 'E04')).toBeLessThanOrEqual(12);
    }
  });

  it('respects the cross-field rules B02 ≤ B01, B04 ≤ B03, D03 ≤ D02 and E02 ≤ E01', () => {
    for (const report of dataset.reports) {
      const v = (code: string) => declared(report, code)!;
      expect(v('B02')).toBeLessThanOrEqual(v('B01'));
      expect(v('B04')).toBeLessThanOrEqual(v('B03'));
      expect(v('D03')).toBeLessThanOrEqual(v('D02'));
      expect(v('E02')).toBeLessThanOrEqual(v('E01'));
    }
  });

  it('never reports a flow amount with a zero count beside it', () => {
    for (const report of dataset.reports) {
      if (declared(report, 'D01')! > 0) expect(declared(report, 'D02')).toBeGreaterThan(0);
      if (declared(report, 'C04')! > 0) expect(declared(report, 'C03')).toBeGreaterThan(0);
    }
  });

  it('never lets a stock fall from one quarter to the next, declared or derived', () => {
    const stocks = INDICATORS.filter((i) => i.aggregation === 'stock' && !i.derivedFrom).map((i) => i.code);
    for (const reports of byCity.values()) {
      for (let j = 1; j < reports.length; j++) {
        const [before, after] = [reports[j - 1]!, reports[j]!];
        for (const code of stocks)
          expect(declared(after, code), `${after.city} ${after.period} ${code}`).toBeGreaterThanOrEqual(
            declared(before, code)!,
          );
        expect(qualifyingAgencies(after.content.agencies)).toBeGreaterThanOrEqual(
          qualifyingAgencies(before.content.agencies),
        );
        expect(qualifyingPortfolios(after.content.portfolios)).toBeGreaterThanOrEqual(
          qualifyingPortfolios(before.content.portfolios),
        );
      }
    }
  });

  it('stays within a factor of 10 of the previous quarter, so that only scenarios raise outlier warnings', () => {
    for (const reports of byCity.values()) {
      for (let j = 1; j < reports.length; j++) {
        for (const { code } of INDICATORS) {
          const [before, after] = [declared(reports[j - 1]!, code), declared(reports[j]!, code)];
          if (!before || !after) continue;
          expect(after / before, `${reports[j]!.city} ${reports[j]!.period} ${code}`).toBeLessThan(10);
          expect(after / before).toBeGreaterThan(0.1);
        }
      }
    }
  });

  it('declares A04 and B07 as the detail sheets give them, except the declared-mismatch scenario', () => {
    const mismatch = dataset.scenarios.find((s) => s.id === 'declared-mismatch')!;
    let leftEmpty = 0;
    for (const report of dataset.reports) {
      const a04 = declared(report, 'A04');
      const b07 = declared(report, 'B07');
      if (a04 === undefined && b07 === undefined) {
        leftEmpty++;
        continue;
      }
      const isMismatch = report.city === mismatch.city && report.period === mismatch.period;
      expect(a04).toBe(qualifyingAgencies(report.content.agencies) + (isMismatch ? 1 : 0));
      expect(b07).toBe(qualifyingPortfolios(report.content.portfolios));
    }
    expect(leftEmpty).toBeGreaterThan(0);
  });

  it('lists agencies above and below 1000 万元 with last year’s revenue of the same period', () => {
    const agencies = dataset.reports.flatMap((r) => r.content.agencies);
    expect(agencies.some((a) => a.revenueYtd >= 1000 && (a.revenueSamePeriodLastYear ?? 0) > 0)).toBe(true);
    expect(agencies.some((a) => (a.revenueLastYear ?? 0) < 1000 && a.revenueYtd < 1000)).toBe(true);
  });

  it('lists portfolios that qualify and portfolios that miss one of the thresholds', () => {
    const portfolios = dataset.reports.flatMap((r) => r.content.portfolios);
    expect(portfolios.some((p) => p.inventionPatents >= 50 && p.pctApplications >= 10)).toBe(true);
    expect(portfolios.some((p) => p.inventionPatents >= 50 && p.pctApplications < 10)).toBe(true);
    expect(portfolios.some((p) => p.inventionPatents < 50)).toBe(true);
  });

  it('gives each city 20 to 40 key enterprises with valid, unique credit codes of the city', () => {
    for (const report of dataset.reports) {
      const { enterprises } = report.content;
      expect(enterprises.length).toBeGreaterThanOrEqual(20);
      expect(enterprises.length).toBeLessThanOrEqual(40);
      expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(enterprises.length);
      for (const enterprise of enterprises) {
        expect(usccProblem(enterprise.uscc), enterprise.uscc).toBeUndefined();
        expect(enterprise.uscc.slice(2, 8)).toBe(report.city);
        expect(ENTERPRISE_SIZES).toContain(enterprise.size);
        expect(enterprise.name.length).toBeGreaterThan(6);
      }
      for (const agency of report.content.agencies) expect(usccProblem(agency.uscc)).toBeUndefined();
    }
  });

  it('has cities recommend some enterprises, each with a reason', () => {
    const enterprises = dataset.reports.flatMap((r) => r.content.enterprises);
    const recommended = enterprises.filter((e) => e.recommended);
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended.length).toBeLessThan(enterprises.length / 2);
    for (const enterprise of recommended) expect(enterprise.recommendReason).toBeTruthy();
  });

  it('reports 2 to 5 distinct cases per city and quarter, over all 15 categories', () => {
    const categories = new Set<string>();
    for (const report of dataset.reports) {
      const { cases } = report.content;
      expect(cases.length).toBeGreaterThanOrEqual(2);
      expect(cases.length).toBeLessThanOrEqual(5);
      expect(new Set(cases.map((c) => c.title)).size).toBe(cases.length);
      for (const c of cases) categories.add(c.category);
    }
    expect([...categories].sort()).toEqual([...CASE_CATEGORIES].sort());
    const all = dataset.reports.flatMap((r) => r.content.cases);
    expect(all.some((c) => (c.outcomeValue ?? 0) > 0 && c.outcomeUnit)).toBe(true);
    expect(all.some((c) => c.outcomeValue === undefined)).toBe(true);
  });

  it('has some cities meet the 30% pledge-financing growth target in 2024Q3 and some miss it', () => {
    const ytd = (reports: DemoReport[], year: number, upTo: number) =>
      reports
        .filter((r) => parseQuarter(r.period).year === year && parseQuarter(r.period).quarter <= upTo)
        .reduce((sum, r) => sum + declared(r, 'D01')!, 0);
    const growth = [...byCity.values()].map(
      (reports) => (ytd(reports, 2024, 3) / ytd(reports, 2023, 3) - 1) * 100,
    );

    expect(growth.filter((g) => g >= 30).length).toBeGreaterThanOrEqual(3);
    expect(growth.filter((g) => g < 30).length).toBeGreaterThanOrEqual(3);
  });

  it('has cities ahead of, behind and far behind their programme targets in 2024Q3', () => {
    // Ratio of each programme stock to its expected progress (target × k / n), averaged per city.
    const progress = [...byCity.entries()].map(([code, reports]) => {
      const city = DEFAULT_REGISTRY.find((c) => c.code === code)!;
      const last = reports[reports.length - 1]!;
      const k = programmeQuarterNumber(city, parseQuarter(last.period))!;
      const values: Record<string, number> = {
        A02: declared(last, 'A02')!,
        A03: declared(last, 'A03')!,
        A04: qualifyingAgencies(last.content.agencies),
        B07: qualifyingPortfolios(last.content.portfolios),
        C01: declared(last, 'C01')!,
        C02: declared(last, 'C02')!,
      };
      const ratios = Object.entries(values).map(
        ([indicator, value]) => value / ((targetFor(city, indicator)! * k) / city.programmeQuarters),
      );
      return ratios.reduce((a, b) => a + b, 0) / ratios.length;
    });

    expect(progress.filter((p) => p >= 1.1).length).toBeGreaterThanOrEqual(2);
    expect(progress.filter((p) => p >= 0.5 && p < 1).length).toBeGreaterThanOrEqual(1);
    expect(progress.filter((p) => p < 0.5).length).toBe(1);
  });
});
