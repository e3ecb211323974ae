/**
 * `ipstats demo --uploads DIR`: the demo's upload files for a newcomer to try `validate` and `run`
 * on — the commands it suggests work as it says, and the README's examples name files it writes.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, ipstats } from './support/cli.ts';

const README = new URL('../../README.md', import.meta.url);

/** The argv of each `ipstats …` line the command printed, and what its comment says will happen. */
function suggestions(stdout: string): Array<{ argv: string[]; comment: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.trimStart().startsWith('ipstats '))
    .map((line) => {
      const [command = '', comment = ''] = line.split('#');
      return { argv: command.trim().split(/\s+/).slice(1), comment: comment.trim() };
    });
}

describe('ipstats demo --uploads', () => {
  let root: string;
  let dir: string;
  let written: CliRun;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ipstats-demo-uploads-'));
    dir = join(root, 'uploads');
    written = await ipstats('demo', '--uploads', dir);
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes every demo upload as DIR/{city}/{period}/{NN}-{file}, stamped with its upload time', async () => {
    const files = (await readdir(dir, { recursive: true })).filter((path) => /\.(xlsx|csv)$/.test(path));

    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain(`已写出演示的 ${files.length} 个上传文件（12 个城市，2023Q1–2024Q3）`);
    expect(files.length).toBe(163);
    expect(files.every((path) => /^\d{6}\/\d{4}Q[1-4]\/\d{2}-[^/]+$/.test(path))).toBe(true);
    const rejected = await stat(join(dir, '510100', '2024Q3', '04-enterprises.csv'));
    // The 成都 correction scenario: the spoiled file arrives on a working day of October 2024.
    expect(rejected.mtime.getUTCFullYear()).toBe(2024);
    expect(rejected.mtime.getUTCMonth()).toBe(9);
  });

  it('suggests validate commands that give what they promise, and a run over the folder', async () => {
    const suggested = suggestions(written.stdout);

    const validations = await Promise.all(
      suggested
        .filter(({ argv }) => argv[0] === 'validate')
        .map(async (s) => ({ ...s, run: await ipstats(...s.argv) })),
    );

    expect(validations.map(({ comment, run }) => [comment, run.code])).toEqual([
      ['通过', 0],
      ['退回，退出码 1', 1],
    ]);
    expect(validations[0]?.run.stdout).toContain('城市与报告期取自文件路径：440300 2024Q3');
    expect(validations[1]?.run.stdout).toContain('USCC_CHECKSUM');
    expect(suggested.find(({ argv }) => argv[0] === 'run')?.argv).toEqual([
      'run',
      '--uploads',
      dir,
      '--out',
      './out',
      '--now',
      '2024-10-22T11:39+08:00',
    ]);
  });

  it("names in the README's commands only files that it writes", async () => {
    const readme = await readFile(README, 'utf8');
    const commands = readme.split('\n').filter((line) => /^\s*npx ipstats /.test(line));
    const paths = commands.flatMap((line) =>
      [...line.matchAll(/\buploads\/(\d{6}\/\d{4}Q\d\/\S+)/g)].map((m) => m[1] as string),
    );

    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const path of paths) await expect(stat(join(dir, path)), path).resolves.toBeDefined();
  });

  it('refuses a folder that already holds files, exit 2, and leaves them alone', async () => {
    const used = join(root, 'used');
    await mkdir(used);
    await writeFile(join(used, 'mine.xlsx'), 'mine');

    const run = await ipstats('demo', '--uploads', used);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('中已有文件');
    expect(await readdir(used)).toEqual(['mine.xlsx']);
  });
});
