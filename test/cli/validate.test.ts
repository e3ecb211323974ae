import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { workbook } from '../parsing/builders.ts';
import { ipstats } from './support/cli.ts';
import { coreCsv, coreWorkbook } from './support/uploadFiles.ts';

/** `ipstats validate FILE --city 440300 --period 2024Q3 …extra`. */
function validateFor440300Q3(file: string, ...extra: string[]) {
  return ipstats('validate', file, '--city', '440300', '--period', '2024Q3', ...extra);
}

describe('ipstats validate', () => {
  let directory: string;
  let goodWorkbook: string;
  let badCsv: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ipstats-validate-'));
    goodWorkbook = join(directory, '深圳 2024Q3.xlsx');
    badCsv = join(directory, 'indicators.csv');
    await writeFile(goodWorkbook, await coreWorkbook('440300', '2024Q3'));
    // 发明专利申请量 above 专利申请量: a cross-field error.
    await writeFile(badCsv, coreCsv({ B01: 80, B02: 120 }));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('exits 0 for an accepted file and prints the sheets in Chinese', async () => {
    const run = await validateFor440300Q3(goodWorkbook, '--now', '2024-10-10T10:00:00+08:00');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('结果：通过');
    expect(run.stdout).toContain('核心指标');
    expect(run.stdout).toContain('上传时间：2024-10-10 10:00（北京时间）');
  });

  it('exits 0 for a file accepted with warnings (uploaded after the deadline)', async () => {
    const run = await validateFor440300Q3(goodWorkbook, '--now', '2024-10-20T10:00:00+08:00');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('通过（有警告）');
    expect(run.stdout).toContain('LATE_UPLOAD');
  });

  it('exits 1 for a rejected file and locates the problem cell', async () => {
    const run = await validateFor440300Q3(badCsv, '--now', '2024-10-10T10:00:00+08:00');

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('结果：退回');
    // Header in row 1, then the indicators in catalogue order without the derived A04: B02 is in row 8; 本期值 is column D.
    expect(run.stdout).toMatch(/错误\s+indicators\.csv\s+D8\s+本期值\s+120/);
  });

  it('exits 1 for a partially accepted file and says the period is not yet reported', async () => {
    const file = join(directory, '深圳 2024Q3 部分.xlsx');
    await writeFile(
      file,
      await workbook(
        {
          name: '核心指标',
          rows: [
            ['指标代码', '指标名称', '单位', '本期值'],
            ['B01', '专利申请量', '件', -5],
          ],
        },
        {
          name: '重点企业',
          rows: [
            ['企业名称', '统一社会信用代码'],
            ['甲公司', '91440300MA5G0L7Y3A'],
          ],
        },
        { name: '备忘', rows: [['随手记']] },
      ),
    );

    const run = await validateFor440300Q3(file, '--now', '2024-10-10T10:00:00+08:00');

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('结果：部分通过（错误 1 个');
    expect(run.stdout).toContain('核心指标被退回，2024Q3 尚不计为本市已报送');
    expect(run.stdout).toMatch(/备忘\s+已忽略：名称和表头都不是模板中的数据表/);
  });

  it('prints exactly the validation report as JSON with --json', async () => {
    const run = await validateFor440300Q3(badCsv, '--json', '--now', '2024-10-10T10:00:00+08:00');

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report).toMatchObject({
      city: '440300',
      period: '2024Q3',
      file: 'indicators.csv',
      status: 'rejected',
      counts: { errors: 1, warnings: 0 },
    });
    expect(report.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'INDICATOR_EXCEEDS', cell: 'D8', value: '120' }),
    ]);
  });

  it('takes the city and period from 基本信息 when they are not given', async () => {
    const run = await ipstats('validate', goodWorkbook, '--now', '2024-10-10T10:00:00+08:00');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('城市与报告期取自基本信息表：440300 2024Q3');
    expect(run.stdout).toContain('结果：通过');
  });

  it('takes the city and period from an upload path', async () => {
    const folder = join(directory, 'uploads', '330100', '2024Q3');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'indicators.csv'), coreCsv());

    const run = await ipstats(
      'validate',
      join(folder, 'indicators.csv'),
      '--json',
      '--now',
      '2024-10-10T10:00:00+08:00',
    );

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ city: '330100', period: '2024Q3', status: 'accepted' });
  });

  it('exits 2 naming what is missing when neither the options, the path nor the file tell', async () => {
    const run = await ipstats('validate', badCsv, '--period', '2024Q3');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('无法确定城市代码');
  });

  it('exits 2 for a malformed period', async () => {
    const run = await ipstats('validate', goodWorkbook, '--city', '440300', '--period', '2024Q5');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('报告期应为季度');
  });

  it('exits 2 when the file does not exist', async () => {
    const run = await validateFor440300Q3(join(directory, 'missing.xlsx'));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('找不到文件');
  });

  it('exits 2 for a registry file that is not a registry', async () => {
    const registry = join(directory, 'registry.json');
    await writeFile(registry, '{"code": "440300"}');

    const run = await validateFor440300Q3(goodWorkbook, '--registry', registry);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('城市名录应为 JSON 数组');
  });

  it('writes the annotated workbook where --annotated says and announces it', async () => {
    const annotated = join(directory, '标注.xlsx');

    const run = await validateFor440300Q3(
      badCsv,
      '--annotated',
      annotated,
      '--now',
      '2024-10-10T10:00:00+08:00',
    );

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`标注后的工作簿：${annotated}`);
    expect((await stat(annotated)).size).toBeGreaterThan(0);
  });

  it('exits 2 in Chinese, before reading the file, when the --annotated folder does not exist', async () => {
    const annotated = join(directory, 'no-such-folder', '标注.xlsx');

    const run = await validateFor440300Q3(badCsv, '--annotated', annotated);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('文件夹');
    expect(run.stderr).toContain('不存在');
    expect(run.stderr).not.toContain('ENOENT');
  });

  describe("--previous: the checks against the city's previous quarter", () => {
    it('warns that a stock fell and that a value jumped, against the file of the quarter before', async () => {
      const previous = join(directory, '深圳 2024Q2.xlsx');
      const current = join(directory, '深圳 2024Q3 对比.xlsx');
      await writeFile(previous, await coreWorkbook('440300', '2024Q2'));
      // A01 is a stock (累计值): 100 → 90 fell; B01 100 → 1,500 is over ten times the quarter before.
      await writeFile(current, await coreWorkbook('440300', '2024Q3', { A01: 90, B01: 1500, B02: 150 }));

      const without = await validateFor440300Q3(current, '--now', '2024-10-10T10:00:00+08:00', '--json');
      const compared = await validateFor440300Q3(
        current,
        '--now',
        '2024-10-10T10:00:00+08:00',
        '--previous',
        previous,
        '--json',
      );

      const codes = (run: { stdout: string }) =>
        (JSON.parse(run.stdout) as ValidationReport).issues.map(
          (issue) => `${issue.code} ${issue.cell ?? ''}`,
        );
      expect(without.code, without.stderr).toBe(0);
      expect(codes(without).filter((code) => /STOCK_DECREASED|VALUE_OUTLIER/.test(code))).toEqual([]);
      expect(compared.code, compared.stderr).toBe(0);
      expect(codes(compared)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^STOCK_DECREASED D\d+$/),
          expect.stringMatching(/^VALUE_OUTLIER D\d+$/),
        ]),
      );
      const stockFell = (JSON.parse(compared.stdout) as ValidationReport).issues.find(
        (issue) => issue.code === 'STOCK_DECREASED',
      );
      expect(stockFell?.message).toBe(
        '产业知识产权联盟数（A01）为累计值，本期 90 低于上一季度（2024Q2）的 100，请核对',
      );
    });

    it('exits 2 when the previous file is of another quarter or city, naming both', async () => {
      const wrongQuarter = join(directory, '深圳 2024Q1.xlsx');
      await writeFile(wrongQuarter, await coreWorkbook('440300', '2024Q1'));

      const run = await validateFor440300Q3(goodWorkbook, '--previous', wrongQuarter);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '--previous 的文件 深圳 2024Q1.xlsx 是 440300 2024Q1 的数据，应为 440300 的上一季度 2024Q2',
      );
    });

    it('exits 2 when the previous file itself is rejected, or missing', async () => {
      const rejected = join(directory, '深圳 2024Q2 退回.xlsx');
      await writeFile(rejected, await coreWorkbook('440300', '2024Q2', { B01: 80, B02: 120 }));

      const run = await validateFor440300Q3(goodWorkbook, '--previous', rejected);
      const missing = await validateFor440300Q3(goodWorkbook, '--previous', join(directory, 'nope.xlsx'));

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '校验结果为“退回”，其核心指标未通过校验，不能作为上一季度（2024Q2）的数据',
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('找不到 --previous 的文件');
    });
  });
});
