/**
 * Explanations of verification warnings (核实性审核说明) end to end: uploads through the real
 * ingest function on the embedded stack, the results JSON and the annotated copy, then a roll-up
 * whose national and city workbooks are read back as an analyst would.
 */
import { buffer } from 'node:stream/consumers';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import { reportKeys, resultKeys } from '#shared/domain/uploadKey.ts';
import type { ValidationIssue, ValidationReport } from '#shared/domain/validation.ts';
import { coreRecords, infoFor } from '../cli/support/uploadFiles.ts';
import { columnOf, readWorkbook, rowStartingWith, sheet } from '../reports/workbookReader.ts';

const SHENZHEN = '440300';
const HANGZHOU = '330100';
const RECEIVED = { Q2: new Date('2024-07-05T02:00:00Z'), Q3: new Date('2024-10-08T02:00:00Z') };
/** Two stocks that fall from 100 in 2024Q2: A01 explained in its 备注, C01 not. */
const FALLEN = { A01: 90, C01: 80 };
const A01_NOTE = '两个联盟合并为一个，已核实';

/** Shenzhen's 2024Q3 workbook: the fallen stocks, A01's 备注 saying why. */
function shenzhenQ3(): Promise<Buffer> {
  const core = coreRecords(FALLEN).map((record) =>
    record.code === 'A01' ? { ...record, note: A01_NOTE } : record,
  );
  return writeUploadWorkbook({ info: infoFor(SHENZHEN, '2024Q3'), core });
}

function fallen(report: ValidationReport): ValidationIssue[] {
  return report.issues.filter((issue) => issue.code === 'STOCK_DECREASED');
}

async function objectBytes(stack: EmbeddedStack, key: string): Promise<Buffer> {
  return buffer((await stack.objects.get(key)).body);
}

/** The 校验结果 list: its header row and the row of each issue's cell. */
function listRows(list: ExcelJS.Worksheet): { header: number; byCell: Map<string, ExcelJS.Row> } {
  const header = rowStartingWith(list, '严重程度').number;
  const cell = columnOf(list, header, '单元格');
  const byCell = new Map<string, ExcelJS.Row>();
  for (let number = header + 1; number <= list.rowCount; number++) {
    const row = list.getRow(number);
    byCell.set(String(row.getCell(cell).value), row);
  }
  return { header, byCell };
}

describe('explanations of verification warnings through the embedded stack', () => {
  let stack: EmbeddedStack;
  let shenzhen: ValidationReport;
  let hangzhou: ValidationReport;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    await stack.upload(
      `uploads/${SHENZHEN}/2024Q2/深圳2024Q2.xlsx`,
      await writeUploadWorkbook({ info: infoFor(SHENZHEN, '2024Q2'), core: coreRecords() }),
      { eventTime: RECEIVED.Q2 },
    );
    await stack.upload(`uploads/${HANGZHOU}/2024Q2/indicators.csv`, writeUploadCsv('core', coreRecords()), {
      eventTime: RECEIVED.Q2,
    });
    const q3 = await stack.upload(`uploads/${SHENZHEN}/2024Q3/深圳2024Q3.xlsx`, await shenzhenQ3(), {
      eventTime: RECEIVED.Q3,
    });
    const csv = await stack.upload(
      `uploads/${HANGZHOU}/2024Q3/indicators.csv`,
      writeUploadCsv('core', coreRecords({ C01: 80 })),
      { eventTime: RECEIVED.Q3 },
    );
    const report = (city: string, uploadId: string | undefined) =>
      stack.objects.getJson(resultKeys.report(city, '2024Q3', uploadId ?? '')) as Promise<ValidationReport>;
    shenzhen = await report(SHENZHEN, q3.uploads[0]?.uploadId);
    hangzhou = await report(HANGZHOU, csv.uploads[0]?.uploadId);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('marks the fallen stock explained in its 备注 已说明 and the other 待说明 in the results JSON', () => {
    expect(shenzhen.status).toBe('accepted_with_warnings');
    expect(shenzhen.format).toBe('xlsx');
    expect(
      fallen(shenzhen).map((issue) => [issue.value, issue.explanationStatus, issue.explanation ?? null]),
    ).toEqual([
      ['90', 'explained', A01_NOTE],
      ['80', 'pending', null],
    ]);
    expect(fallen(shenzhen)[0]?.explanationSource).toMatch(/^核心指标!E\d+$/);
    expect(shenzhen.explanations).toEqual({ explained: 1, pending: 1 });
  });

  it('shows 核实状态, 核实说明 and the notes in the annotated copy', async () => {
    const [explained, pending] = fallen(shenzhen);

    const workbook = await readWorkbook(
      await objectBytes(stack, resultKeys.annotated(SHENZHEN, '2024Q3', shenzhen.uploadId)),
    );

    const list = sheet(workbook, '校验结果');
    const { header, byCell } = listRows(list);
    const state = columnOf(list, header, '核实状态');
    const words = columnOf(list, header, '核实说明');
    const explainedRow = byCell.get(explained?.cell ?? '');
    const pendingRow = byCell.get(pending?.cell ?? '');
    expect([explainedRow?.getCell(state).value, explainedRow?.getCell(words).value]).toEqual([
      '已说明',
      `${A01_NOTE}（${explained?.explanationSource}）`,
    ]);
    expect([pendingRow?.getCell(state).value, pendingRow?.getCell(words).value]).toEqual([
      '待说明',
      '请在本行备注栏或“填报说明”表中说明原因',
    ]);
    const core = sheet(workbook, '核心指标');
    expect(String(core.getCell(explained?.cell ?? '').note)).toContain(`已说明：${A01_NOTE}`);
    expect(String(core.getCell(pending?.cell ?? '').note)).toContain(
      '待说明：请在本行备注栏或“填报说明”表中说明原因',
    );
  });

  it('tells a CSV upload to explain in the row’s 备注 column', async () => {
    expect(hangzhou.format).toBe('csv');
    expect(fallen(hangzhou).map((issue) => issue.explanationStatus)).toEqual(['pending']);

    const workbook = await readWorkbook(
      await objectBytes(stack, resultKeys.annotated(HANGZHOU, '2024Q3', hangzhou.uploadId)),
    );

    const list = sheet(workbook, '校验结果');
    const { header, byCell } = listRows(list);
    expect(
      byCell.get(fallen(hangzhou)[0]?.cell ?? '')?.getCell(columnOf(list, header, '核实说明')).value,
    ).toBe('请在本行“备注”列中说明原因（没有该列时在表头加一列“备注”；CSV 文件不能附“填报说明”表）');
  });

  it('rejects a 填报说明 sent as a CSV, saying where a CSV city explains', async () => {
    const body = Buffer.from('指标或工作表,核实说明\r\nC01,部分单位证书到期\r\n', 'utf8');

    const result = await stack.upload(`uploads/${HANGZHOU}/2024Q3/填报说明.csv`, body, {
      eventTime: RECEIVED.Q3,
    });

    const uploadId = result.uploads[0]?.uploadId ?? '';
    const report = (await stack.objects.getJson(
      resultKeys.report(HANGZHOU, '2024Q3', uploadId),
    )) as ValidationReport;
    expect(report?.status).toBe('rejected');
    expect(report?.issues.map((issue) => issue.code)).toEqual(['CSV_SHEET_UNKNOWN']);
    expect(report?.issues[0]?.message).toContain('请在需核实的那一行的“备注”列中说明原因');
  });

  it('shows 已说明 / 待说明 and the explanation on the national and city 数据质量 and 需关注 sheets', async () => {
    await stack.rollup({ periods: ['2024Q3'], now: '2024-10-20T00:00:00Z' });

    const national = await readWorkbook(await objectBytes(stack, reportKeys.national('2024Q3', 'xlsx')));
    const city = await readWorkbook(await objectBytes(stack, reportKeys.city(SHENZHEN, '2024Q3', 'xlsx')));

    for (const [name, workbook] of [
      ['national', national],
      ['city', city],
    ] as const) {
      const quality = sheet(workbook, '数据质量');
      const header = rowStartingWith(quality, '城市代码').number;
      const column = (label: string) => columnOf(quality, header, label);
      const shenzhenFallen: unknown[][] = [];
      for (let number = header + 1; number <= quality.rowCount; number++) {
        const row = quality.getRow(number);
        if (row.getCell(1).value === SHENZHEN && row.getCell(column('规则代码')).value === 'STOCK_DECREASED')
          shenzhenFallen.push([
            row.getCell(column('值')).value,
            row.getCell(column('核实状态')).value,
            row.getCell(column('核实说明')).value ?? null,
          ]);
      }
      expect(shenzhenFallen, name).toEqual([
        ['90', '已说明', A01_NOTE],
        ['80', '待说明', null],
      ]);

      const attention = sheet(workbook, '需关注');
      let heading = '';
      attention.eachRow((row) => {
        const text = String(row.getCell(1).value ?? '');
        if (text.startsWith('三、待说明的数据质量警告')) heading = text;
      });
      const pendingHeader = rowStartingWith(attention, '城市代码').number;
      expect(heading, name).toMatch(/共 \d+ 条；另有已说明 1 条不列出，明细和核实说明见“数据质量”/);
      const shenzhenRow = findRow(attention, pendingHeader, SHENZHEN, '待说明警告数');
      expect(shenzhenRow, name).toEqual([SHENZHEN, '深圳市', 1]);
    }
  });
});

/** The first three cells of the row of `city` in the table whose header holds `label`. */
function findRow(
  worksheet: ExcelJS.Worksheet,
  from: number,
  city: string,
  label: string,
): unknown[] | undefined {
  let header = 0;
  for (let number = from; number <= worksheet.rowCount; number++) {
    const row = worksheet.getRow(number);
    if (header === 0) {
      if (row.getCell(3).value === label) header = number;
      continue;
    }
    if (row.getCell(1).value === city) return [1, 2, 3].map((column) => row.getCell(column).value);
  }
  return undefined;
}
