/**
 * Charts rasterised in worker threads: the same PNG bytes as on the calling thread, spread over
 * the workers, a worker's failure reported as the chart's error, and the inline path kept when a
 * build has no worker entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scoreByCityChart, trendChart } from '#shared/charts/definitions.ts';
import {
  ChartThreadError,
  ChartThreadPool,
  chartThreadPool,
  defaultChartThreads,
  rasterWorkerEntry,
} from '#shared/reports/charts/chartThreads.ts';
import { renderChart, startChartWorkers, stopChartWorkers } from '#shared/reports/charts/renderChart.ts';

function someCharts() {
  const cities = Array.from({ length: 6 }, (_, index) => ({
    code: String(110100 + index * 100),
    name: `城市${index + 1}`,
    score: 80 - index * 3,
    rank: index + 1,
  }));
  return [
    scoreByCityChart({ period: '2024Q3', cities }),
    trendChart({
      title: '主要指标分季度趋势',
      periods: ['2024Q1', '2024Q2', '2024Q3'],
      series: [{ code: 'D01', values: [10, 12, 15], growthTarget: 10 }],
    }),
    scoreByCityChart({ period: '2024Q2', cities: cities.slice(2) }),
  ];
}

describe('chart worker threads', () => {
  afterEach(async () => {
    await stopChartWorkers();
  });

  it('draws the same pictures in two workers as on the calling thread', async () => {
    const specs = someCharts();
    const inline = await Promise.all(specs.map(renderChart));

    expect(startChartWorkers(2)).toBe(2);
    const threaded = await Promise.all(specs.map(renderChart));

    expect(chartThreadPool()?.size).toBe(2);
    expect(threaded.map((chart, index) => chart.png.equals(inline[index]!.png))).toEqual([true, true, true]);
    expect(threaded.map((chart) => [chart.width, chart.height, chart.description])).toEqual(
      inline.map((chart) => [chart.width, chart.height, chart.description]),
    );
  });

  it('reports an SVG the worker could not draw as an error, and keeps drawing the next', async () => {
    startChartWorkers(1);
    const pool = chartThreadPool()!;

    const broken = pool.rasterise('<svg');

    await expect(broken).rejects.toBeInstanceOf(ChartThreadError);
    const next = await renderChart(someCharts()[1]!);
    expect(next.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pool.size).toBe(1);
  });

  it('rejects the charts a worker had in hand when it dies, then draws without it', async () => {
    // A worker that exits when it gets its first chart.
    const dying = new URL(
      `data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.once('message', () => process.exit(3));")}`,
    );
    const pool = new ChartThreadPool(
      { url: dying },
      { wasm: new Uint8Array(), font: new Uint8Array(), fontFamily: 'x' },
      1,
    );

    await expect(pool.rasterise('<svg/>')).rejects.toThrow('图表绘制线程意外退出');

    expect(pool.size).toBe(0);
    expect(pool.rasterise('<svg/>')).toBeUndefined();
  });

  it('starts one worker per core but one by default, at least one', () => {
    expect([1, 2, 4, 8].map((cores) => defaultChartThreads(cores))).toEqual([1, 1, 3, 7]);
  });

  it('finds no worker entry next to a bundle built without one (charts render inline)', () => {
    expect(rasterWorkerEntry('file:///nowhere/chunks/renderChart-abc.mjs')).toBeUndefined();
    expect(rasterWorkerEntry(import.meta.url.replace(/[^/]+$/, 'x.ts'))?.url.pathname).toMatch(
      /rasterWorker\.ts$/,
    );
  });
});
