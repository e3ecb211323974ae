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
import type { ChildRunner } from './children.ts';
import { median } from './stats.ts';

/** Same banner as infra/constructs/ipstatsFunction.ts (ESM_REQUIRE_BANNER). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);";

export interface BundleFigures {
  bytes: number;
  /** CPU time of a cold import (median), ms: its wall time on an idle core. */
  loadMs: number;
  /** Wall-clock time of a cold import (median), ms. */
  loadWallMs: number;
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
async function coldImport(bundle: string, children: ChildRunner): Promise<{ wallMs: number; cpuMs: number }> {
  const script = [
    'const wall = performance.now(); const cpu = process.cpuUsage();',
    `await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    'const used = process.cpuUsage(cpu);',
    'console.log(JSON.stringify({ wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 }));',
  ].join('\n');
  return children.node(['--input-type=module', '-e', script]);
}

export async function measureBundle(
  entry: string,
  outDir: string,
  runs: number,
  children: ChildRunner,
): Promise<BundleFigures> {
  const bundle = await buildBundle(entry, outDir);
  const loads: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let i = 0; i < runs; i++) loads.push(await coldImport(bundle, children));
  return {
    bytes: (await stat(bundle)).size,
    loadMs: median(loads.map((load) => load.cpuMs)),
    loadWallMs: median(loads.map((load) => load.wallMs)),
  };
}
