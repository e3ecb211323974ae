import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_CATEGORIES } from '#shared/catalogue/sheets.ts';
import {
  amountReader,
  CellFault,
  CellProblem,
  dateReader,
  enumReader,
  plainDecimal,
  type RawCell,
  type ReadResult,
  readBoolean,
  readCount,
  readPlainNumber,
  readRate,
  readText,
  readUscc,
} from '#shared/parsing/values.ts';
import { issueOf, parseCsvRows, recordsOf, uscc } from './builders.ts';

const problemCode = (result: ReadResult): string | undefined =>
  result instanceof CellProblem ? result.code : undefined;
const readAmount = amountReader('万元');

describe('plain decimals', () => {
  const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 });

  it('reads digits with an optional sign and point exactly as Number() does', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        digits,
        fc.option(digits, { nil: undefined }),
        (negative, whole, fraction) => {
          const text = `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`;
          fc.pre(/\d/.test(text));

          expect(Object.is(plainDecimal(text), Number(text))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each(['', '-', '.', '1.2.3', '+5', '1e3', ' 12', '12 ', '1,234', '--1', '1-'])(
    'reads %j as no plain decimal',
    (text) => {
      expect(plainDecimal(text)).toBeNaN();
    },
  );
});

describe('numbers', () => {
  it.each<[string, RawCell, number]>([
    ['a number cell', 42, 42],
    ['plain text', '42', 42],
    ['thousands separators', '1,234,567', 1234567],
    ['full-width digits', '１２３', 123],
    ['surrounding spaces', '  17 ', 17],
    ['a counter word', '3家', 3],
    ['another counter word', '5 件', 5],
    ['万 for ten thousand', '1.2万', 12000],
    ['万 before a counter word', '3万件', 30000],
    ['float noise from a formula', 2.9999999999999996, 3],
  ])('reads a count from %s', (_case, raw, expected) => {
    expect(readCount(raw)).toBe(expected);
  });

  it.each<[string, RawCell, number]>([
    ['万元 with decimals', '1,234.5', 1234.5],
    ['a 万元 suffix', '120万元', 120],
    ['a 元 suffix', '15000元', 1.5],
    ['an 亿元 suffix', '1.2亿元', 12000],
    ['万 alone, as amounts are written in Chinese', '12.5万', 12.5],
    ['亿 alone', '3亿', 30000],
    ['more than four decimals', 0.123456, 0.1235],
    ['scientific notation as Excel exports large numbers', '1.5E+3', 1500],
  ])('reads an amount from %s', (_case, raw, expected) => {
    expect(readAmount(raw)).toBe(expected);
  });

  it('converts an amount in a column headed in 元', () => {
    expect(amountReader('元')(123456)).toBe(12.3456);
  });

  it('reads 万 after an amount as 万元 whatever the column unit', () => {
    expect(amountReader('元')('12.5万')).toBe(12.5);
  });

  it.each<[RawCell, number]>([
    ['12.5%', 12.5],
    ['１２．５％', 12.5],
    [-3, -3],
    ['10000', 10000],
  ])('reads the rate %s', (raw, expected) => {
    expect(readRate(raw)).toBe(expected);
  });

  it.each<[string, (raw: RawCell) => ReadResult, RawCell, string]>([
    ['text that is not a number', readAmount, '约100', 'NUMBER_INVALID'],
    ['a number followed by other text', readAmount, '100左右', 'NUMBER_INVALID'],
    ['a comma that does not group thousands', readAmount, '1,5', 'NUMBER_INVALID'],
    ['a negative amount', readAmount, '-1', 'NUMBER_NEGATIVE'],
    ['a negative count', readCount, -2, 'NUMBER_NEGATIVE'],
    ['a fractional count', readCount, '2.5', 'COUNT_NOT_INTEGER'],
    ['a money unit on a count', readCount, '3万元', 'UNIT_INVALID'],
    ['万 before a word that is not a counter', readCount, '3万人', 'NUMBER_INVALID'],
    ['万 on a rate', readRate, '3万', 'UNIT_INVALID'],
    ['a counter word on an amount', readAmount, '3家', 'UNIT_INVALID'],
    ['a rate below -100', readRate, '-100.5%', 'RATE_OUT_OF_RANGE'],
    ['a rate above 10000', readRate, 10001, 'RATE_OUT_OF_RANGE'],
    ['a unit on a free number', readPlainNumber, '500万元', 'NUMBER_INVALID'],
    ['a formula without result', readCount, new CellFault('FORMULA_NO_RESULT', '=A1'), 'FORMULA_NO_RESULT'],
    ['an error value', readAmount, new CellFault('CELL_ERROR_VALUE', '#DIV/0!'), 'CELL_ERROR_VALUE'],
  ])('rejects %s', (_case, read, raw, code) => {
    expect(problemCode(read(raw))).toBe(code);
  });

  it.each<RawCell>([null, undefined, '', '   ', '—', '-', '/', '无'])('reads %j as an empty cell', (raw) => {
    expect(readAmount(raw)).toBeUndefined();
  });
});

describe('booleans, enumerations and text', () => {
  it.each<[RawCell, boolean]>([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['Yes', true],
    ['NO', false],
    ['√', true],
    ['×', false],
    [1, true],
    ['0', false],
    ['TRUE', true],
    ['false', false],
    [true, true],
  ])('reads %j as %s', (raw, expected) => {
    expect(readBoolean(raw)).toBe(expected);
  });

  it('rejects a yes/no value it cannot read', () => {
    expect(problemCode(readBoolean('可能'))).toBe('BOOLEAN_INVALID');
  });

  it('reads an enumeration despite width and spaces, returning the catalogue spelling', () => {
    const read = enumReader(CASE_CATEGORIES);

    expect(read(' 专利 导航 ')).toBe('专利导航');
    expect(problemCode(read('专利导航项目'))).toBe('ENUM_INVALID');
  });

  it('rejects text longer than an Excel cell holds', () => {
    expect(problemCode(readText('长'.repeat(32_767)))).toBeUndefined();
    expect(problemCode(readText('长'.repeat(32_768)))).toBe('TEXT_TOO_LONG');
  });

  it('trims text and keeps numbers as written', () => {
    expect(readText('  深圳市  ')).toBe('深圳市');
    expect(readText(12345)).toBe('12345');
  });
});

describe('dates', () => {
  const readDate = dateReader();

  it.each<[string, RawCell]>([
    ['an Excel date', new Date(Date.UTC(2024, 6, 1))],
    ['a serial number', 45474],
    ['ISO text', '2024-07-01'],
    ['slashes', '2024/7/1'],
    ['Chinese', '2024年7月1日'],
    ['eight digits', '20240701'],
    ['eight digits as a number', 20240701],
    ['a date with a time', '2024-07-01 08:30:00'],
  ])('reads %s', (_case, raw) => {
    expect(readDate(raw)).toBe('2024-07-01');
  });

  it('reads a serial number of a 1904-based workbook', () => {
    expect(dateReader(true)(44012)).toBe('2024-07-01');
  });

  it.each<RawCell>(['2024-02-30', '下个月', '2024-13-01', 99_999_999])('rejects %j', (raw) => {
    expect(problemCode(readDate(raw))).toBe('DATE_INVALID');
  });
});

describe('统一社会信用代码', () => {
  const valid = uscc(7);

  it('accepts a valid code written with spaces, full-width or lower-case letters', () => {
    const fullWidth = valid.replace(/[0-9A-Z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

    expect(readUscc(` ${valid.toLowerCase()} `)).toBe(valid);
    expect(readUscc(fullWidth)).toBe(valid);
  });

  it.each([
    [
      'a code of the wrong length',
      '9144030071526726X',
      'USCC_LENGTH',
      '统一社会信用代码应为 18 位，实际 17 位',
    ],
    [
      'a code with a letter that is not allowed',
      '91440300MA5F0000IO',
      'USCC_CHARSET',
      '统一社会信用代码含非法字符（只能是数字和除 I、O、S、V、Z 外的大写字母）',
    ],
    [
      'a code whose check digit is wrong, naming the check character expected',
      `${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`,
      'USCC_CHECKSUM',
      `统一社会信用代码校验位错误：按前 17 位，第 18 位应为“${valid.charAt(17)}”（填写的是“${valid.endsWith('0') ? '1' : '0'}”）；请先核对前 17 位是否抄错，前 17 位无误时把第 18 位改为“${valid.charAt(17)}”`,
    ],
  ])('rejects %s', (_case, code, expected, message) => {
    const result = readUscc(code);

    expect(result).toBeInstanceOf(CellProblem);
    expect(result).toMatchObject({ code: expected, message });
  });
});

describe('cells in context', () => {
  it('reports a required cell left empty with its location', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入'],
      ['甲', uscc(8), '—'],
    ]);

    expect(issueOf(upload, 'CELL_REQUIRED')).toEqual({
      severity: 'error',
      code: 'CELL_REQUIRED',
      sheet: 'agencies.csv',
      row: 2,
      column: '本年累计主营业务收入',
      cell: 'C2',
      value: '—',
      message: '必填项“本年累计主营业务收入”为空',
    });
  });

  it('reads every column type of 重点企业 from text', async () => {
    const code = uscc(9);
    const upload = await parseCsvRows('enterprises.csv', [
      [
        '企业名称',
        '统一社会信用代码',
        '企业规模',
        '有效发明专利量（件）',
        '知识产权质押融资金额（元）',
        '是否贯标',
        '城市推荐',
        '推荐理由',
      ],
      [' 乙公司 ', code, '小 型', '1,024件', '2,500,000', 'Y', '×', '专利运营成效显著'],
    ]);

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'enterprises')).toEqual([
      {
        name: '乙公司',
        uscc: code,
        size: '小型',
        validInventionPatents: 1024,
        pledgeFinancing: 250,
        certified: true,
        recommended: false,
        recommendReason: '专利运营成效显著',
      },
    ]);
  });
});
