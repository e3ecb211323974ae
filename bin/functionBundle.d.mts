/** Types of bin/functionBundle.mjs (plain JavaScript, run in a child process by infra/bundling.ts). */
export const ESM_REQUIRE_BANNER: string;
export const RUNTIME_PROVIDED: RegExp;
export const BUNDLE_TARGET: string;
export const BUNDLE_FILE: string;

export interface FunctionBundle {
  /** Absolute path of `index.mjs`. */
  file: string;
  /** Whether `chart-assets/` was copied beside it. */
  chartAssets: boolean;
}

export function buildFunctionBundle(options: {
  entry: string;
  outDir: string;
  root: string;
}): Promise<FunctionBundle>;
