/**
 * Every measurement runs in a fresh child process, pinned to one core with `taskset -c 0` where
 * available: one core is what a Lambda of our memory size gets, and the child's peak RSS is that
 * of the measurement alone. The children run `bench/child.ts` bundled by esbuild (dependencies
 * left in node_modules) with plain node, as a Lambda runs its bundle: no TypeScript loader
 * inflates their memory or start-up.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeBundle } from '#bin/nodeBundle.mjs';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so that the bundle's imports of packages resolve from node_modules. */
const BUNDLE_ROOT = join(PROJECT_ROOT, 'node_modules', '.cache', 'ipstats-bench');

export class BenchChildError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BenchChildError';
  }
}

let pinning: boolean | undefined;
/** Whether `taskset -c 0` works here (not on macOS, not in some containers). */
export function canPin(): boolean {
  pinning ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return pinning;
}

export interface ChildRunner {
  /**
   * Runs one task of `bench/child.ts` and returns its JSON result; on one core unless
   * `pinned: false` (a measurement of what the whole machine does).
   */
  task<T>(task: string, args: unknown, options?: { pinned?: boolean }): Promise<T>;
  /** Runs `node …args` (e.g. a bundle import) and returns the JSON it prints last. */
  node<T>(args: readonly string[]): Promise<T>;
  dispose(): Promise<void>;
}

/** Bundles the child entry (not minified: CPU profiles keep their function names). */
export async function startChildRunner(
  options: { nodeFlags?: readonly string[] } = {},
): Promise<ChildRunner> {
  const outdir = join(BUNDLE_ROOT, String(process.pid));
  await mkdir(outdir, { recursive: true });
  await buildNodeBundle({
    root: PROJECT_ROOT,
    // The chart-raster and ingest workers beside the chunks, as in the CLI's build (workerEntry finds them).
    entryPoints: {
      child: join(PROJECT_ROOT, 'bench', 'child.ts'),
      rasterWorker: join(PROJECT_ROOT, 'shared', 'reports', 'charts', 'rasterWorker.ts'),
      ingestWorker: join(PROJECT_ROOT, 'embedded', 'ingestWorker.ts'),
    },
    outdir,
  });
  const entry = join(outdir, 'child.mjs');
  const nodeFlags = options.nodeFlags ?? [];
  return {
    task: (task, args, taskOptions) =>
      runNode([...nodeFlags, entry, task, JSON.stringify(args)], task, taskOptions?.pinned ?? true),
    node: (args) => runNode(args, 'node'),
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}

function runNode<T>(nodeArgs: readonly string[], label: string, pinned = true): Promise<T> {
  const [command, commandArgs] =
    pinned && canPin()
      ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
      : [process.execPath, [...nodeArgs]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) =>
      reject(new BenchChildError(`无法启动基准子进程 ${label}`, { cause: error })),
    );
    child.on('close', (code) => {
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new BenchChildError(`基准子进程 ${label} 退出码 ${code}：${stderr.trim().slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(lastLine) as T);
      } catch (error) {
        reject(
          new BenchChildError(`基准子进程 ${label} 的输出不是 JSON：${lastLine.slice(0, 200)}`, {
            cause: error,
          }),
        );
      }
    });
  });
}
