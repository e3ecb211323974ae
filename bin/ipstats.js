#!/usr/bin/env node
// `ipstats`: runs the CLI bundle that `npm install` builds (dist/cli, `npm run build:cli`), which
// starts without compiling TypeScript. When a source file is newer than the bundle (an edit since
// the last build) or there is no bundle, the TypeScript sources run through tsx instead, so the
// CLI never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'ipstats.mjs');
const SOURCES = ['cli', 'shared', 'embedded', 'functions', 'demo'];

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The bundle, when it was built after the last change to any source file and package.json. */
function freshBundle() {
  const built = modified(bundle);
  if (built === undefined) return undefined;
  if ((modified(join(root, 'package.json')) ?? 0) > built) return undefined;
  for (const folder of SOURCES) {
    for (const path of readdirSync(join(root, folder), { recursive: true })) {
      if (path.endsWith('.ts') && (modified(join(root, folder, path)) ?? 0) > built) return undefined;
    }
  }
  return bundle;
}

const fresh = freshBundle();
if (fresh) {
  await import(pathToFileURL(fresh).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
