#!/usr/bin/env node
// `npm run build:cli` (run by `npm install` through prepare → build): bundles the CLI with esbuild
// into dist/cli/, so that `ipstats` starts without compiling TypeScript. Our code is bundled (split
// at the commands' lazy imports, so a command loads only what it uses); packages stay in
// node_modules and are loaded by Node when a command needs them. bin/ipstats.js runs the bundle
// when it is newer than every source file, and the TypeScript sources through tsx otherwise.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeBundle } from './nodeBundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

await rm(outdir, { recursive: true, force: true });
await buildNodeBundle({
  root,
  // The worker threads (shared/workerPool.ts): chart rasterising (shared/reports/charts/chartThreads.ts)
  // and the embedded stack's ingest invocations (embedded/ingestThreads.ts).
  entryPoints: {
    ipstats: 'cli/main.ts',
    rasterWorker: 'shared/reports/charts/rasterWorker.ts',
    ingestWorker: 'embedded/ingestWorker.ts',
  },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
});
