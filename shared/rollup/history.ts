/**
 * A city's current sheets by quarter, and the indicator figures built from them: the quarter's
 * value, YTD, last year's YTD and growth.
 *
 * Missing quarters: a flow's YTD is the sum of the quarters of the year so far that reported the
 * indicator; a stock's or rate's YTD is the value of the latest quarter of the year so far that
 * reported it. In both cases the quarters left out are listed in `missingQuarters`, so a partial
 * YTD is visible as such. A YTD with no reported quarter at all is null.
 */
import { INDICATORS, type IndicatorDefinition } from '../catalogue/indicators.ts';
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { quarterIndex, quarterPeriod, tryParsePeriod } from '../domain/period.ts';
import type { CurrentSheet } from '../domain/submission.ts';
import { growthPercent, sum } from './numbers.ts';
import type { IndicatorFigures } from './types.ts';

type QuarterSheets = Partial<Record<DataSheetKind, CurrentSheet>>;

/** A04, B07: counted from their detail sheets. */
const DERIVED_INDICATORS = INDICATORS.filter((definition) => definition.derivedFrom !== undefined);

export class CityHistory {
  private readonly sheetsByQuarter = new Map<number, QuarterSheets>();
  private readonly valuesByQuarter = new Map<number, ReadonlyMap<string, number>>();

  /** Keeps the sheets up to `lastIndex` (a roll-up never looks past its period). */
  constructor(current: readonly CurrentSheet[], lastIndex: number) {
    for (const sheet of current) {
      const period = tryParsePeriod(sheet.period);
      if (period?.kind !== 'quarter') continue;
      const index = quarterIndex(period);
      if (index > lastIndex) continue;
      const slot = this.sheetsByQuarter.get(index) ?? {};
      const existing = slot[sheet.kind];
      // One current sheet per kind is the store's invariant; should it ever break, the later upload wins.
      if (!existing || sheet.order > existing.order) slot[sheet.kind] = sheet;
      this.sheetsByQuarter.set(index, slot);
    }
    for (const [index, slot] of this.sheetsByQuarter) this.valuesByQuarter.set(index, quarterValues(slot));
  }

  sheet(index: number, kind: DataSheetKind): CurrentSheet | undefined {
    return this.sheetsByQuarter.get(index)?.[kind];
  }

  /** A quarter counts as reported once its 核心指标 sheet is current. */
  reported(index: number): boolean {
    return this.sheet(index, 'core') !== undefined;
  }

  value(code: string, index: number): number | null {
    return this.valuesByQuarter.get(index)?.get(code) ?? null;
  }

  /** Every current sheet kept, in quarter order. */
  sheets(): CurrentSheet[] {
    return [...this.sheetsByQuarter.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, slot]) => Object.values(slot));
  }

  /** The quarters with a current 核心指标 sheet (reported), in no particular order. */
  reportedIndexes(): number[] {
    return [...this.sheetsByQuarter].filter(([, slot]) => slot.core).map(([index]) => index);
  }

  /**
   * Figures of one indicator for the quarter `quarter` of `year`. For a year (`yearly`), the
   * quarter is Q4 and the value is the yearly value (= YTD at Q4).
   */
  figures(definition: IndicatorDefinition, year: number, quarter: number, yearly: boolean): IndicatorFigures {
    const current = this.yearToDate(definition, year, quarter);
    const lastYear = this.yearToDate(definition, year - 1, quarter);
    const missingQuarters = [...lastYear.missing, ...current.missing];
    return {
      value: yearly ? current.value : this.value(definition.code, quarterIndex(quarterPeriod(year, quarter))),
      ytd: current.value,
      lastYearYtd: lastYear.value,
      growth: growthPercent(current.value, lastYear.value),
      ...(missingQuarters.length > 0 ? { missingQuarters } : {}),
    };
  }

  private yearToDate(
    definition: IndicatorDefinition,
    year: number,
    quarter: number,
  ): { value: number | null; missing: string[] } {
    const firstIndex = quarterIndex(quarterPeriod(year, 1));
    const quarterCode = (offset: number) => `${year}Q${offset + 1}`;
    if (definition.aggregation === 'flow') {
      const reported: number[] = [];
      const missing: string[] = [];
      for (let offset = 0; offset < quarter; offset++) {
        const value = this.value(definition.code, firstIndex + offset);
        if (value === null) missing.push(quarterCode(offset));
        else reported.push(value);
      }
      return reported.length === 0 ? { value: null, missing: [] } : { value: sum(reported), missing };
    }
    for (let offset = quarter - 1; offset >= 0; offset--) {
      const value = this.value(definition.code, firstIndex + offset);
      if (value !== null) {
        const missing: string[] = [];
        for (let later = offset + 1; later < quarter; later++) missing.push(quarterCode(later));
        return { value, missing };
      }
    }
    return { value: null, missing: [] };
  }
}

/**
 * The indicator values of one quarter: the declared 核心指标 values, with A04 / B07 taken from
 * the 运营机构 / 高价值专利组合 sheet when one is current for the same quarter.
 */
function quarterValues(slot: QuarterSheets): Map<string, number> {
  const values = new Map<string, number>();
  for (const [code, value] of Object.entries(slot.core?.aggregates.indicators ?? {})) {
    if (Number.isFinite(value)) values.set(code, value);
  }
  for (const definition of DERIVED_INDICATORS) {
    const derived =
      definition.derivedFrom === 'agencies'
        ? slot.agencies?.aggregates.agencies?.qualifying
        : slot.portfolios?.aggregates.portfolios?.qualifying;
    if (derived !== undefined) values.set(definition.code, derived);
  }
  return values;
}
