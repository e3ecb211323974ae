/**
 * exceljs' in-memory Workbook on its own: importing the module directly keeps the streaming
 * reader and writer (and the archiver, glob and unzip stacks they bring) out of the bundles that
 * only annotate uploads.
 */
declare module 'exceljs/lib/doc/workbook.js' {
  import type ExcelJS from 'exceljs';

  const Workbook: typeof ExcelJS.Workbook;
  export default Workbook;
}
