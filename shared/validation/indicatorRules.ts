/**
 * Rules on the 核心指标 values: parts against wholes, missing indicators, declared against derived
 * values, amounts against their counts, and the previous quarter.
 */
import { findIndicator, INDICATORS, type IndicatorDefinition } from '../catalogue/indicators.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsedRow, SheetHead } from '../parsing/types.ts';
import type { ValidationContext } from './contract.ts';
import { formatNumber } from './format.ts';
import { validationIssue } from './issues.ts';
import { fieldLocation } from './locate.ts';

interface ReportedIndicator {
  definition: IndicatorDefinition;
  value: number;
  row: ParsedRow<'core'>;
}

/** The first row of each indicator that carries a value, by code. */
export type ReportedIndicators = Map<string, ReportedIndicator>;

/** Adds a 核心指标 row to `reported` when it is the first of its indicator with a value. */
export function addReported(reported: ReportedIndicators, row: ParsedRow<'core'>): void {
  const definition = findIndicator(row.record.code);
  if (!definition || row.record.value === undefined || reported.has(definition.code)) return;
  reported.set(definition.code, { definition, value: row.record.value, row });
}

function valueLocation(core: SheetHead<'core'>, indicator: ReportedIndicator) {
  return fieldLocation(core, indicator.row, 'value', String(indicator.value));
}

/** B02 > B01, B04 > B03, D03 > D02, E02 > E01: a part must not exceed its whole (catalogue `atMost`). */
export function crossFieldIssues(core: SheetHead<'core'>, reported: ReportedIndicators): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const part of reported.values()) {
    const whole = part.definition.atMost ? reported.get(part.definition.atMost) : undefined;
    if (!whole || part.value <= whole.value + 1e-9) continue;
    issues.push(
      validationIssue('INDICATOR_EXCEEDS', valueLocation(core, part), {
        code: part.definition.code,
        name: part.definition.name,
        value: formatNumber(part.value),
        limitCode: whole.definition.code,
        limitName: whole.definition.name,
        limit: formatNumber(whole.value),
      }),
    );
  }
  return issues;
}

/**
 * Indicators of the catalogue without a value, in one issue naming each of them. Derived
 * indicators (A04, B07) may be left out. Skipped unless `complete` (every row kept): rows dropped
 * for cell errors would make their indicators look missing.
 */
export function missingIndicatorIssues(
  core: SheetHead<'core'>,
  reported: ReportedIndicators,
  complete: boolean,
): ValidationIssue[] {
  if (!complete) return [];
  const missing = INDICATORS.filter(
    (definition) => !definition.derivedFrom && !reported.has(definition.code),
  );
  if (missing.length === 0) return [];
  return [
    validationIssue(
      'INDICATORS_MISSING',
      { sheet: core.name, value: missing.map((definition) => definition.code).join(',') },
      { missing: missing.map((definition) => `${definition.code} ${definition.name}`).join('、') },
    ),
  ];
}

/** The qualifying rows of a detail sheet (A04 agencies, B07 portfolios) and the sheet's name. */
export interface DerivedCount {
  sheet: string;
  value: number;
}

/** Detail sheets of this upload that will be accepted, for the derived A04 / B07. */
export interface DerivationSources {
  agencies?: DerivedCount;
  portfolios?: DerivedCount;
}

/** A declared A04 / B07 that differs from the count derived from its detail sheet in the same upload. */
export function derivedMismatchIssues(
  core: SheetHead<'core'>,
  reported: ReportedIndicators,
  sources: DerivationSources,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const declared of reported.values()) {
    const from = declared.definition.derivedFrom;
    const derived = from ? sources[from] : undefined;
    if (!derived || derived.value === declared.value) continue;
    issues.push(
      validationIssue('DERIVED_MISMATCH', valueLocation(core, declared), {
        code: declared.definition.code,
        name: declared.definition.name,
        declared: formatNumber(declared.value),
        derived: formatNumber(derived.value),
        sheet: derived.sheet,
      }),
    );
  }
  return issues;
}

/** A positive flow amount beside a zero count (C04 with C03 = 0, D01 with D02 = 0). */
export function countCompanionIssues(
  core: SheetHead<'core'>,
  reported: ReportedIndicators,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const amount of reported.values()) {
    const count = amount.definition.countCompanion
      ? reported.get(amount.definition.countCompanion)
      : undefined;
    if (!count || !(amount.value > 0) || count.value !== 0) continue;
    issues.push(
      validationIssue('COUNT_COMPANION_ZERO', valueLocation(core, amount), {
        code: amount.definition.code,
        name: amount.definition.name,
        value: formatNumber(amount.value),
        countCode: count.definition.code,
        countName: count.definition.name,
      }),
    );
  }
  return issues;
}

/** OUTLIER_FACTOR× or 1/OUTLIER_FACTOR of the previous quarter is an outlier. */
export const OUTLIER_FACTOR = 10;

/**
 * Against the city's previous accepted quarter: a stock indicator that went down, and a value
 * more than 10× or less than 1/10 of the previous one. Rates are not compared: a growth rate
 * moving from 1% to 12% is ordinary.
 */
export function crossPeriodIssues(
  core: SheetHead<'core'>,
  reported: ReportedIndicators,
  previous: ValidationContext['previous'],
): ValidationIssue[] {
  const previousValues = previous?.sheets.core?.indicators;
  if (!previous || !previousValues) return [];
  const issues: ValidationIssue[] = [];
  for (const current of reported.values()) {
    const { definition, value } = current;
    const before = previousValues[definition.code];
    if (before === undefined || definition.aggregation === 'rate') continue;
    const params = {
      code: definition.code,
      name: definition.name,
      value: formatNumber(value),
      previous: formatNumber(before),
      previousPeriod: previous.period,
    };
    if (definition.aggregation === 'stock' && value < before) {
      issues.push(validationIssue('STOCK_DECREASED', valueLocation(core, current), params));
    }
    if (before > 0 && (value > before * OUTLIER_FACTOR || value < before / OUTLIER_FACTOR)) {
      issues.push(validationIssue('VALUE_OUTLIER', valueLocation(core, current), params));
    }
  }
  return issues;
}
