/**
 * What the parser derives once from the catalogue: header spellings per sheet kind, sheet-name
 * and CSV file-name recognition, and the indicator name table of 核心指标.
 */
import { INDICATORS, type IndicatorDefinition } from '../catalogue/indicators.ts';
import {
  type ColumnDefinition,
  DATA_SHEET_KINDS,
  type DataSheetKind,
  SHEETS,
  type SheetDefinition,
  type SheetKind,
  sheetDefinition,
} from '../catalogue/sheets.ts';
import { compact, headerText } from './normalise.ts';

/** Header and alias text in the form headers are compared in. */
function headerKey(text: string): string {
  return compact(text)
    .replace(/^\*+|\*+$/g, '')
    .toUpperCase();
}

export interface SheetSchema {
  definition: SheetDefinition;
  /** Header key → column, for the header and every alias. */
  columnsByHeader: ReadonlyMap<string, ColumnDefinition>;
}

function buildSchema(kind: DataSheetKind): SheetSchema {
  const definition = sheetDefinition(kind);
  const columnsByHeader = new Map<string, ColumnDefinition>();
  for (const column of definition.columns) {
    for (const text of [column.header, ...(column.aliases ?? [])]) {
      const key = headerKey(text);
      // A column's own header wins over another column's alias of the same spelling.
      if (!columnsByHeader.has(key) || text === column.header) columnsByHeader.set(key, column);
    }
  }
  return { definition, columnsByHeader };
}

const schemas = new Map<DataSheetKind, SheetSchema>(
  DATA_SHEET_KINDS.map((kind) => [kind, buildSchema(kind)]),
);

export function sheetSchema(kind: DataSheetKind): SheetSchema {
  const schema = schemas.get(kind);
  if (!schema) throw new Error(`no schema for sheet kind ${kind}`);
  return schema;
}

/** The column a header cell names in `schema`, and the unit written in its brackets. */
export function matchHeader(
  schema: SheetSchema,
  raw: string,
): { column: ColumnDefinition; unit?: string } | undefined {
  const text = headerText(raw);
  const exact = schema.columnsByHeader.get(text.full.toUpperCase());
  if (exact) return { column: exact };
  const column = schema.columnsByHeader.get(text.key.toUpperCase());
  if (!column) return undefined;
  return text.unit === undefined ? { column } : { column, unit: text.unit };
}

// ---------------------------------------------------------------------------------------------
// Sheet names and CSV file names

const SHEET_NAMES = SHEETS.map((sheet) => ({ kind: sheet.kind, key: headerKey(sheet.name) }));

/**
 * The sheet kind a workbook sheet name or CSV file name contains (`核心指标（2024Q3）`,
 * `深圳-运营机构-2024Q3.csv`); `undefined` when none or more than one kind is named.
 */
export function kindFromName(name: string): SheetKind | undefined {
  const key = headerKey(name);
  const kinds = new Set(SHEET_NAMES.filter((sheet) => key.includes(sheet.key)).map((sheet) => sheet.kind));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** The sheet kind an English CSV file name names as a whole word (`agencies.csv`, `sz_core-indicators_2024q3.csv`). */
export function kindFromEnglishName(fileName: string): SheetKind | undefined {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[\s_.]+/g, '-');
  const kinds = new Set<SheetKind>();
  for (const sheet of SHEETS) {
    for (const english of sheet.englishNames) {
      const at = base.indexOf(english);
      if (at < 0) continue;
      const before = base.charAt(at - 1);
      const after = base.charAt(at + english.length);
      if (!/[a-z]/.test(before) && !/[a-z]/.test(after)) kinds.add(sheet.kind);
    }
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** Sheets of the template that carry no data (instructions, drop-down lists): skipped without a warning. */
const AUXILIARY_SHEET_NAMES: ReadonlySet<string> = new Set([
  '说明',
  '填报说明',
  '填表说明',
  '使用说明',
  '指标说明',
  '指标目录',
  '目录',
  '下拉列表',
  '列表',
  '字典',
  '代码表',
  '选项',
]);

export function isAuxiliarySheetName(name: string): boolean {
  return AUXILIARY_SHEET_NAMES.has(headerKey(name));
}

// ---------------------------------------------------------------------------------------------
// Indicators

/** Indicator names compared without width, spaces, a unit in brackets and a trailing 数/量. */
function indicatorNameKey(text: string): string {
  const { key } = headerText(text);
  return key.toUpperCase().replace(/[数量]$/, '');
}

function buildIndicatorNames(): ReadonlyMap<string, IndicatorDefinition> {
  const byKey = new Map<string, IndicatorDefinition>();
  const ambiguous = new Set<string>();
  for (const indicator of INDICATORS) {
    for (const name of [indicator.name, ...(indicator.aliases ?? [])]) {
      const key = indicatorNameKey(name);
      const existing = byKey.get(key);
      if (existing && existing.code !== indicator.code) ambiguous.add(key);
      else byKey.set(key, indicator);
    }
  }
  // A spelling two indicators share identifies neither.
  for (const key of ambiguous) byKey.delete(key);
  return byKey;
}

const indicatorsByName = buildIndicatorNames();

export function indicatorByName(text: string): IndicatorDefinition | undefined {
  return indicatorsByName.get(indicatorNameKey(text));
}
