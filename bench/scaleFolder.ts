/**
 * Writes an upload folder for `ipstats run` at national scale: N synthetic cities (the benchmark
 * registry), the given quarters, every demo upload of each. Usage:
 * `node bin/run-ts.js bench/scaleFolder.ts DIR CITIES QUARTER...` → DIR/uploads/…, DIR/registry.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoUploadsOf, generateDemoDataset, writeDemoFolder } from '#demo/index.ts';
import { syntheticRegistry } from './rollupBench.ts';

export async function writeScaleFolder(dir: string, cities: number, quarters: readonly string[]) {
  const registry = syntheticRegistry(cities);
  const dataset = generateDemoDataset({ registry, periods: quarters });
  const uploads = await demoUploadsOf(dataset);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'registry.json'), `${JSON.stringify(registry, null, 2)}\n`);
  const written = await writeDemoFolder(uploads, join(dir, 'uploads'));
  return { registry, files: written.length };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scaleFolder.ts')) {
  const [dir, cities, ...quarters] = process.argv.slice(2);
  if (!dir || !cities || quarters.length === 0) {
    console.error('usage: scaleFolder.ts DIR CITIES QUARTER...');
    process.exit(2);
  }
  const { files } = await writeScaleFolder(dir, Number(cities), quarters);
  console.log(`${files} files in ${join(dir, 'uploads')}`);
}
