/** Normalised records, one per data row of an accepted sheet. Money is in 万元. */
import type { DataSheetKind } from '../catalogue/sheets.ts';

export interface CoreIndicatorRecord {
  code: string;
  /** Absent when the row was left empty for a derived indicator (A04, B07). */
  value?: number;
  note?: string;
}

export interface AgencyRecord {
  name: string;
  uscc: string;
  type?: string;
  revenueYtd: number;
  revenueSamePeriodLastYear?: number;
  revenueLastYear?: number;
}

export interface PortfolioRecord {
  name: string;
  industry?: string;
  leadUnit?: string;
  leadUscc?: string;
  inventionPatents: number;
  pctApplications: number;
  /** ISO date `YYYY-MM-DD`. */
  formedOn?: string;
}

export interface EnterpriseRecord {
  name: string;
  uscc: string;
  industry?: string;
  size?: string;
  validInventionPatents?: number;
  inventionGrants?: number;
  pctApplications?: number;
  madridRegistrations?: number;
  licensingIncome?: number;
  pledgeFinancing?: number;
  insuranceCoverage?: number;
  certified?: boolean;
  underCustody?: boolean;
  recommended?: boolean;
  recommendReason?: string;
}

export interface CaseRecord {
  title: string;
  category: string;
  subject?: string;
  practice: string;
  outcomeMetric?: string;
  outcomeValue?: number;
  outcomeUnit?: string;
  recommended?: boolean;
}

export interface SheetRecordMap {
  core: CoreIndicatorRecord;
  agencies: AgencyRecord;
  portfolios: PortfolioRecord;
  enterprises: EnterpriseRecord;
  cases: CaseRecord;
}

export type AnyRecord = SheetRecordMap[DataSheetKind];

/** 基本信息 as read from the workbook (every field optional). */
export interface BasicInfo {
  cityCode?: string;
  cityName?: string;
  period?: string;
  reportingUnit?: string;
  contactPerson?: string;
  phone?: string;
  filledOn?: string;
}

/**
 * What ingest stores beside the current pointer of a sheet so that roll-ups read aggregates
 * instead of rows. Switching the current upload switches these with it.
 */
export interface SheetAggregates {
  /** Number of records stored. */
  rows: number;
  /** core: declared indicator values by code (only the indicators that were reported). */
  indicators?: Record<string, number>;
  /** agencies: agencies counted in A04 and their revenue (for the agency growth test). */
  agencies?: {
    qualifying: number;
    qualifyingRevenueYtd: number;
    /** Sum of 上年同期 revenue over qualifying agencies that report it. */
    qualifyingRevenueSamePeriodLastYear: number;
    /** Sum of 本年累计 revenue over the same agencies (those with a 上年同期 value > 0). */
    qualifyingRevenueYtdWithBase: number;
    /** Revenue-weighted growth of qualifying agencies, percent; null without a base. */
    weightedGrowth: number | null;
  };
  /** portfolios: portfolios counted in B07. */
  portfolios?: { qualifying: number };
  /** Column totals of numeric detail fields. */
  totals?: Record<string, number>;
}
