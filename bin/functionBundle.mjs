// The Lambda bundles' build, in one place: `infra/bundling.ts` runs this file in a child process
// (the CDK's local bundling hook is synchronous; esbuild plugins need its asynchronous API) for
// the CDK functions at synth and for the benchmark (bench/bundles.ts), so the bundle the benchmark
// measures is the one that is deployed. Plain JavaScript, like bin/nodeBundle.mjs.
//
// One ES module `index.mjs` per function: every dependency but the AWS SDK v3 (the nodejs22.x
// runtime ships it) bundled, minified and tree-shaken, target node22, with a banner that defines
// `require` for the CommonJS dependencies esbuild inlines, and a linked source map without the
// sources' text. A bundle that can draw charts (it contains shared/adapters/chartAssets.ts) also
// gets the chart renderer's files in `chart-assets/` beside `index.mjs`.
//
// The SDK is loaded with `require()`, not `import`: its packages are CommonJS (`main` is
// dist-cjs), and Node's ES-module loader, for each CommonJS file an `import` reaches, first
// compiles it to detect its module syntax and then scans it with cjs-module-lexer for named
// exports, before compiling it once more to run it. For the S3, DynamoDB, SES and SQS clients
// that was about 150 ms of a 350 ms cold start here (docs/benchmarks.md); `require()` only runs it.
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { copyChartAssets } from './nodeBundle.mjs';

/** ESM output needs `require` for the CommonJS dependencies that esbuild inlines (and the SDK). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);";

/** Packages the Lambda runtime provides, loaded from there at run time. */
export const RUNTIME_PROVIDED = /^@aws-sdk\//;
export const BUNDLE_TARGET = 'node22';
/** The bundle's file name; the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
/** The module whose presence in a bundle means it reads the chart files at run time. */
const CHART_ASSETS_MODULE = join('shared', 'adapters', 'chartAssets.ts');

/**
 * Each `import … from '@aws-sdk/…'` becomes a small CommonJS module `module.exports =
 * require('@aws-sdk/…')`, whose `require` is left to run time (external): esbuild then reads the
 * named imports as properties of what `require` returned.
 * @type {import('esbuild').Plugin}
 */
const runtimeSdkThroughRequire = {
  name: 'runtime-sdk-through-require',
  setup(build) {
    build.onResolve({ filter: RUNTIME_PROVIDED }, (args) =>
      args.namespace === 'runtime-require'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'runtime-require' },
    );
    build.onLoad({ filter: /.*/, namespace: 'runtime-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Builds the handler module `entry` into `outDir`; `root` holds package.json and the generated
 * chart files.
 * @param {{ entry: string, outDir: string, root: string }} options
 * @returns {Promise<{ file: string, chartAssets: boolean }>}
 */
export async function buildFunctionBundle({ entry, outDir, root }) {
  const file = join(outDir, BUNDLE_FILE);
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    mainFields: ['module', 'main'],
    plugins: [runtimeSdkThroughRequire],
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
    (input) => relative(root, join(root, input)) === CHART_ASSETS_MODULE,
  );
  if (chartAssets) copyChartAssets(root, outDir);
  return { file, chartAssets };
}

// `node bin/functionBundle.mjs ENTRY OUT_DIR ROOT`: builds, prints the result as JSON.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry, outDir, root] = process.argv.slice(2);
  if (!entry || !outDir || !root) {
    console.error('usage: node bin/functionBundle.mjs ENTRY OUT_DIR ROOT');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(await buildFunctionBundle({ entry, outDir, root })));
}
