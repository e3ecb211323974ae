/**
 * Every workbook the system writes prints the same way (issue 15): landscape A4 (A3 for the
 * widest tables), one page wide, header rows repeated, a page header naming the report and a
 * `第 x 页，共 y 页` footer — read back from the files, sheet by sheet.
 */
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import { writeNationalWorkbook } from '#shared/reports/nationalWorkbook.ts';
import {
  columnPagesFor,
  columnPagesWhenTooWide,
  fittedScale,
  MIN_FITTED_SCALE,
  PAGES_ACROSS_SCALE,
  paperForWidths,
  printableWidthPixels,
  printHeaderFooter,
} from '#shared/reports/xlsx/printLayout.ts';
import { buildTemplateWorkbook } from '#shared/template/buildTemplate.ts';
import { writeAnnotatedWorkbook } from '#shared/validation/annotate.ts';
import { enterprise } from '../validation/builders.ts';
import { aNationalRollup } from './rollupBuilder.ts';
import { printSetupOf, readWorkbook } from './workbookReader.ts';

function expectPrintable(workbook: ExcelJS.Workbook, title: string): void {
  expect(workbook.worksheets.length).toBeGreaterThan(0);
  for (const worksheet of workbook.worksheets) {
    const setup = printSetupOf(worksheet);
    expect(setup.landscape, worksheet.name).toBe(true);
    expect(['A4', 'A3'], worksheet.name).toContain(setup.paper);
    // One page wide, or (a table too wide to read so) across pages at a readable scale with
    // the title columns repeated.
    if (!setup.onePageWide) {
      expect(setup.scale, worksheet.name).toBeGreaterThanOrEqual(60);
      expect(setup.repeatedColumns, worksheet.name).toBeDefined();
    } else {
      // A table that would print smaller than 70 % on A4 goes on A3, and one too wide even for
      // A3 across pages.
      const widths = (worksheet.columns ?? []).map((column) => column.width ?? 9);
      expect(fittedScale(widths, setup.paper as 'A4' | 'A3'), worksheet.name).toBeGreaterThanOrEqual(
        MIN_FITTED_SCALE,
      );
    }
    expect(setup.header, worksheet.name).toContain(title);
    expect(setup.footer, worksheet.name).toBe('&C第 &P 页，共 &N 页');
  }
}

describe('paper', () => {
  it('is A4 while a table prints at 70 % or more fitted to its width, A3 beyond', () => {
    const a4Fits = printableWidthPixels('A4') / 9.25 / MIN_FITTED_SCALE;

    expect(paperForWidths([120])).toBe('A4');
    expect(paperForWidths([Math.floor(a4Fits)])).toBe('A4');
    expect(paperForWidths([Math.ceil(a4Fits) + 1])).toBe('A3');
    expect(fittedScale([100], 'A4')).toBe(1);
    expect(fittedScale([200], 'A3')).toBeCloseTo(printableWidthPixels('A3') / (200 * 9.25), 5);
  });
});

describe('pages across', () => {
  it('are kept for a table too wide for one A3 width at 70 %, its title columns on every page', () => {
    const a3Fits = Math.floor(printableWidthPixels('A3') / 9.25 / MIN_FITTED_SCALE);

    expect(columnPagesWhenTooWide([10, a3Fits - 10], 1)).toBeUndefined();
    const pages = columnPagesWhenTooWide([20, ...Array<number>(30).fill(10)], 1);

    expect(pages).toMatchObject({ titleColumns: 1, scale: PAGES_ACROSS_SCALE });
    expect(pages?.breaksAfter.length).toBeGreaterThan(0);
  });
});

describe('print layout', () => {
  it('prints every sheet of the national workbook with repeated headers, 目标完成 on A3 across pages', async () => {
    const workbook = await readWorkbook(await writeNationalWorkbook(aNationalRollup()));

    expectPrintable(workbook, '2024Q3');
    // 58 columns: pages across at 80 %, the city columns and the two header rows on each page.
    expect(printSetupOf(workbook.getWorksheet('目标完成')!)).toMatchObject({
      paper: 'A3',
      onePageWide: false,
      scale: PAGES_ACROSS_SCALE,
      repeatedColumns: 'A:C',
      repeatedRows: '3:4',
    });
    expect(workbook.getWorksheet('目标完成')!.getCell('A3').value).toBe('城市');
    // 24 columns, about 50 % fitted to A3: across pages, rank and name on each.
    expect(printSetupOf(workbook.getWorksheet('典型企业')!)).toMatchObject({
      paper: 'A3',
      onePageWide: false,
      scale: PAGES_ACROSS_SCALE,
      repeatedColumns: 'A:B',
      repeatedRows: '3:3',
    });
    for (const name of ['数据质量', '说明'])
      expect(printSetupOf(workbook.getWorksheet(name)!), name).toMatchObject({
        paper: 'A3',
        onePageWide: true,
      });
    expect(printSetupOf(workbook.getWorksheet('填报情况')!)).toMatchObject({
      paper: 'A4',
      repeatedRows: '1:3',
    });
  });

  it('prints every sheet of a city workbook', async () => {
    const rollup = aNationalRollup();
    const workbook = await readWorkbook(await writeCityWorkbook(rollup, rollup.cities[0]!.code));

    expectPrintable(workbook, rollup.cities[0]!.name);
  });

  it('prints every sheet of the template with the city and period in the page header', async () => {
    const workbook = await readWorkbook(
      await buildTemplateWorkbook({
        registry: DEFAULT_REGISTRY,
        city: '440300',
        period: '2024Q3',
        deadlineDays: 15,
      }),
    );

    expectPrintable(workbook, '深圳市（440300） 2024Q3');
    expect(printSetupOf(workbook.getWorksheet('核心指标')!)).toMatchObject({
      paper: 'A4',
      repeatedRows: '1:1',
    });
  });

  it('prints every sheet of an annotated upload, its own sheets and the 校验结果 list', async () => {
    const report: ValidationReport = {
      uploadId: 'u1',
      city: '440300',
      period: '2024Q3',
      file: '深圳2024Q3.xlsx',
      status: 'accepted',
      sheets: [{ kind: 'enterprises', name: '重点企业', status: 'accepted', rows: 1 }],
      issues: [],
      counts: { errors: 0, warnings: 0 },
    };
    const original = await writeUploadWorkbook({ enterprises: [enterprise(1)] });

    const workbook = await readWorkbook(await writeAnnotatedWorkbook(report, original));

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toContain('重点企业');
    for (const worksheet of workbook.worksheets) {
      const setup = printSetupOf(worksheet);
      expect(setup).toMatchObject({ landscape: true, paper: 'A4', onePageWide: true });
      expect(setup.footer).toBe('&C第 &P 页，共 &N 页');
    }
  });

  it('writes a literal ampersand in a page header as && so that it is not read as a code', () => {
    expect(printHeaderFooter({ title: '研发&运营', period: '2024Q3' }).oddHeader).toBe(
      '&C&"-,Bold"研发&&运营（2024Q3）',
    );
  });

  it('breaks a wide table between whole column groups, each page within the paper at its scale', () => {
    // Three title columns, then groups of 5, 5, 5, 3 and 2 columns of 10 characters.
    const groups = [5, 5, 5, 3, 2];
    const widths = [9, 14, 10, ...groups.flatMap((span) => Array<number>(span).fill(10))];

    const pages = columnPagesFor({ widths, titleColumns: 3, groups, paper: 'A4', scale: 80 });

    const boundaries = groups.map((_, index) => 3 + groups.slice(0, index + 1).reduce((a, b) => a + b, 0));
    expect(pages.breaksAfter.length).toBeGreaterThan(0);
    for (const column of pages.breaksAfter) expect(boundaries).toContain(column);
    // Each page: the title columns plus its groups fit the printable width at 80 %.
    const edges = [3, ...pages.breaksAfter, widths.length];
    const columnsPerPage = edges.slice(1).map((end, index) => end - edges[index]!);
    for (const columns of columnsPerPage)
      expect((33 + columns * 10) * 9.25 * 0.8).toBeLessThanOrEqual(printableWidthPixels('A4'));
    // And no two neighbouring pages would have fitted on one.
    for (let index = 1; index < columnsPerPage.length; index++)
      expect((33 + (columnsPerPage[index - 1]! + columnsPerPage[index]!) * 10) * 9.25 * 0.8).toBeGreaterThan(
        printableWidthPixels('A4') * 0.95,
      );
  });

  it('gives a group wider than a page a page of its own rather than splitting another', () => {
    const pages = columnPagesFor({
      widths: [10, 200, 10, 10],
      titleColumns: 1,
      groups: [1, 2],
      paper: 'A4',
      scale: 100,
    });

    expect(pages).toEqual({ titleColumns: 1, breaksAfter: [2], scale: 100 });
  });
});
