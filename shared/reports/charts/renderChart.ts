/**
 * Renders a chart definition (`shared/charts/`) to a PNG for the workbooks: ECharts' server-side
 * SVG renderer (no DOM, no canvas), then resvg (WebAssembly, so the same code runs on the arm64
 * Lambda and here) with the bundled Noto Sans SC subset, so Chinese text renders the same
 * everywhere without system fonts. The WebAssembly module is started once per process.
 */
import { crc32, deflateSync } from 'node:zlib';
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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** zlib level of the picture data: 1 is a third of resvg's own encoder's time, no larger. */
const PNG_DEFLATE_LEVEL = 1;

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * An opaque RGBA picture (resvg's, drawn on white) as an 8-bit RGB PNG, compressed by Node's zlib:
 * resvg's `asPng` (RGBA, its own deflate in WebAssembly) took more time than drawing the chart.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    // Filter byte 0 (none), then the row's RGB.
    let out = y * stride + 1;
    const end = (y + 1) * width * 4;
    for (let source = y * width * 4; source < end; source += 4) {
      raw[out++] = rgba[source] as number;
      raw[out++] = rgba[source + 1] as number;
      raw[out++] = rgba[source + 2] as number;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: PNG_DEFLATE_LEVEL })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
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
    const png = encodePng(image.pixels, image.width, image.height);
    image.free();
    resvg.free();
    return { png, width: spec.width, height: spec.height, description: spec.title };
  } catch (cause) {
    throw new ChartRenderError(`图表“${spec.title}”绘制失败`, { cause });
  }
}
