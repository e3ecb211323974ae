import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '#cli/program.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { ipstats, ipstatsProcess } from './support/cli.ts';

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((child) => child.name() !== 'help')
    .flatMap((child) => [[...prefix, child.name()], ...commandPaths(child, [...prefix, child.name()])]);
}

const silent = { out() {}, err() {}, interactive: false };
const commands = commandPaths(
  buildProgram({ io: silent, exit() {}, now: () => new Date('2024-10-20T02:00:00Z') }),
);

describe('ipstats --help', () => {
  it('knows every command the brief names', () => {
    expect(commands.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining([
        'demo',
        'run',
        'validate',
        'template',
        'upload',
        'rollup',
        'lock',
        'unlock',
        'locks',
        'reports',
        'reports list',
        'reports get',
      ]),
    );
  });

  it.each(commands.map((path) => [path.join(' '), path]))(
    'prints the usage of `%s` and exits 0',
    async (name, path) => {
      const run = await ipstats(...(path as string[]), '--help');

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`用法： ipstats ${name}`);
      expect(run.stdout).toContain('显示帮助');
      expect(run.stdout).not.toMatch(/Usage:|Options:|Arguments:|Commands:|\(default:|\[options\]/);
    },
  );

  it('works through the installed launcher, as `npx ipstats --help`', async () => {
    const run = await ipstatsProcess(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('用法： ipstats [选项] [命令]');
    expect(run.stdout).toContain('validate');
  });

  it('prints the version of the package with --version', async () => {
    const run = await ipstatsProcess(['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(packageJson.version);
  });

  it('exits 2 from the launcher on an unknown command, with a Chinese message', async () => {
    const run = await ipstatsProcess(['valdate']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('未知命令 valdate');
  });
});
