/** Axis ticks at 1, 2 or 5 × 10ⁿ and their labels, shared by the bar and line charts. */

export interface Axis {
  min: number;
  max: number;
  ticks: number[];
  /** Decimals the tick labels need to tell the ticks apart. */
  decimals: number;
}

/** Ticks covering [min, max] with about `count` steps; a flat or empty range still gets an axis. */
export function niceAxis(min: number, max: number, count = 5): Axis {
  let low = Math.min(min, 0);
  let high = Math.max(max, 0);
  if (high - low <= 0) high = low + 1;
  const step = niceStep((high - low) / count);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(roundTo(tick, 10));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return { min: low, max: high, ticks, decimals };
}

function niceStep(rough: number): number {
  const exponent = Math.floor(Math.log10(rough));
  const fraction = rough / 10 ** exponent;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** `1234567.8` → `1,234,567.8`; digits and ASCII only, so the bitmap font can draw it. */
export function formatNumber(value: number, decimals: number): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(value.toFixed(decimals)) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}
