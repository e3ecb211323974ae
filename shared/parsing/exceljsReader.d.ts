/**
 * exceljs' streaming workbook reader and its enums on their own: importing the modules directly
 * keeps the writers, the CSV module and their dependencies out of the ingest bundle.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookReader: typeof ExcelJS.stream.xlsx.WorkbookReader;
  export default WorkbookReader;
}

declare module 'exceljs/lib/doc/enums.js' {
  import type ExcelJS from 'exceljs';

  const enums: { ValueType: typeof ExcelJS.ValueType };
  export default enums;
}
