/**
 * The worksheet XML repair as it streams: whatever the chunks (cut anywhere, inside tags and
 * inside UTF-8 characters), the bytes out are those of repairing the whole text at once, and a
 * sheet whose rows and cells all carry `r` (and no empty `<v>`) passes byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SheetXmlRepair } from '#shared/parsing/sheetXml.ts';

function repaired(chunks: readonly Buffer[]): Buffer {
  const repair = new SheetXmlRepair();
  return Buffer.concat([...chunks.map((chunk) => repair.push(chunk)), repair.end()]);
}

function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const text = fc.constantFrom('深圳', 'a&amp;b', '1', '科技有限公司', '');
const cellXml = (withReference: boolean, emptyValue: boolean) =>
  fc.record({ value: text, inline: fc.boolean() }).map(
    ({ value, inline }) =>
      (column: string, row: number) =>
        `<c${withReference ? ` r="${column}${row}"` : ''}${inline ? ' t="inlineStr"><is><t>' : ' t="n"><v>'}${
          inline ? `${value}</t></is>` : emptyValue ? '</v>' : '12</v>'
        }</c>`,
  );

function sheet(
  rows: ReadonlyArray<ReadonlyArray<(column: string, row: number) => string>>,
  rowReferences: boolean,
) {
  const body = rows
    .map(
      (cells, r) =>
        `<row${rowReferences ? ` r="${r + 1}"` : ''} spans="1:3">${cells.map((cell, c) => cell(String.fromCharCode(65 + c), r + 1)).join('')}</row>`,
    )
    .join('');
  return Buffer.from(
    `<?xml version="1.0"?><worksheet><cols><col min="1"/></cols><sheetData>${body}</sheetData></worksheet>`,
  );
}

describe('worksheet XML repair', () => {
  it('passes a sheet whose rows and cells all have r byte for byte, however it is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellXml(true, false), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, at) => {
          const bytes = sheet(rows, true);

          expect(repaired(cut(bytes, at)).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('places cells without r and drops empty values the same whatever the chunks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(cellXml(true, false), cellXml(false, false), cellXml(false, true)), {
            minLength: 1,
            maxLength: 4,
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, rowReferences, at) => {
          const bytes = sheet(rows, rowReferences);
          const whole = repaired([bytes]).toString('utf8');

          expect(repaired(cut(bytes, at)).toString('utf8')).toBe(whole);
          expect(whole).not.toMatch(/<c(?![^>]*\sr=)[\s>]/);
          expect(whole).not.toContain('<v></v>');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('numbers a cell without r after the cell before it, in a chunk after one that needed nothing', () => {
    const chunks = [
      Buffer.from('<sheetData><row r="3"><c r="B3"><v>1</v></c>'),
      Buffer.from('<c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData>'),
    ];

    expect(repaired(chunks).toString('utf8')).toBe(
      '<sheetData><row r="3"><c r="B3"><v>1</v></c><c r="C3"><v>2</v></c></row><row r="4"><c r="A4"><v>3</v></c></row></sheetData>',
    );
  });
});
