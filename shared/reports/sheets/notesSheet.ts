/**
 * 说明: indicator definitions, methods, the target numbers in force, data sources and lineage
 * (data as of, the uploads used, catalogue version, locks). Shared by both workbooks; the city
 * workbook passes only its city, uploads and locks.
 */
import { INDICATORS, TARGETED_INDICATORS } from '../../catalogue/indicators.ts';
import { DETAIL_SHEET_KINDS, sheetDefinition } from '../../catalogue/sheets.ts';
import { chinaTimeText } from '../../domain/chinaTime.ts';
import { UPLOAD_STATE_TEXT, type UploadState } from '../../domain/submission.ts';
import { BONUS, CITY_TOP, NATIONAL_TOP } from '../../rollup/enterprises.ts';
import { MODELS_PER_CATEGORY, MODELS_PER_CITY } from '../../rollup/models.ts';
import { AGENCY_GROWTH_TARGET } from '../../rollup/targets.ts';
import type { CityRollup, Lineage, NationalRollup, UploadUsed } from '../../rollup/types.ts';
import {
  AGENCY_GROWTH_LABEL,
  AGGREGATION_LABELS,
  indicatorHeader,
  TARGET_KEYS,
  targetRuleText,
} from '../labels.ts';
import { rollupStamp } from '../stamp.ts';
import type { ImageWorkbookWriter } from '../xlsx/imageWorkbookWriter.ts';
import { ReportSheet, wrappedRowHeight } from '../xlsx/reportSheet.ts';
import type { CellKind } from '../xlsx/styles.ts';

export interface NotesScope {
  cities: readonly CityRollup[];
  /** The uploads used (the ids stay in the JSON; the sheet names city, file, time and state). */
  uploads: readonly UploadUsed[];
  locks: Lineage['locks'];
  /** Whose report, in the sheet title and page header (e.g. `杭州市`); the national one has none. */
  label?: string;
}

const WIDTHS = [14, 34, 12, 26, 30, 38];
/** The targets table's columns past the text columns: narrow enough that A3 prints it at 70 %. */
const TARGET_WIDTH = 11;
/** Method and source texts sit in B, merged to the last column. */
const TEXT_COLUMNS: readonly [number, number] = [2, WIDTHS.length];
const TEXT_WIDTH = WIDTHS.slice(1).reduce((total, width) => total + width, 0);

export function writeNotesSheet(
  workbook: ImageWorkbookWriter,
  rollup: NationalRollup,
  scope: NotesScope,
): void {
  const sheet = new ReportSheet(workbook, '说明', rollupStamp(rollup), {
    title: `${scope.label ?? ''}说明（${rollup.period}）`,
    // The targets table runs from column A: its first columns are the text columns' own.
    widths: [...WIDTHS, ...TARGET_KEYS.slice(WIDTHS.length - 2).map(() => TARGET_WIDTH)],
    frozenRows: 2,
  });

  sheet.blank();
  sheet.heading('一、指标定义');
  const definitionsHeader = sheet.header([
    '指标代码',
    '指标名称',
    '单位',
    '汇总方式',
    '绩效目标（默认）',
    '说明',
  ]);
  for (const definition of INDICATORS) {
    const target = definition.target;
    const rule =
      target.kind === 'programme'
        ? targetRuleText(definition, target.minimum)
        : target.kind === 'growth'
          ? targetRuleText(definition, target.minimumPercent)
          : '跟踪（无数值目标）';
    sheet.row(
      [
        definition.code,
        definition.name,
        definition.unit,
        AGGREGATION_LABELS[definition.aggregation],
        rule,
        indicatorNote(definition.code),
      ],
      ['text', 'text', 'text', 'text', 'text', 'longText'],
    );
  }
  sheet.filter(definitionsHeader, sheet.lastRow, 1, WIDTHS.length);

  section(sheet, '二、计算方法', methods(rollup));
  targetsInForce(sheet, scope.cities);
  section(sheet, '四、数据来源', SOURCES);
  lineage(sheet, rollup, scope);
  sheet.commit();
}

function indicatorNote(code: string): string {
  const definition = INDICATORS.find((candidate) => candidate.code === code);
  if (!definition) return '';
  const notes: string[] = [];
  if (definition.derivedFrom)
    notes.push(`由「${sheetDefinition(definition.derivedFrom).name}」明细计算，填报值仅作核对`);
  if (definition.atMost) notes.push(`不得大于 ${definition.atMost}`);
  if (definition.countCompanion) notes.push(`金额大于 0 时 ${definition.countCompanion} 不得为 0`);
  if (definition.note) notes.push(definition.note);
  return notes.join('；');
}

function section(
  sheet: ReportSheet,
  title: string,
  paragraphs: ReadonlyArray<readonly [string, string]>,
): void {
  sheet.blank();
  sheet.heading(title);
  for (const [label, text] of paragraphs) {
    sheet.row([label, text], ['text', 'longText'], {
      merge: TEXT_COLUMNS,
      height: wrappedRowHeight(text, TEXT_WIDTH),
    });
  }
}

function methods(rollup: NationalRollup): Array<[string, string]> {
  const deadline = rollup.deadline
    ? `本期填报截止时间为 ${chinaTimeText(rollup.deadline)}（北京时间）。`
    : '';
  return [
    [
      '本期值',
      '流量指标为本季度发生额；存量指标为季末累计值；比率指标为本季度值。年度报告为全年值：流量为四个季度之和，存量、比率为第四季度的值。',
    ],
    ['本年累计', '流量指标为本年已报各季度之和；存量、比率指标为最近一个已报季度的值。未报的季度不视为 0。'],
    ['同比增长（%）', '（本年累计 ÷ 上年同期累计 − 1）× 100，保留两位小数；上年同期缺失或为 0 时不计算。'],
    [
      '全国值',
      '流量、存量指标为已报送城市之和；比率指标为已报送城市的中位数。全国同比增长按同口径计算：本年与上年均只计两年都有数据的城市。',
    ],
    ['全国中位数', '已报送城市本期值的中位数（城市数为偶数时取中间两个数的平均值）。'],
    [
      '项目期目标',
      '完成率 = 累计值 ÷ 目标值 × 100（不封顶）；应完成进度 = 目标值 × 已过季度数 ÷ 项目总季度数。达标：累计值 ≥ 目标值；进度正常：≥ 应完成进度；滞后：≥ 应完成进度的 50%；严重滞后：低于 50%；未报送该指标为“无数据”。',
    ],
    [
      '增长目标',
      '本年累计同比增长 ≥ 目标增幅为达标，否则未达标；上年同期缺失或为 0 时为“无基期数据”；本年未报送为“无数据”。',
    ],
    [
      AGENCY_GROWTH_LABEL,
      '计入 A04 并填报上年同期收入的运营机构，本年累计主营业务收入合计较上年同期合计的增幅（收入加权）；高于当地企业营业收入平均增幅（E04）为达标。',
    ],
    [
      '综合得分与排名',
      '各目标得分的平均值：项目期目标得 min(完成率, 100) 分（无数据得 0 分）；增长目标和运营机构增幅目标达标得 100 分，否则 0 分；增长目标“无基期数据”、运营机构增幅“无数据”不计入平均。已报送城市按综合得分从高到低排名，同分按城市代码。',
    ],
    [
      '填报情况',
      `按时：本期首次受理的核心指标上传不晚于截止时间（之后的更正不改变按时状态）；迟报：晚于截止时间；未报送：没有受理的核心指标上传；仅有被退回的上传：有上传但全部被退回。报送率 = 已报送城市数 ÷ 项目期覆盖本期的城市数 × 100。${deadline}`,
    ],
    [
      '典型企业',
      `按有效发明专利量、PCT申请量、马德里商标国际注册量、专利转让许可收入、知识产权质押融资金额，分别计算企业在全部数值大于 0 的企业中的百分位（数值小于等于它的企业所占比例）；得分 = 五项百分位平均值 × 100，贯标加 ${BONUS.certified} 分、接受托管服务加 ${BONUS.underCustody} 分、城市推荐加 ${BONUS.recommended} 分。全国取前 ${NATIONAL_TOP} 名，每个城市取前 ${CITY_TOP} 名，同分按统一社会信用代码。亮点为百分位最高的两项。`,
    ],
    [
      '典型模式',
      `城市推荐或有量化成效（成效数值 > 0）的案例为候选；同一模式类别内按城市推荐、有无成效、同单位成效数值、案例名称排序；每类最多 ${MODELS_PER_CATEGORY} 个，每个城市最多 ${MODELS_PER_CITY} 个。入选理由由数据生成。`,
    ],
  ];
}

const SOURCES: ReadonlyArray<readonly [string, string]> = [
  [
    '填报数据',
    `各城市通过 ipstats 上传的季度报表（基本信息、核心指标、${DETAIL_SHEET_KINDS.map((kind) => sheetDefinition(kind).name).join('、')}），上传路径为 uploads/{城市代码}/{报告期}/{文件名}。`,
  ],
  [
    '当前数据',
    '每个城市、报告期、工作表只使用当前受理的上传：同一工作表后受理的上传替换先前的上传；被退回的上传不计入。',
  ],
  ['派生指标', 'A04、B07 由运营机构、高价值专利组合明细计算；填报值与计算值不一致时列入“数据质量”。'],
  [
    '城市名录',
    '城市代码、批次年度、项目期和目标值调整来自系统配置的城市名录；未单独调整的目标使用财办建〔2019〕70号的默认值。',
  ],
];

function targetsInForce(sheet: ReportSheet, cities: readonly CityRollup[]): void {
  sheet.blank();
  sheet.heading('三、现行绩效目标');
  sheet.header(['城市代码', '城市名称', ...TARGET_KEYS.map(targetHeader)]);
  const kinds: CellKind[] = [
    'text',
    'text',
    ...TARGET_KEYS.map(
      (key): CellKind =>
        key === AGENCY_GROWTH_TARGET
          ? 'text'
          : TARGETED_INDICATORS.find((d) => d.code === key)?.target.kind === 'growth'
            ? 'percent'
            : 'count',
    ),
  ];
  for (const city of cities) {
    sheet.row(
      [
        city.code,
        city.name,
        ...TARGET_KEYS.map((key) =>
          key === AGENCY_GROWTH_TARGET ? '高于 E04' : (city.targets[key]?.target ?? null),
        ),
      ],
      kinds,
    );
  }
}

function targetHeader(key: string): string {
  if (key === AGENCY_GROWTH_TARGET) return AGENCY_GROWTH_LABEL;
  const definition = TARGETED_INDICATORS.find((candidate) => candidate.code === key);
  if (!definition) return key;
  return definition.target.kind === 'growth'
    ? `${definition.code} ${definition.name}同比增幅（%）`
    : indicatorHeader(definition);
}

function lineage(sheet: ReportSheet, rollup: NationalRollup, scope: NotesScope): void {
  sheet.blank();
  sheet.heading('五、数据血缘');
  const facts: Array<[string, string]> = [
    ['报告期', rollup.period],
    [
      '数据截至',
      rollup.lineage.dataAsOf ? `${chinaTimeText(rollup.lineage.dataAsOf)}（北京时间）` : '尚无受理的数据',
    ],
    ['生成时间', `${chinaTimeText(rollup.generatedAt)}（北京时间）`],
    ['指标目录版本', rollup.lineage.catalogueVersion],
    ['使用的上传', `${scope.uploads.length} 个（见下表；上传编号见同名 JSON 文件）`],
  ];
  for (const [label, text] of facts) sheet.row([label, text], ['text', 'text']);
  sheet.blank();
  sheet.header(['城市代码', '城市名称', '报告期', '文件名', '上传时间（北京时间）', '状态与使用的工作表']);
  for (const upload of scope.uploads)
    sheet.row(
      [
        upload.city,
        upload.cityName,
        upload.period,
        upload.fileName ?? '（无上传记录）',
        upload.uploadedAt,
        `${upload.status ? `${UPLOAD_STATE_TEXT[upload.status as UploadState] ?? upload.status}；` : ''}使用：${upload.sheets.join('、')}`,
      ],
      ['text', 'text', 'text', 'longText', 'dateTime', 'longText'],
    );
  if (scope.uploads.length === 0) sheet.row(['（无）'], ['text']);
  sheet.blank();
  sheet.header(['报告期', '城市', '锁定时间（北京时间）']);
  for (const lock of scope.locks)
    sheet.row(
      [lock.period, lock.city === '*' ? '全部城市' : lock.city, lock.lockedAt],
      ['text', 'text', 'dateTime'],
    );
  if (scope.locks.length === 0) sheet.row(['（本期未锁定）'], ['text']);
}
