/**
 * Lambda bundles: each `functions/*.ts` built as infra builds it (esbuild: bundled with every
 * dependency including the AWS SDK, minified, tree-shaken, platform node, target node22, ES module
 * with a `require` banner for the CommonJS dependencies), then its size and the time a fresh
 * process takes to `import()` it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runChild } from './children.ts';
import { median } from './stats.ts';

/** Same banner as infra/constructs/ipstatsFunction.ts (ESM_REQUIRE_BANNER). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);";

export interface BundleFigures {
  bytes: number;
  loadMs: number;
  /** Each cold import, ms. */
  loadRuns: number[];
}

export async function functionEntries(functionsDir: string): Promise<string[]> {
  return (await readdir(functionsDir)).filter((name) => name.endsWith('.ts')).sort();
}

export async function buildBundle(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    charset: 'utf8',
    sourcemap: 'external',
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'warning',
  });
  return outfile;
}

/** A fresh node process imports the bundle and reports how long the import took. */
async function coldImportMs(bundle: string): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(bundle).href)});console.log(JSON.stringify(performance.now()-t));`;
  return runChild<number>('import', undefined, { script: { args: ['--input-type=module', '-e', script] } });
}

export async function measureBundle(entry: string, outDir: string, runs: number): Promise<BundleFigures> {
  const bundle = await buildBundle(entry, outDir);
  const loadRuns: number[] = [];
  for (let i = 0; i < runs; i++) loadRuns.push(await coldImportMs(bundle));
  return { bytes: (await stat(bundle)).size, loadMs: median(loadRuns), loadRuns };
}
