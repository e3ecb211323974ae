/**
 * The national summary workbook (全国汇总): nine fixed sheets, streamed so that the per-city and
 * data-quality sheets stay cheap however many cities and warnings there are.
 */

import { INDICATORS, indicator } from '../catalogue/indicators.ts';
import { CASE_CATEGORIES } from '../catalogue/sheets.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, NationalRollup, TargetResult, TypicalModel } from '../rollup/types.ts';
import {
  indicatorHeader,
  kindForUnit,
  programmeProgress,
  SUBMISSION_LABELS,
  TARGET_KEYS,
  targetCode,
  targetLabel,
  targetName,
  targetRuleText,
  targetUnit,
} from './labels.ts';
import { cityColumns, enterpriseColumnsFor, MODEL_COLUMNS, qualityColumns } from './sheets/detailColumns.ts';
import { writeNotesSheet } from './sheets/notesSheet.ts';
import {
  barChartBlock,
  type ChartBlock,
  chartColumnWidth,
  type Legend,
  placeCharts,
  trendChartBlock,
  writeFacts,
  writeIndicatorFigures,
} from './sheets/overview.ts';
import { rollupStamp } from './stamp.ts';
import type { ImageWorkbookWriter } from './xlsx/imageWorkbookWriter.ts';
import { type CellValue, chinaTimeText, ReportSheet } from './xlsx/reportSheet.ts';
import type { CellKind } from './xlsx/styles.ts';
import { type Column, writeTableSheet } from './xlsx/table.ts';
import { renderWorkbook } from './xlsx/workbook.ts';

export const NATIONAL_SHEETS = [
  '概览',
  '城市指标',
  '目标完成',
  '同比增长',
  '典型企业',
  '典型模式',
  '填报情况',
  '数据质量',
  '说明',
] as const;

/** Indicators of the 同比增长 sheet (the growth targets). */
export const GROWTH_SHEET_INDICATORS: readonly string[] = ['C04', 'D01', 'D02', 'D04'];

export async function writeNationalWorkbook(rollup: NationalRollup): Promise<Buffer> {
  return renderWorkbook(rollup.generatedAt, (workbook) => {
    writeOverview(workbook, rollup);
    writeCityIndicators(workbook, rollup);
    writeTargets(workbook, rollup);
    writeGrowth(workbook, rollup);
    writeTableSheet(workbook, rollupStamp(rollup), {
      name: '典型企业',
      title: `典型企业（全国前 ${rollup.typicalEnterprises.length} 名，${rollup.period}）`,
      columns: enterpriseColumnsFor('全国排名'),
      items: rollup.typicalEnterprises,
      frozenColumns: 2,
      emptyText: '本期没有可评选的重点企业',
    });
    writeTableSheet(workbook, rollupStamp(rollup), {
      name: '典型模式',
      title: `典型模式（${rollup.period}）`,
      columns: MODEL_COLUMNS,
      items: byCategory(rollup.typicalModels),
      frozenColumns: 2,
      emptyText: '本期没有入选的典型案例',
    });
    writeSubmissions(workbook, rollup);
    writeTableSheet(workbook, rollupStamp(rollup), {
      name: '数据质量',
      title: `数据质量（当前受理上传的全部警告，${rollup.period}，共 ${rollup.dataQuality.length} 条）`,
      columns: qualityColumns(rollup.period),
      items: rollup.dataQuality,
      frozenColumns: 2,
      emptyText: '本期当前数据没有警告',
    });
    writeNotesSheet(workbook, rollup, {
      cities: rollup.cities,
      uploadIds: rollup.lineage.uploadIds,
      locks: rollup.lineage.locks,
    });
  });
}

/** Layout of the 概览 tables: code, name and seven value columns; charts from column K. */
const OVERVIEW_WIDTHS = [11, 34, 8, 16, 16, 16, 12, 10, 10];
const CHART_COLUMN = OVERVIEW_WIDTHS.length + 2;

function writeOverview(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  const charts = overviewCharts(rollup);
  const sheet = new ReportSheet(workbook, '概览', rollupStamp(rollup), {
    title: `知识产权运营服务体系建设统计汇总（${rollup.period}）`,
    widths: [...OVERVIEW_WIDTHS, 2, chartColumnWidth(charts), 10, 30, ...Array(12).fill(12)],
    frozenRows: 2,
    streamRows: false,
  });
  const { completeness } = rollup;
  sheet.blank();
  sheet.heading('基本情况');
  const facts: Array<[string, CellValue, CellKind]> = [
    ['报告期', rollup.period, 'text'],
    ['报告期类型', rollup.periodKind === 'year' ? '年度' : '季度', 'text'],
    ['填报截止时间', rollup.deadline ? `${chinaTimeText(rollup.deadline)}（北京时间）` : '—', 'text'],
    ['应报城市数', completeness.expected, 'count'],
    ['已报送城市数', completeness.reported, 'count'],
    ['其中：按时', completeness.onTime, 'count'],
    ['其中：迟报', completeness.late, 'count'],
    ['未报送', completeness.notReported, 'count'],
    ['仅有被退回的上传', completeness.rejectedOnly, 'count'],
    ['报送率（%）', completeness.rate, 'percent'],
  ];
  writeFacts(sheet, facts);

  writeIndicatorFigures(sheet, {
    heading: '全国主要指标',
    lastYearHeader: '上年同期累计（同口径）',
    figures: (definition) => rollup.national[definition.code],
    comparisons: [
      { header: '报送城市数', kind: 'count', value: (figures) => figures?.cities },
      { header: '同口径城市数', kind: 'count', value: (figures) => figures?.baseCities },
    ],
  });

  sheet.blank();
  sheet.heading('绩效目标达成城市数（已报送城市）');
  sheet.header(['目标代码', '目标名称', '单位', '默认目标', '达标城市数', '进度正常城市数', '考核城市数']);
  for (const key of TARGET_KEYS) {
    const met = rollup.targetsMet[key];
    sheet.row(
      [
        targetCode(key),
        targetName(key),
        targetUnit(key),
        defaultTargetText(key),
        met?.met,
        met?.onTrack,
        met?.total,
      ],
      ['text', 'text', 'text', 'text', 'count', 'count', 'count'],
    );
  }
  placeCharts(sheet, charts, CHART_COLUMN, 4);
  sheet.commit();
}

function defaultTargetText(key: string): string {
  if (key === AGENCY_GROWTH_TARGET) return '高于当地企业平均增幅';
  const definition = indicator(key);
  const target = definition.target;
  if (target.kind === 'programme') return targetRuleText(definition, target.minimum);
  if (target.kind === 'growth') return targetRuleText(definition, target.minimumPercent);
  return '';
}

function overviewCharts(rollup: NationalRollup): ChartBlock[] {
  const ranked = [...rollup.cities].sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      (a.code < b.code ? -1 : 1),
  );
  const charted = scoreChartCities(ranked);
  const scores = barChartBlock({
    title: 'OVERALL SCORE BY CITY',
    description: charted.complete
      ? '各城市绩效目标综合得分条形图（图中标注为城市代码）'
      : `${charted.scope}绩效目标综合得分条形图（图中标注为城市代码，全部城市见“目标完成”表）`,
    bars: charted.entries.map((entry) =>
      'city' in entry
        ? { label: entry.city.code, value: entry.city.score }
        : { label: '...', value: null, note: `${entry.omitted} CITIES NOT SHOWN` },
    ),
    referenceValue: 100,
    legend: {
      title: charted.complete
        ? '图1 各城市综合得分（图中为城市代码）'
        : `图1 ${charted.scope}综合得分（图中为城市代码；全部 ${ranked.length} 个城市见“目标完成”表）`,
      header: ['城市代码', '城市名称', '综合得分', '排名', '填报状态'],
      rows: scoreLegendRows(charted),
    },
  });
  const periods = rollup.nationalTrend.map((point) => point.period);
  const trend = trendChartBlock({
    title: 'NATIONAL TREND BY QUARTER',
    description: '全国主要指标分季度趋势折线图（图中标注为指标代码）',
    legendTitle: '图2 全国主要指标分季度值（图中为指标代码）',
    periods,
    value: (code, index) => rollup.nationalTrend[index]?.values[code] ?? null,
    footnote: { label: '报送城市数', values: rollup.nationalTrend.map((point) => point.cities ?? null) },
  });
  return [scores, trend];
}

/** Cities charted at each end of the score ranking when the chart cannot show them all. */
const SCORE_CHART_ENDS = 15;

interface ScoreChartCities {
  /** Ranked cities, with one gap entry where the middle of the ranking is left out. */
  entries: Array<{ city: CityRollup } | { omitted: number }>;
  /** Every city is charted. */
  complete: boolean;
  /** The charted cities in words when not every city is charted, e.g. 前 15 名和后 15 名城市. */
  scope: string;
  /** Cities without a score (not reported) left out of the chart. */
  unscored: number;
}

/**
 * A bar per city stays readable up to twice SCORE_CHART_ENDS bars (a chart about 700 px high).
 * Beyond that the chart shows what an overview is read for, the leaders and the laggards: the
 * top and bottom SCORE_CHART_ENDS cities by score, leaving out cities that have no score. The
 * 目标完成 sheet lists every city with its score and rank.
 */
function scoreChartCities(ranked: readonly CityRollup[]): ScoreChartCities {
  const limit = 2 * SCORE_CHART_ENDS;
  if (ranked.length <= limit)
    return { entries: ranked.map((city) => ({ city })), complete: true, scope: '', unscored: 0 };
  const scored = ranked.filter((city) => city.score !== null);
  const unscored = ranked.length - scored.length;
  if (scored.length <= limit)
    return { entries: scored.map((city) => ({ city })), complete: false, scope: '已报送城市', unscored };
  return {
    entries: [
      ...scored.slice(0, SCORE_CHART_ENDS).map((city) => ({ city })),
      { omitted: scored.length - limit },
      ...scored.slice(-SCORE_CHART_ENDS).map((city) => ({ city })),
    ],
    complete: false,
    scope: `前 ${SCORE_CHART_ENDS} 名和后 ${SCORE_CHART_ENDS} 名城市`,
    unscored,
  };
}

/** The charted cities in chart order, a line for the gap, and a line for the unscored cities. */
function scoreLegendRows(charted: ScoreChartCities): Legend['rows'][number][] {
  const rows = charted.entries.map((entry): Legend['rows'][number] => {
    if (!('city' in entry))
      return { values: ['…', `中间 ${entry.omitted} 个城市从略`], kinds: ['text', 'text'] };
    const { city } = entry;
    return {
      values: [city.code, city.name, city.score, city.rank, SUBMISSION_LABELS[city.submission]],
      kinds: ['text', 'text', 'score', 'integer', 'status'],
    };
  });
  if (charted.unscored > 0)
    rows.push({ values: ['', `另有 ${charted.unscored} 个城市未报送，无综合得分`], kinds: ['text', 'text'] });
  return rows;
}

/** The city columns of a sheet with a row per city. */
function rollupCityColumns(): Column<CityRollup>[] {
  return cityColumns(
    (city) => city.code,
    (city) => city.name,
  );
}

function writeCityIndicators(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  const columns: Column<CityRollup>[] = [
    ...rollupCityColumns(),
    { header: '省份', kind: 'text', width: 9, value: (city) => city.province },
    { header: '填报状态', kind: 'status', width: 10, value: (city) => SUBMISSION_LABELS[city.submission] },
    ...INDICATORS.map(
      (definition): Column<CityRollup> => ({
        header: indicatorHeader(definition),
        kind: kindForUnit(definition.unit),
        width: definition.unit === '万元' ? 14 : 11,
        value: (city) => city.indicators[definition.code]?.value ?? null,
      }),
    ),
  ];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '城市指标',
    title: `各城市指标（${rollup.periodKind === 'year' ? '全年值' : '本期值'}，${rollup.period}）`,
    columns,
    items: rollup.cities,
    frozenColumns: 2,
    footer: [
      [
        '全国合计',
        '比率指标为中位数',
        null,
        null,
        ...INDICATORS.map((definition) => rollup.national[definition.code]?.value ?? null),
      ],
      [
        '全国中位数',
        null,
        null,
        null,
        ...INDICATORS.map((definition) => rollup.median[definition.code] ?? null),
      ],
    ],
  });
}

/** Columns of one target: value, target, attainment and status (programme), or value, target and status. */
function targetColumns(key: string): Column<CityRollup>[] {
  const result = (city: CityRollup): TargetResult | undefined => city.targets[key];
  const status: Column<CityRollup> = {
    header: '状态',
    kind: 'status',
    width: 10,
    value: (city) => result(city)?.status,
  };
  if (key === AGENCY_GROWTH_TARGET) {
    return [
      { header: '加权增幅（%）', kind: 'percent', width: 10, value: (city) => result(city)?.value },
      { header: '当地平均增幅 E04（%）', kind: 'percent', width: 11, value: (city) => result(city)?.target },
      status,
    ];
  }
  const definition = indicator(key);
  if (definition.target.kind === 'growth') {
    return [
      { header: '本年累计同比增长（%）', kind: 'percent', width: 11, value: (city) => result(city)?.value },
      { header: '目标增幅（%）', kind: 'percent', width: 9, value: (city) => result(city)?.target },
      status,
    ];
  }
  const kind = kindForUnit(definition.unit);
  return [
    { header: `累计值（${definition.unit}）`, kind, width: 10, value: (city) => result(city)?.value },
    { header: `目标值（${definition.unit}）`, kind, width: 10, value: (city) => result(city)?.target },
    { header: '完成率（%）', kind: 'percent', width: 9, value: (city) => result(city)?.attainment },
    status,
  ];
}

function writeTargets(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  const perTarget = TARGET_KEYS.map((key) => ({ key, columns: targetColumns(key) }));
  const columns: Column<CityRollup>[] = [
    ...rollupCityColumns(),
    { header: '填报状态', kind: 'status', width: 10, value: (city) => SUBMISSION_LABELS[city.submission] },
    ...perTarget.flatMap(({ columns: targetColumns }) => targetColumns),
    { header: '综合得分', kind: 'score', width: 9, value: (city) => city.score },
    { header: '排名', kind: 'integer', width: 6, value: (city) => city.rank },
  ];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '目标完成',
    title: `绩效目标完成情况（${rollup.period}）`,
    columns,
    groups: [
      { label: '城市', span: 3 },
      ...perTarget.map(({ key, columns: targetColumns }) => ({
        label: targetLabel(key),
        span: targetColumns.length,
      })),
      { label: '综合', span: 2 },
    ],
    items: rollup.cities,
    frozenColumns: 2,
  });
}

function writeGrowth(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  const growthColumns = GROWTH_SHEET_INDICATORS.map((code) => {
    const definition = indicator(code);
    const kind = kindForUnit(definition.unit);
    const figures = (city: CityRollup) => city.indicators[code];
    const columns: Column<CityRollup>[] = [
      { header: '本年累计', kind, width: 13, value: (city) => figures(city)?.ytd },
      { header: '上年同期累计', kind, width: 13, value: (city) => figures(city)?.lastYearYtd },
      { header: '同比增长（%）', kind: 'percent', width: 9, value: (city) => figures(city)?.growth },
    ];
    return { label: indicatorHeader(definition), columns };
  });
  const agencyColumns: Column<CityRollup>[] = [
    { header: '加权增幅（%）', kind: 'percent', width: 10, value: (city) => city.agencyGrowth.value },
    {
      header: '当地平均增幅 E04（%）',
      kind: 'percent',
      width: 11,
      value: (city) => city.agencyGrowth.localAverage,
    },
    { header: '状态', kind: 'status', width: 8, value: (city) => city.agencyGrowth.status },
  ];
  const national = (code: string) => rollup.national[code];
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '同比增长',
    title: `同比增长（${rollup.period}）`,
    columns: [...rollupCityColumns(), ...growthColumns.flatMap((group) => group.columns), ...agencyColumns],
    groups: [
      { label: '城市', span: 2 },
      ...growthColumns.map((group) => ({ label: group.label, span: group.columns.length })),
      { label: '运营机构营收增幅', span: agencyColumns.length },
    ],
    items: rollup.cities,
    frozenColumns: 2,
    footer: [
      [
        '全国（同口径）',
        '两年均有数据的城市',
        ...GROWTH_SHEET_INDICATORS.flatMap((code) => [
          national(code)?.comparableYtd ?? null,
          national(code)?.lastYearYtd ?? null,
          national(code)?.growth ?? null,
        ]),
      ],
    ],
  });
}

function writeSubmissions(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '填报情况',
    title: `填报情况（${rollup.period}，应报 ${rollup.completeness.expected} 个城市，已报送 ${rollup.completeness.reported} 个）`,
    columns: SUBMISSION_COLUMNS,
    items: rollup.cities,
    frozenColumns: 2,
  });
}

export const SUBMISSION_COLUMNS: readonly Column<CityRollup>[] = [
  ...rollupCityColumns(),
  { header: '省份', kind: 'text', width: 9, value: (city) => city.province },
  { header: '支持年度', kind: 'integer', width: 8, value: (city) => city.batchYear },
  {
    header: '项目期内',
    kind: 'text',
    width: 8,
    value: (city) => (city.submissionDetail.expected ? '是' : '否'),
  },
  { header: '项目进度', kind: 'text', width: 14, value: (city) => programmeProgress(city) },
  { header: '填报状态', kind: 'status', width: 14, value: (city) => SUBMISSION_LABELS[city.submission] },
  {
    header: '首次受理时间（北京时间）',
    kind: 'dateTime',
    width: 16,
    value: (city) => city.submissionDetail.firstAcceptedAt,
  },
  {
    header: '当前上传时间（北京时间）',
    kind: 'dateTime',
    width: 16,
    value: (city) => city.submissionDetail.currentUploadAt,
  },
  { header: '上传次数', kind: 'count', width: 8, value: (city) => city.submissionDetail.uploads },
  { header: '被退回次数', kind: 'count', width: 8, value: (city) => city.submissionDetail.rejectedUploads },
  { header: '警告数', kind: 'count', width: 8, value: (city) => city.submissionDetail.warnings },
];

/** Typical models grouped by category in catalogue order (the roll-up's order within a category). */
function byCategory(models: readonly TypicalModel[]): TypicalModel[] {
  const order = (category: string) => {
    const index = (CASE_CATEGORIES as readonly string[]).indexOf(category);
    return index === -1 ? CASE_CATEGORIES.length : index;
  };
  return models
    .map((model, index) => ({ model, index }))
    .sort((a, b) => order(a.model.category) - order(b.model.category) || a.index - b.index)
    .map(({ model }) => model);
}
