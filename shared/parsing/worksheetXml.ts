/**
 * The cells of a worksheet part and the shared-strings part, read straight from their XML as it
 * is inflated. Cell values come out as the RawCell the sheet reader takes: text, numbers (a
 * date-formatted number as a Date, a percent-formatted one as the text the user sees),
 * booleans, and faults for error values and formulas without a cached result.
 */
import { CellFault, type RawCell, roundTo } from './values.ts';
import { decodeXml, type XmlAttributes, type XmlHandler } from './xml.ts';

/** Number formats (by cell style index) reduced to how they change reading. */
export type StyleReading = 'date' | 'percent' | undefined;

function isDateFormat(format: string): boolean {
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function isPercentFormat(format: string): boolean {
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

/** How each cell style's number format reads: dates become Date values, percentages the text shown. */
export function styleReadings(formats: readonly string[]): StyleReading[] {
  return formats.map((format) =>
    isDateFormat(format) ? 'date' : isPercentFormat(format) ? 'percent' : undefined,
  );
}

const DAY_MS = 86_400_000;

/** An Excel serial date as a Date (the 1900 system, or 1904 when the workbook says so). */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

/**
 * A copy of a string cut from a piece of XML text. The cut itself would keep the whole 64 KB
 * piece alive for as long as the string lives, and a shared string lives as long as the
 * workbook is read; the copy also takes one byte per character when it is ASCII (credit codes).
 * For 100 000 rows this halves the memory the table takes (about 5 MB).
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The strings of a shared-strings part, in order; rich-text runs joined, phonetic guides left out. */
export class SharedStringsReader implements XmlHandler {
  readonly strings: string[] = [];
  private inItem = false;
  private phonetic = 0;
  private inText = false;
  private pieces: string[] = [];

  get collecting(): boolean {
    return this.inText;
  }

  open(name: string): void {
    if (name === 'si') {
      this.inItem = true;
      this.pieces = [];
    } else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.inItem && this.phonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si') {
      this.strings.push(
        detached(this.pieces.length === 1 ? (this.pieces[0] as string) : this.pieces.join('')),
      );
      this.inItem = false;
    }
  }

  text(raw: string): void {
    this.pieces.push(decodeXml(raw));
  }
}

export interface WorksheetOptions {
  sharedStrings: readonly string[];
  styles: readonly StyleReading[];
  date1904: boolean;
  /** Cells a row needs (columns further right are not read). */
  width(): number;
  /**
   * One row; `cells[i]` is column i (A = 0), reused for the next row. Returns true to stop
   * reading the sheet.
   */
  row(rowNumber: number, cells: readonly RawCell[]): boolean;
}

/** What the cell being read has shown so far. */
interface PendingCell {
  index: number;
  type: string;
  style: number;
  formula: string | undefined;
  value: string | undefined;
}

/** Where the text inside a cell goes. */
type CellText = 'value' | 'formula' | 'inline' | undefined;

/** Rows of `<sheetData>`: `<row r>`, `<c r t s>` with `<v>`, `<f>` or `<is><t>` (rich runs joined). */
export class WorksheetReader implements XmlHandler {
  private readonly cells: RawCell[] = [];
  private rowNumber = 0;
  private inSheetData = false;
  private inRow = false;
  private lastIndex = -1;
  private cell: PendingCell | undefined;
  private target: CellText;
  private phonetic = 0;
  private stopped = false;

  constructor(private readonly options: WorksheetOptions) {}

  /** True once the row callback asked to stop. */
  get done(): boolean {
    return this.stopped;
  }

  get collecting(): boolean {
    return this.target !== undefined && this.phonetic === 0;
  }

  open(name: string, attributes: XmlAttributes): void {
    if (this.stopped) return;
    switch (name) {
      case 'sheetData':
        this.inSheetData = true;
        break;
      case 'row':
        if (this.inSheetData) this.startRow(attributes);
        break;
      case 'c':
        if (this.inRow) this.startCell(attributes);
        break;
      case 'v':
        if (this.cell) this.startText('value');
        break;
      case 'f':
        if (this.cell) this.startText('formula');
        break;
      case 't':
        if (this.cell?.type === 'inlineStr' && this.target === undefined) this.startText('inline');
        break;
      case 'rPh':
        this.phonetic++;
        break;
    }
  }

  close(name: string): void {
    if (this.stopped) return;
    switch (name) {
      case 'sheetData':
        this.inSheetData = false;
        break;
      case 'row':
        if (this.inRow) this.endRow();
        break;
      case 'c':
        if (this.cell) this.endCell(this.cell);
        break;
      case 'v':
      case 'f':
      case 't':
        this.target = undefined;
        break;
      case 'rPh':
        this.phonetic--;
        break;
    }
  }

  text(raw: string): void {
    const cell = this.cell as PendingCell;
    const text = decodeXml(raw);
    if (this.target === 'formula') cell.formula = (cell.formula ?? '') + text;
    else cell.value = (cell.value ?? '') + text;
  }

  private startText(target: CellText): void {
    this.target = target;
    // An element seen means a value or formula, even an empty one.
    const cell = this.cell as PendingCell;
    if (target === 'formula') cell.formula ??= '';
    else cell.value ??= '';
  }

  private startRow(attributes: XmlAttributes): void {
    const number = Number.parseInt(attributes.get('r') ?? '', 10);
    this.rowNumber = number > 0 ? number : this.rowNumber + 1;
    this.inRow = true;
    this.lastIndex = -1;
    this.cells.length = 0;
  }

  private startCell(attributes: XmlAttributes): void {
    const reference = attributes.get('r');
    const index = reference === undefined ? this.lastIndex + 1 : columnIndex(reference, this.lastIndex + 1);
    const style = attributes.get('s');
    this.lastIndex = index;
    this.cell = {
      index,
      type: attributes.get('t') ?? 'n',
      style: style === undefined ? 0 : Number.parseInt(style, 10) || 0,
      formula: undefined,
      value: undefined,
    };
    this.target = undefined;
  }

  private endCell(cell: PendingCell): void {
    this.cell = undefined;
    this.target = undefined;
    if (cell.index >= this.options.width()) return;
    const value = this.cellValue(cell);
    if (value === undefined) return;
    for (let i = this.cells.length; i < cell.index; i++) this.cells.push(undefined);
    this.cells[cell.index] = value;
  }

  private endRow(): void {
    this.inRow = false;
    if (this.options.row(this.rowNumber, this.cells)) this.stopped = true;
  }

  private cellValue(cell: PendingCell): RawCell {
    const text = cell.value;
    if (cell.formula !== undefined) {
      if (text === undefined)
        return new CellFault('FORMULA_NO_RESULT', cell.formula ? `=${cell.formula}` : '');
      // A formula's numeric result keeps its number (a date column reads serial numbers too).
      return this.typedValue(cell, text, false);
    }
    return text === undefined ? undefined : this.typedValue(cell, text, true);
  }

  private typedValue(cell: PendingCell, text: string, datesAsDates: boolean): RawCell {
    switch (cell.type) {
      case 's':
        return this.options.sharedStrings[Number.parseInt(text, 10)];
      case 'str':
      case 'inlineStr':
        return text;
      case 'e':
        return new CellFault('CELL_ERROR_VALUE', text);
      case 'b':
        return Number.parseInt(text, 10) !== 0;
      case 'd': {
        const date = new Date(text);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        if (text.trim() === '') return undefined;
        const number = Number(text);
        if (!Number.isFinite(number)) return new CellFault('CELL_ERROR_VALUE', text);
        const reading = this.options.styles[cell.style];
        if (reading === 'date' && datesAsDates) return excelDate(number, this.options.date1904);
        // A percent-formatted cell holds the fraction (0.125 shows as 12.5%): handed on as the text the user sees.
        if (reading === 'percent') return `${roundTo(number * 100, 10)}%`;
        return number;
      }
    }
  }
}

/** Column index of a cell reference (`B7` → 1); `fallback` when it has no letters. */
function columnIndex(reference: string, fallback: number): number {
  let index = 0;
  let letters = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) & ~0x20;
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
    letters++;
  }
  return letters === 0 ? fallback : index - 1;
}
