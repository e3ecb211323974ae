/**
 * Renders a chart definition (`shared/charts/`) to a PNG for the workbooks: ECharts' server-side
 * SVG renderer (no DOM, no canvas), then resvg (WebAssembly, so the same code runs on the arm64
 * Lambda and here) with the bundled Noto Sans SC subset, so Chinese text renders the same
 * everywhere without system fonts. The WebAssembly module is started once per process.
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from '../../charts/definitions.ts';
import { CHART_FONT_BASE64, CHART_FONT_FAMILY } from './generated/chartFont.ts';
import { RESVG_WASM_BASE64 } from './generated/resvgWasm.ts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

/** Pixels per chart unit: 2 keeps text sharp when printed (the picture is shown at its chart size). */
export const CHART_PIXEL_RATIO = 2;

export interface RenderedChart {
  png: Buffer;
  /** Size to show the picture at, in pixels (the PNG has CHART_PIXEL_RATIO times as many). */
  width: number;
  height: number;
  description: string;
}

export class ChartRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartRenderError';
  }
}

let ready: Promise<void> | undefined;
let font: Uint8Array | undefined;

/** Starts resvg's WebAssembly module (once) and decodes the font. */
export function prepareChartRenderer(): Promise<void> {
  ready ??= initWasm(Buffer.from(RESVG_WASM_BASE64, 'base64')).then(() => {
    font = Buffer.from(CHART_FONT_BASE64, 'base64');
  });
  return ready;
}

/** The chart as SVG text, as ECharts draws it (also what the portal could serve). */
export function chartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function renderChart(spec: ChartSpec): Promise<RenderedChart> {
  await prepareChartRenderer();
  try {
    const resvg = new Resvg(chartSvg(spec), {
      font: {
        fontBuffers: [font as Uint8Array],
        defaultFontFamily: CHART_FONT_FAMILY,
        loadSystemFonts: false,
      },
      fitTo: { mode: 'zoom', value: CHART_PIXEL_RATIO },
      background: '#ffffff',
    });
    const image = resvg.render();
    const png = Buffer.from(image.asPng());
    image.free();
    resvg.free();
    return { png, width: spec.width, height: spec.height, description: spec.title };
  } catch (cause) {
    throw new ChartRenderError(`图表“${spec.title}”绘制失败`, { cause });
  }
}
