/**
 * Ingest validates rows as they stream past (`UploadValidation` as the reader's row sink); the
 * offline validator and the tests validate rows the reader kept (`validateUpload`). Both must
 * say exactly the same about the same file, and the streamed rows must be the kept rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type SheetLayout,
  type UploadContent,
  writeUploadCsv,
  writeUploadWorkbook,
} from '#demo/uploadFiles/writeUpload.ts';
import { DATA_SHEET_KINDS, type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import type { AnyRecord, SheetRecordMap } from '#shared/domain/records.ts';
import { parseUpload } from '#shared/parsing/parseUpload.ts';
import type { ValidationContext } from '#shared/validation/contract.ts';
import { buildValidationReport } from '#shared/validation/report.ts';
import { UploadValidation, validateUpload } from '#shared/validation/validateUpload.ts';
import { uploadContent } from '../parsing/arbitraries.ts';
import { bodyOf, workbook } from '../parsing/builders.ts';
import { context } from './builders.ts';

/** Both ways of validating one file. */
async function validateBothWays(bytes: Buffer, fileName: string, ctx: ValidationContext) {
  const kept = validateUpload(await parseUpload({ body: bodyOf(bytes), fileName }), ctx);

  const validation = new UploadValidation();
  const streamedRecords = new Map<string, AnyRecord[]>();
  const parsed = await parseUpload({
    body: bodyOf(bytes),
    fileName,
    onRow: (sheet, row) => {
      validation.addRow(sheet, row);
      streamedRecords.set(sheet.name, [...(streamedRecords.get(sheet.name) ?? []), row.record]);
    },
  });
  const streamed = validation.finish(parsed, ctx);
  return { kept, streamed, streamedRecords, keptRowsLeft: parsed.sheets.flatMap((sheet) => sheet.rows) };
}

async function expectSameVerdict(bytes: Buffer, fileName: string, ctx: ValidationContext): Promise<void> {
  const { kept, streamed, streamedRecords, keptRowsLeft } = await validateBothWays(bytes, fileName, ctx);

  const meta = {
    uploadId: 'u-1',
    city: ctx.city,
    period: ctx.period,
    file: fileName,
    receivedAt: ctx.receivedAt,
  };
  expect(buildValidationReport(streamed, meta)).toEqual(buildValidationReport(kept, meta));
  expect(streamed).toEqual({ ...kept, accepted: kept.accepted.map(({ records: _, ...sheet }) => sheet) });
  for (const sheet of kept.accepted) expect(streamedRecords.get(sheet.name) ?? []).toEqual(sheet.records);
  expect(keptRowsLeft).toEqual([]);
}

type Damage = 'none' | 'repeat' | 'break';

/** A record made invalid in a way the reader or validation reports (credit code, negative count, unknown category). */
function broken(kind: DataSheetKind, record: AnyRecord): AnyRecord {
  switch (kind) {
    case 'core':
      return { ...(record as SheetRecordMap['core']), value: -1 };
    case 'agencies':
    case 'enterprises':
      return { ...record, uscc: '91440300MA5F00000' } as AnyRecord;
    case 'portfolios':
      return { ...(record as SheetRecordMap['portfolios']), inventionPatents: -3 };
    case 'cases':
      return { ...(record as SheetRecordMap['cases']), category: '其他类别' };
  }
}

function damaged(
  kind: DataSheetKind,
  records: readonly AnyRecord[],
  damage: Damage,
  at: number,
): AnyRecord[] {
  const copy = [...records];
  const index = at % copy.length;
  if (damage === 'repeat') copy.push(copy[index] as AnyRecord);
  if (damage === 'break') copy[index] = broken(kind, copy[index] as AnyRecord);
  return copy;
}

const variant = fc.record({
  content: uploadContent,
  damage: fc.dictionary(
    fc.constantFrom(...DATA_SHEET_KINDS),
    fc.constantFrom<Damage>('none', 'repeat', 'break'),
  ),
  at: fc.nat({ max: 10 }),
  total: fc.constantFrom('none', 'exact', 'off'),
  /** 基本信息 absent, naming the upload's city, or naming another city (rejects the whole file). */
  info: fc.constantFrom('none', '440300', '440100'),
  /** Last quarter's 核心指标 as this quarter's values times a factor (cross-period rules). */
  previousFactor: fc.option(fc.constantFrom(0.05, 0.5, 1, 20), { nil: undefined }),
});
type Variant = typeof variant extends fc.Arbitrary<infer V> ? V : never;

function contentOf(v: Variant): UploadContent {
  const content: Record<string, unknown> =
    v.info === 'none' ? {} : { info: { cityCode: v.info, cityName: '深圳市', period: '2024Q3' } };
  for (const kind of DATA_SHEET_KINDS) {
    const records: readonly AnyRecord[] | undefined = v.content[kind];
    if (records) content[kind] = damaged(kind, records, v.damage[kind] ?? 'none', v.at);
  }
  return content as UploadContent;
}

function layoutOf(v: Variant): SheetLayout {
  if (v.total === 'none') return {};
  return v.total === 'exact'
    ? { totalRow: true }
    : { totalRow: true, totalOverrides: { revenueYtd: 1, inventionPatents: 1, licensingIncome: 1 } };
}

function contextOf(v: Variant): ValidationContext {
  if (v.previousFactor === undefined || !v.content.core) return context();
  const indicators: Record<string, number> = {};
  for (const record of v.content.core)
    if (record.value !== undefined) indicators[record.code] = record.value * (v.previousFactor ?? 1);
  return context({
    previous: { period: '2024Q2', sheets: { core: { rows: v.content.core.length, indicators } } },
  });
}

describe('streamed and kept validation', () => {
  it('give the same report, and the same accepted records, for any workbook', async () => {
    await fc.assert(
      fc.asyncProperty(variant, async (v) => {
        const layout = layoutOf(v);
        const bytes = await writeUploadWorkbook(contentOf(v), {
          layout: Object.fromEntries(DATA_SHEET_KINDS.map((kind) => [kind, layout])),
        });

        await expectSameVerdict(bytes, '深圳2024Q3.xlsx', contextOf(v));
      }),
      { numRuns: 30 },
    );
  });

  it('give the same report, and the same accepted records, for any CSV file', async () => {
    await fc.assert(
      fc.asyncProperty(variant, async (v) => {
        const content = contentOf(v);
        for (const kind of DATA_SHEET_KINDS) {
          const records = content[kind] as ReadonlyArray<SheetRecordMap[typeof kind]> | undefined;
          if (!records) continue;
          const bytes = writeUploadCsv(kind, records, layoutOf(v));

          await expectSameVerdict(bytes, `${sheetDefinition(kind).englishNames[0]}.csv`, contextOf(v));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('agree when the reader drops a sheet whose rows already went by (a second 核心指标)', async () => {
    const header = ['指标代码', '指标名称', '单位', '本期值'];
    const bytes = await workbook(
      { name: '核心指标', rows: [header, ['A01', null, '个', 3], ['A02', null, '个', 6]] },
      { name: '核心指标（修订）', rows: [header, ['A01', null, '个', 4], ['A01', null, '个', 5]] },
    );

    const { kept, streamed, streamedRecords } = await validateBothWays(bytes, '深圳2024Q3.xlsx', context());

    expect(streamed.issues).toEqual(kept.issues);
    expect(streamed.issues.map((issue) => issue.code)).toContain('SHEET_DUPLICATE');
    expect(streamed.issues.map((issue) => issue.code)).not.toContain('DUPLICATE_INDICATOR');
    expect(streamed.accepted.map((sheet) => [sheet.name, sheet.aggregates.indicators])).toEqual([
      ['核心指标', { A01: 3, A02: 6 }],
    ]);
    expect(streamedRecords.get('核心指标（修订）')).toHaveLength(2);
  });

  it('agree when the 核心指标 is the untouched template and only a detail sheet is filled in', async () => {
    const bytes = await workbook(
      {
        name: '核心指标',
        rows: [
          ['指标代码', '指标名称', '单位', '本期值'],
          ['A04', null, '家', null],
          ['B07', null, '个', null],
        ],
      },
      {
        name: '典型案例',
        rows: [
          ['案例名称', '案例类别', '主要做法'],
          ['质押融资试点', '质押融资', '银行与园区联动'],
        ],
      },
    );

    const { kept, streamed } = await validateBothWays(bytes, '深圳2024Q3.xlsx', context());

    expect(streamed).toEqual({ ...kept, accepted: kept.accepted.map(({ records: _, ...sheet }) => sheet) });
    expect(streamed.sheets.map((sheet) => sheet.name)).toEqual(['典型案例']);
  });
});
