/**
 * The city workbook (城市报告): the city against its targets and the national median, its trend
 * over the programme, targets, key enterprises, typical cases, data quality and notes.
 */
import { INDICATORS, type IndicatorDefinition, indicator } from '../catalogue/indicators.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, NationalRollup } from '../rollup/types.ts';
import { attentionList } from './attention.ts';
import type { RenderedChart } from './charts/renderChart.ts';
import { cityChartSpecs, renderCharts } from './charts/reportCharts.ts';
import {
  kindForUnit,
  programmeProgress,
  progressKindForUnit,
  SUBMISSION_LABELS,
  TARGET_KEYS,
  TARGET_KIND_LABELS,
  targetCode,
  targetName,
  targetUnit,
} from './labels.ts';
import { writeAttentionSheet } from './sheets/attentionSheet.ts';
import { enterpriseColumnsFor, MODEL_COLUMNS, qualityColumns } from './sheets/detailColumns.ts';
import { writeNotesSheet } from './sheets/notesSheet.ts';
import { placeCharts, writeFacts, writeIndicatorFigures } from './sheets/overview.ts';
import { rollupStamp } from './stamp.ts';
import type { ImageWorkbookWriter } from './xlsx/imageWorkbookWriter.ts';
import { type CellValue, ReportSheet } from './xlsx/reportSheet.ts';
import type { CellKind } from './xlsx/styles.ts';
import { type Column, writeTableSheet } from './xlsx/table.ts';
import { renderWorkbook } from './xlsx/workbook.ts';

export class UnknownReportCityError extends Error {
  constructor(
    readonly city: string,
    readonly period: string,
  ) {
    super(`汇总结果中没有城市 ${city}（${period}），无法生成城市报告`);
    this.name = 'UnknownReportCityError';
  }
}

export function findReportCity(rollup: NationalRollup, cityCode: string): CityRollup {
  const city = rollup.cities.find((candidate) => candidate.code === cityCode);
  if (!city) throw new UnknownReportCityError(cityCode, rollup.period);
  return city;
}

export async function writeCityWorkbook(rollup: NationalRollup, cityCode: string): Promise<Buffer> {
  const city = findReportCity(rollup, cityCode);
  const stamp = rollupStamp(rollup);
  const charts = await renderCharts(cityChartSpecs(rollup, city));
  return renderWorkbook(rollup.generatedAt, (workbook) => {
    writeOverview(workbook, rollup, city, charts);
    writeAttentionSheet(workbook, stamp, {
      title: `${city.name}需关注的目标与事项（${rollup.period}）`,
      list: attentionList([city], rollup.dataQuality, { deadline: rollup.deadline }),
    });
    writeTrend(workbook, rollup, city);
    writeTargets(workbook, rollup, city);
    writeEnterprises(workbook, rollup, city);
    writeTableSheet(workbook, stamp, {
      name: '典型案例',
      title: `${city.name}入选全国典型模式的案例（${rollup.period}）`,
      columns: MODEL_COLUMNS,
      items: rollup.typicalModels.filter((model) => model.city === city.code),
      frozenColumns: 2,
      emptyText: '本期没有入选的典型案例',
    });
    const quality = rollup.dataQuality.filter((entry) => entry.city === city.code);
    writeTableSheet(workbook, stamp, {
      name: '数据质量',
      title: `${city.name}数据质量（当前受理上传的全部警告，${rollup.period}，共 ${quality.length} 条）`,
      columns: qualityColumns(rollup.period, rollup.lineage.uploads ?? []),
      items: quality,
      frozenColumns: 2,
      emptyText: '本期当前数据没有警告',
    });
    writeNotesSheet(workbook, rollup, {
      cities: [city],
      label: city.name,
      uploads: (rollup.lineage.uploads ?? []).filter((upload) => upload.city === city.code),
      locks: rollup.lineage.locks.filter((lock) => lock.city === '*' || lock.city === city.code),
    });
  });
}

/** Every enterprise of the city by the typical-enterprise score, the city's typical ones marked. */
function writeEnterprises(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const enterprises = rollup.enterprisesByCity[city.code] ?? [];
  const typical = new Set((rollup.typicalEnterprisesByCity[city.code] ?? []).map((e) => e.uscc));
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '重点企业',
    title: `${city.name}重点企业（共 ${enterprises.length} 家，按典型企业得分排序，入选典型 ${typical.size} 家，${rollup.period}）`,
    columns: enterpriseColumnsFor('市内排名', typical),
    items: enterprises,
    frozenColumns: 3,
    emptyText: '本期没有可评选的重点企业',
  });
}

const OVERVIEW_WIDTHS = [11, 34, 8, 16, 14, 14, 12, 14, 12];

function writeOverview(
  workbook: ImageWorkbookWriter,
  rollup: NationalRollup,
  city: CityRollup,
  charts: readonly RenderedChart[],
): void {
  const sheet = new ReportSheet(workbook, '概览', rollupStamp(rollup), {
    title: `${city.name}（${city.code}）知识产权运营服务体系建设统计报告（${rollup.period}）`,
    widths: OVERVIEW_WIDTHS,
    frozenRows: 2,
    streamRows: false,
  });
  const ranked = rollup.cities.filter((candidate) => candidate.rank !== null).length;
  sheet.blank();
  sheet.heading('基本情况');
  const facts: Array<[string, CellValue, CellKind]> = [
    ['城市', `${city.name}（${city.code}）`, 'text'],
    ['省份', city.province, 'text'],
    ['支持年度', city.batchYear, 'integer'],
    ['项目进度', programmeProgress(city), 'text'],
    ['填报状态', SUBMISSION_LABELS[city.submission], 'status'],
    ['首次受理时间（北京时间）', city.submissionDetail.firstAcceptedAt, 'dateTime'],
    ['当前上传时间（北京时间）', city.submissionDetail.currentUploadAt, 'dateTime'],
    ['上传次数', city.submissionDetail.uploads, 'count'],
    ['警告数', city.submissionDetail.warnings, 'count'],
    ['综合得分', city.score, 'score'],
    ['全国排名', city.rank === null ? '未参与排名' : `${city.rank} / ${ranked}`, 'text'],
    ['中央财政资金执行率（%）', city.fundExecutionRate, 'percent'],
    ['专利导航项目合计（个）', city.navigationProjects, 'count'],
  ];
  writeFacts(sheet, facts);

  writeIndicatorFigures(sheet, {
    heading: '主要指标与全国中位数',
    lastYearHeader: '上年同期累计',
    figures: (definition) => city.indicators[definition.code],
    comparisons: [
      {
        header: '全国中位数',
        kind: 'indicatorUnit',
        value: (_figures, definition) => rollup.median[definition.code] ?? null,
      },
      {
        header: '为中位数的（%）',
        kind: 'percent',
        value: (figures, definition) => {
          const value = figures?.value ?? null;
          const median = rollup.median[definition.code] ?? null;
          return value !== null && median !== null && median > 0 ? (value / median) * 100 : null;
        },
      },
    ],
  });

  sheet.blank();
  sheet.heading('绩效目标');
  sheet.header([
    '目标代码',
    '目标名称',
    '单位',
    '完成值',
    '目标值',
    '完成率（%）',
    '状态',
    '全国达标城市数',
    '考核城市数',
  ]);
  for (const key of TARGET_KEYS) {
    const target = city.targets[key];
    const met = rollup.targetsMet[key];
    sheet.row(
      [
        targetCode(key),
        targetName(key),
        targetUnit(key),
        target?.value,
        target?.target,
        target?.attainment,
        target?.status,
        met?.met,
        met?.total,
      ],
      [
        'text',
        'text',
        'text',
        targetValueKind(key),
        targetValueKind(key),
        'percent',
        'status',
        'count',
        'count',
      ],
    );
  }
  placeCharts(sheet, charts, sheet.lastRow + 2);
  sheet.commit();
}

/** Programme targets count in their indicator's unit; growth targets are percentages. */
function targetValueKind(key: string): CellKind {
  if (key === AGENCY_GROWTH_TARGET) return 'percent';
  const definition = indicator(key);
  return definition.target.kind === 'programme' ? kindForUnit(definition.unit) : 'percent';
}

/**
 * 指标趋势 as a matrix: a row per indicator, a column per quarter of the city's programme so far
 * (none before it), then the period's YTD, last year's YTD and growth.
 */
function writeTrend(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const valueKind = (definition: IndicatorDefinition) => kindForUnit(definition.unit);
  const figures = (definition: IndicatorDefinition) => city.indicators[definition.code];
  const quarterColumns = city.trend.map(
    (point): Column<IndicatorDefinition> => ({
      header: point.notDue ? `${point.period}（未到期）` : point.period,
      kind: valueKind,
      width: 11,
      value: (definition) => point.indicators[definition.code]?.value,
    }),
  );
  const columns: Column<IndicatorDefinition>[] = [
    { header: '指标代码', kind: 'text', width: 8, value: (definition) => definition.code },
    { header: '指标名称', kind: 'longText', width: 26, value: (definition) => definition.name },
    { header: '单位', kind: 'text', width: 6, value: (definition) => definition.unit },
    ...quarterColumns,
    { header: '本年累计', kind: valueKind, width: 12, value: (definition) => figures(definition)?.ytd },
    {
      header: '上年同期累计',
      kind: valueKind,
      width: 12,
      value: (definition) => figures(definition)?.lastYearYtd,
    },
    {
      header: '同比增长（%）',
      kind: 'percent',
      width: 9,
      value: (definition) => figures(definition)?.growth,
    },
  ];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '指标趋势',
    title: `${city.name}指标趋势（项目期各季度本期值，${city.trend[0]?.period ?? '—'} 至 ${rollup.period}）`,
    columns,
    groups: [
      { label: '指标', span: 3 },
      ...(quarterColumns.length > 0 ? [{ label: '各季度本期值', span: quarterColumns.length }] : []),
      { label: `${rollup.period} 累计与同比`, span: 3 },
    ],
    items: city.trend.length > 0 ? INDICATORS : [],
    frozenColumns: 3,
    emptyText: '本期不在该城市的项目期内',
  });
}

function writeTargets(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const items = TARGET_KEYS.map((key) => ({ key, result: city.targets[key] }));
  type Item = (typeof items)[number];
  const valueKind = (item: Item) => targetValueKind(item.key);
  const growthYearKind = (item: Item): CellKind =>
    item.result?.kind === 'growth' ? kindForUnit(indicator(item.key).unit) : 'text';
  const columns: Column<Item>[] = [
    { header: '目标代码', kind: 'text', width: 9, value: (item) => targetCode(item.key) },
    { header: '目标名称', kind: 'text', width: 34, value: (item) => targetName(item.key) },
    {
      header: '目标类型',
      kind: 'text',
      width: 18,
      value: (item) => (item.result ? TARGET_KIND_LABELS[item.result.kind] : null),
    },
    { header: '单位', kind: 'text', width: 6, value: (item) => targetUnit(item.key) },
    {
      header: '完成值（增长目标为同比增长 %）',
      kind: valueKind,
      width: 14,
      value: (item) => (item.result?.status === '无基期数据' ? '无基期数据' : item.result?.value),
    },
    {
      header: '本年累计（增长目标）',
      kind: growthYearKind,
      width: 13,
      value: (item) => (item.result?.kind === 'growth' ? city.indicators[item.key]?.ytd : null),
    },
    {
      header: '上年同期累计（增长目标）',
      kind: growthYearKind,
      width: 13,
      value: (item) => (item.result?.kind === 'growth' ? city.indicators[item.key]?.lastYearYtd : null),
    },
    { header: '目标值', kind: valueKind, width: 12, value: (item) => item.result?.target },
    {
      header: '应完成进度',
      kind: (item) =>
        item.result?.kind === 'programme' ? progressKindForUnit(indicator(item.key).unit) : valueKind(item),
      width: 12,
      value: (item) => item.result?.expected,
    },
    { header: '完成率（%）', kind: 'percent', width: 10, value: (item) => item.result?.attainment },
    { header: '状态', kind: 'status', width: 10, value: (item) => item.result?.status },
    {
      header: '得分',
      kind: 'score',
      width: 8,
      value: (item) => (item.result?.excludedFromScore ? null : item.result?.score),
    },
    {
      header: '计入综合得分',
      kind: 'text',
      width: 10,
      value: (item) => (item.result ? (item.result.excludedFromScore ? '否' : '是') : null),
    },
    { header: '全国达标城市数', kind: 'count', width: 10, value: (item) => rollup.targetsMet[item.key]?.met },
  ];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '目标完成',
    title: `${city.name}绩效目标完成情况（${rollup.period}）`,
    columns,
    items,
    frozenColumns: 2,
    footer: [
      [
        '综合得分',
        city.rank === null ? '未参与排名' : `全国第 ${city.rank} 名`,
        ...Array<null>(9).fill(null),
        city.score,
      ],
    ],
    footerKinds: [...Array<CellKind>(11).fill('text'), 'score'],
  });
}
