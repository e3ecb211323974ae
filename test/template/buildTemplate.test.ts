import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { PARSING_ISSUES } from '#shared/parsing/issues.ts';
import { DEFAULT_LIMITS } from '#shared/parsing/types.ts';
import { entryText, readZipDirectory, type ZipEntry } from '#shared/parsing/zip.ts';
import { PAGES_ACROSS_SCALE } from '#shared/reports/xlsx/printLayout.ts';
import { buildTemplateWorkbook, TemplateError } from '#shared/template/buildTemplate.ts';
import { VALIDATION_ISSUES } from '#shared/validation/issues.ts';

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function sheetTexts(sheet: ExcelJS.Worksheet): string[] {
  const texts: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
  return texts;
}

const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);

describe('template workbook for a city and period', () => {
  let workbook: ExcelJS.Workbook;
  let bytes: Buffer;
  const sheet = (name: string) => workbook.getWorksheet(name)!;

  beforeAll(async () => {
    bytes = await buildTemplateWorkbook({
      registry: DEFAULT_REGISTRY,
      city: '440300',
      period: '2024Q3',
      deadlineDays: 15,
    });
    workbook = await open(bytes);
  });

  it('has the instructions first, then 基本信息 and every data sheet', () => {
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([
      '填报说明',
      '基本信息',
      '核心指标',
      '运营机构',
      '高价值专利组合',
      '重点企业',
      '典型案例',
    ]);
  });

  it('marks required headers with *', () => {
    expect(headerOf(sheet('运营机构'))).toEqual([
      '机构名称*',
      '统一社会信用代码*',
      '机构类型',
      '本年累计主营业务收入（万元）*',
      '上年同期主营业务收入（万元）',
      '上年度主营业务收入（万元）',
      '备注',
    ]);
    expect(headerOf(sheet('核心指标'))).toEqual(['指标代码', '指标名称*', '单位', '本期值*', '备注']);
    expect(headerOf(sheet('高价值专利组合'))).toEqual([
      '组合名称*',
      '所属产业',
      '牵头单位',
      '牵头单位统一社会信用代码',
      '发明专利数（件）*',
      'PCT申请数（件）*',
      '形成日期',
      '备注',
    ]);
    expect(headerOf(sheet('典型案例'))).toEqual([
      '案例名称*',
      '模式类别*',
      '实施主体',
      '主要做法*',
      '成效指标',
      '成效数值',
      '成效单位',
      '城市推荐',
    ]);
    expect(headerOf(sheet('重点企业'))).toHaveLength(16);
  });

  it('freezes the header row of every data sheet', () => {
    for (const name of ['基本信息', '核心指标', '运营机构', '高价值专利组合', '重点企业', '典型案例']) {
      expect(sheet(name).views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
  });

  it('pre-fills 基本信息 with the city and the period', () => {
    const info = sheet('基本信息');
    const values = Object.fromEntries(
      [2, 3, 4, 5, 6, 7, 8].map((row) => [info.getCell(`A${row}`).value, info.getCell(`B${row}`).value]),
    );

    expect(values).toEqual({
      城市代码: '440300',
      城市名称: '深圳市',
      报告期: '2024Q3',
      填报单位: null,
      填报人: null,
      联系电话: null,
      填报日期: null,
    });
    expect(info.getCell('B2').dataValidation).toMatchObject({ type: 'textLength', formulae: [6] });
    expect(info.getCell('B8').dataValidation).toMatchObject({ type: 'date' });
  });

  it('lists every indicator in 核心指标 with its code, name and unit, leaving the value empty', () => {
    const core = sheet('核心指标');

    expect(core.rowCount).toBe(32);
    expect((core.getRow(2).values as unknown[]).slice(1)).toEqual(['A01', '产业知识产权联盟数', '个']);
    expect((core.getRow(7).values as unknown[]).slice(1)).toEqual(['A06', '知识产权服务业营业收入', '万元']);
    expect((core.getRow(32).values as unknown[]).slice(1)).toEqual(['E04', '当地企业营业收入平均增幅', '%']);
    const codes = Array.from({ length: 31 }, (_, i) => core.getCell(`A${i + 2}`).value);
    expect(new Set(codes).size).toBe(31);
    expect(
      Array.from({ length: 31 }, (_, i) => core.getCell(`D${i + 2}`).value).every((value) => value === null),
    ).toBe(true);
  });

  it('checks each 本期值 by the unit of its indicator', () => {
    const core = sheet('核心指标');

    expect(core.getCell('D2').dataValidation).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      showInputMessage: true,
      showErrorMessage: true,
    });
    expect(core.getCell('D7').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
    });
    expect(core.getCell('D32').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [-100, 10000],
    });
    expect(core.getCell('D2').dataValidation.promptTitle).toBe('A01 产业知识产权联盟数');
    expect(core.getCell('D2').numFmt).toBe('#,##0');
    expect(core.getCell('D7').numFmt).toBe('#,##0.00');
  });

  it('offers drop-down lists for every enumeration', () => {
    expect(sheet('运营机构').getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"运营机构,服务机构,交易机构,其他"'],
    });
    expect(sheet('重点企业').getCell('D500').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"大型,中型,小型,微型"'],
    });
    for (const cell of ['L2', 'M2', 'N1000']) {
      expect(sheet('重点企业').getCell(cell).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"是,否"'],
      });
    }
    const categories = sheet('典型案例').getCell('B2').dataValidation.formulae[0] as string;
    expect(categories.split(',')).toHaveLength(15);
    expect(categories).toContain('专利商标混合质押');
  });

  it('checks counts, amounts, credit codes and dates on rows 2 to 1000 of the detail sheets', () => {
    const portfolios = sheet('高价值专利组合');
    expect(portfolios.getCell('E2').dataValidation).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [0],
    });
    expect(portfolios.getCell('F1000').dataValidation).toMatchObject({ type: 'whole' });
    expect(portfolios.getCell('D2').dataValidation).toMatchObject({
      type: 'textLength',
      operator: 'equal',
      formulae: [18],
    });
    expect(portfolios.getCell('G2').dataValidation).toMatchObject({ type: 'date' });
    expect(sheet('运营机构').getCell('D999').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
    });
    expect(sheet('运营机构').getCell('D1').dataValidation).toBeUndefined();
    expect(sheet('运营机构').getCell('D1001').dataValidation).toBeUndefined();
  });

  it('formats counts, amounts, dates and credit codes', () => {
    expect(sheet('运营机构').getColumn(4).numFmt).toBe('#,##0.00');
    expect(sheet('运营机构').getColumn(2).numFmt).toBe('@');
    expect(sheet('高价值专利组合').getColumn(5).numFmt).toBe('#,##0');
    expect(sheet('高价值专利组合').getColumn(7).numFmt).toBe('yyyy-mm-dd');
  });

  it('keeps every prompt and error message within Excel limits', () => {
    for (const worksheet of workbook.worksheets) {
      const model = (
        worksheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
      ).dataValidations.model;
      // Cells of one range share their validation object after reading.
      for (const validation of new Set(Object.values(model))) {
        expect(validation.promptTitle?.length ?? 0).toBeLessThanOrEqual(32);
        expect(validation.prompt?.length ?? 0).toBeLessThanOrEqual(255);
        expect(validation.errorTitle?.length ?? 0).toBeLessThanOrEqual(32);
        expect(validation.error?.length ?? 0).toBeLessThanOrEqual(225);
      }
    }
  });

  it('prints readably: 重点企业 on A3 pages across at 80 %, each rule code on one line of its column', () => {
    // Fitted to one A3 width 重点企业 would print at about 65 %: across pages instead, the
    // enterprise column on each.
    const enterprises = sheet('重点企业');
    expect(enterprises.pageSetup).toMatchObject({
      paperSize: 8,
      fitToPage: false,
      scale: PAGES_ACROSS_SCALE,
      printTitlesColumn: 'A:A',
      printTitlesRow: '1:1',
    });
    // Headers wrap over three lines rather than widen their columns.
    expect(enterprises.getRow(1).height).toBeGreaterThanOrEqual(45);
    expect(sheet('核心指标').pageSetup).toMatchObject({ paperSize: 9 });

    const instructions = sheet('填报说明');
    const codeColumn = (instructions.getColumn(4).width ?? 0) - 1;
    const codes = [...Object.keys(PARSING_ISSUES), ...Object.keys(VALIDATION_ISSUES)];
    expect(Math.max(...codes.map((code) => code.length))).toBeLessThanOrEqual(codeColumn);
    expect(sheetTexts(instructions).filter((text) => codes.includes(text)).length).toBeGreaterThan(0);
  });

  it('states the deadline, the city targets, every indicator and every validation rule in 填报说明', () => {
    const texts = sheetTexts(sheet('填报说明'));

    expect(texts[0]).toBe('知识产权运营服务体系建设统计数据填报模板（深圳市 2024年第三季度）');
    expect(texts.some((text) => text.includes('2024-10-15 23:59'))).toBe(true);
    expect(texts).toContain('建设期末累计 ≥ 12'); // 深圳 A02 override
    expect(texts).toContain('年度同比增长 ≥ 30%');
    for (const indicator of INDICATORS) expect(texts).toContain(indicator.name);
    for (const code of [...Object.keys(PARSING_ISSUES), ...Object.keys(VALIDATION_ISSUES)])
      expect(texts).toContain(code);
    expect(texts).toContain('本年累计主营业务收入（万元）*');
  });

  it('ends 填报说明 with the 核实性审核说明: when to write there, and an empty table 指标或工作表 | 核实说明', () => {
    const instructions = sheet('填报说明');
    const rows: Array<{ number: number; texts: string[] }> = [];
    instructions.eachRow((row, number) => {
      const texts = (row.values as unknown[])
        .slice(1)
        .filter((value) => value !== null && value !== undefined);
      // A merged cell reads as its first cell's value in each of its cells: once is enough.
      if (texts.length > 0) rows.push({ number, texts: [...new Set(texts.map(String))] });
    });

    const heading = rows.findIndex((row) => row.texts[0] === '五、核实性审核说明');
    expect(heading).toBeGreaterThan(0);
    const section = rows.slice(heading).map((row) => row.texts.join(' | '));
    expect(section[1]).toContain('累计值低于上一季度、与上一季度相差 10 倍以上');
    expect(section.join('\n')).toContain('以 CSV 文件上传时没有本表，请写在该行的“备注”列');
    expect(section.at(-1)).toBe('指标或工作表 | 核实说明');
    // The table is the last thing on the sheet, its rows bordered and empty, the text cell with a prompt.
    const header = rows.at(-1)!.number;
    expect(instructions.rowCount).toBe(header + 15);
    const firstInput = instructions.getRow(header + 1);
    expect(firstInput.getCell(2).border).toMatchObject({ top: { style: 'thin' } });
    expect(firstInput.getCell(2).dataValidation).toMatchObject({
      promptTitle: '核实说明',
      showInputMessage: true,
    });
    // It prints from the top of a page, to be filled in by hand too.
    const entries = readZipDirectory(bytes, DEFAULT_LIMITS) as ZipEntry[];
    const first = entries.find((entry) => entry.name === 'xl/worksheets/sheet1.xml')!;
    expect(entryText(bytes, first)).toMatch(
      new RegExp(`<rowBreaks[^>]*><brk id="${rows[heading]!.number - 1}"`),
    );
    // A line of the general rules points to the section.
    expect(rows.some((row) => row.texts[0]?.includes('本表末尾“五、核实性审核说明”'))).toBe(true);
  });

  it('notes on every 备注 header what to write there and where else it may go', () => {
    for (const name of ['核心指标', '运营机构', '高价值专利组合', '重点企业']) {
      const header = sheet(name).getRow(1);
      let note: unknown;
      header.eachCell((cell) => {
        if (cell.value === '备注') note = cell.note;
      });
      expect(String(note), name).toContain('“填报说明”表末尾的“五、核实性审核说明”');
    }
    const coreNote = String(
      sheet('核心指标')
        .getRow(1)
        .getCell(headerOf(sheet('核心指标')).indexOf('备注') + 1).note,
    );
    expect(coreNote).toContain('累计值下降');
  });
});

describe('template workbook without city or period', () => {
  it('leaves 基本信息 empty and states the deadline rule in days', async () => {
    const workbook = await open(
      await buildTemplateWorkbook({ registry: DEFAULT_REGISTRY, deadlineDays: 20 }),
    );

    expect(workbook.getWorksheet('基本信息')!.getCell('B2').value).toBeNull();
    expect(
      sheetTexts(workbook.getWorksheet('填报说明')!).some((text) => text.includes('每季度结束后 20 日内')),
    ).toBe(true);
  });

  it('refuses a city that is not in the registry', async () => {
    await expect(
      buildTemplateWorkbook({ registry: DEFAULT_REGISTRY, city: '999999', deadlineDays: 15 }),
    ).rejects.toThrow(new TemplateError('城市代码 999999 不在城市名录中，无法生成该城市的模板'));
  });

  it('refuses a period that is not a quarter', async () => {
    await expect(
      buildTemplateWorkbook({ registry: DEFAULT_REGISTRY, period: '2024', deadlineDays: 15 }),
    ).rejects.toThrow(/报告期格式错误：2024/);
  });
});
