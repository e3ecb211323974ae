/**
 * A city checks a file with `ipstats validate` before uploading it; the ingest function must then
 * judge the same file the same way. Every fixture goes through both paths — `validateFile` and
 * the real ingest handler behind the embedded stack — and the reports must match issue by issue.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFile } from '#cli/validateFile.ts';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import type { EnterpriseRecord } from '#shared/domain/records.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { PeriodLock } from '#shared/domain/submission.ts';
import { completeUscc } from '#shared/domain/uscc.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { ALL_CITIES } from '#shared/ingest/locks.ts';
import { coreRecords, infoFor } from '../cli/support/uploadFiles.ts';
import { PRODUCER_FIXTURES } from '../fixtures/producers/corpus.ts';
import { statisticalSheet, workbook, zipOf } from '../parsing/builders.ts';

const CITY = '440300';
const PERIOD = '2024Q3';
const ON_TIME = new Date('2024-10-09T02:00:00Z');
const LATE = new Date('2024-10-18T02:00:00Z');

function enterprise(index: number, overrides: Partial<EnterpriseRecord> = {}): EnterpriseRecord {
  return {
    name: `深圳示例科技有限公司${index}`,
    uscc: completeUscc(`91440300MA5F${String(index).padStart(5, '0')}`),
    size: '中型',
    validInventionPatents: 10 + index,
    pctApplications: index % 3,
    certified: index % 2 === 0,
    ...overrides,
  };
}

interface Fixture {
  name: string;
  fileName: string;
  body: () => Promise<Buffer> | Buffer;
  receivedAt?: Date;
  /** The city and quarter of the upload (its key; `--city` / `--period`): 440300 and 2024Q3 unless set. */
  city?: string;
  period?: string;
  /** The quarter is locked (for all cities) before the upload. */
  locked?: boolean;
  /** `ipstats validate` is not told the city and period: it takes them from the workbook's 基本信息. */
  targetFromInfo?: boolean;
  /** What the fixture is built to get, so that a fixture that stops testing anything shows. */
  expected: ValidationReport['status'];
  /** Issue codes it must raise. */
  codes: string[];
  /** Sheets it must list as ignored. */
  ignored?: string[];
}

const fixtures: Fixture[] = [
  {
    name: 'a clean workbook',
    expected: 'accepted',
    codes: [],
    fileName: '深圳 2024Q3.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor(CITY, PERIOD), core: coreRecords() }),
  },
  {
    name: 'the same workbook uploaded late',
    expected: 'accepted_with_warnings',
    codes: ['LATE_UPLOAD'],
    fileName: '深圳 2024Q3 迟报.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor(CITY, PERIOD), core: coreRecords({ B01: 120 }) }),
    receivedAt: LATE,
  },
  {
    name: 'a workbook whose city and quarter validate takes from its 基本信息',
    expected: 'accepted',
    codes: [],
    targetFromInfo: true,
    fileName: '深圳 2024Q3 基本信息.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor(CITY, PERIOD), core: coreRecords({ A01: 9 }) }),
  },
  {
    name: 'a workbook for a city outside the registry (--city 999999): every problem of the file, not only the city',
    expected: 'rejected',
    codes: ['CITY_UNKNOWN', 'INFO_CITY_MISMATCH'],
    city: '999999',
    fileName: '未知城市 2024Q3.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor(CITY, PERIOD), core: coreRecords() }),
  },
  {
    name: 'a workbook with a cross-field error for a locked quarter',
    expected: 'rejected',
    codes: ['PERIOD_LOCKED', 'INDICATOR_EXCEEDS'],
    period: '2024Q2',
    locked: true,
    fileName: '深圳 2024Q2 锁定.xlsx',
    body: () =>
      writeUploadWorkbook({ info: infoFor(CITY, '2024Q2'), core: coreRecords({ B01: 80, B02: 120 }) }),
  },
  {
    name: 'a workbook for a quarter that has not started',
    expected: 'rejected',
    codes: ['PERIOD_FUTURE'],
    period: '2025Q1',
    fileName: '深圳 2025Q1.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor(CITY, '2025Q1'), core: coreRecords() }),
  },
  {
    name: 'a cross-field error (发明专利申请量 above 专利申请量) in a GB18030 CSV',
    expected: 'rejected',
    codes: ['INDICATOR_EXCEEDS'],
    fileName: 'indicators.csv',
    body: () => writeUploadCsv('core', coreRecords({ B01: 80, B02: 120 }), { encoding: 'gb18030' }),
  },
  {
    name: 'a wrong credit-code check digit and a duplicate row in the enterprises sheet',
    expected: 'rejected',
    codes: ['USCC_CHECKSUM', 'DUPLICATE_USCC'],
    fileName: '重点企业.xlsx',
    body: () => {
      const wrong = enterprise(2);
      const broken = { ...wrong, uscc: `${wrong.uscc.slice(0, 17)}${wrong.uscc.endsWith('0') ? '1' : '0'}` };
      return writeUploadWorkbook({ enterprises: [enterprise(1), broken, enterprise(3), enterprise(3)] });
    },
  },
  {
    name: '基本信息 naming another city',
    expected: 'rejected',
    codes: ['INFO_CITY_MISMATCH'],
    fileName: '杭州误报.xlsx',
    body: () => writeUploadWorkbook({ info: infoFor('330100', PERIOD), core: coreRecords() }),
  },
  {
    name: 'a semicolon CSV with a title row, full-width digits and units in cells',
    expected: 'rejected',
    codes: ['NUMBER_NEGATIVE'],
    fileName: 'enterprises.csv',
    body: () =>
      iconv.encode(
        [
          '深圳市2024年第三季度重点企业统计表;;;',
          '企业名称*;统一社会信用代码*;有效发明专利量（件）;知识产权质押融资金额（元）',
          `甲公司;${enterprise(1).uscc};１２;"1,200,000元"`,
          `乙公司;${enterprise(2).uscc};3家;-5`,
        ].join('\r\n'),
        'gbk',
      ),
  },
  {
    name: 'a workbook with a two-row header, a 计量单位 row in 元 and a 栏次 row',
    expected: 'accepted',
    codes: [],
    fileName: '重点企业-统计报表.xlsx',
    body: () =>
      workbook(
        statisticalSheet({
          name: '重点企业',
          titles: [['深圳市2024年第三季度重点企业统计表']],
          header: [
            '企业名称',
            '统一社会信用代码',
            { group: '知识产权情况', children: ['有效发明专利量', 'PCT申请量'] },
            { group: '金融服务', children: ['知识产权质押融资金额'] },
          ],
          below: [
            ['计量单位', '—', '件', '件', '元'],
            ['甲', '乙', 1, 2, 3],
          ],
          data: [
            ['甲公司', enterprise(1).uscc, 12, 1, 1_200_000],
            ['乙公司', enterprise(2).uscc, 30, 0, 0],
          ],
        }),
      ),
  },
  {
    name: 'the same layout as a GBK CSV whose unit row leaves a money column blank beside 元',
    expected: 'rejected',
    codes: ['COLUMN_UNIT_INVALID'],
    fileName: 'enterprises.csv',
    body: () =>
      iconv.encode(
        [
          '企业名称,统一社会信用代码,知识产权质押融资金额,知识产权保险保障金额',
          '计量单位,—,元,',
          `甲公司,${enterprise(1).uscc},1200000,500000`,
        ].join('\r\n'),
        'gbk',
      ),
  },
  {
    name: 'a rejected 核心指标 beside an accepted 重点企业 (partially accepted, not yet reported)',
    expected: 'partially_accepted',
    codes: ['NUMBER_NEGATIVE', 'NUMBER_INVALID'],
    ignored: ['填报说明', '辅助'],
    fileName: '深圳 2024Q3 核心指标有误.xlsx',
    body: () =>
      workbook(
        {
          name: '核心指标',
          rows: [
            ['指标代码', '指标名称', '单位', '本期值', '备注'],
            ['B01', '专利申请量', '件', -5, null],
            ['B02', '发明专利申请量', '件', '约三件', null],
          ],
        },
        {
          name: '重点企业',
          rows: [
            ['企业名称', '统一社会信用代码', '企业规模'],
            [enterprise(1).name, enterprise(1).uscc, '中型'],
          ],
        },
        { name: '填报说明', rows: [['请按模板填写']] },
        { name: '辅助', rows: [['下拉']], state: 'hidden' },
      ),
  },
  {
    name: 'a 核心指标 whose 本期值 header was renamed and a 重点企业 without its credit-code header',
    expected: 'rejected',
    codes: ['COLUMN_MISSING'],
    fileName: '深圳 2024Q3 表头改名.xlsx',
    body: () =>
      workbook(
        {
          name: '核心指标',
          rows: [
            ['指标代码', '指标名称', '单位', '本季度数值'],
            ['B01', '专利申请量', '件', 5],
          ],
        },
        {
          name: '重点企业',
          rows: [
            ['企业名称', '信用编号', '企业规模'],
            [enterprise(1).name, enterprise(1).uscc, '中型'],
          ],
        },
      ),
  },
  {
    name: 'an empty file',
    expected: 'rejected',
    codes: ['FILE_EMPTY'],
    fileName: 'empty.xlsx',
    body: () => Buffer.alloc(0),
  },
  {
    name: 'a truncated workbook',
    expected: 'rejected',
    codes: ['FILE_CORRUPT'],
    fileName: 'truncated.xlsx',
    body: async () => (await writeUploadWorkbook({ core: coreRecords() })).subarray(0, 900),
  },
  {
    name: 'an OpenDocument spreadsheet saved as .xlsx',
    expected: 'rejected',
    codes: ['FILE_UNREADABLE'],
    fileName: '深圳 2024Q3 LibreOffice.xlsx',
    body: () =>
      zipOf([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
        { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      ]),
  },
  {
    name: 'a file that is not a spreadsheet',
    expected: 'rejected',
    codes: ['FILE_UNREADABLE'],
    fileName: 'photo.xlsx',
    body: () =>
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  },
  // Every file of the producer corpus (rows without r, sheets without r:id, .xlsb, .xls, …).
  ...PRODUCER_FIXTURES.map(
    (producer, i): Fixture => ({
      name: `${producer.name} (${producer.producer})`,
      expected: producer.status,
      codes: producer.issues.map((issue) => issue.code),
      ...(producer.ignored ? { ignored: producer.ignored.map((sheet) => sheet.name) } : {}),
      fileName: `${i}-${producer.fileName}`,
      body: producer.bytes,
    }),
  ),
];

/** What both paths must agree on: the verdict and every issue, located. */
function verdict(report: ValidationReport) {
  return {
    status: report.status,
    sheets: report.sheets.map(({ kind, name, status, rows }) => ({ kind, name, status, rows })),
    ignoredSheets: report.ignoredSheets,
    headline: report.headline,
    counts: report.counts,
    issues: report.issues.map(({ severity, code, sheet, row, column, cell, value, message }) => ({
      severity,
      code,
      sheet,
      row,
      column,
      cell,
      value,
      message,
    })),
  };
}

describe('ipstats validate and the ingest function', () => {
  let stack: EmbeddedStack;
  let directory: string;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    directory = await mkdtemp(join(tmpdir(), 'ipstats-agree-'));
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it.each(fixtures)('judge $name the same way', async (fixture) => {
    // Prepare
    const body = await fixture.body();
    const receivedAt = fixture.receivedAt ?? ON_TIME;
    const { city = CITY, period = PERIOD } = fixture;
    const path = join(directory, fixture.fileName);
    await writeFile(path, body);
    const locks: PeriodLock[] = fixture.locked
      ? [{ period, city: ALL_CITIES, lockedAt: '2024-07-20T02:00:00.000Z', lockedBy: 'analyst' }]
      : [];
    for (const lock of locks) await stack.locks.putLock(lock);

    // Act
    const offline = await validateFile(path, {
      ...(fixture.targetFromInfo ? {} : { city, period }),
      registry: DEFAULT_REGISTRY,
      receivedAt,
      deadlineDays: 15,
      locks,
      annotate: false,
    });
    const ingested = await stack.upload(`uploads/${city}/${period}/${fixture.fileName}`, body, {
      eventTime: receivedAt,
    });
    const uploadId = ingested.uploads[0]?.uploadId ?? '';
    const stored = await stack.objects.get(`results/${city}/${period}/${uploadId}.json`);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    const online = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ValidationReport;

    // Assess
    expect(verdict(online)).toEqual(verdict(offline.report));
    expect([online.city, online.period]).toEqual([offline.report.city, offline.report.period]);
    if (online.status === 'rejected')
      expect(
        await stack.current.listCurrent(city).then((sheets) => sheets.filter((s) => s.uploadId === uploadId)),
      ).toEqual([]);
    expect(online.status).toBe(fixture.expected);
    expect(online.issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(fixture.codes));
    if (fixture.ignored) expect(online.ignoredSheets?.map((sheet) => sheet.name)).toEqual(fixture.ignored);
  });
});
