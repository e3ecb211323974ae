/**
 * The two binary files the chart renderer needs (`shared/reports/charts/raster.ts`), read from
 * disk: resvg's WebAssembly module and the Noto Sans SC subset. They are plain files, not modules:
 * `npm run build:charts` (bin/build-chart-assets.ts, run by `npm install`) writes them into
 * `shared/reports/charts/generated/` (not committed), and every bundle that can draw a chart gets
 * a copy in a `chart-assets/` folder beside it: the Lambda assets (`infra/bundling.ts`), the CLI's
 * `dist/cli/` and the benchmark's children (`bin/nodeBundle.mjs`).
 *
 * Kept as files rather than base64 strings inside the bundle, the rollup and report-worker
 * bundles are 6 MB smaller and their cold start no longer parses (and keeps in the heap) 6.5 MB of
 * string literals; the files are read only when the first chart is drawn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RasterAssets } from '../reports/charts/raster.ts';

/** The files' names, in the source folder and in a bundle's `chart-assets/`. */
export const CHART_ASSET_FILES = { wasm: 'resvg.wasm', font: 'NotoSansSC-charts.ttf' } as const;
/** The folder beside a bundle that holds the files. */
export const CHART_ASSETS_FOLDER = 'chart-assets';
export const CHART_FONT_FAMILY = 'Noto Sans SC';

export class ChartAssetsMissingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartAssetsMissingError';
  }
}

/**
 * Where the files are for the module at `moduleUrl`: the generated source folder when running
 * from the TypeScript sources (tsx, vitest), else `chart-assets/` beside the bundle or one folder
 * up (a chunk in `dist/cli/chunks/`). Undefined when neither holds the WebAssembly module.
 */
export function chartAssetsDirectory(moduleUrl: string = import.meta.url): string | undefined {
  const candidates = moduleUrl.endsWith('.ts')
    ? ['../reports/charts/generated/']
    : [`./${CHART_ASSETS_FOLDER}/`, `../${CHART_ASSETS_FOLDER}/`];
  for (const candidate of candidates) {
    const directory = fileURLToPath(new URL(candidate, moduleUrl));
    if (existsSync(`${directory}${CHART_ASSET_FILES.wasm}`)) return directory;
  }
  return undefined;
}

/** Reads the WebAssembly module and the font (some 5 MB; a few milliseconds). */
export function readChartAssets(moduleUrl: string = import.meta.url): RasterAssets {
  const directory = chartAssetsDirectory(moduleUrl);
  if (!directory)
    throw new ChartAssetsMissingError(
      `找不到图表绘制所需的文件（${CHART_ASSET_FILES.wasm}、${CHART_ASSET_FILES.font}）：请运行 npm run build:charts，或检查部署包中的 ${CHART_ASSETS_FOLDER}/ 目录（${fileURLToPath(moduleUrl)}）`,
    );
  try {
    return {
      wasm: readFileSync(`${directory}${CHART_ASSET_FILES.wasm}`),
      font: readFileSync(`${directory}${CHART_ASSET_FILES.font}`),
      fontFamily: CHART_FONT_FAMILY,
    };
  } catch (cause) {
    throw new ChartAssetsMissingError(`图表绘制所需的文件无法读取（${directory}）`, { cause });
  }
}
