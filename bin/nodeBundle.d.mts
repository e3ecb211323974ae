/** Types of bin/nodeBundle.mjs (plain JavaScript: `npm install` runs it before any TypeScript loader). */
export interface NodeBundleOptions {
  /** The project root: entry points and outdir are relative to it (or absolute). */
  root: string;
  entryPoints: Record<string, string> | string[];
  outdir: string;
  chunkNames?: string;
  /** Linked source maps (default false). */
  sourcemap?: boolean;
}

export function buildNodeBundle(options: NodeBundleOptions): Promise<void>;

/** Copies the chart renderer's files (`npm run build:charts`) into `outdir/chart-assets/`. */
export function copyChartAssets(root: string, outdir: string): void;
