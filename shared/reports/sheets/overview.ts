/**
 * The 概览 sheets' shared parts: the key facts, and the charts with the legends beside them. The
 * images carry codes and numbers only (the bitmap font has no Chinese); each legend maps the codes
 * to names and lists the values.
 */
import { INDICATORS, type IndicatorDefinition, indicator } from '../../catalogue/indicators.ts';
import type { IndicatorFigures } from '../../rollup/types.ts';
import { type Bar, barChartHeight, renderBarChart } from '../charts/barChart.ts';
import type { Rgb } from '../charts/canvas.ts';
import { lineChartSize, renderLineChart } from '../charts/lineChart.ts';
import { rgbHex, seriesColour } from '../charts/palette.ts';
import { kindForUnit } from '../labels.ts';
import { type CellValue, type ReportSheet, widthForPixels } from '../xlsx/reportSheet.ts';
import {
  type CellKind,
  HEADER_STYLE,
  HEADING_STYLE,
  type StatusColour,
  statusColour,
  swatchStyle,
} from '../xlsx/styles.ts';

/** Indicators drawn in the trend charts: output quality and the four growth-target indicators. */
export const KEY_TREND_INDICATORS: readonly string[] = ['B05', 'B06', 'C04', 'D01', 'D02', 'D04'];

const CHART_WIDTH = 640;

export interface Legend {
  title: string;
  header: readonly string[];
  rows: ReadonlyArray<{ values: readonly CellValue[]; kinds: readonly CellKind[]; swatch?: Rgb }>;
}

export interface ChartBlock {
  png: Buffer;
  width: number;
  height: number;
  description: string;
  legend: Legend;
}

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
        'text',
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

export const STATUS_BAR_COLOURS: Record<StatusColour, Rgb> = {
  green: [84, 160, 84],
  amber: [230, 160, 40],
  red: [200, 60, 60],
};
const NEUTRAL_BAR: Rgb = [160, 160, 160];

export function barColourForStatus(status: string): Rgb {
  const colour = statusColour(status);
  return colour ? STATUS_BAR_COLOURS[colour] : NEUTRAL_BAR;
}

export function barChartBlock(input: {
  title: string;
  description: string;
  bars: readonly Bar[];
  referenceValue?: number;
  legend: Legend;
}): ChartBlock {
  return {
    png: renderBarChart({
      title: input.title,
      bars: input.bars,
      width: CHART_WIDTH,
      axisMinimumMax: 100,
      ...(input.referenceValue === undefined ? {} : { referenceValue: input.referenceValue }),
    }),
    width: CHART_WIDTH,
    height: barChartHeight(input.bars.length),
    description: input.description,
    legend: input.legend,
  };
}

/** One panel per key indicator over `periods`; the legend lists every value drawn. */
export function trendChartBlock(input: {
  title: string;
  description: string;
  legendTitle: string;
  periods: readonly string[];
  value: (code: string, periodIndex: number) => number | null;
  /** An extra legend row under the indicators (e.g. the number of reporting cities). */
  footnote?: { label: string; values: ReadonlyArray<number | null> };
}): ChartBlock {
  const definitions: IndicatorDefinition[] = KEY_TREND_INDICATORS.map((code) => indicator(code));
  const panels = definitions.map((definition, index) => ({
    label: definition.code,
    colour: seriesColour(index),
    values: input.periods.map((_, periodIndex) => input.value(definition.code, periodIndex)),
  }));
  const size = lineChartSize({ panels, columns: 2 });
  const rows: Legend['rows'][number][] = panels.map((panel, index) => {
    const definition = definitions[index] as IndicatorDefinition;
    return {
      values: [definition.code, `${definition.name}（${definition.unit}）`, ...panel.values],
      kinds: ['text', 'text', ...input.periods.map(() => kindForUnit(definition.unit))],
      swatch: panel.colour,
    };
  });
  if (input.footnote) {
    rows.push({
      values: ['', input.footnote.label, ...input.footnote.values],
      kinds: ['text', 'text', ...input.periods.map((): CellKind => 'count')],
    });
  }
  return {
    png: renderLineChart({ title: input.title, periods: input.periods, panels, columns: 2 }),
    width: size.width,
    height: size.height,
    description: input.description,
    legend: { title: input.legendTitle, header: ['图中代码', '指标名称（单位）', ...input.periods], rows },
  };
}

/** Width in characters of the column the charts are anchored in, wide enough for every chart. */
export function chartColumnWidth(blocks: readonly ChartBlock[]): number {
  return widthForPixels(Math.max(CHART_WIDTH, ...blocks.map((block) => block.width)) + 10);
}

/**
 * Anchors the charts one below the other in `column`, from `firstRow`, each with its legend in
 * the columns to its right. Returns the last row used.
 */
export function placeCharts(
  sheet: ReportSheet,
  blocks: readonly ChartBlock[],
  column: number,
  firstRow: number,
): number {
  let row = firstRow;
  const images: Array<{
    png: Buffer;
    placement: { column: number; row: number; width: number; height: number; description: string };
  }> = [];
  for (const block of blocks) {
    images.push({
      png: block.png,
      placement: { column, row, width: block.width, height: block.height, description: block.description },
    });
    const legendEnd = placeLegend(sheet, block.legend, column + 1, row);
    // Default rows are 20 pixels high; leave two empty rows under the taller of image and legend.
    row = Math.max(row + Math.ceil(block.height / 20), legendEnd + 1) + 2;
  }
  sheet.images(images);
  return row;
}

function placeLegend(sheet: ReportSheet, legend: Legend, column: number, firstRow: number): number {
  sheet.placeStyled(firstRow, column, legend.title, HEADING_STYLE);
  for (const [index, label] of legend.header.entries())
    sheet.placeStyled(firstRow + 1, column + index, label, HEADER_STYLE);
  legend.rows.forEach((entry, index) => {
    const row = firstRow + 2 + index;
    sheet.place(row, entry.values, entry.kinds, { startColumn: column });
    if (entry.swatch) sheet.placeStyled(row, column, entry.values[0], swatchStyle(rgbHex(entry.swatch)));
  });
  return firstRow + 1 + legend.rows.length;
}
