/**
 * The charts in the workbooks, read back: each picture as wide as its sheet prints (so across the
 * whole A4 landscape page), its height in proportion to its PNG, with pixels to spare for print,
 * and short enough for one page; a city's trend over the quarters its 指标趋势 sheet lists.
 */
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cityChartSpecs, summaryChartSpecs } from '#shared/charts/reportCharts.ts';
import { writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import { writeNationalWorkbook, writeProvinceWorkbook } from '#shared/reports/nationalWorkbook.ts';
import { printableWidthPixels } from '#shared/reports/xlsx/printLayout.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import { D, nationalFixture } from '../rollup/fixture.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';
import { readWorkbook, sheet } from './workbookReader.ts';

/** LibreOffice prints a character of column width as about 9.25 pixels (see printLayout.ts). */
function columnsPixels(worksheet: ExcelJS.Worksheet): number {
  let total = 0;
  for (let column = 1; column <= worksheet.columnCount; column++)
    total += (worksheet.getColumn(column).width ?? 9) * 9.25;
  return total;
}

/** Printable height of an A4 landscape page inside its margins (0.6 in top and bottom), in pixels. */
const A4_PRINTABLE_HEIGHT = (210 / 25.4 - 1.2) * 96;

async function expectChartsAcrossThePage(bytes: Buffer, charts: number): Promise<void> {
  const workbook = await readWorkbook(bytes);
  const overview = sheet(workbook, '概览');
  const images = overview.getImages();
  expect(images).toHaveLength(charts);
  const sheetWidth = columnsPixels(overview);
  const page = printableWidthPixels('A4');
  // Fitted to the page width: the sheet prints at this scale.
  const scale = page / Math.max(page, sheetWidth);
  for (const image of images) {
    const { width, height } = (image.range as unknown as { ext: { width: number; height: number } }).ext;
    const png = Buffer.from(workbook.getImage(Number(image.imageId)).buffer as unknown as Uint8Array);
    const [pngWidth, pngHeight] = [png.readUInt32BE(16), png.readUInt32BE(20)];

    // As wide as the columns (or the page, were they narrower): the printed chart spans the page.
    expect(Math.abs(width - Math.max(page, sheetWidth))).toBeLessThanOrEqual(1);
    expect(width * scale).toBeGreaterThan(page * 0.99);
    // Not stretched: the shown size has the picture's proportions.
    expect(Math.abs(width / height - pngWidth / pngHeight)).toBeLessThan(0.01);
    // At least 1.5 picture pixels per pixel shown (about 190 dpi on paper): text prints sharp.
    expect(pngWidth / width).toBeGreaterThanOrEqual(1.5);
    // One page holds the chart under the two repeated title lines (about 45 pixels).
    expect((height + 45) * scale).toBeLessThan(A4_PRINTABLE_HEIGHT);
  }
}

describe('charts in the workbooks', () => {
  const many = aNationalRollup({
    cities: Array.from({ length: 40 }, (_, index) =>
      aCity(String(110100 + index * 100), `城市${index + 1}`, { province: '广东省', seed: index }),
    ),
  });

  it('prints each national chart across the page width, in proportion, on a page of its own', async () => {
    await expectChartsAcrossThePage(await writeNationalWorkbook(many), 4);
  });

  it('prints the province and city charts across the page width too', async () => {
    const rollup = aNationalRollup({
      cities: [
        aCity('440300', '深圳市', { province: '广东省' }),
        aCity('440100', '广州市', { province: '广东省', seed: 1 }),
      ],
    });

    await expectChartsAcrossThePage(await writeProvinceWorkbook(rollup, '440000'), 4);
    await expectChartsAcrossThePage(await writeCityWorkbook(rollup, '440300'), 3);
  });

  it("starts a city's trend chart at its programme start, with the quarters of its 指标趋势 sheet", async () => {
    // 丁市's programme starts in 2024Q1; the national trend of the same roll-up starts in 2023Q1.
    const rollup = computeRollup(nationalFixture());
    const city = rollup.cities.find((candidate) => candidate.code === D)!;

    const trend = cityChartSpecs(rollup, city)[2]!;
    const quarters = (trend.option.xAxis as Array<{ data: string[] }>).map((axis) => axis.data);
    const matrix = sheet(await readWorkbook(await writeCityWorkbook(rollup, D)), '指标趋势');
    const headers = (matrix.getRow(4).values as unknown[]).filter(
      (value): value is string => typeof value === 'string' && /^\d{4}Q[1-4]$/.test(value),
    );

    expect(headers).toEqual(['2024Q1', '2024Q2']);
    for (const axis of quarters) expect(axis).toEqual(headers);
    const national = summaryChartSpecs(rollup, '全国')[2]!;
    expect((national.option.xAxis as Array<{ data: string[] }>)[0]!.data[0]).toBe('2023Q1');
  });
});
