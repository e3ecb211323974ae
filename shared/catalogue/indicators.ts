/**
 * The indicator catalogue (指标目录): the one place that defines every indicator. Template,
 * parsing, validation, roll-up and report columns are all driven from this table, so adding an
 * indicator is a one-line change here.
 */

export type Aggregation = 'flow' | 'stock' | 'rate';
export type IndicatorUnit = '个' | '家' | '件' | '次' | '笔' | '万元' | '%';

export type TargetRule =
  | { kind: 'programme'; minimum: number }
  | { kind: 'growth'; minimumPercent: number }
  | { kind: 'track' };

export interface IndicatorDefinition {
  code: string;
  /** Name as printed in the template (指标名称). */
  name: string;
  /** Short English key used in logs and benchmark output; JSON uses `code`. */
  key: string;
  unit: IndicatorUnit;
  aggregation: Aggregation;
  target: TargetRule;
  /** Extra spellings accepted in uploads, besides the normalised name and the name without 数/量. */
  aliases?: readonly string[];
  /** Derived from a detail sheet; the declared value in 核心指标 is optional and only compared. */
  derivedFrom?: 'agencies' | 'portfolios';
  /** Cross-field rule: the value must not exceed this indicator's value. */
  atMost?: string;
  /** A flow amount whose companion count must not be zero when the amount is positive. */
  countCompanion?: string;
  /** Shown in the 说明 sheet. */
  note?: string;
}

const programme = (minimum: number): TargetRule => ({ kind: 'programme', minimum });
const growth = (minimumPercent: number): TargetRule => ({ kind: 'growth', minimumPercent });
const track: TargetRule = { kind: 'track' };

// biome-ignore format: the catalogue reads best as a table, one indicator a line
export const INDICATORS: readonly IndicatorDefinition[] = [
  { code: 'A01', key: 'industryAlliances', name: '产业知识产权联盟数', unit: '个', aggregation: 'stock', target: track, aliases: ['知识产权联盟数', '产业知识产权联盟'] },
  { code: 'A02', key: 'industryNavigationProjects', name: '产业规划类专利导航项目数', unit: '个', aggregation: 'stock', target: programme(10), aliases: ['产业规划类专利导航项目', '产业类专利导航项目数'] },
  { code: 'A03', key: 'enterpriseNavigationProjects', name: '企业运营类专利导航项目数', unit: '个', aggregation: 'stock', target: programme(30), aliases: ['企业运营类专利导航项目', '企业类专利导航项目数'] },
  { code: 'A04', key: 'qualifyingAgencies', name: '年主营业务收入1000万元以上的知识产权运营机构数', unit: '家', aggregation: 'stock', target: programme(5), derivedFrom: 'agencies', aliases: ['主营业务收入1000万元以上的知识产权运营机构数', '年收入千万元以上运营机构数'] },
  { code: 'A05', key: 'serviceAgencies', name: '知识产权服务机构数', unit: '家', aggregation: 'stock', target: track },
  { code: 'A06', key: 'serviceIndustryRevenue', name: '知识产权服务业营业收入', unit: '万元', aggregation: 'flow', target: track, aliases: ['知识产权服务业收入'] },
  { code: 'B01', key: 'patentApplications', name: '专利申请量', unit: '件', aggregation: 'flow', target: track },
  { code: 'B02', key: 'inventionApplications', name: '发明专利申请量', unit: '件', aggregation: 'flow', target: track, atMost: 'B01' },
  { code: 'B03', key: 'patentGrants', name: '专利授权量', unit: '件', aggregation: 'flow', target: track },
  { code: 'B04', key: 'inventionGrants', name: '发明专利授权量', unit: '件', aggregation: 'flow', target: track, atMost: 'B03' },
  { code: 'B05', key: 'pctApplications', name: 'PCT国际专利申请量', unit: '件', aggregation: 'flow', target: track, aliases: ['PCT专利申请量', 'PCT申请量'] },
  { code: 'B06', key: 'validInventionPatents', name: '有效发明专利拥有量', unit: '件', aggregation: 'stock', target: track, aliases: ['有效发明专利量'] },
  { code: 'B07', key: 'highValuePortfolios', name: '高价值专利组合数', unit: '个', aggregation: 'stock', target: programme(20), derivedFrom: 'portfolios', aliases: ['高价值专利组合'] },
  { code: 'B08', key: 'trademarkApplications', name: '商标注册申请量', unit: '件', aggregation: 'flow', target: track },
  { code: 'B09', key: 'trademarkRegistrations', name: '商标注册量', unit: '件', aggregation: 'flow', target: track },
  { code: 'B10', key: 'madridRegistrations', name: '马德里商标国际注册量', unit: '件', aggregation: 'flow', target: track, aliases: ['马德里国际商标注册量', '马德里商标注册量'] },
  { code: 'B11', key: 'geographicalIndications', name: '地理标志数', unit: '个', aggregation: 'stock', target: track, aliases: ['地理标志'] },
  { code: 'C01', key: 'certifiedUnits', name: '知识产权管理规范贯标单位数', unit: '家', aggregation: 'stock', target: programme(100), aliases: ['贯标单位数', '知识产权贯标单位数'] },
  { code: 'C02', key: 'custodySmes', name: '知识产权托管服务覆盖中小微企业数', unit: '家', aggregation: 'stock', target: programme(1000), aliases: ['知识产权托管中小微企业数', '托管服务覆盖中小微企业数'] },
  { code: 'C03', key: 'patentTransfersLicences', name: '专利转让许可次数', unit: '次', aggregation: 'flow', target: track },
  { code: 'C04', key: 'tradeLicensingAmount', name: '知识产权交易许可金额', unit: '万元', aggregation: 'flow', target: growth(20), countCompanion: 'C03' },
  { code: 'D01', key: 'pledgeFinancingAmount', name: '知识产权质押融资金额', unit: '万元', aggregation: 'flow', target: growth(30), countCompanion: 'D02', aliases: ['质押融资金额', '专利商标质押融资金额'] },
  { code: 'D02', key: 'pledgeCount', name: '知识产权质押次数', unit: '笔', aggregation: 'flow', target: growth(30), aliases: ['质押次数', '知识产权质押笔数'] },
  { code: 'D03', key: 'mixedPledgeCount', name: '专利商标混合质押次数', unit: '笔', aggregation: 'flow', target: track, atMost: 'D02', aliases: ['混合质押次数', '专利商标混合质押笔数'] },
  { code: 'D04', key: 'insuranceCoverage', name: '知识产权保险保障金额', unit: '万元', aggregation: 'flow', target: growth(30), aliases: ['知识产权保险金额'] },
  { code: 'D05', key: 'securitisationAmount', name: '知识产权证券化融资金额', unit: '万元', aggregation: 'flow', target: track, aliases: ['证券化融资金额'] },
  { code: 'D06', key: 'operationFundSize', name: '知识产权运营基金规模', unit: '万元', aggregation: 'stock', target: track, aliases: ['运营基金规模'] },
  { code: 'E01', key: 'centralFundsReceived', name: '中央财政资金到位金额', unit: '万元', aggregation: 'stock', target: track, aliases: ['中央财政资金到位'] },
  { code: 'E02', key: 'centralFundsSpent', name: '中央财政资金已支出金额', unit: '万元', aggregation: 'stock', target: track, atMost: 'E01', aliases: ['中央财政资金支出金额'] },
  { code: 'E03', key: 'localMatchingFunds', name: '地方配套资金投入金额', unit: '万元', aggregation: 'stock', target: track, aliases: ['地方配套资金'] },
  { code: 'E04', key: 'localRevenueGrowth', name: '当地企业营业收入平均增幅', unit: '%', aggregation: 'rate', target: track, aliases: ['企业营业收入平均增幅'] },
];

const byCode = new Map(INDICATORS.map((indicator) => [indicator.code, indicator]));

export function findIndicator(code: string): IndicatorDefinition | undefined {
  return byCode.get(code.trim().toUpperCase());
}

export function indicator(code: string): IndicatorDefinition {
  const found = findIndicator(code);
  if (!found) throw new Error(`unknown indicator code ${code}`);
  return found;
}

export const INDICATOR_CODES: readonly string[] = INDICATORS.map((i) => i.code);

/** Indicators with a numeric target, in catalogue order. */
export const TARGETED_INDICATORS = INDICATORS.filter((i) => i.target.kind !== 'track');

/** Counts are whole numbers; money and rates may carry decimals. */
export function isCountUnit(unit: IndicatorUnit): boolean {
  return unit !== '万元' && unit !== '%';
}

/** Version of the catalogue and rules, recorded in every report's lineage. Bump on any change. */
export const CATALOGUE_VERSION = '2019-70.1';
