/**
 * How the Lambda bundles are built, in one place: the CDK functions (infra/constructs/
 * ipstatsFunction.ts, through the asset's local bundling at synth) and the benchmark
 * (bench/bundles.ts) both call `buildFunctionBundle`, so the bundle the benchmark measures is the
 * one that is deployed. The esbuild settings, and why the AWS SDK is left to the runtime and loaded
 * with `require()`, are in bin/functionBundle.mjs.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FunctionBundle } from '#bin/functionBundle.mjs';

export type { FunctionBundle } from '#bin/functionBundle.mjs';

const BUILD_SCRIPT = fileURLToPath(new URL('../bin/functionBundle.mjs', import.meta.url));

/**
 * Builds the handler module `entry` into `outDir` (`index.mjs`, its source map, and `chart-assets/`
 * when it draws charts). Synchronous, as the CDK's local bundling hook is: esbuild runs in a child
 * Node process (as the CDK's own NodejsFunction runs the esbuild command). `projectRoot` holds
 * package.json and the generated chart files.
 */
export function buildFunctionBundle(entry: string, outDir: string, projectRoot: string): FunctionBundle {
  const output = execFileSync(process.execPath, [BUILD_SCRIPT, entry, outDir, projectRoot], {
    cwd: projectRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output) as FunctionBundle;
}
