// The esbuild settings of every bundle that runs our TypeScript with plain `node` on this machine:
// the CLI (bin/build-cli.mjs → dist/cli) and the benchmark's children (bench/children.ts). ESM,
// split at dynamic imports (a command or a task loads only what it uses), packages left in
// node_modules and loaded by Node when needed. The Lambda bundles are built differently
// (infra/bundling.ts: everything but the SDK inlined, minified). Both put a copy of the chart
// renderer's files (shared/reports/charts/generated/, `npm run build:charts`) in `chart-assets/`
// beside the bundle, where shared/adapters/chartAssets.ts looks for them.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Copies the folder `npm run build:charts` writes into `outdir/chart-assets/` (synchronous: the
 * CDK's local bundling calls it from a synchronous hook).
 * @param {string} root the project root
 * @param {string} outdir the bundle's folder
 */
export function copyChartAssets(root, outdir) {
  cpSync(join(root, 'shared', 'reports', 'charts', 'generated'), join(outdir, 'chart-assets'), {
    recursive: true,
  });
}

/**
 * Bundles `entryPoints` into `outdir` as `.mjs` files, with the chart files in `outdir/chart-assets/`.
 * @param {{ root: string, entryPoints: Record<string, string> | string[], outdir: string,
 *   chunkNames?: string, sourcemap?: boolean }} options
 */
export async function buildNodeBundle({ root, entryPoints, outdir, chunkNames, sourcemap = false }) {
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    ...(chunkNames ? { chunkNames } : {}),
    ...(sourcemap ? { sourcemap: 'linked' } : {}),
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyChartAssets(root, outdir);
}
