/**
 * Two-row headers, as Chinese statistical sheets draw them: leaf columns whose header cell is
 * merged down over both header rows (企业名称, 统一社会信用代码) and grouped columns whose parent
 * cell is merged across on the upper row (`知识产权情况（件）`, `金融服务（万元）`) with the leaf
 * headers on the lower row. A streamed workbook gives only a merge's top-left cell its text, and a
 * CSV exported from such a sheet leaves the rest of the span empty, so the two rows are read as
 * they come: per column the lower row's text when there is one, else the upper row's.
 *
 * Only header logic: the reader asks this before the first data row, never for a data row.
 */
import type { DataSheetKind } from '../catalogue/sheets.ts';
import { isHeaderRow, kindFromHeader } from './layout.ts';
import { compact, headerText, isRowNumberHeader, isTotalLabel } from './normalise.ts';
import { matchHeader, type SheetSchema, sheetSchema } from './schema.ts';
import { cellText, type RawCell } from './values.ts';

export interface TwoRowHeader {
  kind: DataSheetKind;
  /** Per column the header text: the lower row's cell when filled, else the upper row's. */
  cells: RawCell[];
  /** Per column whether its header text is the lower row's. */
  fromLower: boolean[];
  /** Per column the unit in the brackets of the group cell above it (only under a group). */
  groupUnits: Array<string | undefined>;
}

/** The running-number column (序号) in place of a field. */
const ROW_NUMBER = '#';

function isBlank(raw: RawCell): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** A value rather than a header: a number, date, yes/no or error cell, or text that reads as a number or a credit code. */
function isValueLike(raw: RawCell): boolean {
  if (typeof raw !== 'string') return true;
  const text = compact(raw);
  return /^[+-]?[\d,]*\.?\d+%?$/.test(text) || /^[0-9A-Z]{18}$/.test(text) || isTotalLabel(text);
}

/** The field a header cell names in `schema`, the running-number column, or `undefined`. */
function fieldOf(schema: SheetSchema, raw: RawCell): string | undefined {
  const text = cellText(raw);
  if (text === undefined) return undefined;
  const found = matchHeader(schema, text);
  if (found) return found.column.field;
  return isRowNumberHeader(text) ? ROW_NUMBER : undefined;
}

/**
 * The groups of `upper` over `lower`, or `undefined` when `lower` is not a sub-header row of
 * `upper`. A group cell is upper-row text that names no column, with its first child below it;
 * its span goes on right over empty upper cells while the lower row goes on. A sub-header row
 * holds header text only: under the upper row's own columns nothing (merged down) or the same
 * column again, and every other header under a group; and it names at least one column the upper
 * row does not, while the upper row names at least one itself (a title row above the header names
 * none). A data row fills the columns the upper row names (the name, the credit code), so it
 * never passes.
 */
function groupsOf(
  schema: SheetSchema,
  upper: readonly RawCell[],
  lower: readonly RawCell[],
  width: number,
): Array<string | undefined> | undefined {
  const units = new Array<string | undefined>(width).fill(undefined);
  const named = new Set<string>();
  const above: Array<string | undefined> = new Array(width);
  for (let index = 0; index < width; index++) {
    const field = fieldOf(schema, upper[index]);
    above[index] = field;
    if (field !== undefined && field !== ROW_NUMBER) named.add(field);
  }
  if (named.size === 0) return undefined;
  let newFields = 0;
  let inGroup = false;
  let unit: string | undefined;
  for (let index = 0; index < width; index++) {
    const top = cellText(upper[index]);
    const raw = lower[index];
    const below = !isBlank(raw);
    if (top !== undefined) {
      inGroup = below && above[index] === undefined;
      unit = inGroup ? headerText(top).unit : undefined;
    } else if (!below) inGroup = false;
    if (!below) continue;
    if (isValueLike(raw)) return undefined;
    const field = fieldOf(schema, raw);
    const upperField = above[index];
    if (upperField !== undefined) {
      if (field !== upperField) return undefined;
      continue;
    }
    if (!inGroup) return undefined;
    units[index] = unit;
    if (field !== undefined && field !== ROW_NUMBER && !named.has(field)) {
      named.add(field);
      newFields++;
    }
  }
  return newFields > 0 ? units : undefined;
}

/**
 * `upper` and `lower` (consecutive non-blank rows) as one two-row header, or `undefined` when
 * `lower` is not a sub-header row of `upper`. Without a `kind` (a CSV named `data.csv`) the two
 * rows together must name one sheet kind.
 */
export function twoRowHeader(
  kind: DataSheetKind | undefined,
  upper: readonly RawCell[],
  lower: readonly RawCell[],
): TwoRowHeader | undefined {
  const width = Math.max(upper.length, lower.length);
  const cells: RawCell[] = new Array(width);
  const fromLower: boolean[] = new Array(width);
  for (let index = 0; index < width; index++) {
    const below = !isBlank(lower[index]);
    cells[index] = below ? lower[index] : upper[index];
    fromLower[index] = below;
  }
  const sheetKind = kind ?? kindFromHeader(cells);
  if (!sheetKind || !isHeaderRow(sheetKind, cells)) return undefined;
  const groupUnits = groupsOf(sheetSchema(sheetKind), upper, lower, width);
  return groupUnits ? { kind: sheetKind, cells, fromLower, groupUnits } : undefined;
}
