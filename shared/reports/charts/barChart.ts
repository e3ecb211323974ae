/**
 * Horizontal bar chart: one labelled bar per category (city codes, indicator codes), the value
 * printed at the end of the bar, an optional dashed reference line (100 for attainment).
 */
import { type Axis, formatNumber, niceAxis } from './axis.ts';
import { BLACK, Canvas, GREY, LIGHT_GREY, type Rgb } from './canvas.ts';
import { GLYPH_HEIGHT, textWidth } from './font.ts';
import { seriesColour } from './palette.ts';

export interface Bar {
  /** Digits and Latin letters only (the font has no Chinese). */
  label: string;
  /** Null draws `note`, or a dash (no data), instead of a bar. */
  value: number | null;
  colour?: Rgb;
  /** Text in place of a missing bar, e.g. for the cities left out between two ends of a ranking. */
  note?: string;
}

export interface BarChartInput {
  title: string;
  bars: readonly Bar[];
  width?: number;
  /** The axis reaches at least this value (100 for scores, so 40 does not look full). */
  axisMinimumMax?: number;
  referenceValue?: number;
  valueDecimals?: number;
}

const PADDING = 12;
const TITLE_SCALE = 2;
/** Row and bar heights; long lists (hundreds of cities) use the compact pair. */
const ROWS = { regular: { row: 20, bar: 12 }, compact: { row: 12, bar: 8 } } as const;
const COMPACT_FROM = 40;
const AXIS_HEIGHT = 22;
const GAP = 8;

/** Pixel height of the chart for `bars` categories, so that the workbook can place what follows. */
export function barChartHeight(bars: number): number {
  return (
    PADDING +
    GLYPH_HEIGHT * TITLE_SCALE +
    2 * GAP +
    Math.max(bars, 1) * rowSize(bars).row +
    AXIS_HEIGHT +
    PADDING
  );
}

function rowSize(bars: number): { row: number; bar: number } {
  return bars >= COMPACT_FROM ? ROWS.compact : ROWS.regular;
}

export function renderBarChart(input: BarChartInput): Buffer {
  const width = input.width ?? 640;
  const decimals = input.valueDecimals ?? 1;
  const values = input.bars.map((bar) => bar.value ?? 0);
  const axis = niceAxis(0, Math.max(input.axisMinimumMax ?? 0, ...values, input.referenceValue ?? 0));
  const canvas = new Canvas(width, barChartHeight(input.bars.length));

  canvas.text(PADDING, PADDING, input.title, BLACK, { scale: TITLE_SCALE });
  const top = PADDING + GLYPH_HEIGHT * TITLE_SCALE + 2 * GAP;
  const { row: rowHeight, bar: barHeight } = rowSize(input.bars.length);
  const labelWidth = Math.max(0, ...input.bars.map((bar) => textWidth(bar.label))) + GAP;
  const valueWidth = textWidth(formatNumber(axis.max, decimals)) + GAP;
  const plot = {
    left: PADDING + labelWidth,
    right: width - PADDING - valueWidth,
    top,
    bottom: top + input.bars.length * rowHeight,
  };
  const x = (value: number) =>
    plot.left + ((value - axis.min) / (axis.max - axis.min)) * (plot.right - plot.left);

  drawValueAxis(canvas, axis, plot, x);
  input.bars.forEach((bar, index) => {
    const rowTop = plot.top + index * rowHeight;
    const textTop = rowTop + (rowHeight - GLYPH_HEIGHT) / 2;
    canvas.text(plot.left - GAP / 2, textTop, bar.label, BLACK, { align: 'right' });
    if (bar.value === null) {
      canvas.text(plot.left + 4, textTop, bar.note ?? '-', GREY);
      return;
    }
    const end = x(bar.value);
    canvas.fillRect(
      plot.left,
      rowTop + (rowHeight - barHeight) / 2,
      Math.max(1, end - plot.left),
      barHeight,
      bar.colour ?? seriesColour(0),
    );
    canvas.text(end + 4, textTop, formatNumber(bar.value, decimals), BLACK);
  });
  if (input.referenceValue !== undefined) {
    const at = Math.round(x(input.referenceValue));
    canvas.dashedLine(at, plot.top - 4, at, plot.bottom, BLACK);
  }
  return canvas.toPng();
}

function drawValueAxis(
  canvas: Canvas,
  axis: Axis,
  plot: { left: number; right: number; top: number; bottom: number },
  x: (value: number) => number,
): void {
  for (const tick of axis.ticks) {
    const at = Math.round(x(tick));
    canvas.line(at, plot.top, at, plot.bottom, LIGHT_GREY);
    canvas.line(at, plot.bottom, at, plot.bottom + 3, GREY);
    canvas.text(at, plot.bottom + 6, formatNumber(tick, axis.decimals), GREY, { align: 'center' });
  }
  canvas.line(plot.left, plot.top, plot.left, plot.bottom, GREY);
  canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, GREY);
}
