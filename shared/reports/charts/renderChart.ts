/**
 * Renders a chart definition (`shared/charts/`) to a PNG for the workbooks: ECharts' server-side
 * SVG renderer (no DOM, no canvas), then resvg (WebAssembly, so the same code runs on the arm64
 * Lambda and here) with the bundled Noto Sans SC subset, so Chinese text renders the same
 * everywhere without system fonts. Both are files (`shared/adapters/chartAssets.ts`), read when the
 * first chart is drawn; the WebAssembly module is started once per process.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { readChartAssets } from '../../adapters/chartAssets.ts';
import type { ChartSpec } from '../../charts/definitions.ts';
import { chartThreadPool, startChartThreads, stopChartThreads } from './chartThreads.ts';
import { type RasterAssets, rasteriseSvg, startRaster } from './raster.ts';

export { CHART_PIXEL_RATIO, encodePng } from './raster.ts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

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

let assets: RasterAssets | undefined;

function rasterAssets(): RasterAssets {
  assets ??= readChartAssets();
  return assets;
}

/** Reads the files and starts resvg's WebAssembly module on this thread (once). */
export function prepareChartRenderer(): Promise<void> {
  return startRaster(rasterAssets().wasm);
}

/**
 * Rasterises this process's charts in `threads` worker threads (default: one per core but one) from now
 * on; returns how many run (0 when this build has no worker entry: charts keep rendering inline).
 * Idle workers do not keep the process alive; `stopChartWorkers` ends them.
 */
export function startChartWorkers(threads?: number): number {
  return startChartThreads(rasterAssets(), threads === undefined ? {} : { threads })?.size ?? 0;
}

export const stopChartWorkers = stopChartThreads;

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
  try {
    const svg = chartSvg(spec);
    const threaded = chartThreadPool()?.rasterise(svg);
    let png: Buffer;
    if (threaded) png = await threaded;
    else {
      await prepareChartRenderer();
      png = rasteriseSvg(svg, rasterAssets());
    }
    return { png, width: spec.width, height: spec.height, description: spec.title };
  } catch (cause) {
    throw new ChartRenderError(`图表“${spec.title}”绘制失败`, { cause });
  }
}
