/**
 * Upload files for the use-case tests that do not exercise the reader: the content is the
 * typed `UploadContent` as JSON, and `parseJsonUpload` turns it into the `ParsedUpload` the real
 * reader would produce for the same workbook (sheet names, header row 1, data from row 2).
 * Validation, reports and storage downstream are the real ones.
 */

import type { UploadContent } from '#demo/uploadFiles/writeUpload.ts';
import { type DataSheetKind, sheetDefinition } from '#shared/catalogue/sheets.ts';
import { columnLetter } from '#shared/parsing/layout.ts';
import type { CellRef, ParsedSheet, ParsedUpload, ParseInput } from '#shared/parsing/types.ts';

const KINDS: readonly DataSheetKind[] = ['core', 'agencies', 'portfolios', 'enterprises', 'cases'];

export function jsonUpload(content: UploadContent): Buffer {
  return Buffer.from(JSON.stringify(content), 'utf8');
}

export async function parseJsonUpload(input: ParseInput): Promise<ParsedUpload> {
  const chunks: Buffer[] = [];
  for await (const chunk of input.body) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let content: UploadContent;
  try {
    content = JSON.parse(text) as UploadContent;
  } catch {
    return {
      format: 'csv',
      fileName: input.fileName,
      sheets: [],
      issues: [
        { severity: 'error', code: 'FILE_UNREADABLE', sheet: input.fileName, message: '无法识别的文件格式' },
      ],
    };
  }
  const sheets = KINDS.flatMap((kind) => {
    const records = content[kind];
    return records ? [parsedSheet(kind, records as readonly object[])] : [];
  });
  return {
    format: 'csv',
    fileName: input.fileName,
    ...(content.info ? { info: { sheet: '基本信息', values: content.info, cells: {} } } : {}),
    sheets,
    issues: [],
  };
}

function parsedSheet(kind: DataSheetKind, records: readonly object[]): ParsedSheet {
  const columns = sheetDefinition(kind).columns;
  const located = Object.fromEntries(
    columns.map((column, index) => [column.field, { header: column.header, letter: columnLetter(index) }]),
  );
  return {
    kind,
    name: sheetDefinition(kind).name,
    headerRow: 1,
    columns: located,
    rows: records.map((record, index) => {
      const row = index + 2;
      const cells: Record<string, CellRef> = {};
      for (const [field, { header, letter }] of Object.entries(located))
        cells[field] = { row, column: header, cell: `${letter}${row}` };
      return { row, record, cells } as ParsedSheet['rows'][number];
    }),
    rowsRead: records.length,
  };
}
