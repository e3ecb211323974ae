/**
 * The 概览 sheets' shared parts: the key facts, the main-indicator table, and the charts under
 * them (rendered from `shared/charts/` definitions, Chinese text in the picture itself).
 */
import { INDICATORS, type IndicatorDefinition } from '../../catalogue/indicators.ts';
import type { IndicatorFigures } from '../../rollup/types.ts';
import type { RenderedChart } from '../charts/renderChart.ts';
import { kindForUnit } from '../labels.ts';
import type { ImagePlacement } from '../xlsx/imageWorkbookWriter.ts';
import type { CellValue, ReportSheet } from '../xlsx/reportSheet.ts';
import type { CellKind } from '../xlsx/styles.ts';

/**
 * Indicators a summary singles out (the city-against-median chart, the 省份汇总 subtotals): the
 * programme- and growth-target indicators and the key outputs.
 */
export const KEY_INDICATORS: readonly string[] = [
  'A02',
  'A03',
  'B05',
  'B06',
  'B07',
  'C01',
  'C02',
  'C04',
  'D01',
  'D02',
  'D04',
];

/** Indicators drawn in the trend charts: output quality and the four growth-target indicators. */
export const KEY_TREND_INDICATORS: readonly string[] = ['B05', 'B06', 'C04', 'D01', 'D02', 'D04'];

/** Label and value lines (基本情况): the label across columns A–C, the value in D. */
export function writeFacts(
  sheet: ReportSheet,
  facts: ReadonlyArray<readonly [string, CellValue, CellKind]>,
): void {
  for (const [label, value, kind] of facts)
    sheet.row([label, null, null, value], ['text', 'text', 'text', kind], { merge: [1, 3] });
}

/** A column after 同比增长 in the main-indicator table: a comparison, or the cities counted. */
export interface ComparisonColumn<F extends IndicatorFigures> {
  header: string;
  /** `indicatorUnit`: formatted in the indicator's own unit, like the figures themselves. */
  kind: CellKind | 'indicatorUnit';
  value: (figures: F | undefined, definition: IndicatorDefinition) => CellValue;
}

/**
 * The 概览 table of main indicators, a row per catalogue indicator: code, name, unit, the period's
 * value, YTD, last year's YTD and growth, then two comparison columns; filterable over its nine
 * columns.
 */
export function writeIndicatorFigures<F extends IndicatorFigures>(
  sheet: ReportSheet,
  table: {
    heading: string;
    lastYearHeader: string;
    figures: (definition: IndicatorDefinition) => F | undefined;
    comparisons: readonly [ComparisonColumn<F>, ComparisonColumn<F>];
  },
): void {
  const { comparisons } = table;
  sheet.blank();
  sheet.heading(table.heading);
  const header = sheet.header([
    '指标代码',
    '指标名称',
    '单位',
    '本期值',
    '本年累计',
    table.lastYearHeader,
    '同比增长（%）',
    ...comparisons.map((column) => column.header),
  ]);
  for (const definition of INDICATORS) {
    const figures = table.figures(definition);
    const kind = kindForUnit(definition.unit);
    sheet.row(
      [
        definition.code,
        definition.name,
        definition.unit,
        figures?.value,
        figures?.ytd,
        figures?.lastYearYtd,
        figures?.growth,
        ...comparisons.map((column) => column.value(figures, definition)),
      ],
      [
        'text',
        // Long names wrap rather than run under the next column (or off the printed page).
        'longText',
        'text',
        kind,
        kind,
        kind,
        'percent',
        ...comparisons.map((column) => (column.kind === 'indicatorUnit' ? kind : column.kind)),
      ],
    );
  }
  sheet.filter(header, sheet.lastRow, 1, 7 + comparisons.length);
}

/**
 * Places the charts under the tables, from `firstRow`, one per printed page: a page break
 * before each, the picture in column A as wide as the sheet prints (so across the whole page
 * width), its height in proportion. Returns the last row the charts use.
 */
export function placeCharts(sheet: ReportSheet, charts: readonly RenderedChart[], firstRow: number): number {
  let row = firstRow;
  const width = sheet.printWidthPixels;
  const images: Array<{ png: Buffer; placement: ImagePlacement }> = [];
  for (const chart of charts) {
    sheet.pageBreakAfter(row - 1);
    const height = Math.round((chart.height * width) / chart.width);
    images.push({
      png: chart.png,
      placement: { column: 1, row, width, height, description: chart.description },
    });
    // Rows under a picture keep the default height of 20 pixels; one empty row after each chart.
    row += Math.ceil(height / DEFAULT_ROW_PIXELS) + 1;
  }
  // A cell under the last chart, so that the print area reaches past the picture.
  sheet.place(row, [' '], ['text']);
  sheet.images(images);
  return row;
}

const DEFAULT_ROW_PIXELS = 20;
