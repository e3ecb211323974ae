/** Runs `ipstats` in-process with its output captured, or as a child process like a user would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '#cli/program.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function ipstats(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    interactive: false,
  });
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
