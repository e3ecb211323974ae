/** Chart colours; the workbook colours the legend cells with the same values. */
import type { Rgb } from './canvas.ts';

export const SERIES_COLOURS: readonly Rgb[] = [
  [31, 119, 180],
  [214, 39, 40],
  [44, 160, 44],
  [255, 127, 14],
  [148, 103, 189],
  [140, 86, 75],
  [23, 190, 207],
  [127, 127, 127],
];

export function seriesColour(index: number): Rgb {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as Rgb;
}

/** `[31, 119, 180]` → `1F77B4`, the form exceljs fills take (after `FF` for opacity). */
export function rgbHex(colour: Rgb): string {
  return colour
    .map((channel) => channel.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
