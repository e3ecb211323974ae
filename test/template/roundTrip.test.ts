import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import { buildTemplateWorkbook } from '#shared/template/buildTemplate.ts';
import { validateUpload } from '#shared/validation/validateUpload.ts';
import { CLEAN_CORE } from '../validation/builders.ts';

/**
 * Values a city types into 本期值, by code: the clean quarter with fractional amounts (A06, C04)
 * and a negative rate (E04), which must survive the round trip. A04 and B07 are left empty
 * (derived).
 */
const TYPED_VALUES: Record<string, number> = { ...CLEAN_CORE, A06: 52000.5, C04: 800.25, E04: -2.5 };

const AGENCY_USCC = completeUscc('91440300MA5G0L7Y3');
const LEAD_USCC = completeUscc('91440300MA5FFFFF1');
const ENTERPRISE_USCC = completeUscc('91440300192200000');

/** Explanations typed into the template: in 核心指标's 备注 (by code) and in 填报说明's table (subject, text). */
interface TypedExplanations {
  notes?: Readonly<Record<string, string>>;
  table?: ReadonlyArray<readonly [subject: string, text: string]>;
}

/** The first empty row of the 核实性审核说明 table of a template's 填报说明 sheet. */
function explanationTableStart(sheet: ExcelJS.Worksheet): number {
  let header = 0;
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === '指标或工作表' && row.getCell(2).value === '核实说明') header = number;
  });
  if (header === 0) throw new Error('填报说明 has no 核实性审核说明 table');
  return header + 1;
}

async function filledTemplate(explanations: TypedExplanations = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    (await buildTemplateWorkbook({
      registry: DEFAULT_REGISTRY,
      city: '440300',
      period: '2024Q3',
      deadlineDays: 15,
    })) as unknown as ArrayBuffer,
  );
  const core = workbook.getWorksheet('核心指标')!;
  for (let row = 2; row <= 32; row++) {
    const code = String(core.getCell(`A${row}`).value);
    const value = TYPED_VALUES[code];
    if (value !== undefined) core.getCell(`D${row}`).value = value;
    const note = explanations.notes?.[code];
    if (note) core.getCell(`E${row}`).value = note;
  }
  const instructions = workbook.getWorksheet('填报说明')!;
  const start = explanationTableStart(instructions);
  (explanations.table ?? []).forEach(([subject, text], index) => {
    instructions.getCell(`A${start + index}`).value = subject;
    instructions.getCell(`B${start + index}`).value = text;
  });
  workbook.getWorksheet('基本信息')!.getCell('B5').value = '深圳市市场监督管理局';
  workbook.getWorksheet('基本信息')!.getCell('B8').value = new Date(Date.UTC(2024, 9, 8));
  workbook.getWorksheet('运营机构')!.getRow(2).values = [
    '深圳知识产权运营有限公司',
    AGENCY_USCC,
    '运营机构',
    1500,
    1200,
    4000,
  ];
  workbook.getWorksheet('高价值专利组合')!.getRow(2).values = [
    '动力电池高价值专利组合',
    '新能源',
    '某电池公司',
    LEAD_USCC,
    60,
    12,
    new Date(Date.UTC(2023, 5, 1)),
  ];
  workbook.getWorksheet('重点企业')!.getRow(2).values = [
    '某电子公司',
    ENTERPRISE_USCC,
    '电子信息',
    '大型',
    100,
    10,
    5,
    2,
    30.5,
    1000,
    200,
    '是',
    '否',
    '是',
    '专利质押融资示范',
  ];
  workbook.getWorksheet('典型案例')!.getRow(2).values = [
    '质押融资“入园惠企”',
    '质押融资',
    '市知识产权局',
    '银行、评估机构与园区联动',
    '融资金额',
    3000,
    '万元',
    '是',
  ];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('a filled-in template', () => {
  let file: Buffer;
  beforeAll(async () => {
    file = await filledTemplate();
  });

  const parse = () =>
    parseUpload({ body: Readable.from([file]), fileName: '深圳2024Q3.xlsx', size: file.length });

  it('parses without any issue, skipping the instructions sheet', async () => {
    const parsed = await parse();

    expect(parsed.issues).toEqual([]);
    expect(parsed.sheets.map((sheet) => [sheet.kind, sheet.rowsRead])).toEqual([
      ['core', 31],
      ['agencies', 1],
      ['portfolios', 1],
      ['enterprises', 1],
      ['cases', 1],
    ]);
    expect(parsed.info?.values).toMatchObject({
      cityCode: '440300',
      cityName: '深圳市',
      period: '2024Q3',
      reportingUnit: '深圳市市场监督管理局',
    });
  });

  it('reads back what was typed', async () => {
    const parsed = await parse();
    const records = (kind: string) =>
      parsed.sheets.find((sheet) => sheet.kind === kind)?.rows.map((row) => row.record);

    const core = Object.fromEntries(
      (records('core') as Array<{ code: string; value?: number }>)
        .filter((r) => r.value !== undefined)
        .map((r) => [r.code, r.value]),
    );
    expect(core).toEqual(TYPED_VALUES);
    expect(records('agencies')).toEqual([
      {
        name: '深圳知识产权运营有限公司',
        uscc: AGENCY_USCC,
        type: '运营机构',
        revenueYtd: 1500,
        revenueSamePeriodLastYear: 1200,
        revenueLastYear: 4000,
      },
    ]);
    expect(records('portfolios')).toEqual([
      {
        name: '动力电池高价值专利组合',
        industry: '新能源',
        leadUnit: '某电池公司',
        leadUscc: LEAD_USCC,
        inventionPatents: 60,
        pctApplications: 12,
        formedOn: '2023-06-01',
      },
    ]);
    expect(records('enterprises')).toEqual([
      {
        name: '某电子公司',
        uscc: ENTERPRISE_USCC,
        industry: '电子信息',
        size: '大型',
        validInventionPatents: 100,
        inventionGrants: 10,
        pctApplications: 5,
        madridRegistrations: 2,
        licensingIncome: 30.5,
        pledgeFinancing: 1000,
        insuranceCoverage: 200,
        certified: true,
        underCustody: false,
        recommended: true,
        recommendReason: '专利质押融资示范',
      },
    ]);
    expect(records('cases')).toEqual([
      {
        title: '质押融资“入园惠企”',
        category: '质押融资',
        subject: '市知识产权局',
        practice: '银行、评估机构与园区联动',
        outcomeMetric: '融资金额',
        outcomeValue: 3000,
        outcomeUnit: '万元',
        recommended: true,
      },
    ]);
  });

  it('names the 填报说明 sheet, left as the template gave it, among the sheets not read as data', async () => {
    const parsed = await parse();

    expect(parsed.ignoredSheets).toEqual([{ name: '填报说明', reason: '说明或下拉列表等辅助工作表' }]);
    expect(parsed.explanations ?? []).toEqual([]);
  });

  it('is accepted by validation without warnings', async () => {
    const outcome = validateUpload(await parse(), {
      city: '440300',
      period: '2024Q3',
      fileName: '深圳2024Q3.xlsx',
      registry: DEFAULT_REGISTRY,
      receivedAt: new Date('2024-10-10T02:00:00Z'),
      deadlineDays: 15,
      locks: [],
    });

    expect(outcome.issues).toEqual([]);
    expect(outcome.status).toBe('accepted');
    expect(outcome.accepted.map((sheet) => sheet.kind)).toEqual([
      'core',
      'agencies',
      'portfolios',
      'enterprises',
      'cases',
    ]);
  });
});

describe('a filled-in template with explanations of verification warnings', () => {
  /** The city's previous quarter had more of four stocks than it reports now. */
  const previous = {
    period: '2024Q2',
    sheets: { core: { rows: 29, indicators: { A01: 5, A05: 130, C01: 80, C02: 900 } } },
  };

  it('matches the 备注 of a row and the rows of the 填报说明 table to the warnings, and leaves the rest 待说明', async () => {
    // Prepare: A01 explained in its 备注, C01 by code and C02 by name in 填报说明; A05 not explained.
    const file = await filledTemplate({
      notes: { A01: '一个联盟合并入另一联盟' },
      table: [
        ['C01', '3 家单位贯标证书到期未续'],
        ['知识产权托管服务覆盖中小微企业数', '托管协议到期 100 家，已核实'],
      ],
    });
    const parsed = await parseUpload({
      body: Readable.from([file]),
      fileName: '深圳.xlsx',
      size: file.length,
    });

    // Act
    const outcome = validateUpload(parsed, {
      city: '440300',
      period: '2024Q3',
      fileName: '深圳.xlsx',
      registry: DEFAULT_REGISTRY,
      receivedAt: new Date('2024-10-10T02:00:00Z'),
      deadlineDays: 15,
      locks: [],
      previous,
    });

    // Assess
    expect(parsed.ignoredSheets).toEqual([
      { name: '填报说明', reason: '填报说明（读取核实性审核说明 2 条，不作为数据入库）' },
    ]);
    expect(outcome.status).toBe('accepted_with_warnings');
    const fell = outcome.issues
      .filter((issue) => issue.code === 'STOCK_DECREASED')
      .map((issue) => [issue.value, issue.explanationStatus, issue.explanation ?? null]);
    expect(fell).toEqual([
      ['3', 'explained', '一个联盟合并入另一联盟'],
      ['120', 'pending', null],
      ['70', 'explained', '3 家单位贯标证书到期未续'],
      ['800', 'explained', '托管协议到期 100 家，已核实'],
    ]);
    expect(outcome.issues.map((issue) => issue.code)).not.toContain('EXPLANATION_SUBJECT_UNKNOWN');
  });
});
