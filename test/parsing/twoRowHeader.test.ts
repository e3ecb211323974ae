import { describe, expect, it } from 'vitest';
import type { ParsedUpload } from '#shared/parsing/types.ts';
import {
  type CellInput,
  codesOf,
  coreValue,
  csvText,
  encode,
  enterprise,
  type HeaderColumn,
  issueOf,
  parse,
  recordsOf,
  sheetOf,
  twoRowHeader,
  typicalCase,
  uscc,
  workbook,
} from './builders.ts';

type Format = 'xlsx' | 'csv';
type Row = Array<string | number | null>;

/**
 * A sheet as a city draws it: optional title rows, the two header rows, then the data; as a
 * workbook (title merged across, header cells merged as drawn) or as the CSV Excel exports of it.
 */
async function parseSheet(
  format: Format,
  name: string,
  sheet: { titles?: Row[]; header: readonly HeaderColumn[]; data: Row[] },
): Promise<ParsedUpload> {
  const titles = sheet.titles ?? [];
  const header = twoRowHeader(sheet.header, titles.length + 1);
  const rows: Row[] = [...titles, header.upper, header.lower, ...sheet.data];
  if (format === 'csv') return parse(encode(csvText(rows), 'gb18030'), `${name}.csv`);
  const lastColumn = String.fromCharCode(64 + header.upper.length);
  const titleMerges = titles.map((_, i) => `A${i + 1}:${lastColumn}${i + 1}`);
  const xlsx = await workbook({
    name,
    rows: rows as CellInput[][],
    merges: [...titleMerges, ...header.merges],
  });
  return parse(xlsx, '深圳2024Q3.xlsx');
}

const ENTERPRISE_HEADER: readonly HeaderColumn[] = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '企业规模',
  { group: '知识产权情况（件）', children: ['有效发明专利量', '发明专利授权量', 'PCT申请量'] },
  { group: '金融服务（元）', children: ['知识产权质押融资金额', '知识产权保险保障金额（万元）'] },
  '是否贯标',
];
const ENTERPRISE_TITLE: Row = ['2024年第三季度重点企业统计表'];
const ENTERPRISE_DATA: Row[] = [
  [1, '甲科技有限公司', uscc(21), '中型', 120, 8, 3, 5_000_000, 300, '是'],
  [2, '乙材料有限公司', uscc(22), '小型', 15, 2, 0, 1_234_567, 0, '否'],
];

const AGENCY_HEADER = (group: string): readonly HeaderColumn[] => [
  '机构名称',
  '统一社会信用代码',
  { group, children: ['本年累计主营业务收入', '上年同期主营业务收入', '上年度主营业务收入（万元）'] },
];

describe('two-row headers: grouped and merged-down columns', () => {
  it.each<Format>(['xlsx', 'csv'])(
    'reads a 重点企业 sheet with merged-down leaf columns and grouped columns below a title (%s)',
    async (format) => {
      const upload = await parseSheet(format, '重点企业', {
        titles: [ENTERPRISE_TITLE],
        header: ENTERPRISE_HEADER,
        data: [...ENTERPRISE_DATA, ['合计', null, null, null, 135, 10, 3, 6_234_567, 300, null]],
      });

      const sheet = sheetOf(upload, 'enterprises');
      expect(upload.issues).toEqual([]);
      expect(sheet.headerRow).toBe(3);
      expect(sheet.rows.map((row) => [row.row, row.record])).toEqual([
        [
          4,
          enterprise({
            name: '甲科技有限公司',
            uscc: uscc(21),
            size: '中型',
            validInventionPatents: 120,
            inventionGrants: 8,
            pctApplications: 3,
            pledgeFinancing: 500,
            insuranceCoverage: 300,
            certified: true,
          }),
        ],
        [
          5,
          enterprise({
            name: '乙材料有限公司',
            uscc: uscc(22),
            size: '小型',
            validInventionPatents: 15,
            inventionGrants: 2,
            pctApplications: 0,
            pledgeFinancing: 123.4567,
            insuranceCoverage: 0,
            certified: false,
          }),
        ],
      ]);
      expect(sheet.columns.name).toEqual({ header: '企业名称', letter: 'B' });
      expect(sheet.columns.validInventionPatents).toEqual({ header: '有效发明专利量', letter: 'E' });
      expect(sheet.rows[0]?.cells.pledgeFinancing).toEqual({
        row: 4,
        column: '知识产权质押融资金额',
        cell: 'H4',
      });
      expect(sheet.total).toMatchObject({
        row: 6,
        values: {
          validInventionPatents: 135,
          inventionGrants: 10,
          pctApplications: 3,
          pledgeFinancing: 623.4567,
          insuranceCoverage: 300,
        },
      });
    },
  );

  it.each<Format>(['xlsx', 'csv'])(
    'reads a 运营机构 sheet whose revenues are grouped under a parent headed in 元 (%s)',
    async (format) => {
      const upload = await parseSheet(format, '运营机构', {
        header: AGENCY_HEADER('主营业务收入（元）'),
        data: [['甲运营中心', uscc(31), 15_000_000, 12_000_000, 2_500]],
      });

      const sheet = sheetOf(upload, 'agencies');
      expect(upload.issues).toEqual([]);
      expect(sheet.headerRow).toBe(2);
      expect(sheet.rows.map((row) => [row.row, row.record])).toEqual([
        [
          3,
          {
            name: '甲运营中心',
            uscc: uscc(31),
            revenueYtd: 1500,
            revenueSamePeriodLastYear: 1200,
            revenueLastYear: 2500,
          },
        ],
      ]);
    },
  );

  it.each([
    ['a named group', '主营业务收入（元）'],
    ['a bare unit', '（元）'],
    ['a unit written as 单位：元', '收入（单位：元）'],
    ['half-width brackets', '主营业务收入(元)'],
  ])('converts the children of a group headed in 元 to 万元: %s', async (_case, group) => {
    const upload = await parseSheet('csv', 'agencies', {
      header: AGENCY_HEADER(group),
      data: [['甲运营中心', uscc(31), '1,234,567', null, null]],
    });

    expect(recordsOf(upload, 'agencies')).toEqual([
      { name: '甲运营中心', uscc: uscc(31), revenueYtd: 123.4567 },
    ]);
  });

  it('reads 万元 under a group without a unit, and keeps a group unit off columns it does not fit', async () => {
    const upload = await parseSheet('csv', 'enterprises', {
      header: [
        '企业名称',
        '统一社会信用代码',
        { group: '知识产权情况（件）', children: ['有效发明专利量', '专利转让许可收入'] },
        { group: '金融服务', children: ['知识产权质押融资金额'] },
      ],
      data: [['甲科技有限公司', uscc(21), 12, 30, 45.5]],
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'enterprises')).toEqual([
      {
        name: '甲科技有限公司',
        uscc: uscc(21),
        validInventionPatents: 12,
        licensingIncome: 30,
        pledgeFinancing: 45.5,
      },
    ]);
  });

  it.each<Format>(['xlsx', 'csv'])(
    'reads a 核心指标 whose 本期值 stands under a period group (%s)',
    async (format) => {
      const upload = await parseSheet(format, '核心指标', {
        header: ['指标代码', '指标名称', '单位', { group: '2024年第三季度', children: ['本期值', '备注'] }],
        data: [
          ['A01', '产业知识产权联盟数', '个', 3, null],
          ['B01', '专利申请量', '件', 1000, '含PCT'],
        ],
      });

      expect(upload.issues).toEqual([]);
      expect(sheetOf(upload, 'core').rows.map((row) => [row.row, row.record])).toEqual([
        [3, coreValue('A01', 3)],
        [4, { ...coreValue('B01', 1000), note: '含PCT' }],
      ]);
    },
  );

  it.each([
    ['the upper row alone names the kind', '企业名称'],
    ['only the two rows together name the kind', '名称'],
  ])(
    'recognises the sheet kind of a CSV named data.csv from a two-row header: %s',
    async (_case, nameHeader) => {
      const upload = await parseSheet('csv', 'data', {
        header: [
          nameHeader,
          '统一社会信用代码',
          { group: '知识产权情况（件）', children: ['有效发明专利量', '发明专利授权量', 'PCT申请量'] },
        ],
        data: [['甲科技有限公司', uscc(21), 120, 8, 3]],
      });

      expect(upload.issues).toEqual([]);
      expect(sheetOf(upload, 'enterprises').headerRow).toBe(2);
      expect(recordsOf(upload, 'enterprises')).toEqual([
        {
          name: '甲科技有限公司',
          uscc: uscc(21),
          validInventionPatents: 120,
          inventionGrants: 8,
          pctApplications: 3,
        },
      ]);
    },
  );

  it.each<Format>(['xlsx', 'csv'])(
    'reads a two-row header whose upper row names a single column (%s)',
    async (format) => {
      const upload = await parseSheet(format, '重点企业', {
        header: [
          '企业名称',
          { group: '企业信息', children: ['统一社会信用代码', '企业规模'] },
          { group: '知识产权情况', children: ['有效发明专利量（件）', 'PCT申请量（件）'] },
        ],
        data: [['甲科技有限公司', uscc(21), '中型', 120, 3]],
      });

      expect(upload.issues).toEqual([]);
      expect(sheetOf(upload, 'enterprises').rows.map((row) => [row.row, row.record])).toEqual([
        [
          3,
          {
            name: '甲科技有限公司',
            uscc: uscc(21),
            size: '中型',
            validInventionPatents: 120,
            pctApplications: 3,
          },
        ],
      ]);
    },
  );
});

describe('one-row headers stay as they were', () => {
  it.each<Format>(['xlsx', 'csv'])(
    'does not take a first data row of text naming a column for a sub-header row (%s)',
    async (format) => {
      // 典型案例 without a 实施主体 column; the first case's remark happens to read 实施主体.
      const header = ['案例名称', '模式类别', '主要做法', '补充说明'];
      const data: Row[] = [
        ['专利导航服务', '专利导航', '开展产业专利导航', '实施主体'],
        ['质押融资服务', '质押融资', '银行与评估机构合作', null],
      ];
      const rows = [header, ...data];
      const upload =
        format === 'csv'
          ? await parse(encode(csvText(rows)), '典型案例.csv')
          : await parse(await workbook({ name: '典型案例', rows }), '深圳.xlsx');

      const sheet = sheetOf(upload, 'cases');
      expect(sheet.headerRow).toBe(1);
      expect(upload.issues.map((issue) => [issue.code, issue.cell])).toEqual([['COLUMN_UNKNOWN', 'D1']]);
      expect(sheet.rows.map((row) => [row.row, row.record])).toEqual([
        [2, typicalCase({ title: '专利导航服务', category: '专利导航', practice: '开展产业专利导航' })],
        [3, typicalCase({ title: '质押融资服务', category: '质押融资', practice: '银行与评估机构合作' })],
      ]);
    },
  );

  it('does not join a row above the header that happens to name a column to the header', async () => {
    const rows: Row[] = [
      [null, null, null, null, null, '说明'],
      ['指标代码', '指标名称', '单位', '本期值', '备注'],
      ['A01', '产业知识产权联盟数', '个', 3, null],
    ];

    const upload = await parse(encode(csvText(rows)), '核心指标.csv');

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'core').headerRow).toBe(2);
    expect(recordsOf(upload, 'core')).toEqual([coreValue('A01', 3)]);
  });

  it('does not take a repeated header row for a sub-header row', async () => {
    const header = ['机构名称', '统一社会信用代码', '本年累计主营业务收入'];
    const upload = await parse(encode(csvText([header, header, ['甲', uscc(31), 5]])), 'agencies.csv');

    expect(sheetOf(upload, 'agencies').headerRow).toBe(1);
    expect(upload.issues.map((issue) => [issue.code, issue.row])).toEqual([
      ['USCC_LENGTH', 2],
      ['NUMBER_INVALID', 2],
    ]);
  });
});

describe('issues of sheets with a two-row header', () => {
  it('warns about an unknown column of the sub-header row as of a one-row header, and ignores it', async () => {
    const twoRows = await parseSheet('xlsx', '重点企业', {
      header: [
        '企业名称',
        '统一社会信用代码',
        '联系人',
        { group: '知识产权情况（件）', children: ['有效发明专利量', '其他专利量'] },
      ],
      data: [['甲科技有限公司', uscc(21), '张三', 120, 7]],
    });
    const oneRow = await parse(
      await workbook({
        name: '重点企业',
        rows: [
          ['企业名称', '统一社会信用代码', '联系人', '有效发明专利量', '其他专利量'],
          ['甲科技有限公司', uscc(21), '张三', 120, 7],
        ],
      }),
      '深圳.xlsx',
    );

    const located = (upload: ParsedUpload) =>
      upload.issues.map(({ severity, code, column, cell, message }) => ({
        severity,
        code,
        column,
        cell,
        message,
      }));
    // The merged-down 联系人 is written in the upper row, 其他专利量 in the lower one.
    expect(located(twoRows)).toEqual([
      {
        severity: 'warning',
        code: 'COLUMN_UNKNOWN',
        column: '联系人',
        cell: 'C1',
        message: '未识别的列“联系人”，已忽略',
      },
      {
        severity: 'warning',
        code: 'COLUMN_UNKNOWN',
        column: '其他专利量',
        cell: 'E2',
        message: '未识别的列“其他专利量”，已忽略',
      },
    ]);
    expect(located(twoRows).map(({ cell, ...rest }) => rest)).toEqual(
      located(oneRow).map(({ cell, ...rest }) => rest),
    );
    expect(recordsOf(twoRows, 'enterprises')).toEqual(recordsOf(oneRow, 'enterprises'));
    expect(recordsOf(twoRows, 'enterprises')).toEqual([
      { name: '甲科技有限公司', uscc: uscc(21), validInventionPatents: 120 },
    ]);
  });

  it.each<Format>(['xlsx', 'csv'])(
    'locates cell problems at their Excel rows below both header rows (%s)',
    async (format) => {
      const wrongCheck = `${uscc(22).slice(0, 17)}${uscc(22).endsWith('0') ? '1' : '0'}`;
      const upload = await parseSheet(format, '重点企业', {
        titles: [ENTERPRISE_TITLE],
        header: ENTERPRISE_HEADER,
        data: [
          [1, '甲科技有限公司', uscc(21), '中型', 120, 'abc', 3, 5_000_000, 300, '是'],
          [],
          [2, '乙材料有限公司', wrongCheck, '小型', 15, 2, 0, 1_234_567, 0, '否'],
        ],
      });

      expect(upload.issues.map((issue) => [issue.code, issue.row, issue.column, issue.cell])).toEqual([
        ['NUMBER_INVALID', 4, '发明专利授权量', 'F4'],
        ['USCC_CHECKSUM', 6, '统一社会信用代码', 'C6'],
      ]);
      expect(sheetOf(upload, 'enterprises').rowsRead).toBe(2);
    },
  );

  it('reports a required column missing from both header rows at the lower header row', async () => {
    const upload = await parseSheet('xlsx', '重点企业', {
      titles: [ENTERPRISE_TITLE],
      header: ['企业名称', { group: '知识产权情况（件）', children: ['有效发明专利量', 'PCT申请量'] }],
      data: [['甲科技有限公司', 120, 3]],
    });

    expect(issueOf(upload, 'COLUMN_MISSING')).toMatchObject({
      severity: 'error',
      sheet: '重点企业',
      row: 3,
      column: '统一社会信用代码',
    });
  });

  it('takes a sheet of only a two-row header as not submitted', async () => {
    const upload = await parseSheet('csv', 'enterprises', { header: ENTERPRISE_HEADER, data: [] });

    expect(codesOf(upload)).toEqual(['SHEET_EMPTY', 'NO_DATA']);
  });
});
