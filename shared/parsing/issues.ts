/**
 * Every issue the parser can report: one table (code → severity, Chinese title and description,
 * from which docs/validation-codes.md is generated) and the builders that turn a code and a
 * location into a `ValidationIssue` with a Chinese message.
 */
import { RATE_RANGE } from '../catalogue/valueRanges.ts';
import type { Severity, ValidationIssue } from '../domain/validation.ts';

export interface ParsingIssueDefinition {
  severity: Severity;
  /** Short Chinese title (used as the message when no detail is added). */
  title: string;
  /** What the rule checks and how to fix it, in Chinese. */
  description: string;
}

export const PARSING_ISSUES = {
  // File level — `sheet` is the file name.
  FILE_EMPTY: {
    severity: 'error',
    title: '文件为空',
    description: '上传的文件没有内容（0 字节或只有空白）。请检查是否上传了正确的文件。',
  },
  FILE_TOO_LARGE: {
    severity: 'error',
    title: '文件超过大小限制',
    description:
      '文件大小超过系统允许的上限（默认 20 MB）。请删除多余的工作表、图片或格式后重新上传，或按工作表拆分为多个 CSV 文件。',
  },
  FILE_ENCRYPTED: {
    severity: 'error',
    title: '工作簿已加密（设置了打开密码）',
    description:
      '工作簿设置了打开密码，系统无法读取其内容。请在 Excel 中打开，依次点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后另存为 .xlsx 再上传（WPS：“文件 → 文档加密 → 密码加密”）。',
  },
  FILE_LEGACY_XLS: {
    severity: 'error',
    title: '旧版 Excel 97-2003 工作簿（.xls）',
    description:
      '文件是旧版 Excel 97-2003 格式（.xls），系统只读取 .xlsx 和 CSV。请在 Excel 或 WPS 中打开，用“文件 → 另存为”选择“Excel 工作簿（*.xlsx）”后上传。',
  },
  FILE_XLSB: {
    severity: 'error',
    title: 'Excel 二进制工作簿（.xlsb）',
    description:
      '文件是 Excel 二进制工作簿（.xlsb），系统只读取 .xlsx 和 CSV。请在 Excel 中打开，用“文件 → 另存为”选择“Excel 工作簿（*.xlsx）”后上传。',
  },
  FILE_UNREADABLE: {
    severity: 'error',
    title: '无法识别的文件格式',
    description:
      '文件内容既不是 .xlsx 工作簿也不是 CSV 文本（按文件内容判断，与扩展名无关）。系统接受的文件类型为 .xlsx（Excel 工作簿）和 .csv（逗号分隔文本）；请用 Excel 或 WPS 另存为其中一种。',
  },
  FILE_CORRUPT: {
    severity: 'error',
    title: '文件已损坏或不完整',
    description:
      '工作簿的压缩结构或内容无法读取，可能是上传中断或文件损坏。请用 Excel 或 WPS 打开确认后重新保存并上传。',
  },
  ZIP_BOMB: {
    severity: 'error',
    title: '工作簿解压后体积异常',
    description: '工作簿解压后的大小、文件条目数或压缩比超出合理范围（疑似压缩炸弹），为安全起见不予读取。',
  },
  ENCODING_INVALID: {
    severity: 'error',
    title: 'CSV 文件编码无法识别',
    description:
      'CSV 文件既不是有效的 UTF-8，也无法按 GB18030/GBK 读取。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。',
  },
  NO_KNOWN_SHEET: {
    severity: 'error',
    title: '没有可识别的工作表',
    description:
      '工作簿中没有任何一张工作表能按名称或表头识别为填报模板中的数据表（核心指标、运营机构、高价值专利组合、重点企业、典型案例）。',
  },
  NO_DATA: {
    severity: 'error',
    title: '没有可报送的数据',
    description: '文件中可识别的数据表都没有数据行（只有标题、表头或合计行），没有任何内容可以报送。',
  },
  CSV_SHEET_UNKNOWN: {
    severity: 'error',
    title: '无法识别 CSV 文件对应的数据表',
    description:
      'CSV 文件每个只能包含一张数据表；系统按文件名（如“运营机构.csv”“agencies.csv”）或表头识别其类别。请按模板表名命名文件或使用模板表头。基本信息和填报说明不能以 CSV 上传：CSV 中需核实的警告，请在该行的“备注”列中说明原因。',
  },
  CSV_QUOTE_INVALID: {
    severity: 'error',
    title: 'CSV 引号不匹配',
    description:
      'CSV 中某个带引号的字段没有正确结束，该行及其后的内容无法可靠读取。请用 Excel 或 WPS 重新另存为 CSV。',
  },
  // Sheet level.
  SHEET_UNKNOWN: {
    severity: 'warning',
    title: '未识别的工作表（已忽略）',
    description: '工作表的名称和表头都不符合填报模板，其内容未被读取。如需报送，请使用模板中的表名和表头。',
  },
  SHEET_DUPLICATE: {
    severity: 'error',
    title: '同一类数据表出现多次',
    description: '工作簿中有两张工作表对应同一类数据表，无法确定以哪一张为准。请只保留一张。',
  },
  SHEET_EMPTY: {
    severity: 'warning',
    title: 'CSV 文件没有数据行（视为未报送）',
    description:
      'CSV 文件只有标题、表头或合计行，没有数据行，视为未报送该表，此前报送的数据保持不变。（工作簿中未填写的表直接视为未报送，不单独提示。）',
  },
  HEADER_NOT_FOUND: {
    severity: 'error',
    title: '未找到表头行',
    description: '在工作表前 20 个非空行中没有找到包含模板列名的表头行。请保留模板的表头（列名）。',
  },
  COLUMN_MISSING: {
    severity: 'error',
    title: '缺少必填列',
    description: '表头中缺少模板规定的必填列（模板中带 * 的列）。',
  },
  COLUMN_UNKNOWN: {
    severity: 'warning',
    title: '未识别的列（已忽略）',
    description: '表头中有模板以外的列，其内容未被读取。',
  },
  ROW_TOO_WIDE: {
    severity: 'warning',
    title: '行的列数超过 Excel 上限',
    description:
      'CSV 中有行的列数超过 Excel 的上限 16384 列（XFD 列），超出部分不是表格内容，未读取。请检查分隔符和换行是否正确。',
  },
  COLUMN_DUPLICATE: {
    severity: 'error',
    title: '列重复',
    description: '表头中有两列对应同一字段，无法确定以哪一列为准。请删除其中一列。',
  },
  COLUMN_UNIT_INVALID: {
    severity: 'error',
    title: '列单位与模板不符',
    description:
      '表头括号或计量单位行中的单位与该列不相容（如数量列标注了金额单位），或两处金额单位不一致，或计量单位行中金额列的单位为空而左侧一列为元等单位（可能是合并单元格，无法确定）。金额列可用元、千元、万元（万）、百万元、亿元（亿），换算为万元。',
  },
  TOTAL_ROW_MISPLACED: {
    severity: 'warning',
    title: '合计行不在表格末尾（已忽略）',
    description: '“合计/总计/小计”行之后还有数据行；该合计行未作为整表合计参与核对。',
  },
  // Row and cell level.
  CELL_REQUIRED: {
    severity: 'error',
    title: '必填项为空',
    description: '必填单元格为空（或只填了“—”“/”“无”等占位符）。',
  },
  TEXT_TOO_LONG: {
    severity: 'error',
    title: '文字超过单元格上限',
    description:
      '单元格中的文字超过 32767 个字符（Excel 单元格的上限），多半是分隔符或引号有误，把多行多列读成了一个单元格。请检查后删减。',
  },
  NUMBER_INVALID: {
    severity: 'error',
    title: '数值无法识别',
    description:
      '单元格应为数值。可以带千位分隔符（1,234.5）、全角数字或末尾单位（120万元、12.5万、3亿、3家、1.2万件），但不能包含其他文字。',
  },
  NUMBER_NEGATIVE: { severity: 'error', title: '数值不能为负数', description: '数量和金额不能为负数。' },
  COUNT_NOT_INTEGER: {
    severity: 'error',
    title: '数量必须为整数',
    description: '数量类指标（个、家、件、次、笔）必须是整数。',
  },
  RATE_OUT_OF_RANGE: {
    severity: 'error',
    title: '比率超出范围',
    description: '比率（%）必须在 −100 到 10000 之间。',
  },
  USCC_LENGTH: {
    severity: 'error',
    title: '统一社会信用代码长度错误',
    description: '统一社会信用代码应为 18 位。',
  },
  USCC_CHARSET: {
    severity: 'error',
    title: '统一社会信用代码含非法字符',
    description: '统一社会信用代码只能由数字和大写字母组成，且不含 I、O、S、V、Z。',
  },
  USCC_CHECKSUM: {
    severity: 'error',
    title: '统一社会信用代码校验位错误',
    description:
      '统一社会信用代码第 18 位校验码与前 17 位不符（GB 32100-2015）。消息给出按前 17 位算出的校验码：请先核对前 17 位是否抄错（对照营业执照或国家企业信用信息公示系统），前 17 位无误时第 18 位应为该字符。',
  },
  ENUM_INVALID: {
    severity: 'error',
    title: '取值不在可选范围内',
    description: '单元格的值不在模板下拉列表的可选值中。',
  },
  BOOLEAN_INVALID: {
    severity: 'error',
    title: '是/否值无法识别',
    description: '应填“是”或“否”（也可填 Y/N、yes/no、√/×、1/0、true/false）。',
  },
  DATE_INVALID: {
    severity: 'error',
    title: '日期无法识别',
    description: '日期可以是 Excel 日期，或 2024-07-01、2024/7/1、2024年7月1日、20240701 等写法。',
  },
  INDICATOR_UNKNOWN: {
    severity: 'error',
    title: '未知指标',
    description: '指标代码或指标名称不在指标目录中（名称允许全角/半角、空格和缺少“数/量”字的差异）。',
  },
  INDICATOR_MISMATCH: {
    severity: 'error',
    title: '指标代码与指标名称不一致',
    description: '同一行的指标代码和指标名称指向不同指标，无法确定填报的是哪一个。',
  },
  UNIT_INVALID: {
    severity: 'error',
    title: '单位与指标不相容',
    description:
      '单位与指标目录中的单位不相容。金额指标可用 元、千元、万元（万）、百万元、亿元（亿）（换算为万元），数量指标可用 个、家、件、次、笔、项、户（前加“万”表示乘以一万），比率指标用 %。',
  },
  FORMULA_NO_RESULT: {
    severity: 'error',
    title: '公式没有计算结果',
    description:
      '单元格是公式，但文件中没有保存计算结果（常见于由程序生成、未在 Excel 中打开保存过的文件）。请在 Excel 中打开并保存，或改为填写数值。',
  },
  CELL_ERROR_VALUE: {
    severity: 'error',
    title: '单元格为错误值',
    description: '单元格的值（或公式结果）是 Excel 错误值，如 #DIV/0!、#N/A、#REF!。',
  },
} as const satisfies Record<string, ParsingIssueDefinition>;

export type ParsingIssueCode = keyof typeof PARSING_ISSUES;

/** Where an issue is: the sheet always; row, column, cell and value where one applies. */
export interface IssueLocation {
  sheet: string;
  row?: number;
  column?: string;
  cell?: string;
  value?: string;
}

/** The issue for `code` at `where`; the message defaults to the code's title. */
export function parsingIssue(
  code: ParsingIssueCode,
  where: IssueLocation,
  message: string = PARSING_ISSUES[code].title,
): ValidationIssue {
  const issue: ValidationIssue = {
    severity: PARSING_ISSUES[code].severity,
    code,
    sheet: where.sheet,
    message,
  };
  if (where.row !== undefined) issue.row = where.row;
  if (where.column !== undefined) issue.column = where.column;
  if (where.cell !== undefined) issue.cell = where.cell;
  if (where.value !== undefined) issue.value = where.value;
  return issue;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(bytes % MB === 0 ? 0 : 1)} MB`;
const quoted = (text: string): string => `“${text.length > 60 ? `${text.slice(0, 60)}…` : text}”`;

const ACCEPTED_TYPES = '系统接受的文件类型为 .xlsx（Excel 工作簿）和 .csv（逗号分隔文本）';

/** Chinese messages that carry details; the plain title is used for everything else. */
export const messages = {
  fileEmpty: (): string => '文件为空，没有任何内容',
  fileTooLarge: (size: number | undefined, maxBytes: number): string =>
    size === undefined
      ? `文件超过大小限制 ${megabytes(maxBytes)}`
      : `文件大小 ${megabytes(size)} 超过限制 ${megabytes(maxBytes)}`,
  fileEncrypted: (): string =>
    '工作簿设置了打开密码，无法读取：请在 Excel 中“文件 → 信息 → 保护工作簿 → 用密码进行加密”清空密码，另存为 .xlsx 后上传',
  fileEncryptedLegacy: (): string =>
    '加密的旧版 Excel 97-2003 工作簿（.xls），无法读取：请在 Excel 或 WPS 中输入密码打开，取消密码后另存为 .xlsx 再上传',
  fileLegacyXls: (): string =>
    '旧版 Excel 97-2003 工作簿（.xls），系统无法读取：请在 Excel 或 WPS 中打开，“文件 → 另存为”选择“Excel 工作簿（*.xlsx）”后上传',
  fileXlsb: (): string =>
    'Excel 二进制工作簿（.xlsb），系统无法读取：请在 Excel 中打开，“文件 → 另存为”选择“Excel 工作簿（*.xlsx）”后上传',
  fileOleUnknown: (): string =>
    '文件是旧版 Office 97-2003 格式（加密的工作簿或 .xls），无法读取：请取消密码后另存为 .xlsx 再上传',
  fileUnreadable: (): string =>
    `无法识别的文件格式（按文件内容判断）；${ACCEPTED_TYPES}，请用 Excel 或 WPS 另存为其中一种`,
  rowTooWide: (cells: number): string =>
    `该行有 ${cells} 列，超过 Excel 的上限 16384 列，超出部分未读取；请检查分隔符和换行是否正确`,
  fileNotWorkbook: (kind: string): string =>
    `文件不是 Excel 工作簿（${kind}）；${ACCEPTED_TYPES}，请另存为其中一种`,
  fileCorrupt: (detail: string): string =>
    `文件已损坏或不完整（${detail}），请用 Excel 或 WPS 重新保存后上传`,
  zipBomb: (detail: string): string => `工作簿解压后体积异常（${detail}），为安全起见不予读取`,
  encodingInvalid: (): string => 'CSV 文件编码无法识别，请另存为“CSV UTF-8（逗号分隔）”',
  noKnownSheet: (names: readonly string[]): string =>
    names.length === 0
      ? '工作簿中没有工作表'
      : `没有可识别的工作表（工作簿中的表：${names.join('、')}）；请使用模板中的表名或表头`,
  noData: (): string => '没有可报送的数据：可识别的数据表都没有数据行',
  csvSheetUnknown: (): string =>
    '无法从文件名或表头识别 CSV 文件对应的数据表（如 核心指标.csv、运营机构.csv、agencies.csv）',
  csvInfoUnsupported: (): string => '基本信息不支持以 CSV 上传，请使用 .xlsx 工作簿',
  csvExplanationsUnsupported: (): string =>
    '填报说明（核实性审核说明）不能以 CSV 单独上传：每个 CSV 文件只含一张数据表，无法对应其他文件的警告。请在需核实的那一行的“备注”列中说明原因（没有该列时在表头加一列“备注”），重新上传该表；或改用 .xlsx 工作簿，在其“填报说明”表中说明',
  csvQuoteInvalid: (): string => 'CSV 引号不匹配，该字段及其后的内容无法可靠读取',
  sheetUnknown: (name: string): string => `未识别的工作表${quoted(name)}，已忽略`,
  sheetDuplicate: (name: string, first: string): string =>
    `工作表${quoted(name)}与${quoted(first)}是同一类数据表，无法确定以哪一张为准`,
  sheetEmpty: (name: string): string => `${quoted(name)}没有数据行，视为未报送`,
  headerNotFound: (sheetName: string): string => `工作表${quoted(sheetName)}前 20 个非空行中未找到表头行`,
  columnMissing: (header: string, headerRow: number, closest?: { header: string; cell: string }): string =>
    `缺少必填列${quoted(header)}（以第 ${headerRow} 行为表头）${
      closest
        ? `；最接近的表头是 ${closest.cell}${quoted(closest.header)}，如是同一列，请把表头改为${quoted(header)}`
        : '；请按模板补上该列，或把对应列的表头改为模板列名'
    }`,
  columnUnknown: (header: string): string => `未识别的列${quoted(header)}，已忽略`,
  columnDuplicate: (header: string, first: string): string => `列${quoted(header)}与列${quoted(first)}重复`,
  columnUnitUnclear: (header: string, left: string): string =>
    `计量单位行中“${header}”列的单位为空，而左侧一列为“${left}”（可能是合并单元格）：无法确定该列的金额单位，请在每个金额列下分别填写单位`,
  columnUnitInvalid: (header: string, unit: string): string =>
    `列${quoted(header)}的单位“${unit}”与该列不相容`,
  totalRowMisplaced: (): string => '合计行之后还有数据行，该合计行未参与核对',
  cellRequired: (header: string): string => `必填项${quoted(header)}为空`,
  numberInvalid: (text: string): string => `数值无法识别：${quoted(text)}`,
  textTooLong: (length: number): string =>
    `文字有 ${length} 个字符，超过 Excel 单元格的上限 32767 个字符；请检查分隔符和引号`,
  numberNegative: (): string => '数值不能为负数',
  countNotInteger: (): string => '数量必须为整数',
  rateOutOfRange: (): string => `比率超出范围（应在 ${RATE_RANGE.min} 到 ${RATE_RANGE.max} 之间）`,
  usccLength: (length: number): string => `统一社会信用代码应为 18 位，实际 ${length} 位`,
  usccCharset: (): string => '统一社会信用代码含非法字符（只能是数字和除 I、O、S、V、Z 外的大写字母）',
  usccChecksum: (written: string, expected: string): string =>
    `统一社会信用代码校验位错误：按前 17 位，第 18 位应为“${expected}”（填写的是“${written}”）；请先核对前 17 位是否抄错，前 17 位无误时把第 18 位改为“${expected}”`,
  enumInvalid: (values: readonly string[]): string => `取值不在可选范围内，应为：${values.join('、')}`,
  booleanInvalid: (): string => '应填“是”或“否”',
  dateInvalid: (): string => '日期无法识别（示例：2024-07-01）',
  indicatorUnknown: (text: string): string => `未知指标${quoted(text)}`,
  indicatorMismatch: (code: string, codeName: string, name: string): string =>
    `指标代码 ${code}（${codeName}）与指标名称${quoted(name)}不一致`,
  unitInvalid: (unit: string, expected: string): string => `单位“${unit}”与指标单位“${expected}”不相容`,
  formulaNoResult: (): string => '公式没有保存计算结果，请在 Excel 中打开并保存，或改填数值',
  cellErrorValue: (text: string): string => `单元格为错误值${text ? ` ${text}` : ''}`,
};
