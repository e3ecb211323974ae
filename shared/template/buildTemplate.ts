/**
 * The template workbook cities download and fill in (填报模板), generated from the catalogue: a
 * 填报说明 sheet, 基本信息, and every data sheet with its headers, drop-down lists, number checks,
 * input prompts and number formats, so that most mistakes are caught while typing.
 */
import ExcelJS from 'exceljs';
import { INDICATORS } from '../catalogue/indicators.ts';
import {
  BASIC_INFO_LABELS,
  type ColumnDefinition,
  DATA_SHEET_KINDS,
  type DataSheetKind,
  sheetDefinition,
  templateHeader,
} from '../catalogue/sheets.ts';
import { parseQuarter, type QuarterPeriod } from '../domain/period.ts';
import { type City, findCity } from '../domain/registry.ts';
import { applyPrintLayout, columnPagesWhenTooWide, paperForWidths } from '../reports/xlsx/printLayout.ts';
import { wrappedRowHeight } from '../reports/xlsx/reportSheet.ts';
import {
  columnCheck,
  columnNumberFormat,
  columnRule,
  indicatorCheck,
  NUMBER_FORMATS,
  promptOnly,
  templateHeaderCell,
  unitNumberFormat,
  withMessages,
} from './columnRules.ts';
import { EXPLANATION_HEADING, type InstructionLine, instructionLines } from './instructions.ts';

export interface TemplateOptions {
  registry: readonly City[];
  /** Pre-fills 基本信息 (code and name) and the targets in 填报说明. */
  city?: string;
  /** Pre-fills 基本信息 and states the deadline in 填报说明. */
  period?: string;
  deadlineDays: number;
}

export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

export const INSTRUCTIONS_SHEET_NAME = '填报说明';
/** Detail sheets get their checks on rows 2 … TEMPLATE_ROWS. */
export const TEMPLATE_ROWS = 1000;

const HEADER_FILL = 'FFD9E1F2';
const PREFILLED_FILL = 'FFF2F2F2';
const REQUIRED_FONT = 'FFC00000';

export async function buildTemplateWorkbook(options: TemplateOptions): Promise<Buffer> {
  const city = options.city === undefined ? undefined : findCity(options.registry, options.city);
  if (options.city !== undefined && !city)
    throw new TemplateError(`城市代码 ${options.city} 不在城市名录中，无法生成该城市的模板`);
  let period: QuarterPeriod | undefined;
  try {
    period = options.period === undefined ? undefined : parseQuarter(options.period);
  } catch (cause) {
    throw new TemplateError(`报告期格式错误：${options.period}（应为季度，如 2024Q3）`, { cause });
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ipstats';
  workbook.title = '知识产权运营服务体系建设统计数据填报模板';
  addInstructions(workbook, instructionLines({ city, period, deadlineDays: options.deadlineDays }));
  addBasicInfo(workbook, city, period);
  for (const kind of DATA_SHEET_KINDS) addDataSheet(workbook, kind);
  const printed = [TEMPLATE_PRINT_TITLE, city ? `${city.name}（${city.code}）` : '', period?.code ?? '']
    .filter(Boolean)
    .join(' ');
  for (const sheet of workbook.worksheets) {
    const widths = sheet.columns.map((column) => column.width ?? 9);
    // A3 for sheets too wide to read at one A4 page width; 重点企业 is too wide even for A3, so it
    // prints across pages with its first column (the enterprise) on each. The program breaks
    // between columns itself: every column is a group of its own.
    const across = columnPagesWhenTooWide(widths, 1);
    applyPrintLayout(sheet, {
      title: `${printed} — ${sheet.name}`,
      headerRows: sheet.name === INSTRUCTIONS_SHEET_NAME ? undefined : 1,
      paper: across ? 'A3' : paperForWidths(widths),
      ...(across ? { columnPages: across } : {}),
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs writes range validations (`B2:B1000`) in one element but does not type the collection. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Page header of every printed page of the template. */
const TEMPLATE_PRINT_TITLE = '知识产权运营服务体系建设统计数据填报模板';

function validate(sheet: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation) {
  (sheet as ExcelJS.Worksheet & RangeValidations).dataValidations.add(range, validation);
}

// Column D holds the rule codes of 三、校验规则 (EXPLANATION_SUBJECT_UNKNOWN: 27 characters, one line).
const INSTRUCTION_WIDTHS = [16, 44, 14, 29, 22, 63];

function addInstructions(workbook: ExcelJS.Workbook, lines: readonly InstructionLine[]) {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET_NAME, {
    properties: { tabColor: { argb: 'FF4472C4' } },
  });
  sheet.columns = INSTRUCTION_WIDTHS.map((width) => ({ width }));
  lines.forEach((line, index) => {
    const row = sheet.getRow(index + 1);
    switch (line.kind) {
      case 'title':
        row.getCell(1).value = line.text;
        row.font = { bold: true, size: 16 };
        row.height = 26;
        break;
      case 'heading':
        row.getCell(1).value = line.text;
        row.font = { bold: true, size: 12 };
        if (line.newPage && index > 0) sheet.getRow(index).addPageBreak();
        break;
      case 'text':
        writeParagraph(sheet, row, line.text);
        break;
      case 'tableHeader':
      case 'tableRow':
        writeTableRow(sheet, row, line.cells, line.kind === 'tableHeader');
        break;
      case 'inputRows':
        // Rows after this one: the input rows come last on the sheet.
        for (let offset = 0; offset < line.count; offset++)
          writeInputRow(sheet, sheet.getRow(index + 1 + offset), line);
        break;
      case 'blank':
        break;
    }
  });
}

const SHEET_WIDTH = INSTRUCTION_WIDTHS.reduce((total, width) => total + width, 0);

/** A paragraph across the sheet's columns, wrapped, so that a long rule neither runs off the page nor shrinks it. */
function writeParagraph(sheet: ExcelJS.Worksheet, row: ExcelJS.Row, text: string) {
  row.getCell(1).value = text;
  row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(row.number, 1, row.number, INSTRUCTION_WIDTHS.length);
  row.height = wrappedRowHeight(text, SHEET_WIDTH);
}

/** A table row whose last cell spans to the last column, wrapped, with a height to show it. */
function writeTableRow(
  sheet: ExcelJS.Worksheet,
  row: ExcelJS.Row,
  cells: readonly string[],
  header: boolean,
) {
  cells.forEach((text, index) => {
    const cell = row.getCell(index + 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.border = THIN_BORDER;
    if (header) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  if (header) row.font = { bold: true };
  const last = cells.length;
  if (last < INSTRUCTION_WIDTHS.length)
    sheet.mergeCells(row.number, last, row.number, INSTRUCTION_WIDTHS.length);
  const spanWidth = INSTRUCTION_WIDTHS.slice(last - 1).reduce((total, width) => total + width, 0);
  // Excel does not grow merged rows by itself.
  row.height = Math.max(
    ...cells.map((text, index) =>
      wrappedRowHeight(text, index === last - 1 ? spanWidth : (INSTRUCTION_WIDTHS[index] ?? 10)),
    ),
  );
}

const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  bottom: { style: 'thin' },
  left: { style: 'thin' },
  right: { style: 'thin' },
};

/** An empty table row for the city to write in: bordered, its last cell spanning to the last column, with an input prompt. */
function writeInputRow(
  sheet: ExcelJS.Worksheet,
  row: ExcelJS.Row,
  line: Extract<InstructionLine, { kind: 'inputRows' }>,
) {
  for (let column = 1; column <= INSTRUCTION_WIDTHS.length; column++) {
    const cell = row.getCell(column);
    cell.border = THIN_BORDER;
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.numFmt = NUMBER_FORMATS.text;
  }
  row.getCell(line.columns).dataValidation = promptOnly(line.prompt.title, line.prompt.text);
  sheet.mergeCells(row.number, line.columns, row.number, INSTRUCTION_WIDTHS.length);
  row.height = 33;
}

function styleHeader(row: ExcelJS.Row, columns: readonly { required: boolean }[]) {
  // Long headers (知识产权保险保障金额（万元）) wrap in their columns: as many lines as the longest needs.
  let height = 32;
  row.eachCell((cell, number) => {
    height = Math.max(height, wrappedRowHeight(cell.text, row.worksheet.getColumn(number).width ?? 9));
  });
  row.height = height;
  row.eachCell((cell, number) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.font = { bold: true, ...(columns[number - 1]?.required ? { color: { argb: REQUIRED_FONT } } : {}) };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
}

function addBasicInfo(workbook: ExcelJS.Workbook, city: City | undefined, period: QuarterPeriod | undefined) {
  const definition = sheetDefinition('info');
  const sheet = workbook.addWorksheet(definition.name);
  sheet.columns = [{ width: 14 }, { width: 40, style: { numFmt: NUMBER_FORMATS.text } }];
  sheet.addRow(definition.columns.map((column) => column.header));
  styleHeader(sheet.getRow(1), [{ required: false }, { required: false }]);
  const prefilled: Partial<Record<(typeof BASIC_INFO_LABELS)[number]['field'], string>> = {
    ...(city ? { cityCode: city.code, cityName: city.name } : {}),
    ...(period ? { period: period.code } : {}),
  };
  const prompts: Record<(typeof BASIC_INFO_LABELS)[number]['field'], string> = {
    cityCode: '6 位行政区划代码，须与上传路径中的城市代码一致',
    cityName: '城市（区）名称',
    period: '季度，如 2024Q3，须与上传路径中的报告期一致',
    reportingUnit: '填报单位全称',
    contactPerson: '填报人姓名',
    phone: '联系电话',
    filledOn: '日期，如 2024-10-08',
  };
  for (const { field, label } of BASIC_INFO_LABELS) {
    const row = sheet.addRow([label, prefilled[field] ?? null]);
    row.getCell(1).font = { bold: true };
    const value = row.getCell(2);
    if (prefilled[field])
      value.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PREFILLED_FILL } };
    if (field === 'filledOn') {
      value.numFmt = NUMBER_FORMATS.date;
      const dateColumn: ColumnDefinition = { field, header: label, type: 'date', required: false };
      value.dataValidation = withMessages(columnCheck(dateColumn)!, label, prompts[field]);
    } else if (field === 'cityCode') {
      value.dataValidation = withMessages(
        {
          type: 'textLength',
          operator: 'equal',
          formulae: [6],
          allowBlank: true,
          error: '城市代码应为 6 位数字',
        },
        label,
        prompts[field],
      );
    } else {
      value.dataValidation = promptOnly(label, prompts[field]);
    }
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function addDataSheet(workbook: ExcelJS.Workbook, kind: DataSheetKind) {
  const definition = sheetDefinition(kind);
  const sheet = workbook.addWorksheet(definition.name);
  sheet.columns = definition.columns.map((column) => {
    const numFmt = kind === 'core' ? undefined : columnNumberFormat(column);
    return { width: columnWidth(column), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  sheet.addRow(definition.columns.map(templateHeaderCell));
  styleHeader(sheet.getRow(1), definition.columns);
  definition.columns.forEach((column, index) => {
    if (column.role === 'note') sheet.getRow(1).getCell(index + 1).note = noteHeaderComment(column);
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  if (kind === 'core') fillCoreRows(sheet);
  else addColumnChecks(sheet, definition.columns);
}

/** The comment on a 备注 header: what to write there (核实性审核说明) and the other place for it. */
export function noteHeaderComment(column: ColumnDefinition): string {
  const prompt = column.prompt ?? '系统提示需核实的警告时，请在本行备注中说明原因';
  return `${prompt}。也可写在“${INSTRUCTIONS_SHEET_NAME}”表末尾的“${EXPLANATION_HEADING}”中。数值无误时不必修改，写明原因后校验结果中该警告即为“已说明”。`;
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function addColumnChecks(sheet: ExcelJS.Worksheet, columns: readonly ColumnDefinition[]) {
  columns.forEach((column, index) => {
    const letter = columnLetter(index);
    const check = columnCheck(column);
    const title = templateHeader(column);
    const validation = check
      ? withMessages(check, title, columnRule(column))
      : promptOnly(title, columnRule(column));
    validate(sheet, `${letter}2:${letter}${TEMPLATE_ROWS}`, validation);
  });
}

/** One row per indicator: code, name and unit filled in (grey), 本期值 checked by the unit. */
function fillCoreRows(sheet: ExcelJS.Worksheet) {
  const columns = sheetDefinition('core').columns;
  const at = (field: string) => columns.findIndex((column) => column.field === field) + 1;
  INDICATORS.forEach((indicator, index) => {
    const row = sheet.getRow(index + 2);
    row.getCell(at('code')).value = indicator.code;
    row.getCell(at('name')).value = indicator.name;
    row.getCell(at('unit')).value = indicator.unit;
    for (const field of ['code', 'name', 'unit']) {
      row.getCell(at(field)).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PREFILLED_FILL } };
    }
    const value = row.getCell(at('value'));
    value.numFmt = unitNumberFormat(indicator.unit);
    value.dataValidation = indicatorCheck(indicator);
  });
}

/**
 * Widths that print readably: the wide sheets (重点企业, 16 columns) fit an A3 page width at about
 * two thirds of their size. Headers wrap over up to three lines (`styleHeader`), so value columns
 * need not be as wide as their header.
 */
function columnWidth(column: ColumnDefinition): number {
  if (column.type === 'indicatorName') return 50;
  if (column.field === 'name' || column.field === 'title') return 30;
  if (column.field === 'practice') return 40;
  if (column.field === 'recommendReason' || column.field === 'note') return 24;
  if (column.type === 'uscc') return 22;
  // About two width units per Chinese character of the header, between 10 and 14.
  return Math.max(10, Math.min(14, templateHeader(column).length * 2 + 2));
}
