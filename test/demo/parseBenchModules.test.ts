import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputFile } from '#bench/inputs.ts';
import type { ParseMode } from '#bench/parseBench.ts';
import { generateEnterpriseSheet } from '#demo/index.ts';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { runInFreshProcess } from '../support/freshProcess.ts';

interface Loaded {
  mode: ParseMode;
  format: 'csv' | 'xlsx';
  /** SheetJS (`xlsx`) in the module cache after the read. */
  sheetjs: boolean;
  /** exceljs' main entry (workbook, writers, CSV) in the module cache after the read. */
  fullExceljs: boolean;
}

/**
 * Runs the parse measurements one after the other in a fresh Node process (TypeScript through
 * tsx), as a benchmark child runs them, and tells after each which libraries are loaded
 * (CommonJS modules imported from ESM land in `require.cache`).
 */
function loadedAfter(runs: ReadonlyArray<{ mode: ParseMode; file: InputFile }>): Promise<Loaded[]> {
  const script = `
    import { createRequire } from 'node:module';
    const { runParse } = await import('#bench/parseBench.ts');
    const cache = createRequire(import.meta.url).cache;
    const loaded = (suffix) => Object.keys(cache).some((path) => path.endsWith(suffix));
    const results = [];
    for (const { mode, file } of ${JSON.stringify(runs)}) {
      await runParse({ mode, file, warmup: file, reads: 1 });
      results.push({
        mode, format: file.format,
        sheetjs: loaded('/node_modules/xlsx/xlsx.js'),
        fullExceljs: loaded('/node_modules/exceljs/excel.js'),
      });
    }
    process.stdout.write(JSON.stringify(results));
  `;
  return runInFreshProcess<Loaded[]>(script);
}

let folder: string;
let csv: InputFile;
let xlsx: InputFile;

async function input(
  path: string,
  content: Buffer,
  format: 'csv' | 'xlsx',
  rows: number,
): Promise<InputFile> {
  await writeFile(path, content);
  return {
    path,
    fileName: format === 'csv' ? 'enterprises.csv' : '重点企业.xlsx',
    format,
    encoding: 'utf8',
    rows,
    bytes: (await stat(path)).size,
  };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ipstats-parse-bench-'));
  const enterprises = generateEnterpriseSheet({ count: 30 });
  csv = await input(join(folder, 'enterprises.csv'), writeUploadCsv('enterprises', enterprises), 'csv', 30);
  xlsx = await input(
    join(folder, 'enterprises.xlsx'),
    await writeUploadWorkbook({ enterprises }),
    'xlsx',
    30,
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('parse benchmark child', () => {
  it('loads neither SheetJS nor the full exceljs for our reads and the bare ones, and each peer its own library', async () => {
    // Prepare: our reads, the bare readers and the CSV floor first; the peers last.
    const runs = [
      { mode: 'ours', file: csv },
      { mode: 'ours', file: xlsx },
      { mode: 'bare', file: csv },
      { mode: 'bare', file: xlsx },
      { mode: 'floor', file: csv },
      { mode: 'exceljsLoad', file: xlsx },
      { mode: 'sheetjs', file: xlsx },
    ] as const;

    // Act
    const loaded = await loadedAfter(runs);

    // Assess: a peer's library would inflate the heap (and the peak RSS) of every measurement after it.
    expect(loaded).toEqual([
      { mode: 'ours', format: 'csv', sheetjs: false, fullExceljs: false },
      { mode: 'ours', format: 'xlsx', sheetjs: false, fullExceljs: false },
      { mode: 'bare', format: 'csv', sheetjs: false, fullExceljs: false },
      { mode: 'bare', format: 'xlsx', sheetjs: false, fullExceljs: false },
      { mode: 'floor', format: 'csv', sheetjs: false, fullExceljs: false },
      { mode: 'exceljsLoad', format: 'xlsx', sheetjs: false, fullExceljs: true },
      { mode: 'sheetjs', format: 'xlsx', sheetjs: true, fullExceljs: true },
    ]);
  });
});
