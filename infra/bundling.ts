/**
 * How the Lambda bundles are built, in one place: the CDK functions (infra/constructs/
 * ipstatsFunction.ts) and the benchmark (bench/bundles.ts) both read it, so the bundle the
 * benchmark measures is the one that is deployed.
 *
 * The AWS SDK v3 is left out: the nodejs22.x runtime ships it (the CDK's own default for Node 18+
 * runtimes), and leaving it out keeps each bundle near 1 MB and its cold start short. Everything
 * else, exceljs and papaparse included, is bundled, minified and tree-shaken.
 */

/** ESM output needs `require` for the CommonJS dependencies that esbuild inlines. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);";

/** Provided by the Lambda runtime; imported from there at run time. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'] as const;

export const BUNDLE_TARGET = 'node22';
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];
