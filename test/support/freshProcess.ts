import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs an ES module script in a fresh Node process at the project root (TypeScript through tsx,
 * `#…` imports resolved) and returns the JSON it printed on stdout: for what a process has loaded
 * (`require.cache`), which a test process that imported everything cannot tell.
 */
export function runInFreshProcess<T>(script: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, timeout: timeoutMs },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || String(error))) : resolve(JSON.parse(stdout) as T),
    ),
  );
}
