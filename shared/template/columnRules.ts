/**
 * What the template tells and checks for each kind of column: the rule in plain Chinese, the
 * Excel data validation, the number format. Driven by the column types of the sheet layout and
 * the units of the indicator catalogue.
 */
import type { DataValidation } from 'exceljs';
import type { IndicatorDefinition, IndicatorUnit } from '../catalogue/indicators.ts';
import { type ColumnDefinition, templateHeader } from '../catalogue/sheets.ts';
import { DATE_BOUNDS, RATE_RANGE } from '../catalogue/valueRanges.ts';

export const NUMBER_FORMATS = {
  count: '#,##0',
  amount: '#,##0.00',
  rate: '0.00',
  date: 'yyyy-mm-dd',
  text: '@',
} as const;

/** Excel's limits on the texts of a data validation. */
export const VALIDATION_TEXT_LIMITS = { promptTitle: 32, prompt: 255, errorTitle: 32, error: 225 } as const;

type Check = Omit<
  DataValidation,
  'showInputMessage' | 'showErrorMessage' | 'promptTitle' | 'prompt' | 'errorTitle'
> & { error: string };

const wholeAtLeastZero: Check = {
  type: 'whole',
  operator: 'greaterThanOrEqual',
  formulae: [0],
  allowBlank: true,
  error: '请填写不小于 0 的整数',
};
const decimalAtLeastZero: Check = {
  type: 'decimal',
  operator: 'greaterThanOrEqual',
  formulae: [0],
  allowBlank: true,
  error: '请填写不小于 0 的数值（万元）',
};
const rate: Check = {
  type: 'decimal',
  operator: 'between',
  formulae: [RATE_RANGE.min, RATE_RANGE.max],
  allowBlank: true,
  error: `请填写 ${RATE_RANGE.min} 到 ${RATE_RANGE.max} 之间的百分数（25 表示 25%）`,
};
const list = (values: readonly string[]): Check => ({
  type: 'list',
  formulae: [`"${values.join(',')}"`],
  allowBlank: true,
  error: `请从下拉列表中选择：${values.join('、')}`,
});

/** The check of an indicator's 本期值 by its unit. */
function unitCheck(unit: IndicatorUnit): Check {
  if (unit === '%') return rate;
  if (unit === '万元') return decimalAtLeastZero;
  return wholeAtLeastZero;
}

export function unitNumberFormat(unit: IndicatorUnit): string {
  if (unit === '%') return NUMBER_FORMATS.rate;
  if (unit === '万元') return NUMBER_FORMATS.amount;
  return NUMBER_FORMATS.count;
}

const AGGREGATION_RULES = {
  flow: '流量指标，填本季度发生额（不是年初至今累计）',
  stock: '存量指标，填季度末累计值',
  rate: '比率指标，填百分数（25 表示 25%）',
} as const;

/** The rule of one 核心指标 row, in plain Chinese. */
export function indicatorRule(indicator: IndicatorDefinition): string {
  const parts = [`单位：${indicator.unit}`, AGGREGATION_RULES[indicator.aggregation]];
  if (indicator.derivedFrom) parts.push('可不填，由明细表计算');
  return parts.join('；');
}

/** The header as printed: `本年累计主营业务收入（万元）*` (required columns end with `*`). */
export function templateHeaderCell(column: ColumnDefinition): string {
  return `${templateHeader(column)}${column.required ? '*' : ''}`;
}

/** The rule of a column, in plain Chinese (填报说明 and the input prompt). */
export function columnRule(column: ColumnDefinition): string {
  const rule = TYPE_RULES[column.type](column);
  return column.prompt ? `${rule}。${column.prompt}` : rule;
}

const TYPE_RULES: Record<ColumnDefinition['type'], (column: ColumnDefinition) => string> = {
  text: () => '文本',
  indicatorCode: () => '指标代码（如 A01），与指标名称一致',
  indicatorName: () => '指标名称，与指标目录一致',
  unit: () => '单位；金额可写 元、万元、亿元，系统统一换算为万元',
  indicatorValue: () => '数值，按本行指标的单位填写',
  count: () => '不小于 0 的整数',
  amount: (column) => `金额（${column.unit ?? '万元'}），不小于 0`,
  number: () => '数值',
  uscc: () => '18 位统一社会信用代码（数字和大写字母）',
  date: () => '日期，如 2024-07-01',
  boolean: () => '是 / 否',
  enum: (column) => `从下拉列表选择：${(column.values ?? []).join('、')}`,
};

/** The Excel check of a column's cells; undefined for free text. */
export function columnCheck(column: ColumnDefinition): Check | undefined {
  switch (column.type) {
    case 'count':
      return wholeAtLeastZero;
    case 'amount':
      return decimalAtLeastZero;
    case 'number':
      return {
        type: 'decimal',
        operator: 'between',
        formulae: [-1e12, 1e12],
        allowBlank: true,
        error: '请填写数值',
      };
    case 'uscc':
      return {
        type: 'textLength',
        operator: 'equal',
        formulae: [18],
        allowBlank: true,
        error: '统一社会信用代码应为 18 位',
      };
    case 'date':
      return {
        type: 'date',
        operator: 'between',
        formulae: [DATE_BOUNDS.from, DATE_BOUNDS.to],
        allowBlank: true,
        error: '请填写日期，如 2024-07-01',
      };
    case 'boolean':
      return list(['是', '否']);
    case 'enum':
      return list(column.values ?? []);
    default:
      return undefined;
  }
}

export function columnNumberFormat(column: ColumnDefinition): string | undefined {
  switch (column.type) {
    case 'count':
      return NUMBER_FORMATS.count;
    case 'amount':
      return NUMBER_FORMATS.amount;
    case 'date':
      return NUMBER_FORMATS.date;
    // Credit codes and codes typed as digits must not turn into numbers.
    case 'uscc':
    case 'indicatorCode':
      return NUMBER_FORMATS.text;
    default:
      return undefined;
  }
}

/** A data validation with its input prompt and error message, within Excel's text limits. */
export function withMessages(check: Check, promptTitle: string, prompt: string): DataValidation {
  return {
    ...check,
    showInputMessage: true,
    promptTitle: clip(promptTitle, VALIDATION_TEXT_LIMITS.promptTitle),
    prompt: clip(prompt, VALIDATION_TEXT_LIMITS.prompt),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error: clip(check.error, VALIDATION_TEXT_LIMITS.error),
  };
}

/** A prompt without a check (free text): a validation of type any that only shows the prompt. */
export function promptOnly(promptTitle: string, prompt: string): DataValidation {
  return {
    type: 'any' as DataValidation['type'],
    formulae: [],
    showInputMessage: true,
    promptTitle: clip(promptTitle, VALIDATION_TEXT_LIMITS.promptTitle),
    prompt: clip(prompt, VALIDATION_TEXT_LIMITS.prompt),
  };
}

export function indicatorCheck(indicator: IndicatorDefinition): DataValidation {
  return withMessages(
    unitCheck(indicator.unit),
    `${indicator.code} ${indicator.name}`,
    indicatorRule(indicator),
  );
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
