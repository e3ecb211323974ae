/**
 * Data quality (数据质量): every warning of every current upload of the period, plus what the
 * roll-up itself notices (an unreadable or cut report, an enterprise reported by several cities).
 */
import { sheetDefinition } from '../catalogue/sheets.ts';
import type { EnterpriseSelection } from './enterprises.ts';
import type { UploadWarnings } from './input.ts';
import { compareText } from './numbers.ts';
import type { DataQualityEntry } from './types.ts';

export const QUALITY_CODES = {
  reportUnavailable: 'ROLLUP_REPORT_UNAVAILABLE',
  reportTruncated: 'ROLLUP_REPORT_TRUNCATED',
  enterpriseInSeveralCities: 'ROLLUP_ENTERPRISE_IN_SEVERAL_CITIES',
} as const;

const REPORT_SHEET = '校验报告';

export function uploadQualityEntries(
  city: { code: string; name: string },
  report: UploadWarnings,
): DataQualityEntry[] {
  const where = { city: city.code, cityName: city.name, period: report.period, uploadId: report.uploadId };
  const entries: DataQualityEntry[] = report.warnings.map((issue) => ({ ...issue, ...where }));
  if (report.unavailable) {
    entries.push({
      severity: 'warning',
      code: QUALITY_CODES.reportUnavailable,
      sheet: REPORT_SHEET,
      message: `${report.unavailable}，该上传的警告无法列出`,
      ...where,
    });
  } else if (report.truncated) {
    entries.push({
      severity: 'warning',
      code: QUALITY_CODES.reportTruncated,
      sheet: REPORT_SHEET,
      message: `校验报告只列出了 ${report.warnings.length} 条警告，该上传共有 ${report.warningCount} 条警告`,
      ...where,
    });
  }
  return entries;
}

export function duplicateEnterpriseEntries(
  duplicates: EnterpriseSelection['duplicates'],
): DataQualityEntry[] {
  const sheet = sheetDefinition('enterprises').name;
  return duplicates.flatMap(({ uscc, name, entries }) => {
    const names = entries.map((entry) => entry.cityName).join('、');
    const countedIn = entries[0]?.cityName ?? '';
    return entries.map((entry) => ({
      severity: 'warning' as const,
      code: QUALITY_CODES.enterpriseInSeveralCities,
      sheet,
      column: '统一社会信用代码',
      value: uscc,
      message: `统一社会信用代码 ${uscc}（${name}）同时由 ${names} 报送，全国典型企业评选只计一次（计入${countedIn}）`,
      city: entry.city,
      cityName: entry.cityName,
      period: entry.period,
      uploadId: entry.uploadId,
    }));
  });
}

/** City, quarter, upload, then sheet, row, cell and code: a fixed order whatever the input order. */
export function sortQualityEntries(entries: DataQualityEntry[]): DataQualityEntry[] {
  return entries.sort(
    (a, b) =>
      compareText(a.city, b.city) ||
      compareText(a.period ?? '', b.period ?? '') ||
      compareText(a.uploadId, b.uploadId) ||
      compareText(a.sheet, b.sheet) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      compareText(a.cell ?? a.column ?? '', b.cell ?? b.column ?? '') ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}
