/** A small RGB raster with the few primitives the charts need, encoded to PNG by pure-JS pngjs. */
import { PNG } from 'pngjs';
import { GLYPH_ADVANCE, glyph, textWidth } from './font.ts';

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [33, 33, 33];
export const GREY: Rgb = [150, 150, 150];
export const LIGHT_GREY: Rgb = [225, 225, 225];

export type TextAlign = 'left' | 'center' | 'right';

export class Canvas {
  readonly width: number;
  readonly height: number;
  private readonly pixels: Buffer;

  constructor(width: number, height: number, background: Rgb = WHITE) {
    this.width = Math.max(1, Math.round(width));
    this.height = Math.max(1, Math.round(height));
    this.pixels = Buffer.alloc(this.width * this.height * 4);
    this.fillRect(0, 0, this.width, this.height, background);
  }

  /** Pixels outside the canvas are ignored, so callers need not clip. */
  setPixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const offset = (y * this.width + x) * 4;
    this.pixels[offset] = color[0];
    this.pixels[offset + 1] = color[1];
    this.pixels[offset + 2] = color[2];
    this.pixels[offset + 3] = 255;
  }

  pixel(x: number, y: number): Rgb {
    const offset = (y * this.width + x) * 4;
    return [this.pixels[offset] ?? 0, this.pixels[offset + 1] ?? 0, this.pixels[offset + 2] ?? 0];
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const left = Math.max(0, Math.round(x));
    const top = Math.max(0, Math.round(y));
    const right = Math.min(this.width, Math.round(x + width));
    const bottom = Math.min(this.height, Math.round(y + height));
    if (right <= left || bottom <= top) return;
    // One row of the rectangle, copied to each row: large fills (background, bars) stay cheap.
    const span = Buffer.alloc((right - left) * 4);
    for (let offset = 0; offset < span.length; offset += 4) {
      span[offset] = color[0];
      span[offset + 1] = color[1];
      span[offset + 2] = color[2];
      span[offset + 3] = 255;
    }
    for (let row = top; row < bottom; row++) span.copy(this.pixels, (row * this.width + left) * 4);
  }

  /** A straight line (Bresenham) drawn with a square brush `thickness` pixels wide. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const endX = Math.round(x1);
    const endY = Math.round(y1);
    const dx = Math.abs(endX - x);
    const dy = -Math.abs(endY - y);
    const stepX = x < endX ? 1 : -1;
    const stepY = y < endY ? 1 : -1;
    const offset = Math.floor((thickness - 1) / 2);
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
    for (const char of text) {
      const rows = glyph(char);
      rows.forEach((bits, row) => {
        bits.forEach((on, column) => {
          if (on) this.fillRect(left + column * scale, Math.round(y) + row * scale, scale, scale, color);
        });
      });
      left += GLYPH_ADVANCE * scale;
    }
  }

  /**
   * An 8-bit RGBA PNG; the same pixels always give the same bytes. RGBA as drawn (no conversion
   * to RGB) and the 'sub' filter, which suits flat colour areas, keep encoding fast.
   */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = this.pixels;
    return PNG.sync.write(png, { colorType: 6, filterType: 1, deflateLevel: 6 });
  }
}
