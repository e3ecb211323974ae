import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { buildTemplateWorkbook } from '#shared/template/buildTemplate.ts';
import { parse, recordsOf, sheetOf, uscc, workbook } from './builders.ts';

const AGENCY_HEADER = ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）', '备注'];

describe('reading explanations of verification warnings', () => {
  it('reads the explanations table of a 填报说明 sheet, below any instructions, and skips rows left blank', async () => {
    const xlsx = await workbook(
      {
        name: '填报说明',
        rows: [
          ['填报说明：请按模板填写'],
          ['代码', '指标名称', '填写说明'],
          ['A01', '产业知识产权联盟数', '存量'],
          [],
          ['核实性审核说明'],
          ['指标或工作表', '核实说明（请写明原因）'],
          ['C01', '部分单位证书到期'],
          ['D01 知识产权质押融资金额', '  '],
          ['运营机构', '合计为快报数'],
        ],
      },
      { name: '运营机构', rows: [AGENCY_HEADER, ['甲机构', uscc(1), 500]] },
    );

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.explanations).toEqual([
      { sheet: '填报说明', row: 7, cell: 'B7', subject: 'C01', text: '部分单位证书到期' },
      { sheet: '填报说明', row: 9, cell: 'B9', subject: '运营机构', text: '合计为快报数' },
    ]);
    expect(upload.ignoredSheets).toEqual([
      { name: '填报说明', reason: '填报说明（读取核实性审核说明 2 条，不作为数据入库）' },
    ]);
  });

  it('finds no explanation in the template’s own 填报说明 sheet', async () => {
    const template = await buildTemplateWorkbook({
      registry: DEFAULT_REGISTRY,
      city: '440300',
      period: '2024Q3',
      deadlineDays: 15,
    });

    const upload = await parse(template, '模板.xlsx');

    expect(upload.explanations ?? []).toEqual([]);
  });

  it('reads the 备注 of a detail sheet’s 合计 row, and neither stores nor checks it on data rows', async () => {
    const xlsx = await workbook({
      name: '运营机构',
      rows: [
        AGENCY_HEADER,
        ['甲机构', uscc(1), 500, '本行备注'],
        [null, null, null, '只写了备注的一行'],
        ['合计', null, 600, '合计含已注销机构'],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([]);
    expect(recordsOf(upload, 'agencies')).toEqual([{ name: '甲机构', uscc: uscc(1), revenueYtd: 500 }]);
    expect(sheetOf(upload, 'agencies').total).toMatchObject({
      row: 4,
      values: { revenueYtd: 600 },
      note: { text: '合计含已注销机构', cell: 'D4' },
    });
  });
});
