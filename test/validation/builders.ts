/** Typed builders of parsed uploads and validation contexts for the validation tests. */
import { findIndicator } from '#shared/catalogue/indicators.ts';
import { type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import type {
  AgencyRecord,
  BasicInfo,
  CaseRecord,
  EnterpriseRecord,
  PortfolioRecord,
  SheetRecordMap,
} from '#shared/domain/records.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { PeriodLock } from '#shared/domain/submission.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import type { CellRef, ParsedRow, ParsedSheet, ParsedUpload } from '#shared/parsing/types.ts';
import type { ValidationContext } from '#shared/validation/contract.ts';

/** A complete, consistent 核心指标 of one quarter (parts within wholes, counts beside amounts). */
export const CLEAN_CORE: Readonly<Record<string, number>> = {
  A01: 3,
  A02: 6,
  A03: 18,
  A05: 120,
  A06: 52000,
  B01: 1000,
  B02: 400,
  B03: 600,
  B04: 150,
  B05: 40,
  B06: 21000,
  B08: 3000,
  B09: 2500,
  B10: 30,
  B11: 12,
  C01: 70,
  C02: 800,
  C03: 12,
  C04: 800,
  D01: 3000,
  D02: 20,
  D03: 5,
  D04: 1500,
  D05: 0,
  D06: 50000,
  E01: 10000,
  E02: 6000,
  E03: 8000,
  E04: 8.5,
};

const letter = (index: number) => String.fromCharCode(65 + index);

/** A sheet laid out like the template: header in row `headerRow`, data from the next row. */
export function detailSheet<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  options: { name?: string; headerRow?: number; total?: Record<string, number>; rowsRead?: number } = {},
): ParsedSheet<K> {
  const definition = sheetDefinition(kind);
  const headerRow = options.headerRow ?? 1;
  const columns = Object.fromEntries(
    definition.columns.map((column, index) => [
      column.field,
      { header: column.header, letter: letter(index) },
    ]),
  );
  const cellsOf = (row: number): Record<string, CellRef> =>
    Object.fromEntries(
      definition.columns.map((column, index) => [
        column.field,
        { row, column: column.header, cell: `${letter(index)}${row}` },
      ]),
    );
  const rows: ParsedRow<K>[] = records.map((record, index) => {
    const row = headerRow + 1 + index;
    return { row, record, cells: cellsOf(row) };
  });
  const totalRow = headerRow + 1 + records.length;
  return {
    kind,
    name: options.name ?? definition.name,
    headerRow,
    columns,
    rows,
    rowsRead: options.rowsRead ?? records.length,
    ...(options.total ? { total: { row: totalRow, values: options.total, cells: cellsOf(totalRow) } } : {}),
  };
}

/** 核心指标 with one row per code, in the given order; `undefined` leaves the value empty. */
export function coreSheet(
  values: Readonly<Record<string, number | undefined>>,
  options: { rowsRead?: number } = {},
): ParsedSheet<'core'> {
  const records = Object.entries(values).map(([code, value]) => ({
    code,
    ...(value === undefined ? {} : { value }),
  }));
  return detailSheet('core', records, options);
}

/** Row number of an indicator in `coreSheet(values)`. */
export function coreRowOf(values: Readonly<Record<string, unknown>>, code: string): number {
  return Object.keys(values).indexOf(code) + 2;
}

export function parsedUpload(
  sheets: ParsedSheet[],
  options: { info?: BasicInfo; issues?: ValidationIssue[]; fileName?: string; format?: 'xlsx' | 'csv' } = {},
): ParsedUpload {
  return {
    format: options.format ?? 'xlsx',
    fileName: options.fileName ?? FILE_NAME,
    ...(options.info ? { info: infoSheet(options.info) } : {}),
    sheets,
    issues: options.issues ?? [],
  };
}

function infoSheet(values: BasicInfo): NonNullable<ParsedUpload['info']> {
  const order: Array<keyof BasicInfo> = [
    'cityCode',
    'cityName',
    'period',
    'reportingUnit',
    'contactPerson',
    'phone',
    'filledOn',
  ];
  const cells = Object.fromEntries(
    order.map((field, index) => [field, { row: index + 2, column: '内容', cell: `B${index + 2}` }]),
  );
  return { sheet: '基本信息', values, cells };
}

export const FILE_NAME = '深圳2024Q3.xlsx';

/** Shenzhen, 2024Q3, arriving on 2024-10-10 (before the 15-day deadline). */
export function context(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    city: '440300',
    period: '2024Q3',
    fileName: FILE_NAME,
    registry: DEFAULT_REGISTRY,
    receivedAt: new Date('2024-10-10T02:00:00Z'),
    deadlineDays: 15,
    locks: [],
    ...overrides,
  };
}

export function lock(period: string, city: string): PeriodLock {
  return { period, city, lockedAt: '2024-11-01T02:00:00Z', lockedBy: 'analyst', reason: '年度考核' };
}

/** A valid credit code numbered `n` (distinct n give distinct codes). */
export function uscc(n: number): string {
  return completeUscc(`91440300MA${String(n).padStart(7, '0')}`);
}

export function agency(n: number, overrides: Partial<AgencyRecord> = {}): AgencyRecord {
  return { name: `运营机构${n}`, uscc: uscc(n), type: '运营机构', revenueYtd: 500, ...overrides };
}

export function portfolio(n: number, overrides: Partial<PortfolioRecord> = {}): PortfolioRecord {
  return { name: `专利组合${n}`, inventionPatents: 30, pctApplications: 5, ...overrides };
}

export function enterprise(n: number, overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return { name: `企业${n}`, uscc: uscc(1000 + n), validInventionPatents: 10, ...overrides };
}

export function typicalCase(n: number, overrides: Partial<CaseRecord> = {}): CaseRecord {
  return { title: `案例${n}`, category: '质押融资', practice: '银行、评估机构与园区联动', ...overrides };
}

/** A cell-level error as the reader reports it. */
export function readingError(
  sheet: string,
  row: number,
  cell: string,
  code = 'REQUIRED_EMPTY',
): ValidationIssue {
  return {
    severity: 'error',
    code,
    sheet,
    row,
    column: '本年累计主营业务收入（万元）',
    cell,
    message: '必填项为空',
  };
}

export function indicatorName(code: string): string {
  return findIndicator(code)?.name ?? code;
}
