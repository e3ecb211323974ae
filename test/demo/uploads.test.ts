import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoUpload, generateDemoDataset, generateDemoUploads } from '#demo/index.ts';
import { parseQuarter, quarterDeadline, quarterEnd } from '#shared/domain/period.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { usccProblem } from '#shared/domain/uscc.ts';

const isXlsx = (upload: DemoUpload) =>
  upload.body.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'));
const isUtf8 = (body: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
};
const csvRows = (upload: DemoUpload, encoding = 'utf8') =>
  Papa.parse<string[]>(iconv.decode(upload.body, encoding).replace(/^\uFEFF/, ''), { skipEmptyLines: true })
    .data;

async function coreValue(upload: DemoUpload, code: string): Promise<unknown> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(upload.body as unknown as ExcelJS.Buffer);
  let found: unknown;
  workbook.getWorksheet('核心指标')!.eachRow((row) => {
    if (row.getCell(1).value === code) found = row.getCell(4).value;
  });
  return found;
}

/** Hours and minutes of an instant in China time. */
const chinaClock = (at: Date) => {
  const china = new Date(at.getTime() + 8 * 3_600_000);
  return { minutes: china.getUTCHours() * 60 + china.getUTCMinutes(), weekday: china.getUTCDay() };
};

let uploads: DemoUpload[];
const scenarioUploads = (id: string) => uploads.filter((u) => u.scenario === id);

beforeAll(async () => {
  uploads = await generateDemoUploads();
});

describe('demo uploads', () => {
  it('gives the same bytes and times for the same seed, and different data for another seed', async () => {
    const again = await generateDemoUploads();
    const other = await generateDemoUploads({ seed: 7 });

    expect(again.map((u) => [u.city, u.period, u.fileName, u.uploadedAt.toISOString()])).toEqual(
      uploads.map((u) => [u.city, u.period, u.fileName, u.uploadedAt.toISOString()]),
    );
    for (const [i, upload] of again.entries())
      expect(upload.body.equals(uploads[i]!.body), upload.fileName).toBe(true);
    expect(other.map((u) => u.uploadedAt.toISOString())).not.toEqual(
      uploads.map((u) => u.uploadedAt.toISOString()),
    );
  });

  it('is ordered by upload time', () => {
    const times = uploads.map((u) => u.uploadedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('sends workbooks from some cities and one CSV per sheet from others', () => {
    const workbookCities = new Set(uploads.filter(isXlsx).map((u) => u.city));
    const csvCities = new Set(uploads.filter((u) => u.fileName.endsWith('.csv')).map((u) => u.city));
    const oneCsvPeriod = uploads.filter((u) => u.city === [...csvCities][0] && u.period === '2024Q1');

    expect(workbookCities.size).toBeGreaterThanOrEqual(5);
    expect(csvCities.size).toBeGreaterThanOrEqual(3);
    expect([...workbookCities].filter((c) => csvCities.has(c))).toEqual([]);
    expect(oneCsvPeriod.flatMap((u) => u.kinds).sort()).toEqual([
      'agencies',
      'cases',
      'core',
      'enterprises',
      'portfolios',
    ]);
  });

  it('sends CSV in GB18030, in UTF-8 with a BOM, and separated by semicolons', () => {
    const csv = uploads.filter((u) => u.fileName.endsWith('.csv'));
    const gb18030 = csv.filter((u) => !isUtf8(u.body));
    const withBom = csv.filter((u) => u.body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    const headerLine = (u: DemoUpload) => u.body.toString('utf8').split('\r\n')[0]!;
    const semicolons = csv.filter(
      (u) => isUtf8(u.body) && headerLine(u).split(';').length >= 5 && !headerLine(u).includes(','),
    );

    expect(gb18030.length).toBeGreaterThan(0);
    expect(iconv.decode(gb18030.find((u) => u.kinds[0] === 'enterprises')!.body, 'gb18030')).toContain(
      '统一社会信用代码',
    );
    expect(withBom.length).toBeGreaterThan(0);
    expect(semicolons.length).toBeGreaterThan(0);
  });

  it('rejects by design one enterprise CSV whose 7th row has a wrong credit-code check digit, then corrects it', () => {
    const [rejected, corrected] = scenarioUploads('rejected-credit-code');

    expect(uploads.filter((u) => u.expectedStatus === 'rejected')).toEqual([rejected]);
    const rows = csvRows(rejected!);
    const codeColumn = rows[0]!.indexOf('统一社会信用代码');
    expect(usccProblem(rows[6]![codeColumn]!)).toBe('checksum');
    expect(
      rows.filter((_, i) => i > 0 && i !== 6).every((row) => usccProblem(row[codeColumn]!) === undefined),
    ).toBe(true);
    expect(corrected!.city).toBe(rejected!.city);
    expect(corrected!.uploadedAt.getTime()).toBeGreaterThan(rejected!.uploadedAt.getTime());
    expect(
      csvRows(corrected!)
        .slice(1)
        .every((row) => usccProblem(row[codeColumn]!) === undefined),
    ).toBe(true);
  });

  it('re-uploads a workbook whose D01 was typed in 元, with the value in 万元', async () => {
    const [first, second] = scenarioUploads('reupload-correction');

    expect([first!.city, first!.period]).toEqual([second!.city, second!.period]);
    expect(second!.uploadedAt.getTime()).toBeGreaterThan(first!.uploadedAt.getTime());
    const wrong = Number(await coreValue(first!, 'D01'));
    const right = Number(await coreValue(second!, 'D01'));
    expect(wrong).toBeCloseTo(right * 10_000, 0);
    expect([first!.expectedStatus, second!.expectedStatus]).toEqual(['accepted_with_warnings', 'accepted']);
  });

  it('sends one enterprise CSV whose 合计 row differs from the sum of its rows', () => {
    const [upload] = scenarioUploads('total-row-mismatch');
    const rows = csvRows(upload!, 'gb18030');
    const header = rows.findIndex((row) => row.includes('统一社会信用代码'));
    const pledge = rows[header]!.indexOf('知识产权质押融资金额（万元）');
    const total = rows[rows.length - 1]!;
    const sum = rows.slice(header + 1, -1).reduce((s, row) => s + Number(row[pledge] || 0), 0);

    expect(total[0]).toBe('合计');
    expect(Math.abs(Number(total[pledge]) - sum)).toBeGreaterThan(1);
    expect(upload!.expectedStatus).toBe('accepted_with_warnings');
  });

  it('declares an A04 in one workbook that the agency sheet does not support', async () => {
    const [upload] = scenarioUploads('declared-mismatch');
    const dataset = generateDemoDataset();
    const report = dataset.reports.find((r) => r.city === upload!.city && r.period === upload!.period)!;
    const derived = report.content.agencies.filter(
      (a) => (a.revenueLastYear ?? 0) >= 1000 || a.revenueYtd >= 1000,
    ).length;

    expect(await coreValue(upload!, 'A04')).toBe(derived + 1);
  });

  it('sends exactly one city-period after its deadline, and everything else before', () => {
    const late = uploads.filter((u) => u.uploadedAt > quarterDeadline(parseQuarter(u.period)));

    expect(late.length).toBeGreaterThan(0);
    expect(new Set(late.map((u) => `${u.city}/${u.period}`)).size).toBe(1);
    expect(late.every((u) => u.scenario === 'late' && u.expectedStatus === 'accepted_with_warnings')).toBe(
      true,
    );
  });

  it('never sends anything for the silent city', () => {
    const silent = DEFAULT_REGISTRY[DEFAULT_REGISTRY.length - 1]!.code;
    expect(uploads.filter((u) => u.city === silent)).toEqual([]);
  });

  it('uploads on weekdays in China office hours, after the quarter has ended', () => {
    for (const upload of uploads) {
      const { minutes, weekday } = chinaClock(upload.uploadedAt);
      expect(upload.uploadedAt.getTime()).toBeGreaterThan(quarterEnd(parseQuarter(upload.period)).getTime());
      expect(minutes).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes).toBeLessThan(17 * 60 + 40);
      expect([1, 2, 3, 4, 5]).toContain(weekday);
    }
  });

  it('expects every other upload to be accepted without warnings', () => {
    const plain = uploads.filter((u) => u.scenario === undefined);
    expect(plain.length).toBeGreaterThan(100);
    expect(plain.every((u) => u.expectedStatus === 'accepted')).toBe(true);
  });
});
