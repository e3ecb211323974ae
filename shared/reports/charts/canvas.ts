/** A small raster with the few primitives the charts need, and its PNG encoding. */
import { constants, crc32, deflateSync } from 'node:zlib';
import { GLYPH_ADVANCE, glyph, textWidth } from './font.ts';

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [33, 33, 33];
export const GREY: Rgb = [150, 150, 150];
export const LIGHT_GREY: Rgb = [225, 225, 225];

export type TextAlign = 'left' | 'center' | 'right';

/** A PNG palette holds at most 256 colours; the charts use a dozen. */
const MAX_COLOURS = 256;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A raster of palette indices, one byte per pixel: the charts have a few flat colours, so filling
 * a span is one native `fill` and the PNG is a quarter of the RGBA size to compress.
 */
export class Canvas {
  readonly width: number;
  readonly height: number;
  private readonly indices: Uint8Array;
  /** Colours in order of first use, so the same drawing always gives the same palette. */
  private readonly palette: Rgb[] = [];
  private readonly paletteIndex = new Map<number, number>();

  constructor(width: number, height: number, background: Rgb = WHITE) {
    this.width = Math.max(1, Math.round(width));
    this.height = Math.max(1, Math.round(height));
    this.indices = new Uint8Array(this.width * this.height).fill(this.colourIndex(background));
  }

  /** Pixels outside the canvas are ignored, so callers need not clip. */
  setPixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.indices[y * this.width + x] = this.colourIndex(color);
  }

  pixel(x: number, y: number): Rgb {
    return this.palette[this.indices[y * this.width + x] ?? 0] ?? WHITE;
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const left = Math.round(x);
    const top = Math.round(y);
    this.fillIndex(
      left,
      top,
      Math.round(x + width) - left,
      Math.round(y + height) - top,
      this.colourIndex(color),
    );
  }

  /** A straight line (Bresenham) drawn with a square brush `thickness` pixels wide. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const endX = Math.round(x1);
    const endY = Math.round(y1);
    const offset = Math.floor((thickness - 1) / 2);
    if (x === endX || y === endY) {
      // Axes, ticks and grid lines: one rectangle rather than a brush per pixel.
      const left = Math.min(x, endX) - offset;
      const top = Math.min(y, endY) - offset;
      this.fillRect(left, top, Math.abs(endX - x) + thickness, Math.abs(endY - y) + thickness, color);
      return;
    }
    const dx = Math.abs(endX - x);
    const dy = -Math.abs(endY - y);
    const stepX = x < endX ? 1 : -1;
    const stepY = y < endY ? 1 : -1;
    let error = dx + dy;
    for (;;) {
      this.fillRect(x - offset, y - offset, thickness, thickness, color);
      if (x === endX && y === endY) return;
      const doubled = 2 * error;
      if (doubled >= dy) {
        error += dy;
        x += stepX;
      }
      if (doubled <= dx) {
        error += dx;
        y += stepY;
      }
    }
  }

  /** A horizontal or vertical dashed line, for reference values such as 100 %. */
  dashedLine(x0: number, y0: number, x1: number, y1: number, color: Rgb, dash = 4): void {
    const length = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (let step = 0; step <= length; step++) {
      if (Math.floor(step / dash) % 2 === 1) continue;
      const t = length === 0 ? 0 : step / length;
      this.setPixel(Math.round(x0 + (x1 - x0) * t), Math.round(y0 + (y1 - y0) * t), color);
    }
  }

  /** Draws `text` with its top edge at `y`; `x` is the left edge, centre or right edge by `align`. */
  text(
    x: number,
    y: number,
    text: string,
    color: Rgb,
    options: { scale?: number; align?: TextAlign } = {},
  ): void {
    const scale = options.scale ?? 1;
    const width = textWidth(text, scale);
    const align = options.align ?? 'left';
    let left = Math.round(align === 'left' ? x : align === 'right' ? x - width : x - width / 2);
    const top = Math.round(y);
    const index = this.colourIndex(color);
    for (const char of text) {
      const rows = glyph(char);
      for (let row = 0; row < rows.length; row++) {
        const bits = rows[row] as boolean[];
        for (let column = 0; column < bits.length; column++)
          if (bits[column]) this.fillIndex(left + column * scale, top + row * scale, scale, scale, index);
      }
      left += GLYPH_ADVANCE * scale;
    }
  }

  /**
   * An 8-bit indexed-colour PNG; the same drawing always gives the same bytes. Rows are stored
   * unfiltered (filter byte 0): flat colour areas are runs of one byte, which deflate's run-length
   * strategy compresses about as well as its default and five times faster, so encoding is
   * copying the rows and one native deflate.
   */
  toPng(): Buffer {
    const scanlines = Buffer.alloc((this.width + 1) * this.height);
    for (let row = 0; row < this.height; row++)
      scanlines.set(
        this.indices.subarray(row * this.width, (row + 1) * this.width),
        row * (this.width + 1) + 1,
      );
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bits per palette index
    header[9] = 3; // colour type: indexed; compression, filter method and interlace stay 0
    return Buffer.concat([
      PNG_SIGNATURE,
      pngChunk('IHDR', header),
      pngChunk('PLTE', Buffer.from(this.palette.flat())),
      pngChunk('IDAT', deflateSync(scanlines, { strategy: constants.Z_RLE })),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
  }

  /** Fills the whole-pixel rectangle with palette entry `index`, clipped to the canvas. */
  private fillIndex(x: number, y: number, width: number, height: number, index: number): void {
    const left = Math.max(0, x);
    const top = Math.max(0, y);
    const right = Math.min(this.width, x + width);
    const bottom = Math.min(this.height, y + height);
    for (let row = top; row < bottom; row++)
      this.indices.fill(index, row * this.width + left, row * this.width + right);
  }

  private colourIndex(color: Rgb): number {
    const key = (color[0] << 16) | (color[1] << 8) | color[2];
    let index = this.paletteIndex.get(key);
    if (index === undefined) {
      if (this.palette.length === MAX_COLOURS)
        throw new RangeError(`a chart has at most ${MAX_COLOURS} colours`);
      index = this.palette.length;
      this.palette.push([color[0], color[1], color[2]]);
      this.paletteIndex.set(key, index);
    }
    return index;
  }
}

/** Length, type, data and the CRC of type and data, as every PNG chunk is laid out. */
function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}
