/**
 * The portal's build (web/dist, written by `npm run build:web`, which `npm install` runs): the
 * JavaScript the first page loads stays under 150 KB gzipped, and ECharts is a chunk of its own
 * that the first page does not load (the charts load it when a report page draws them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = join(process.cwd(), 'web', 'dist');
const INITIAL_LIMIT = 150 * 1024;

function gzipped(file: string): number {
  return gzipSync(readFileSync(join(DIST, file))).length;
}

/** Scripts index.html loads, and the modules they import statically (`import … from "./x.js"`). */
function initialScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const pending = [...html.matchAll(/<script[^>]+src="\.\/([^"]+)"/g)].map((match) => match[1]!);
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(join(DIST, file), 'utf8');
    for (const match of source.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/g))
      pending.push(`assets/${match[1]}`);
  }
  return [...seen];
}

describe('the portal build', () => {
  it('exists (npm run build:web)', () => {
    expect(existsSync(join(DIST, 'index.html')), 'web/dist/index.html: run npm run build:web').toBe(true);
  });

  it('loads under 150 KB of gzipped JavaScript on the first page', () => {
    const initial = initialScripts();
    const total = initial.reduce((sum, file) => sum + gzipped(file), 0);

    expect(initial.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(INITIAL_LIMIT);
  });

  it('keeps ECharts in a chunk of its own that the first page does not load', () => {
    const chunks = readdirSync(join(DIST, 'assets')).filter((file) => /^echarts-.*\.js$/.test(file));
    const initial = initialScripts();

    expect(chunks).toHaveLength(1);
    expect(initial).not.toContain(`assets/${chunks[0]}`);
    // ECharts registers its painters (here SVG only); nothing the first page loads does.
    expect(readFileSync(join(DIST, 'assets', chunks[0]!), 'utf8').includes('registerPainter')).toBe(true);
    for (const file of initial)
      expect(readFileSync(join(DIST, file), 'utf8').includes('registerPainter'), file).toBe(false);
  });
});
