/**
 * Every measurement runs in a fresh child process, pinned to one core with `taskset -c 0` where
 * available: one core is what a Lambda of our memory size gets, the timings do not depend on what
 * else the machine is doing on the other core, and the child's peak RSS is that of the
 * measurement alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD_ENTRY = 'bench/child.ts';
const RUN_TS = 'bin/run-ts.js';

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

export interface ChildOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
  env?: Record<string, string>;
  /** Plain node (for built bundles) instead of the TypeScript runner. */
  script?: { args: readonly string[] };
}

/** Runs `bench/child.ts <task> <args>` (or a plain node command) and returns its JSON result. */
export function runChild<T>(task: string, args: unknown, options: ChildOptions = {}): Promise<T> {
  const nodeArgs = options.script
    ? [...(options.nodeFlags ?? []), ...options.script.args]
    : [...(options.nodeFlags ?? []), RUN_TS, CHILD_ENTRY, task, JSON.stringify(args)];
  const [command, commandArgs] = canPin()
    ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs as string[], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => reject(new BenchChildError(`无法启动基准子进程 ${task}`, { cause: error })));
    child.on('close', (code) => {
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new BenchChildError(`基准子进程 ${task} 退出码 ${code}：${stderr.trim().slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(lastLine) as T);
      } catch (error) {
        reject(
          new BenchChildError(`基准子进程 ${task} 的输出不是 JSON：${lastLine.slice(0, 200)}`, {
            cause: error,
          }),
        );
      }
    });
  });
}
