/**
 * The demo uploads: the data set's reports written as the files cities send (one workbook, or
 * one CSV per sheet in the city's encoding and separator), at the times they send them, plus
 * the scenario files (a rejected file, a file later corrected, a late file …).
 */
import { type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import { parseQuarter } from '#shared/domain/period.ts';
import type { SheetRecordMap } from '#shared/domain/records.ts';
import { USCC_ALPHABET, usccCheckCharacter } from '#shared/domain/uscc.ts';
import type { UploadStatus } from '#shared/domain/validation.ts';
import {
  type DemoContent,
  type DemoDataset,
  type DemoOptions,
  type DemoReport,
  type DemoScenarioId,
  generateDemoDataset,
  REJECTED_ENTERPRISE_INDEX,
} from './dataset.ts';
import type { DemoCityProfile, DemoFormat } from './profiles.ts';
import { Random } from './random.ts';
import { workingDayAfter } from './schedule.ts';
import { round2 } from './series.ts';
import { type SheetLayout, writeUploadCsv, writeUploadWorkbook } from './uploadFiles/writeUpload.ts';

export interface DemoUpload {
  city: string;
  period: string;
  fileName: string;
  body: Buffer;
  uploadedAt: Date;
  /** The scenario this file belongs to (both files of a correction carry it). */
  scenario?: DemoScenarioId;
  /** Sheet kinds in the file. */
  kinds: DataSheetKind[];
  /** What validation should conclude, by construction of the data. */
  expectedStatus: UploadStatus;
}

const DATA_KINDS = [
  'core',
  'agencies',
  'portfolios',
  'enterprises',
  'cases',
] as const satisfies readonly DataSheetKind[];

/** Files as named by cities that use English names. */
const ENGLISH_FILE_NAMES: Record<DataSheetKind, string> = {
  core: 'indicators',
  agencies: 'agencies',
  portfolios: 'portfolios',
  enterprises: 'enterprises',
  cases: 'cases',
};

/** A 元 value typed into a 万元 cell: the classic ten-thousand-fold slip. */
const YUAN_PER_WAN = 10_000;
/** How far the off 合计 row is from the true sum (万元). */
const TOTAL_ROW_ERROR = 100;

/** The demo uploads of `generateDemoDataset(options)`, ordered by upload time. */
export async function generateDemoUploads(options: DemoOptions = {}): Promise<DemoUpload[]> {
  return demoUploadsOf(generateDemoDataset(options));
}

export async function demoUploadsOf(dataset: DemoDataset): Promise<DemoUpload[]> {
  const profiles = new Map(dataset.profiles.map((profile) => [profile.code, profile]));
  const uploads: DemoUpload[] = [];
  for (const report of dataset.reports) {
    const profile = profiles.get(report.city)!;
    const scenario = dataset.scenarios.find((s) => s.city === report.city && s.period === report.period)?.id;
    const random = new Random(dataset.seed, `uploads/${report.city}/${report.period}`);
    uploads.push(...(await reportUploads(report, profile, scenario, random)));
  }
  return uploads.sort(
    (a, b) =>
      a.uploadedAt.getTime() - b.uploadedAt.getTime() ||
      a.city.localeCompare(b.city) ||
      a.fileName.localeCompare(b.fileName),
  );
}

async function reportUploads(
  report: DemoReport,
  profile: DemoCityProfile,
  scenario: DemoScenarioId | undefined,
  random: Random,
): Promise<DemoUpload[]> {
  return profile.format.kind === 'xlsx'
    ? workbookUploads(report, profile, profile.format, scenario, random)
    : csvUploads(report, profile, profile.format, scenario, random);
}

/** One workbook with every sheet; the scenarios of workbook cities (see the plan in dataset.ts). */
async function workbookUploads(
  report: DemoReport,
  profile: DemoCityProfile,
  format: Extract<DemoFormat, { kind: 'xlsx' }>,
  scenario: DemoScenarioId | undefined,
  random: Random,
): Promise<DemoUpload[]> {
  const layout = format.titleRows ? titles(profile, report.period) : {};
  const fileName = `${profile.name}${report.period}知识产权运营服务体系建设统计报表.xlsx`;
  const workbook = async (content: DemoContent, at: Date, name: string, expectedStatus: UploadStatus) => ({
    city: report.city,
    period: report.period,
    fileName: name,
    body: await writeUploadWorkbook(content, { layout, createdAt: at }),
    uploadedAt: at,
    ...(scenario ? { scenario } : {}),
    kinds: [...DATA_KINDS],
    expectedStatus,
  });
  if (scenario === 'reupload-correction') {
    const correctedAt = workingDayAfter(report.submittedAt, 2, random);
    return [
      await workbook(
        withPledgeInYuan(report.content),
        report.submittedAt,
        fileName,
        'accepted_with_warnings',
      ),
      await workbook(report.content, correctedAt, fileName.replace(/\.xlsx$/, '（更正）.xlsx'), 'accepted'),
    ];
  }
  const warns = scenario === 'late' || scenario === 'declared-mismatch';
  return [
    await workbook(
      report.content,
      report.submittedAt,
      fileName,
      warns ? 'accepted_with_warnings' : 'accepted',
    ),
  ];
}

/** One CSV per sheet, a few minutes apart; the scenarios of CSV cities (see the plan in dataset.ts). */
function csvUploads(
  report: DemoReport,
  profile: DemoCityProfile,
  format: Extract<DemoFormat, { kind: 'csv' }>,
  scenario: DemoScenarioId | undefined,
  random: Random,
): DemoUpload[] {
  const uploads: DemoUpload[] = [];
  let at = report.submittedAt;
  for (const kind of DATA_KINDS) {
    const records = report.content[kind] as ReadonlyArray<SheetRecordMap[typeof kind]>;
    const fileName = csvFileName(kind, format);
    const upload = (
      body: Buffer,
      name: string,
      uploadedAt: Date,
      expectedStatus: UploadStatus,
    ): DemoUpload => ({
      city: report.city,
      period: report.period,
      fileName: name,
      body,
      uploadedAt,
      ...(kind === 'enterprises' && scenario ? { scenario } : {}),
      kinds: [kind],
      expectedStatus,
    });
    const csv = (rows: typeof records, layout: SheetLayout = {}) =>
      csvBody(kind, rows, format, profile, report.period, layout);
    if (kind === 'enterprises' && scenario === 'rejected-credit-code') {
      uploads.push(upload(csv(withSpoiledCreditCode(report.content.enterprises)), fileName, at, 'rejected'));
      const correctedAt = workingDayAfter(at, 1, random);
      uploads.push(upload(csv(records), fileName.replace(/\.csv$/, '-v2.csv'), correctedAt, 'accepted'));
    } else if (kind === 'enterprises' && scenario === 'total-row-mismatch') {
      const pledgeTotal = report.content.enterprises.reduce((sum, e) => sum + (e.pledgeFinancing ?? 0), 0);
      const offTotal = {
        totalRow: true,
        totalOverrides: { pledgeFinancing: round2(pledgeTotal + TOTAL_ROW_ERROR) },
      };
      uploads.push(upload(csv(records, offTotal), fileName, at, 'accepted_with_warnings'));
    } else {
      uploads.push(upload(csv(records), fileName, at, 'accepted'));
    }
    at = new Date(at.getTime() + random.int(60, 240) * 1000);
  }
  return uploads;
}

function csvFileName(kind: DataSheetKind, format: Extract<DemoFormat, { kind: 'csv' }>): string {
  return `${format.fileNames === 'english' ? ENGLISH_FILE_NAMES[kind] : sheetDefinition(kind).name}.csv`;
}

function csvBody<K extends DataSheetKind>(
  kind: K,
  records: ReadonlyArray<SheetRecordMap[K]>,
  format: Extract<DemoFormat, { kind: 'csv' }>,
  profile: DemoCityProfile,
  period: string,
  layout: SheetLayout,
): Buffer {
  const hasTotals = (sheetDefinition(kind).totalFields ?? []).length > 0;
  return writeUploadCsv(kind, records, {
    encoding: format.encoding,
    delimiter: format.delimiter,
    ...(format.titleRows ? { title: sheetTitle(profile, period, kind) } : {}),
    ...(format.totalRows && hasTotals ? { totalRow: true } : {}),
    ...layout,
  });
}

/** `苏州市2024年第三季度知识产权运营服务体系建设统计表（核心指标）`. */
function sheetTitle(profile: DemoCityProfile, periodCode: string, kind: DataSheetKind): string {
  const period = parseQuarter(periodCode);
  const quarterName = ['一', '二', '三', '四'][period.quarter - 1];
  return `${profile.name}${period.year}年第${quarterName}季度知识产权运营服务体系建设统计表（${sheetDefinition(kind).name}）`;
}

function titles(profile: DemoCityProfile, period: string): Partial<Record<DataSheetKind, SheetLayout>> {
  return Object.fromEntries(DATA_KINDS.map((kind) => [kind, { title: sheetTitle(profile, period, kind) }]));
}

function withPledgeInYuan(content: DemoContent): DemoContent {
  return {
    ...content,
    core: content.core.map((record) =>
      record.code === 'D01' && record.value !== undefined
        ? { ...record, value: round2(record.value * YUAN_PER_WAN) }
        : record,
    ),
  };
}

/** The same rows with one credit code's check character replaced by another valid character. */
function withSpoiledCreditCode(enterprises: DemoContent['enterprises']): DemoContent['enterprises'] {
  return enterprises.map((enterprise, index) => {
    if (index !== REJECTED_ENTERPRISE_INDEX) return enterprise;
    const check = usccCheckCharacter(enterprise.uscc.slice(0, 17));
    const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(check) + 1) % USCC_ALPHABET.length]!;
    return { ...enterprise, uscc: enterprise.uscc.slice(0, 17) + wrong };
  });
}
