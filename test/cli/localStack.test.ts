import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack } from '#embedded/stack.ts';
import { reportKeys } from '#shared/domain/uploadKey.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { updateIndex } from '#shared/reports/reportIndex.ts';
import { ipstats } from './support/cli.ts';
import { coreCsv, coreWorkbook } from './support/uploadFiles.ts';

describe('stateful commands against the persistent local stack', () => {
  let root: string;
  let state: string;
  let workbook: string;
  let rejectedCsv: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ipstats-local-'));
    state = join(root, '.ipstats');
    workbook = join(root, '深圳 2024Q3.xlsx');
    rejectedCsv = join(root, 'indicators.csv');
    await writeFile(workbook, await coreWorkbook('440300', '2024Q3', { D01: 321.5 }));
    await writeFile(rejectedCsv, coreCsv({ B01: 80, B02: 120 }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('uploads a file, waits for its validation and exits 0 when it is accepted', async () => {
    const run = await ipstats('upload', workbook, '--city', '440300', '--period', '2024Q3', '--local', state);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已上传 uploads/440300/2024Q3/深圳 2024Q3.xlsx');
    expect(run.stdout).toMatch(/结果：通过/);
  });

  it('uploads a workbook to the city and period its 基本信息 names when they are not given', async () => {
    const run = await ipstats('upload', workbook, '--local', state);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('城市与报告期取自基本信息表：440300 2024Q3');
    expect(run.stdout).toContain('已上传 uploads/440300/2024Q3/深圳 2024Q3.xlsx');
  });

  it('exits 2 without uploading a CSV whose city and period nothing tells', async () => {
    const run = await ipstats('upload', rejectedCsv, '--local', state);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('无法确定城市代码和报告期');
  });

  it('exits 1 and prints the report JSON with --json when the upload is rejected', async () => {
    const run = await ipstats(
      'upload',
      rejectedCsv,
      '--city',
      '330100',
      '--period',
      '2024Q3',
      '--local',
      state,
      '--json',
    );

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report).toMatchObject({ city: '330100', status: 'rejected' });
  });

  it('keeps the state between commands: a locked period rejects the next upload until unlocked', async () => {
    const locked = await ipstats(
      'lock',
      '--period',
      '2024Q3',
      '--city',
      '330100',
      '--reason',
      '数据核查',
      '--local',
      state,
    );
    const again = await ipstats('lock', '--period', '2024Q3', '--city', '330100', '--local', state);
    const listed = await ipstats('locks', '--local', state);
    const refused = await ipstats(
      'upload',
      workbook,
      '--city',
      '330100',
      '--period',
      '2024Q3',
      '--local',
      state,
      '--json',
    );
    const unlocked = await ipstats('unlock', '--period', '2024Q3', '--city', '330100', '--local', state);
    const none = await ipstats('locks', '--local', state);

    expect(locked.code).toBe(0);
    // Times in China time: the CLI's clock (TEST_NOW) is 2024-10-20T02:00Z.
    expect(again.stdout).toContain('2024Q3（城市 330100） 已于 2024-10-20 10:00（北京时间） 锁定');
    expect(listed.stdout).toContain('锁定时间（北京时间）');
    expect(listed.stdout).toMatch(/2024Q3\s+330100\s+2024-10-20 10:00\s+.*数据核查/);
    expect(refused.code).toBe(1);
    expect((JSON.parse(refused.stdout) as ValidationReport).issues.map((issue) => issue.code)).toContain(
      'PERIOD_LOCKED',
    );
    expect(unlocked.stdout).toContain('已解除锁定 2024Q3（城市 330100）');
    expect(none.stdout).toContain('没有锁定的报告期');
  });

  it('rejects a lock for a city outside the registry as a usage error', async () => {
    const run = await ipstats('lock', '--period', '2024Q3', '--city', '999999', '--local', state);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('不在城市名录中');
  });

  it('rolls up on demand, lists the reports of the period and downloads one', async () => {
    const rollup = await ipstats('rollup', '--period', '2024Q3', '--local', state);
    const list = await ipstats('reports', 'list', '--period', '2024Q3', '--local', state);
    const download = join(root, 'downloads');
    const get = await ipstats(
      'reports',
      'get',
      'reports/national/2024Q3/national-summary-2024Q3.json',
      '--out',
      download,
      '--local',
      state,
    );

    expect(rollup.code).toBe(0);
    expect(rollup.stdout).toContain('已汇总 2024Q3');
    expect(rollup.stdout).toMatch(/汇总时间 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）/);
    // The line adds up: 应报 = 按时 + 迟报 + 未报 + 仅有被退回.
    const [, total, ...parts] =
      /应报 (\d+) = 按时 (\d+) \+ 迟报 (\d+) \+ 未报 (\d+) \+ 仅有被退回 (\d+)/.exec(rollup.stdout) ?? [];
    expect(parts.map(Number).reduce((sum, part) => sum + part, 0)).toBe(Number(total));
    expect(list.stdout.split('\n')).toContain('reports/national/2024Q3/national-summary-2024Q3.xlsx');
    expect(get.code).toBe(0);
    const national = JSON.parse(await readFile(join(download, 'national-summary-2024Q3.json'), 'utf8'));
    expect(national.national.D01.value).toBe(321.5);
  });

  it('exits 2 when asked for a report that does not exist', async () => {
    const run = await ipstats(
      'reports',
      'get',
      'reports/national/2020Q1/none.json',
      '--out',
      root,
      '--local',
      state,
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('报告不存在');
    await expect(access(join(root, 'none.json'))).rejects.toThrow();
  });

  it('lists every published report of an index longer than one S3 listing page', async () => {
    // Prepare: 1,200 more city reports in the index, as a roll-up of 600 cities would publish.
    const stack = await startEmbeddedStack({ directory: state });
    const many = Array.from({ length: 600 }, (_, index) => `${110100 + index * 100}`).flatMap((city) =>
      (['xlsx', 'json'] as const).map((format) => ({
        key: reportKeys.city(city, '2024Q2', format),
        period: '2024Q2',
        scope: 'city' as const,
        city,
        format,
        generatedAt: '2024-07-16T02:00:00.000Z',
        bytes: 1,
      })),
    );
    try {
      await updateIndex(stack.objects, many, '2024-07-16T02:00:00.000Z');
    } finally {
      await stack.stop();
    }

    // Act
    const all = await ipstats('reports', 'list', '--local', state);
    const quarter = await ipstats('reports', 'list', '--period', '2024Q2', '--local', state);

    // Assess
    expect(all.code).toBe(0);
    const listed = all.stdout.trim().split('\n');
    expect(listed).toEqual(expect.arrayContaining(many.map((report) => report.key)));
    expect(listed).toContain('reports/national/2024Q3/national-summary-2024Q3.xlsx');
    expect(quarter.stdout.trim().split('\n').sort()).toEqual(many.map((report) => report.key).sort());
    expect(quarter.stderr).toBe('共 1200 个报告，最近一次生成于 2024-07-16 10:00（北京时间）\n');
  });
});
