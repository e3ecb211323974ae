import { describe, expect, it } from 'vitest';
import { codesOf, issueOf, parse, parseCsvRows, recordsOf, sheetOf, workbook } from './builders.ts';

const HEADER = ['指标代码', '指标名称', '单位', '本期值', '备注'];
type Cell = string | number | null;

function core(...rows: Cell[][]) {
  return parseCsvRows('核心指标.csv', [HEADER, ...rows]);
}

describe('核心指标: identifying the indicator', () => {
  it('reads code, name, unit, value and note', async () => {
    const upload = await core(
      ['A01', '产业知识产权联盟数', '个', 3, '新增 1 个'],
      ['B01', '专利申请量', '件', '12,345', null],
    );

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([
      { code: 'A01', value: 3, note: '新增 1 个' },
      { code: 'B01', value: 12345 },
    ]);
  });

  it.each([
    ['the name alone', null, '知识产权质押融资金额', '万元', 'D01'],
    ['an alias', null, '质押融资金额', '万元', 'D01'],
    ['full-width letters and an ideographic space', null, 'ＰＣＴ国际　专利申请量', '件', 'B05'],
    ['a name with a line break', null, '知识产权质押\n融资金额', '万元', 'D01'],
    ['a lower-case code alone', 'd01', null, '万元', 'D01'],
    ['code and matching name', 'D01', '知识产权质押融资金额', '万元', 'D01'],
  ])('identifies the indicator by %s', async (_case, code, name, unit, expected) => {
    const upload = await core([code, name, unit, 500, null]);

    expect(recordsOf(upload, 'core')).toEqual([{ code: expected, value: 500 }]);
  });

  it('matches a name written without its trailing 数 or 量', async () => {
    const upload = await core([null, '高价值专利组合', '个', 4, null], [null, '专利申请', '件', 10, null]);

    expect(recordsOf(upload, 'core').map((record) => record.code)).toEqual(['B07', 'B01']);
  });

  it('rejects a code and a name that name different indicators', async () => {
    const upload = await core(['B01', '发明专利申请量', '件', 10, null]);

    expect(issueOf(upload, 'INDICATOR_MISMATCH')).toMatchObject({
      severity: 'error',
      row: 2,
      cell: 'B2',
      value: '发明专利申请量',
      message: '指标代码 B01（专利申请量）与指标名称“发明专利申请量”不一致',
    });
    expect(recordsOf(upload, 'core')).toEqual([]);
  });

  it.each([
    ['an unknown code', ['Z99', null, '件', 1, null], 'A2'],
    ['an unknown name', [null, '专利许可备案量', '件', 1, null], 'B2'],
  ])('rejects %s', async (_case, row, cell) => {
    const upload = await core(row as Cell[]);

    expect(issueOf(upload, 'INDICATOR_UNKNOWN')).toMatchObject({ severity: 'error', row: 2, cell });
  });

  it('accepts a sheet without a code column when names are given', async () => {
    const upload = await parseCsvRows('core.csv', [
      ['指标名称', '本期值'],
      ['专利授权量', 8],
    ]);

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([{ code: 'B03', value: 8 }]);
    expect(sheetOf(upload, 'core').rows[0]?.cells.code).toEqual({ row: 2, column: '指标名称', cell: 'A2' });
  });

  it('requires a name or code column', async () => {
    const upload = await parseCsvRows('core.csv', [
      ['单位', '本期值', '备注'],
      ['件', 8, null],
    ]);

    expect(issueOf(upload, 'COLUMN_MISSING').column).toBe('指标名称');
  });
});

describe('核心指标: units and values', () => {
  it.each([
    ['元', 1_234_500, 123.45],
    ['亿元', 1.5, 15000],
    ['万元', 88.88888, 88.8889],
  ])('converts a money indicator reported in %s to 万元', async (unit, value, expected) => {
    const upload = await core(['D01', null, unit, value, null]);

    expect(recordsOf(upload, 'core')).toEqual([{ code: 'D01', value: expected }]);
  });

  it('takes the unit from a value suffix over the unit column', async () => {
    const upload = await core(['D04', null, '万元', '1.2亿元', null]);

    expect(recordsOf(upload, 'core')).toEqual([{ code: 'D04', value: 12000 }]);
  });

  it.each([
    ['a money indicator written 12.5万', ['D01', null, null, '12.5万', null], 12.5],
    ['a money indicator whose unit cell says 亿', ['D01', null, '亿', 1.5, null], 15000],
    ['a count indicator written 1.2万', ['B01', null, '件', '1.2万', null], 12000],
    ['a count indicator whose unit cell says 万件', ['B01', null, '万件', 3, null], 30000],
  ])('reads %s as ten thousands (万) or hundred millions (亿)', async (_case, row, expected) => {
    const upload = await core(row as Cell[]);

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([{ code: (row as Cell[])[0], value: expected }]);
  });

  it('accepts another counter word for a count indicator', async () => {
    const upload = await core(['A05', null, '个', 7, null]);

    expect(recordsOf(upload, 'core')).toEqual([{ code: 'A05', value: 7 }]);
  });

  it.each([
    ['a money unit on a count', ['B01', null, '万元', 10, null], 'C2'],
    ['a count unit on money', ['D01', null, '件', 10, null], 'C2'],
    ['a percent on money', ['D01', null, null, '10%', null], 'D2'],
  ])('rejects %s', async (_case, row, cell) => {
    const upload = await core(row as Cell[]);

    expect(issueOf(upload, 'UNIT_INVALID')).toMatchObject({ severity: 'error', cell });
  });

  it.each([
    ['a fractional count', ['B01', null, '件', 10.5, null], 'COUNT_NOT_INTEGER'],
    ['a negative amount', ['D01', null, '万元', -1, null], 'NUMBER_NEGATIVE'],
    ['a rate out of range', ['E04', null, '%', 20000, null], 'RATE_OUT_OF_RANGE'],
    ['an unreadable value', ['B01', null, '件', '十个', null], 'NUMBER_INVALID'],
  ])('rejects %s', async (_case, row, code) => {
    const upload = await core(row as Cell[]);

    expect(codesOf(upload)).toEqual([code]);
    expect(upload.issues[0]).toMatchObject({ row: 2, cell: 'D2', column: '本期值' });
  });

  it('reads a negative rate and a rate with a percent sign', async () => {
    const upload = await core(['E04', null, '%', '-12.5%', null]);

    expect(recordsOf(upload, 'core')).toEqual([{ code: 'E04', value: -12.5 }]);
  });

  it('takes an indicator left without value as not reported, keeping a note', async () => {
    const upload = await core(
      ['B01', '专利申请量', '件', '—', '统计口径调整，下季度报送'],
      ['B02', '发明专利申请量', '件', null, null],
      ['B03', '专利授权量', '件', 5, null],
    );

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([
      { code: 'B01', note: '统计口径调整，下季度报送' },
      { code: 'B03', value: 5 },
    ]);
    expect(sheetOf(upload, 'core').rowsRead).toBe(2);
  });

  it('keeps A04 and B07 without a value when they are left empty', async () => {
    const upload = await core(
      ['A04', null, '家', null, null],
      ['B07', null, '个', '—', '由明细表计算'],
      ['A01', null, '个', 2, null],
    );

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([
      { code: 'A04' },
      { code: 'B07', note: '由明细表计算' },
      { code: 'A01', value: 2 },
    ]);
  });

  it('takes the untouched template, every indicator listed without value, as nothing submitted', async () => {
    const upload = await core(
      ['A01', '产业知识产权联盟数', '个', null, null],
      ['A04', '年主营业务收入1000万元以上的知识产权运营机构数', '家', null, null],
    );

    expect(codesOf(upload)).toEqual(['SHEET_EMPTY', 'NO_DATA']);
  });

  it('reads a rate formatted as a percentage in Excel as the percentage shown', async () => {
    const xlsx = await workbook({
      name: '核心指标',
      rows: [
        HEADER,
        ['E04', '当地企业营业收入平均增幅', '%', 0.125, null],
        ['A01', '产业知识产权联盟数', '个', 3, null],
      ],
      formats: { D2: '0.0%' },
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(recordsOf(upload, 'core')).toEqual([
      { code: 'E04', value: 12.5 },
      { code: 'A01', value: 3 },
    ]);
  });
});
