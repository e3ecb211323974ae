#!/usr/bin/env node
// `npm run build:cli` (run by `npm install` through prepare → build): bundles the CLI with esbuild
// into dist/cli/, so that `ipstats` starts without compiling TypeScript. Our code is bundled (split
// at the commands' lazy imports, so a command loads only what it uses); packages stay in
// node_modules and are loaded by Node when a command needs them. bin/ipstats.js runs the bundle
// when it is newer than every source file, and the TypeScript sources through tsx otherwise.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { ipstats: 'cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
