/**
 * The city workbook (城市报告): the city against its targets and the national median, its trend
 * over the programme, targets, key enterprises, typical cases, data quality and notes.
 */
import { INDICATORS, type IndicatorDefinition, indicator } from '../catalogue/indicators.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, IndicatorFigures, NationalRollup, TargetResult } from '../rollup/types.ts';
import {
  kindForUnit,
  programmeProgress,
  SUBMISSION_LABELS,
  TARGET_KEYS,
  TARGET_KIND_LABELS,
  targetCode,
  targetName,
  targetUnit,
} from './labels.ts';
import { enterpriseColumnsFor, MODEL_COLUMNS, qualityColumns } from './sheets/detailColumns.ts';
import { writeNotesSheet } from './sheets/notesSheet.ts';
import {
  barChartBlock,
  barColourForStatus,
  type ChartBlock,
  chartColumnWidth,
  placeCharts,
  trendChartBlock,
  writeFacts,
  writeIndicatorFigures,
} from './sheets/overview.ts';
import { rollupStamp } from './stamp.ts';
import type { ImageWorkbookWriter } from './xlsx/imageWorkbookWriter.ts';
import { type CellValue, ReportSheet } from './xlsx/reportSheet.ts';
import type { CellKind } from './xlsx/styles.ts';
import { type Column, writeTableSheet } from './xlsx/table.ts';
import { renderWorkbook } from './xlsx/workbook.ts';

export const CITY_SHEETS = [
  '概览',
  '指标趋势',
  '目标完成',
  '重点企业',
  '典型案例',
  '数据质量',
  '说明',
] as const;

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
  return renderWorkbook(rollup.generatedAt, (workbook) => {
    writeOverview(workbook, rollup, city);
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
      columns: qualityColumns(rollup.period),
      items: quality,
      frozenColumns: 2,
      emptyText: '本期当前数据没有警告',
    });
    writeNotesSheet(workbook, rollup, {
      cities: [city],
      label: city.name,
      uploadIds: city.uploadIds,
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
const CHART_COLUMN = OVERVIEW_WIDTHS.length + 2;

function writeOverview(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const charts = overviewCharts(city);
  const sheet = new ReportSheet(workbook, '概览', rollupStamp(rollup), {
    title: `${city.name}（${city.code}）知识产权运营服务体系建设统计报告（${rollup.period}）`,
    widths: [...OVERVIEW_WIDTHS, 2, chartColumnWidth(charts), 10, 30, ...Array(12).fill(12)],
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
  placeCharts(sheet, charts, CHART_COLUMN, 4);
  sheet.commit();
}

/** Programme targets count in their indicator's unit; growth targets are percentages. */
function targetValueKind(key: string): CellKind {
  if (key === AGENCY_GROWTH_TARGET) return 'percent';
  const definition = indicator(key);
  return definition.target.kind === 'programme' ? kindForUnit(definition.unit) : 'percent';
}

function overviewCharts(city: CityRollup): ChartBlock[] {
  const programmeKeys = TARGET_KEYS.filter((key) => city.targets[key]?.kind === 'programme');
  const attainment = barChartBlock({
    title: 'PROGRAMME TARGET ATTAINMENT %',
    description: `${city.name}项目期绩效目标完成率条形图（图中标注为指标代码，虚线为 100%）`,
    bars: programmeKeys.map((key) => {
      const target = city.targets[key] as TargetResult;
      return { label: key, value: target.attainment, colour: barColourForStatus(target.status) };
    }),
    referenceValue: 100,
    legend: {
      title: '图1 项目期目标完成率（图中为指标代码）',
      header: ['指标代码', '目标名称', '完成率（%）', '状态'],
      rows: programmeKeys.map((key) => {
        const target = city.targets[key] as TargetResult;
        return {
          values: [key, targetName(key), target.attainment, target.status],
          kinds: ['text', 'text', 'percent', 'status'],
        };
      }),
    },
  });
  const periods = city.trend.map((point) => point.period);
  const trend = trendChartBlock({
    title: 'TREND BY QUARTER',
    description: `${city.name}主要指标分季度趋势折线图（图中标注为指标代码）`,
    legendTitle: '图2 主要指标分季度值（图中为指标代码）',
    periods,
    value: (code, index) => city.trend[index]?.indicators[code]?.value ?? null,
  });
  return [attainment, trend];
}

interface TrendRow {
  definition: IndicatorDefinition;
  period: string;
  figures: IndicatorFigures | undefined;
}

function writeTrend(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const rows: TrendRow[] = INDICATORS.flatMap((definition) =>
    city.trend.map((point) => ({
      definition,
      period: point.period,
      figures: point.indicators[definition.code],
    })),
  );
  const valueKind = (row: TrendRow) => kindForUnit(row.definition.unit);
  const columns: Column<TrendRow>[] = [
    { header: '指标代码', kind: 'text', width: 9, value: (row) => row.definition.code },
    { header: '指标名称', kind: 'text', width: 34, value: (row) => row.definition.name },
    { header: '单位', kind: 'text', width: 6, value: (row) => row.definition.unit },
    { header: '报告期', kind: 'text', width: 9, value: (row) => row.period },
    { header: '本期值', kind: valueKind, width: 14, value: (row) => row.figures?.value },
    { header: '本年累计', kind: valueKind, width: 14, value: (row) => row.figures?.ytd },
    { header: '上年同期累计', kind: valueKind, width: 14, value: (row) => row.figures?.lastYearYtd },
    { header: '同比增长（%）', kind: 'percent', width: 10, value: (row) => row.figures?.growth },
  ];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '指标趋势',
    title: `${city.name}指标趋势（项目期各季度，截至 ${rollup.period}）`,
    columns,
    items: rows,
    frozenColumns: 2,
    emptyText: '本期不在该城市的项目期内',
  });
}

function writeTargets(workbook: ImageWorkbookWriter, rollup: NationalRollup, city: CityRollup): void {
  const items = TARGET_KEYS.map((key) => ({ key, result: city.targets[key] }));
  type Item = (typeof items)[number];
  const valueKind = (item: Item) => targetValueKind(item.key);
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
    { header: '完成值', kind: valueKind, width: 12, value: (item) => item.result?.value },
    { header: '目标值', kind: valueKind, width: 12, value: (item) => item.result?.target },
    { header: '应完成进度', kind: valueKind, width: 12, value: (item) => item.result?.expected },
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
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        city.score,
      ],
    ],
    footerKinds: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'score'],
  });
}
