/**
 * The issue codes raised by validation (after reading). One table holds each code's severity,
 * Chinese title and description (the same shape as ../parsing/issues.ts, which holds the codes
 * raised while reading a file), plus where it applies, its message and an example, so that the
 * rules, docs/validation-codes.md and the tests agree.
 */
import { findIndicator, INDICATORS } from '../catalogue/indicators.ts';
import { DEFAULT_DEADLINE_DAYS } from '../domain/period.ts';
import type { ValidationIssue } from '../domain/validation.ts';
import type { ParsingIssueDefinition } from '../parsing/issues.ts';

/**
 * Where an issue applies. A `file` issue rejects every sheet of the upload; a `sheet`, `row` or
 * `cell` error rejects the sheet it names.
 */
export type IssueScope = 'file' | 'sheet' | 'row' | 'cell';

export interface IssueDefinition<P> extends ParsingIssueDefinition {
  scope: IssueScope;
  /** The Chinese message shown to the city. */
  message: (params: P) => string;
  /** Parameters of a typical occurrence, rendered in the documentation. */
  example: P;
  /**
   * A verification warning (核实性审核): the city may keep the value and explain it in the row's
   * 备注 / 说明 cell or in a 填报说明 sheet; the issue is then 已说明, otherwise 待说明.
   */
  asksForExplanation?: true;
}

const define = <P>(definition: IssueDefinition<P>): IssueDefinition<P> => definition;

/** Parameters of a check of an indicator's value against the city's previous quarter. */
interface AgainstPreviousQuarter {
  code: string;
  name: string;
  value: string;
  previous: string;
  previousPeriod: string;
}

/** `发明专利申请量（B02）≤ 专利申请量（B01）、…` from a pairing field of the catalogue. */
function pairs(field: 'atMost' | 'countCompanion', joiner: string): string {
  return INDICATORS.flatMap((indicator) => {
    const other = indicator[field] ? findIndicator(indicator[field]) : undefined;
    return other ? [`${indicator.name}（${indicator.code}）${joiner}${other.name}（${other.code}）`] : [];
  }).join('、');
}

export const VALIDATION_ISSUES = {
  KEY_INVALID: define<{ detail: string }>({
    severity: 'error',
    scope: 'file',
    title: '上传路径格式错误',
    description:
      '上传路径应为 uploads/{城市代码}/{报告期}/{文件名}，城市代码为 6 位行政区划代码，报告期为季度（如 2024Q3）。',
    message: ({ detail }) => `上传路径错误：${detail}`,
    example: { detail: '上传路径应为 uploads/{城市代码}/{报告期}/{文件名}，实际为 uploads/深圳.xlsx' },
  }),
  CITY_UNKNOWN: define<{ city: string }>({
    severity: 'error',
    scope: 'file',
    title: '城市不在名录中',
    description:
      '上传路径中的城市代码不在城市名录中，系统无法确定报送单位。请核对城市代码，或联系部委将城市加入名录。',
    message: ({ city }) => `城市代码 ${city} 不在城市名录中，请核对上传路径中的城市代码`,
    example: { city: '440399' },
  }),
  PERIOD_INVALID: define<{ period: string }>({
    severity: 'error',
    scope: 'file',
    title: '报告期格式错误',
    description: '报告期应为季度代码（如 2024Q3）；年度数据由系统按季度汇总，不单独上传。',
    message: ({ period }) => `报告期格式错误：${period}（应为季度，如 2024Q3）`,
    example: { period: '2024-09' },
  }),
  PERIOD_FUTURE: define<{ period: string; starts: string }>({
    severity: 'error',
    scope: 'file',
    title: '报告期尚未开始',
    description: '上传时间早于该季度的第一天（北京时间），不能提前报送。',
    message: ({ period, starts }) => `报告期 ${period} 尚未开始（${starts} 起方可报送）`,
    example: { period: '2025Q1', starts: '2025-01-01' },
  }),
  PERIOD_LOCKED: define<{ period: string; lockedAt: string; reason?: string }>({
    severity: 'error',
    scope: 'file',
    title: '报告期已锁定',
    description: '部委已锁定该报告期（本市或全部城市），不再接受新的报送，已接受的数据保持不变。',
    message: ({ period, lockedAt, reason }) =>
      `报告期 ${period} 已于 ${lockedAt} 锁定，不再接受报送${reason ? `（${reason}）` : ''}`,
    example: { period: '2024Q2', lockedAt: '2024-08-01', reason: '年度考核' },
  }),
  INFO_CITY_MISMATCH: define<{ declared: string; city: string }>({
    severity: 'error',
    scope: 'file',
    title: '基本信息城市代码与上传路径不一致',
    description:
      '“基本信息”表中的城市代码与上传路径中的城市代码不同，无法确定数据属于哪个城市，整个文件不予接受。',
    message: ({ declared, city }) => `基本信息中的城市代码 ${declared} 与上传路径中的城市代码 ${city} 不一致`,
    example: { declared: '440100', city: '440300' },
  }),
  INFO_PERIOD_MISMATCH: define<{ declared: string; period: string }>({
    severity: 'error',
    scope: 'file',
    title: '基本信息报告期与上传路径不一致',
    description:
      '“基本信息”表中的报告期与上传路径中的报告期不同（或无法识别），整个文件不予接受。报告期可写作 2024Q3、2024年第三季度等。',
    message: ({ declared, period }) => `基本信息中的报告期“${declared}”与上传路径中的报告期 ${period} 不一致`,
    example: { declared: '2024Q2', period: '2024Q3' },
  }),
  INFO_CITY_NAME_MISMATCH: define<{ declared: string; name: string }>({
    severity: 'warning',
    scope: 'cell',
    title: '基本信息城市名称与名录不符',
    description:
      '“基本信息”表中的城市名称与城市名录中的名称不相符（允许省略“市”“区”等后缀），请核对是否用错了模板。',
    message: ({ declared, name }) => `基本信息中的城市名称“${declared}”与城市名录中的“${name}”不一致，请核对`,
    example: { declared: '广州市', name: '深圳市' },
  }),
  NO_DATA_SHEET: define<Record<string, never>>({
    severity: 'error',
    scope: 'file',
    title: '没有可入库的数据表',
    description:
      '文件中没有核心指标或任何明细表（运营机构、高价值专利组合、重点企业、典型案例），没有数据可以入库。',
    message: () => '文件中没有可入库的数据表（核心指标、运营机构、高价值专利组合、重点企业、典型案例）',
    example: {},
  }),
  DUPLICATE_INDICATOR: define<{ code: string; name: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    title: '指标重复填报',
    description: '核心指标表中同一指标出现多行，无法确定以哪一行为准，核心指标表不予接受。',
    message: ({ code, name, firstRow }) => `指标 ${code} ${name} 重复填报（第 ${firstRow} 行已填）`,
    example: { code: 'B01', name: '专利申请量', firstRow: 8 },
  }),
  DUPLICATE_USCC: define<{ uscc: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    title: '统一社会信用代码重复',
    description: '运营机构表或重点企业表中同一统一社会信用代码出现多行，该表不予接受。',
    message: ({ uscc, firstRow }) => `统一社会信用代码 ${uscc} 重复（第 ${firstRow} 行已填）`,
    example: { uscc: '91440300MA5G0L7Y3A', firstRow: 5 },
  }),
  DUPLICATE_PORTFOLIO: define<{ name: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    title: '组合名称重复',
    description: '高价值专利组合表中同一组合名称出现多行（忽略空格、全半角和大小写差异），该表不予接受。',
    message: ({ name, firstRow }) => `组合名称“${name}”重复（第 ${firstRow} 行已填）`,
    example: { name: '新能源汽车电池高价值专利组合', firstRow: 3 },
  }),
  DUPLICATE_CASE: define<{ title: string; firstRow: number }>({
    severity: 'warning',
    scope: 'row',
    title: '案例名称重复',
    description:
      '典型案例表中同一案例名称出现多行。不同案例可能使用相同的概括性名称，因此只提示、不退回，请确认是否重复填报。',
    message: ({ title, firstRow }) => `案例名称“${title}”与第 ${firstRow} 行相同，请确认是否重复填报`,
    example: { title: '知识产权质押融资“入园惠企”行动', firstRow: 4 },
  }),
  INDICATOR_EXCEEDS: define<{
    code: string;
    name: string;
    value: string;
    limitCode: string;
    limitName: string;
    limit: string;
  }>({
    severity: 'error',
    scope: 'cell',
    title: '分项大于总数',
    description: `分项指标不得大于其总数：${pairs('atMost', ' ≤ ')}。违反时核心指标表不予接受。`,
    message: ({ code, name, value, limitCode, limitName, limit }) =>
      `${name}（${code}）${value} 大于 ${limitName}（${limitCode}）${limit}，前者不应超过后者`,
    example: {
      code: 'B02',
      name: '发明专利申请量',
      value: '1,200',
      limitCode: 'B01',
      limitName: '专利申请量',
      limit: '1,000',
    },
  }),
  INDICATORS_MISSING: define<{ missing: string }>({
    severity: 'warning',
    scope: 'sheet',
    title: '核心指标缺少指标',
    description:
      '核心指标表中没有某些指标（或其本期值为空），视为未报送，不按 0 处理；一条提示列出全部缺少的指标。A04、B07 由明细表计算，可不填。',
    message: ({ missing }) => `核心指标缺少以下指标，视为未报送（不按 0 处理）：${missing}`,
    example: { missing: 'B05 PCT国际专利申请量、D05 知识产权证券化融资金额' },
  }),
  TOTAL_MISMATCH: define<{ column: string; declared: string; sum: string }>({
    severity: 'warning',
    asksForExplanation: true,
    scope: 'cell',
    title: '合计行与明细之和不一致',
    description:
      '表格末尾的合计行与其上各行之和不一致（逐列核对，允许 0.01 的舍入差）。合计行只用于核对，不入库。',
    message: ({ column, declared, sum }) => `合计行“${column}”为 ${declared}，各行合计为 ${sum}，两者不一致`,
    example: { column: '本年累计主营业务收入（万元）', declared: '12,500', sum: '12,480.5' },
  }),
  DERIVED_MISMATCH: define<{ code: string; name: string; declared: string; derived: string; sheet: string }>({
    severity: 'warning',
    asksForExplanation: true,
    scope: 'cell',
    title: '填报值与明细表计算值不一致',
    description:
      '核心指标中填报的 A04（年主营业务收入 1000 万元以上的运营机构数）或 B07（高价值专利组合数）与同一文件中明细表的计算结果不同，汇总时以计算值为准。',
    message: ({ code, name, declared, derived, sheet }) =>
      `${name}（${code}）填报 ${declared}，按“${sheet}”表计算为 ${derived}，汇总时以计算值为准`,
    example: {
      code: 'A04',
      name: '年主营业务收入1000万元以上的知识产权运营机构数',
      declared: '6',
      derived: '5',
      sheet: '运营机构',
    },
  }),
  STOCK_DECREASED: define<AgainstPreviousQuarter>({
    severity: 'warning',
    asksForExplanation: true,
    scope: 'cell',
    title: '累计值低于上一季度',
    description: '存量（累计）指标本期值低于本市上一季度已接受的数值，请核对是否填成了当季发生数。',
    message: ({ code, name, value, previous, previousPeriod }) =>
      `${name}（${code}）为累计值，本期 ${value} 低于上一季度（${previousPeriod}）的 ${previous}，请核对`,
    example: {
      code: 'C01',
      name: '知识产权管理规范贯标单位数',
      value: '80',
      previous: '95',
      previousPeriod: '2024Q2',
    },
  }),
  VALUE_OUTLIER: define<AgainstPreviousQuarter>({
    severity: 'warning',
    asksForExplanation: true,
    scope: 'cell',
    title: '与上一季度相差 10 倍以上',
    description:
      '本期值超过本市上一季度的 10 倍或不足其 1/10（上一季度值大于 0 时核对；比率类指标不核对），请核对单位（元/万元）和数值。',
    message: ({ code, name, value, previous, previousPeriod }) =>
      `${name}（${code}）本期 ${value} 与上一季度（${previousPeriod}）的 ${previous} 相差 10 倍以上，请核对单位和数值`,
    example: {
      code: 'D01',
      name: '知识产权质押融资金额',
      value: '560,000',
      previous: '42,000',
      previousPeriod: '2024Q2',
    },
  }),
  COUNT_COMPANION_ZERO: define<{
    code: string;
    name: string;
    value: string;
    countCode: string;
    countName: string;
  }>({
    severity: 'warning',
    asksForExplanation: true,
    scope: 'cell',
    title: '有金额但次数为 0',
    description: `金额类流量指标大于 0，但对应的次数为 0：${pairs('countCompanion', '与')}。`,
    message: ({ code, name, value, countCode, countName }) =>
      `${name}（${code}）为 ${value}，但 ${countName}（${countCode}）为 0，请核对`,
    example: {
      code: 'D01',
      name: '知识产权质押融资金额',
      value: '3,200',
      countCode: 'D02',
      countName: '知识产权质押次数',
    },
  }),
  EXPLANATION_SUBJECT_UNKNOWN: define<{ subject: string; row: number }>({
    severity: 'warning',
    scope: 'row',
    title: '核实说明未对应到指标',
    description:
      '填报说明工作表的核实性审核说明表中，“指标或工作表”一栏应填写指标代码（如 A04）、指标名称或工作表名称（合计行的说明）；无法识别时该说明不对应任何警告。',
    message: ({ subject, row }) =>
      `第 ${row} 行的核实说明写的是“${subject}”，不是指标代码、指标名称或明细表名称，未能对应到任何警告，请改为指标代码（如 A04）`,
    example: { subject: '第三项', row: 160 },
  }),
  LATE_UPLOAD: define<{ period: string; deadline: string }>({
    severity: 'warning',
    scope: 'file',
    title: '迟报',
    description: `上传时间晚于该季度的报送截止时间（默认为季度结束后第 ${DEFAULT_DEADLINE_DAYS} 天 24 时，北京时间）；数据照常接受，记为迟报。`,
    message: ({ period, deadline }) =>
      `报告期 ${period} 的报送截止时间为 ${deadline}（北京时间），本次为迟报`,
    example: { period: '2024Q3', deadline: '2024-10-15 23:59' },
  }),
} as const;

export type ValidationIssueCode = keyof typeof VALIDATION_ISSUES;
type ParamsOf<C extends ValidationIssueCode> =
  (typeof VALIDATION_ISSUES)[C] extends IssueDefinition<infer P> ? P : never;

/** Where an issue points: the sheet (or file name), and the row, column and cell when one applies. */
export type IssueLocation = Pick<ValidationIssue, 'sheet' | 'row' | 'column' | 'cell' | 'value'>;

/** Builds an issue of a validation code with its severity and Chinese message from the table. */
export function validationIssue<C extends ValidationIssueCode>(
  code: C,
  location: IssueLocation,
  params: ParamsOf<C>,
): ValidationIssue {
  const definition = VALIDATION_ISSUES[code] as unknown as IssueDefinition<ParamsOf<C>>;
  return withoutUndefined({
    severity: definition.severity,
    code,
    ...location,
    message: definition.message(params),
  });
}

/** Codes of the verification warnings, which the city may explain instead of changing the value. */
export const EXPLAINABLE_CODES: ReadonlySet<string> = new Set(
  Object.entries(VALIDATION_ISSUES)
    .filter(([, definition]) => (definition as IssueDefinition<unknown>).asksForExplanation === true)
    .map(([code]) => code),
);

/** Whether an issue is a verification warning that asks the city for an explanation (核实性审核说明). */
export function asksForExplanation(issue: Pick<ValidationIssue, 'code' | 'severity'>): boolean {
  return issue.severity === 'warning' && EXPLAINABLE_CODES.has(issue.code);
}

/** Codes whose issues reject the whole upload. */
export const FILE_LEVEL_CODES: ReadonlySet<string> = new Set(
  Object.entries(VALIDATION_ISSUES)
    .filter(([, definition]) => definition.scope === 'file')
    .map(([code]) => code),
);

function withoutUndefined(issue: ValidationIssue): ValidationIssue {
  return Object.fromEntries(
    Object.entries(issue).filter(([, value]) => value !== undefined),
  ) as unknown as ValidationIssue;
}
