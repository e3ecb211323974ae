/** Reads a produced workbook back with exceljs, as an analyst's spreadsheet program would. */
import ExcelJS from 'exceljs';

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found)
    throw new Error(`no sheet ${name}; sheets: ${workbook.worksheets.map((s) => s.name).join(', ')}`);
  return found;
}

/** The values of row `number` from column A, empty cells as null. */
export function rowValues(worksheet: ExcelJS.Worksheet, number: number): unknown[] {
  const row = worksheet.getRow(number);
  return Array.from({ length: row.cellCount }, (_, index) => row.getCell(index + 1).value ?? null);
}

/** The first row whose column-A text equals `text`. */
export function rowStartingWith(worksheet: ExcelJS.Worksheet, text: string): ExcelJS.Row {
  for (let number = 1; number <= worksheet.rowCount; number++) {
    if (worksheet.getRow(number).getCell(1).value === text) return worksheet.getRow(number);
  }
  throw new Error(`no row starting with ${text} in ${worksheet.name}`);
}

/** Column number (1-based) of the header `label` in row `headerRow`. */
export function columnOf(worksheet: ExcelJS.Worksheet, headerRow: number, label: string): number {
  const row = worksheet.getRow(headerRow);
  for (let column = 1; column <= row.cellCount; column++)
    if (row.getCell(column).value === label) return column;
  throw new Error(`no header ${label} in row ${headerRow} of ${worksheet.name}`);
}

/** Every cell value of every sheet, for comparing two renders. */
export function allValues(workbook: ExcelJS.Workbook): Record<string, unknown[][]> {
  const result: Record<string, unknown[][]> = {};
  for (const worksheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    worksheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push(Array.from({ length: row.cellCount }, (_, index) => row.getCell(index + 1).value ?? null));
    });
    result[worksheet.name] = rows;
  }
  return result;
}

/**
 * The print layout every workbook we write has (`printLayout.ts`), read back from the file:
 * landscape A4 or A3, one page wide, a page header and a `第 x 页，共 y 页` footer.
 */
export function printSetupOf(worksheet: ExcelJS.Worksheet): {
  paper: 'A4' | 'A3' | 'other';
  landscape: boolean;
  onePageWide: boolean;
  header: string;
  footer: string;
  repeatedRows: string | undefined;
  /** Columns repeated at the left of every page (a table printed across pages). */
  repeatedColumns: string | undefined;
  /** Print scale in percent when not fitted to a page width. */
  scale: number | undefined;
} {
  const setup = worksheet.pageSetup;
  const paperSize = setup.paperSize as number | undefined;
  return {
    paper: paperSize === 9 ? 'A4' : paperSize === 8 ? 'A3' : 'other',
    landscape: setup.orientation === 'landscape',
    onePageWide: setup.fitToPage === true && setup.fitToWidth === 1 && setup.fitToHeight === 0,
    header: worksheet.headerFooter.oddHeader ?? '',
    footer: worksheet.headerFooter.oddFooter ?? '',
    repeatedRows: setup.printTitlesRow,
    repeatedColumns: setup.printTitlesColumn,
    scale: setup.fitToPage ? undefined : setup.scale,
  };
}

/** The sheets of the national summary workbook, in order; a province's has all but 省份汇总. */
export const NATIONAL_SHEETS = [
  '概览',
  '需关注',
  '省份汇总',
  '城市指标',
  '目标完成',
  '同比增长',
  '典型企业',
  '典型模式',
  '填报情况',
  '数据质量',
  '说明',
];
