/**
 * The parts of an xlsx package that the reader needs, found the way Excel finds them (package
 * relationships → workbook → workbook relationships), so that files whose parts are not at the
 * usual paths still open. Only small XML parts are read here; worksheets are left to exceljs.
 */
import { entryText, type ZipEntry, ZipProblem } from './zip.ts';

export interface WorkbookSheet {
  /** Sheet name as shown on the tab. */
  name: string;
  hidden: boolean;
  /** The worksheet part; absent for chart sheets and sheets without content (`skipped` says why). */
  entry?: ZipEntry;
  /** Why the sheet has no worksheet part to read. */
  skipped?: string;
}

export interface WorkbookParts {
  sheets: WorkbookSheet[];
  sharedStrings?: ZipEntry;
  styles?: ZipEntry;
  date1904: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Attributes of each `<tag …>` element (any namespace prefix), in document order. */
export function elements(xml: string, tag: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b([^>]*)>`, 'g');
  for (const match of xml.matchAll(pattern)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const name = (attribute[1] ?? '').replace(/^[\w.-]+:(?=id$)/, 'r:');
      attributes[name] = decodeXml(attribute[2] ?? attribute[3] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

function resolve(base: string, target: string): string {
  const parts = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function relationshipsPath(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function relationships(
  buffer: Buffer,
  find: (name: string) => ZipEntry | undefined,
  part: string,
): Array<{ id: string; type: string; target: string }> {
  const entry = find(relationshipsPath(part));
  if (!entry) return [];
  return elements(entryText(buffer, entry), 'Relationship').map((rel) => ({
    id: rel.Id ?? '',
    type: rel.Type ?? '',
    target: resolve(part, rel.Target ?? ''),
  }));
}

/**
 * What a zip without a workbook is, when it is plainly something else: an OpenDocument file (its
 * first entry `mimetype` says which), a Word or PowerPoint file, or an archive with no `xl/` part.
 * A zip with `xl/` parts but no workbook is a damaged workbook (`undefined`).
 */
function otherZipKind(
  buffer: Buffer,
  entries: readonly ZipEntry[],
  find: (name: string) => ZipEntry | undefined,
): ZipProblem | undefined {
  const mimetype = find('mimetype');
  const media = mimetype ? entryText(buffer, mimetype).trim() : '';
  const names = entries.map((entry) => entry.name.toLowerCase());
  const has = (folder: string) => names.some((name) => name.startsWith(folder));
  const kind = media.startsWith('application/vnd.oasis.opendocument.spreadsheet')
    ? 'OpenDocument 表格 .ods'
    : media.startsWith('application/vnd.oasis.opendocument')
      ? 'OpenDocument 文档'
      : has('word/')
        ? 'Word 文档 .docx'
        : has('ppt/')
          ? 'PowerPoint 演示文稿 .pptx'
          : has('xl/')
            ? undefined
            : '压缩包';
  return kind ? new ZipProblem('notWorkbook', kind) : undefined;
}

export function readWorkbookParts(buffer: Buffer, entries: readonly ZipEntry[]): WorkbookParts | ZipProblem {
  const byName = new Map(entries.map((entry) => [entry.name.toLowerCase(), entry]));
  const find = (name: string): ZipEntry | undefined => byName.get(name.toLowerCase());
  const office = relationships(buffer, find, '').find((rel) => rel.type.endsWith('/officeDocument'));
  const workbookPath = office?.target ?? (find('xl/workbook.bin') ? 'xl/workbook.bin' : 'xl/workbook.xml');
  // An .xlsb is the same package with binary parts (xl/workbook.bin, worksheets in BIFF12).
  if (/\.bin$/i.test(workbookPath)) return new ZipProblem('xlsb', 'Excel 二进制工作簿 .xlsb');
  const workbookEntry = find(workbookPath);
  if (!workbookEntry)
    return (
      otherZipKind(buffer, entries, find) ?? new ZipProblem('corrupt', '找不到工作簿内容（workbook.xml）')
    );
  const workbookXml = entryText(buffer, workbookEntry);
  const workbookRels = relationships(buffer, find, workbookPath);
  const sheets: WorkbookSheet[] = [];
  for (const sheet of elements(workbookXml, 'sheet')) {
    const name = sheet.name ?? '';
    const hidden = sheet.state === 'hidden' || sheet.state === 'veryHidden';
    const id = sheet['r:id'] ?? '';
    // LibreOffice writes macro and dialog sheets with an empty (or no) r:id: nothing to read there.
    if (id === '') {
      sheets.push({ name, hidden, skipped: '没有工作表内容（宏表或对话框表），已跳过' });
      continue;
    }
    const rel = workbookRels.find((candidate) => candidate.id === id);
    if (!rel) return new ZipProblem('corrupt', `工作表“${name}”的内容缺失`);
    if (!rel.type.endsWith('/worksheet')) {
      sheets.push({
        name,
        hidden,
        skipped: rel.type.endsWith('/chartsheet') ? '图表工作表' : '不是数据工作表',
      });
      continue;
    }
    const entry = find(rel.target);
    if (!entry) return new ZipProblem('corrupt', `工作表“${name}”的内容缺失`);
    sheets.push({ name, hidden, entry });
  }
  const properties = elements(workbookXml, 'workbookPr')[0];
  const date1904 = properties?.date1904 === '1' || properties?.date1904 === 'true';
  const parts: WorkbookParts = { sheets, date1904 };
  for (const [field, suffix] of [
    ['sharedStrings', '/sharedStrings'],
    ['styles', '/styles'],
  ] as const) {
    const rel = workbookRels.find((candidate) => candidate.type.endsWith(suffix));
    if (!rel) continue;
    const entry = find(rel.target);
    // Styles only tell dates and percentages apart: a dangling link to them is read without.
    if (!entry && field === 'styles') continue;
    if (!entry) return new ZipProblem('corrupt', `工作簿部件 ${rel.target} 缺失`);
    parts[field] = entry;
  }
  return parts;
}

/** Number formats by cell style index (`s` attribute), from a styles part. */
export function cellNumberFormats(stylesXml: string): string[] {
  const custom = new Map(
    elements(stylesXml, 'numFmt').map((format) => [format.numFmtId ?? '', format.formatCode ?? '']),
  );
  const cellXfs =
    /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  return elements(cellXfs, 'xf').map(
    (xf) => custom.get(xf.numFmtId ?? '') ?? BUILT_IN_FORMATS[Number(xf.numFmtId ?? 0)] ?? '',
  );
}

/** Built-in number formats that matter for reading: percentages and dates (incl. the zh-CN ones). */
const BUILT_IN_FORMATS: Record<number, string> = {
  9: '0%',
  10: '0.00%',
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  22: 'yyyy-mm-dd h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};
