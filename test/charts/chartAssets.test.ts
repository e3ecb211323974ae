/**
 * The chart renderer's two files (resvg's WebAssembly module and the font) read from disk: found
 * in the generated source folder from the TypeScript sources, in `chart-assets/` beside a bundle
 * (or one folder up, for a chunk), a clear Chinese error when they are missing, and a bundle built
 * like the CLI's that draws a real chart from the files it carries, in a plain Node process,
 * on the calling thread and in a raster worker thread.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNodeBundle } from '#bin/nodeBundle.mjs';
import {
  CHART_ASSET_FILES,
  CHART_ASSETS_FOLDER,
  ChartAssetsMissingError,
  chartAssetsDirectory,
  readChartAssets,
} from '#shared/adapters/chartAssets.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATED = join(ROOT, 'shared', 'reports', 'charts', 'generated');

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ipstats-chart-assets-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A bundle folder `name` with `chart-assets/` holding copies of the generated files. */
function bundleFolderWithAssets(name: string): string {
  const folder = join(scratch, name);
  mkdirSync(join(folder, CHART_ASSETS_FOLDER), { recursive: true });
  for (const file of Object.values(CHART_ASSET_FILES))
    copyFileSync(join(GENERATED, file), join(folder, CHART_ASSETS_FOLDER, file));
  return folder;
}

describe('where the chart files are read from', () => {
  it('reads the generated files when running from the TypeScript sources', () => {
    const assets = readChartAssets();

    expect(chartAssetsDirectory()).toBe(`${GENERATED}/`);
    // WebAssembly's magic number and a TrueType font's version tag.
    expect(Buffer.from(assets.wasm.subarray(0, 4))).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
    expect(Buffer.from(assets.font.subarray(0, 4))).toEqual(Buffer.from([0x00, 0x01, 0x00, 0x00]));
    expect(assets.fontFamily).toBe('Noto Sans SC');
  });

  it('finds chart-assets/ beside a bundle, and one folder up from a chunk', () => {
    const folder = bundleFolderWithAssets('beside');
    mkdirSync(join(folder, 'chunks'), { recursive: true });

    const beside = chartAssetsDirectory(pathToFileURL(join(folder, 'index.mjs')).href);
    const fromChunk = chartAssetsDirectory(pathToFileURL(join(folder, 'chunks', 'chunk-A1.mjs')).href);

    expect(beside).toBe(`${join(folder, CHART_ASSETS_FOLDER)}/`);
    expect(fromChunk).toBe(beside);
  });

  it('names the missing files and the command that makes them, in Chinese', () => {
    const empty = join(scratch, 'no-assets');
    mkdirSync(empty, { recursive: true });

    const read = () => readChartAssets(pathToFileURL(join(empty, 'index.mjs')).href);

    expect(read).toThrow(ChartAssetsMissingError);
    expect(read).toThrow(
      /找不到图表绘制所需的文件（resvg\.wasm、NotoSansSC-charts\.ttf）.*npm run build:charts/,
    );
  });

  it('reports a font that is missing beside a present WebAssembly module', () => {
    const folder = bundleFolderWithAssets('no-font');
    rmSync(join(folder, CHART_ASSETS_FOLDER, CHART_ASSET_FILES.font));

    expect(() => readChartAssets(pathToFileURL(join(folder, 'index.mjs')).href)).toThrow(
      /图表绘制所需的文件无法读取/,
    );
  });
});

describe('a bundle drawing charts from the files beside it', () => {
  it('renders the same PNG inline and in a raster worker, in a plain Node process', async () => {
    const outdir = join(scratch, 'bundle');
    const entry = join(scratch, 'drawOne.ts');
    writeFileSync(
      entry,
      `import { scoreByCityChart } from '${ROOT}shared/charts/definitions.ts';
import { renderChart, startChartWorkers, stopChartWorkers } from '${ROOT}shared/reports/charts/renderChart.ts';
const spec = scoreByCityChart({ period: '2024Q3', cities: [
  { code: '440300', name: '深圳市', score: 91, rank: 1 },
  { code: '110100', name: '北京市', score: 88, rank: 2 },
] });
const inline = await renderChart(spec);
const workers = startChartWorkers(1);
const threaded = await renderChart(spec);
await stopChartWorkers();
console.log(JSON.stringify({ workers, bytes: inline.png.length, same: inline.png.equals(threaded.png),
  width: inline.png.readUInt32BE(16), height: inline.png.readUInt32BE(20) }));
`,
    );
    // The bundle leaves packages to node_modules (as the CLI's does): the project's, found from here.
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    await buildNodeBundle({
      root: ROOT,
      entryPoints: { drawOne: entry, rasterWorker: join(ROOT, 'shared/reports/charts/rasterWorker.ts') },
      outdir,
    });

    const { stdout } = await run(process.execPath, [join(outdir, 'drawOne.mjs')], { cwd: scratch });
    const drawn = JSON.parse(stdout) as { workers: number; bytes: number; same: boolean; width: number };

    expect(readFileSync(join(outdir, CHART_ASSETS_FOLDER, CHART_ASSET_FILES.wasm))).toEqual(
      readFileSync(join(GENERATED, CHART_ASSET_FILES.wasm)),
    );
    expect(readFileSync(join(outdir, 'drawOne.mjs'), 'utf8')).not.toMatch(/[A-Za-z0-9+/]{100000}/);
    expect(drawn).toMatchObject({ workers: 1, same: true, width: 1040 * 2 });
    expect(drawn.bytes).toBeGreaterThan(10_000);
  }, 60_000);
});
