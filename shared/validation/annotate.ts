/**
 * The annotated copy of an upload: the original workbook with a first sheet 校验结果 listing
 * every issue, and each problem cell filled red (error) or amber (warning) with a note. For CSV
 * uploads, or an original that cannot be opened, the workbook holds the list only.
 */
import type ExcelJS from 'exceljs';
// The Workbook module alone (see exceljsWorkbook.d.ts): the package index would bundle the streaming writer too.
import Workbook from 'exceljs/lib/doc/workbook.js';
import {
  type Severity,
  STATUS_TEXT,
  type ValidationIssue,
  type ValidationReport,
} from '../domain/validation.ts';
import { DEFAULT_LIMITS } from '../parsing/types.ts';
import { readZipDirectory, ZipProblem } from '../parsing/zip.ts';
import { applyPrintLayout } from '../reports/xlsx/printLayout.ts';
import { wrappedRowHeight } from '../reports/xlsx/reportSheet.ts';
import {
  explanationLine,
  explanationPlace,
  explanationStateOf,
  explanationStateText,
} from './explanationState.ts';
import { isUnreadableFileIssue } from './issueLevels.ts';

export const RESULT_SHEET_NAME = '校验结果';

/** ARGB fills: Excel's own light red and amber for bad and doubtful cells. */
export const ISSUE_FILLS: Record<Severity, string> = { error: 'FFFFC7CE', warning: 'FFFFEB9C' };

const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告' };
/** Tab colour of the result sheet: red rejected, amber partly accepted, green accepted. */
const STATUS_TABS: Record<ValidationReport['status'], string> = {
  accepted: 'FF00B050',
  accepted_with_warnings: 'FF00B050',
  partially_accepted: 'FFFFC000',
  rejected: 'FFC00000',
};

const LIST_COLUMNS = [
  { header: '严重程度', width: 9 },
  { header: '代码', width: 22 },
  { header: '工作表', width: 14 },
  { header: '行', width: 6 },
  { header: '列', width: 20 },
  { header: '单元格', width: 8 },
  { header: '值', width: 20 },
  { header: '说明', width: 60 },
  // Verification warnings (核实性审核): 已说明 with the city's words, or 待说明 with where to write them.
  { header: '核实状态', width: 9 },
  { header: '核实说明', width: 40 },
] as const;

/** Columns of the list that wrap their text: 说明 and 核实说明. */
const WRAPPED_COLUMNS = [8, 10] as const;

/** Fill of the 核实状态 cell: Excel's light green for 已说明, amber (as warnings) for 待说明. */
const EXPLANATION_FILLS = { explained: 'FFC6EFCE', pending: ISSUE_FILLS.warning } as const;

/** exceljs reads and writes `tabSelected` on sheet views but does not type it. */
interface TabView {
  tabSelected?: boolean;
}

/**
 * The original is opened in memory, as exceljs writes workbooks with their styles, merges and
 * notes: 35–40 MB of memory per MB of its XML, so a 100,000-row sheet (53 MB of XML) would need
 * 2 GB, more than the ingest function has; 16 MB (some 30,000 rows) need about 600 MB. Larger
 * originals get the list alone.
 */
export const ANNOTATE_MAX_XML_BYTES = 16 * 1024 * 1024;

export async function writeAnnotatedWorkbook(
  report: ValidationReport,
  original?: Buffer,
  { maxXmlBytes = ANNOTATE_MAX_XML_BYTES }: { maxXmlBytes?: number } = {},
): Promise<Buffer> {
  const why = original ? whyNotMarked(report, original, maxXmlBytes) : undefined;
  const loaded = original && !why ? await loadWorkbook(original) : undefined;
  if (loaded) {
    const marked = markCells(loaded, report);
    addResultSheet(loaded, report, { marked });
    try {
      return Buffer.from(await loaded.xlsx.writeBuffer());
    } catch {
      // exceljs opened the file but cannot write it back: the list alone still helps.
    }
  }
  const list = new Workbook();
  const unmarked = original ? (why ?? ORIGINAL_UNREADABLE) : undefined;
  addResultSheet(list, report, { marked: 0, ...(unmarked ? { unmarked } : {}) });
  return Buffer.from(await list.xlsx.writeBuffer());
}

const ORIGINAL_UNREADABLE = '原文件无法打开，无法在原表中标注，请按本表所列问题修改。';

/** Why the original is not opened to mark its cells, or `undefined` when it is. */
function whyNotMarked(report: ValidationReport, original: Buffer, maxXmlBytes: number): string | undefined {
  // After a file-level read error the original is not opened again (a zip bomb stays packed).
  if (report.issues.some(isUnreadableFileIssue)) return ORIGINAL_UNREADABLE;
  const entries = readZipDirectory(original, DEFAULT_LIMITS);
  if (entries instanceof ZipProblem) return ORIGINAL_UNREADABLE;
  const xmlBytes = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (xmlBytes <= maxXmlBytes) return undefined;
  return `原工作簿较大（解压后 ${Math.ceil(xmlBytes / 1048576)} MB），未在原表中逐格标注，请按本表所列的工作表、行、列查找问题。`;
}

async function loadWorkbook(original: Buffer): Promise<ExcelJS.Workbook | undefined> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(original as unknown as ArrayBuffer);
    return workbook;
  } catch {
    // A feature exceljs cannot open: the list alone still helps.
    return undefined;
  }
}

/** Fills and notes every cell an issue points at; returns how many cells were marked. */
function markCells(workbook: ExcelJS.Workbook, report: ValidationReport): number {
  const issues = report.issues;
  const byCell = new Map<string, { worksheet: ExcelJS.Worksheet; cell: string; issues: ValidationIssue[] }>();
  for (const issue of issues) {
    const worksheet = issue.cell ? workbook.getWorksheet(issue.sheet) : undefined;
    if (!worksheet || !issue.cell || !cellExists(worksheet, issue.cell)) continue;
    const key = `${worksheet.id}!${issue.cell}`;
    const entry = byCell.get(key) ?? { worksheet, cell: issue.cell, issues: [] };
    entry.issues.push(issue);
    byCell.set(key, entry);
  }
  for (const { worksheet, cell: address, issues: cellIssues } of byCell.values()) {
    const cell = worksheet.getCell(address);
    const severity: Severity = cellIssues.some((issue) => issue.severity === 'error') ? 'error' : 'warning';
    // Styles are shared between cells after loading: give this cell its own copy.
    cell.style = {
      ...cell.style,
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: ISSUE_FILLS[severity] } },
    };
    const text = cellIssues.map((issue) => cellNoteOf(issue, report)).join('\n');
    const existing = noteText(cell.note);
    cell.note = existing ? `${existing}\n${text}` : text;
  }
  return byCell.size;
}

/** The note of one issue on its cell: the message and, for a verification warning, 已说明：… or 待说明：…. */
function cellNoteOf(issue: ValidationIssue, report: ValidationReport): string {
  const explanation = explanationLine(issue, report.format);
  return `【${SEVERITY_LABELS[issue.severity]}】${issue.message}${explanation ? `\n${explanation}` : ''}`;
}

/** The 核实说明 cell: the city's explanation and where it was written, or where to write one. */
function explanationCell(issue: ValidationIssue, report: ValidationReport): string | null {
  const state = explanationStateOf(issue);
  if (state === 'explained')
    return `${issue.explanation ?? ''}${issue.explanationSource ? `（${issue.explanationSource}）` : ''}`;
  return state ? explanationPlace(report.format) : null;
}

/** A cell of the sheet's used range (an issue about a row the sheet does not have stays in the list). */
function cellExists(worksheet: ExcelJS.Worksheet, address: string): boolean {
  const match = /^([A-Z]{1,3})(\d{1,7})$/.exec(address);
  if (!match?.[1] || !match[2]) return false;
  const column = [...match[1]].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0);
  const row = Number(match[2]);
  return row >= 1 && row <= worksheet.rowCount && column >= 1 && column <= Math.max(worksheet.columnCount, 1);
}

function noteText(note: ExcelJS.Comment | string | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((part) => part.text).join('');
}

function addResultSheet(
  workbook: ExcelJS.Workbook,
  report: ValidationReport,
  context: { marked: number; unmarked?: string },
) {
  const previous = workbook.getWorksheet(RESULT_SHEET_NAME);
  if (previous) workbook.removeWorksheet(previous.id);
  const sheet = workbook.addWorksheet(RESULT_SHEET_NAME, {
    properties: { tabColor: { argb: STATUS_TABS[report.status] } },
  });
  // First tab, and the one that opens: exceljs orders sheets by `orderNo` (untyped) when writing.
  const ordered = (worksheet: ExcelJS.Worksheet) => worksheet as ExcelJS.Worksheet & { orderNo: number };
  ordered(sheet).orderNo = Math.min(0, ...workbook.worksheets.map((other) => ordered(other).orderNo)) - 1;
  for (const other of workbook.worksheets)
    for (const view of other.views ?? []) (view as TabView).tabSelected = false;
  workbook.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' },
  ];

  const summary = summaryLines(report, context);
  sheet.getCell('A1').value = '数据校验结果';
  sheet.getCell('A1').font = { bold: true, size: 14 };
  summary.forEach((line, index) => {
    sheet.getCell(`A${index + 2}`).value = line;
  });
  const headerRow = summary.length + 3;
  sheet.columns = LIST_COLUMNS.map((column) => ({ width: column.width }));
  const header = sheet.getRow(headerRow);
  header.values = LIST_COLUMNS.map((column) => column.header);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  });

  report.issues.forEach((issue, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    // Every text from the upload is set as a string value, so `=1+1` stays text, never a formula.
    row.values = [
      SEVERITY_LABELS[issue.severity],
      issue.code,
      issue.sheet,
      issue.row ?? null,
      issue.column ?? null,
      issue.cell ?? null,
      issue.value ?? null,
      issue.message,
      explanationStateText(issue) ?? null,
      explanationCell(issue, report),
    ];
    row.getCell(1).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: ISSUE_FILLS[issue.severity] },
    };
    const state = explanationStateOf(issue);
    if (state)
      row.getCell(9).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: EXPLANATION_FILLS[state] },
      };
    row.eachCell((cell) => {
      cell.alignment = { vertical: 'top' };
    });
    // Excel and LibreOffice do not grow a row for wrapped text written by a program: give it the height.
    row.height = Math.max(
      ...WRAPPED_COLUMNS.map((column) => {
        row.getCell(column).alignment = { wrapText: true, vertical: 'top' };
        return wrappedRowHeight(
          String(row.getCell(column).value ?? ''),
          LIST_COLUMNS[column - 1]?.width ?? 10,
        );
      }),
    );
  });
  sheet.views = [
    { state: 'frozen', ySplit: headerRow, tabSelected: true } as Partial<ExcelJS.WorksheetView> & TabView,
  ];
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow + report.issues.length, column: LIST_COLUMNS.length },
  };
  // Every sheet prints the same way: the upload's own sheets with their first row repeated.
  for (const worksheet of workbook.worksheets)
    applyPrintLayout(worksheet, {
      title: worksheet === sheet ? '数据校验结果' : `${worksheet.name}（已标注校验问题）`,
      headerRows: worksheet === sheet ? headerRow : worksheet.rowCount > 0 ? 1 : undefined,
    });
}

function summaryLines(report: ValidationReport, context: { marked: number; unmarked?: string }): string[] {
  const lines = [
    `文件：${report.file}　城市：${report.city}　报告期：${report.period}　结果：${STATUS_TEXT[report.status]}${report.late ? '（迟报）' : ''}`,
    ...(report.headline ? [report.headline] : []),
    `错误 ${report.counts.errors} 个，警告 ${report.counts.warnings} 个。${
      report.truncated ? `问题较多，以下仅列出前 ${report.issues.length} 个（错误在前）。` : ''
    }`,
  ];
  if (report.sheets.length > 0) {
    lines.push(
      `各工作表：${report.sheets.map((sheet) => `${sheet.name} ${STATUS_TEXT[sheet.status]}（${sheet.rows} 行）`).join('；')}`,
    );
  }
  const ignored = report.ignoredSheets ?? [];
  if (ignored.length > 0)
    lines.push(`未读取的工作表：${ignored.map((sheet) => `${sheet.name}（${sheet.reason}）`).join('；')}`);
  if (report.explanations) {
    const { explained, pending } = report.explanations;
    lines.push(
      `需核实的警告 ${explained + pending} 个：已说明 ${explained} 个，待说明 ${pending} 个。${
        pending > 0 ? `数值无误时不必修改，${explanationPlace(report.format)}后重新上传。` : ''
      }`,
    );
  }
  if (context.marked > 0)
    lines.push('有问题的单元格已标色（红色为错误，黄色为警告），鼠标移到单元格上可查看批注说明。');
  if (context.unmarked) lines.push(context.unmarked);
  for (const note of report.notes ?? []) lines.push(note);
  return lines;
}
