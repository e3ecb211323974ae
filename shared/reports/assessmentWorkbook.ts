/**
 * The assessment workbook (绩效评价): 评价结果 (one row per city, coloured), 分项得分 (every
 * target's inputs, score and weight), 数据完整性 (missing / late quarters, 待说明 warnings) and
 * 说明 (every formula and the weights and grade bands used). The numbers are those of the JSON.
 */

import { assessmentTargetName, NO_DATA, RELEASE, WITHHOLD } from '../assessment/compute.ts';
import { AGENCY_GROWTH, ASSESSMENT_TARGETS, FUND_EXECUTION } from '../assessment/config.ts';
import type { Assessment, CityAssessment, TargetAssessment } from '../assessment/types.ts';
import { findIndicator } from '../catalogue/indicators.ts';
import { compareText } from '../rollup/numbers.ts';
import type { ImageWorkbookWriter } from './xlsx/imageWorkbookWriter.ts';
import { type CellValue, ReportSheet, type ReportStamp, wrappedRowHeight } from './xlsx/reportSheet.ts';
import type { CellKind } from './xlsx/styles.ts';
import { type Column, writeTableSheet } from './xlsx/table.ts';
import { renderWorkbook } from './xlsx/workbook.ts';

export const ASSESSMENT_SHEETS = ['评价结果', '分项得分', '数据完整性', '说明'] as const;

export async function writeAssessmentWorkbook(assessment: Assessment): Promise<Buffer> {
  const stamp: ReportStamp = { dataAsOf: assessment.dataAsOf, generatedAt: assessment.generatedAt };
  const scope = `${assessment.batch} 年度批次，${assessment.year} 年度`;
  return renderWorkbook(assessment.generatedAt, (workbook) => {
    writeTableSheet(workbook, stamp, {
      name: '评价结果',
      title: `绩效评价结果（${scope}）`,
      columns: RESULT_COLUMNS,
      items: inRankOrder(assessment.cities),
      frozenColumns: 3,
      emptyText: '该批次没有城市',
    });
    writeTableSheet(workbook, stamp, {
      name: '分项得分',
      title: `分项得分（${scope}）`,
      columns: TARGET_COLUMNS,
      items: targetRows(assessment),
      frozenColumns: 3,
    });
    writeTableSheet(workbook, stamp, {
      name: '数据完整性',
      title: `数据完整性（${scope}；不影响得分，供评价时核实）`,
      columns: COMPLETENESS_COLUMNS,
      items: inRankOrder(assessment.cities),
      frozenColumns: 2,
    });
    writeNotes(workbook, stamp, assessment);
  });
}

function inRankOrder(cities: readonly CityAssessment[]): CityAssessment[] {
  return [...cities].sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      compareText(a.code, b.code),
  );
}

const list = (values: readonly string[]) => (values.length === 0 ? '—' : values.join('、'));

const RESULT_COLUMNS: readonly Column<CityAssessment>[] = [
  { header: '排名', kind: 'integer', width: 6, value: (city) => city.rank },
  { header: '城市代码', kind: 'text', width: 10, value: (city) => city.code },
  { header: '城市', kind: 'text', width: 16, value: (city) => city.name },
  { header: '省份', kind: 'text', width: 10, value: (city) => city.province },
  { header: '项目进度（k / n 季度）', kind: 'text', width: 12, value: (city) => `${city.k} / ${city.n}` },
  { header: '总分', kind: 'decimal', width: 8, value: (city) => city.score },
  { header: '等级', kind: 'status', width: 8, value: (city) => city.grade ?? '—' },
  { header: '评价建议', kind: 'status', width: 38, value: (city) => city.recommendation },
  { header: '核定中央资金（万元）', kind: 'amount', width: 14, value: (city) => city.fundingApproved },
  {
    header: '已到位中央资金 E01（万元）',
    kind: 'amount',
    width: 14,
    value: (city) => city.fundExecution.received,
  },
  { header: '待拨付资金（万元）', kind: 'amount', width: 14, value: (city) => city.fundsToRelease },
  {
    header: '未计入得分的目标',
    kind: 'longText',
    width: 22,
    value: (city) => list(city.excludedTargets.map(targetShort)),
  },
  { header: '缺报季度', kind: 'longText', width: 16, value: (city) => list(city.missingQuarters) },
  { header: '迟报季度', kind: 'longText', width: 16, value: (city) => list(city.lateQuarters) },
  { header: '待说明警告（条）', kind: 'count', width: 10, value: (city) => city.unexplainedWarnings },
];

interface TargetRow {
  city: CityAssessment;
  key: string;
  target: TargetAssessment;
}

function targetRows(assessment: Assessment): TargetRow[] {
  return inRankOrder(assessment.cities).flatMap((city) =>
    ASSESSMENT_TARGETS.map((key) => ({ city, key, target: targetOf(city, key) })),
  );
}

function targetOf(city: CityAssessment, key: string): TargetAssessment {
  if (key === AGENCY_GROWTH) return city.agencyGrowth;
  if (key === FUND_EXECUTION) return city.fundExecution;
  return city.targets[key] as TargetAssessment;
}

function targetShort(key: string): string {
  if (key === AGENCY_GROWTH) return '运营机构营收增幅';
  if (key === FUND_EXECUTION) return '资金执行率';
  return key;
}

const KIND_LABELS: Record<TargetAssessment['kind'], string> = {
  programme: '累计目标',
  growth: '年均增幅',
  agencyGrowth: '营收增幅',
  fundExecution: '资金执行',
};

const rowValue = (target: TargetAssessment): CellValue => {
  switch (target.kind) {
    case 'programme':
    case 'growth':
    case 'agencyGrowth':
      return target.value;
    case 'fundExecution':
      return target.spent;
  }
};

const valueKind = (row: TargetRow): CellKind => {
  const definition = findIndicator(row.key);
  if (row.target.kind === 'agencyGrowth') return 'decimal';
  if (row.target.kind === 'fundExecution' || definition?.unit === '万元') return 'amount';
  return 'count';
};

const TARGET_COLUMNS: readonly Column<TargetRow>[] = [
  { header: '城市代码', kind: 'text', width: 10, value: (row) => row.city.code },
  { header: '城市', kind: 'text', width: 14, value: (row) => row.city.name },
  {
    header: '目标',
    kind: 'text',
    width: 14,
    value: (row) => (findIndicator(row.key) ? row.key : targetShort(row.key)),
  },
  { header: '目标名称', kind: 'longText', width: 40, value: (row) => assessmentTargetName(row.key) },
  { header: '类型', kind: 'text', width: 9, value: (row) => KIND_LABELS[row.target.kind] },
  {
    header: '基期年 B',
    kind: 'integer',
    width: 8,
    value: (row) => (row.target.kind === 'growth' ? row.target.baseYear : null),
  },
  {
    header: '基期值 V_B',
    kind: (row) => valueKind(row),
    width: 14,
    value: (row) => (row.target.kind === 'growth' ? row.target.baseValue : null),
  },
  {
    header: '评价值（累计目标：第四季度值；年均增幅：评价年度值 V_Y；营收增幅：%；资金：E02）',
    kind: (row) => valueKind(row),
    width: 22,
    value: (row) => rowValue(row.target),
  },
  {
    header: '目标值 T（累计目标：数量；年均增幅：%；营收增幅：E04 %；资金：E01）',
    kind: (row) =>
      row.target.kind === 'growth' || row.target.kind === 'agencyGrowth' ? 'decimal' : valueKind(row),
    width: 20,
    value: (row) => {
      const { target } = row;
      if (target.kind === 'agencyGrowth') return target.localAverage;
      if (target.kind === 'fundExecution') return target.received;
      return target.target;
    },
  },
  {
    header: '预期进度 E = T × k / n',
    kind: 'number',
    width: 12,
    value: (row) => (row.target.kind === 'programme' ? row.target.expected : null),
  },
  {
    header: '完成率（%）= 值 / T × 100',
    kind: 'decimal',
    width: 12,
    value: (row) => (row.target.kind === 'programme' ? row.target.completion : null),
  },
  {
    header: '年均增幅 / 执行率（%）',
    kind: 'decimal',
    width: 12,
    value: (row) =>
      row.target.kind === 'growth'
        ? row.target.cagr
        : row.target.kind === 'fundExecution'
          ? row.target.rate
          : null,
  },
  { header: '得分', kind: 'decimal', width: 8, value: (row) => row.target.score },
  { header: '配置权重', kind: 'number', width: 8, value: (row) => row.target.weight },
  { header: '实际权重（%）', kind: 'decimal', width: 9, value: (row) => row.target.effectiveWeight },
  {
    header: '加权得分 = 得分 × 实际权重 / 100',
    kind: 'decimal',
    width: 12,
    value: (row) =>
      row.target.score === null ? null : Math.round(row.target.score * row.target.effectiveWeight) / 100,
  },
  { header: '状态', kind: 'status', width: 10, value: (row) => row.target.excluded ?? '计入' },
  { header: '说明', kind: 'longText', width: 36, value: (row) => row.target.note ?? '' },
];

const COMPLETENESS_COLUMNS: readonly Column<CityAssessment>[] = [
  { header: '城市代码', kind: 'text', width: 10, value: (city) => city.code },
  { header: '城市', kind: 'text', width: 16, value: (city) => city.name },
  { header: '是否参评', kind: 'text', width: 8, value: (city) => (city.assessed ? '是' : '否') },
  { header: '评价窗口（读取数据的季度）', kind: 'longText', width: 30, value: (city) => list(city.window) },
  { header: '缺报季度', kind: 'longText', width: 20, value: (city) => list(city.missingQuarters) },
  { header: '迟报季度', kind: 'longText', width: 20, value: (city) => list(city.lateQuarters) },
  { header: '警告（条）', kind: 'count', width: 9, value: (city) => city.warnings },
  { header: '其中待说明（条）', kind: 'count', width: 10, value: (city) => city.unexplainedWarnings },
  {
    header: '未计入得分的目标及原因',
    kind: 'longText',
    width: 50,
    value: (city) =>
      city.excludedTargets.length === 0
        ? '—'
        : city.excludedTargets
            .map((key) => {
              const target = targetOf(city, key);
              return `${targetShort(key)}：${target.excluded}${target.note ? `（${target.note}）` : ''}`;
            })
            .join('；'),
  },
  { header: '基期', kind: 'longText', width: 30, value: (city) => baseText(city) },
  { header: '备注', kind: 'longText', width: 24, value: (city) => city.notAssessedReason ?? '' },
];

function baseText(city: CityAssessment): string {
  const growth = Object.values(city.targets).find((target) => target.kind === 'growth');
  if (growth?.kind !== 'growth') return '—';
  if (growth.baseYear === null) return '无基期数据';
  return growth.baseSource === 'baseline'
    ? `城市名录基期 ${growth.baseYear} 年`
    : `基期为项目首年（${growth.baseYear} 年，取报送数据）`;
}

const NOTE_WIDTHS = [26, 30, 22, 60];
const NOTE_WIDTH = NOTE_WIDTHS.reduce((total, width) => total + width, 0);

function writeNotes(workbook: ImageWorkbookWriter, stamp: ReportStamp, assessment: Assessment): void {
  const sheet = new ReportSheet(workbook, '说明', stamp, {
    title: `说明（绩效评价，${assessment.batch} 年度批次，${assessment.year} 年度）`,
    widths: NOTE_WIDTHS,
    frozenRows: 2,
  });
  const text = (value: string) =>
    sheet.row([value], ['longText'], {
      merge: [1, NOTE_WIDTHS.length],
      height: wrappedRowHeight(value, NOTE_WIDTH),
    });
  sheet.blank();
  sheet.heading('一、评价对象与数据');
  for (const line of [
    `评价 ${assessment.batch} 年度批次（支持年度）的每个城市在 ${assessment.year} 年度的绩效目标完成情况，只使用当前受理的数据（每个季度以最新受理的上传为准）；重复运行结果相同。`,
    `项目期 n 个季度（默认 12）自项目开始季度起算；k = 截至 ${assessment.year} 年第四季度的项目季度数（不超过 n）。项目在 ${assessment.year} 年末尚未开始的城市列为不参评。`,
    '存量指标取评价年度第四季度的值（A04、B07 由运营机构表、高价值专利组合表计数）；第四季度未报送则为“无数据”，不以前一季度代替。',
    '流量指标的年度值 = 该年四个季度之和；任一季度未报送即为“不完整”，不以三个季度计算。',
    `填报截止时间为季度结束后 ${assessment.deadlineDays} 天；首次受理的核心指标晚于截止时间即为迟报。缺报、迟报季度和待说明警告列于“数据完整性”，不影响得分，但评价时应核实。`,
  ])
    text(line);

  sheet.blank();
  sheet.heading('二、计算公式');
  sheet.header(['目标', '得分公式', '不计入的情形', '说明']);
  const formulas: Array<[string, string, string, string]> = [
    [
      '累计目标 A02、A03、A04、B07、C01、C02',
      '得分 = min(100, 值 / E × 100)',
      '第四季度无数据',
      '目标 T 为目录默认值或城市名录的目标；预期进度 E = T × k / n；完成率 = 值 / T × 100（不封顶）。',
    ],
    [
      '年均增幅 C04 ≥ 20%，D01、D02、D04 ≥ 30%',
      '得分 = min(100, max(0, 年均增幅 / 目标增幅 × 100))',
      '无基期数据、不完整',
      '年均增幅 = ((V_Y / V_B)^(1 / (Y − B)) − 1) × 100，为复合年均增长率，不是各年同比增幅的平均。基期 B：城市名录的 baseline（通常为批次年度 − 1）；没有时为项目期内第一个完整自然年（基期为项目首年），取其四个季度之和。Y ≤ B、V_B 缺失或 ≤ 0 时为无基期数据；V_Y 不完整时为不完整。',
    ],
    [
      '运营机构营收增幅',
      '高于 E04 得 100，否则 0',
      '无数据',
      '第四季度运营机构表中计入 A04 的机构：Σ 本年累计主营业务收入 / Σ 上年同期主营业务收入 − 1（× 100），与第四季度 E04（当地企业营业收入平均增幅）比较。',
    ],
    [
      '资金执行率',
      '得分 = min(100, E02 / E01 × 100)',
      '无数据（E01、E02 缺失或 E01 为 0）',
      '第四季度的 E01 中央财政资金到位金额、E02 已支出金额。',
    ],
    [
      '总分',
      '总分 = Σ(权重 × 得分) / Σ 计入目标的权重',
      '—',
      '不计入的目标退出，其权重按比例分给其余目标（实际权重 = 权重 / Σ 计入目标的权重 × 100）；总分 = Σ 得分 × 实际权重 / 100。',
    ],
    [
      '等级与建议',
      `优秀 ≥ ${assessment.method.grades.优秀}，良好 ≥ ${assessment.method.grades.良好}，合格 ≥ ${assessment.method.grades.合格}，不合格 < ${assessment.method.grades.合格}`,
      '—',
      `优秀、良好、合格：${RELEASE}；不合格：${WITHHOLD}；没有可计入的目标：${NO_DATA}。排名按总分由高到低，同分按城市代码。`,
    ],
    ['待拨付资金', '= 核定中央资金 − 第四季度 E01（不小于 0）', '核定资金或 E01 未知时为空', '单位万元。'],
  ];
  for (const row of formulas) sheet.row(row, ['longText', 'longText', 'longText', 'longText']);
  text(
    '所有显示的数值保留两位小数，下一步计算使用显示的数值（例如年均增幅的得分按显示的年均增幅计算），可据此逐项复核；实际权重与加权得分也保留两位小数，其合计与总分可能相差 0.01。',
  );

  sheet.blank();
  sheet.heading(
    `三、本次使用的权重与等级线（${assessment.method.source === 'bucket' ? '来自配置 config/assessment.json' : '规范默认值（未配置 config/assessment.json）'}）`,
  );
  sheet.header(['目标', '权重', '占权重合计（%）', '目标名称']);
  const total = ASSESSMENT_TARGETS.reduce((sum, key) => sum + (assessment.method.weights[key] ?? 0), 0);
  for (const key of ASSESSMENT_TARGETS) {
    const weight = assessment.method.weights[key] ?? 0;
    sheet.row(
      [
        targetShort(key),
        weight,
        total > 0 ? Math.round((weight / total) * 10000) / 100 : null,
        assessmentTargetName(key),
      ],
      ['text', 'number', 'percent', 'text'],
    );
  }
  sheet.row(['合计', total, 100, ''], ['text', 'number', 'percent', 'text'], { emphasis: true });
  for (const grade of ['优秀', '良好', '合格'] as const)
    sheet.row(
      [`等级线：${grade}`, assessment.method.grades[grade], null, '总分不低于此分'],
      ['text', 'number', 'percent', 'text'],
    );

  sheet.blank();
  sheet.heading('四、数据来源');
  text(
    `各城市通过统计报送系统上传的季度数据（当前受理的核心指标、运营机构表），城市名录（批次、项目期、核定资金、目标与基期数据），绩效评价配置。使用的上传共 ${assessment.uploadIds.length} 个。`,
  );
  sheet.commit();
}
