import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import type { ValidationIssue, ValidationReport } from '#shared/domain/validation.ts';
import { writeAnnotatedWorkbook } from '#shared/validation/annotate.ts';
import { zipOf } from '../parsing/builders.ts';
import { enterprise } from './builders.ts';

const RED = 'FFFFC7CE';
const AMBER = 'FFFFEB9C';

function report(issues: ValidationIssue[], overrides: Partial<ValidationReport> = {}): ValidationReport {
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  return {
    uploadId: 'u1',
    city: '440300',
    period: '2024Q3',
    file: '深圳2024Q3.xlsx',
    status: 'rejected',
    sheets: [{ kind: 'enterprises', name: '重点企业', status: 'rejected', rows: 3 }],
    issues,
    counts: { errors, warnings: issues.length - errors },
    ...overrides,
  };
}

const checksumError: ValidationIssue = {
  severity: 'error',
  code: 'USCC_CHECKSUM',
  sheet: '重点企业',
  row: 3,
  column: '统一社会信用代码',
  cell: 'B3',
  value: '91440300MA5G0L7Y3X',
  message: '统一社会信用代码校验位错误',
};
const formulaLikeWarning: ValidationIssue = {
  severity: 'warning',
  code: 'DUPLICATE_CASE',
  sheet: '重点企业',
  row: 2,
  column: '企业名称',
  cell: 'A2',
  value: '=1+1',
  message: '名称重复',
};
const totalMismatch: ValidationIssue = {
  severity: 'warning',
  code: 'TOTAL_MISMATCH',
  sheet: '重点企业',
  row: 4,
  column: '有效发明专利量（件）',
  cell: 'F4',
  value: '12',
  message: '合计行“有效发明专利量（件）”为 12，各行合计为 10，两者不一致',
};
const missingRow: ValidationIssue = { ...checksumError, row: 500, cell: 'B500', message: '第 500 行的问题' };
const fileLevel: ValidationIssue = {
  severity: 'warning',
  code: 'LATE_UPLOAD',
  sheet: '深圳2024Q3.xlsx',
  message: '本次为迟报',
};

/** A 重点企业 upload whose credit code cells share one style (as after any formatting in Excel). */
async function upload(): Promise<Buffer> {
  const workbook = await open(
    await writeUploadWorkbook({
      enterprises: [enterprise(1, { name: '=1+1' }), enterprise(2), enterprise(3)],
    }),
  );
  const sheet = workbook.getWorksheet('重点企业')!;
  for (const address of ['B2', 'B3', 'B4']) sheet.getCell(address).font = { name: '宋体', size: 11 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** The summary lines above the list of the 校验结果 sheet. */
function summaryTexts(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  workbook.getWorksheet('校验结果')?.eachRow((row) => texts.push(String(row.getCell(1).value)));
  return texts;
}

describe('writeAnnotatedWorkbook', () => {
  it('puts the 校验结果 list first, with a frozen header and a filter', async () => {
    const issues = [checksumError, formulaLikeWarning, missingRow, fileLevel];

    const workbook = await open(await writeAnnotatedWorkbook(report(issues), await upload()));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果', '重点企业']);
    const list = workbook.worksheets[0]!;
    const view = list.views[0] as { state?: string; ySplit?: number };
    const headerRow = view.ySplit ?? 0;
    expect(view.state).toBe('frozen');
    expect(list.getRow(headerRow).values).toEqual([
      undefined,
      '严重程度',
      '代码',
      '工作表',
      '行',
      '列',
      '单元格',
      '值',
      '说明',
      '核实状态',
      '核实说明',
    ]);
    expect(list.autoFilter).toBeDefined();
    expect(list.getRow(headerRow + 1).values).toEqual([
      undefined,
      '错误',
      'USCC_CHECKSUM',
      '重点企业',
      3,
      '统一社会信用代码',
      'B3',
      '91440300MA5G0L7Y3X',
      '统一社会信用代码校验位错误',
    ]);
    expect(list.getCell(`H${headerRow + 4}`).value).toBe('本次为迟报');
    expect(list.getColumn(8).width).toBeGreaterThan(40);
  });

  it('shows each verification warning 已说明 with the city’s words or 待说明 with where to write them', async () => {
    // Prepare: a 合计 mismatch explained in the 合计 row's 备注, another one not explained.
    const explained: ValidationIssue = {
      ...totalMismatch,
      explanationStatus: 'explained',
      explanation: '合计为快报数',
      explanationSource: '重点企业!P4',
    };
    const pending: ValidationIssue = { ...totalMismatch, cell: 'G4', explanationStatus: 'pending' };
    const issues = [explained, pending, checksumError];

    // Act
    const workbook = await open(
      await writeAnnotatedWorkbook(
        report(issues, { explanations: { explained: 1, pending: 1 } }),
        await upload(),
      ),
    );

    // Assess: the list's 核实状态 / 核实说明, and the notes on the cells.
    const list = workbook.getWorksheet('校验结果')!;
    const headerRow = (list.views[0] as { ySplit?: number }).ySplit ?? 0;
    const rowOf = (issue: ValidationIssue) => list.getRow(headerRow + 1 + issues.indexOf(issue));
    expect([rowOf(explained).getCell(9).value, rowOf(explained).getCell(10).value]).toEqual([
      '已说明',
      '合计为快报数（重点企业!P4）',
    ]);
    expect([rowOf(pending).getCell(9).value, rowOf(pending).getCell(10).value]).toEqual([
      '待说明',
      '请在本行备注栏或“填报说明”表中说明原因',
    ]);
    expect([rowOf(checksumError).getCell(9).value, rowOf(checksumError).getCell(10).value]).toEqual([
      null,
      null,
    ]);
    expect(rowOf(pending).getCell(9).fill).toMatchObject({ fgColor: { argb: AMBER } });
    // The message wraps in 说明 (60 wide): the row is written tall enough for its two lines.
    expect(rowOf(pending).getCell(8).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(rowOf(pending).height).toBeGreaterThanOrEqual(30);
    const sheet = workbook.getWorksheet('重点企业')!;
    expect(String(sheet.getCell('F4').note)).toBe(`【警告】${totalMismatch.message}\n已说明：合计为快报数`);
    expect(String(sheet.getCell('G4').note)).toBe(
      `【警告】${totalMismatch.message}\n待说明：请在本行备注栏或“填报说明”表中说明原因`,
    );
    expect(summaryTexts(workbook)).toContain(
      '需核实的警告 2 个：已说明 1 个，待说明 1 个。数值无误时不必修改，请在本行备注栏或“填报说明”表中说明原因后重新上传。',
    );
  });

  it('tells a CSV upload to explain in the row’s 备注 column, as a CSV file holds no 填报说明 sheet', async () => {
    const pending: ValidationIssue = {
      ...totalMismatch,
      sheet: 'enterprises.csv',
      explanationStatus: 'pending',
    };

    const workbook = await open(
      await writeAnnotatedWorkbook(
        report([pending], {
          file: 'enterprises.csv',
          format: 'csv',
          explanations: { explained: 0, pending: 1 },
        }),
      ),
    );

    const list = workbook.getWorksheet('校验结果')!;
    const headerRow = (list.views[0] as { ySplit?: number }).ySplit ?? 0;
    expect(list.getRow(headerRow + 1).getCell(10).value).toBe(
      '请在本行“备注”列中说明原因（没有该列时在表头加一列“备注”；CSV 文件不能附“填报说明”表）',
    );
    expect(summaryTexts(workbook).join('\n')).not.toContain('“填报说明”表中说明');
  });

  it('fills problem cells red or amber and notes the message', async () => {
    const workbook = await open(
      await writeAnnotatedWorkbook(report([checksumError, formulaLikeWarning]), await upload()),
    );

    const sheet = workbook.getWorksheet('重点企业')!;
    expect(sheet.getCell('B3').fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: RED },
    });
    expect(String(sheet.getCell('B3').note)).toContain('【错误】统一社会信用代码校验位错误');
    expect(sheet.getCell('A2').fill).toMatchObject({ fgColor: { argb: AMBER } });
    expect(String(sheet.getCell('A2').note)).toContain('【警告】名称重复');
    // B4 shares B3's style in the file: it keeps its look.
    expect((sheet.getCell('B4').fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    expect(sheet.getCell('B4').font).toMatchObject({ name: '宋体' });
    expect(sheet.getCell('B4').note).toBeUndefined();
  });

  it('marks a cell with an error and a warning red, with both messages', async () => {
    const warningOnSameCell: ValidationIssue = {
      ...checksumError,
      severity: 'warning',
      code: 'X',
      message: '另一个提示',
    };

    const workbook = await open(
      await writeAnnotatedWorkbook(report([warningOnSameCell, checksumError]), await upload()),
    );

    const cell = workbook.getWorksheet('重点企业')!.getCell('B3');
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(RED);
    expect(String(cell.note)).toBe('【警告】另一个提示\n【错误】统一社会信用代码校验位错误');
  });

  it('lists issues about cells the sheet does not have without adding rows', async () => {
    const original = await upload();
    const rowsBefore = (await open(original)).getWorksheet('重点企业')!.rowCount;

    const workbook = await open(await writeAnnotatedWorkbook(report([missingRow]), original));

    expect(workbook.getWorksheet('重点企业')!.rowCount).toBe(rowsBefore);
    const list = workbook.getWorksheet('校验结果')!;
    const listed: string[] = [];
    list.eachRow((row) => listed.push(String(row.getCell(8).value)));
    expect(listed).toContain('第 500 行的问题');
  });

  it('writes text from the upload as text, never as a formula', async () => {
    const workbook = await open(await writeAnnotatedWorkbook(report([formulaLikeWarning]), await upload()));

    const list = workbook.getWorksheet('校验结果')!;
    const headerRow = (list.views[0] as { ySplit?: number }).ySplit ?? 0;
    const valueCell = list.getCell(`G${headerRow + 1}`);
    expect(valueCell.type).toBe(ExcelJS.ValueType.String);
    expect(valueCell.value).toBe('=1+1');
    expect(valueCell.formula).toBeUndefined();
    const original = workbook.getWorksheet('重点企业')!.getCell('A2');
    expect(original.type).toBe(ExcelJS.ValueType.String);
    expect(original.value).toBe('=1+1');
  });

  it('writes only the list for a CSV upload', async () => {
    const workbook = await open(
      await writeAnnotatedWorkbook(report([checksumError], { file: 'enterprises.csv' })),
    );

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
  });

  it('falls back to the list when the original cannot be opened', async () => {
    const unreadable = Buffer.from('PK\u0003\u0004 not really a workbook');

    const workbook = await open(await writeAnnotatedWorkbook(report([checksumError]), unreadable));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts.some((text) => text.includes('原文件无法打开'))).toBe(true);
  });

  it('does not open again an original the zip guard refused, listing the issues alone', async () => {
    const zipBomb: ValidationIssue = {
      severity: 'error',
      code: 'ZIP_BOMB',
      sheet: '深圳2024Q3.xlsx',
      message: '压缩比异常',
    };

    const workbook = await open(await writeAnnotatedWorkbook(report([zipBomb]), await upload()));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
    expect(summaryTexts(workbook)).toContainEqual(expect.stringContaining('原文件无法打开'));
  });

  it('lists the issues without marking cells when the original is too large to open in memory', async () => {
    const original = await upload();

    const workbook = await open(
      await writeAnnotatedWorkbook(report([checksumError]), original, { maxXmlBytes: 1000 }),
    );

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
    expect(summaryTexts(workbook)).toContainEqual(
      expect.stringContaining('原工作簿较大（解压后 1 MB），未在原表中逐格标注'),
    );
  });

  it('falls back to the list when the original opens but cannot be written back (an .ods)', async () => {
    const ods = zipOf([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    ]);

    const workbook = await open(await writeAnnotatedWorkbook(report([checksumError]), ods));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果']);
  });

  it('replaces the 校验结果 sheet of a workbook that was annotated before', async () => {
    const once = await writeAnnotatedWorkbook(report([checksumError]), await upload());

    const workbook = await open(await writeAnnotatedWorkbook(report([formulaLikeWarning]), once));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['校验结果', '重点企业']);
  });

  it('says in the summary how many issues there are and when the list is cut', async () => {
    const workbook = await open(
      await writeAnnotatedWorkbook(
        report([checksumError], { counts: { errors: 1200, warnings: 3 }, truncated: true }),
        await upload(),
      ),
    );

    const texts: string[] = [];
    workbook.getWorksheet('校验结果')!.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts).toContain('错误 1200 个，警告 3 个。问题较多，以下仅列出前 1 个（错误在前）。');
  });
});
