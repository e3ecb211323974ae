import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { type CliRun, ipstats } from './support/cli.ts';
import { coreCsv } from './support/uploadFiles.ts';

/**
 * More uploads than one S3 listing page holds (1,000): the 12 cities of the registry send 85 files
 * each for one quarter, all before its deadline (on time, so no annotated copies: the test is about
 * the number of uploads, and one quarter keeps the roll-up small).
 */
const UPLOADS = 1_020;
const QUARTERS = ['2024Q3'];
const FIRST_UPLOAD = Date.parse('2024-10-02T01:00:00Z');

interface PlannedUpload {
  city: string;
  period: string;
  path: string;
  /** D01 of the file; a rejected file has none. */
  d01?: number;
  uploadedAt: Date;
}

/**
 * Every 100th file is a CSV whose D01 is not a number (rejected); the others are core-indicator
 * CSVs with a D01 that tells them apart. Files of one city and period are numbered in upload order.
 */
function plannedUploads(): PlannedUpload[] {
  return Array.from({ length: UPLOADS }, (_, index) => {
    const city = DEFAULT_REGISTRY[index % DEFAULT_REGISTRY.length]?.code ?? '440300';
    const period = QUARTERS[index % QUARTERS.length] ?? '2024Q3';
    const rejected = index % 100 === 42;
    return {
      city,
      period,
      path: `${city}/${period}/${String(index).padStart(4, '0')}-indicators.csv`,
      ...(rejected ? {} : { d01: 1000 + index }),
      uploadedAt: new Date(FIRST_UPLOAD + index * 60_000),
    };
  });
}

describe('ipstats run on a folder of more than 1,000 uploads', () => {
  let root: string;
  let out: string;
  let run: CliRun;
  const planned = plannedUploads();

  beforeAll(async () => {
    // Prepare
    root = await mkdtemp(join(tmpdir(), 'ipstats-many-'));
    out = join(root, 'out');
    for (const upload of planned) {
      const file = join(root, 'uploads', ...upload.path.split('/'));
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(
        file,
        upload.d01 === undefined ? Buffer.from('指标代码,数值\nD01,很多\n') : coreCsv({ D01: upload.d01 }),
      );
      await utimes(file, upload.uploadedAt, upload.uploadedAt);
    }

    // Act
    run = await ipstats(
      'run',
      '--uploads',
      join(root, 'uploads'),
      '--out',
      out,
      '--now',
      '2024-11-01T00:00:00Z',
    );
  }, 600_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 and counts every upload in its summary', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`上传 ${UPLOADS} 个文件`);
  });

  it('writes a validation report for every upload, each naming its own file', async () => {
    const reports: ValidationReport[] = [];
    for (const folder of new Set(planned.map((upload) => `${upload.city}/${upload.period}`))) {
      const directory = join(out, 'results', ...folder.split('/'));
      for (const name of (await readdir(directory)).filter((file) => file.endsWith('.json')))
        reports.push(JSON.parse(await readFile(join(directory, name), 'utf8')) as ValidationReport);
    }

    const fileName = (upload: PlannedUpload) => upload.path.split('/').pop();
    expect(reports.map((report) => report.file).sort()).toEqual(planned.map(fileName).sort());
    const rejected = reports.filter((report) => report.status === 'rejected').map((report) => report.file);
    expect(rejected.sort()).toEqual(planned.filter((upload) => upload.d01 === undefined).map(fileName));
  });

  it('rolls up the last accepted upload of each city, for every quarter', async () => {
    for (const period of QUARTERS) {
      const national = JSON.parse(
        await readFile(join(out, 'reports', 'national', period, `national-summary-${period}.json`), 'utf8'),
      ) as {
        cities: Array<{ code: string; indicators: Record<string, { value: number | null }> }>;
      };

      const lastOf = (city: string) =>
        planned.filter((upload) => upload.city === city && upload.period === period && upload.d01).at(-1)
          ?.d01;
      const byCode = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
      expect(
        national.cities
          .map((entry): [string, unknown] => [entry.code, entry.indicators.D01?.value])
          .sort(byCode),
      ).toEqual(
        DEFAULT_REGISTRY.map((city): [string, unknown] => [city.code, lastOf(city.code)]).sort(byCode),
      );
    }
  });
});
