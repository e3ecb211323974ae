/** The one check pipeline (parse → validate → report) on rows that the reader does not keep. */
import { describe, expect, it } from 'vitest';
import { checkUpload } from '#shared/validation/checkUpload.ts';
import { bodyOf, csvText, encode, uscc, workbook } from '../parsing/builders.ts';
import { context } from './builders.ts';

const AGENCY_HEADER = ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）'];

async function check(bytes: Buffer, fileName: string) {
  const { report } = await checkUpload({
    body: bodyOf(bytes),
    fileName,
    annotate: 'never',
    settle: () => ({
      context: context({ fileName }),
      report: () => ({
        uploadId: 'u1',
        city: '440300',
        period: '2024Q3',
        file: fileName,
        receivedAt: new Date('2024-10-10T02:00:00Z'),
      }),
    }),
  });
  return report;
}

describe('checkUpload', () => {
  it('finds a repeated credit code even when its first row was rejected for another cell', async () => {
    const csv = encode(
      csvText([
        AGENCY_HEADER,
        ['甲运营中心', uscc(1), '约一千'],
        ['乙服务公司', uscc(2), 5],
        ['甲运营中心（重复）', uscc(1), 10],
      ]),
    );

    const report = await check(csv, 'agencies.csv');

    expect(report.issues.map(({ code, row, cell }) => ({ code, row, cell }))).toEqual([
      { code: 'NUMBER_INVALID', row: 2, cell: 'C2' },
      { code: 'DUPLICATE_USCC', row: 4, cell: 'B4' },
    ]);
    expect(report.issues[1]?.message).toContain('第 2 行已填');
  });

  it('does not take a rejected credit code itself as the first of a repeat', async () => {
    const wrong = `${uscc(1).slice(0, 17)}${uscc(1).endsWith('0') ? '1' : '0'}`;
    const xlsx = await workbook({
      name: '运营机构',
      rows: [AGENCY_HEADER, ['甲', wrong, 1], ['乙', wrong, 2]],
    });

    const report = await check(xlsx, '深圳.xlsx');

    expect(report.issues.map((issue) => issue.code)).toEqual(['USCC_CHECKSUM', 'USCC_CHECKSUM']);
  });
});
