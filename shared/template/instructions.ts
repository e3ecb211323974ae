/**
 * The content of the 填报说明 sheet: how to fill in, per-sheet rules, the deadline, the
 * validation rules and the indicator list, all generated from the catalogue and the issue tables.
 */
import { findIndicator, INDICATORS, type IndicatorDefinition } from '../catalogue/indicators.ts';
import { DATA_SHEET_KINDS, EXPLANATION_SHEET, sheetDefinition } from '../catalogue/sheets.ts';
import { chinaTimeText } from '../domain/chinaTime.ts';
import { type QuarterPeriod, quarterDeadline } from '../domain/period.ts';
import { type City, targetFor } from '../domain/registry.ts';
import type { Severity } from '../domain/validation.ts';
import { PARSING_ISSUES } from '../parsing/issues.ts';
import { isFileLevelCode } from '../validation/issueLevels.ts';
import { EXPLAINABLE_CODES, VALIDATION_ISSUES } from '../validation/issues.ts';
import { columnRule, indicatorRule, templateHeaderCell } from './columnRules.ts';

/** A line of the sheet: a heading, a paragraph, or a table row (a row's last cell spans the remaining columns). */
export type InstructionLine =
  | { kind: 'title'; text: string }
  /** `newPage`: printed from the top of a page (a section the city fills in by hand). */
  | { kind: 'heading'; text: string; newPage?: true }
  | { kind: 'text'; text: string }
  | { kind: 'tableHeader'; cells: string[] }
  | { kind: 'tableRow'; cells: string[] }
  /** Empty bordered rows of a table for the city to fill in (the explanations table). */
  | { kind: 'inputRows'; columns: number; count: number; prompt: { title: string; text: string } }
  | { kind: 'blank' };

export interface InstructionContext {
  city?: City;
  period?: QuarterPeriod;
  deadlineDays: number;
}

export function instructionLines(context: InstructionContext): InstructionLine[] {
  return [
    { kind: 'title', text: title(context) },
    { kind: 'blank' },
    ...generalRules(context),
    { kind: 'blank' },
    ...sheetRules(),
    { kind: 'blank' },
    ...validationRules(),
    { kind: 'blank' },
    ...indicatorList(context.city),
    { kind: 'blank' },
    // Last on the sheet: the reader takes every row below its header as an explanation.
    ...explanationSection(),
  ];
}

const CHINESE_QUARTERS = { 1: '一', 2: '二', 3: '三', 4: '四' } as const;

function title({ city, period }: InstructionContext): string {
  const scope = [city?.name, period && `${period.year}年第${CHINESE_QUARTERS[period.quarter]}季度`]
    .filter(Boolean)
    .join(' ');
  return `知识产权运营服务体系建设统计数据填报模板${scope ? `（${scope}）` : ''}`;
}

function deadlineText({ period, deadlineDays }: InstructionContext): string {
  if (!period)
    return `每季度结束后 ${deadlineDays} 日内（北京时间当日 24 时前）报送上一季度数据；逾期报送的数据照常接收，但记为迟报。`;
  return `本期（${period.code}）报送截止时间：${chinaTimeText(quarterDeadline(period, deadlineDays))}（北京时间）；逾期报送的数据照常接收，但记为迟报。`;
}

function generalRules(context: InstructionContext): InstructionLine[] {
  const rules = [
    `上传路径：uploads/{城市代码}/{报告期}/{文件名}${context.city ? `，本市为 uploads/${context.city.code}/${context.period?.code ?? '{报告期}'}/文件名.xlsx` : ''}。`,
    deadlineText(context),
    '请不要修改工作表名称和表头文字；列的顺序可以调整，不需要的可选列可以删除。表头带 * 的列为必填列。',
    '可以只上传部分工作表；每类数据表以最近一次被接受的上传为准。核心指标被接受后，本期即视为已报送。',
    '核心指标已列出全部指标：请在“本期值”列填写数值。确实无法提供的指标请删除整行（视为未报送，不要填 0）；A04、B07 可以不填，由运营机构表、高价值专利组合表计算。',
    '金额一律以万元为单位（如在表头或单位列注明“元”“亿元”，系统会换算为万元）；数量填不小于 0 的整数；比率填百分数，如 25 表示 25%。',
    '明细表末尾可以保留“合计”行，系统会与各行之和核对，但不会作为一条记录入库。',
    '上传后几秒内即可看到校验结果：有“错误”的工作表会被退回（之前已接受的数据保持不变），“警告”不影响接收。请按校验结果修改后重新上传。',
    `系统提示“需核实”的警告（${explainableTitles()}）时，数值无误不必修改：请在该行“备注”列或本表末尾“${EXPLANATION_HEADING}”中说明原因。`,
    '本模板已设置下拉列表、数值范围和输入提示；从其他文件粘贴的数据不受这些检查约束，上传后仍会完整校验。',
  ];
  return [
    { kind: 'heading', text: '一、填报要求' },
    ...rules.map((text, index): InstructionLine => ({ kind: 'text', text: `${index + 1}. ${text}` })),
  ];
}

function sheetRules(): InstructionLine[] {
  const lines: InstructionLine[] = [
    { kind: 'heading', text: '二、各工作表填写说明' },
    { kind: 'tableHeader', cells: ['工作表', '列名', '必填', '填写要求'] },
    {
      kind: 'tableRow',
      cells: [
        sheetDefinition('info').name,
        '城市代码、城市名称、报告期 等',
        '',
        sheetDefinition('info').description,
      ],
    },
  ];
  for (const kind of DATA_SHEET_KINDS) {
    const sheet = sheetDefinition(kind);
    lines.push({ kind: 'tableRow', cells: [sheet.name, '（本表说明）', '', sheet.description] });
    for (const column of sheet.columns) {
      lines.push({
        kind: 'tableRow',
        cells: [sheet.name, templateHeaderCell(column), column.required ? '是' : '', columnRule(column)],
      });
    }
  }
  return lines;
}

export const EXPLANATION_HEADING = '五、核实性审核说明';
/** Empty rows of the explanations table in the template. */
export const EXPLANATION_INPUT_ROWS = 15;

/** The titles of the verification warnings, e.g. `累计值低于上一季度、…`. */
function explainableTitles(): string {
  return Object.entries(VALIDATION_ISSUES)
    .filter(([code]) => EXPLAINABLE_CODES.has(code))
    .map(([, definition]) => definition.title)
    .join('、');
}

/**
 * 核实性审核说明: when and how to explain a verification warning, and the empty table
 * (指标或工作表 | 核实说明) the reader takes explanations from.
 */
function explanationSection(): InstructionLine[] {
  const { subject, text } = EXPLANATION_SHEET;
  return [
    { kind: 'heading', text: EXPLANATION_HEADING, newPage: true },
    {
      kind: 'text',
      text: `以下警告需要核实：${explainableTitles()}。数值确实无误时不必修改，说明原因即可，校验结果中该警告标为“已说明”；未说明的标为“待说明”，汇总报告和绩效评价会列出待说明的警告。`,
    },
    {
      kind: 'text',
      text: '说明写在有警告的那一行的“备注”列（明细表的合计行写在合计行的备注中），或写在下表：每行一条，“指标或工作表”填指标代码或名称（如 C01 或 知识产权管理规范贯标单位数），合计行的说明填工作表名（如 运营机构）。',
    },
    {
      kind: 'text',
      text: '示例：C01 | 部分单位贯标证书到期未续，已逐家核实。以 CSV 文件上传时没有本表，请写在该行的“备注”列。',
    },
    { kind: 'tableHeader', cells: [subject.header, text.header] },
    {
      kind: 'inputRows',
      columns: 2,
      count: EXPLANATION_INPUT_ROWS,
      prompt: { title: text.header, text: '写明数值为何下降、变化大或与明细不一致，以及已核实的情况' },
    },
  ];
}

const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告' };

function consequence(code: string, severity: Severity): string {
  if (severity === 'warning') return '接收并提示';
  return isFileLevelCode(code) ? '退回整个文件' : '退回该工作表';
}

/** Every rule of both issue tables, errors first, in plain Chinese. */
function validationRules(): InstructionLine[] {
  const definitions = [...Object.entries(PARSING_ISSUES), ...Object.entries(VALIDATION_ISSUES)].sort(
    ([, a], [, b]) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
  return [
    { kind: 'heading', text: '三、校验规则（上传后自动检查）' },
    { kind: 'tableHeader', cells: ['类别', '规则', '处理', '代码', '说明'] },
    ...definitions.map(
      ([code, definition]): InstructionLine => ({
        kind: 'tableRow',
        cells: [
          SEVERITY_LABELS[definition.severity],
          definition.title,
          consequence(code, definition.severity),
          code,
          definition.description,
        ],
      }),
    ),
  ];
}

const AGGREGATION_LABELS = { flow: '流量（本季度）', stock: '存量（累计）', rate: '比率' } as const;

function targetText(indicator: IndicatorDefinition, city: City | undefined): string {
  const value = city ? targetFor(city, indicator.code) : undefined;
  switch (indicator.target.kind) {
    case 'programme':
      return `建设期末累计 ≥ ${value ?? indicator.target.minimum}`;
    case 'growth':
      return `年度同比增长 ≥ ${value ?? indicator.target.minimumPercent}%`;
    case 'track':
      return '—';
  }
}

function indicatorNotes(indicator: IndicatorDefinition): string {
  const notes = [indicatorRule(indicator)];
  const whole = indicator.atMost ? findIndicator(indicator.atMost) : undefined;
  if (whole) notes.push(`不得大于 ${whole.code} ${whole.name}`);
  const count = indicator.countCompanion ? findIndicator(indicator.countCompanion) : undefined;
  if (count) notes.push(`大于 0 时 ${count.code} ${count.name} 不应为 0`);
  return notes.join('；');
}

function indicatorList(city: City | undefined): InstructionLine[] {
  return [
    {
      kind: 'heading',
      text: `四、指标目录${city ? `（绩效目标按${city.name}实施方案）` : '（绩效目标为 2019 年通知的默认值）'}`,
    },
    { kind: 'tableHeader', cells: ['代码', '指标名称', '单位', '类型', '绩效目标', '填写说明'] },
    ...INDICATORS.map(
      (indicator): InstructionLine => ({
        kind: 'tableRow',
        cells: [
          indicator.code,
          indicator.name,
          indicator.unit,
          AGGREGATION_LABELS[indicator.aggregation],
          targetText(indicator, city),
          indicatorNotes(indicator),
        ],
      }),
    ),
  ];
}
