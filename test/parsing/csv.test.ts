import { describe, expect, it } from 'vitest';
import { writeUploadCsv } from '#demo/uploadFiles/writeUpload.ts';
import type { DataSheetKind } from '#shared/catalogue/sheets.ts';
import type { AgencyRecord } from '#shared/domain/records.ts';
import {
  agency,
  codesOf,
  coreValue,
  csvText,
  type Delimiter,
  encode,
  enterprise,
  issueOf,
  parse,
  parseCsvRows,
  portfolio,
  recordsOf,
  sheetOf,
  type TextEncoding,
  typicalCase,
  uscc,
} from './builders.ts';

const AGENCY_HEADER = ['机构名称', '统一社会信用代码', '机构类型', '本年累计主营业务收入（万元）'];
const RECORDS = {
  core: coreValue('A01', 3),
  agencies: agency(),
  portfolios: portfolio(),
  enterprises: enterprise(),
  cases: typicalCase(),
};
const agencyRow = (record: AgencyRecord) => [
  record.name,
  record.uscc,
  record.type ?? null,
  record.revenueYtd,
];
const agencies = [
  agency({ name: '甲运营机构', uscc: uscc(11) }),
  agency({ name: '乙服务机构', uscc: uscc(12), type: '服务机构', revenueYtd: 88.5 }),
];

describe('CSV encodings and separators', () => {
  it.each<TextEncoding>(['utf8', 'utf8-bom', 'gb18030', 'gbk', 'utf16le-bom'])(
    'reads %s text',
    async (encoding) => {
      const upload = await parseCsvRows('agencies.csv', [AGENCY_HEADER, ...agencies.map(agencyRow)], {
        encoding,
      });

      expect(upload.issues).toEqual([]);
      expect(recordsOf(upload, 'agencies')).toEqual(agencies);
    },
  );

  it.each<[string, Delimiter]>([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('reads %s separated values', async (_name, delimiter) => {
    const upload = await parseCsvRows(
      'agencies.csv',
      [AGENCY_HEADER, ...agencies.map(agencyRow), ['丙机构', uscc(13), null, '1,234.5']],
      { delimiter },
    );

    expect(recordsOf(upload, 'agencies').map((record) => record.revenueYtd)).toEqual([1200, 88.5, 1234.5]);
  });

  it('rejects text that stops being valid UTF-8 after the sampled beginning', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) =>
      agencyRow(agency({ name: `机构${i}号知识产权运营有限公司`, uscc: uscc(i) })),
    );
    const valid = encode(csvText([AGENCY_HEADER, ...rows]));
    const damaged = Buffer.concat([valid, Buffer.from([0xff, 0xfe, 0x0d, 0x0a])]);

    const upload = await parse(damaged, 'agencies.csv');

    expect(valid.length).toBeGreaterThan(64 * 1024);
    expect(codesOf(upload)).toEqual(['ENCODING_INVALID']);
  });

  it('rejects GB18030 text with a byte sequence GB18030 cannot have after the sampled beginning', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) =>
      agencyRow(agency({ name: `机构${i}号知识产权运营有限公司`, uscc: uscc(i) })),
    );
    const valid = encode(csvText([AGENCY_HEADER, ...rows]), 'gb18030');
    // 0x81 opens a two- or four-byte character; a line break cannot continue it.
    const damaged = Buffer.concat([valid, Buffer.from([0x81, 0x0d, 0x0a])]);

    const upload = await parse(damaged, 'agencies.csv');

    expect(valid.length).toBeGreaterThan(64 * 1024);
    expect(codesOf(upload)).toEqual(['ENCODING_INVALID']);
  });

  it('rejects text that is neither UTF-8 nor GB18030 from its first line', async () => {
    // Windows-1252 `Café` followed by 0xFF, which no GB18030 character starts with.
    const bytes = Buffer.concat([
      encode(csvText([AGENCY_HEADER])),
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0xff, 0x0a]),
    ]);

    const upload = await parse(bytes, 'agencies.csv');

    expect(codesOf(upload)).toEqual(['ENCODING_INVALID']);
  });

  it('rejects a file with nothing but blank lines as empty', async () => {
    const upload = await parse(Buffer.from('\r\n \r\n,,,\r\n'), 'agencies.csv');

    expect(codesOf(upload)).toEqual(['FILE_EMPTY']);
  });
});

describe('CSV records and row numbers', () => {
  it('counts a quoted field with line breaks as one row, as Excel shows it', async () => {
    const text = csvText([
      ['2024年第三季度运营机构统计表'],
      AGENCY_HEADER,
      ['甲机构\n（总部）', uscc(21), '运营机构', 10],
      ['乙机构', '91440300MA5F00002X', '运营机构', 20],
    ]);

    const upload = await parse(encode(text), 'agencies.csv');

    expect(sheetOf(upload, 'agencies').rows.map((row) => [row.row, row.record.name])).toEqual([
      [3, '甲机构\n（总部）'],
    ]);
    expect(issueOf(upload, 'USCC_CHECKSUM')).toMatchObject({
      row: 4,
      cell: 'B4',
      column: '统一社会信用代码',
      sheet: 'agencies.csv',
    });
  });

  it('reports an unterminated quote at the record where it starts', async () => {
    const text = `${AGENCY_HEADER.join(',')}\r\n甲机构,${uscc(31)},运营机构,10\r\n"乙机构,${uscc(32)},运营机构,20\r\n`;

    const upload = await parse(encode(text), 'agencies.csv');

    expect(issueOf(upload, 'CSV_QUOTE_INVALID')).toMatchObject({ severity: 'error', row: 3 });
  });
});

describe('CSV records', () => {
  it('gives every row of a sheet the same fields, an empty optional cell as a field without value that JSON leaves out', async () => {
    // Prepare: the second agency without its optional 机构类型.
    const rows = [agencies[1]!, { ...agencies[0]!, type: undefined }];

    // Act
    const upload = await parseCsvRows('agencies.csv', [AGENCY_HEADER, ...rows.map(agencyRow)]);

    // Assess: one shape for all records (what keeps validation and storage fast), the same values and JSON as the rows.
    const [filled, empty] = recordsOf(upload, 'agencies');
    expect(Object.keys(empty!)).toEqual(Object.keys(filled!));
    expect(empty!.type).toBeUndefined();
    expect(JSON.parse(JSON.stringify(empty))).toEqual({
      name: '甲运营机构',
      uscc: uscc(11),
      revenueYtd: agencies[0]!.revenueYtd,
    });
    expect(JSON.stringify(filled)).toBe(JSON.stringify(agencies[1]));
  });
});

describe('CSV sheet kind', () => {
  it.each([
    ['深圳-运营机构-2024Q3.csv', 'agencies'],
    ['agencies.csv', 'agencies'],
    ['SZ_key-enterprises_2024q3.csv', 'enterprises'],
    ['核心指标（2024Q3）.csv', 'core'],
    ['portfolios.CSV', 'portfolios'],
    ['典型案例 .csv', 'cases'],
  ])('takes the kind of %s from its name', async (fileName, kind) => {
    const csv = writeUploadCsv(kind as DataSheetKind, [RECORDS[kind as DataSheetKind]] as never);

    const upload = await parse(csv, fileName);

    expect(upload.sheets.map((sheet) => [sheet.kind, sheet.name])).toEqual([[kind, fileName]]);
  });

  it('lets the name decide when the header alone is ambiguous', async () => {
    const rows = [
      ['企业名称', '统一社会信用代码', '机构类型'],
      ['甲', uscc(14), '运营机构'],
    ];

    const named = await parseCsvRows('agencies.csv', rows);
    const unnamed = await parseCsvRows('upload.csv', rows);

    expect(sheetOf(named, 'agencies').columns).toEqual({
      uscc: { header: '统一社会信用代码', letter: 'B' },
      type: { header: '机构类型', letter: 'C' },
    });
    expect(
      named.issues.filter((issue) => issue.code === 'COLUMN_MISSING').map((issue) => issue.column),
    ).toEqual(['机构名称', '本年累计主营业务收入（万元）']);
    expect(codesOf(unnamed)).toEqual(['CSV_SHEET_UNKNOWN']);
  });

  it('falls back to the header row when the name says nothing', async () => {
    const upload = await parseCsvRows('upload-1.csv', [
      ['2024年第三季度'],
      AGENCY_HEADER,
      agencyRow(agencies[0] as AgencyRecord),
    ]);

    expect(sheetOf(upload, 'agencies').headerRow).toBe(2);
    expect(recordsOf(upload, 'agencies')).toEqual([agencies[0]]);
  });

  it('rejects a CSV whose kind neither its name nor its header tells', async () => {
    const upload = await parseCsvRows('data.csv', [
      ['姓名', '年龄'],
      ['张三', 30],
    ]);

    expect(issueOf(upload, 'CSV_SHEET_UNKNOWN')).toMatchObject({ severity: 'error', sheet: 'data.csv' });
    expect(upload.sheets).toEqual([]);
  });

  it('stops reading a named CSV whose first 20 non-blank rows hold no header', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`第${i}行`, '说明']);

    const upload = await parseCsvRows('agencies.csv', rows);

    expect(upload.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'HEADER_NOT_FOUND', sheet: 'agencies.csv' }),
    ]);
    expect(upload.sheets).toEqual([]);
  });

  it('rejects 基本信息 as a CSV', async () => {
    const upload = await parseCsvRows('基本信息.csv', [
      ['项目', '内容'],
      ['城市代码', '440300'],
    ]);

    expect(issueOf(upload, 'CSV_SHEET_UNKNOWN').message).toContain('基本信息不支持');
  });

  it('rejects a 填报说明 CSV, telling the city to explain in the row’s 备注 column instead', async () => {
    const upload = await parseCsvRows('填报说明.csv', [
      ['指标或工作表', '核实说明'],
      ['C01', '部分单位证书到期'],
    ]);

    expect(upload.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'CSV_SHEET_UNKNOWN' }),
    ]);
    expect(issueOf(upload, 'CSV_SHEET_UNKNOWN').message).toMatch(
      /^填报说明（核实性审核说明）不能以 CSV 单独上传.*请在需核实的那一行的“备注”列中说明原因/,
    );
    expect(upload.sheets).toEqual([]);
  });

  it('reads a CSV named like a 填报说明 by its data header, losing nothing', async () => {
    const upload = await parseCsvRows('说明.csv', [AGENCY_HEADER, ['甲机构', uscc(1), '运营机构', 500]]);

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'agencies').rowsRead).toBe(1);
  });

  it('names a CSV field by the column letter of its position', async () => {
    const upload = await parseCsvRows('agencies.csv', [
      ['', ...AGENCY_HEADER],
      ['', '甲机构', uscc(41), '运营机构', '-5'],
    ]);

    expect(issueOf(upload, 'NUMBER_NEGATIVE')).toMatchObject({
      row: 2,
      cell: 'E2',
      column: '本年累计主营业务收入（万元）',
      value: '-5',
    });
    expect(sheetOf(upload, 'agencies').columns.uscc).toEqual({ header: '统一社会信用代码', letter: 'C' });
  });
});

describe('a sheet with more problems than any report lists', () => {
  it('keeps the first 1,000 cell errors of a sheet in row order and counts the rest by code', async () => {
    // 600 rows, each with a count and an amount that cannot be read: 1,200 errors.
    const rows = Array.from({ length: 600 }, (_, i) => [`机构${i}`, uscc(i + 1), '很多', '不详']);

    const upload = await parseCsvRows('agencies.csv', [
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）', '上年度主营业务收入（万元）'],
      ...rows,
    ]);

    expect(upload.issues).toHaveLength(1000);
    expect(upload.issues.at(-1)).toMatchObject({ code: 'NUMBER_INVALID', row: 501, cell: 'D501' });
    expect(upload.omittedIssues).toEqual([
      { sheet: 'agencies.csv', code: 'NUMBER_INVALID', severity: 'error', count: 200 },
    ]);
  });
});

describe('rows wider than a worksheet', () => {
  it('reads a CSV of one endless line up to Excel’s last column and says why it has no data', async () => {
    const line = ['机构名称', '统一社会信用代码', ...Array.from({ length: 20_000 }, () => '1')];

    const upload = await parseCsvRows('agencies.csv', [line]);

    expect(codesOf(upload)).toEqual(['ROW_TOO_WIDE', 'SHEET_EMPTY', 'NO_DATA']);
    expect(issueOf(upload, 'ROW_TOO_WIDE')).toMatchObject({
      severity: 'warning',
      row: 1,
      message: expect.stringContaining('该行有 20002 列，超过 Excel 的上限 16384 列'),
    });
  });

  it('reads the data of a row with cells beyond column XFD and warns once', async () => {
    const wide = [...agencyRow(agencies[0]!), ...Array.from({ length: 17_000 }, () => '')];

    const upload = await parseCsvRows('agencies.csv', [
      AGENCY_HEADER,
      wide,
      wide.map((cell, i) => (i === 1 ? agencies[1]!.uscc : i === 0 ? agencies[1]!.name : cell)),
    ]);

    expect(codesOf(upload)).toEqual(['ROW_TOO_WIDE']);
    expect(recordsOf(upload, 'agencies').map((record) => record.name)).toEqual([
      agencies[0]!.name,
      agencies[1]!.name,
    ]);
  });
});

describe('a stray quote', () => {
  it('reports a field that swallowed the rest of the file, showing only its beginning', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `机构${i},${uscc(i + 1)},100`);
    const text = `机构名称,统一社会信用代码,本年累计主营业务收入（万元）\r\n"甲机构,${uscc(9)},100\r\n${rows.join('\r\n')}\r\n`;

    const upload = await parse(encode(text), 'agencies.csv');

    const issue = issueOf(upload, 'TEXT_TOO_LONG');
    expect(issue).toMatchObject({ severity: 'error', row: 2, cell: 'A2' });
    expect(issue.value?.length).toBe(201);
  });
});
