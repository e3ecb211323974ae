/**
 * The bounds of values, stated once: the readers check cells against them and the template's
 * Excel data validation offers the same ones.
 */

/** A rate (%) in a 本期值 or rate column: 25 means 25 %. */
export const RATE_RANGE = { min: -100, max: 10000 } as const;

/** A date: any day of these years. */
export const DATE_RANGE = { firstYear: 1900, lastYear: 2100 } as const;

/** The first and the last day of `DATE_RANGE`, as UTC instants. */
export const DATE_BOUNDS = {
  from: new Date(Date.UTC(DATE_RANGE.firstYear, 0, 1)),
  to: new Date(Date.UTC(DATE_RANGE.lastYear, 11, 31)),
} as const;
