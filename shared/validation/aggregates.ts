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

type TotalsAdder = (record: object, totals: Float64Array) => void;
const totalsAdders = new Map<DataSheetKind, TotalsAdder>();

/**
 * Adds a record's numbers to the column totals. Generated per sheet kind with one load by name
 * per field: a loop reading `record[field]` is a lookup by computed key for every cell, which
 * on a 100,000-row sheet cost more than all the other aggregates together. Field names come from
 * the catalogue and are quoted as JSON all the same.
 */
function totalsAdder(kind: DataSheetKind, fields: readonly string[]): TotalsAdder {
  let adder = totalsAdders.get(kind);
  if (!adder) {
    const statements = fields.map(
      (field, i) =>
        `const v${i} = record[${JSON.stringify(field)}];\nif (typeof v${i} === 'number') totals[${i}] += v${i};`,
    );
    adder = new Function('record', 'totals', statements.join('\n')) as TotalsAdder;
    totalsAdders.set(kind, adder);
  }
  return adder;
}

/**
 * The aggregates of one sheet, built up one record at a time so that a sheet of 100 000 rows is
 * summed while it is read and never held. Sums run in record order, as `sum` adds a list.
 */
export class SheetAggregator<K extends DataSheetKind = DataSheetKind> {
  private rows = 0;
  private readonly totalFields: readonly string[];
  private readonly totals: Float64Array;
  /** core: the declared value of each indicator (a later row of the same code wins). */
  private readonly indicators: Record<string, number> = {};
  private qualifying = 0;
  private qualifyingRevenueYtd = 0;
  private revenueBase = 0;
  private revenueYtdWithBase = 0;

  private readonly addTotals: TotalsAdder;

  constructor(readonly kind: K) {
    this.totalFields = sheetDefinition(kind).totalFields ?? [];
    this.totals = new Float64Array(this.totalFields.length);
    this.addTotals = totalsAdder(kind, this.totalFields);
  }

  add(record: SheetRecordMap[K]): void {
    this.rows++;
    this.addTotals(record, this.totals);
    switch (this.kind) {
      case 'core': {
        const indicator = record as SheetRecordMap['core'];
        if (indicator.value !== undefined) this.indicators[indicator.code] = indicator.value;
        break;
      }
      case 'agencies': {
        const agency = record as AgencyRecord;
        if (!isQualifyingAgency(agency)) break;
        this.qualifying++;
        this.qualifyingRevenueYtd += agency.revenueYtd;
        if ((agency.revenueSamePeriodLastYear ?? 0) > 0) {
          this.revenueBase += agency.revenueSamePeriodLastYear ?? 0;
          this.revenueYtdWithBase += agency.revenueYtd;
        }
        break;
      }
      case 'portfolios':
        if (isQualifyingPortfolio(record as PortfolioRecord)) this.qualifying++;
        break;
    }
  }

  /** Records added so far that count in A04 (agencies) or B07 (portfolios). */
  get qualifyingCount(): number {
    return this.qualifying;
  }

  /** Column total of `field` so far (fields without a 合计 check: 0), rounded as stored. */
  total(field: string): number {
    const index = this.totalFields.indexOf(field);
    return index < 0 ? 0 : round(this.totals[index] ?? 0, 4);
  }

  finish(): SheetAggregates {
    const aggregates: SheetAggregates = { rows: this.rows };
    if (this.totalFields.length > 0)
      aggregates.totals = Object.fromEntries(this.totalFields.map((field) => [field, this.total(field)]));
    switch (this.kind) {
      case 'core':
        aggregates.indicators = { ...this.indicators };
        break;
      case 'agencies': {
        const base = round(this.revenueBase, 4);
        const ytdWithBase = round(this.revenueYtdWithBase, 4);
        aggregates.agencies = {
          qualifying: this.qualifying,
          qualifyingRevenueYtd: round(this.qualifyingRevenueYtd, 4),
          qualifyingRevenueSamePeriodLastYear: base,
          qualifyingRevenueYtdWithBase: ytdWithBase,
          weightedGrowth: base > 0 ? round((ytdWithBase / base - 1) * 100, 2) : null,
        };
        break;
      }
      case 'portfolios':
        aggregates.portfolios = { qualifying: this.qualifying };
        break;
    }
    return aggregates;
  }
}

export function computeSheetAggregates<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
): SheetAggregates {
  const aggregator = new SheetAggregator(kind);
  for (const record of records) aggregator.add(record);
  return aggregator.finish();
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
