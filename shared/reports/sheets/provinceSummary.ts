/** 省份汇总 (national workbook): a row per province — reported cities, subtotals, average score. */
import { indicator } from '../../catalogue/indicators.ts';
import type { NationalRollup } from '../../rollup/types.ts';
import { indicatorHeader, kindForUnit } from '../labels.ts';
import { type ProvinceSummary, provinceSummaries } from '../province.ts';
import { rollupStamp } from '../stamp.ts';
import type { ImageWorkbookWriter } from '../xlsx/imageWorkbookWriter.ts';
import { type Column, writeTableSheet } from '../xlsx/table.ts';
import { codeNameColumns } from './detailColumns.ts';
import { KEY_INDICATORS } from './overview.ts';

export const PROVINCE_SUMMARY_SHEET = '省份汇总';

/** Indicators whose subtotals the sheet shows. */
export const PROVINCE_SUMMARY_INDICATORS: readonly string[] = KEY_INDICATORS;

const COLUMNS: readonly Column<ProvinceSummary>[] = [
  ...codeNameColumns<ProvinceSummary>(
    ['省份代码', '省份'],
    (province) => province.code,
    (province) => province.name,
  ),
  { header: '城市数', kind: 'count', width: 7, value: (province) => province.cities },
  { header: '应报城市数', kind: 'count', width: 8, value: (province) => province.expected },
  { header: '已报送', kind: 'count', width: 7, value: (province) => province.reported },
  { header: '其中迟报', kind: 'count', width: 7, value: (province) => province.late },
  { header: '未报送', kind: 'count', width: 7, value: (province) => province.notReported },
  {
    header: '报送率（%）',
    kind: 'percent',
    width: 8,
    value: (province) => (province.expected > 0 ? (province.reported / province.expected) * 100 : null),
  },
  { header: '平均综合得分', kind: 'score', width: 9, value: (province) => province.averageScore },
  ...PROVINCE_SUMMARY_INDICATORS.map((code): Column<ProvinceSummary> => {
    const definition = indicator(code);
    return {
      header: indicatorHeader(definition),
      kind: kindForUnit(definition.unit),
      width: definition.unit === '万元' ? 14 : 11,
      value: (province) => province.totals[code] ?? null,
    };
  }),
];

export function writeProvinceSummarySheet(workbook: ImageWorkbookWriter, rollup: NationalRollup): void {
  const provinces = provinceSummaries(rollup.cities);
  const { completeness } = rollup;
  writeTableSheet(workbook, rollupStamp(rollup), {
    name: PROVINCE_SUMMARY_SHEET,
    title: `省份汇总（${rollup.period}，${provinces.length} 个省份；指标为本期值合计，比率为中位数）`,
    columns: COLUMNS,
    items: provinces,
    frozenColumns: 2,
    footer: [
      [
        '全国',
        '合计',
        rollup.cities.length,
        completeness.expected,
        completeness.reported,
        completeness.late,
        completeness.notReported + completeness.rejectedOnly,
        completeness.rate,
        null,
        ...PROVINCE_SUMMARY_INDICATORS.map((code) => rollup.national[code]?.value ?? null),
      ],
    ],
  });
}
