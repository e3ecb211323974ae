import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import type { AgencyRecord } from '#shared/domain/records.ts';

const agencies: AgencyRecord[] = [
  { name: '甲运营有限公司', uscc: '914403001922038216', revenueYtd: 1200.5, revenueLastYear: 1500 },
  { name: '乙服务有限公司', uscc: '91330100799655058B', revenueYtd: 300.25 },
];

describe('upload writer layouts (titles, 合计 rows, fixed times)', () => {
  it('puts a title line above the header and a 合计 row with the column sums below the rows of a CSV', () => {
    const text = writeUploadCsv('agencies', agencies, {
      title: '2024年第三季度运营机构情况',
      totalRow: true,
    }).toString('utf8');

    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('2024年第三季度运营机构情况');
    expect(lines[1]!.startsWith('机构名称,统一社会信用代码')).toBe(true);
    expect(lines[4]).toBe('合计,,,1500.75,0,1500,');
  });

  it('writes an overridden (wrong) total where asked', () => {
    const text = writeUploadCsv('agencies', agencies, {
      totalRow: true,
      totalOverrides: { revenueYtd: 9999 },
    }).toString('utf8');

    expect(text.trimEnd().split('\r\n').at(-1)).toBe('合计,,,9999,0,1500,');
  });

  it('merges the title across the columns of a workbook sheet', async () => {
    const body = await writeUploadWorkbook(
      { agencies },
      { layout: { agencies: { title: '运营机构情况表', totalRow: true } } },
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('运营机构')!;
    expect(sheet.getCell('A1').value).toBe('运营机构情况表');
    expect(sheet.getCell('F1').isMerged).toBe(true);
    expect(sheet.getCell('A2').value).toBe('机构名称');
    expect(sheet.getRow(5).values).toEqual([undefined, '合计', undefined, undefined, 1500.75, 0, 1500]);
  });

  it('writes the same bytes for the same content when the creation time is given', async () => {
    const createdAt = new Date('2024-10-08T02:00:00Z');

    // The clock moves on between the writes (the zip library stamps entries with the current time).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-01-01T00:00:00Z') });
    try {
      const first = await writeUploadWorkbook({ agencies }, { createdAt });
      vi.setSystemTime(new Date('2025-06-30T12:34:56Z'));
      const second = await writeUploadWorkbook({ agencies }, { createdAt });

      expect(first.equals(second)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
