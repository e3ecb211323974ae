/** `ipstats serve --demo` as a user runs it: a child process on a random loopback port and a temporary state directory. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoServer {
  url: string;
  /** The server's state directory (its users.json); absent for a server the test did not start. */
  state?: string;
  stop(): Promise<void>;
}

const STARTED = /ipstats 已启动：(http:\/\/127\.0\.0\.1:\d+)\//;

export async function startDemoServer(
  options: { now?: string; timeoutMs?: number } = {},
): Promise<DemoServer> {
  const state = await mkdtemp(join(tmpdir(), 'ipstats-portal-'));
  const args = ['bin/ipstats.js', 'serve', '--demo', '--port', '0', '--state', state];
  if (options.now) args.push('--now', options.now);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(state, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ipstats serve did not start in time:\n${output}`)),
        options.timeoutMs ?? 240_000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = STARTED.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`ipstats serve exited (${code}):\n${output}`));
      });
    });
    return { url, state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
