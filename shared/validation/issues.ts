/**
 * The issue codes raised by validation (after reading). One table holds each code's severity,
 * where it applies, what it means, its Chinese message and an example, so that the rules, the
 * documentation (docs/validation-codes.md) and the tests agree. The codes raised while reading
 * a file live in ../parsing/issues.ts.
 */
import type { Severity, ValidationIssue } from '../domain/validation.ts';

/**
 * Where an issue applies. A `file` issue rejects every sheet of the upload; a `sheet`, `row` or
 * `cell` error rejects the sheet it names.
 */
export type IssueScope = 'file' | 'sheet' | 'row' | 'cell';

export interface IssueDefinition<P> {
  severity: Severity;
  scope: IssueScope;
  /** What the rule checks (for developers and the documentation). */
  meaning: string;
  /** The Chinese message shown to the city. */
  message: (params: P) => string;
  /** Parameters of a typical occurrence, rendered in the documentation. */
  example: P;
}

const define = <P>(definition: IssueDefinition<P>): IssueDefinition<P> => definition;

export const VALIDATION_ISSUES = {
  KEY_INVALID: define<{ detail: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The S3 key is not of the form uploads/{cityCode}/{period}/{fileName}.',
    message: ({ detail }) => detail,
    example: { detail: '上传路径应为 uploads/{城市代码}/{报告期}/{文件名}，实际为 uploads/深圳.xlsx' },
  }),
  CITY_UNKNOWN: define<{ city: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The city code named by the upload is not in the city registry.',
    message: ({ city }) => `城市代码 ${city} 不在城市名录中，请核对上传路径中的城市代码`,
    example: { city: '440399' },
  }),
  PERIOD_INVALID: define<{ period: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The reporting period is not a quarter such as 2024Q3.',
    message: ({ period }) => `报告期格式错误：${period}（应为季度，如 2024Q3）`,
    example: { period: '2024-09' },
  }),
  PERIOD_FUTURE: define<{ period: string; starts: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The upload arrived before the quarter started (China time).',
    message: ({ period, starts }) => `报告期 ${period} 尚未开始（${starts} 起方可报送）`,
    example: { period: '2025Q1', starts: '2025-01-01' },
  }),
  PERIOD_LOCKED: define<{ period: string; lockedAt: string; reason?: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The period is locked for this city (or for every city); no upload may change it.',
    message: ({ period, lockedAt, reason }) =>
      `报告期 ${period} 已于 ${lockedAt} 锁定，不再接受报送${reason ? `（${reason}）` : ''}`,
    example: { period: '2024Q2', lockedAt: '2024-08-01', reason: '年度考核' },
  }),
  INFO_CITY_MISMATCH: define<{ declared: string; city: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The 城市代码 in 基本信息 differs from the city of the upload path.',
    message: ({ declared, city }) => `基本信息中的城市代码 ${declared} 与上传路径中的城市代码 ${city} 不一致`,
    example: { declared: '440100', city: '440300' },
  }),
  INFO_PERIOD_MISMATCH: define<{ declared: string; period: string }>({
    severity: 'error',
    scope: 'file',
    meaning: 'The 报告期 in 基本信息 differs from the period of the upload path (or cannot be read).',
    message: ({ declared, period }) => `基本信息中的报告期“${declared}”与上传路径中的报告期 ${period} 不一致`,
    example: { declared: '2024Q2', period: '2024Q3' },
  }),
  INFO_CITY_NAME_MISMATCH: define<{ declared: string; name: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning: 'The 城市名称 in 基本信息 does not look like the registry name of the city.',
    message: ({ declared, name }) => `基本信息中的城市名称“${declared}”与城市名录中的“${name}”不一致，请核对`,
    example: { declared: '广州市', name: '深圳市' },
  }),
  NO_DATA_SHEET: define<Record<string, never>>({
    severity: 'error',
    scope: 'file',
    meaning: 'The upload holds no data sheet (核心指标 or a detail sheet) to store.',
    message: () => '文件中没有可入库的数据表（核心指标、运营机构、高价值专利组合、重点企业、典型案例）',
    example: {},
  }),
  SHEET_REPEATED: define<{ sheet: string; first: string }>({
    severity: 'error',
    scope: 'sheet',
    meaning: 'A workbook holds two sheets of the same kind; the later one is rejected.',
    message: ({ sheet, first }) => `工作表“${sheet}”与“${first}”是同一类数据表，每类只能报送一张`,
    example: { sheet: '核心指标(2)', first: '核心指标' },
  }),
  DUPLICATE_INDICATOR: define<{ code: string; name: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    meaning: 'The same indicator appears twice in 核心指标.',
    message: ({ code, name, firstRow }) => `指标 ${code} ${name} 重复填报（第 ${firstRow} 行已填）`,
    example: { code: 'B01', name: '专利申请量', firstRow: 8 },
  }),
  DUPLICATE_USCC: define<{ uscc: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    meaning: 'The same 统一社会信用代码 appears twice in 运营机构 or 重点企业.',
    message: ({ uscc, firstRow }) => `统一社会信用代码 ${uscc} 重复（第 ${firstRow} 行已填）`,
    example: { uscc: '91440300MA5G0L7Y3K', firstRow: 5 },
  }),
  DUPLICATE_PORTFOLIO: define<{ name: string; firstRow: number }>({
    severity: 'error',
    scope: 'row',
    meaning: 'The same 组合名称 appears twice in 高价值专利组合.',
    message: ({ name, firstRow }) => `组合名称“${name}”重复（第 ${firstRow} 行已填）`,
    example: { name: '新能源汽车电池高价值专利组合', firstRow: 3 },
  }),
  DUPLICATE_CASE: define<{ title: string; firstRow: number }>({
    severity: 'warning',
    scope: 'row',
    meaning:
      'The same 案例名称 appears twice in 典型案例. A warning, not an error: different cases may share a generic title, and the narrative sheet should not be lost for it.',
    message: ({ title, firstRow }) => `案例名称“${title}”与第 ${firstRow} 行相同，请确认是否重复填报`,
    example: { title: '知识产权质押融资“入园惠企”行动', firstRow: 4 },
  }),
  INDICATOR_EXCEEDS: define<{ code: string; name: string; value: string; limitCode: string; limitName: string; limit: string }>({
    severity: 'error',
    scope: 'cell',
    meaning: 'A part exceeds its whole: B02 > B01, B04 > B03, D03 > D02, E02 > E01 (catalogue `atMost`).',
    message: ({ code, name, value, limitCode, limitName, limit }) =>
      `${name}（${code}）${value} 大于 ${limitName}（${limitCode}）${limit}，前者不应超过后者`,
    example: { code: 'B02', name: '发明专利申请量', value: '1200', limitCode: 'B01', limitName: '专利申请量', limit: '1000' },
  }),
  INDICATORS_MISSING: define<{ missing: string }>({
    severity: 'warning',
    scope: 'sheet',
    meaning: 'Indicators of the catalogue absent from 核心指标 (not reported; never treated as zero). One issue lists them all.',
    message: ({ missing }) => `核心指标缺少以下指标，视为未报送（不按 0 处理）：${missing}`,
    example: { missing: 'B05 PCT国际专利申请量、D05 知识产权证券化融资金额' },
  }),
  TOTAL_MISMATCH: define<{ column: string; declared: string; sum: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning: 'A 合计 row differs from the sum of the rows above it (per column). The 合计 row is never stored.',
    message: ({ column, declared, sum }) => `合计行“${column}”为 ${declared}，各行合计为 ${sum}，两者不一致`,
    example: { column: '本年累计主营业务收入（万元）', declared: '12,500', sum: '12,480.5' },
  }),
  DERIVED_MISMATCH: define<{ code: string; name: string; declared: string; derived: string; sheet: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning: 'A declared A04 / B07 differs from the value derived from its detail sheet in the same upload; reports use the derived value.',
    message: ({ code, name, declared, derived, sheet }) =>
      `${name}（${code}）填报 ${declared}，按“${sheet}”表计算为 ${derived}，汇总时以计算值为准`,
    example: { code: 'A04', name: '年主营业务收入1000万元以上的知识产权运营机构数', declared: '6', derived: '5', sheet: '运营机构' },
  }),
  STOCK_DECREASED: define<{ code: string; name: string; value: string; previous: string; previousPeriod: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning: 'A `stock` indicator (cumulative) is lower than in the city’s previous accepted quarter.',
    message: ({ code, name, value, previous, previousPeriod }) =>
      `${name}（${code}）为累计值，本期 ${value} 低于上一季度（${previousPeriod}）的 ${previous}，请核对`,
    example: { code: 'C01', name: '知识产权管理规范贯标单位数', value: '80', previous: '95', previousPeriod: '2024Q2' },
  }),
  VALUE_OUTLIER: define<{ code: string; name: string; value: string; previous: string; previousPeriod: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning:
      'A value more than 10× or less than 1/10 of the previous quarter’s (flow and stock indicators with a positive previous value; rates are not compared).',
    message: ({ code, name, value, previous, previousPeriod }) =>
      `${name}（${code}）本期 ${value} 与上一季度（${previousPeriod}）的 ${previous} 相差 10 倍以上，请核对单位和数值`,
    example: { code: 'D01', name: '知识产权质押融资金额', value: '560000', previous: '42000', previousPeriod: '2024Q2' },
  }),
  COUNT_COMPANION_ZERO: define<{ code: string; name: string; value: string; countCode: string; countName: string }>({
    severity: 'warning',
    scope: 'cell',
    meaning: 'A flow amount is positive while its companion count is zero (C04 with C03, D01 with D02).',
    message: ({ code, name, value, countCode, countName }) =>
      `${name}（${code}）为 ${value}，但 ${countName}（${countCode}）为 0，请核对`,
    example: { code: 'D01', name: '知识产权质押融资金额', value: '3200', countCode: 'D02', countName: '知识产权质押次数' },
  }),
  LATE_UPLOAD: define<{ period: string; deadline: string }>({
    severity: 'warning',
    scope: 'file',
    meaning: 'The upload arrived after the period’s deadline (迟报); it is accepted and counted as late.',
    message: ({ period, deadline }) => `报告期 ${period} 的报送截止时间为 ${deadline}（北京时间），本次为迟报`,
    example: { period: '2024Q3', deadline: '2024-10-15 23:59' },
  }),
} as const;

export type ValidationIssueCode = keyof typeof VALIDATION_ISSUES;
type ParamsOf<C extends ValidationIssueCode> = (typeof VALIDATION_ISSUES)[C] extends IssueDefinition<infer P> ? P : never;

/** Where an issue points: the sheet (or file name), and the row, column and cell when one applies. */
export type IssueLocation = Pick<ValidationIssue, 'sheet' | 'row' | 'column' | 'cell' | 'value'>;

/** Builds an issue of a validation code with its severity and Chinese message from the table. */
export function validationIssue<C extends ValidationIssueCode>(code: C, location: IssueLocation, params: ParamsOf<C>): ValidationIssue {
  const definition = VALIDATION_ISSUES[code] as unknown as IssueDefinition<ParamsOf<C>>;
  return withoutUndefined({ severity: definition.severity, code, ...location, message: definition.message(params) });
}

/** Codes whose issues reject the whole upload. */
export const FILE_LEVEL_CODES: ReadonlySet<string> = new Set(
  Object.entries(VALIDATION_ISSUES)
    .filter(([, definition]) => definition.scope === 'file')
    .map(([code]) => code),
);

function withoutUndefined(issue: ValidationIssue): ValidationIssue {
  return Object.fromEntries(Object.entries(issue).filter(([, value]) => value !== undefined)) as unknown as ValidationIssue;
}
