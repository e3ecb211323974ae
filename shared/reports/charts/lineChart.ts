/**
 * Line charts over quarters as small multiples: one panel per indicator, each with its own
 * value axis, since amounts in 万元 and counts do not share a scale.
 */
import { formatNumber, niceAxis } from './axis.ts';
import { BLACK, Canvas, GREY, LIGHT_GREY, type Rgb } from './canvas.ts';
import { GLYPH_ADVANCE, GLYPH_HEIGHT, textWidth } from './font.ts';
import { seriesColour } from './palette.ts';

export interface LinePanel {
  /** Digits and Latin letters only, e.g. the indicator code. */
  label: string;
  /** One value per period; null leaves a gap. */
  values: ReadonlyArray<number | null>;
  colour?: Rgb;
}

export interface LineChartInput {
  title: string;
  /** X-axis labels, e.g. `2024Q3`. */
  periods: readonly string[];
  panels: readonly LinePanel[];
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

const PADDING = 12;
const TITLE_SCALE = 2;
const GAP = 8;
const DEFAULT_PANEL = { width: 310, height: 190 };

export function lineChartSize(
  input: Pick<LineChartInput, 'panels' | 'columns' | 'panelWidth' | 'panelHeight'>,
): { width: number; height: number } {
  const columns = Math.max(1, Math.min(input.columns ?? 2, input.panels.length));
  const rows = Math.max(1, Math.ceil(input.panels.length / columns));
  const panelWidth = input.panelWidth ?? DEFAULT_PANEL.width;
  const panelHeight = input.panelHeight ?? DEFAULT_PANEL.height;
  return {
    width: 2 * PADDING + columns * panelWidth + (columns - 1) * GAP,
    height: 2 * PADDING + GLYPH_HEIGHT * TITLE_SCALE + GAP + rows * panelHeight + (rows - 1) * GAP,
  };
}

export function renderLineChart(input: LineChartInput): Buffer {
  const { width, height } = lineChartSize(input);
  const columns = Math.max(1, Math.min(input.columns ?? 2, input.panels.length));
  const panelWidth = input.panelWidth ?? DEFAULT_PANEL.width;
  const panelHeight = input.panelHeight ?? DEFAULT_PANEL.height;
  const canvas = new Canvas(width, height);
  canvas.text(PADDING, PADDING, input.title, BLACK, { scale: TITLE_SCALE });
  const top = PADDING + GLYPH_HEIGHT * TITLE_SCALE + GAP;
  input.panels.forEach((panel, index) => {
    const left = PADDING + (index % columns) * (panelWidth + GAP);
    const panelTop = top + Math.floor(index / columns) * (panelHeight + GAP);
    drawPanel(
      canvas,
      { left, top: panelTop, width: panelWidth, height: panelHeight },
      input.periods,
      panel,
      panel.colour ?? seriesColour(index),
    );
  });
  return canvas.toPng();
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function drawPanel(
  canvas: Canvas,
  box: Box,
  periods: readonly string[],
  panel: LinePanel,
  colour: Rgb,
): void {
  canvas.fillRect(box.left, box.top, box.width, 1, LIGHT_GREY);
  canvas.text(box.left + 4, box.top + 6, panel.label, colour, { scale: 2 });
  const known = panel.values.filter((value): value is number => value !== null);
  const axis = niceAxis(Math.min(0, ...known), Math.max(0, ...known), 4);
  const tickWidth = Math.max(...axis.ticks.map((tick) => textWidth(formatNumber(tick, axis.decimals))));
  const plot = {
    left: box.left + tickWidth + GAP,
    right: box.left + box.width - GAP,
    top: box.top + 6 + GLYPH_HEIGHT * 2 + GAP,
    bottom: box.top + box.height - GLYPH_HEIGHT - 2 * GAP,
  };
  const y = (value: number) =>
    plot.bottom - ((value - axis.min) / (axis.max - axis.min)) * (plot.bottom - plot.top);
  const step = periods.length > 1 ? (plot.right - plot.left) / (periods.length - 1) : 0;
  const x = (index: number) => (periods.length > 1 ? plot.left + index * step : (plot.left + plot.right) / 2);

  for (const tick of axis.ticks) {
    const at = Math.round(y(tick));
    canvas.line(plot.left, at, plot.right, at, LIGHT_GREY);
    canvas.text(plot.left - 4, at - Math.floor(GLYPH_HEIGHT / 2), formatNumber(tick, axis.decimals), GREY, {
      align: 'right',
    });
  }
  canvas.line(plot.left, plot.top, plot.left, plot.bottom, GREY);
  canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, GREY);

  // Label every k-th period and always the latest, never two labels closer than a label's width.
  const labelWidth = Math.max(1, ...periods.map((period) => period.length)) * GLYPH_ADVANCE + GAP;
  const every = Math.max(1, Math.ceil(labelWidth / Math.max(step, 1)));
  const last = periods.length - 1;
  periods.forEach((period, index) => {
    const at = Math.round(x(index));
    canvas.line(at, plot.bottom, at, plot.bottom + 3, GREY);
    if (index === last || (index % every === 0 && last - index >= every)) {
      canvas.text(at, plot.bottom + 6, period, GREY, { align: 'center' });
    }
  });

  if (known.length === 0) {
    canvas.text((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, 'NO DATA', GREY, {
      align: 'center',
    });
    return;
  }
  let previous: { x: number; y: number } | undefined;
  panel.values.forEach((value, index) => {
    if (value === null) {
      previous = undefined;
      return;
    }
    const point = { x: x(index), y: y(value) };
    if (previous) canvas.line(previous.x, previous.y, point.x, point.y, colour, 2);
    canvas.fillRect(Math.round(point.x) - 2, Math.round(point.y) - 2, 5, 5, colour);
    previous = point;
  });
}
