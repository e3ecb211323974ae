import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '#shared/domain/validation.ts';
import type { NationalRollup } from '#shared/rollup/types.ts';
import { type CliRun, ipstats } from './support/cli.ts';
import { coreCsv, coreWorkbook } from './support/uploadFiles.ts';

async function place(root: string, path: string, body: Buffer, uploadedAt: string): Promise<void> {
  const file = join(root, ...path.split('/'));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, body);
  await utimes(file, new Date(uploadedAt), new Date(uploadedAt));
}

async function readJsonFile<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function reportsIn(directory: string): Promise<ValidationReport[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map((name) => readJsonFile<ValidationReport>(join(directory, name))));
}

describe('ipstats run on a folder of uploads', () => {
  let root: string;
  let uploads: string;
  let out: string;
  let run: CliRun;

  beforeAll(async () => {
    // Prepare: two cities; Shenzhen reports 2024Q2 and 2024Q3 on time, then corrects 2024Q3 and
    // sends the corrected file once more under another name; Hangzhou first sends a rejected CSV,
    // then a correct one after the deadline; plus a stray file and a hidden file.
    root = await mkdtemp(join(tmpdir(), 'ipstats-run-'));
    uploads = join(root, 'uploads');
    out = join(root, 'out');
    await place(
      uploads,
      '440300/2024Q2/深圳 2024Q2.xlsx',
      await coreWorkbook('440300', '2024Q2', { D01: 200 }),
      '2024-07-08T10:00:00+08:00',
    );
    await place(
      uploads,
      '440300/2024Q3/01-深圳 2024Q3.xlsx',
      await coreWorkbook('440300', '2024Q3', { D01: 300 }),
      '2024-10-08T10:00:00+08:00',
    );
    const corrected = await coreWorkbook('440300', '2024Q3', { D01: 320 });
    await place(uploads, '440300/2024Q3/02-深圳 2024Q3 更正.xlsx', corrected, '2024-10-10T10:00:00+08:00');
    await place(uploads, '440300/2024Q3/03-深圳 2024Q3 重发.xlsx', corrected, '2024-10-11T10:00:00+08:00');
    await place(
      uploads,
      '330100/2024Q3/00-first.csv',
      coreCsv({ D01: 50, B01: 80, B02: 120 }),
      '2024-10-09T10:00:00+08:00',
    );
    await place(uploads, '330100/2024Q3/indicators.csv', coreCsv({ D01: 50 }), '2024-10-20T10:00:00+08:00');
    await place(uploads, 'notes.txt', Buffer.from('说明'), '2024-10-01T10:00:00+08:00');
    await place(uploads, '440300/.DS_Store', Buffer.from([0]), '2024-10-01T10:00:00+08:00');

    run = await ipstats('run', '--uploads', uploads, '--out', out, '--now', '2024-10-25T10:00:00+08:00');
    // The roll-ups render every city's charts: about 30 s of CPU, longer on a busy machine.
  }, 300_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 although some uploads were rejected', () => {
    expect(run.stderr).not.toContain('系统错误');
    expect(run.code).toBe(0);
  });

  it('tells which files do not follow the layout and which were skipped', () => {
    expect(run.stderr).toContain('notes.txt 不符合 {城市代码}/{报告期}/{文件名} 结构');
    expect(run.stderr).toContain('跳过 440300/.DS_Store');
  });

  it('summarises the uploads by result', () => {
    expect(run.stdout).toContain('上传 7 个文件');
    expect(run.stdout).toContain('汇总时间：2024-10-25 10:00（北京时间）');
    expect(run.stdout).toContain('退回：uploads/330100/2024Q3/00-first.csv');
    expect(run.stdout).toContain('退回：uploads/notes.txt');
  });

  it('marks a year without its fourth quarter in the summary', () => {
    // At --now 2024-10-25 the fourth quarter is not yet due: 未到期 12, no rate, never 未报.
    expect(run.stdout).toMatch(/^2024\*\s+12\s+0\s+0\s+0\s+0\s+0\s+12\s+—$/m);
    expect(run.stdout).toContain('2024 年第四季度尚未到期');
  });

  it('writes each validation report below results/, with the file time as the upload time', async () => {
    const hangzhou = await reportsIn(join(out, 'results', '330100', '2024Q3'));

    expect(hangzhou.map((report) => [report.file, report.status]).sort()).toEqual([
      ['00-first.csv', 'rejected'],
      ['indicators.csv', 'accepted_with_warnings'],
    ]);
    const late = hangzhou.find((report) => report.file === 'indicators.csv');
    expect(late?.receivedAt).toBe('2024-10-20T02:00:00.000Z');
    expect(late?.late).toBe(true);
  });

  it('publishes the national 2024Q3 figures from the accepted files only', async () => {
    const national = await readJsonFile<NationalRollup>(
      join(out, 'reports', 'national', '2024Q3', 'national-summary-2024Q3.json'),
    );

    expect(national.generatedAt).toBe('2024-10-25T02:00:00.000Z');
    expect(national.completeness).toMatchObject({ expected: 12, reported: 2, onTime: 1, late: 1 });
    // Shenzhen's correction 320 (not the first 300, not twice) + Hangzhou 50 this quarter;
    // year to date Shenzhen 200 + 320, Hangzhou 50.
    expect(national.national.D01).toMatchObject({ value: 370, ytd: 570, lastYearYtd: null, growth: null });
  });

  it('takes the same file sent again as no change, and says so', async () => {
    const shenzhen = await reportsIn(join(out, 'results', '440300', '2024Q3'));
    const resent = shenzhen.find((report) => report.file === '03-深圳 2024Q3 重发.xlsx');

    expect(shenzhen).toHaveLength(3);
    expect(resent?.status).toBe('accepted');
    expect(resent?.notes).toContain('与上次报送内容相同');
  });

  it('rolls up every quarter with data and the year it belongs to', async () => {
    const national = await readdir(join(out, 'reports', 'national'));

    expect(national.sort()).toEqual(['2024', '2024Q2', '2024Q3']);
  });

  it('exits 2 when the uploads folder does not exist', async () => {
    const missing = await ipstats('run', '--uploads', join(root, 'nowhere'), '--out', out);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到上传目录');
  });
});
