/**
 * The upload layout (填报模板): sheet kinds and their columns. Like the indicator catalogue, this
 * table drives the template, header matching, cell reading and validation.
 */

export type SheetKind = 'info' | 'core' | 'agencies' | 'portfolios' | 'enterprises' | 'cases';

/** How a cell is read. Money (`amount`) is always stored in 万元. */
export type ColumnType =
  | 'text'
  | 'indicatorCode'
  | 'indicatorName'
  | 'unit'
  | 'indicatorValue'
  | 'count'
  | 'amount'
  | 'number'
  | 'uscc'
  | 'date'
  | 'boolean'
  | 'enum';

export interface ColumnDefinition {
  /** Field name in the normalised record. */
  field: string;
  /** Header text printed in the template (without the unit suffix and without `*`). */
  header: string;
  type: ColumnType;
  required: boolean;
  /** Unit shown in the header, e.g. 万元 → `本年累计主营业务收入（万元）`. */
  unit?: string;
  /** Other header spellings accepted. */
  aliases?: readonly string[];
  /** Allowed values for `enum`. */
  values?: readonly string[];
  /** Input prompt shown in the template. */
  prompt?: string;
  /**
   * `note`: the row's 备注 / 说明, where the city explains a verification warning of that row
   * (核实性审核说明). In 核心指标 it is read with every row; in a detail sheet only on the 合计 row
   * (the one row a verification warning of a detail sheet points at), so it costs no data row anything.
   */
  role?: 'note';
}

export interface SheetDefinition {
  kind: SheetKind;
  /** Sheet name in the workbook. */
  name: string;
  /** English names accepted for CSV files (`agencies.csv`). */
  englishNames: readonly string[];
  columns: readonly ColumnDefinition[];
  /** Field whose value must be unique within the sheet. */
  uniqueField?: string;
  /** Numeric fields a trailing 合计 row is checked against. */
  totalFields?: readonly string[];
  description: string;
}

export const AGENCY_TYPES = ['运营机构', '服务机构', '交易机构', '其他'] as const;
export const ENTERPRISE_SIZES = ['大型', '中型', '小型', '微型'] as const;
export const CASE_CATEGORIES = [
  '专利导航',
  '高价值专利培育',
  '商标品牌培育',
  '地理标志运用',
  '贯标',
  '知识产权托管',
  '质押融资',
  '专利商标混合质押',
  '知识产权保险',
  '知识产权证券化',
  '运营基金',
  '交易许可',
  '运营服务集聚区',
  '高校院所运营',
  '其他创新举措',
] as const;

/** 重点企业 measures that are a quarter-end stock (季末存量). */
export const ENTERPRISE_STOCK_FIELDS = ['validInventionPatents'] as const;
/** 重点企业 measures that are the quarter's flow (本季度发生数). */
export const ENTERPRISE_FLOW_FIELDS = [
  'inventionGrants',
  'pctApplications',
  'madridRegistrations',
  'licensingIncome',
  'pledgeFinancing',
  'insuranceCoverage',
] as const;
/** Every numeric 重点企业 measure, stock first (also the fields a 合计 row is checked against). */
export const ENTERPRISE_MEASURE_FIELDS = [...ENTERPRISE_STOCK_FIELDS, ...ENTERPRISE_FLOW_FIELDS] as const;

export const BASIC_INFO_LABELS = [
  { field: 'cityCode', label: '城市代码' },
  { field: 'cityName', label: '城市名称' },
  { field: 'period', label: '报告期' },
  { field: 'reportingUnit', label: '填报单位' },
  { field: 'contactPerson', label: '填报人' },
  { field: 'phone', label: '联系电话' },
  { field: 'filledOn', label: '填报日期' },
] as const;

const text = (
  field: string,
  header: string,
  required = false,
  extra: Partial<ColumnDefinition> = {},
): ColumnDefinition => ({
  field,
  header,
  type: 'text',
  required,
  ...extra,
});

/** The 备注 column of a data sheet: free text, and where the city explains the row's verification warnings. */
const noteColumn = (prompt: string): ColumnDefinition =>
  text('note', '备注', false, {
    aliases: ['说明', '备注说明', '情况说明', '核实说明'],
    role: 'note',
    prompt,
  });

const DETAIL_NOTE_PROMPT = '合计行与各行之和不一致时，请在合计行的备注中说明原因（核实性审核说明）';

export const SHEETS: readonly SheetDefinition[] = [
  {
    kind: 'info',
    name: '基本信息',
    englishNames: ['info', 'basic-info'],
    description: '填报单位基本信息（标签—值两列）；城市代码和报告期须与上传路径一致。',
    columns: [
      text('label', '项目', true, { aliases: ['标签', '名称'] }),
      text('value', '内容', false, { aliases: ['值', '填写内容'] }),
    ],
  },
  {
    kind: 'core',
    name: '核心指标',
    englishNames: ['indicators', 'core', 'core-indicators'],
    description: '每个指标一行；A04、B07 可不填（由明细表计算）。缺少的指标视为未报送，不视为 0。',
    uniqueField: 'code',
    columns: [
      {
        field: 'code',
        header: '指标代码',
        type: 'indicatorCode',
        required: false,
        aliases: ['代码', '编码', '指标编码'],
      },
      { field: 'name', header: '指标名称', type: 'indicatorName', required: true, aliases: ['指标', '名称'] },
      { field: 'unit', header: '单位', type: 'unit', required: false, aliases: ['计量单位'] },
      {
        field: 'value',
        header: '本期值',
        type: 'indicatorValue',
        required: true,
        aliases: ['本期数', '数值', '本季度值', '期末值'],
        prompt: '流量指标填本季度发生额，存量指标填季末累计值，比率填百分数',
      },
      noteColumn('系统提示需核实的警告（累计值下降、与上季度相差 10 倍以上等）时，请在本行备注中说明原因'),
    ],
  },
  {
    kind: 'agencies',
    name: '运营机构',
    englishNames: ['agencies', 'agency'],
    description: '知识产权运营、服务、交易机构明细；主营业务收入达到 1000 万元的机构计入 A04。',
    uniqueField: 'uscc',
    totalFields: ['revenueYtd', 'revenueSamePeriodLastYear', 'revenueLastYear'],
    columns: [
      text('name', '机构名称', true, { aliases: ['单位名称', '名称'] }),
      {
        field: 'uscc',
        header: '统一社会信用代码',
        type: 'uscc',
        required: true,
        aliases: ['信用代码', '社会信用代码'],
      },
      { field: 'type', header: '机构类型', type: 'enum', required: false, values: AGENCY_TYPES },
      {
        field: 'revenueYtd',
        header: '本年累计主营业务收入',
        unit: '万元',
        type: 'amount',
        required: true,
        aliases: ['本年累计营业收入', '本年主营业务收入'],
      },
      {
        field: 'revenueSamePeriodLastYear',
        header: '上年同期主营业务收入',
        unit: '万元',
        type: 'amount',
        required: false,
        aliases: ['上年同期营业收入'],
      },
      {
        field: 'revenueLastYear',
        header: '上年度主营业务收入',
        unit: '万元',
        type: 'amount',
        required: false,
        aliases: ['上年度营业收入', '上年主营业务收入'],
      },
      noteColumn(DETAIL_NOTE_PROMPT),
    ],
  },
  {
    kind: 'portfolios',
    name: '高价值专利组合',
    englishNames: ['portfolios', 'portfolio', 'high-value-portfolios'],
    description: '高价值专利组合明细；发明专利 ≥ 50 件且 PCT 申请 ≥ 10 件的组合计入 B07。',
    uniqueField: 'name',
    totalFields: ['inventionPatents', 'pctApplications'],
    columns: [
      text('name', '组合名称', true, { aliases: ['专利组合名称', '名称'] }),
      text('industry', '所属产业', false, { aliases: ['产业', '所属行业'] }),
      text('leadUnit', '牵头单位', false),
      { field: 'leadUscc', header: '牵头单位统一社会信用代码', type: 'uscc', required: false },
      {
        field: 'inventionPatents',
        header: '发明专利数',
        unit: '件',
        type: 'count',
        required: true,
        aliases: ['发明专利量'],
      },
      {
        field: 'pctApplications',
        header: 'PCT申请数',
        unit: '件',
        type: 'count',
        required: true,
        aliases: ['PCT申请量', 'PCT专利申请数'],
      },
      { field: 'formedOn', header: '形成日期', type: 'date', required: false, aliases: ['组建日期'] },
      noteColumn(DETAIL_NOTE_PROMPT),
    ],
  },
  {
    kind: 'enterprises',
    name: '重点企业',
    englishNames: ['enterprises', 'enterprise', 'key-enterprises'],
    description: '重点企业明细；用于典型企业评选。数量类为本季度发生数，有效发明专利量为季末存量。',
    uniqueField: 'uscc',
    totalFields: ENTERPRISE_MEASURE_FIELDS,
    columns: [
      text('name', '企业名称', true, { aliases: ['单位名称', '名称'] }),
      {
        field: 'uscc',
        header: '统一社会信用代码',
        type: 'uscc',
        required: true,
        aliases: ['信用代码', '社会信用代码'],
      },
      text('industry', '所属产业', false, { aliases: ['产业', '所属行业'] }),
      { field: 'size', header: '企业规模', type: 'enum', required: false, values: ENTERPRISE_SIZES },
      {
        field: 'validInventionPatents',
        header: '有效发明专利量',
        unit: '件',
        type: 'count',
        required: false,
        aliases: ['有效发明专利拥有量'],
      },
      { field: 'inventionGrants', header: '发明专利授权量', unit: '件', type: 'count', required: false },
      {
        field: 'pctApplications',
        header: 'PCT申请量',
        unit: '件',
        type: 'count',
        required: false,
        aliases: ['PCT国际专利申请量'],
      },
      {
        field: 'madridRegistrations',
        header: '马德里商标国际注册量',
        unit: '件',
        type: 'count',
        required: false,
      },
      { field: 'licensingIncome', header: '专利转让许可收入', unit: '万元', type: 'amount', required: false },
      {
        field: 'pledgeFinancing',
        header: '知识产权质押融资金额',
        unit: '万元',
        type: 'amount',
        required: false,
      },
      {
        field: 'insuranceCoverage',
        header: '知识产权保险保障金额',
        unit: '万元',
        type: 'amount',
        required: false,
      },
      { field: 'certified', header: '是否贯标', type: 'boolean', required: false },
      {
        field: 'underCustody',
        header: '是否接受托管服务',
        type: 'boolean',
        required: false,
        aliases: ['是否托管'],
      },
      { field: 'recommended', header: '城市推荐', type: 'boolean', required: false, aliases: ['是否推荐'] },
      text('recommendReason', '推荐理由', false),
      noteColumn(DETAIL_NOTE_PROMPT),
    ],
  },
  {
    kind: 'cases',
    name: '典型案例',
    englishNames: ['cases', 'case', 'typical-cases'],
    description: '典型模式与案例；城市推荐或有量化成效的案例参与典型模式评选。',
    uniqueField: 'title',
    columns: [
      text('title', '案例名称', true, { aliases: ['名称'] }),
      {
        field: 'category',
        header: '模式类别',
        type: 'enum',
        required: true,
        values: CASE_CATEGORIES,
        aliases: ['类别'],
      },
      text('subject', '实施主体', false),
      text('practice', '主要做法', true, { aliases: ['做法'] }),
      text('outcomeMetric', '成效指标', false),
      { field: 'outcomeValue', header: '成效数值', type: 'number', required: false },
      text('outcomeUnit', '成效单位', false),
      { field: 'recommended', header: '城市推荐', type: 'boolean', required: false, aliases: ['是否推荐'] },
    ],
  },
];

const sheetsByKind = new Map(SHEETS.map((sheet) => [sheet.kind, sheet]));

export function sheetDefinition(kind: SheetKind): SheetDefinition {
  const found = sheetsByKind.get(kind);
  if (!found) throw new Error(`unknown sheet kind ${kind}`);
  return found;
}

/** Detail sheets whose rows are stored as records (everything except 基本信息 and 核心指标). */
export const DETAIL_SHEET_KINDS = [
  'agencies',
  'portfolios',
  'enterprises',
  'cases',
] as const satisfies readonly SheetKind[];
/** Sheet kinds that carry data and can be current (基本信息 only identifies the upload). */
export const DATA_SHEET_KINDS = ['core', ...DETAIL_SHEET_KINDS] as const satisfies readonly SheetKind[];
export type DataSheetKind = (typeof DATA_SHEET_KINDS)[number];

/** A column's header as the template writes it: the name with its unit in full-width brackets. */
export function templateHeader(column: ColumnDefinition): string {
  return column.unit ? `${column.header}（${column.unit}）` : column.header;
}

/** The column of a sheet where the city explains a row's verification warnings (备注), if any. */
export function noteColumnOf(kind: SheetKind): ColumnDefinition | undefined {
  return sheetDefinition(kind).columns.find((column) => column.role === 'note');
}

/**
 * A 填报说明 sheet (the template's own, or one the city adds) may hold a table of explanations of
 * verification warnings (核实性审核说明): a header row naming a subject column (the indicator by
 * code or name, or the sheet of a 合计 row) and a text column, then one explanation per row. Sheets
 * of these names are read for that table only and never as data.
 */
export const EXPLANATION_SHEET = {
  names: ['填报说明', '填表说明', '说明', '审核说明', '核实说明', '情况说明', '核实性审核说明', '数据说明'],
  subject: {
    header: '指标或工作表',
    aliases: ['指标', '指标代码', '指标名称', '指标代码或名称', '指标或表名', '工作表', '项目'],
  },
  text: {
    header: '核实说明',
    aliases: [
      '说明',
      '审核说明',
      '情况说明',
      '原因',
      '原因说明',
      '说明原因',
      '核实性审核说明',
      '备注',
      '说明内容',
    ],
  },
} as const;
