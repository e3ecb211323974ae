/** Arithmetic shared by the roll-up: rounding, sums in a fixed order, medians, growth. */

/** Rounds half away from zero to `decimals` places. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

/** Amounts carry at most 4 decimals (万元); sums are rounded back to drop binary noise. */
export function roundAmount(value: number): number {
  return round(value, 4);
}

/** Sum in the given order (callers pass a sorted list so the float result never depends on input order). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return roundAmount(total);
}

/** Median; the mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : roundAmount(((sorted[middle - 1] as number) + upper) / 2);
}

/**
 * Year-on-year growth in percent, 2 decimals. Null when either side is missing or the base is not
 * positive: a zero base has no growth, and a negative base (only possible for rates) would flip
 * the sign of the result.
 */
export function growthPercent(value: number | null, base: number | null): number | null {
  if (value === null || base === null || !(base > 0)) return null;
  const growth = round((value / base - 1) * 100, 2);
  return Number.isFinite(growth) ? growth : null;
}

/** Numbers in report text: at most 2 decimals, no trailing zeros, no thousands separators. */
export function formatNumber(value: number): string {
  return String(round(value, 2));
}

/** Plain code-point comparison: the same order on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups items by key, keeping the items' order within each group. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
