/** 基本信息 must name the city and period of the upload path. */
import type { BasicInfo } from '../domain/records.ts';
import { findCity } from '../domain/registry.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsedUpload } from '../parsing/types.ts';
import type { ValidationContext } from './contract.ts';
import { type IssueLocation, validationIssue } from './issues.ts';

export function basicInfoIssues(
  info: ParsedUpload['info'],
  ctx: Pick<ValidationContext, 'city' | 'period' | 'registry'>,
): ValidationIssue[] {
  if (!info) return [];
  const at = (field: keyof BasicInfo, value: string): IssueLocation => {
    const ref = info.cells[field];
    return { sheet: info.sheet, ...(ref ? { row: ref.row, column: ref.column, cell: ref.cell } : {}), value };
  };
  const issues: ValidationIssue[] = [];
  const { cityCode, period, cityName } = info.values;

  if (present(cityCode) && compact(cityCode) !== ctx.city) {
    issues.push(
      validationIssue('INFO_CITY_MISMATCH', at('cityCode', cityCode), {
        declared: cityCode.trim(),
        city: ctx.city,
      }),
    );
  }
  if (present(period) && readInfoPeriod(period) !== ctx.period.trim().toUpperCase()) {
    issues.push(
      validationIssue('INFO_PERIOD_MISMATCH', at('period', period), {
        declared: period.trim(),
        period: ctx.period,
      }),
    );
  }
  const city = findCity(ctx.registry, ctx.city);
  if (present(cityName) && city && !sameCityName(cityName, city.name)) {
    issues.push(
      validationIssue('INFO_CITY_NAME_MISMATCH', at('cityName', cityName), {
        declared: cityName.trim(),
        name: city.name,
      }),
    );
  }
  return issues;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

const CHINESE_QUARTERS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' };

/**
 * The quarter code of a 报告期 as people write it: `2024Q3`, `2024-Q3`, `2024年第三季度`,
 * `2024年3季度`; undefined when it is not recognisably a quarter.
 */
export function readInfoPeriod(text: string): string | undefined {
  const value = compact(text).toUpperCase();
  const match =
    /^(\d{4})[-/.]?Q([1-4])$/.exec(value) ?? /^(\d{4})年?(?:第)?([1-4一二三四])季度?$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return `${match[1]}Q${CHINESE_QUARTERS[match[2]] ?? match[2]}`;
}

/** `深圳` matches `深圳市`; `滨海新区` matches `天津市滨海新区`. */
export function sameCityName(declared: string, registered: string): boolean {
  const a = compact(declared).replace(/[市区县]$/, '');
  const b = compact(registered).replace(/[市区县]$/, '');
  return a !== '' && (a.includes(b) || b.includes(a));
}
