import { describe, expect, it } from 'vitest';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import {
  agency,
  codesOf,
  issueOf,
  parse,
  portfolio,
  recordsOf,
  sheetOf,
  unzipParts,
  uscc,
  workbook,
  type ZipPart,
  zipOf,
} from './builders.ts';

const PORTFOLIO_HEADER = ['组合名称', '发明专利数（件）', 'PCT申请数（件）', '形成日期'];
const AGENCY_HEADER = ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）'];

describe('xlsx cells', () => {
  it('uses the cached result of formulas, including a zero result and shared formulas', async () => {
    const xlsx = await workbook({
      name: '高价值专利组合',
      rows: [
        PORTFOLIO_HEADER,
        ['甲组合', { formula: 'C2*5', result: 60 }, 12],
        ['乙组合', { formula: 'C3*5', result: 0 }, { sharedFormula: 'B3', result: 0 } as never],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'portfolios')).toEqual([
      { name: '甲组合', inventionPatents: 60, pctApplications: 12 },
      { name: '乙组合', inventionPatents: 0, pctApplications: 0 },
    ]);
  });

  it('reports a formula without a cached result and an error result', async () => {
    const xlsx = await workbook({
      name: '高价值专利组合',
      rows: [
        PORTFOLIO_HEADER,
        ['甲组合', { formula: 'SUM(X1:X9)' } as never, 1],
        ['乙组合', { formula: '1/0', result: { error: '#DIV/0!' } }, 1],
        ['丙组合', { error: '#N/A' }, 1],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues.map((issue) => [issue.code, issue.cell, issue.value])).toEqual([
      ['FORMULA_NO_RESULT', 'B2', '=SUM(X1:X9)'],
      ['CELL_ERROR_VALUE', 'B3', undefined],
      ['CELL_ERROR_VALUE', 'B4', '#N/A'],
    ]);
    expect(recordsOf(upload, 'portfolios')).toEqual([]);
  });

  it('joins rich-text runs and reads a hyperlink as its text', async () => {
    const xlsx = await workbook({
      name: '运营机构',
      rows: [
        AGENCY_HEADER,
        [
          { richText: [{ text: '深圳市' }, { text: '运营中心', font: { bold: true } }] },
          { text: uscc(1), hyperlink: 'https://www.gsxt.gov.cn' },
          10,
        ],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(recordsOf(upload, 'agencies')).toEqual([
      { name: '深圳市运营中心', uscc: uscc(1), revenueYtd: 10 },
    ]);
  });

  it('reads Excel dates and serial numbers in a date column', async () => {
    const xlsx = await workbook({
      name: '高价值专利组合',
      rows: [
        PORTFOLIO_HEADER,
        ['甲组合', 60, 10, new Date(Date.UTC(2024, 6, 1))],
        ['乙组合', 50, 10, 45474],
        ['丙组合', 50, 10, '2024年7月1日'],
      ],
      formats: { D2: 'yyyy"年"m"月"d"日"' },
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(recordsOf(upload, 'portfolios').map((record) => record.formedOn)).toEqual([
      '2024-07-01',
      '2024-07-01',
      '2024-07-01',
    ]);
  });

  it('keeps Chinese text intact in large shared-string tables', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `深圳市第${i}号知识产权运营服务有限公司（前海）`);
    const xlsx = await writeUploadWorkbook({
      agencies: names.map((name, i) => agency({ name, uscc: uscc(i) })),
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(recordsOf(upload, 'agencies').map((record) => record.name)).toEqual(names);
  });
});

describe('xlsx sheets', () => {
  const agencySheet = (name: string) => ({ name, rows: [AGENCY_HEADER, ['甲', uscc(3), 1]] });

  it.each(['核心指标（2024Q3）', ' 运营机构 ', '深圳重点企业明细', '高价值专利组合(1)'])(
    'recognises the sheet name %j',
    async (name) => {
      const xlsx = await workbook({ name, rows: [['标题']] });

      const upload = await parse(xlsx, '深圳.xlsx');

      expect(issueOf(upload, 'HEADER_NOT_FOUND').sheet).toBe(name);
    },
  );

  it('recognises a sheet by its header when the name says nothing', async () => {
    const upload = await parse(await workbook(agencySheet('Sheet1')), '深圳.xlsx');

    expect(sheetOf(upload, 'agencies').name).toBe('Sheet1');
  });

  it('warns about an unknown sheet and reads the others', async () => {
    const xlsx = await workbook(agencySheet('运营机构'), {
      name: '联系人',
      rows: [
        ['姓名', '电话'],
        ['张三', '123'],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'SHEET_UNKNOWN',
        sheet: '联系人',
        message: '未识别的工作表“联系人”，已忽略',
      }),
    ]);
    expect(upload.sheets).toHaveLength(1);
  });

  it('skips the template instructions and hidden helper sheets silently', async () => {
    const xlsx = await workbook({ name: '说明', rows: [['填报说明……']] }, agencySheet('运营机构'), {
      name: '下拉选项',
      rows: [['运营机构', '服务机构']],
      state: 'hidden',
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(upload.sheets.map((sheet) => sheet.kind)).toEqual(['agencies']);
  });

  it('rejects a second sheet of the same kind', async () => {
    const xlsx = await workbook(agencySheet('运营机构'), agencySheet('运营机构（修改）'));

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(issueOf(upload, 'SHEET_DUPLICATE')).toMatchObject({
      severity: 'error',
      sheet: '运营机构（修改）',
    });
    expect(upload.sheets.map((sheet) => sheet.name)).toEqual(['运营机构']);
  });

  it('reads a workbook whose parts come in another order', async () => {
    const parts = await unzipParts(await writeUploadWorkbook({ portfolios: [portfolio()] }));

    const upload = await parse(zipOf([...parts].reverse()), '深圳.xlsx');

    expect(recordsOf(upload, 'portfolios')).toEqual([portfolio()]);
  });
});

describe('xlsx from other producers', () => {
  const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${text}`);
  const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

  /** A package with inline strings, no shared strings, no styles, absolute part names and prefixed elements. */
  function handMadeWorkbook(sheetXml?: string): Buffer {
    const parts: ZipPart[] = [
      {
        name: '[Content_Types].xml',
        data: xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      },
      {
        name: '_rels/.rels',
        data: xml(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/></Relationships>',
        ),
      },
      {
        name: 'book/main.xml',
        data: xml(
          '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="运营机构 &amp; 名录" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>',
        ),
      },
      {
        name: 'book/_rels/main.xml.rels',
        data: xml(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/book/sheets/data.xml"/></Relationships>',
        ),
      },
      {
        name: 'book/sheets/data.xml',
        data: xml(
          sheetXml ??
            `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${inline('A1', '机构名称')}${inline('B1', '统一社会信用代码')}${inline('C1', '本年累计主营业务收入')}</row><row r="3">${inline('A3', '甲机构')}${inline('B3', uscc(5))}<c r="C3"><v>12.5</v></c></row></sheetData></worksheet>`,
        ),
      },
    ];
    return zipOf(parts);
  }

  it('finds the parts through the package relationships', async () => {
    const upload = await parse(handMadeWorkbook(), '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(sheetOf(upload, 'agencies')).toMatchObject({ name: '运营机构 & 名录', headerRow: 1 });
    expect(sheetOf(upload, 'agencies').rows.map((row) => [row.row, row.record])).toEqual([
      [3, { name: '甲机构', uscc: uscc(5), revenueYtd: 12.5 }],
    ]);
  });

  it('reports a worksheet that is not well-formed XML as corrupt, keeping nothing of it', async () => {
    const upload = await parse(
      handMadeWorkbook(
        `<worksheet><sheetData><row r="1">${inline('A1', '机构名称')}</row><row r="2"><c r="A2" t="inlineStr"><is><t>甲</x></is></c></row></sheetData></worksheet>`,
      ),
      '深圳.xlsx',
    );

    expect(upload.issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'FILE_CORRUPT',
        sheet: '深圳.xlsx',
        message: '文件已损坏或不完整（工作表内容无法解析），请用 Excel 或 WPS 重新保存后上传',
      }),
    ]);
    expect(upload.sheets).toEqual([]);
  });
});

describe('基本信息', () => {
  it('reads label/value pairs with their cells', async () => {
    const xlsx = await writeUploadWorkbook({
      info: {
        cityCode: '440300',
        cityName: '深圳市',
        period: '2024Q3',
        reportingUnit: '深圳市市场监督管理局',
        contactPerson: '张三',
        phone: '0755-12345678',
        filledOn: '2024-10-08',
      },
      agencies: [agency()],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.info?.values).toEqual({
      cityCode: '440300',
      cityName: '深圳市',
      period: '2024Q3',
      reportingUnit: '深圳市市场监督管理局',
      contactPerson: '张三',
      phone: '0755-12345678',
      filledOn: '2024-10-08',
    });
    expect(upload.info?.cells.period).toEqual({ row: 4, column: '报告期', cell: 'B4' });
    expect(upload.info?.sheet).toBe('基本信息');
  });

  it('reads a side-by-side layout, numbers, Excel dates and a Chinese period', async () => {
    const xlsx = await workbook(
      {
        name: '基本信息',
        rows: [
          ['深圳市知识产权运营服务体系建设统计报表'],
          ['城市代码：', 440300, '城市名称', '深圳市'],
          ['报告期', '2024年第三季度', '填报日期', new Date(Date.UTC(2024, 9, 8))],
          ['填报人', null, '联系电话', '13800000000'],
        ],
      },
      { name: '运营机构', rows: [AGENCY_HEADER, ['甲', uscc(3), 1]] },
    );

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.info?.values).toEqual({
      cityCode: '440300',
      cityName: '深圳市',
      period: '2024Q3',
      filledOn: '2024-10-08',
      phone: '13800000000',
    });
    expect(upload.info?.cells.filledOn?.cell).toBe('D3');
  });

  it('does not count 基本信息 alone as a data sheet', async () => {
    const xlsx = await writeUploadWorkbook({ info: { cityCode: '440300', period: '2024Q3' } });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(codesOf(upload)).toEqual(['NO_KNOWN_SHEET']);
    expect(upload.info?.values.cityCode).toBe('440300');
  });
});
