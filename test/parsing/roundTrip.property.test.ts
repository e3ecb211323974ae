import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CsvEncoding,
  sheetRows,
  writeUploadCsv,
  writeUploadWorkbook,
} from '#demo/uploadFiles/writeUpload.ts';
import { DATA_SHEET_KINDS, type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import type { SheetRecordMap } from '#shared/domain/records.ts';
import { uploadContent } from './arbitraries.ts';
import {
  type CellInput,
  csvText,
  encode,
  type HeaderColumn,
  parse,
  recordsOf,
  sheetOf,
  twoRowHeader,
  workbook,
} from './builders.ts';

const csvVariant = fc.record({
  encoding: fc.constantFrom<CsvEncoding>('utf8', 'utf8-bom', 'gb18030'),
  delimiter: fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
  namedInChinese: fc.boolean(),
  chunkBytes: fc.constantFrom(7, 1024, 64 * 1024),
});

function presentKinds(content: object): DataSheetKind[] {
  return DATA_SHEET_KINDS.filter((kind) => kind in content);
}

describe('round trip of valid uploads', () => {
  it('reads back exactly the records written to a workbook', async () => {
    await fc.assert(
      fc.asyncProperty(uploadContent, async (content) => {
        const upload = await parse(await writeUploadWorkbook(content), '深圳2024Q3.xlsx');

        expect(upload.issues).toEqual([]);
        for (const kind of presentKinds(content)) expect(recordsOf(upload, kind)).toEqual(content[kind]);
      }),
      { numRuns: 25 },
    );
  });

  it('reads back exactly the records written to CSV files in any encoding and separator', async () => {
    await fc.assert(
      fc.asyncProperty(uploadContent, csvVariant, async (content, variant) => {
        for (const kind of presentKinds(content)) {
          const records = content[kind] as ReadonlyArray<SheetRecordMap[typeof kind]>;
          const definition = sheetDefinition(kind);
          const fileName = variant.namedInChinese
            ? `深圳-${definition.name}-2024Q3.csv`
            : `${definition.englishNames[0]}.csv`;

          const upload = await parse(writeUploadCsv(kind, records, variant), fileName, {
            chunkBytes: variant.chunkBytes,
          });

          expect(upload.issues).toEqual([]);
          expect(recordsOf(upload, kind)).toEqual(records);
        }
      }),
      { numRuns: 25 },
    );
  });
});

type Cells = Array<string | number | null>;

/** The template header drawn in two rows: the first two columns merged down, the others under one group. */
function groupedHeader(header: readonly string[], group: string): HeaderColumn[] {
  const [first = '', second = '', ...rest] = header;
  return [first, second, { group, children: rest }];
}

describe('round trip of valid uploads with a two-row header', () => {
  it('reads back exactly the records of any sheet whose header groups its columns, in xlsx and CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        uploadContent,
        fc.constantFrom('填报内容', '本期数据（万元）', '（万元）'),
        fc.boolean(),
        async (content, group, withTitle) => {
          for (const kind of presentKinds(content)) {
            const records = content[kind] as ReadonlyArray<SheetRecordMap[typeof kind]>;
            const [header = [], ...data] = sheetRows(kind, records) as Cells[];
            const titles: Cells[] = withTitle ? [['2024年第三季度统计表']] : [];
            const { upper, lower, merges } = twoRowHeader(
              groupedHeader(header as string[], group),
              titles.length + 1,
            );
            const rows = [...titles, upper, lower, ...data];
            const name = sheetDefinition(kind).name;

            const fromXlsx = await parse(
              await workbook({ name, rows: rows as CellInput[][], merges }),
              '深圳2024Q3.xlsx',
            );
            const fromCsv = await parse(encode(csvText(rows), 'gb18030'), `${name}.csv`);

            for (const upload of [fromXlsx, fromCsv]) {
              expect(upload.issues).toEqual([]);
              expect(recordsOf(upload, kind)).toEqual(records);
              expect(sheetOf(upload, kind).headerRow).toBe(titles.length + 2);
              expect(sheetOf(upload, kind).rows[0]?.row).toBe(titles.length + 3);
            }
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
