import { describe, expect, it } from 'vitest';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import {
  agency,
  codesOf,
  issueOf,
  parse,
  parseCsvRows,
  recordsOf,
  sheetOf,
  uscc,
  workbook,
} from './builders.ts';

const code = uscc(101);

describe('finding the header row', () => {
  it('skips a merged title row, a blank row and a blank first column', async () => {
    const xlsx = await workbook({
      name: '运营机构',
      rows: [
        [null, '2024年第三季度深圳市知识产权运营机构统计表'],
        [],
        [null, '机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）'],
        [null, '甲机构', code, 1500],
      ],
      merges: ['B1:D1'],
    });

    const upload = await parse(xlsx, '深圳.xlsx');
    const sheet = sheetOf(upload, 'agencies');

    expect(upload.issues).toEqual([]);
    expect(sheet.headerRow).toBe(3);
    expect(sheet.rows.map((row) => [row.row, row.record])).toEqual([
      [4, { name: '甲机构', uscc: code, revenueYtd: 1500 }],
    ]);
    expect(sheet.rows[0]?.cells.revenueYtd).toEqual({
      row: 4,
      column: '本年累计主营业务收入（万元）',
      cell: 'D4',
    });
  });

  it('reads a header cell merged across two columns from its first column', async () => {
    const xlsx = await workbook({
      name: '运营机构',
      rows: [
        ['机构名称', '统一社会信用代码', null, '本年累计主营业务收入（万元）'],
        ['甲机构', code, null, 10],
      ],
      merges: ['B1:C1'],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual([{ name: '甲机构', uscc: code, revenueYtd: 10 }]);
  });

  it('reports a sheet whose first 20 non-blank rows hold no header', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`说明文字第${i + 1}行`]);
    const xlsx = await workbook(
      { name: '运营机构', rows: [...rows, ['机构名称', '统一社会信用代码', '本年累计主营业务收入']] },
      {
        name: '高价值专利组合',
        rows: [
          ['组合名称', '发明专利数', 'PCT申请数'],
          ['甲组合', 60, 10],
        ],
      },
    );

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'HEADER_NOT_FOUND',
        sheet: '运营机构',
        message: '工作表“运营机构”前 20 个非空行中未找到表头行',
      }),
    ]);
    expect(recordsOf(upload, 'portfolios')).toEqual([
      { name: '甲组合', inventionPatents: 60, pctApplications: 10 },
    ]);
  });

  it('takes a CSV with a header and no data rows as nothing to submit', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入'],
      ['合计', null, 0],
    ]);

    expect(upload.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'SHEET_EMPTY',
        sheet: 'agencies.csv',
        message: '“agencies.csv”没有数据行，视为未报送',
      }),
      expect.objectContaining({ severity: 'error', code: 'NO_DATA', sheet: 'agencies.csv' }),
    ]);
    expect(upload.sheets).toEqual([]);
  });

  it('leaves out, without a word, workbook sheets left as the template gave them or blank', async () => {
    const xlsx = await workbook(
      {
        name: '运营机构',
        rows: [['运营机构明细表'], ['机构名称', '统一社会信用代码', '本年累计主营业务收入']],
      },
      {
        name: '高价值专利组合',
        rows: [
          ['组合名称', '发明专利数', 'PCT申请数'],
          ['甲组合', 60, 10],
        ],
      },
      { name: 'Sheet3', rows: [] },
      { name: '典型案例', rows: [] },
    );

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(upload.sheets.map((sheet) => sheet.kind)).toEqual(['portfolios']);
  });

  it('rejects a workbook whose data sheets have no data rows', async () => {
    const upload = await parse(await writeUploadWorkbook({ agencies: [], cases: [] }), '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'NO_DATA',
        sheet: '深圳.xlsx',
        message: '没有可报送的数据：可识别的数据表都没有数据行',
      }),
    ]);
  });
});

describe('header normalisation', () => {
  it.each([
    ['full-width brackets and spaces', '本年累计主营业务收入 （万元）'],
    ['a line break', '本年累计主营业务\n收入（万元）'],
    ['a trailing full-width star', '本年累计主营业务收入（万元）＊'],
    ['a leading star', '*本年累计主营业务收入(万元)'],
    ['full-width letters and an ideographic space', '本年累计主营业务收入\u3000（万元）'],
    ['an alias', '本年累计营业收入'],
  ])('matches a header with %s', async (_case, header) => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', header],
      ['甲', code, 12.5],
    ]);

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual([{ name: '甲', uscc: code, revenueYtd: 12.5 }]);
    expect(sheetOf(upload, 'agencies').columns.revenueYtd?.header).toBe(header);
  });

  it.each([
    ['元', '1234567', 123.4567],
    ['千元', '1500', 150],
    ['亿元', '1.2', 12000],
    ['万元', '1.23456', 1.2346],
    ['万', '8.5', 8.5],
    ['亿', '0.5', 5000],
  ])('converts a money column headed in %s to 万元', async (unit, written, wan) => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', `本年累计主营业务收入（${unit}）`],
      ['甲', code, written],
    ]);

    expect(recordsOf(upload, 'agencies')[0]?.revenueYtd).toBe(wan);
  });

  it('applies a money unit declared above the header to money columns without their own', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['运营机构统计表', null, null, '单位：元'],
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入', '上年度主营业务收入（万元）'],
      ['甲', code, 50000, 7],
    ]);

    expect(recordsOf(upload, 'agencies')).toEqual([
      { name: '甲', uscc: code, revenueYtd: 5, revenueLastYear: 7 },
    ]);
  });

  it('warns about unknown extra columns and ignores them, but takes a 序号 column silently', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['序号', '机构名称', '统一社会信用代码', '本年累计主营业务收入', '联系人'],
      ['1', '甲', code, 3, '张三'],
    ]);

    expect(upload.issues.map((issue) => [issue.code, issue.severity, issue.column, issue.cell])).toEqual([
      ['COLUMN_UNKNOWN', 'warning', '联系人', 'E1'],
    ]);
    expect(recordsOf(upload, 'agencies')).toEqual([{ name: '甲', uscc: code, revenueYtd: 3 }]);
  });

  it('rejects a sheet missing a required column', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '本年累计主营业务收入'],
      ['甲', 3],
    ]);

    expect(issueOf(upload, 'COLUMN_MISSING')).toMatchObject({
      severity: 'error',
      sheet: 'agencies.csv',
      row: 1,
      column: '统一社会信用代码',
      message:
        '缺少必填列“统一社会信用代码”（以第 1 行为表头）；请按模板补上该列，或把对应列的表头改为模板列名',
    });
  });

  it('names the header row and the closest header text when a required column is missing', async () => {
    const upload = await parseCsvRows('enterprises.csv', [
      ['2024年第三季度重点企业情况'],
      ['企业名称', '信用编号', '企业规模'],
      ['甲公司', code, '中型'],
    ]);

    expect(issueOf(upload, 'COLUMN_MISSING')).toMatchObject({
      severity: 'error',
      row: 2,
      column: '统一社会信用代码',
      message:
        '缺少必填列“统一社会信用代码”（以第 2 行为表头）；最接近的表头是 B2“信用编号”，如是同一列，请把表头改为“统一社会信用代码”',
    });
  });

  it('rejects a 核心指标 whose 本期值 header was renamed instead of taking it for an empty sheet', async () => {
    const upload = await parseCsvRows('核心指标.csv', [
      ['指标代码', '指标名称', '单位', '本季度数值'],
      ['B01', '专利申请量', '件', 5],
    ]);

    expect(upload.sheets.map((sheet) => sheet.kind)).toEqual(['core']);
    expect(issueOf(upload, 'COLUMN_MISSING')).toMatchObject({ column: '本期值', row: 1, severity: 'error' });
    expect(issueOf(upload, 'COLUMN_MISSING').message).toContain('D1“本季度数值”');
  });

  it('rejects two columns naming the same field', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入', '本年累计营业收入'],
      ['甲', code, 3, 4],
    ]);

    expect(issueOf(upload, 'COLUMN_DUPLICATE')).toMatchObject({
      severity: 'error',
      cell: 'D1',
      column: '本年累计营业收入',
    });
    expect(recordsOf(upload, 'agencies')[0]?.revenueYtd).toBe(3);
  });

  it('rejects a unit in a header that does not fit the column', async () => {
    const upload = await parseCsvRows('portfolios.csv', [
      ['组合名称', '发明专利数（万元）', 'PCT申请数'],
      ['甲组合', 60, 10],
    ]);

    expect(issueOf(upload, 'COLUMN_UNIT_INVALID')).toMatchObject({
      severity: 'error',
      column: '发明专利数（万元）',
      cell: 'B1',
    });
  });
});

describe('rows below the header', () => {
  it('skips blank rows and rows that only carry a running number', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['序号', '机构名称', '统一社会信用代码', '本年累计主营业务收入'],
      ['1', '甲', code, 3],
      [],
      ['2', null, null, null],
      ['3', '乙', uscc(102), 4],
    ]);

    expect(sheetOf(upload, 'agencies').rows.map((row) => row.row)).toEqual([2, 5]);
    expect(sheetOf(upload, 'agencies').rowsRead).toBe(2);
  });

  it('keeps a trailing 合计 row apart as the total, not as a record', async () => {
    const xlsx = await workbook({
      name: '高价值专利组合',
      rows: [
        ['组合名称', '发明专利数（件）', 'PCT申请数（件）'],
        ['甲组合', 60, 10],
        ['乙组合', 50, 12],
        ['合 计', { formula: 'SUM(B2:B3)', result: 110 }, 22],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');
    const sheet = sheetOf(upload, 'portfolios');

    expect(sheet.rows.map((row) => row.record.name)).toEqual(['甲组合', '乙组合']);
    expect(sheet.rowsRead).toBe(2);
    expect(sheet.total).toEqual({
      row: 4,
      values: { inventionPatents: 110, pctApplications: 22 },
      cells: {
        inventionPatents: { row: 4, column: '发明专利数（件）', cell: 'B4' },
        pctApplications: { row: 4, column: 'PCT申请数（件）', cell: 'C4' },
      },
    });
  });

  it('recognises 总计 in a running-number column as the total row', async () => {
    const upload = await parseCsvRows('portfolios.csv', [
      ['序号', '组合名称', '发明专利数', 'PCT申请数'],
      ['1', '甲组合', 60, 10],
      ['总计：', null, 60, 10],
    ]);

    expect(sheetOf(upload, 'portfolios').total?.values).toEqual({
      inventionPatents: 60,
      pctApplications: 10,
    });
  });

  it('warns about a 小计 row followed by more data and does not use it as the total', async () => {
    const upload = await parseCsvRows('portfolios.csv', [
      ['组合名称', '发明专利数', 'PCT申请数'],
      ['甲组合', 60, 10],
      ['小计', 60, 10],
      ['乙组合', 50, 12],
    ]);

    expect(issueOf(upload, 'TOTAL_ROW_MISPLACED')).toMatchObject({ severity: 'warning', row: 3 });
    expect(sheetOf(upload, 'portfolios').total).toBeUndefined();
    expect(recordsOf(upload, 'portfolios').map((record) => record.name)).toEqual(['甲组合', '乙组合']);
  });

  it('skips a foot-note below the data', async () => {
    const upload = await parseCsvRows('portfolios.csv', [
      ['组合名称', '发明专利数', 'PCT申请数'],
      ['甲组合', 60, 10],
      ['注：发明专利数为组合内有效发明专利件数。'],
    ]);

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'portfolios').rowsRead).toBe(1);
  });

  it('reports every bad cell of a row and does not keep the row', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', '机构类型', '本年累计主营业务收入'],
      ['甲', '12345', '咨询公司', 'abc'],
      ['乙', code, '服务机构', 5],
    ]);

    expect(codesOf(upload)).toEqual(['USCC_LENGTH', 'ENUM_INVALID', 'NUMBER_INVALID']);
    expect(upload.issues.map((issue) => issue.cell)).toEqual(['B2', 'C2', 'D2']);
    expect(sheetOf(upload, 'agencies')).toMatchObject({ rowsRead: 2 });
    expect(recordsOf(upload, 'agencies')).toEqual([
      agency({ name: '乙', uscc: code, type: '服务机构', revenueYtd: 5 }),
    ]);
  });
});
