import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ValidateFileOptions, validateFile } from '#cli/validateFile.ts';
import type { UploadContent } from '#demo/uploadFiles/writeUpload.ts';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import { ISSUE_FILLS } from '#shared/validation/annotate.ts';
import { validateUpload } from '#shared/validation/validateUpload.ts';
import {
  type CellInput,
  type HeaderColumn,
  statisticalSheet,
  twoRowHeader,
  workbook,
} from '../parsing/builders.ts';
import { runInFreshProcess } from '../support/freshProcess.ts';
import {
  agency,
  CLEAN_CORE,
  context,
  enterprise,
  portfolio,
  typicalCase,
  uscc,
} from '../validation/builders.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ipstats-validate-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const options: ValidateFileOptions = {
  city: '440300',
  period: '2024Q3',
  registry: DEFAULT_REGISTRY,
  receivedAt: new Date('2024-10-10T02:00:00Z'),
  deadlineDays: 15,
};

const coreRecords = (values: Record<string, number>) =>
  Object.entries(values).map(([code, value]) => ({ code, value }));

const COMPLETE: UploadContent = {
  info: {
    cityCode: '440300',
    cityName: '深圳市',
    period: '2024Q3',
    reportingUnit: '深圳市市场监督管理局',
    filledOn: '2024-10-08',
  },
  core: coreRecords(CLEAN_CORE),
  agencies: [agency(1, { revenueYtd: 1500, revenueSamePeriodLastYear: 1200 }), agency(2)],
  portfolios: [portfolio(1)],
  enterprises: [enterprise(1, { certified: true, recommended: true })],
  cases: [typicalCase(1, { recommended: true, outcomeValue: 3000, outcomeUnit: '万元' })],
};

/**
 * Validates the files one after the other in a fresh Node process (TypeScript through tsx) and
 * tells after each whether exceljs has been loaded (CommonJS modules imported from ESM land in
 * `require.cache`).
 */
function exceljsLoadedAfter(
  files: ReadonlyArray<{ path: string; annotate: boolean }>,
): Promise<Array<{ status: string; exceljs: boolean }>> {
  const script = `
    import { createRequire } from 'node:module';
    const { validateFile } = await import('#cli/validateFile.ts');
    const { DEFAULT_REGISTRY } = await import('#shared/domain/registry.ts');
    const cache = createRequire(import.meta.url).cache;
    const results = [];
    for (const file of ${JSON.stringify(files)}) {
      const { report } = await validateFile(file.path, {
        city: '440300', period: '2024Q3', registry: DEFAULT_REGISTRY,
        receivedAt: new Date('2024-10-10T02:00:00Z'), deadlineDays: 15, annotate: file.annotate,
      });
      results.push({ status: report.status, exceljs: Object.keys(cache).some((path) => path.includes('/node_modules/exceljs/')) });
    }
    process.stdout.write(JSON.stringify(results));
  `;
  return runInFreshProcess(script);
}

async function save(name: string, content: Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** A wrong check character for a valid code. */
function withWrongCheck(code: string): string {
  return code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
}

describe('validateFile', () => {
  it('accepts a complete workbook and names the upload after its content', async () => {
    const path = await save('深圳2024Q3.xlsx', await writeUploadWorkbook(COMPLETE));

    const { report, annotated } = await validateFile(path, options);

    expect(report.status).toBe('accepted');
    expect(report.issues).toEqual([]);
    expect(report.uploadId).toMatch(/^local-[0-9a-f]{12}$/);
    expect(report.sheets.map((sheet) => [sheet.kind, sheet.status, sheet.rows])).toEqual([
      ['info', 'accepted', 5],
      ['core', 'accepted', 29],
      ['agencies', 'accepted', 2],
      ['portfolios', 'accepted', 1],
      ['enterprises', 'accepted', 1],
      ['cases', 'accepted', 1],
    ]);
    const workbook = await open(annotated!);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '校验结果',
      '基本信息',
      '核心指标',
      '运营机构',
      '高价值专利组合',
      '重点企业',
      '典型案例',
    ]);
  });

  it('reports reading and validation problems together, located as in Excel', async () => {
    const content: UploadContent = {
      ...COMPLETE,
      core: coreRecords({ ...CLEAN_CORE, B02: 1001 }),
      agencies: [agency(1), agency(2), agency(3, { uscc: uscc(1) })],
      enterprises: [enterprise(1), enterprise(2, { uscc: withWrongCheck(uscc(1002)) })],
    };
    const path = await save('errors.xlsx', await writeUploadWorkbook(content));

    const { report, annotated } = await validateFile(path, options);

    // 核心指标 row 8 holds B02 (header row 1, A01–A03, A05, A06 in rows 2–6, B01 in row 7).
    expect(report.issues.map((issue) => [issue.code, issue.sheet, issue.cell])).toEqual([
      ['INDICATOR_EXCEEDS', '核心指标', 'D8'],
      ['DUPLICATE_USCC', '运营机构', 'B4'],
      ['USCC_CHECKSUM', '重点企业', 'B3'],
    ]);
    expect(report.status).toBe('partially_accepted');
    expect(report.headline).toContain('核心指标被退回，2024Q3 尚不计为本市已报送');
    expect(report.sheets.filter((sheet) => sheet.status === 'rejected').map((sheet) => sheet.name)).toEqual([
      '核心指标',
      '运营机构',
      '重点企业',
    ]);
    const workbook = await open(annotated!);
    const marked = workbook.getWorksheet('重点企业')!.getCell('B3');
    expect((marked.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(ISSUE_FILLS.error);
    expect(String(marked.note)).toContain('统一社会信用代码');
    const summary = workbook.getWorksheet('校验结果')!;
    expect(String(summary.getCell('A2').value)).toContain('结果：部分通过');
    expect(String(summary.getCell('A3').value)).toBe(report.headline);
  });

  it('warns about a 合计 row that differs from the rows above it', async () => {
    const workbook = await open(
      await writeUploadWorkbook({
        agencies: [agency(1, { revenueYtd: 100 }), agency(2, { revenueYtd: 250.5 })],
      }),
    );
    workbook.getWorksheet('运营机构')!.addRow(['合计', null, null, 360.5, null, null]);
    const path = await save('totals.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));

    const { report } = await validateFile(path, options);

    expect(report.issues).toMatchObject([
      {
        severity: 'warning',
        code: 'TOTAL_MISMATCH',
        sheet: '运营机构',
        row: 4,
        cell: 'D4',
        message: expect.stringContaining('各行合计为 350.5'),
      },
    ]);
    expect(report.sheets).toEqual([
      { kind: 'agencies', name: '运营机构', status: 'accepted_with_warnings', rows: 2 },
    ]);
  });

  it('accepts a GB18030 CSV of one sheet and annotates it with the list only', async () => {
    const path = await save(
      'agencies.csv',
      writeUploadCsv('agencies', [agency(1), agency(2, { uscc: withWrongCheck(uscc(2)) })], {
        encoding: 'gb18030',
      }),
    );

    const { report, annotated } = await validateFile(path, options);

    expect(report.issues.map((issue) => [issue.code, issue.cell])).toEqual([['USCC_CHECKSUM', 'B3']]);
    expect(report.status).toBe('rejected');
    expect((await open(annotated!)).worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
  });

  it('loads exceljs only for a workbook or an annotated copy, not to check a CSV', async () => {
    const csv = await save('enterprises-lazy.csv', writeUploadCsv('enterprises', [enterprise(1)]));
    const xlsx = await save('complete-lazy.xlsx', await writeUploadWorkbook(COMPLETE));

    const loaded = await exceljsLoadedAfter([
      { path: csv, annotate: false },
      { path: xlsx, annotate: false },
    ]);

    expect(loaded).toEqual([
      { status: 'accepted', exceljs: false },
      { status: 'accepted', exceljs: true },
    ]);
  });

  it('reads the file even when the target is wrong, so that every problem shows at once', async () => {
    const path = await save(
      '深圳.xlsx',
      await writeUploadWorkbook({ ...COMPLETE, core: coreRecords({ ...CLEAN_CORE, E02: 10001 }) }),
    );

    const { report } = await validateFile(path, { ...options, city: '440399' });

    expect(report.issues.map((issue) => issue.code)).toEqual([
      'CITY_UNKNOWN',
      'INFO_CITY_MISMATCH',
      'INDICATOR_EXCEEDS',
    ]);
    expect(report.status).toBe('rejected');
  });

  it('rejects an empty file', async () => {
    const path = await save('empty.xlsx', Buffer.alloc(0));

    const { report, annotated } = await validateFile(path, options);

    expect(report.issues.map((issue) => [issue.severity, issue.code, issue.sheet])).toEqual([
      ['error', 'FILE_EMPTY', 'empty.xlsx'],
    ]);
    expect(report.status).toBe('rejected');
    expect((await open(annotated!)).worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
  });

  it('marks an upload after the deadline as late', async () => {
    const path = await save('late.xlsx', await writeUploadWorkbook(COMPLETE));

    const { report } = await validateFile(path, {
      ...options,
      receivedAt: new Date('2024-10-20T02:00:00Z'),
      annotate: false,
    });

    expect(report.late).toBe(true);
    expect(report.issues.map((issue) => issue.code)).toEqual(['LATE_UPLOAD']);
    expect(report.status).toBe('accepted_with_warnings');
  });

  it('lists the first 1000 issues, errors first, and counts them all', async () => {
    const agencies = Array.from({ length: 1100 }, (_, i) =>
      agency(i + 1, { uscc: withWrongCheck(uscc(i + 1)) }),
    );
    const path = await save('many.xlsx', await writeUploadWorkbook({ agencies }));

    const { report, annotated } = await validateFile(path, {
      ...options,
      receivedAt: new Date('2024-10-20T02:00:00Z'),
    });

    expect(report.issues).toHaveLength(1000);
    expect(report.issues.every((issue) => issue.code === 'USCC_CHECKSUM')).toBe(true);
    expect(report.counts).toEqual({ errors: 1100, warnings: 1 });
    expect(report.countsByCode).toEqual({ USCC_CHECKSUM: 1100, LATE_UPLOAD: 1 });
    expect(report.truncated).toBe(true);
    const list = (await open(annotated!)).getWorksheet('校验结果')!;
    let listed = 0;
    list.eachRow((row) => {
      if (row.getCell(2).value === 'USCC_CHECKSUM') listed++;
    });
    expect(listed).toBe(1000);
  });
});

/**
 * A workbook as cities draw it in Excel or WPS: a title row, then a two-row header (leaf columns
 * merged down, money columns grouped under a parent cell headed in 元), the data from row 4 and a
 * 合计 row in 元.
 */
async function groupedHeaderWorkbook(totals: { agencies: number; enterprises: number }): Promise<Buffer> {
  const sheet = (name: string, header: HeaderColumn[], data: CellInput[][]) => {
    const { upper, lower, merges } = twoRowHeader(header, 2);
    const last = String.fromCharCode(64 + upper.length);
    return {
      name,
      rows: [[`2024年第三季度${name}统计表`], upper, lower, ...data],
      merges: [`A1:${last}1`, ...merges],
    };
  };
  return workbook(
    sheet(
      '运营机构',
      [
        '序号',
        '机构名称',
        '统一社会信用代码',
        { group: '主营业务收入（元）', children: ['本年累计主营业务收入', '上年同期主营业务收入'] },
      ],
      [
        [1, '运营机构1', uscc(1), 15_000_000, 12_000_000],
        [2, '运营机构2', uscc(2), 8_000_500, 6_000_000],
        ['合计', null, null, totals.agencies, 18_000_000],
      ],
    ),
    sheet(
      '重点企业',
      [
        '企业名称',
        '统一社会信用代码',
        { group: '知识产权情况（件）', children: ['有效发明专利量', 'PCT申请量'] },
        { group: '金融服务（元）', children: ['知识产权质押融资金额', '知识产权保险保障金额'] },
      ],
      [
        ['企业1', uscc(1001), 120, 3, 5_000_000, 2_000_000],
        ['企业2', uscc(1002), 15, 0, 1_234_567, 0],
        ['合计', null, 135, 3, totals.enterprises, 2_000_000],
      ],
    ),
  );
}

/** The same file through `validateUpload`, for the aggregates the report does not show. */
async function validatedAgain(path: string) {
  const fileName = basename(path);
  return validateUpload(await parseUpload({ body: createReadStream(path), fileName }), context({ fileName }));
}

const totalsOf = (outcome: Awaited<ReturnType<typeof validatedAgain>>) =>
  outcome.accepted.map((sheet) => [sheet.kind, sheet.aggregates.totals]);

/** The grouped and unit-row workbooks below: both sheets accepted with their two rows, no issue. */
function expectBothSheetsAccepted(report: ValidationReport): void {
  expect(report.status).toBe('accepted');
  expect(report.issues).toEqual([]);
  expect(report.sheets.map((sheet) => [sheet.kind, sheet.status, sheet.rows])).toEqual([
    ['agencies', 'accepted', 2],
    ['enterprises', 'accepted', 2],
  ]);
}

/** Column totals in 万元 of the grouped and unit-row workbooks below (columns they lack add up to 0). */
const GROUPED_TOTALS = [
  ['agencies', { revenueYtd: 2300.05, revenueSamePeriodLastYear: 1800, revenueLastYear: 0 }],
  [
    'enterprises',
    {
      validInventionPatents: 135,
      inventionGrants: 0,
      pctApplications: 3,
      madridRegistrations: 0,
      licensingIncome: 0,
      pledgeFinancing: 623.4567,
      insuranceCoverage: 200,
    },
  ],
];

describe('validateFile on sheets with two-row headers', () => {
  it('accepts a workbook whose sheets group their columns, its 元 totals agreeing with the rows in 万元', async () => {
    const path = await save(
      '分组表头.xlsx',
      await groupedHeaderWorkbook({ agencies: 23_000_500, enterprises: 6_234_567 }),
    );

    const { report } = await validateFile(path, options);

    // Amounts in 万元: the 元 of the group converted.
    expectBothSheetsAccepted(report);
    expect(totalsOf(await validatedAgain(path))).toEqual(GROUPED_TOTALS);
  });

  it('locates a 合计 that does not add up below a two-row header at its Excel cell, and marks it', async () => {
    const path = await save(
      '分组表头-合计.xlsx',
      await groupedHeaderWorkbook({ agencies: 23_000_000, enterprises: 6_234_567 }),
    );

    const { report, annotated } = await validateFile(path, options);

    expect(report.issues).toMatchObject([
      {
        severity: 'warning',
        code: 'TOTAL_MISMATCH',
        sheet: '运营机构',
        row: 6,
        column: '本年累计主营业务收入',
        cell: 'D6',
        message: expect.stringContaining('各行合计为 2,300.05'),
      },
    ]);
    expect(report.status).toBe('accepted_with_warnings');
    const marked = (await open(annotated!)).getWorksheet('运营机构')!.getCell('D6');
    expect((marked.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(ISSUE_FILLS.warning);
  });
});

describe('validateFile on statistical sheets with unit and 栏次 rows', () => {
  it('accepts a workbook whose unit rows give 元 and 件 below one- and two-row headers, with the totals in 万元', async () => {
    const agencies = statisticalSheet({
      name: '运营机构',
      titles: [['2024年第三季度运营机构统计表']],
      header: ['序号', '机构名称', '统一社会信用代码', '本年累计主营业务收入', '上年同期主营业务收入'],
      below: [
        ['计量单位', '—', '—', '元', '元'],
        ['甲', '乙', '丙', 1, 2],
      ],
      data: [
        [1, '运营机构1', uscc(1), 15_000_000, 12_000_000],
        [2, '运营机构2', uscc(2), 8_000_500, 6_000_000],
        ['合计', null, null, 23_000_500, 18_000_000],
      ],
    });
    const enterprises = statisticalSheet({
      name: '重点企业',
      titles: [['2024年第三季度重点企业统计表']],
      header: [
        '企业名称',
        '统一社会信用代码',
        { group: '知识产权情况', children: ['有效发明专利量', 'PCT申请量'] },
        { group: '金融服务', children: ['知识产权质押融资金额', '知识产权保险保障金额'] },
      ],
      below: [
        ['甲', '乙', 1, 2, 3, 4],
        ['单位', '-', '件', '件', '元', '万元'],
      ],
      data: [
        ['企业1', uscc(1001), 120, 3, 5_000_000, 200],
        ['企业2', uscc(1002), 15, 0, 1_234_567, 0],
      ],
    });
    const path = await save('计量单位行.xlsx', await workbook(agencies, enterprises));

    const { report } = await validateFile(path, options);

    expectBothSheetsAccepted(report);
    expect(totalsOf(await validatedAgain(path))).toEqual(GROUPED_TOTALS);
  });

  it('rejects the sheet whose unit row puts 万元 under a count column, located at the unit cell', async () => {
    const portfolios = statisticalSheet({
      name: '高价值专利组合',
      header: ['组合名称', '发明专利数', 'PCT申请数'],
      below: [['计量单位', '万元', '件']],
      data: [['新能源汽车高价值专利组合', 60, 12]],
    });
    const path = await save('计量单位行-错误.xlsx', await workbook(portfolios));

    const { report } = await validateFile(path, options);

    expect(report.status).toBe('rejected');
    expect(report.issues).toMatchObject([
      { severity: 'error', code: 'COLUMN_UNIT_INVALID', sheet: '高价值专利组合', row: 2, cell: 'B2' },
    ]);
  });
});
