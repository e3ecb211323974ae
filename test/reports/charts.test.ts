import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { formatNumber, niceAxis } from '#shared/reports/charts/axis.ts';
import { barChartHeight, renderBarChart } from '#shared/reports/charts/barChart.ts';
import { BLACK, Canvas, WHITE } from '#shared/reports/charts/canvas.ts';
import { glyph, textWidth } from '#shared/reports/charts/font.ts';
import { lineChartSize, renderLineChart } from '#shared/reports/charts/lineChart.ts';
import { rgbHex } from '#shared/reports/charts/palette.ts';

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function pixelAt(image: PNG, x: number, y: number): [number, number, number] {
  const offset = (y * image.width + x) * 4;
  return [image.data[offset]!, image.data[offset + 1]!, image.data[offset + 2]!];
}

describe('bitmap font', () => {
  it('draws the digit 1 as its 5×7 pattern', () => {
    const rows = glyph('1').map((row) => row.map((on) => (on ? '#' : '.')).join(''));

    expect(rows).toEqual(['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.']);
  });

  it('draws a box for a character it has no glyph for, so that nothing disappears silently', () => {
    const rows = glyph('市').map((row) => row.map((on) => (on ? '#' : '.')).join(''));

    expect(rows).toEqual(['#####', '#...#', '#...#', '#...#', '#...#', '#...#', '#####']);
  });

  it('measures text as six pixels per character less the last gap, times the scale', () => {
    expect([textWidth('440300'), textWidth('D01', 2), textWidth('')]).toEqual([35, 34, 0]);
  });

  it('renders text pixels on the canvas', () => {
    const canvas = new Canvas(10, 10);

    canvas.text(0, 0, '1', BLACK);

    expect(canvas.pixel(2, 0)).toEqual(BLACK);
    expect(canvas.pixel(0, 0)).toEqual(WHITE);
  });
});

describe('canvas', () => {
  it('clips rectangles at the canvas edges', () => {
    const canvas = new Canvas(4, 4);

    canvas.fillRect(-2, -2, 4, 4, BLACK);
    canvas.fillRect(3, 3, 10, 10, BLACK);

    expect([canvas.pixel(1, 1), canvas.pixel(2, 2), canvas.pixel(3, 3)]).toEqual([BLACK, WHITE, BLACK]);
  });

  it('encodes an indexed-colour PNG that decodes to the colours drawn', () => {
    const canvas = new Canvas(3, 2);
    canvas.fillRect(0, 0, 1, 2, [200, 0, 0]);
    canvas.setPixel(2, 1, [0, 0, 255]);

    const png = canvas.toPng();

    // IHDR: width, height, bit depth 8, colour type 3 (palette).
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 3]);
    const image = decode(png);
    expect([pixelAt(image, 0, 1), pixelAt(image, 1, 1), pixelAt(image, 2, 1)]).toEqual([
      [200, 0, 0],
      [255, 255, 255],
      [0, 0, 255],
    ]);
  });
});

describe('axis', () => {
  it('rounds the axis up to steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceAxis(0, 87).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceAxis(0, 1234).ticks).toEqual([0, 500, 1000, 1500]);
    expect(niceAxis(0, 0.3, 3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('still draws an axis for an empty or flat series', () => {
    expect(niceAxis(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('groups thousands and keeps the sign', () => {
    expect([formatNumber(1234567.891, 2), formatNumber(-1500, 0), formatNumber(0.5, 1)]).toEqual([
      '1,234,567.89',
      '-1,500',
      '0.5',
    ]);
  });
});

describe('charts', () => {
  it('draws a bar chart as a PNG sized for its bars, with each bar in its colour', () => {
    const png = renderBarChart({
      title: 'SCORE',
      bars: [
        { label: '440300', value: 100, colour: [200, 0, 0] },
        { label: '330100', value: null },
      ],
      width: 400,
      axisMinimumMax: 100,
    });

    const image = decode(png);
    expect([image.width, image.height]).toEqual([400, barChartHeight(2)]);
    const red = Array.from({ length: image.width }, (_, x) => pixelAt(image, x, 46)).filter(
      ([r, g, b]) => r === 200 && g === 0 && b === 0,
    );
    expect(red.length).toBeGreaterThan(200);
  });

  it('writes a note where a bar without a value would be', () => {
    const grey = (png: Buffer) => {
      const image = decode(png);
      let count = 0;
      for (let y = 0; y < image.height; y++)
        for (let x = 0; x < image.width; x++) if (rgbHex(pixelAt(image, x, y)) === '969696') count += 1;
      return count;
    };

    const plain = grey(renderBarChart({ title: 'X', bars: [{ label: '...', value: null }] }));
    const noted = grey(renderBarChart({ title: 'X', bars: [{ label: '...', value: null, note: '9 MORE' }] }));

    // The note's six characters draw far more pixels than the five of a dash.
    expect(noted - plain).toBeGreaterThan(40);
  });

  it('draws a line chart with one panel per series and its own axis', () => {
    const input = {
      title: 'TREND',
      periods: ['2024Q1', '2024Q2', '2024Q3'],
      panels: [
        { label: 'D01', values: [100, null, 300], colour: [0, 0, 255] as const },
        { label: 'D02', values: [null, null, null] },
        { label: 'B05', values: [1, 2, 3] },
      ],
    };

    const image = decode(renderLineChart(input));

    expect([image.width, image.height]).toEqual([lineChartSize(input).width, lineChartSize(input).height]);
    let blue = 0;
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) if (rgbHex(pixelAt(image, x, y)) === '0000FF') blue += 1;
    expect(blue).toBeGreaterThan(50);
  });

  it('renders the same data to the same bytes', () => {
    const bars = [{ label: 'A02', value: 80 }];

    expect(renderBarChart({ title: 'X', bars }).equals(renderBarChart({ title: 'X', bars }))).toBe(true);
  });
});
