import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodNotStarted } from '#cli/commands/rollup.ts';
import { ipstats, ipstatsAt } from './support/cli.ts';

describe('periods the commands cannot serve', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ipstats-periods-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses to roll up a period that has not started, exit 2', async () => {
    const run = await ipstats('rollup', '--period', '2099Q1');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('报告期 2099Q1 尚未开始（2099-01-01 起），没有可汇总的数据');
  });

  it("tells by the clock it is given, not the machine's, whether a period has started", async () => {
    const before = await ipstatsAt(new Date('2024-12-31T15:59:00Z'), 'rollup', '--period', '2025');

    expect(before.code).toBe(2);
    expect(before.stderr).toContain('报告期 2025 尚未开始（2025-01-01 起），没有可汇总的数据');
  });

  it('tells a year from its first quarter, in China time', () => {
    expect(periodNotStarted('2025', new Date('2024-12-31T15:59:59Z'))).toContain('2025-01-01 起');
    expect(periodNotStarted('2025', new Date('2024-12-31T16:00:00Z'))).toBeUndefined();
  });

  it('makes a template for a quarter outside the programme but says it will not count', async () => {
    const run = await ipstats(
      'template',
      '--city',
      '440300',
      '--period',
      '2015Q1',
      '--out',
      join(directory, 't.xlsx'),
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2015Q1 不在深圳市的建设期（2022Q1–2024Q4）内');
  });
});
