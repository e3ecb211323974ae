/**
 * The chart definitions the workbooks and the portal share: Chinese titles, names, units and
 * periods in the drawn chart (read from ECharts' SVG), rankings cut to both ends when long,
 * the growth target line, and a PNG at twice the chart size from the server-side renderer.
 */
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type CityScore,
  cityVsMedianChart,
  scoreByCityChart,
  selectRanking,
  trendChart,
} from '#shared/charts/definitions.ts';
import { formatNumber, periodLabel } from '#shared/charts/format.ts';
import { CHART_PIXEL_RATIO, chartSvg, encodePng, renderChart } from '#shared/reports/charts/renderChart.ts';

/** A PNG's chunks read back, each CRC checked, and its picture rows inflated (filter byte first). */
function decodePng(png: Buffer): { width: number; height: number; colourType: number; rows: Buffer[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const data: Buffer[] = [];
  let header: Buffer | undefined;
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(
      crc32(png.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  const colourType = header![9]!;
  const raw = inflateSync(Buffer.concat(data));
  const stride = raw.length / height;
  return {
    width,
    height,
    colourType,
    rows: Array.from({ length: height }, (_, y) => raw.subarray(y * stride, (y + 1) * stride)),
  };
}

function cities(count: number, unscored = 0): CityScore[] {
  return [
    ...Array.from({ length: count }, (_, index) => ({
      code: String(110100 + index * 100),
      name: `城市${index + 1}`,
      score: 90 - index,
      rank: index + 1,
    })),
    ...Array.from({ length: unscored }, (_, index) => ({
      code: String(650100 + index * 100),
      name: '未报城市',
      score: null,
      rank: null,
    })),
  ];
}

describe('chart definitions', () => {
  it('writes periods in Chinese and numbers with thousands separators', () => {
    expect([periodLabel('2024Q3'), periodLabel('2024Q1'), periodLabel('2024')]).toEqual([
      '2024年第三季度',
      '2024年第一季度',
      '2024年',
    ]);
    expect([formatNumber(1234567.891, 2), formatNumber(-1234, 0)]).toEqual(['1,234,567.89', '-1,234']);
  });

  it('draws the score chart with city names, best first, and the period in Chinese', () => {
    const spec = scoreByCityChart({
      period: '2024Q3',
      cities: [
        { code: '350200', name: '厦门市', score: 70, rank: 2 },
        { code: '440300', name: '深圳市', score: 91.5, rank: 1 },
      ],
    });

    const svg = chartSvg(spec);
    expect(svg).toContain('各城市绩效目标综合得分（2024年第三季度）');
    expect(svg.indexOf('1. 深圳市')).toBeGreaterThan(-1);
    expect(svg).toContain('2. 厦门市');
    expect(svg).not.toContain('440300');
    expect(svg).toContain('91.5');
  });

  it('keeps the top and bottom 15 of a long ranking and says what is left out', () => {
    const selection = selectRanking(cities(40, 2));

    expect(selection.entries).toHaveLength(31);
    expect(selection.entries[15]).toBeNull();
    expect([selection.entries[0]?.name, selection.entries[30]?.name]).toEqual(['城市1', '城市40']);
    expect([selection.omitted, selection.unscored]).toEqual([10, 2]);
    const spec = scoreByCityChart({ period: '2024Q3', cities: cities(40, 2) });
    expect(chartSvg(spec)).toContain(
      '显示前 15 名和后 15 名，中间 10 个城市从略；另有 2 个城市未报送，无得分',
    );
  });

  it('draws the growth target line a year after the base quarter: last year × (1 + target)', () => {
    const spec = trendChart({
      title: '全国主要指标分季度趋势',
      periods: ['2023Q2', '2023Q3', '2024Q2', '2024Q3'],
      series: [{ code: 'D01', values: [100, 200, 150, null], growthTarget: 30 }],
    });

    const series = spec.option.series as Array<{ name: string; data: Array<number | null> }>;
    expect(series.map((entry) => entry.name)).toEqual(['本期值', '目标增长线（上年同期 ×（1 + 目标增幅））']);
    expect(series[1]!.data).toEqual([null, null, 130, 260]);
    const svg = chartSvg(spec);
    expect(svg).toContain('知识产权质押融资金额（万元）');
    expect(svg).toContain('目标同比增长 ≥ 30%');
  });

  it('sets a city against the national median in percent, naming the indicator and its unit', () => {
    const spec = cityVsMedianChart({
      period: '2024Q3',
      cityName: '深圳市',
      indicators: [
        { code: 'D01', value: 150, median: 100 },
        { code: 'B05', value: null, median: 20 },
      ],
    });

    const svg = chartSvg(spec);
    expect(svg).toContain('知识产权质押融资金额');
    expect(svg).toContain('150.0%（150.00 万元）');
    expect(svg).toContain('未报送');
  });

  it('renders a chart to a PNG twice its size with the bundled font', async () => {
    const spec = scoreByCityChart({ period: '2024Q3', cities: cities(3) });

    const chart = await renderChart(spec);

    expect(chart.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([chart.png.readUInt32BE(16), chart.png.readUInt32BE(20)]).toEqual([
      spec.width * CHART_PIXEL_RATIO,
      spec.height * CHART_PIXEL_RATIO,
    ]);
    expect(chart.description).toBe('各城市绩效目标综合得分（2024年第三季度）');
    // A valid RGB picture with the bars' blue in it, not a blank page.
    const picture = decodePng(chart.png);
    expect(picture.colourType).toBe(2);
    const blue = picture.rows.some((row) => {
      for (let x = 1; x + 2 < row.length; x += 3)
        if (row[x] === 0x1f && row[x + 1] === 0x5f && row[x + 2] === 0xa8) return true;
      return false;
    });
    expect(blue).toBe(true);
  });

  it('encodes every width and any alignment of the pixels the same, byte by byte', () => {
    // 7 × 3 (not a multiple of the four pixels converted at a time), arbitrary colours.
    const width = 7;
    const height = 3;
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, index) => (index * 37 + 11) % 256);
    const unaligned = new Uint8Array(rgba.length + 1).subarray(1);
    unaligned.set(rgba);

    const rows = decodePng(encodePng(rgba, width, height)).rows.map((row) => [...row]);

    const expected = Array.from({ length: height }, (_, y) => [
      0,
      ...Array.from({ length: width }, (_, x) => [
        ...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 3),
      ]).flat(),
    ]);
    expect(rows).toEqual(expected);
    expect(encodePng(unaligned, width, height).equals(encodePng(rgba, width, height))).toBe(true);
  });

  it('encodes a small picture after a larger one with nothing of the larger one in it', () => {
    // The scanline buffer is reused: a 9 × 6 picture of arbitrary bytes, then a 2 × 2 one whose
    // rows start where the larger picture had pixel bytes (so a stale filter byte would show).
    const large = Uint8Array.from({ length: 9 * 6 * 4 }, (_, index) => (index * 53 + 7) % 256);
    const small = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const smallFirst = encodePng(small, 2, 2);

    const largePng = encodePng(large, 9, 6);
    const largeCopy = Buffer.from(largePng);
    const smallAfter = encodePng(small, 2, 2);

    expect(decodePng(smallAfter).rows.map((row) => [...row])).toEqual([
      [0, 255, 0, 0, 0, 255, 0],
      [0, 0, 0, 255, 255, 255, 255],
    ]);
    expect(smallAfter.equals(smallFirst)).toBe(true);
    expect(largePng.equals(largeCopy)).toBe(true);
  });

  it('encodes an RGBA picture as an RGB PNG row by row, alpha dropped', () => {
    // 2 × 2: red, green / blue, white.
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);

    const picture = decodePng(encodePng(rgba, 2, 2));

    expect([picture.width, picture.height, picture.colourType]).toEqual([2, 2, 2]);
    expect(picture.rows.map((row) => [...row])).toEqual([
      [0, 255, 0, 0, 0, 255, 0],
      [0, 0, 0, 255, 255, 255, 255],
    ]);
  });
});
