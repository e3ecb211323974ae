import { describe, expect, it } from 'vitest';
import { auxiliaryRow } from '#shared/parsing/auxiliaryRows.ts';
import type { ParsedUpload } from '#shared/parsing/types.ts';
import {
  codesOf,
  coreValue,
  csvText,
  encode,
  type FixtureRow,
  type HeaderColumn,
  issueOf,
  parse,
  parseStatisticalSheet,
  recordsOf,
  sheetOf,
  uscc,
} from './builders.ts';

type Format = 'xlsx' | 'csv';
const FORMATS: Format[] = ['xlsx', 'csv'];

const AGENCY_HEADER: readonly HeaderColumn[] = [
  '序号',
  '机构名称',
  '统一社会信用代码',
  '本年累计主营业务收入',
  '上年同期主营业务收入',
  '上年度主营业务收入',
];
/** Revenues in 元 but last year's in 万元, as the unit row below says. */
const AGENCY_UNITS: FixtureRow = ['计量单位', '—', '—', '元', '（元）', '万元'];
const AGENCY_COLUMN_NUMBERS: FixtureRow = ['甲', '乙', '丙', 1, 2, 3];
const AGENCY_DATA: FixtureRow[] = [
  [1, '甲运营中心', uscc(31), 15_000_000, 12_000_000, 2_500],
  [2, '乙服务中心', uscc(32), '1,234,567', null, 80],
];
const AGENCY_RECORDS = [
  {
    name: '甲运营中心',
    uscc: uscc(31),
    revenueYtd: 1500,
    revenueSamePeriodLastYear: 1200,
    revenueLastYear: 2500,
  },
  { name: '乙服务中心', uscc: uscc(32), revenueYtd: 123.4567, revenueLastYear: 80 },
];

/** Each kept row with its Excel row number. */
function numbered<K extends 'agencies' | 'enterprises' | 'core'>(upload: ParsedUpload, kind: K) {
  return sheetOf(upload, kind).rows.map((row) => [row.row, row.record]);
}

describe('unit and 栏次 rows below a one-row header', () => {
  it.each(FORMATS)('applies a unit row: 元 under a money column converts to 万元 (%s)', async (format) => {
    const upload = await parseStatisticalSheet(format, {
      name: '运营机构',
      header: AGENCY_HEADER,
      below: [AGENCY_UNITS],
      data: AGENCY_DATA,
    });

    const sheet = sheetOf(upload, 'agencies');
    expect(upload.issues).toEqual([]);
    expect(sheet.headerRow).toBe(1);
    expect(numbered(upload, 'agencies')).toEqual([
      [3, AGENCY_RECORDS[0]],
      [4, AGENCY_RECORDS[1]],
    ]);
    expect(sheet.rowsRead).toBe(2);
  });

  it.each(FORMATS)('skips a 栏次 row of 甲, 乙, 丙 then 1, 2, 3 (%s)', async (format) => {
    const upload = await parseStatisticalSheet(format, {
      name: '运营机构',
      header: AGENCY_HEADER,
      below: [AGENCY_COLUMN_NUMBERS],
      data: [[1, '甲运营中心', uscc(31), 1500, 1200, 2500]],
    });

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'agencies').headerRow).toBe(1);
    expect(numbered(upload, 'agencies')).toEqual([[3, AGENCY_RECORDS[0]]]);
  });

  it.each([
    ['numbers in brackets', ['栏次', '甲', '乙', '（1）', '(2)', '（3）']],
    ['circled numbers', [null, '甲', '乙', '①', '②', '③']],
    ['a label and numbers only', ['栏次', null, null, '1', '2', '3']],
    ['stems around the numbers', ['甲', '乙', '丙', '1', '2', '丁']],
  ])('skips a 栏次 row written with %s', async (_case, columnNumbers) => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: AGENCY_HEADER,
      below: [columnNumbers as FixtureRow],
      data: [[1, '甲运营中心', uscc(31), 1500, 1200, 2500]],
    });

    expect(upload.issues).toEqual([]);
    expect(numbered(upload, 'agencies')).toEqual([[3, AGENCY_RECORDS[0]]]);
  });

  it.each([
    ['unit row first', 'xlsx', [AGENCY_UNITS, AGENCY_COLUMN_NUMBERS]],
    ['栏次 row first', 'xlsx', [AGENCY_COLUMN_NUMBERS, AGENCY_UNITS]],
    ['unit row first', 'csv', [AGENCY_UNITS, AGENCY_COLUMN_NUMBERS]],
    ['栏次 row first', 'csv', [AGENCY_COLUMN_NUMBERS, AGENCY_UNITS]],
  ] as Array<[string, Format, FixtureRow[]]>)(
    'skips a unit row and a 栏次 row together, the units applying: %s (%s)',
    async (_order, format, below) => {
      const upload = await parseStatisticalSheet(format, {
        name: '运营机构',
        titles: [['2024年第三季度运营机构统计表']],
        header: AGENCY_HEADER,
        below,
        data: AGENCY_DATA,
      });

      expect(upload.issues).toEqual([]);
      expect(sheetOf(upload, 'agencies').headerRow).toBe(2);
      expect(numbered(upload, 'agencies')).toEqual([
        [5, AGENCY_RECORDS[0]],
        [6, AGENCY_RECORDS[1]],
      ]);
    },
  );

  it.each(FORMATS)('skips a 栏次 row under a 核心指标 header (%s)', async (format) => {
    const upload = await parseStatisticalSheet(format, {
      name: '核心指标',
      header: ['指标代码', '指标名称', '单位', '本期值', '备注'],
      below: [['甲', '乙', '丙', 1, 2]],
      data: [
        ['A01', '产业知识产权联盟数', '个', 3, null],
        ['B01', '专利申请量', '件', 1000, null],
      ],
    });

    expect(upload.issues).toEqual([]);
    expect(numbered(upload, 'core')).toEqual([
      [3, coreValue('A01', 3)],
      [4, coreValue('B01', 1000)],
    ]);
  });

  it('recognises the sheet kind of a CSV named data.csv above a unit row', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: 'data',
      header: AGENCY_HEADER,
      below: [AGENCY_UNITS],
      data: AGENCY_DATA,
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual(AGENCY_RECORDS);
  });
});

describe('unit and 栏次 rows below a two-row header', () => {
  const header: readonly HeaderColumn[] = [
    '序号',
    '企业名称',
    '统一社会信用代码',
    { group: '知识产权情况', children: ['有效发明专利量', 'PCT申请量'] },
    { group: '金融服务', children: ['知识产权质押融资金额', '知识产权保险保障金额'] },
    '是否贯标',
  ];

  it.each(FORMATS)(
    'applies the unit row to grouped columns and skips the 栏次 row below both header rows (%s)',
    async (format) => {
      const upload = await parseStatisticalSheet(format, {
        name: '重点企业',
        titles: [['2024年第三季度重点企业统计表']],
        header,
        below: [
          ['单位', '-', '-', '件', '件', '元', '万元', '-'],
          ['甲', '乙', '丙', 1, 2, 3, 4, '丁'],
        ],
        data: [
          [1, '甲科技有限公司', uscc(21), 120, 3, 5_000_000, 300, '是'],
          [2, '乙材料有限公司', uscc(22), 15, 0, 1_234_567, 0, '否'],
          ['合计', null, null, 135, 3, 6_234_567, 300, null],
        ],
      });

      const sheet = sheetOf(upload, 'enterprises');
      expect(upload.issues).toEqual([]);
      expect(sheet.headerRow).toBe(3);
      expect(numbered(upload, 'enterprises')).toEqual([
        [
          6,
          {
            name: '甲科技有限公司',
            uscc: uscc(21),
            validInventionPatents: 120,
            pctApplications: 3,
            pledgeFinancing: 500,
            insuranceCoverage: 300,
            certified: true,
          },
        ],
        [
          7,
          {
            name: '乙材料有限公司',
            uscc: uscc(22),
            validInventionPatents: 15,
            pctApplications: 0,
            pledgeFinancing: 123.4567,
            insuranceCoverage: 0,
            certified: false,
          },
        ],
      ]);
      expect(sheet.total).toMatchObject({
        row: 8,
        values: { validInventionPatents: 135, pledgeFinancing: 623.4567, insuranceCoverage: 300 },
      });
    },
  );

  it('lets a unit row speak for a column under a group headed in another unit', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: [
        '机构名称',
        '统一社会信用代码',
        { group: '主营业务收入（元）', children: ['本年累计主营业务收入', '上年度主营业务收入'] },
      ],
      below: [['计量单位', null, '万元', null]],
      data: [['甲运营中心', uscc(31), 1500, 25_000_000]],
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual([
      { name: '甲运营中心', uscc: uscc(31), revenueYtd: 1500, revenueLastYear: 2500 },
    ]);
  });
});

describe('rows that are data, not unit or 栏次 rows', () => {
  it.each(FORMATS)(
    'keeps a first data row whose numbers happen to read 1, 2, 3 (it has a name and a credit code) (%s)',
    async (format) => {
      const upload = await parseStatisticalSheet(format, {
        name: '运营机构',
        header: AGENCY_HEADER,
        data: [
          [1, '甲运营中心', uscc(31), 2, 3, 4],
          [2, '乙服务中心', uscc(32), 5, 6, 7],
        ],
      });

      expect(upload.issues).toEqual([]);
      expect(numbered(upload, 'agencies')).toEqual([
        [
          2,
          {
            name: '甲运营中心',
            uscc: uscc(31),
            revenueYtd: 2,
            revenueSamePeriodLastYear: 3,
            revenueLastYear: 4,
          },
        ],
        [
          3,
          {
            name: '乙服务中心',
            uscc: uscc(32),
            revenueYtd: 5,
            revenueSamePeriodLastYear: 6,
            revenueLastYear: 7,
          },
        ],
      ]);
    },
  );

  it('keeps a first data row whose text cells hold units (a 成效单位 of 万元)', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '典型案例',
      header: ['案例名称', '模式类别', '主要做法', '成效指标', '成效数值', '成效单位'],
      data: [['质押融资服务', '质押融资', '银行与评估机构合作', '融资金额', 3000, '万元']],
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'cases')).toHaveLength(1);
  });

  it('reports a first row of numbers alone, without stems or label, as a data row with its empty cells', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: AGENCY_HEADER,
      data: [[null, null, null, 1, 2, 3]],
    });

    expect(upload.issues.map((issue) => [issue.code, issue.cell])).toEqual([
      ['CELL_REQUIRED', 'B2'],
      ['CELL_REQUIRED', 'C2'],
    ]);
  });

  it('reads a second unit row as data', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: AGENCY_HEADER,
      below: [AGENCY_UNITS, AGENCY_UNITS],
      data: AGENCY_DATA,
    });

    expect(codesOf(upload)).toContain('CELL_REQUIRED');
    expect(new Set(upload.issues.map((issue) => issue.row))).toEqual(new Set([3]));
  });

  it('takes a sheet of only a header, a unit row and a 栏次 row as not submitted', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: AGENCY_HEADER,
      below: [AGENCY_UNITS, AGENCY_COLUMN_NUMBERS],
      data: [],
    });

    expect(codesOf(upload)).toEqual(['SHEET_EMPTY', 'NO_DATA']);
  });
});

describe('issues of sheets with unit and 栏次 rows', () => {
  it.each(FORMATS)('reports a unit that does not fit its column at the unit row (%s)', async (format) => {
    const upload = await parseStatisticalSheet(format, {
      name: '高价值专利组合',
      header: ['组合名称', '发明专利数', 'PCT申请数'],
      below: [
        ['计量单位', '万元', '件'],
        ['甲', 1, 2],
      ],
      data: [['新能源汽车高价值专利组合', 60, 12]],
    });

    expect(issueOf(upload, 'COLUMN_UNIT_INVALID')).toEqual({
      severity: 'error',
      code: 'COLUMN_UNIT_INVALID',
      sheet: format === 'csv' ? '高价值专利组合.csv' : '高价值专利组合',
      row: 2,
      column: '发明专利数',
      cell: 'B2',
      value: '万元',
      message: '列“发明专利数”的单位“万元”与该列不相容',
    });
    expect(codesOf(upload)).toEqual(['COLUMN_UNIT_INVALID']);
  });

  it('reports the same issue for a unit that does not fit, in the header brackets or in a unit row', async () => {
    const inBrackets = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: ['机构名称', '统一社会信用代码', '本年累计主营业务收入（%）'],
      data: [['甲运营中心', uscc(31), 1500]],
    });
    const inUnitRow = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: ['机构名称', '统一社会信用代码', '本年累计主营业务收入'],
      below: [[null, null, '%']],
      data: [['甲运营中心', uscc(31), 1500]],
    });

    const what = (upload: ParsedUpload) => upload.issues.map(({ severity, code }) => ({ severity, code }));
    expect(what(inUnitRow)).toEqual(what(inBrackets));
    expect(what(inUnitRow)).toEqual([{ severity: 'error', code: 'COLUMN_UNIT_INVALID' }]);
  });

  it('reports a unit row that contradicts the money unit in the header brackets', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）'],
      below: [['计量单位', null, '元']],
      data: [['甲运营中心', uscc(31), 1500]],
    });

    expect(issueOf(upload, 'COLUMN_UNIT_INVALID')).toMatchObject({
      row: 2,
      column: '本年累计主营业务收入（万元）',
      cell: 'C2',
      value: '元',
    });
  });

  it.each(FORMATS)(
    'rejects a money column left blank in the unit row right of 元: the unit cell may be merged (%s)',
    async (format) => {
      const upload = await parseStatisticalSheet(format, {
        name: '运营机构',
        header: ['机构名称', '统一社会信用代码', '本年累计主营业务收入', '上年同期主营业务收入'],
        below: [['计量单位', null, '元', null]],
        data: [['甲运营中心', uscc(31), 15_000_000, 12_000_000]],
      });

      expect(codesOf(upload)).toEqual(['COLUMN_UNIT_INVALID']);
      expect(issueOf(upload, 'COLUMN_UNIT_INVALID')).toMatchObject({
        severity: 'error',
        row: 2,
        column: '上年同期主营业务收入',
        cell: 'D2',
        message: expect.stringContaining('左侧一列为“元”（可能是合并单元格）'),
      });
    },
  );

  it('reads a money column blank in the unit row in its header unit, or in 万元 next to 万元', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '运营机构',
      header: [
        '机构名称',
        '统一社会信用代码',
        '本年累计主营业务收入',
        '上年同期主营业务收入（元）',
        '上年度主营业务收入',
      ],
      below: [['计量单位', null, '元', null, null]],
      data: [['甲运营中心', uscc(31), 15_000_000, 12_000_000, 2_500]],
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual([
      {
        name: '甲运营中心',
        uscc: uscc(31),
        revenueYtd: 1500,
        revenueSamePeriodLastYear: 1200,
        revenueLastYear: 2500,
      },
    ]);
  });

  it('lets the header brackets win over a unit row that agrees with them or names another counter word', async () => {
    const upload = await parseStatisticalSheet('csv', {
      name: '高价值专利组合',
      header: ['组合名称', '发明专利数（件）', 'PCT申请数（件）'],
      below: [['计量单位', '件', '个']],
      data: [['新能源汽车高价值专利组合', 60, 12]],
    });

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'portfolios')).toEqual([
      { name: '新能源汽车高价值专利组合', inventionPatents: 60, pctApplications: 12 },
    ]);
  });

  it.each(FORMATS)(
    'locates cell problems at their Excel rows below the skipped rows (%s)',
    async (format) => {
      const wrongCheck = `${uscc(32).slice(0, 17)}${uscc(32).endsWith('0') ? '1' : '0'}`;
      const upload = await parseStatisticalSheet(format, {
        name: '运营机构',
        titles: [['2024年第三季度运营机构统计表']],
        header: AGENCY_HEADER,
        below: [AGENCY_UNITS, AGENCY_COLUMN_NUMBERS],
        data: [
          [1, '甲运营中心', uscc(31), 'abc', null, null],
          [2, '乙服务中心', wrongCheck, 100, null, null],
        ],
      });

      expect(upload.issues.map((issue) => [issue.code, issue.row, issue.cell])).toEqual([
        ['NUMBER_INVALID', 5, 'D5'],
        ['USCC_CHECKSUM', 6, 'C6'],
      ]);
    },
  );
});

describe('sheets without unit or 栏次 rows', () => {
  it('reads a CSV whose header is followed directly by data as before', async () => {
    const rows: FixtureRow[] = [
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入（元）'],
      ['甲运营中心', uscc(31), 15_000_000],
    ];

    const upload = await parse(encode(csvText(rows)), 'agencies.csv');

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'agencies').headerRow).toBe(1);
    expect(numbered(upload, 'agencies')).toEqual([
      [2, { name: '甲运营中心', uscc: uscc(31), revenueYtd: 1500 }],
    ]);
  });
});

describe('recognising unit and 栏次 rows', () => {
  it.each<[string, FixtureRow]>([
    ['units, dashes and the label', ['计量单位', '—', '-', '件', '万元', '%']],
    ['units in brackets or after 单位：', [null, '/', '（元）', '[家]', '单位：万元', null]],
    ['the label and dashes only', ['单位', '——', '－', null]],
  ])('takes a row of %s for a unit row', (_case, cells) => {
    expect(auxiliaryRow(cells, cells.length)?.kind).toBe('units');
  });

  it.each<[string, FixtureRow]>([
    ['stems then numbers', ['甲', '乙', '丙', 1, 2, 3]],
    ['a label then numbers', ['栏次', 1, 2]],
    ['a 序号 label, a stem and bracketed numbers', ['序号', '甲', '（1）', '（2）']],
  ])('takes a row of %s for a 栏次 row', (_case, cells) => {
    expect(auxiliaryRow(cells, cells.length)?.kind).toBe('columnNumbers');
  });

  it.each<[string, FixtureRow]>([
    ['a data row with name and credit code', ['甲运营中心', uscc(31), 1, 2, 3]],
    ['a data row whose number cells read 件', ['甲运营中心', uscc(31), '件', '件']],
    ['a unit row with a number in it', ['计量单位', '件', 3]],
    ['a unit unknown to the catalogue', ['计量单位', '人', '件']],
    ['dashes alone', ['—', '—', '—']],
    ['one column number', ['甲', '乙', 1]],
    ['numbers that skip', ['甲', '乙', 1, 3]],
    ['numbers that go down', ['甲', '乙', 2, 1]],
    ['numbers without stems or label', [null, null, 1, 2, 3]],
    ['stems out of order', ['乙', '甲', 1, 2]],
    ['a label after the stems', ['甲', '栏次', 1, 2]],
  ])('takes %s for neither', (_case, cells) => {
    expect(auxiliaryRow(cells, cells.length)).toBeUndefined();
  });

  it('looks only at the cells under the header', () => {
    expect(auxiliaryRow(['计量单位', '件', '注：单位为件'], 2)?.kind).toBe('units');
  });
});
