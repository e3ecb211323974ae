/**
 * The explanations table of a 填报说明 sheet (核实性审核说明, see `EXPLANATION_SHEET` in the
 * catalogue): any row whose cells name a subject column (指标或工作表, 指标代码, 指标名称 …) and a
 * text column (核实说明, 说明, 原因 …) is a header row, and the rows below it, up to the next such
 * header, are explanations, one per row. Everything else on the sheet (the template's own
 * instructions) is left alone. Which indicator or sheet a subject names is for validation to say.
 */
import { EXPLANATION_SHEET } from '../catalogue/sheets.ts';
import { columnLetter } from './layout.ts';
import { compact } from './normalise.ts';
import type { ExplanationEntry } from './types.ts';
import { cellText, type RawCell } from './values.ts';

/** An explanation longer than this is cut (with …): a report lists it beside every warning it explains. */
export const MAX_EXPLANATION_LENGTH = 500;

/** Header text compared without width, spaces, a trailing `*` or colon, and a trailing bracket (`说明（请写原因）`). */
function headerKey(text: string): string {
  return compact(text)
    .replace(/^\*+|[*:：]+$/g, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]$/, '');
}

const SUBJECT_KEYS: ReadonlySet<string> = new Set(
  [EXPLANATION_SHEET.subject.header, ...EXPLANATION_SHEET.subject.aliases].map(headerKey),
);
const TEXT_KEYS: ReadonlySet<string> = new Set(
  [EXPLANATION_SHEET.text.header, ...EXPLANATION_SHEET.text.aliases].map(headerKey),
);
const SHEET_NAMES: ReadonlySet<string> = new Set(EXPLANATION_SHEET.names.map(headerKey));

/** Whether a sheet of this name is read for explanations (and never as data). */
export function isExplanationSheetName(name: string): boolean {
  return SHEET_NAMES.has(headerKey(name));
}

/** Explanation text as kept: trimmed and at most MAX_EXPLANATION_LENGTH characters. */
export function explanationText(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_EXPLANATION_LENGTH ? `${trimmed.slice(0, MAX_EXPLANATION_LENGTH)}…` : trimmed;
}

interface TableColumns {
  subject: number;
  text: number;
}

/** The subject and text columns a header row names (the first of each), or `undefined`. */
function tableColumns(cells: readonly RawCell[]): TableColumns | undefined {
  let subject = -1;
  let text = -1;
  for (let index = 0; index < cells.length; index++) {
    const raw = cells[index];
    if (typeof raw !== 'string' || raw.length > 30) continue;
    const key = headerKey(raw);
    if (subject < 0 && SUBJECT_KEYS.has(key)) subject = index;
    else if (text < 0 && TEXT_KEYS.has(key)) text = index;
  }
  return subject >= 0 && text >= 0 ? { subject, text } : undefined;
}

/** Reads one 填报说明 sheet row by row; `entries` holds what it found (rows with a subject and a text). */
export class ExplanationSheetReader {
  private columns: TableColumns | undefined;
  readonly entries: ExplanationEntry[] = [];

  constructor(private readonly sheet: string) {}

  accept(row: number, cells: readonly RawCell[]): void {
    const header = tableColumns(cells);
    if (header) {
      this.columns = header;
      return;
    }
    if (!this.columns) return;
    const subject = cellText(cells[this.columns.subject]);
    const text = cellText(cells[this.columns.text]);
    // A subject without text is an explanation not yet written: its warning stays 待说明.
    if (subject === undefined || text === undefined) return;
    this.entries.push({
      sheet: this.sheet,
      row,
      cell: `${columnLetter(this.columns.text)}${row}`,
      subject,
      text: explanationText(text),
    });
  }
}
