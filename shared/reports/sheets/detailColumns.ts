/** Columns of the list sheets both workbooks carry: enterprises, typical models, data quality. */
import { sheetDefinition } from '../../catalogue/sheets.ts';
import { BONUS, ENTERPRISE_MEASURES } from '../../rollup/enterprises.ts';
import type { DataQualityEntry, TypicalEnterprise, TypicalModel, UploadUsed } from '../../rollup/types.ts';
import { explanationStateText } from '../../validation/explanationState.ts';
import { yesNo } from '../labels.ts';
import type { Column } from '../xlsx/table.ts';

const enterpriseColumns = new Map(
  sheetDefinition('enterprises').columns.map((column) => [column.field, column]),
);

/**
 * How a typical-enterprise score is made up, e.g. `五项百分位均值 84.3 + 贯标 5 + 城市推荐 10`: the
 * score is on its own scale (up to 120 with the bonuses), not the cities' 0–100 target score.
 */
export function enterpriseScoreText(enterprise: TypicalEnterprise): string {
  const bonuses: Array<[string, number]> = [];
  if (enterprise.certified) bonuses.push(['贯标', BONUS.certified]);
  if (enterprise.underCustody) bonuses.push(['托管', BONUS.underCustody]);
  if (enterprise.recommended) bonuses.push(['城市推荐', BONUS.recommended]);
  const base = enterprise.score - bonuses.reduce((total, [, points]) => total + points, 0);
  return [
    `五项百分位均值 ${base.toFixed(1)}`,
    ...bonuses.map(([label, points]) => `${label} ${points}`),
  ].join(' + ');
}

/** A code and a name heading a row (a city's, a province's), as text. */
export function codeNameColumns<T>(
  headers: readonly [code: string, name: string],
  code: (item: T) => string,
  name: (item: T) => string,
): Column<T>[] {
  return [
    { header: headers[0], kind: 'text', width: 9, value: code },
    { header: headers[1], kind: 'text', width: 14, value: name },
  ];
}

/** 城市代码 and 城市名称: how a sheet heads the city a row is about. */
export function cityColumns<T>(code: (item: T) => string, name: (item: T) => string): Column<T>[] {
  return codeNameColumns(['城市代码', '城市名称'], code, name);
}

/** The city columns of a listed enterprise, model or warning. */
function listedCityColumns<T extends { city: string; cityName: string }>(): Column<T>[] {
  return cityColumns(
    (item) => item.city,
    (item) => item.cityName,
  );
}

/** The five ranked measures, headed as in the upload template (`PCT申请量（件）`). */
const measureColumns: Column<TypicalEnterprise>[] = ENTERPRISE_MEASURES.map((field) => {
  const column = enterpriseColumns.get(field);
  const unit = column?.unit ?? '';
  return {
    header: column ? `${column.header}${unit ? `（${unit}）` : ''}` : field,
    kind: unit === '万元' ? 'amount' : 'count',
    width: 14,
    value: (enterprise) => enterprise.values[field] ?? null,
  };
});

/**
 * The columns of an enterprise list. Given the credit codes of the typical enterprises, a list
 * of every enterprise marks them in 入选典型, next to the name so that it stays in view.
 */
export function enterpriseColumnsFor(
  rankHeader: string,
  typical?: ReadonlySet<string>,
): Column<TypicalEnterprise>[] {
  const typicalColumn: Column<TypicalEnterprise>[] = typical
    ? [{ header: '入选典型', kind: 'text', width: 8, value: (e) => yesNo(typical.has(e.uscc)) }]
    : [];
  return [
    { header: rankHeader, kind: 'integer', width: 7, value: (e) => e.rank },
    { header: '企业名称', kind: 'text', width: 30, value: (e) => e.name },
    ...typicalColumn,
    { header: '统一社会信用代码', kind: 'text', width: 21, value: (e) => e.uscc },
    ...listedCityColumns(),
    { header: '所属产业', kind: 'text', width: 14, value: (e) => e.industry },
    {
      header: `典型企业得分（满分 ${100 + BONUS.certified + BONUS.underCustody + BONUS.recommended}）`,
      kind: 'score',
      width: 10,
      value: (e) => e.score,
    },
    { header: '得分构成', kind: 'longText', width: 26, value: enterpriseScoreText },
    { header: '亮点', kind: 'longText', width: 40, value: (e) => e.highlights.join('；') },
    ...measureColumns,
    { header: '城市推荐', kind: 'text', width: 8, value: (e) => yesNo(e.recommended) },
    { header: '是否贯标', kind: 'text', width: 8, value: (e) => yesNo(e.certified) },
    { header: '是否接受托管服务', kind: 'text', width: 10, value: (e) => yesNo(e.underCustody) },
    { header: '推荐理由', kind: 'longText', width: 30, value: (e) => e.recommendReason },
    { header: '其他报送城市', kind: 'text', width: 14, value: (e) => e.alsoReportedBy?.join('、') },
  ];
}

export const MODEL_COLUMNS: readonly Column<TypicalModel>[] = [
  { header: '模式类别', kind: 'text', width: 14, value: (m) => m.category },
  { header: '案例名称', kind: 'longText', width: 28, value: (m) => m.title },
  ...listedCityColumns(),
  { header: '实施主体', kind: 'text', width: 20, value: (m) => m.subject },
  { header: '成效指标', kind: 'text', width: 16, value: (m) => m.outcomeMetric },
  { header: '成效数值', kind: 'number', width: 12, value: (m) => m.outcomeValue },
  { header: '成效单位', kind: 'text', width: 8, value: (m) => m.outcomeUnit },
  { header: '城市推荐', kind: 'text', width: 8, value: (m) => yesNo(m.recommended) },
  { header: '主要做法', kind: 'longText', width: 50, value: (m) => m.practice },
  { header: '入选理由', kind: 'longText', width: 40, value: (m) => m.reason },
];

const SEVERITY_LABELS = { error: '错误', warning: '警告' } as const;

/**
 * The columns of the 数据质量 sheet. A person reads which file it was and when it came (the
 * uploads used, `Lineage.uploads`); the upload ids stay in the JSON. Narrow enough (229
 * characters) that a warning prints on one A3 page width at 70 %, its message beside its cell.
 */
export function qualityColumns(period: string, uploads: readonly UploadUsed[]): Column<DataQualityEntry>[] {
  const byId = new Map(uploads.map((upload) => [upload.uploadId, upload]));
  return [
    ...listedCityColumns(),
    { header: '报告期', kind: 'text', width: 8, value: (q) => q.period ?? period },
    { header: '文件名', kind: 'longText', width: 20, value: (q) => byId.get(q.uploadId)?.fileName },
    {
      header: '上传时间（北京时间）',
      kind: 'dateTime',
      width: 16,
      value: (q) => byId.get(q.uploadId)?.uploadedAt,
    },
    { header: '级别', kind: 'text', width: 6, value: (q) => SEVERITY_LABELS[q.severity] },
    { header: '规则代码', kind: 'text', width: 20, value: (q) => q.code },
    { header: '工作表', kind: 'text', width: 12, value: (q) => q.sheet },
    { header: '行', kind: 'integer', width: 6, value: (q) => q.row },
    { header: '列', kind: 'text', width: 16, value: (q) => q.column },
    { header: '单元格', kind: 'text', width: 8, value: (q) => q.cell },
    { header: '值', kind: 'text', width: 20, value: (q) => q.value },
    { header: '说明', kind: 'longText', width: 44, value: (q) => q.message },
    { header: '核实状态', kind: 'text', width: 8, value: explanationStateText },
    { header: '核实说明', kind: 'longText', width: 26, value: (q) => q.explanation },
  ];
}
