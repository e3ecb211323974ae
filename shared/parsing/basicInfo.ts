/**
 * 基本信息: label/value pairs anywhere in the sheet (a label cell, its value in the next filled
 * cell to the right), so that both the template's two-column list and a side-by-side layout read.
 */
import { BASIC_INFO_LABELS } from '../catalogue/sheets.ts';
import type { BasicInfo } from '../domain/records.ts';
import { columnLetter } from './layout.ts';
import { compact } from './normalise.ts';
import type { CellRef, ParsedUpload } from './types.ts';
import { CellFault, cellText, dateReader, type RawCell } from './values.ts';

type InfoField = keyof BasicInfo;
type ParsedInfo = NonNullable<ParsedUpload['info']>;

const FIELDS_BY_LABEL = new Map<string, InfoField>(
  BASIC_INFO_LABELS.map(({ field, label }) => [label, field as InfoField]),
);

function labelField(raw: RawCell): InfoField | undefined {
  if (typeof raw !== 'string' || raw.length > 20) return undefined;
  return FIELDS_BY_LABEL.get(compact(raw).replace(/^\*+|[*:：]+$/g, ''));
}

const QUARTER_WORDS: Record<string, string> = {
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
};

/** `2024Q3`, `2024 q3`, `2024-Q3`, `2024年第三季度`, `2024年3季度` → `2024Q3`; anything else is kept as written. */
function normalisePeriodText(text: string): string {
  const normal = compact(text).toUpperCase();
  const quarter = /^(\d{4})[-年]?(?:Q([1-4])|第?([一二三四1-4])季度?)$/.exec(normal);
  if (!quarter) return text;
  return `${quarter[1]}Q${quarter[2] ?? QUARTER_WORDS[quarter[3] ?? ''] ?? ''}`;
}

function infoValue(field: InfoField, raw: RawCell, date1904: boolean): string | undefined {
  if (field === 'filledOn') {
    const date = dateReader(date1904)(raw);
    if (typeof date === 'string') return date;
  }
  if (raw instanceof CellFault) return undefined;
  const text = cellText(raw);
  if (text === undefined) return undefined;
  return field === 'period' ? normalisePeriodText(text) : text;
}

export function readBasicInfo(
  sheet: string,
  rows: ReadonlyArray<{ row: number; cells: readonly RawCell[] }>,
  date1904: boolean,
): ParsedInfo {
  const values: BasicInfo = {};
  const cells: Partial<Record<InfoField, CellRef>> = {};
  for (const { row, cells: rowCells } of rows) {
    for (let index = 0; index < rowCells.length; index++) {
      const field = labelField(rowCells[index]);
      if (!field || values[field] !== undefined) continue;
      let valueIndex = index + 1;
      while (valueIndex < rowCells.length && cellText(rowCells[valueIndex]) === undefined) valueIndex++;
      const valueCell = rowCells[valueIndex];
      // An empty value beside the next label (side-by-side layout) is not that label.
      const value =
        valueIndex < rowCells.length && !labelField(valueCell)
          ? infoValue(field, valueCell, date1904)
          : undefined;
      if (value === undefined) continue;
      values[field] = value;
      cells[field] = {
        row,
        column: cellText(rowCells[index]) ?? '',
        cell: `${columnLetter(valueIndex)}${row}`,
      };
    }
  }
  return { sheet, values, cells };
}
