/**
 * How the Lambda bundles are built, in one place: the CDK functions (infra/constructs/
 * ipstatsFunction.ts, through the asset's local bundling at synth) and the benchmark
 * (bench/bundles.ts) both call `buildFunctionBundle`, so the bundle the benchmark measures is the
 * one that is deployed.
 *
 * The AWS SDK v3 is left out: the nodejs22.x runtime ships it (the CDK's own default for Node 18+
 * runtimes), and leaving it out keeps each bundle near 1 MB and its cold start short. Everything
 * else, exceljs and papaparse included, is bundled, minified and tree-shaken, into one ES module
 * `index.mjs` with a linked source map (`index.mjs.map`, without the sources' text).
 *
 * A bundle that can draw charts (it contains shared/adapters/chartAssets.ts) also gets the chart
 * renderer's two files, resvg's WebAssembly module and the font, in `chart-assets/` beside
 * `index.mjs`: read from there at run time instead of being carried as base64 inside the code.
 */
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { copyChartAssets } from '#bin/nodeBundle.mjs';

/** ESM output needs `require` for the CommonJS dependencies that esbuild inlines. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);";

/** Provided by the Lambda runtime; imported from there at run time. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'] as const;

export const BUNDLE_TARGET = 'node22';
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];
/** The bundle's file name; the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
/** The module whose presence in a bundle means it reads the chart files at run time. */
const CHART_ASSETS_MODULE = join('shared', 'adapters', 'chartAssets.ts');

export interface FunctionBundle {
  /** Absolute path of `index.mjs`. */
  file: string;
  /** Whether `chart-assets/` was copied beside it. */
  chartAssets: boolean;
}

/**
 * Builds the handler module `entry` into `outDir` (synchronous: the CDK's local bundling hook is).
 * `projectRoot` holds package.json and the generated chart files.
 */
export function buildFunctionBundle(entry: string, outDir: string, projectRoot: string): FunctionBundle {
  const file = join(outDir, BUNDLE_FILE);
  const { metafile } = buildSync({
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    mainFields: BUNDLE_MAIN_FIELDS,
    external: [...RUNTIME_PROVIDED_MODULES],
    minify: true,
    treeShaking: true,
    charset: 'utf8',
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  const chartAssets = Object.keys(metafile.inputs).some(
    (input) => relative(projectRoot, join(projectRoot, input)) === CHART_ASSETS_MODULE,
  );
  if (chartAssets) copyChartAssets(projectRoot, outDir);
  return { file, chartAssets };
}
