import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { buildTemplateWorkbook } from '#shared/template/buildTemplate.ts';
import { codesOf, parse, recordsOf, uscc } from './builders.ts';

const template = () =>
  buildTemplateWorkbook({ registry: DEFAULT_REGISTRY, city: '440300', period: '2024Q3', deadlineDays: 15 });

/** The template as a city returns it: some 本期值 typed in, one agency added. */
async function filledTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await template()) as unknown as ExcelJS.Buffer);
  const core = book.getWorksheet('核心指标');
  core?.eachRow((row) => {
    if (row.getCell(1).value === 'B01') row.getCell(4).value = 1200;
    if (row.getCell(1).value === 'E04') row.getCell(4).value = 8.5;
  });
  book.getWorksheet('运营机构')?.addRow(['深圳市知识产权运营中心', uscc(1), '运营机构', 1500, 1200, 5000]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("the system's own template", () => {
  it('reads the untouched template as 基本信息 and nothing to submit', async () => {
    const upload = await parse(await template(), '深圳2024Q3.xlsx');

    expect(upload.info?.values).toMatchObject({ cityCode: '440300', period: '2024Q3' });
    expect(codesOf(upload)).toEqual(['NO_DATA']);
  });

  it('reads a filled-in template without issues', async () => {
    const upload = await parse(await filledTemplate(), '深圳2024Q3.xlsx');

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'core')).toEqual([
      { code: 'A04' },
      { code: 'B01', value: 1200 },
      { code: 'B07' },
      { code: 'E04', value: 8.5 },
    ]);
    expect(recordsOf(upload, 'agencies')).toEqual([
      {
        name: '深圳市知识产权运营中心',
        uscc: uscc(1),
        type: '运营机构',
        revenueYtd: 1500,
        revenueSamePeriodLastYear: 1200,
        revenueLastYear: 5000,
      },
    ]);
  });
});
