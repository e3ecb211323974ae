import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_SHEET_KINDS, type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import type { SheetRecordMap } from '#shared/domain/records.ts';
import { type CsvEncoding, writeUploadCsv, writeUploadWorkbook } from '#shared/uploads/writeUpload.ts';
import { uploadContent } from './arbitraries.ts';
import { parse, recordsOf } from './builders.ts';

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
