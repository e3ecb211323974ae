/**
 * The raster half of a chart: SVG text (ECharts') → pixels with resvg (WebAssembly, so the same
 * code runs on the arm64 Lambda and here) → an 8-bit RGB PNG. Kept apart from ECharts so that a
 * worker thread (`rasterWorker.ts`) can load it alone; the WebAssembly module and the font are
 * handed in as bytes, so the worker does not decode the generated modules again.
 */
import { crc32, deflateSync } from 'node:zlib';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/** Pixels per chart unit: 2 keeps text sharp when printed (the picture is shown at its chart size). */
export const CHART_PIXEL_RATIO = 2;

export interface RasterAssets {
  /** resvg's `index_bg.wasm`. */
  wasm: Uint8Array;
  /** The one font the charts use, and its family name. */
  font: Uint8Array;
  fontFamily: string;
}

let started: Promise<void> | undefined;

/** Starts resvg's WebAssembly module (once per thread). */
export function startRaster(wasm: Uint8Array): Promise<void> {
  started ??= initWasm(wasm);
  return started;
}

/** The SVG drawn at CHART_PIXEL_RATIO on white, as a PNG (`startRaster` must have completed). */
export function rasteriseSvg(svg: string, assets: Omit<RasterAssets, 'wasm'>): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontBuffers: [assets.font], defaultFontFamily: assets.fontFamily, loadSystemFonts: false },
    fitTo: { mode: 'zoom', value: CHART_PIXEL_RATIO },
    background: '#ffffff',
  });
  try {
    const image = resvg.render();
    try {
      return encodePng(image.pixels, image.width, image.height);
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
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

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The scanlines of the largest picture so far, reused: a fresh ~7 MB buffer per chart was garbage. */
let scanlines: Buffer | undefined;

/** `bytes` bytes of this thread's scanline buffer, grown when a larger picture comes (old bytes left). */
function scanlineBuffer(bytes: number): Buffer {
  if (!scanlines || scanlines.length < bytes) scanlines = Buffer.allocUnsafe(bytes);
  return scanlines.subarray(0, bytes);
}

/**
 * The picture's rows as PNG scanlines: filter byte 0 (none), then each pixel's R, G, B. Four pixels
 * (four 32-bit words of RGBA) become three words of RGB at a time, through an aligned row buffer:
 * a third of the time of copying byte by byte, the same bytes. Written into this thread's scanline
 * buffer (`scanlineBuffer`): valid until the next call.
 */
function rgbScanlines(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const raw = scanlineBuffer(stride * height);
  if (!LITTLE_ENDIAN || rgba.byteOffset % 4 !== 0) {
    for (let y = 0; y < height; y++) {
      raw[y * stride] = 0;
      let out = y * stride + 1;
      const end = (y + 1) * width * 4;
      for (let source = y * width * 4; source < end; source += 4) {
        raw[out++] = rgba[source] as number;
        raw[out++] = rgba[source + 1] as number;
        raw[out++] = rgba[source + 2] as number;
      }
    }
    return raw;
  }
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  const row = new Uint8Array((Math.ceil((width * 3) / 4) + 1) * 4);
  const rowWords = new Uint32Array(row.buffer);
  const groups = width >> 2;
  for (let y = 0; y < height; y++) {
    let pixel = y * width;
    let word = 0;
    for (let group = 0; group < groups; group++) {
      // Little-endian words: 0xAABBGGRR.
      const p0 = pixels[pixel] as number;
      const p1 = pixels[pixel + 1] as number;
      const p2 = pixels[pixel + 2] as number;
      const p3 = pixels[pixel + 3] as number;
      rowWords[word] = (p0 & 0xffffff) | (p1 << 24);
      rowWords[word + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
      rowWords[word + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
      word += 3;
      pixel += 4;
    }
    let out = word * 4;
    for (const end = (y + 1) * width; pixel < end; pixel++) {
      const value = pixels[pixel] as number;
      row[out++] = value & 0xff;
      row[out++] = (value >>> 8) & 0xff;
      row[out++] = (value >>> 16) & 0xff;
    }
    raw[y * stride] = 0;
    raw.set(row.subarray(0, width * 3), y * stride + 1);
  }
  return raw;
}

/**
 * An opaque RGBA picture (resvg's, drawn on white) as an 8-bit RGB PNG, compressed by Node's zlib:
 * resvg's `asPng` (RGBA, its own deflate in WebAssembly) took more time than drawing the chart.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const raw = rgbScanlines(rgba, width, height);
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
