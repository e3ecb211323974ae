// The esbuild settings of every bundle that runs our TypeScript with plain `node` on this machine:
// the CLI (bin/build-cli.mjs → dist/cli) and the benchmark's children (bench/children.ts). ESM,
// split at dynamic imports (a command or a task loads only what it uses), packages left in
// node_modules and loaded by Node when needed. The Lambda bundles are built differently
// (infra/bundling.ts: everything but the SDK inlined, minified).
import { build } from 'esbuild';

/**
 * Bundles `entryPoints` into `outdir` as `.mjs` files.
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
}
