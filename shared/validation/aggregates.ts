/**
 * The aggregates stored beside a current sheet, so that roll-ups read a few numbers instead of
 * every row. Pure; ingest computes them on acceptance and the roll-up may recompute them.
 */
import { type DataSheetKind, sheetDefinition } from '../catalogue/sheets.ts';
import type { AgencyRecord, PortfolioRecord, SheetAggregates, SheetRecordMap } from '../domain/records.ts';

/** 万元 threshold of 主营业务收入 for an agency to count in A04. */
export const QUALIFYING_AGENCY_REVENUE = 1000;
/** Minimum invention patents and PCT applications for a portfolio to count in B07. */
export const QUALIFYING_PORTFOLIO = { inventionPatents: 50, pctApplications: 10 } as const;

/** A04: 上年度 or 本年累计 主营业务收入 ≥ 1000 万元. */
export function isQualifyingAgency(agency: AgencyRecord): boolean {
  return (
    agency.revenueYtd >= QUALIFYING_AGENCY_REVENUE ||
    (agency.revenueLastYear ?? 0) >= QUALIFYING_AGENCY_REVENUE
  );
}

/** B07: ≥ 50 invention patents and ≥ 10 PCT applications. */
export function isQualifyingPortfolio(portfolio: PortfolioRecord): boolean {
  return (
    portfolio.inventionPatents >= QUALIFYING_PORTFOLIO.inventionPatents &&
    portfolio.pctApplications >= QUALIFYING_PORTFOLIO.pctApplications
  );
}

export function computeSheetAggregates<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
): SheetAggregates {
  const aggregates: SheetAggregates = { rows: records.length };
  const totals = columnTotals(kind, records);
  if (totals) aggregates.totals = totals;
  switch (kind) {
    case 'core':
      aggregates.indicators = declaredIndicators(records as ReadonlyArray<SheetRecordMap['core']>);
      break;
    case 'agencies':
      aggregates.agencies = agencyAggregates(records as ReadonlyArray<AgencyRecord>);
      break;
    case 'portfolios':
      aggregates.portfolios = {
        qualifying: (records as ReadonlyArray<PortfolioRecord>).filter(isQualifyingPortfolio).length,
      };
      break;
  }
  return aggregates;
}

function declaredIndicators(records: ReadonlyArray<SheetRecordMap['core']>): Record<string, number> {
  const indicators: Record<string, number> = {};
  for (const record of records) if (record.value !== undefined) indicators[record.code] = record.value;
  return indicators;
}

function agencyAggregates(records: ReadonlyArray<AgencyRecord>): NonNullable<SheetAggregates['agencies']> {
  const qualifying = records.filter(isQualifyingAgency);
  const withBase = qualifying.filter((agency) => (agency.revenueSamePeriodLastYear ?? 0) > 0);
  const base = sum(withBase.map((agency) => agency.revenueSamePeriodLastYear ?? 0));
  const ytdWithBase = sum(withBase.map((agency) => agency.revenueYtd));
  return {
    qualifying: qualifying.length,
    qualifyingRevenueYtd: sum(qualifying.map((agency) => agency.revenueYtd)),
    qualifyingRevenueSamePeriodLastYear: base,
    qualifyingRevenueYtdWithBase: ytdWithBase,
    weightedGrowth: base > 0 ? round((ytdWithBase / base - 1) * 100, 2) : null,
  };
}

/** Totals of the sheet's numeric columns (those a 合计 row is checked against); empty cells count 0. */
function columnTotals(
  kind: DataSheetKind,
  records: ReadonlyArray<object>,
): Record<string, number> | undefined {
  const fields = sheetDefinition(kind).totalFields;
  if (!fields) return undefined;
  return Object.fromEntries(
    fields.map((field) => [field, sum(records.map((record) => numberField(record, field)))]),
  );
}

export function numberField(record: object, field: string): number {
  const value = (record as Record<string, unknown>)[field];
  return typeof value === 'number' ? value : 0;
}

/** Sums amounts of at most 4 decimals without float noise. */
export function sum(values: readonly number[]): number {
  return round(
    values.reduce((total, value) => total + value, 0),
    4,
  );
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
