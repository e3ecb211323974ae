/** Typed builders for roll-up inputs. */
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import type { CaseRecord, EnterpriseRecord, SheetAggregates } from '#shared/domain/records.ts';
import { type City, parseRegistry } from '#shared/domain/registry.ts';
import type { CurrentSheet, UploadRecord } from '#shared/domain/submission.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import type { CityRollupInput, RollupInput, UploadWarnings } from '#shared/rollup/input.ts';
import { aCurrentSheet, anUploadRecord } from '../support/submissionBuilders.ts';

export function aCity(code: string, name: string, extra: Record<string, unknown> = {}): City {
  const [city] = parseRegistry([{ code, name, province: '测试省', batchYear: 2023, ...extra }]);
  return city as City;
}

/** A current sheet of one upload; `firstAcceptedAt` defaults to the event time. */
export function aSheet(
  city: string,
  period: string,
  kind: DataSheetKind,
  uploadId: string,
  eventTime: string,
  aggregates: Partial<SheetAggregates> = {},
  extra: Partial<CurrentSheet> = {},
): CurrentSheet {
  return aCurrentSheet({
    city,
    period,
    kind,
    uploadId,
    eventTime,
    firstAcceptedAt: eventTime,
    aggregates: { rows: 1, ...aggregates },
    ...extra,
  });
}

export function aCore(
  city: string,
  period: string,
  uploadId: string,
  eventTime: string,
  indicators: Record<string, number>,
  extra: Partial<CurrentSheet> = {},
): CurrentSheet {
  return aSheet(
    city,
    period,
    'core',
    uploadId,
    eventTime,
    { indicators, rows: Object.keys(indicators).length },
    extra,
  );
}

/** An agencies sheet whose qualifying agencies earned `ytdWithBase` against `samePeriodLastYear`. */
export function anAgencies(
  city: string,
  period: string,
  uploadId: string,
  eventTime: string,
  qualifying: number,
  ytdWithBase = 0,
  samePeriodLastYear = 0,
): CurrentSheet {
  return aSheet(city, period, 'agencies', uploadId, eventTime, {
    agencies: {
      qualifying,
      qualifyingRevenueYtd: ytdWithBase,
      qualifyingRevenueSamePeriodLastYear: samePeriodLastYear,
      qualifyingRevenueYtdWithBase: ytdWithBase,
      weightedGrowth: null,
    },
  });
}

export function aPortfolios(
  city: string,
  period: string,
  uploadId: string,
  eventTime: string,
  qualifying: number,
): CurrentSheet {
  return aSheet(city, period, 'portfolios', uploadId, eventTime, { portfolios: { qualifying } });
}

export function anUpload(
  city: string,
  period: string,
  uploadId: string,
  eventTime: string,
  status: UploadRecord['status'],
  acceptedKinds: DataSheetKind[] = status === 'rejected' ? [] : ['core'],
): UploadRecord {
  return anUploadRecord({
    city,
    period,
    uploadId,
    eventTime,
    status,
    acceptedKinds,
    sheets: [
      { kind: 'core', name: '核心指标', status: status === 'rejected' ? 'rejected' : 'accepted', rows: 10 },
    ],
  });
}

/** A credit code with a valid check character, numbered for readable fixtures. */
export function uscc(n: number): string {
  return completeUscc(`91110000000000${String(n).padStart(3, '0')}`);
}

export function anEnterprise(n: number, values: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return { name: `企业${n}`, uscc: uscc(n), ...values };
}

export function aCase(title: string, category: string, values: Partial<CaseRecord> = {}): CaseRecord {
  return { title, category, practice: `${title}的做法`, ...values };
}

export function aWarning(code: string, sheet: string, extra: Partial<ValidationIssue> = {}): ValidationIssue {
  return { severity: 'warning', code, sheet, message: `${code} 的说明`, ...extra };
}

export function aReport(
  period: string,
  uploadId: string,
  warnings: ValidationIssue[],
  extra: Partial<UploadWarnings> = {},
): UploadWarnings {
  return { period, uploadId, warnings, warningCount: warnings.length, truncated: false, ...extra };
}

export function aCityInput(
  city: string,
  parts: Partial<Omit<CityRollupInput, 'city'>> = {},
): CityRollupInput {
  return { city, current: [], uploads: [], enterprises: [], cases: [], reports: [], ...parts };
}

export function anInput(
  period: RollupInput['period'],
  registry: City[],
  cities: CityRollupInput[],
  extra: Partial<RollupInput> = {},
): RollupInput {
  return {
    period,
    generatedAt: '2024-07-31T00:00:00.000Z',
    deadlineDays: 15,
    registry,
    cities,
    locks: [],
    ...extra,
  };
}

/**
 * Indicator values by quarter from a whitespace-separated table whose first row names the
 * indicators and first column the quarters; `-` leaves a value out (not reported).
 */
export function indicatorTable(text: string): Map<string, Record<string, number>> {
  const [header = [], ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const codes = header.slice(1);
  return new Map(
    rows.map(([period = '', ...cells]) => [
      period,
      Object.fromEntries(
        cells.flatMap((cell, i) => (cell === '-' ? [] : [[codes[i] as string, Number(cell)] as const])),
      ),
    ]),
  );
}

/** The 核心指标 sheets of a table, one upload per quarter: `uploads` maps quarter → [uploadId, eventTime]. */
export function coresFromTable(
  city: string,
  table: Map<string, Record<string, number>>,
  uploads: Record<string, [string, string]>,
): CurrentSheet[] {
  return [...table].map(([period, indicators]) => {
    const [uploadId, eventTime] = uploads[period] ?? [`${city}-${period}`, '2024-01-01T00:00:00.000Z'];
    return aCore(city, period, uploadId, eventTime, indicators);
  });
}
