import { describe, expect, it } from 'vitest';
import { findIndicator, INDICATORS, isCountUnit } from '#shared/catalogue/indicators.ts';
import { SHEETS } from '#shared/catalogue/sheets.ts';

describe('indicator catalogue', () => {
  it('holds the 31 indicators of the specification with unique codes and names', () => {
    expect(INDICATORS).toHaveLength(31);
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(31);
    expect(new Set(INDICATORS.map((i) => i.name)).size).toBe(31);
  });

  it('sets the 2019 notice targets', () => {
    expect(findIndicator('a02')?.target).toEqual({ kind: 'programme', minimum: 10 });
    expect(findIndicator('C02')?.target).toEqual({ kind: 'programme', minimum: 1000 });
    expect(findIndicator('D01')?.target).toEqual({ kind: 'growth', minimumPercent: 30 });
    expect(findIndicator('C04')?.target).toEqual({ kind: 'growth', minimumPercent: 20 });
  });

  it('points every cross-field rule at an indicator of the same unit', () => {
    for (const definition of INDICATORS.filter((i) => i.atMost)) {
      expect(findIndicator(definition.atMost!)?.unit).toBe(definition.unit);
    }
  });

  it('gives every alias to one indicator only', () => {
    const spellings = INDICATORS.flatMap((i) => [i.name, ...(i.aliases ?? [])]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });

  it('treats money and rates as non-count units', () => {
    expect(isCountUnit('件')).toBe(true);
    expect(isCountUnit('万元')).toBe(false);
    expect(isCountUnit('%')).toBe(false);
  });
});

describe('sheet layout', () => {
  it('marks every field used as unique key or total as a column of its sheet', () => {
    for (const sheet of SHEETS) {
      const fields = new Set(sheet.columns.map((c) => c.field));
      if (sheet.uniqueField) expect(fields.has(sheet.uniqueField)).toBe(true);
      for (const field of sheet.totalFields ?? []) expect(fields.has(field)).toBe(true);
    }
  });

  it('gives every enumeration its list of values', () => {
    for (const column of SHEETS.flatMap((s) => s.columns).filter((c) => c.type === 'enum')) {
      expect(column.values?.length).toBeGreaterThan(0);
    }
  });
});
