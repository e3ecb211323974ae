/** How numbers and times appear in validation messages. */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** A number as the city would write it: thousands separators, at most 4 decimals, no float noise. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10_000) / 10_000;
  const [whole = '0', fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** `2024-10-15 23:59` in China time. */
export function formatChinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2024-10-01` in China time. */
export function formatChinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
