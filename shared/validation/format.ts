/** How numbers appear in validation messages (times: `chinaTimeText`, shared/domain/chinaTime.ts). */

/** A number as the city would write it: thousands separators, at most 4 decimals, no float noise. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10_000) / 10_000;
  const [whole = '0', fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
