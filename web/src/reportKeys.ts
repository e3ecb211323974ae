/** The published reports' keys (../shared/spec/reports.md): the portal asks for them by name. */
export type ReportFormat = 'xlsx' | 'json';

export const reportKeys = {
  national: (period: string, format: ReportFormat) =>
    `reports/national/${period}/national-summary-${period}.${format}`,
  city: (city: string, period: string, format: ReportFormat) =>
    `reports/cities/${city}/${period}/city-summary-${city}-${period}.${format}`,
  province: (province: string, period: string, format: ReportFormat) =>
    `reports/provinces/${province}/${period}/province-summary-${province}-${period}.${format}`,
};

export function fileName(key: string): string {
  return key.split('/').at(-1) ?? key;
}

/** GB/T 2260: a city's province is its first two digits followed by 0000. */
export function provinceOf(city: string): string {
  return `${city.slice(0, 2)}0000`;
}
