/**
 * One parse measurement (run inside a child process): our reading and validation of a 重点企业
 * file, or the bare parser reading the same file and doing nothing per row.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { type ColumnDefinition, sheetDefinition } from '#shared/catalogue/sheets.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import { UploadValidation } from '#shared/validation/validateUpload.ts';
import type { InputFile } from './inputs.ts';
import { peakRssMb, startClock } from './stats.ts';

/**
 * Each mode loads only its own libraries, as the ingest function does: SheetJS (its code and
 * codepage tables) adds tens of MB of live heap, which V8 lets grow severalfold before a full
 * collection — loaded in every child, it doubled the peak RSS of our xlsx_100k read (255–268 MB
 * against 128–133 MB without it, same minutes). Ours and the bare reader load exceljs' streaming
 * reader alone; the full exceljs only its non-streaming peer.
 */
const loadWorkbookReader = async () => (await import('exceljs/lib/stream/xlsx/workbook-reader.js')).default;
const loadExcelJS = async () => (await import('exceljs')).default;
const loadSheetJS = () => import('xlsx');

/**
 * `ours`, the `bare` parser, the CSV `floor`, and two peers reading the same file to rows:
 * SheetJS (`xlsx` 0.18.5, the last release on npm; `XLSX.read` + `sheet_to_json`) and exceljs'
 * non-streaming reader (`workbook.xlsx.load` of the whole buffer, xlsx only).
 */
export type ParseMode = 'ours' | 'bare' | 'floor' | 'sheetjs' | 'exceljsLoad';

export interface ParseRunArgs {
  mode: ParseMode;
  file: InputFile;
  warmup: InputFile;
  /** Times the file is read one after the other: the first read, then the steady state. */
  reads: number;
}

export interface ReadTime {
  /** Wall-clock time of the read. */
  seconds: number;
  /** CPU time (user + system, all threads) of the read. */
  cpuSeconds: number;
}

export interface ParseRunResult {
  /** One per read, in order. */
  reads: ReadTime[];
  rows: number;
  /** Peak RSS of the process after its first read of the file (warm-up included). */
  peakRssMb: number;
}

/** Where and when the benchmark files are uploaded: the demo enterprises carry 深圳's region code. */
const UPLOAD_CONTEXT = {
  city: '440300',
  period: '2024Q3',
  registry: DEFAULT_REGISTRY,
  receivedAt: new Date('2024-10-08T02:00:00Z'),
  deadlineDays: 15,
  locks: [],
};

export class BenchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchInputError';
  }
}

/** parseUpload streaming its rows into the validation, as the ingest function runs them; returns the rows accepted. */
async function parseAndValidate(file: InputFile): Promise<number> {
  const validation = new UploadValidation();
  const parsed = await parseUpload({
    body: createReadStream(file.path),
    fileName: file.fileName,
    size: file.bytes,
    onRow: validation.addRow,
  });
  const outcome = validation.finish(parsed, { ...UPLOAD_CONTEXT, fileName: file.fileName });
  const accepted = outcome.accepted.find((sheet) => sheet.kind === 'enterprises');
  if (!accepted) {
    const first = outcome.issues.find((issue) => issue.severity === 'error');
    throw new BenchInputError(`基准文件 ${file.path} 未被接受：${first?.code} ${first?.message}`);
  }
  return accepted.aggregates.rows;
}

/** exceljs's streaming reader over the file, touching nothing. */
async function bareXlsx(file: InputFile): Promise<number> {
  const WorkbookReader = await loadWorkbookReader();
  const reader = new WorkbookReader(createReadStream(file.path), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  let rows = 0;
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows - 1;
}

/**
 * The least any reader that yields records can add to the bare CSV parse: one array per row
 * with every cell converted the cheapest way (`Number` for number columns, `=== '是'` for yes/no,
 * text as it is), the columns taken from the catalogue in template order. No trimming, units,
 * empty cells, checks or issues: the floor under our parse + validate, not a usable reader.
 */
async function floorCsv(file: InputFile): Promise<number> {
  const types = sheetDefinition('enterprises').columns.map((column: ColumnDefinition) =>
    column.type === 'count' || column.type === 'amount' ? 1 : column.type === 'boolean' ? 2 : 0,
  );
  const patents = sheetDefinition('enterprises').columns.findIndex(
    (column) => column.field === 'validInventionPatents',
  );
  let records = 0;
  let sum = 0;
  const toRecords = (rows: string[][]) => {
    for (const cells of rows) {
      // The values by column position: cheaper than an object with named fields.
      const record: Array<string | number | boolean> = new Array(types.length);
      for (let i = 0; i < types.length; i++) {
        const cell = cells[i] ?? '';
        const type = types[i];
        record[i] = type === 1 ? Number(cell) : type === 2 ? cell === '是' : cell;
      }
      // Row 1 is the header.
      if (++records > 1) sum += record[patents] as number;
    }
  };
  await papaparseChunks(file, toRecords);
  if (Number.isNaN(sum)) throw new BenchInputError(`floor: 有效发明专利量不是数字：${file.path}`);
  return records - 1;
}

/** The file decoded as it streams in and parsed by papaparse in chunks, touching nothing. */
async function bareCsv(file: InputFile): Promise<number> {
  let rows = 0;
  await papaparseChunks(file, (chunk) => {
    rows += chunk.length;
  });
  return rows - 1;
}

/** papaparse over the file, decoded as ours decodes it (`TextDecoder`, UTF-8 or GB18030), in chunks. */
async function papaparseChunks(file: InputFile, onChunk: (rows: string[][]) => void): Promise<void> {
  const decoder = new TextDecoder(file.encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  async function* text(): AsyncGenerator<string> {
    for await (const chunk of createReadStream(file.path))
      yield decoder.decode(chunk as Buffer, { stream: true });
  }
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(Readable.from(text()) as unknown as File, {
      delimiter: ',',
      skipEmptyLines: true,
      chunk: (results) => onChunk(results.data),
      complete: () => resolve(),
      error: (error: unknown) => reject(error),
    });
  });
}

/**
 * SheetJS reading the whole file into a worksheet and its rows into arrays (what a caller of
 * SheetJS gets rows from). CSV text is decoded as ours decodes it and given as a string.
 */
async function sheetjs(file: InputFile): Promise<number> {
  const XLSX = await loadSheetJS();
  const bytes = await readFile(file.path);
  const workbook =
    file.format === 'xlsx'
      ? XLSX.read(bytes, { type: 'buffer', dense: true })
      : XLSX.read(new TextDecoder(file.encoding === 'gb18030' ? 'gb18030' : 'utf-8').decode(bytes), {
          type: 'string',
          dense: true,
          raw: true,
        });
  const sheet =
    workbook.Sheets[workbook.SheetNames.find((name) => name === '重点企业') ?? workbook.SheetNames[0]!];
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet!, { header: 1, raw: true, blankrows: false });
  return rows.length - 1;
}

/** exceljs' non-streaming reader: the whole workbook loaded from its buffer, then its rows iterated. */
async function exceljsLoad(file: InputFile): Promise<number> {
  if (file.format !== 'xlsx') throw new BenchInputError('exceljs load 只读 xlsx');
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file.path)) as unknown as import('exceljs').Buffer);
  const sheet = workbook.getWorksheet('重点企业') ?? workbook.worksheets[0];
  let rows = 0;
  sheet?.eachRow(() => {
    rows++;
  });
  return rows - 1;
}

export async function runParse(args: ParseRunArgs): Promise<ParseRunResult> {
  const readers: Record<ParseMode, (file: InputFile) => Promise<number>> = {
    ours: parseAndValidate,
    bare: args.file.format === 'xlsx' ? bareXlsx : bareCsv,
    floor: floorCsv,
    sheetjs,
    exceljsLoad,
  };
  const read = readers[args.mode];
  await read(args.warmup);
  const reads: ReadTime[] = [];
  let firstReadPeakRssMb = 0;
  for (let i = 0; i < args.reads; i++) {
    const clock = startClock();
    const rows = await read(args.file);
    reads.push(clock.stop());
    if (rows !== args.file.rows)
      throw new BenchInputError(`${args.mode} 读到 ${rows} 行，应为 ${args.file.rows} 行：${args.file.path}`);
    // The memory of one upload: later reads let garbage of earlier ones pile up until V8 collects it.
    if (i === 0) firstReadPeakRssMb = peakRssMb();
  }
  return { reads, rows: args.file.rows, peakRssMb: firstReadPeakRssMb };
}
