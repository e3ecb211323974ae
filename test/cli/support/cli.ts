/** Runs `ipstats` in-process with its output captured, or as a child process like a user would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '#cli/program.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The clock of `ipstats` in tests unless a test sets its own: 2024-10-20 10:00 China time. */
export const TEST_NOW = new Date('2024-10-20T02:00:00Z');

export function ipstats(...argv: string[]): Promise<CliRun> {
  return ipstatsAt(TEST_NOW, ...argv);
}

/** `ipstats` with its clock at `now` (never the machine's clock: a test must not depend on the day it runs). */
export async function ipstatsAt(now: Date, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    {
      out: (text) => {
        stdout += text;
      },
      err: (text) => {
        stderr += text;
      },
      interactive: false,
    },
    () => now,
  );
  return { code, stdout, stderr };
}

export const BIN = fileURLToPath(new URL('../../../bin/ipstats.js', import.meta.url));

/** The real `bin/ipstats.js` in a child process (tsx launcher, process exit code). */
export function ipstatsProcess(
  argv: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
