/**
 * The roll-up measurement: a national roll-up of many cities computed from a prepared input (as
 * `loadRollupInput` would return it) and written as the national workbook — its charts drawn
 * first, timed apart; and, for comparison, a bare exceljs streaming write of the same cells and
 * pictures without styles, widths or anchors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { type DemoReport, generateDemoDataset } from '#demo/index.ts';
import { DATA_SHEET_KINDS, sheetDefinition } from '#shared/catalogue/sheets.ts';
import { parsePeriod, parseQuarter, quarterRange } from '#shared/domain/period.ts';
import type { CaseRecord, EnterpriseRecord } from '#shared/domain/records.ts';
import { type City, parseRegistry } from '#shared/domain/registry.ts';
import { type CurrentSheet, type UploadRecord, uploadOrder } from '#shared/domain/submission.ts';
import { deriveUploadId } from '#shared/domain/uploadKey.ts';
import {
  assembleSummaryWorkbook,
  drawSummaryCharts,
  NATIONAL_SCOPE,
} from '#shared/reports/nationalWorkbook.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import type { CityRollupInput, RollupInput } from '#shared/rollup/input.ts';
import { computeSheetAggregates } from '#shared/validation/aggregates.ts';
import { peakRssMb, startClock } from './stats.ts';

export interface RollupScale {
  cities: number;
  /** Quarters of history, ending with the rolled-up quarter. */
  quarters: number;
  /** Enterprises per city and quarter; the demo's 20–40 when absent. */
  enterprisesPerCity?: number;
  /** The rolled-up quarter. */
  period: string;
}

/** Programme batches that cover every quarter of 2023–2024 (2022: to 2024Q4; 2023: to 2025Q4). */
const BATCH_YEARS = [2022, 2023];

/** `cities` synthetic cities with distinct 6-digit codes (province 11–65, city 01–99). */
export function syntheticRegistry(cities: number): City[] {
  return parseRegistry(
    Array.from({ length: cities }, (_, i) => ({
      code: `${11 + Math.floor(i / 99)}${String((i % 99) + 1).padStart(2, '0')}00`,
      name: `基准测试市${String(i + 1).padStart(3, '0')}`,
      province: `基准测试省${11 + Math.floor(i / 99)}`,
      batchYear: BATCH_YEARS[i % BATCH_YEARS.length],
      fundingApproved: 15_000,
    })),
    'benchmark registry',
  );
}

/** What `loadRollupInput` would read after every demo upload of the quarters was accepted. */
export function buildRollupInput(scale: RollupScale): RollupInput {
  const last = parseQuarter(scale.period);
  const periods = quarterRange(parseQuarter(`${last.year - 2}Q${last.quarter}`), last)
    .slice(-scale.quarters)
    .map((p) => p.code);
  const registry = syntheticRegistry(scale.cities);
  const dataset = generateDemoDataset({
    registry,
    periods,
    ...(scale.enterprisesPerCity === undefined ? {} : { enterprisesPerCity: scale.enterprisesPerCity }),
  });
  const byCity = new Map<string, DemoReport[]>();
  for (const report of dataset.reports) byCity.set(report.city, [...(byCity.get(report.city) ?? []), report]);
  return {
    period: last,
    generatedAt: '2025-01-16T02:00:00.000Z',
    deadlineDays: 15,
    registry,
    cities: registry.map((city) => cityInput(city.code, byCity.get(city.code) ?? [], scale.period)),
    locks: [],
  };
}

function cityInput(city: string, reports: readonly DemoReport[], period: string): CityRollupInput {
  const current: CurrentSheet[] = [];
  const uploads: UploadRecord[] = [];
  const enterprises: Array<{ period: string; uploadId: string; records: EnterpriseRecord[] }> = [];
  const cases: Array<{ period: string; uploadId: string; records: CaseRecord[] }> = [];
  for (const report of reports) {
    const eventTime = report.submittedAt.toISOString();
    const key = `uploads/${city}/${report.period}/report.xlsx`;
    const uploadId = deriveUploadId({ key, eventTime, etag: `${city}${report.period}` });
    for (const kind of DATA_SHEET_KINDS) {
      const records = report.content[kind];
      current.push({
        city,
        period: report.period,
        kind,
        uploadId,
        eventTime,
        order: uploadOrder(eventTime, undefined, uploadId),
        sha256: uploadId.padEnd(64, '0'),
        aggregates: computeSheetAggregates(kind, records as never),
        warnings: 0,
        firstAcceptedAt: eventTime,
      });
    }
    if (report.period !== period) continue;
    uploads.push({
      uploadId,
      city,
      period,
      key,
      fileName: 'report.xlsx',
      bucket: 'ipstats-data',
      eventTime,
      status: 'accepted',
      sheets: DATA_SHEET_KINDS.map((kind) => ({
        kind,
        name: sheetDefinition(kind).name,
        status: 'accepted' as const,
        rows: report.content[kind].length,
      })),
      acceptedKinds: [...DATA_SHEET_KINDS],
      supersededKinds: [],
      counts: { errors: 0, warnings: 0 },
      late: false,
      updatedAt: eventTime,
    });
    enterprises.push({ period, uploadId, records: report.content.enterprises });
    cases.push({ period, uploadId, records: report.content.cases });
  }
  const reportsOfPeriod = uploads.map((upload) => ({
    period,
    uploadId: upload.uploadId,
    warnings: [],
    warningCount: 0,
    truncated: false,
  }));
  return { city, current, uploads, enterprises, cases, reports: reportsOfPeriod };
}

export interface RollupRunArgs {
  inputFile: string;
  /** Where the workbook is written, for the bare-write comparison. */
  workbookFile: string;
}

/** CPU seconds (the wall time on an idle core) and wall-clock seconds of one step. */
export interface StepTime {
  seconds: number;
  wallSeconds: number;
}

export interface RollupRunResult {
  cities: number;
  enterprises: number;
  compute: StepTime;
  /** Drawing the workbook's charts (ECharts and resvg). */
  charts: StepTime;
  /** Writing the workbook around the drawn charts. */
  workbook: StepTime;
  workbookBytes: number;
  peakRssMb: number;
}

function stepTime(clock: ReturnType<typeof startClock>): StepTime {
  const { seconds, cpuSeconds } = clock.stop();
  return { seconds: cpuSeconds, wallSeconds: seconds };
}

export async function runRollup(args: RollupRunArgs): Promise<RollupRunResult> {
  const input = JSON.parse(await readFile(args.inputFile, 'utf8')) as RollupInput;
  input.period = parsePeriod(input.period.code);
  const computing = startClock();
  const rollup = computeRollup(input);
  const compute = stepTime(computing);
  const drawing = startClock();
  const charts = await drawSummaryCharts(rollup, NATIONAL_SCOPE);
  const drawn = stepTime(drawing);
  const writing = startClock();
  const workbook = await assembleSummaryWorkbook(rollup, NATIONAL_SCOPE, charts);
  const written = stepTime(writing);
  await writeFile(args.workbookFile, workbook);
  return {
    cities: input.registry.length,
    enterprises: input.cities.reduce(
      (sum, city) => sum + city.enterprises.reduce((n, sheet) => n + sheet.records.length, 0),
      0,
    ),
    compute,
    charts: drawn,
    workbook: written,
    workbookBytes: workbook.length,
    peakRssMb: peakRssMb(),
  };
}

export interface BareWriteResult extends StepTime {
  cells: number;
  pictures: number;
}

/**
 * Reads the national workbook back (not timed) and times a plain streaming write of its cells and
 * its pictures (added to the package; exceljs' stream writer cannot anchor them).
 */
export async function runBareWrite(args: { workbookFile: string }): Promise<BareWriteResult> {
  const source = new ExcelJS.Workbook();
  await source.xlsx.readFile(args.workbookFile);
  const sheets = source.worksheets.map((sheet) => {
    const rows: ExcelJS.CellValue[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push((row.values as ExcelJS.CellValue[]).slice(1));
    });
    return { name: sheet.name, rows };
  });
  const cells = sheets.reduce((sum, sheet) => sum + sheet.rows.reduce((n, row) => n + row.length, 0), 0);
  const pictures = (source.model.media ?? []).flatMap((medium) =>
    medium.buffer ? [{ buffer: medium.buffer, extension: 'png' as const }] : [],
  );

  const writing = startClock();
  const output = new PassThrough();
  const bytes = buffer(output);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  for (const picture of pictures) writer.addImage(picture);
  for (const sheet of sheets) {
    const target = writer.addWorksheet(sheet.name);
    for (const row of sheet.rows) target.addRow(row).commit();
    target.commit();
  }
  await writer.commit();
  await bytes;
  return { ...stepTime(writing), cells, pictures: pictures.length };
}
