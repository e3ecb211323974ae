/**
 * The auxiliary rows Chinese statistical forms (统计报表) put directly below the header, before the
 * data: a unit row (计量单位), which gives each column its unit, and a column-number row (栏次:
 * 甲, 乙, 丙, … for the descriptive columns, then 1, 2, 3, … for the numeric ones).
 *
 * Recognition is strict, so that a data row is never taken for one of them. A data row fills its
 * name and credit code (or indicator, title) with text that is neither a unit nor a dash nor a
 * stem of 甲乙丙…, and so matches neither pattern:
 * - a unit row holds, within the header's width, only text cells that are a known unit (`件`,
 *   `万元`, `（元）`, `单位：元`, `%`), a dash (`—`, `-`, `/`) or, once, the label `计量单位` / `单位`;
 *   and at least one unit or the label;
 * - a 栏次 row holds only, left to right, at most one label (`栏次`, `序号`, …) in its first filled
 *   cell, stems 甲, 乙, 丙, … in order, and numbers (`1`, `（2）`, `③`, or number cells) each one
 *   more than the last, at least two of them; and the label or at least one stem. A row of numbers
 *   alone is not taken for a 栏次 row: it may be a data row whose text cells were left empty, whose
 *   errors must be reported rather than the row skipped.
 *
 * Only header logic: the reader asks this for at most two rows below the header, never for a data row.
 */
import { compact, isKnownUnit } from './normalise.ts';
import type { RawCell } from './values.ts';

/** A unit row's units by column, as the catalogue spells them (`元`, `件`, `%`). */
export interface UnitCells {
  units: Array<string | undefined>;
  /** The unit cells as written (`（元）`), for issues. */
  written: Array<string | undefined>;
}

export type AuxiliaryRow = ({ kind: 'units' } & UnitCells) | { kind: 'columnNumbers' };

const UNIT_LABELS: ReadonlySet<string> = new Set(['计量单位', '单位']);
const COLUMN_NUMBER_LABELS: ReadonlySet<string> = new Set(['栏次', '栏号', '列次', '列号', '序号', '编号']);
const STEMS = '甲乙丙丁戊己庚辛壬癸';
/** Dashes people write under text columns of a unit row (after `compact`). */
const DASH = /^[-\u2010-\u2015\u2212\u2500/]{1,4}$/;
/** One enclosing pair of brackets (after `compact`, full-width brackets are half-width). */
const BRACKETED = /^[([【〔]([^()[\]【】〔〕]*)[)\]】〕]$/;

/** The comparable text of a cell: compacted, without a trailing colon and one enclosing pair of brackets. */
function bare(text: string): string {
  const plain = compact(text).replace(/:$/, '');
  return BRACKETED.exec(plain)?.[1] ?? plain;
}

/** The unit a unit-row cell names (`元`, `（件）`, `单位：万元`), or `undefined`. */
function unitOf(text: string): string | undefined {
  const unit = bare(text).replace(/^(?:计量)?单位:?/, '');
  return unit !== '' && isKnownUnit(unit) ? unit : undefined;
}

function unitRow(cells: readonly RawCell[], width: number): UnitCells | undefined {
  const units = new Array<string | undefined>(width).fill(undefined);
  const written = new Array<string | undefined>(width).fill(undefined);
  let found = false;
  let labelled = false;
  for (let index = 0; index < width; index++) {
    const raw = cells[index];
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string') return undefined;
    const text = raw.trim();
    if (text === '') continue;
    const unit = unitOf(text);
    if (unit !== undefined) {
      units[index] = unit;
      written[index] = text;
      found = true;
      continue;
    }
    const plain = bare(text);
    if (DASH.test(plain)) continue;
    if (UNIT_LABELS.has(plain) && !labelled) {
      labelled = true;
      continue;
    }
    return undefined;
  }
  return found || labelled ? { units, written } : undefined;
}

/** The column number a 栏次 cell holds (`3`, `（3）`, `③`, a number cell), or `undefined`. */
function columnNumberOf(raw: string | number): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 1 && raw < 1000 ? raw : undefined;
  const text = bare(raw);
  return /^[1-9]\d{0,2}$/.test(text) ? Number(text) : undefined;
}

function isColumnNumberRow(cells: readonly RawCell[], width: number): boolean {
  let filled = 0;
  let labelled = false;
  let stem = -1;
  let last = 0;
  let numbers = 0;
  for (let index = 0; index < width; index++) {
    const raw = cells[index];
    if (raw === null || raw === undefined) continue;
    if (typeof raw === 'string' && raw.trim() === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number') return false;
    filled++;
    const number = columnNumberOf(raw);
    if (number !== undefined) {
      if (numbers > 0 && number !== last + 1) return false;
      last = number;
      numbers++;
      continue;
    }
    if (typeof raw !== 'string') return false;
    const text = bare(raw);
    const at = text.length === 1 ? STEMS.indexOf(text) : -1;
    if (at >= 0) {
      if (stem >= 0 && at !== stem + 1) return false;
      stem = at;
      continue;
    }
    if (filled === 1 && COLUMN_NUMBER_LABELS.has(text)) {
      labelled = true;
      continue;
    }
    return false;
  }
  return numbers >= 2 && (labelled || stem >= 0);
}

/**
 * The auxiliary row `cells` is, looking at its first `width` cells (the header's), or
 * `undefined` when it is neither a unit row nor a 栏次 row (a data row, or anything else).
 */
export function auxiliaryRow(cells: readonly RawCell[], width: number): AuxiliaryRow | undefined {
  const units = unitRow(cells, width);
  if (units) return { kind: 'units', ...units };
  return isColumnNumberRow(cells, width) ? { kind: 'columnNumbers' } : undefined;
}
