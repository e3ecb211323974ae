/**
 * Reading one cell by column type. The readers are the hot path (every cell of every row), so
 * plain values take a fast path without regular expressions and nothing is allocated unless a
 * cell is wrong.
 */
import { DATE_BOUNDS, DATE_RANGE, RATE_RANGE } from '../catalogue/valueRanges.ts';
import { type UsccProblem, usccCheckCharacter, usccProblem } from '../domain/uscc.ts';
import type { ParsingIssueCode } from './issues.ts';
import { messages } from './issues.ts';
import { compact, countFactor, isEmptyMarker, isKnownUnit, MONEY_UNITS, PERCENT_UNITS } from './normalise.ts';

/** A cell that holds no usable value: a formula without cached result, or an error value. */
export class CellFault {
  constructor(
    readonly code: 'FORMULA_NO_RESULT' | 'CELL_ERROR_VALUE',
    readonly text: string,
  ) {}
}

/** A cell as the format readers hand it over. CSV gives strings only. */
export type RawCell = string | number | boolean | Date | CellFault | null | undefined;

/** Why a cell could not be read. */
export class CellProblem {
  constructor(
    readonly code: ParsingIssueCode,
    readonly message: string,
  ) {}
}

export type CellValue = string | number | boolean;
/** What a reader returns: a value, `undefined` for an empty cell, or the problem. */
export type ReadResult = CellValue | undefined | CellProblem;
export type CellReader = (raw: RawCell) => ReadResult;

/** The cell as the user wrote it, for issue messages. */
export function rawText(raw: RawCell): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return isoDate(raw);
  if (raw instanceof CellFault) return raw.text;
  return String(raw);
}

export function faultProblem(fault: CellFault): CellProblem {
  return fault.code === 'FORMULA_NO_RESULT'
    ? new CellProblem('FORMULA_NO_RESULT', messages.formulaNoResult())
    : new CellProblem('CELL_ERROR_VALUE', messages.cellErrorValue(fault.text));
}

/** Trimmed text of a cell, `undefined` when empty. Numbers keep their shortest decimal form. */
export function cellText(raw: RawCell): string | undefined {
  if (typeof raw === 'string') {
    const text = raw.trim();
    return text === '' ? undefined : text;
  }
  if (raw === null || raw === undefined || raw instanceof CellFault) return undefined;
  if (typeof raw === 'number') return String(raw);
  if (raw instanceof Date) return isoDate(raw);
  return raw ? 'TRUE' : 'FALSE';
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A number read from text, with the unit written after it (`''` when none). */
export interface NumberText {
  value: number;
  unit: string;
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The value of digits with at most one `.` and an optional leading `-` (`945`, `336.26`, `-.5`),
 * `NaN` for any other text. Read digit by digit: up to 15 digits the digits form an exact integer
 * and one division by an exact power of ten rounds correctly, so this equals `Number(text)`
 * without the generic string-to-number conversion (the most frequent cell of all).
 */
export function plainDecimal(text: string): number {
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  const negative = text.charCodeAt(0) === 45;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (code === 46 && decimals < 0) decimals = 0;
    else return Number.NaN;
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15) return Number(text);
  const value = decimals > 0 ? mantissa / (POWERS_OF_TEN[decimals] as number) : mantissa;
  return negative ? -value : value;
}

const NUMBER_WITH_UNIT = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:E[+-]?\d+)?|\.\d+)(\D*)$/i;

/**
 * Reads `1,234.5`, `１２３`, ` 12 `, `1.5E+3`, `120万元`, `3家`, `12.5%`; `undefined` when the text is not
 * a number. Thousands separators must group by three (`1,5` is not read as 1.5 or 15).
 */
function parseNumberText(text: string): NumberText | undefined {
  const plain = plainDecimal(text);
  if (!Number.isNaN(plain)) return { value: plain, unit: '' };
  const normal = compact(text).replace(/[\u2212\u2012\u2013]/g, '-');
  const match = NUMBER_WITH_UNIT.exec(normal);
  if (!match) return undefined;
  const magnitude = Number((match[2] ?? '').replace(/,/g, ''));
  const unit = match[3] ?? '';
  // Only a unit makes trailing text acceptable (`12件`); `12abc` is not a number.
  if (!Number.isFinite(magnitude) || (unit !== '' && !isKnownUnit(unit))) return undefined;
  return { value: match[1] === '-' ? -magnitude : magnitude, unit };
}

/** The fast path: a finite number cell, or text that is a plain decimal; `NaN` otherwise. */
function plainNumber(raw: RawCell): number {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : Number.NaN;
  if (typeof raw === 'string') return plainDecimal(raw);
  return Number.NaN;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

type MoneyFactor = (typeof MONEY_UNITS)[string];

/** Money in 万元 from a unit's factor (none: already 万元), rounded to 4 decimals (1 元). */
function toWan(value: number, factor: MoneyFactor | undefined): number {
  const wan = factor ? (value * factor.multiply) / factor.divide : value;
  const tenThousandths = wan * 10000;
  return Number.isInteger(tenThousandths) ? wan : Math.round(tenThousandths) / 10000;
}

const INTEGER_TOLERANCE = 1e-9;

/** Counts are whole and not negative; a formula's floating-point noise (2.9999999999) is rounded. */
export function checkCount(value: number): number | CellProblem {
  if (value < 0) return new CellProblem('NUMBER_NEGATIVE', messages.numberNegative());
  const whole = Math.round(value);
  if (Math.abs(value - whole) > INTEGER_TOLERANCE * Math.max(1, Math.abs(value))) {
    return new CellProblem('COUNT_NOT_INTEGER', messages.countNotInteger());
  }
  return whole;
}

export function checkRate(value: number): number | CellProblem {
  if (value < RATE_RANGE.min || value > RATE_RANGE.max)
    return new CellProblem('RATE_OUT_OF_RANGE', messages.rateOutOfRange());
  return roundTo(value, 6);
}

export function checkAmount(value: number, unit: string): number | CellProblem {
  return checkAmountBy(value, MONEY_UNITS[unit]);
}

function checkAmountBy(value: number, factor: MoneyFactor | undefined): number | CellProblem {
  if (value < 0) return new CellProblem('NUMBER_NEGATIVE', messages.numberNegative());
  return toWan(value, factor);
}

/**
 * The number in a cell and its written unit; `undefined` for an empty cell. A number that is
 * not finite, or text that is not a number, is a problem.
 */
export function readNumber(raw: RawCell): NumberText | undefined | CellProblem {
  if (typeof raw === 'number') {
    return Number.isFinite(raw)
      ? { value: raw, unit: '' }
      : new CellProblem('NUMBER_INVALID', messages.numberInvalid(String(raw)));
  }
  if (raw instanceof CellFault) return faultProblem(raw);
  const text = cellText(raw);
  if (text === undefined) return undefined;
  const number = typeof raw === 'string' ? parseNumberText(text) : undefined;
  if (number) return number;
  if (isEmptyMarker(compact(text))) return undefined;
  return new CellProblem('NUMBER_INVALID', messages.numberInvalid(text));
}

function unitProblem(unit: string, expected: string): CellProblem {
  return new CellProblem('UNIT_INVALID', messages.unitInvalid(unit, expected));
}

/** A count column: whole, ≥ 0, any counter word (`3家`), 万 for ten thousand (`1.2万件`). */
export const readCount: CellReader = (raw) => {
  const plain = plainNumber(raw);
  if (!Number.isNaN(plain)) return checkCount(plain);
  const number = readNumber(raw);
  if (number === undefined || number instanceof CellProblem) return number;
  return checkCountIn(number.value, number.unit);
};

/** A count written with `unit` (a counter word, `万`, or none). */
export function checkCountIn(value: number, unit: string): number | CellProblem {
  const factor = countFactor(unit);
  if (factor === undefined) return unitProblem(unit, '件');
  return checkCount(value * factor);
}

/** A money column whose values are written in `columnUnit` (from the header); stored in 万元. */
export function amountReader(columnUnit: string): CellReader {
  // Looked up once per column, not once per cell.
  const columnFactor = MONEY_UNITS[columnUnit];
  return (raw) => {
    const plain = plainNumber(raw);
    if (!Number.isNaN(plain)) return checkAmountBy(plain, columnFactor);
    const number = readNumber(raw);
    if (number === undefined || number instanceof CellProblem) return number;
    if (number.unit === '') return checkAmount(number.value, columnUnit);
    if (!(number.unit in MONEY_UNITS)) return unitProblem(number.unit, '万元');
    return checkAmount(number.value, number.unit);
  };
}

/** A free number (e.g. 成效数值, whose unit is in its own column): no unit suffix accepted. */
export const readPlainNumber: CellReader = (raw) => {
  const plain = plainNumber(raw);
  if (!Number.isNaN(plain)) return plain;
  const number = readNumber(raw);
  if (number === undefined || number instanceof CellProblem) return number;
  if (number.unit !== '') return new CellProblem('NUMBER_INVALID', messages.numberInvalid(rawText(raw)));
  return number.value;
};

/** A rate in percent: `12.5`, `12.5%`. */
export const readRate: CellReader = (raw) => {
  const plain = plainNumber(raw);
  if (!Number.isNaN(plain)) return checkRate(plain);
  const number = readNumber(raw);
  if (number === undefined || number instanceof CellProblem) return number;
  if (number.unit !== '' && !PERCENT_UNITS.has(number.unit)) return unitProblem(number.unit, '%');
  return checkRate(number.value);
};

// ---------------------------------------------------------------------------------------------
// Text, codes, enumerations, booleans

/** Excel's limit for the text of one cell. */
const MAX_CELL_TEXT = 32_767;

export const readText: CellReader = (raw) => {
  if (typeof raw === 'string') {
    // Longer text is no cell's: a stray quote made papaparse read many lines as one field.
    if (raw.length > MAX_CELL_TEXT) return new CellProblem('TEXT_TOO_LONG', messages.textTooLong(raw.length));
    const text = raw.trim();
    return text === '' ? undefined : text;
  }
  if (raw instanceof CellFault) return faultProblem(raw);
  return cellText(raw);
};

const USCC_PROBLEMS: Record<UsccProblem, (code: string) => CellProblem> = {
  length: (code) => new CellProblem('USCC_LENGTH', messages.usccLength(code.length)),
  charset: () => new CellProblem('USCC_CHARSET', messages.usccCharset()),
  checksum: (code) =>
    new CellProblem(
      'USCC_CHECKSUM',
      messages.usccChecksum(code.charAt(17), usccCheckCharacter(code.slice(0, 17))),
    ),
};

/** 统一社会信用代码: trimmed, NFKC, upper-case, then checked (GB 32100-2015). */
export const readUscc: CellReader = (raw) => {
  if (raw instanceof CellFault) return faultProblem(raw);
  const text = cellText(raw);
  if (text === undefined) return undefined;
  // A valid code as written (the usual case) needs no normalising.
  if (usccProblem(text) === undefined) return text;
  if (isEmptyMarker(compact(text))) return undefined;
  const code = text.normalize('NFKC').trim().toUpperCase();
  const problem = usccProblem(code);
  return problem ? USCC_PROBLEMS[problem](code) : code;
};

const BOOLEAN_SPELLINGS: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['y', true],
  ['n', false],
  ['yes', true],
  ['no', false],
  ['√', true],
  ['✓', true],
  ['✔', true],
  ['×', false],
  ['x', false],
  ['✗', false],
  ['✘', false],
  ['1', true],
  ['0', false],
  ['true', true],
  ['false', false],
]);

const YES = '是'.charCodeAt(0);
const NO = '否'.charCodeAt(0);

export const readBoolean: CellReader = (raw) => {
  if (typeof raw === 'boolean') return raw;
  // 是 / 否 as the template's drop-down writes them: most cells of the boolean columns.
  if (typeof raw === 'string' && raw.length === 1) {
    const code = raw.charCodeAt(0);
    if (code === YES) return true;
    if (code === NO) return false;
  }
  if (raw instanceof CellFault) return faultProblem(raw);
  const text = cellText(raw);
  if (text === undefined) return undefined;
  const found = BOOLEAN_SPELLINGS.get(text) ?? BOOLEAN_SPELLINGS.get(compact(text).toLowerCase());
  return found ?? new CellProblem('BOOLEAN_INVALID', messages.booleanInvalid());
};

/** One of `values`, compared without width and space differences; returns the catalogue spelling. */
export function enumReader(values: readonly string[]): CellReader {
  const byKey = new Map(values.map((value) => [compact(value), value]));
  return (raw) => {
    if (raw instanceof CellFault) return faultProblem(raw);
    const text = cellText(raw);
    if (text === undefined) return undefined;
    return (
      byKey.get(text) ??
      byKey.get(compact(text)) ??
      new CellProblem('ENUM_INVALID', messages.enumInvalid(values))
    );
  };
}

// ---------------------------------------------------------------------------------------------
// Dates

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isoFromParts(year: number, month: number, day: number): string | undefined {
  if (year < DATE_RANGE.firstYear || year > DATE_RANGE.lastYear || month < 1 || month > 12 || day < 1)
    return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return isoDate(date);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH_MS = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;

/** An Excel serial day number (the 1900 system, or 1904 when the workbook says so). */
function excelSerialToIso(serial: number, date1904 = false): string | undefined {
  if (!(serial >= 1)) return undefined;
  const ms = (date1904 ? EXCEL_1904_EPOCH_MS : EXCEL_EPOCH_MS) + Math.floor(serial) * DAY_MS;
  return ms > DATE_BOUNDS.to.getTime() ? undefined : isoDate(new Date(ms));
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** `2024-07-01`, `2024/7/1`, `2024.7.1`, `2024年7月1日`, `20240701` (optionally with a time). */
function parseDateText(text: string): string | undefined {
  const normal = text.normalize('NFKC').trim();
  const match = DATE_TEXT.exec(normal) ?? COMPACT_DATE.exec(normal);
  if (!match) return undefined;
  return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A date column: Excel dates, serial numbers, `20240701` as a number, or date text → `YYYY-MM-DD`. */
export function dateReader(date1904 = false): CellReader {
  return (raw) => {
    if (raw instanceof Date)
      return Number.isNaN(raw.getTime())
        ? new CellProblem('DATE_INVALID', messages.dateInvalid())
        : isoDate(raw);
    if (raw instanceof CellFault) return faultProblem(raw);
    if (typeof raw === 'number') {
      const found =
        raw >= DATE_RANGE.firstYear * 10000 + 101 &&
        raw <= DATE_RANGE.lastYear * 10000 + 1231 &&
        Number.isInteger(raw)
          ? parseDateText(String(raw))
          : excelSerialToIso(raw, date1904);
      return found ?? new CellProblem('DATE_INVALID', messages.dateInvalid());
    }
    const text = cellText(raw);
    if (text === undefined) return undefined;
    return (
      parseDateText(text) ??
      (isEmptyMarker(compact(text)) ? undefined : new CellProblem('DATE_INVALID', messages.dateInvalid()))
    );
  };
}
