/**
 * The national summary workbook (全国汇总): nine fixed sheets, streamed so that the per-city and
 * data-quality sheets stay cheap however many cities and warnings there are.
 */

import { INDICATORS, indicator } from '../catalogue/indicators.ts';
import { CASE_CATEGORIES } from '../catalogue/sheets.ts';
import { chinaTimeText } from '../domain/chinaTime.ts';
import { CITY_TOP } from '../rollup/enterprises.ts';
import { AGENCY_GROWTH_TARGET } from '../rollup/targets.ts';
import type { CityRollup, NationalRollup, TargetResult, TypicalModel } from '../rollup/types.ts';
import { attentionList } from './attention.ts';
import type { RenderedChart } from './charts/renderChart.ts';
import { renderCharts, summaryChartSpecs } from './charts/reportCharts.ts';
import {
  indicatorHeader,
  kindForUnit,
  programmeProgress,
  progressKindForUnit,
  SUBMISSION_LABELS,
  TARGET_KEYS,
  targetCode,
  targetLabel,
  targetName,
  targetRuleText,
  targetUnit,
} from './labels.ts';
import { findProvince, provinceRollup } from './province.ts';
import { writeAttentionSheet } from './sheets/attentionSheet.ts';
import { cityColumns, enterpriseColumnsFor, MODEL_COLUMNS, qualityColumns } from './sheets/detailColumns.ts';
import { writeNotesSheet } from './sheets/notesSheet.ts';
import { placeCharts, writeFacts, writeIndicatorFigures } from './sheets/overview.ts';
import { writeProvinceSummarySheet } from './sheets/provinceSummary.ts';
import { rollupStamp } from './stamp.ts';
import type { ImageWorkbookWriter } from './xlsx/imageWorkbookWriter.ts';
import { type CellValue, ReportSheet } from './xlsx/reportSheet.ts';
import type { CellKind } from './xlsx/styles.ts';
import { type Column, writeTableSheet } from './xlsx/table.ts';
import { renderWorkbook } from './xlsx/workbook.ts';

/** Indicators of the 同比增长 sheet (the growth targets). */
export const GROWTH_SHEET_INDICATORS: readonly string[] = ['C04', 'D01', 'D02', 'D04'];

/** Whose summary a workbook is: the nation's, or a province's (its cities only). */
export interface SummaryScope {
  /** `全国`, or the province's name (`广东省`): in titles and total rows. */
  label: string;
  province?: { code: string; name: string };
}

export const NATIONAL_SCOPE: SummaryScope = { label: '全国' };

/** The province's report: the summary workbook over its cities. */
export async function writeProvinceWorkbook(rollup: NationalRollup, provinceCode: string): Promise<Buffer> {
  const province = findProvince(rollup, provinceCode);
  return writeSummaryWorkbook(provinceRollup(rollup, province), {
    label: province.name,
    province: { code: province.code, name: province.name },
  });
}

export async function writeNationalWorkbook(rollup: NationalRollup): Promise<Buffer> {
  return writeSummaryWorkbook(rollup, NATIONAL_SCOPE);
}

/**
 * The national workbook, or a province's from the roll-up restricted to its cities
 * (`provinceRollup`): the same sheets, without 省份汇总, titles and totals naming the province.
 */
export async function writeSummaryWorkbook(rollup: NationalRollup, scope: SummaryScope): Promise<Buffer> {
  return assembleSummaryWorkbook(rollup, scope, await drawSummaryCharts(rollup, scope));
}

/** The pictures of a summary workbook's 概览 (the portal draws the same charts). */
export function drawSummaryCharts(rollup: NationalRollup, scope: SummaryScope): Promise<RenderedChart[]> {
  return renderCharts(summaryChartSpecs(rollup, scope.label));
}

/**
 * The summary workbook around charts already drawn (`drawSummaryCharts`): apart so that the
 * benchmark can weigh writing the sheets against a bare exceljs write of the same cells and pictures.
 */
export function assembleSummaryWorkbook(
  rollup: NationalRollup,
  scope: SummaryScope,
  charts: readonly RenderedChart[],
): Promise<Buffer> {
  const stamp = rollupStamp(rollup);
  return renderWorkbook(rollup.generatedAt, (workbook) => {
    writeOverview(workbook, rollup, charts, scope);
    writeAttentionSheet(workbook, stamp, {
      title: `需关注的城市与目标（${scope.label}，${rollup.period}）`,
      list: attentionList(rollup.cities, rollup.dataQuality, { deadline: rollup.deadline }),
    });
    if (!scope.province) writeProvinceSummarySheet(workbook, rollup);
    writeCityIndicators(workbook, rollup, scope);
    writeTargets(workbook, rollup, scope);
    writeGrowth(workbook, rollup, scope);
    writeTableSheet(workbook, stamp, {
      name: '典型企业',
      title: scope.province
        ? `典型企业（${scope.label}各城市前 ${CITY_TOP} 名，共 ${rollup.typicalEnterprises.length} 家，${rollup.period}）`
        : `典型企业（全国前 ${rollup.typicalEnterprises.length} 名，${rollup.period}）`,
      columns: enterpriseColumnsFor(scope.province ? '市内排名' : '全国排名'),
      items: rollup.typicalEnterprises,
      frozenColumns: 2,
      emptyText: '本期没有可评选的重点企业',
    });
    writeTableSheet(workbook, stamp, {
      name: '典型模式',
      title: `典型模式（${scope.province ? `${scope.label}城市入选全国的案例，` : ''}${rollup.period}）`,
      columns: MODEL_COLUMNS,
      items: byCategory(rollup.typicalModels),
      frozenColumns: 2,
      emptyText: '本期没有入选的典型案例',
    });
    writeSubmissions(workbook, rollup, scope);
    writeTableSheet(workbook, stamp, {
      name: '数据质量',
      title: `数据质量（${scope.province ? scope.label : ''}当前受理上传的全部警告，${rollup.period}，共 ${rollup.dataQuality.length} 条）`,
      columns: qualityColumns(rollup.period, rollup.lineage.uploads ?? []),
      items: rollup.dataQuality,
      frozenColumns: 2,
      emptyText: '本期当前数据没有警告',
    });
    writeNotesSheet(workbook, rollup, {
      cities: rollup.cities,
      uploads: rollup.lineage.uploads ?? [],
      locks: rollup.lineage.locks,
      ...(scope.province ? { label: scope.label } : {}),
    });
  });
}

/** Layout of the 概览 tables: code, name and seven value columns; the charts under them. */
const OVERVIEW_WIDTHS = [11, 34, 8, 16, 16, 16, 12, 10, 10];

function writeOverview(
  workbook: ImageWorkbookWriter,
  rollup: NationalRollup,
  charts: readonly RenderedChart[],
  scope: SummaryScope,
): void {
  const sheet = new ReportSheet(workbook, '概览', rollupStamp(rollup), {
    title: `知识产权运营服务体系建设统计汇总（${scope.province ? `${scope.label}，` : ''}${rollup.period}）`,
    widths: OVERVIEW_WIDTHS,
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
    ...(rollup.notDueQuarters?.length
      ? [
          ['未到期的季度', `${rollup.notDueQuarters.join('、')}（截止时间未到，不计为未报送）`, 'text'] as [
            string,
            CellValue,
            CellKind,
          ],
        ]
      : []),
    ['应报城市数', completeness.expected, 'count'],
    ['已报送城市数', completeness.reported, 'count'],
    ['其中：按时', completeness.onTime, 'count'],
    ['其中：迟报', completeness.late, 'count'],
    ['未报送', completeness.notReported, 'count'],
    ['仅有被退回的上传', completeness.rejectedOnly, 'count'],
    ['未到期', completeness.notDue, 'count'],
    ['报送率（%）', completeness.rate, 'percent'],
  ];
  writeFacts(sheet, facts);

  writeIndicatorFigures(sheet, {
    heading: `${scope.label}主要指标`,
    lastYearHeader: '上年同期累计（同口径）',
    figures: (definition) => rollup.national[definition.code],
    comparisons: [
      { header: '报送城市数', kind: 'count', value: (figures) => figures?.cities },
      { header: '同口径城市数', kind: 'count', value: (figures) => figures?.baseCities },
    ],
  });

  sheet.blank();
  sheet.heading('绩效目标达成城市数（已报送城市）');
  // 默认目标 over two columns (D–E), so that 项目期末累计 ≥ 1000 家 reads on one line.
  sheet.groupHeader(
    ['目标代码', '目标名称', '单位', '默认目标', '达标城市数', '进度正常城市数', '考核城市数'].map(
      (label) => ({
        label,
        span: label === '默认目标' ? 2 : 1,
      }),
    ),
  );
  for (const key of TARGET_KEYS) {
    const met = rollup.targetsMet[key];
    sheet.row(
      [
        targetCode(key),
        targetName(key),
        targetUnit(key),
        defaultTargetText(key),
        null,
        met?.met,
        met?.onTrack,
        met?.total,
      ],
      ['text', 'longText', 'text', 'text', 'text', 'count', 'count', 'count'],
      { merge: [4, 5] },
    );
  }
  placeCharts(sheet, charts, sheet.lastRow + 2);
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

/** The city columns of a sheet with a row per city. */
function rollupCityColumns(): Column<CityRollup>[] {
  return cityColumns(
    (city) => city.code,
    (city) => city.name,
  );
}

function writeCityIndicators(
  workbook: ImageWorkbookWriter,
  rollup: NationalRollup,
  scope: SummaryScope,
): void {
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
    title: `${scope.province ? scope.label : ''}各城市指标（${rollup.periodKind === 'year' ? '全年值' : '本期值'}，${rollup.period}）`,
    columns,
    // 35 indicator columns: fitted to one width they print at a third of their size, so on paper
    // they go across A3 pages by indicator class (A01–A06 …), the city columns on every page.
    paper: 'A3',
    groups: [{ label: '城市', span: 4 }, ...indicatorClassGroups()],
    pagesAcross: { titleGroups: 1 },
    items: rollup.cities,
    frozenColumns: 2,
    footer: [
      [
        `${scope.label}合计`,
        '比率指标为中位数',
        null,
        null,
        ...INDICATORS.map((definition) => rollup.national[definition.code]?.value ?? null),
      ],
      [
        `${scope.label}中位数`,
        null,
        null,
        null,
        ...INDICATORS.map((definition) => rollup.median[definition.code] ?? null),
      ],
    ],
  });
}

/** The catalogue's indicators by class (the code's letter), in order: `指标 A01–A06` and its span. */
function indicatorClassGroups(): Array<{ label: string; span: number }> {
  const classes: Array<{ first: string; last: string; span: number }> = [];
  for (const { code } of INDICATORS) {
    const current = classes.at(-1);
    if (current && current.first[0] === code[0]) {
      current.last = code;
      current.span += 1;
    } else classes.push({ first: code, last: code, span: 1 });
  }
  return classes.map(({ first, last, span }) => ({ label: `指标 ${first}–${last}`, span }));
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
  const kind = kindForUnit(definition.unit);
  if (definition.target.kind === 'growth') {
    const figures = (city: CityRollup) => city.indicators[key];
    return [
      { header: `本年累计（${definition.unit}）`, kind, width: 12, value: (city) => figures(city)?.ytd },
      {
        header: `上年同期累计（${definition.unit}）`,
        kind,
        width: 12,
        value: (city) => figures(city)?.lastYearYtd,
      },
      {
        header: '同比增长（%）',
        kind: 'percent',
        width: 10,
        value: (city) => (result(city)?.status === '无基期数据' ? '无基期数据' : result(city)?.value),
      },
      { header: '目标增幅（%）', kind: 'percent', width: 8, value: (city) => result(city)?.target },
      status,
    ];
  }
  return [
    { header: `累计值（${definition.unit}）`, kind, width: 10, value: (city) => result(city)?.value },
    {
      header: `应完成进度（${definition.unit}）`,
      kind: progressKindForUnit(definition.unit),
      width: 10,
      value: (city) => result(city)?.expected,
    },
    { header: `目标值（${definition.unit}）`, kind, width: 10, value: (city) => result(city)?.target },
    { header: '完成率（%）', kind: 'percent', width: 9, value: (city) => result(city)?.attainment },
    status,
  ];
}

function writeTargets(workbook: ImageWorkbookWriter, rollup: NationalRollup, scope: SummaryScope): void {
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
    title: `绩效目标完成情况（${scope.label}，${rollup.period}）`,
    paper: 'A3',
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
    // 58 columns: on paper a page per few targets, each with the city columns, at full size.
    pagesAcross: { titleGroups: 1 },
  });
}

function writeGrowth(workbook: ImageWorkbookWriter, rollup: NationalRollup, scope: SummaryScope): void {
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
    title: `同比增长（${scope.label}，${rollup.period}）`,
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
        `${scope.label}（同口径）`,
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

function writeSubmissions(workbook: ImageWorkbookWriter, rollup: NationalRollup, scope: SummaryScope): void {
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: '填报情况',
    title: `填报情况（${scope.label}，${rollup.period}，应报 ${rollup.completeness.expected} 个城市，已报送 ${rollup.completeness.reported} 个）`,
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
