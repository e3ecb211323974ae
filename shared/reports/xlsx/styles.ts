/**
 * Cell styles of the report workbooks. Each style is one shared object: exceljs caches style ids
 * by object identity, so a cell costs one lookup however large the sheet is.
 */
import type ExcelJS from 'exceljs';

/** How a value is shown. Rates and percentages are numbers like 25 (= 25 %) with `%` in the header. */
export type CellKind =
  | 'text'
  /** Long text (practices, reasons, messages): wrapped. */
  | 'longText'
  /** 万元 amounts. */
  | 'amount'
  | 'count'
  /** A count's expected progress or gap (target × k / n): fractional, one decimal. */
  | 'progress'
  /** Percent numbers (rates, attainment, growth), one decimal. */
  | 'percent'
  /** Scores 0–100, one decimal. */
  | 'score'
  /** Two decimals, as computed (the assessment's scores and rates, to be recomputed by hand). */
  | 'decimal'
  /** Ranks, years, row numbers. */
  | 'integer'
  /** Numbers of no fixed unit (a case's outcome). */
  | 'number'
  /** Date and time in China time. */
  | 'dateTime'
  /** A status word coloured by its meaning (达标 green, 滞后 amber, 未达标 red …). */
  | 'status';

export const NUMBER_FORMATS = {
  text: '@',
  amount: '#,##0.00',
  count: '#,##0',
  progress: '#,##0.0',
  percent: '0.0',
  score: '0.0',
  decimal: '0.00',
  integer: '0',
  number: 'General',
  dateTime: 'yyyy-mm-dd hh:mm',
} as const;

type Style = Partial<ExcelJS.Style>;

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

const base: Record<Exclude<CellKind, 'status'>, Style> = {
  text: { numFmt: NUMBER_FORMATS.text, alignment: { vertical: 'top' } },
  longText: { numFmt: NUMBER_FORMATS.text, alignment: { vertical: 'top', wrapText: true } },
  amount: { numFmt: NUMBER_FORMATS.amount, alignment: { vertical: 'top' } },
  count: { numFmt: NUMBER_FORMATS.count, alignment: { vertical: 'top' } },
  progress: { numFmt: NUMBER_FORMATS.progress, alignment: { vertical: 'top' } },
  percent: { numFmt: NUMBER_FORMATS.percent, alignment: { vertical: 'top' } },
  score: { numFmt: NUMBER_FORMATS.score, alignment: { vertical: 'top' } },
  decimal: { numFmt: NUMBER_FORMATS.decimal, alignment: { vertical: 'top' } },
  integer: { numFmt: NUMBER_FORMATS.integer, alignment: { vertical: 'top', horizontal: 'center' } },
  number: { numFmt: NUMBER_FORMATS.number, alignment: { vertical: 'top' } },
  dateTime: { numFmt: NUMBER_FORMATS.dateTime, alignment: { vertical: 'top' } },
};

const boldFont: Partial<ExcelJS.Font> = { bold: true };

/** Bold variants for total and median rows. */
const emphasised = Object.fromEntries(
  Object.entries(base).map(([kind, style]) => [kind, { ...style, font: boldFont, border: { top: thin } }]),
) as Record<Exclude<CellKind, 'status'>, Style>;

/** Status words and their colours (fill, font), as in conditional formatting's presets. */
export const STATUS_COLOURS = {
  green: { fill: 'FFC6EFCE', font: 'FF006100' },
  amber: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  red: { fill: 'FFFFC7CE', font: 'FF9C0006' },
} as const;

export type StatusColour = keyof typeof STATUS_COLOURS;

const STATUS_WORDS: Record<string, StatusColour> = {
  达标: 'green',
  进度正常: 'green',
  按时: 'green',
  滞后: 'amber',
  迟报: 'amber',
  严重滞后: 'red',
  未达标: 'red',
  未报送: 'red',
  仅有被退回的上传: 'red',
  // 绩效评价 (assessment): grades, and the recommendation that follows from them.
  优秀: 'green',
  良好: 'green',
  合格: 'amber',
  不合格: 'red',
  计入: 'green',
  不完整: 'red',
  建议拨付剩余资金: 'green',
  '建议暂缓拨付、限期整改': 'red',
  '无可评价的数据：建议暂缓拨付、限期补报': 'red',
};

export function statusColour(status: string): StatusColour | undefined {
  return STATUS_WORDS[status];
}

const statusStyles = Object.fromEntries(
  Object.entries(STATUS_COLOURS).map(([colour, { fill, font }]) => [
    colour,
    {
      numFmt: NUMBER_FORMATS.text,
      alignment: { vertical: 'top', horizontal: 'center' },
      fill: solid(fill),
      font: { color: { argb: font } },
    } satisfies Style,
  ]),
) as Record<StatusColour, Style>;

const neutralStatus: Style = {
  numFmt: NUMBER_FORMATS.text,
  alignment: { vertical: 'top', horizontal: 'center' },
  font: { color: { argb: 'FF7F7F7F' } },
};

export function cellStyle(kind: CellKind, value: unknown, emphasis = false): Style {
  if (kind === 'status') {
    const colour = typeof value === 'string' ? statusColour(value) : undefined;
    return colour ? statusStyles[colour] : neutralStatus;
  }
  return emphasis ? emphasised[kind] : base[kind];
}

export const TITLE_STYLE: Style = { font: { bold: true, size: 14 } };
export const STAMP_STYLE: Style = { font: { italic: true, size: 10, color: { argb: 'FF595959' } } };
export const HEADING_STYLE: Style = { font: { bold: true, size: 12, color: { argb: 'FF1F4E79' } } };
export const HEADER_STYLE: Style = {
  numFmt: NUMBER_FORMATS.text,
  font: { bold: true },
  fill: solid('FFDDEBF7'),
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { top: thin, bottom: thin, left: thin, right: thin },
};

/** A legend cell filled with a chart series' colour (`RRGGBB`). */
const swatches = new Map<string, Style>();
export function swatchStyle(rgb: string): Style {
  let style = swatches.get(rgb);
  if (!style) {
    style = {
      numFmt: NUMBER_FORMATS.text,
      fill: solid(`FF${rgb}`),
      font: { bold: true, color: { argb: 'FFFFFFFF' } },
      alignment: { horizontal: 'center' },
    };
    swatches.set(rgb, style);
  }
  return style;
}
