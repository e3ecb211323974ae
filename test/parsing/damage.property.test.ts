import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sheetRows, writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { DATA_SHEET_KINDS, type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import type { SheetRecordMap } from '#shared/domain/records.ts';
import { PARSING_ISSUES } from '#shared/parsing/issues.ts';
import type { ParsedUpload } from '#shared/parsing/types.ts';
import {
  agencyRecord,
  caseRecord,
  coreRecords,
  enterpriseRecord,
  portfolioRecord,
  uploadContent,
} from './arbitraries.ts';
import { csvText, encode, parse, recordsOf, workbook } from './builders.ts';

/** Every issue is one the parser documents, located in a sheet, with a Chinese message. */
function expectWellFormed(upload: ParsedUpload): void {
  for (const issue of upload.issues) {
    const definition = PARSING_ISSUES[issue.code as keyof typeof PARSING_ISSUES];
    expect(definition, issue.code).toBeDefined();
    expect(issue.severity).toBe(definition.severity);
    expect(issue.sheet.length).toBeGreaterThan(0);
    expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    if (issue.row !== undefined) expect(Number.isInteger(issue.row) && issue.row >= 1).toBe(true);
  }
}

function recordsByKind(upload: ParsedUpload): Partial<Record<DataSheetKind, unknown[]>> {
  return Object.fromEntries(upload.sheets.map((sheet) => [sheet.kind, sheet.rows.map((row) => row.record)]));
}

type ByteDamage = { kind: 'truncate'; at: number } | { kind: 'flip'; flips: Array<[number, number]> };

/** Damage to bytes: cut the file short, or flip some bytes (positions as fractions of the length). */
const byteDamage: fc.Arbitrary<ByteDamage> = fc.oneof(
  fc.record({
    kind: fc.constant('truncate' as const),
    at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    flips: fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
      ),
      { minLength: 1, maxLength: 8 },
    ),
  }),
);

function damage(bytes: Buffer, how: ByteDamage): Buffer {
  if (how.kind === 'truncate') return bytes.subarray(0, Math.floor(how.at * bytes.length));
  const damaged = Buffer.from(bytes);
  for (const [where, mask] of how.flips) {
    const at = Math.floor(where * damaged.length);
    damaged[at] = (damaged[at] ?? 0) ^ mask;
  }
  return damaged;
}

describe('damaged files', () => {
  it('reports a damaged workbook, or reads the same records when the damage missed what is read', async () => {
    await fc.assert(
      fc.asyncProperty(uploadContent, byteDamage, async (content, how) => {
        const original = await writeUploadWorkbook(content);
        const expected = recordsByKind(await parse(original, '深圳.xlsx'));

        const upload = await parse(damage(original, how), '深圳.xlsx');

        expectWellFormed(upload);
        if (how.kind === 'truncate')
          expect(upload.issues.some((issue) => issue.severity === 'error')).toBe(true);
        else if (!upload.issues.some((issue) => issue.severity === 'error'))
          expect(recordsByKind(upload)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('never throws on a damaged CSV file', async () => {
    const kind = fc.constantFrom(...DATA_SHEET_KINDS);
    await fc.assert(
      fc.asyncProperty(
        uploadContent,
        kind,
        fc.constantFrom('utf8', 'gb18030') as fc.Arbitrary<'utf8' | 'gb18030'>,
        byteDamage,
        async (content, sheetKind, encoding, how) => {
          const records = (content[sheetKind] ?? []) as ReadonlyArray<SheetRecordMap[typeof sheetKind]>;
          const bytes = damage(writeUploadCsv(sheetKind, records, { encoding }), how);

          const upload = await parse(bytes, `${sheetDefinition(sheetKind).englishNames[0]}.csv`);

          expectWellFormed(upload);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Junk that no column can read: not a number, code, indicator, enumeration value or yes/no. */
const junkCell = fc.string({ minLength: 0, maxLength: 8 }).map((text) => `?${text}`);

const sheetWithRecords = fc.oneof(
  fc.record({
    kind: fc.constant('core' as const),
    records: coreRecords,
  }),
  fc.record({
    kind: fc.constant('agencies' as const),
    records: fc.array(agencyRecord, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('portfolios' as const),
    records: fc.array(portfolioRecord, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('enterprises' as const),
    records: fc.array(enterpriseRecord, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('cases' as const),
    records: fc.array(caseRecord, { minLength: 1, maxLength: 5 }),
  }),
);

const garbage = fc.array(fc.tuple(fc.nat(), fc.array(junkCell, { minLength: 1, maxLength: 16 })), {
  minLength: 1,
  maxLength: 4,
});

/** The template rows of a sheet with junk rows inserted below the header; returns the junk rows' Excel row numbers too. */
function withGarbage(
  kind: DataSheetKind,
  records: readonly unknown[],
  junk: ReadonlyArray<[number, string[]]>,
): { rows: Array<Array<string | number | null>>; junkRows: number[] } {
  const [header, ...data] = sheetRows(kind, records as never) as Array<Array<string | number | null>>;
  const body: Array<{ junk: boolean; cells: Array<string | number | null> }> = data.map((cells) => ({
    junk: false,
    cells,
  }));
  for (const [position, cells] of junk) body.splice(position % (body.length + 1), 0, { junk: true, cells });
  const rows = [header ?? [], ...body.map((row) => row.cells)];
  const junkRows = body.flatMap((row, i) => (row.junk ? [i + 2] : []));
  return { rows, junkRows };
}

describe('garbage rows', () => {
  it('reports every garbage row and keeps every valid row, in CSV and xlsx', async () => {
    await fc.assert(
      fc.asyncProperty(
        sheetWithRecords,
        garbage,
        fc.boolean(),
        async ({ kind, records }, junk, asWorkbook) => {
          const { rows, junkRows } = withGarbage(kind, records, junk);
          const name = sheetDefinition(kind).name;

          const upload = asWorkbook
            ? await parse(await workbook({ name, rows }), '深圳.xlsx')
            : await parse(encode(csvText(rows), 'gb18030'), `${name}.csv`);

          expectWellFormed(upload);
          expect(recordsOf(upload, kind)).toEqual(records);
          expect([
            ...new Set(upload.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.row)),
          ]).toEqual(junkRows);
        },
      ),
      { numRuns: 40 },
    );
  });
});
