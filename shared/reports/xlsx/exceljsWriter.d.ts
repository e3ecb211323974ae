/**
 * exceljs' streaming workbook writer on its own: importing the module directly keeps the rest of
 * exceljs (readers, CSV, the in-memory workbook and their dependencies) out of the roll-up bundle.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
