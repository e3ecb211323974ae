/**
 * The assessment use case through the ports: current data and validation reports in, the workbook
 * and JSON (with the same numbers) and the index entries out; `config/assessment.json` read from
 * the bucket.
 */
import { describe, expect, it } from 'vitest';
import {
  assessBatch,
  assessmentsFor,
  latestAssessableYear,
  loadAssessmentConfig,
  yearsDueAt,
} from '#shared/assessment/assessBatch.ts';
import type { AssessmentJson } from '#shared/assessment/assessmentJson.ts';
import { AssessmentConfigError, DEFAULT_ASSESSMENT_CONFIG } from '#shared/assessment/config.ts';
import { AssessmentRequestError } from '#shared/assessment/errors.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { reportKeys, resultKeys } from '#shared/domain/uploadKey.ts';
import { readIndex } from '#shared/reports/publish.ts';
import { columnOf, readWorkbook, sheet } from '../reports/workbookReader.ts';
import { MemoryObjectStore } from '../support/memoryObjectStore.ts';
import { MemorySubmissionStore } from '../support/memorySubmissionStore.ts';
import { aBatchCity, aWarning, quartersFrom } from './builders.ts';

const BASELINE = { year: 2021, values: { C04: 1000, D01: 1000, D02: 100, D04: 1000 } };
const TABLE = `
季度    C04  D01    D02  D04    A02 A03 C01 C02  E01   E02   E04
2023Q1  360  422.5  42   422.5  3   20  70  700  14000 5000  8
2023Q2  360  422.5  42   422.5  3   22  80  800  14000 8000  8
2023Q3  360  422.5  42   422.5  4   25  90  900  14000 11000 8
2023Q4  360  422.5  43   422.5  4   30  100 1000 14000 7000  8
`;
const registry = [
  aBatchCity('110100', '甲市', { baseline: BASELINE }),
  aBatchCity('120100', '乙市'),
  aBatchCity('130100', '丙市', { batchYear: 2023 }),
];

async function bucketWithData(config?: unknown) {
  const objects = new MemoryObjectStore();
  const submissions = new MemorySubmissionStore();
  const details = {
    '2023Q4': { agencies: { qualifying: 5, revenue: 1050, lastYear: 1000 }, portfolios: 20 },
  };
  for (const sheet of quartersFrom('110100', TABLE, details)) await submissions.switchCurrent(sheet);
  const report = { issues: [aWarning('VALUE_OUTLIER', '核心指标')], counts: { errors: 0, warnings: 1 } };
  await objects.put(
    resultKeys.report('110100', '2023Q4', '2023Q4-110100'),
    JSON.stringify(report),
    'application/json',
  );
  if (config !== undefined)
    await objects.put('config/assessment.json', JSON.stringify(config), 'application/json');
  return { objects, submissions };
}

async function text(objects: MemoryObjectStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await objects.get(key)).body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function collect(objects: MemoryObjectStore, key: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await objects.get(key)).body) chunks.push(chunk as Buffer);
  return chunks;
}

const now = () => new Date('2024-01-20T02:00:00.000Z');

describe('assessBatch', () => {
  it('publishes the workbook and JSON under reports/assessments/{batch}/{year}/ and lists both in the index as assessments', async () => {
    const { objects, submissions } = await bucketWithData();

    const summary = await assessBatch(2022, 2023, {
      objects,
      current: submissions,
      registry,
      deadlineDays: 15,
      now,
    });

    expect(summary.reports.map((report) => report.key)).toEqual([
      'reports/assessments/2022/2023/assessment-2022-2023.xlsx',
      'reports/assessments/2022/2023/assessment-2022-2023.json',
    ]);
    const index = await readIndex(objects);
    expect(index.reports.filter((report) => report.kind === 'assessment')).toEqual([
      expect.objectContaining({
        key: reportKeys.assessment(2022, 2023, 'json'),
        scope: 'assessment',
        batch: 2022,
        period: '2023',
        format: 'json',
      }),
      expect.objectContaining({
        key: reportKeys.assessment(2022, 2023, 'xlsx'),
        scope: 'assessment',
        batch: 2022,
        period: '2023',
        format: 'xlsx',
      }),
    ]);
  });

  it('writes the JSON of the spec: per city k, n, each target, agency growth, fund execution, score, grade, rank, funds and quarters', async () => {
    const { objects, submissions } = await bucketWithData();
    await assessBatch(2022, 2023, { objects, current: submissions, registry, deadlineDays: 15, now });

    const json = JSON.parse(await text(objects, reportKeys.assessment(2022, 2023, 'json'))) as AssessmentJson;

    expect(json).toMatchObject({
      batch: 2022,
      year: 2023,
      generatedAt: '2024-01-20T02:00:00.000Z',
      method: { source: 'default', weights: { A02: 10, D01: 7.5 } },
    });
    expect(json.cities.map((city) => city.code)).toEqual(['110100', '120100']);
    const city = json.cities[0];
    // A02: 4 / (10 × 8/12) = 60; E02 / E01 = 50 %; agency growth 5 % < E04 8 % → 0; the rest 100.
    // Total (10 × 60 + 50 × 100 + 30 × 100 + 5 × 0 + 5 × 50) / 100 = 88.5.
    expect(city).toMatchObject({
      k: 8,
      n: 12,
      targets: {
        A02: { value: 4, target: 10, expected: 6.67, completion: 40, score: 60 },
        D01: { baseYear: 2021, baseValue: 1000, value: 1690, cagr: 30, target: 30, score: 100 },
      },
      agencyGrowth: { value: 5, localAverage: 8, score: 0 },
      fundExecution: { rate: 50, score: 50 },
      score: 88.5,
      grade: '良好',
      rank: 1,
      recommendation: '建议拨付剩余资金',
      fundsToRelease: 6000,
      missingQuarters: [],
      lateQuarters: [],
      unexplainedWarnings: 1,
    });
    // 乙市 reported nothing and has no baseline: its base would be 2022, the first programme year.
    expect(json.cities[1]).toMatchObject({
      score: null,
      rank: null,
      missingQuarters: ['2022Q1', '2022Q2', '2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4'],
    });
  });

  it('writes the same numbers into the workbook as into the JSON', async () => {
    const { objects, submissions } = await bucketWithData();
    await assessBatch(2022, 2023, { objects, current: submissions, registry, deadlineDays: 15, now });
    const json = JSON.parse(await text(objects, reportKeys.assessment(2022, 2023, 'json'))) as AssessmentJson;

    const workbook = await readWorkbook(
      Buffer.concat(await collect(objects, reportKeys.assessment(2022, 2023, 'xlsx'))),
    );

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([
      '评价结果',
      '分项得分',
      '数据完整性',
      '说明',
    ]);
    const results = sheet(workbook, '评价结果');
    const row = results.getRow(4);
    expect(row.getCell(columnOf(results, 3, '城市代码')).value).toBe('110100');
    expect(row.getCell(columnOf(results, 3, '总分')).value).toBe(json.cities[0]?.score);
    expect(row.getCell(columnOf(results, 3, '等级')).value).toBe(json.cities[0]?.grade);
    expect(row.getCell(columnOf(results, 3, '排名')).value).toBe(json.cities[0]?.rank);
    expect(row.getCell(columnOf(results, 3, '待拨付资金（万元）')).value).toBe(
      json.cities[0]?.fundsToRelease,
    );

    const scores = sheet(workbook, '分项得分');
    const targetColumn = columnOf(scores, 3, '目标');
    const scoreColumn = columnOf(scores, 3, '得分');
    const cagrColumn = columnOf(scores, 3, '年均增幅 / 执行率（%）');
    const byTarget = new Map<string, { score: unknown; cagr: unknown }>();
    scores.eachRow((candidate, number) => {
      if (number > 3 && candidate.getCell(1).value === '110100')
        byTarget.set(String(candidate.getCell(targetColumn).value), {
          score: candidate.getCell(scoreColumn).value ?? null,
          cagr: candidate.getCell(cagrColumn).value ?? null,
        });
    });
    for (const [code, target] of Object.entries(json.cities[0]?.targets ?? {})) {
      expect(byTarget.get(code)?.score).toBe(target.score);
      if ('cagr' in target) expect(byTarget.get(code)?.cagr).toBe(target.cagr);
    }
    expect(byTarget.get('资金执行率')).toEqual({ score: 50, cagr: 50 });
  });

  it('uses the weights and grade bands of config/assessment.json and prints them in 说明', async () => {
    const { objects, submissions } = await bucketWithData({
      weights: { A02: 40 },
      grades: { 良好: 90, 优秀: 95 },
    });
    await assessBatch(2022, 2023, { objects, current: submissions, registry, deadlineDays: 15, now });

    const json = JSON.parse(await text(objects, reportKeys.assessment(2022, 2023, 'json'))) as AssessmentJson;
    // (40 × 60 + 50 × 100 + 30 × 100 + 5 × 0 + 5 × 50) / 130 = 10650 / 130 = 81.92: 合格 under these bands.
    expect(json.cities[0]).toMatchObject({ score: 81.92, grade: '合格' });
    expect(json.method).toMatchObject({
      source: 'bucket',
      weights: { A02: 40 },
      grades: { 优秀: 95, 良好: 90, 合格: 60 },
    });
    const workbook = await readWorkbook(
      Buffer.concat(await collect(objects, reportKeys.assessment(2022, 2023, 'xlsx'))),
    );
    const notes: string[] = [];
    sheet(workbook, '说明').eachRow((row) =>
      notes.push(row.values ? String((row.values as unknown[]).slice(1).join(' ')) : ''),
    );
    expect(notes.some((line) => line.includes('来自配置 config/assessment.json'))).toBe(true);
    expect(notes.some((line) => line.startsWith('A02 40'))).toBe(true);
  });

  it('refuses a batch the registry does not have, or a year before the batch, in Chinese', async () => {
    const { objects, submissions } = await bucketWithData();
    const deps = { objects, current: submissions, registry, deadlineDays: 15, now };

    await expect(assessBatch(2030, 2031, deps)).rejects.toThrow(
      new AssessmentRequestError('城市名录中没有 2030 年度批次的城市'),
    );
    await expect(assessBatch(2022, 2021, deps)).rejects.toThrow(
      /评价年度 2021 应为不早于批次年度 2022 的年份/,
    );
  });
});

describe('config/assessment.json', () => {
  it('is the spec’s defaults when absent', async () => {
    expect(await loadAssessmentConfig(new MemoryObjectStore())).toEqual(DEFAULT_ASSESSMENT_CONFIG);
    expect(Object.values(DEFAULT_ASSESSMENT_CONFIG.weights).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it.each([
    ['not JSON', '{', /不是有效的 JSON/],
    ['an unknown target', '{"weights":{"B01":5}}', /weights\.B01 不是评价目标/],
    ['a negative weight', '{"weights":{"A02":-1}}', /weights\.A02 应为非负数/],
    [
      'every weight zero',
      JSON.stringify({
        weights: Object.fromEntries(Object.keys(DEFAULT_ASSESSMENT_CONFIG.weights).map((key) => [key, 0])),
      }),
      /全部为 0/,
    ],
    ['an unknown grade', '{"grades":{"及格":60}}', /grades\.及格 不是等级/],
    ['bands out of order', '{"grades":{"良好":95}}', /优秀 > 良好 > 合格/],
    ['an unknown field', '{"weight":{}}', /未知字段 weight/],
  ])('stops with a Chinese error naming the field for %s', async (_case, body, message) => {
    const objects = new MemoryObjectStore();
    await objects.put('config/assessment.json', body, 'application/json');

    const loading = loadAssessmentConfig(objects);

    await expect(loading).rejects.toBeInstanceOf(AssessmentConfigError);
    await expect(loadAssessmentConfig(objects)).rejects.toThrow(message);
  });
});

describe('which assessments a run publishes', () => {
  it('defaults to the latest year whose four quarters are past their deadline', () => {
    expect(latestAssessableYear(new Date('2024-01-15T15:00:00Z'))).toBe(2022);
    expect(latestAssessableYear(new Date('2024-01-16T01:00:00Z'))).toBe(2023);
    expect(latestAssessableYear(new Date('2024-10-20T00:00:00Z'))).toBe(2023);
  });

  it('assesses every batch whose programme covers the year', () => {
    // The default registry: batches 2022 (2022Q1–2024Q4) and 2023 (2023Q1–2025Q4).
    expect(assessmentsFor(DEFAULT_REGISTRY, [2022])).toEqual([{ batch: 2022, year: 2022 }]);
    expect(assessmentsFor(DEFAULT_REGISTRY, [2023, 2025])).toEqual([
      { batch: 2022, year: 2023 },
      { batch: 2023, year: 2023 },
      { batch: 2023, year: 2025 },
    ]);
  });

  it('keeps, of the years of the data, those whose Q4 deadline has passed', () => {
    expect(yearsDueAt([2024, 2023], new Date('2024-10-20T00:00:00Z'))).toEqual([2023]);
  });
});
