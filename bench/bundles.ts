/**
 * Lambda bundles: each `functions/*.ts` built as infra builds it (`infra/bundling.ts`: every
 * dependency but the runtime's AWS SDK, minified, tree-shaken, ES module with a `require` banner),
 * then its size and the time a fresh process takes to `import()` it (the SDK resolved from
 * node_modules, as the runtime resolves its own copy).
 */
import { readdir, stat, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFunctionBundle } from '#infra/bundling.ts';
import type { ChildRunner } from './children.ts';
import { median } from './stats.ts';

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

export function buildBundle(entry: string, outDir: string): string {
  return buildFunctionBundle(entry, outDir, resolve('.')).file;
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

/**
 * Lets a bundle outside the project import the modules the Lambda runtime provides (the AWS SDK),
 * the way the runtime resolves its own copy: the project's node_modules stands in for it.
 */
export async function provideRuntimeModules(bundleDir: string): Promise<void> {
  await symlink(resolve('node_modules'), join(bundleDir, 'node_modules'), 'dir').catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
}

export async function measureBundle(
  entry: string,
  outDir: string,
  runs: number,
  children: ChildRunner,
): Promise<BundleFigures> {
  const bundle = buildBundle(entry, outDir);
  await provideRuntimeModules(outDir);
  const loads: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let i = 0; i < runs; i++) loads.push(await coldImport(bundle, children));
  return {
    bytes: (await stat(bundle)).size,
    loadMs: median(loads.map((load) => load.cpuMs)),
    loadWallMs: median(loads.map((load) => load.wallMs)),
  };
}
