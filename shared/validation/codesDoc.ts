/**
 * Renders docs/validation-codes.md from the two issue tables (reading and validation), so the
 * documentation cannot drift from the codes. Regenerate with
 * `npm run codes-doc`.
 */
import { type Severity, STATUS_TEXT, type UploadStatus } from '../domain/validation.ts';
import { PARSING_ISSUES, type ParsingIssueCode } from '../parsing/issues.ts';
import { SUBMISSION_LABELS } from '../reports/labels.ts';
import type { SubmissionState } from '../rollup/types.ts';
import { isFileLevelCode } from './issueLevels.ts';
import { EXPLAINABLE_CODES, type IssueDefinition, VALIDATION_ISSUES } from './issues.ts';

const SEVERITY_LABELS: Record<Severity, string> = { error: 'error（错误）', warning: 'warning（警告）' };

function effect(code: string, severity: Severity): string {
  if (EXPLAINABLE_CODES.has(code)) return '接收并提示；请核实，可填写说明（已说明 / 待说明）';
  if (severity === 'warning') return '接收并提示';
  return isFileLevelCode(code) ? '退回整个文件' : '退回该工作表';
}

/** Typical occurrences of the reading codes: where, what was written, the message shown. */
const READING_EXAMPLES: Partial<Record<ParsingIssueCode, string>> = {
  FILE_EMPTY: '上传了 0 字节的 深圳2024Q3.xlsx',
  FILE_TOO_LARGE: '文件大小 25.3 MB 超过限制 20 MB',
  FILE_ENCRYPTED: '设置了打开密码的 .xlsx 或 .xls（Office 把加密的 .xlsx 存为 OLE 复合文件）',
  FILE_LEGACY_XLS: '上传了 Excel 97-2003 格式的 深圳2024Q3.xls（或改名为 .xlsx）',
  FILE_XLSB: '在 Excel 中另存为“Excel 二进制工作簿”的 深圳2024Q3.xlsb',
  FILE_UNREADABLE: '把 PDF 改名为 .xlsx 上传；消息列出可接受的类型 .xlsx 和 .csv',
  FILE_CORRUPT: '上传中断的工作簿（zip 结构不完整）',
  ZIP_BOMB: '解压后超过 200 MB 的工作簿',
  ENCODING_INVALID: '既不是 UTF-8 也不是 GB18030 的 CSV',
  NO_KNOWN_SHEET: '工作簿中只有“Sheet1”，表头也不是模板列名',
  NO_DATA: '直接上传了未填写的模板（各表只有表头）',
  CSV_SHEET_UNKNOWN: '文件名 data.csv，表头也不是模板列名',
  CSV_QUOTE_INVALID: 'CSV 第 12 行 `"某某机构,123` 缺少结束引号',
  SHEET_UNKNOWN: '工作簿中的“备忘”表（已忽略）',
  SHEET_DUPLICATE: '工作簿中同时有“核心指标”和“核心指标（修订）”',
  SHEET_EMPTY: '“典型案例”表没有任何内容',
  HEADER_NOT_FOUND: '“运营机构”表前 20 行没有模板列名',
  COLUMN_MISSING: '“运营机构”表缺少“统一社会信用代码*”列',
  COLUMN_UNKNOWN: '“重点企业”表多了“备注2”列（已忽略）',
  ROW_TOO_WIDE: 'enterprises.csv 第 1 行有 9000002 列（整个文件只有一行）',
  COLUMN_DUPLICATE: '“运营机构”表有两列“机构名称”',
  COLUMN_UNIT_INVALID: '“高价值专利组合”表的表头“发明专利数（万元）”',
  TOTAL_ROW_MISPLACED: '“运营机构”第 8 行为“合计”，其后第 9 行还有机构',
  CELL_REQUIRED: '运营机构 D5（本年累计主营业务收入）为空',
  TEXT_TOO_LONG: '典型案例 C3（案例简介）有 50000 个字符',
  NUMBER_INVALID: '核心指标 D9 填了“约1200”',
  NUMBER_NEGATIVE: '重点企业 F4 填了 -3',
  COUNT_NOT_INTEGER: '核心指标 D8（专利申请量）填了 12.5',
  RATE_OUT_OF_RANGE: '核心指标 D32（当地企业营业收入平均增幅）填了 25000',
  USCC_LENGTH: '运营机构 B6 填了 17 位代码',
  USCC_CHARSET: '运营机构 B6 含字母 O',
  USCC_CHECKSUM: '重点企业 B7 = 91440300MA5G0L7Y3X（校验位应为 A）',
  ENUM_INVALID: '运营机构 C3（机构类型）填了“中介机构”',
  BOOLEAN_INVALID: '重点企业 L5（是否贯标）填了“已贯标”',
  DATE_INVALID: '高价值专利组合 G4（形成日期）填了“去年”',
  INDICATOR_UNKNOWN: '核心指标 B12 填了“专利总量”',
  INDICATOR_MISMATCH: '核心指标第 9 行代码 B02、名称“专利授权量”',
  UNIT_INVALID: '核心指标第 8 行（专利申请量）单位填了“万元”',
  FORMULA_NO_RESULT: 'openpyxl 写出的公式单元格 `<f>SUM(D2:E2)</f><v></v>`（没有缓存结果）',
  CELL_ERROR_VALUE: '核心指标 D10 为 #DIV/0!',
};

/** A message with its parameters shown as `{name}` placeholders. */
function messagePattern<P>(definition: IssueDefinition<P>): string {
  const placeholders = new Proxy({} as Record<string, string>, { get: (_, key) => `{${String(key)}}` });
  return definition.message(placeholders as P);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

const TABLE_HEADER = [
  row(['代码', '严重程度', '后果', '含义', '中文消息', '示例']),
  row(['---', '---', '---', '---', '---', '---']),
];

const STATUS_MEANINGS: Record<UploadStatus, [string, number]> = {
  accepted: ['没有任何问题，全部工作表已接受', 0],
  accepted_with_warnings: ['只有警告，全部工作表已接受（从不含错误）', 0],
  partially_accepted: ['至少一张工作表已接受、至少一张被退回（或有其他错误）', 1],
  rejected: ['没有任何数据表被接受，此前已接受的数据保持不变', 1],
};

const STATUS_ROWS = (Object.keys(STATUS_MEANINGS) as UploadStatus[]).map((status) => {
  const [meaning, exit] = STATUS_MEANINGS[status];
  return `| \`${status}\` | ${STATUS_TEXT[status]} | ${meaning} | ${exit} |`;
});

/** What each roll-up submission state means, and the completeness field that counts it. */
const SUBMISSION_MEANINGS: Record<SubmissionState, [meaning: string, counted: string]> = {
  on_time: ['首次受理的核心指标上传不晚于截止时间（之后的更正不改变按时）', '`onTime`（计入 `reported`）'],
  late: ['首次受理的核心指标上传晚于截止时间', '`late`（计入 `reported`）'],
  not_reported: ['截止时间已过，没有受理的核心指标，也没有核心指标被退回的上传', '`notReported`'],
  rejected_only: [
    '有上传，但没有一次的核心指标被接受（`rejectedUploads` 为这些上传的次数）',
    '`rejectedOnly`',
  ],
  not_due: ['截止时间未到、尚无受理的核心指标：年度报告中尚未到期的第四季度也是如此，不算未报送', '`notDue`'],
};

const SUBMISSION_ROWS = (Object.keys(SUBMISSION_MEANINGS) as SubmissionState[]).map((state) => {
  const [meaning, counted] = SUBMISSION_MEANINGS[state];
  return `| \`${state}\` | ${SUBMISSION_LABELS[state]} | ${meaning} | ${counted} |`;
});

export function renderValidationCodesDoc(): string {
  const reading = Object.entries(PARSING_ISSUES).map(([code, definition]) =>
    row([
      `\`${code}\``,
      SEVERITY_LABELS[definition.severity],
      effect(code, definition.severity),
      definition.description,
      definition.title,
      READING_EXAMPLES[code as ParsingIssueCode] ?? '—',
    ]),
  );
  const validation = Object.entries(VALIDATION_ISSUES).map(([code, definition]) => {
    const typed = definition as IssueDefinition<unknown>;
    return row([
      `\`${code}\``,
      SEVERITY_LABELS[typed.severity],
      effect(code, typed.severity),
      typed.description,
      messagePattern(typed),
      typed.message(typed.example),
    ]);
  });
  return [
    '# Validation codes (校验代码)',
    '',
    '<!-- Generated from shared/parsing/issues.ts and shared/validation/issues.ts by',
    '     `npm run codes-doc`; do not edit by hand. -->',
    '',
    'Every issue in a validation report carries a stable English `code`, a `severity` and a Chinese',
    '`message`, and names the sheet (the file name for file-level issues) and, where one applies, the',
    'row, column and cell. Severity decides what happens to the upload:',
    '',
    '- **error** on the file (后果“退回整个文件”) — nothing of the upload becomes current;',
    '- **error** in a sheet (后果“退回该工作表”) — that sheet is rejected, the other sheets of the workbook are',
    '  still accepted; an upload with no accepted sheet is `rejected`;',
    '- **warning** — the upload is accepted (`accepted_with_warnings`) and the warning is shown to the city',
    '  and to analysts.',
    '',
    '## Upload status (上传结果)',
    '',
    'The same words in the CLI, the results JSON (`status`), the annotated workbook and the reports:',
    '',
    '| status | 中文 | 含义 | `ipstats validate` / `upload` 退出码 |',
    '| --- | --- | --- | --- |',
    ...STATUS_ROWS,
    '',
    'A period counts as reported for a city only once its 核心指标 is accepted: the report’s `headline`',
    'says so in words when 核心指标 was rejected or is missing. `sheets` lists every sheet read with its',
    'status, and `ignoredSheets` every other sheet of the file with the reason (hidden, instructions,',
    'not recognised, left empty, no content).',
    '',
    '## Submission status (填报情况)',
    '',
    'Each city of a roll-up is in exactly one state (`submission` in the report JSON, 填报状态 in the',
    'workbooks), and the roll-up’s `completeness` counts each: `expected` (应报) =',
    '`onTime` + `late` + `notReported` + `rejectedOnly` + `notDue`, and `reported` (已报) = `onTime` + `late`.',
    '',
    '| submission | 中文 | 含义 | `completeness` |',
    '| --- | --- | --- | --- |',
    ...SUBMISSION_ROWS,
    '',
    '## Verification warnings (核实性审核说明)',
    '',
    `The warnings ${[...EXPLAINABLE_CODES].map((code) => `\`${code}\``).join(', ')} ask the city to verify`,
    'a value, not to change it (China’s online direct reporting calls this 核实性审核说明). The city',
    'explains one in the 备注 / 说明 cell of the row the warning points at (a 核心指标 row — for',
    '`COUNT_COMPANION_ZERO` the count’s row too — or a detail sheet’s 合计 row), or on a row of the',
    'explanations table of a 填报说明 sheet (columns 指标或工作表 and 核实说明) naming the indicator by',
    'code or name, or the sheet of the 合计 row. Such an issue carries `explanationStatus`: `explained`',
    '(已说明, with `explanation` and `explanationSource`, e.g. `核心指标!E12`) or `pending` (待说明; a',
    'blank cell explains nothing). The report’s `explanations` counts both; the 数据质量 sheets, the',
    '需关注 sheet and the assessment count the warnings still 待说明.',
    '',
    'The annotated workbook’s 校验结果 list has the columns 核实状态 (已说明 / 待说明) and 核实说明 (the',
    'city’s words and where they were written, or where to write them), and the note on the cell adds',
    '`已说明：…` or `待说明：请在本行备注栏或“填报说明”表中说明原因`. The template’s 填报说明 sheet ends with',
    'the section 五、核实性审核说明 and its empty table (指标或工作表 | 核实说明); every 备注 header carries a',
    'comment saying what to write there. A CSV file holds one sheet (the upload layout), so it has no',
    '填报说明: a CSV city explains in the row’s 备注 column (added to the header when missing), its',
    '待说明 says so (the report’s `format` is `csv`), and a CSV named 填报说明 (or 说明 …) that holds no',
    'data header is rejected with `CSV_SHEET_UNKNOWN` saying this.',
    '',
    'The “中文消息” column shows the message with its parameters in braces; messages of reading codes',
    'may add details (the value, the expected unit …) after the title shown here.',
    '',
    '## Reading (读取文件时发现)',
    '',
    'Raised by `parseUpload` (`shared/parsing/issues.ts`): file format and size, sheets and headers,',
    'and each cell read on its own.',
    '',
    ...TABLE_HEADER,
    ...reading,
    '',
    '## Validation (读取后校验)',
    '',
    'Raised by `checkUploadTarget` and `validateUpload` (`shared/validation/issues.ts`): where the upload',
    'goes, rules across rows, sheets and periods, and the deadline.',
    '',
    ...TABLE_HEADER,
    ...validation,
    '',
  ].join('\n');
}
