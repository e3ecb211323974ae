/** Wording and numbers as the charts show them (pure: the web portal imports this too). */

const QUARTER_WORDS = ['一', '二', '三', '四'] as const;

/** `2024Q3` → `2024年第三季度`, `2024` → `2024年`; anything else unchanged. */
export function periodLabel(period: string): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年第${QUARTER_WORDS[Number(quarter[2]) - 1]}季度`;
  if (/^\d{4}$/.test(period)) return `${period}年`;
  return period;
}

/** `12345.678` → `12,345.68` (万元), `1234` → `1,234` (counts). */
export function formatNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Two decimals for 万元 amounts, whole numbers for counts, one decimal for percentages. */
export function decimalsForUnit(unit: string): number {
  if (unit === '万元') return 2;
  if (unit === '%') return 1;
  return 0;
}

/** The same quarter one year earlier: `2024Q3` → `2023Q3`. */
export function sameQuarterLastYear(period: string): string | undefined {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  return quarter ? `${Number(quarter[1]) - 1}Q${quarter[2]}` : undefined;
}
