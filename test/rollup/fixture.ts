/**
 * A small national picture for 2024Q2, worked out by hand in computeRollup.test.ts:
 *
 * - 110101 甲市: reported 2023Q1, 2023Q2, 2024Q1, 2024Q2; its 2024Q2 核心指标 was corrected after
 *   the deadline (first accepted on time); A04 and B07 come from its 运营机构 / 高价值专利组合
 *   sheets; its A02 target is raised to 12; it lists 7 重点企业, four of them with no measure.
 * - 220202 乙市: on time; C04 had a zero base and D04 no base last year; its 运营机构 sheet is
 *   current only for 2024Q1, so 2024Q2 uses the declared A04.
 * - 330303 丙市: skipped 2024Q1, reported 2024Q2 late; its validation report is missing.
 * - 440404 丁市: programme from 2024Q1; its only 2024Q2 upload was rejected.
 */
import { quarterPeriod } from '#shared/domain/period.ts';
import type { City } from '#shared/domain/registry.ts';
import type { RollupInput } from '#shared/rollup/input.ts';
import {
  aCase,
  aCity,
  aCityInput,
  aCore,
  anAgencies,
  anEnterprise,
  anInput,
  anUpload,
  aPortfolios,
  aReport,
  aSheet,
  aWarning,
  coresFromTable,
  indicatorTable,
} from './builders.ts';

export const A = '110101';
export const B = '220202';
export const C = '330303';
export const D = '440404';

export const REGISTRY: City[] = [
  aCity(A, '甲市', { targets: { A02: 12 } }),
  aCity(B, '乙市'),
  aCity(C, '丙市'),
  aCity(D, '丁市', { batchYear: 2024 }),
];

/** The enterprise reported by both 甲市 (counted nationally: first by code) and 丙市. */
export const SHARED_ENTERPRISE = 6;

const A_VALUES = indicatorTable(`
  period  D01  C04  D02  D04  A02  A03  A04  B07  C01  C02    E01   E02  E04
  2023Q1  100   50    2   10    1    3    -    -   10  100   2000   500    7
  2023Q2  150   50    3   10    2    5    -    -   20  200   4000  1000    7
  2024Q1  200   40    3   20    5   12    -    -   40  500   8000  3000    8
  2024Q2  190   80    4    0    6   15    3   10   50  600  10000  4000    8
  2024Q3  999    -    -    -    -    -    -    -    -    -      -     -    -
`);

const B_VALUES = indicatorTable(`
  period  D01  C04  D02  D04  A02  A03  A04  B07  C01   C02   E01   E02  E04
  2023Q1  100    0    4    -    8    1    -    -   10   500  1000  1000    4
  2023Q2  100    0    4    -   10    2    -    -   20   800  2000  2000    4
  2024Q1   60   30    2    5   15    4    -    -   25   900  4000  4000    5
  2024Q2   90   20    3    5   20    5    2   15   30  1000  5000  5000    5
`);

const C_VALUES = indicatorTable(`
  period  D01  C04  D02  D04  A02  A03  A04  B07  C01  C02   E01   E02  E04
  2023Q1   50   10    1   10    1   10    -    -   60  100  1000   100    9
  2023Q2   50   10    1   10    1   20    -    -   80  200  2000   500    9
  2024Q2  130   30    2   13    2   30    6   25  120  400  8000  2000   10
`);

const D_VALUES = indicatorTable(`
  period  D01  C04  D02  D04  A02  A03  A04  B07  C01  C02   E01   E02  E04
  2024Q1   40   10    1    0    1    2    0    0    5   50  3000   600    6
`);

const A_FIRST = '2024-07-05T02:00:00.000Z';
const A_CORRECTION = '2024-07-20T03:00:00.000Z';
const B_Q2 = '2024-07-10T02:00:00.000Z';
const C_Q2 = '2024-07-20T01:00:00.000Z';

export function nationalFixture(): RollupInput {
  const q2 = (uploadId: string) => ({ period: '2024Q2', uploadId });
  const aCores = coresFromTable(A, A_VALUES, {
    '2023Q1': ['A-2023Q1', '2023-04-10T02:00:00.000Z'],
    '2023Q2': ['A-2023Q2', '2023-07-10T02:00:00.000Z'],
    '2024Q1': ['A-2024Q1', '2024-04-10T02:00:00.000Z'],
    // After the period: never read by a 2024Q2 roll-up.
    '2024Q3': ['A-2024Q3', '2024-10-01T00:00:00.000Z'],
  }).filter((sheet) => sheet.period !== '2024Q2');
  return anInput(
    quarterPeriod(2024, 2),
    REGISTRY,
    [
      aCityInput(A, {
        current: [
          ...aCores,
          aCore(A, '2024Q2', 'A-2024Q2-3', A_CORRECTION, A_VALUES.get('2024Q2') ?? {}, {
            firstAcceptedAt: A_FIRST,
          }),
          anAgencies(A, '2024Q2', 'A-2024Q2-1', A_FIRST, 4, 11000, 10000),
          aPortfolios(A, '2024Q2', 'A-2024Q2-1', A_FIRST, 12),
          aSheet(A, '2024Q2', 'enterprises', 'A-2024Q2-1', A_FIRST),
          aSheet(A, '2024Q2', 'cases', 'A-2024Q2-1', A_FIRST),
        ],
        uploads: [
          anUpload(A, '2024Q2', 'A-2024Q2-1', A_FIRST, 'accepted_with_warnings', [
            'core',
            'agencies',
            'portfolios',
            'enterprises',
            'cases',
          ]),
          anUpload(A, '2024Q2', 'A-2024Q2-2', '2024-07-06T02:00:00.000Z', 'rejected'),
          anUpload(A, '2024Q2', 'A-2024Q2-3', A_CORRECTION, 'accepted_with_warnings'),
        ],
        enterprises: [
          {
            ...q2('A-2024Q2-1'),
            records: [
              anEnterprise(1, {
                validInventionPatents: 100,
                pctApplications: 10,
                madridRegistrations: 0,
                licensingIncome: 50,
                pledgeFinancing: 0,
                certified: true,
                recommended: true,
                industry: '新一代信息技术',
                recommendReason: '专利运营收入领先',
              }),
              anEnterprise(2, {
                validInventionPatents: 50,
                madridRegistrations: 2,
                pledgeFinancing: 1000,
                underCustody: true,
              }),
              anEnterprise(SHARED_ENTERPRISE, { validInventionPatents: 10 }),
              // Nothing to rank: they score their bonuses only, so 甲 lists more than its top 5.
              anEnterprise(9),
              anEnterprise(10, { certified: true }),
              anEnterprise(7),
              anEnterprise(8),
            ],
          },
        ],
        cases: [
          {
            ...q2('A-2024Q2-1'),
            records: [
              aCase('知识产权质押融资风险补偿', '质押融资', {
                recommended: true,
                outcomeMetric: '融资金额',
                outcomeValue: 5000,
                outcomeUnit: '万元',
              }),
              aCase('产业专利导航中心', '专利导航', {
                recommended: true,
                outcomeMetric: '导航项目数',
                outcomeValue: 12,
                outcomeUnit: '项',
              }),
              aCase('企业专利导航服务', '专利导航', {
                recommended: true,
                subject: '市知识产权局',
                outcomeMetric: '服务企业数',
                outcomeValue: 30,
                outcomeUnit: '家',
              }),
              aCase('导航成果转化', '专利导航', {
                recommended: true,
                outcomeMetric: '转化项目数',
                outcomeValue: 20,
                outcomeUnit: '项',
              }),
            ],
          },
        ],
        reports: [
          // Another quarter's upload: not part of the 2024Q2 data quality.
          aReport('2024Q1', 'A-2024Q1', [aWarning('OUTLIER', '核心指标', { row: 4 })]),
          aReport('2024Q2', 'A-2024Q2-1', [
            aWarning('DERIVED_MISMATCH', '核心指标', { row: 6, column: '本期值', cell: 'D6', value: '3' }),
          ]),
          aReport('2024Q2', 'A-2024Q2-3', [
            aWarning('STOCK_DECREASE', '核心指标', { row: 5, column: '本期值', cell: 'D5' }),
            aWarning('UPLOAD_LATE', '核心指标'),
          ]),
        ],
      }),
      aCityInput(B, {
        current: [
          ...coresFromTable(B, B_VALUES, {
            '2023Q1': ['B-2023Q1', '2023-04-12T02:00:00.000Z'],
            '2023Q2': ['B-2023Q2', '2023-07-12T02:00:00.000Z'],
            '2024Q1': ['B-2024Q1', '2024-04-12T02:00:00.000Z'],
            '2024Q2': ['B-2024Q2', B_Q2],
          }),
          anAgencies(B, '2024Q1', 'B-2024Q1', '2024-04-12T02:00:00.000Z', 9, 100, 50),
          aSheet(B, '2024Q2', 'enterprises', 'B-2024Q2', B_Q2),
          aSheet(B, '2024Q2', 'cases', 'B-2024Q2', B_Q2),
        ],
        uploads: [anUpload(B, '2024Q2', 'B-2024Q2', B_Q2, 'accepted_with_warnings')],
        enterprises: [
          {
            ...q2('B-2024Q2'),
            records: [
              anEnterprise(3, {
                validInventionPatents: 200,
                pctApplications: 20,
                madridRegistrations: 1,
                pledgeFinancing: 500,
              }),
              anEnterprise(4, {
                pctApplications: 5,
                licensingIncome: 10,
                certified: true,
                underCustody: true,
              }),
            ],
          },
        ],
        cases: [
          {
            ...q2('B-2024Q2'),
            records: [
              aCase('银行专利质押快贷', '质押融资', {
                recommended: true,
                outcomeMetric: '融资金额',
                outcomeValue: 8000,
                outcomeUnit: '万元',
              }),
              aCase('无成效案例', '质押融资', { recommended: false, outcomeValue: 0, outcomeUnit: '万元' }),
              aCase('贯标示范企业培育', '贯标', {
                outcomeMetric: '贯标企业数',
                outcomeValue: 40,
                outcomeUnit: '家',
              }),
            ],
          },
        ],
        reports: [
          aReport('2024Q2', 'B-2024Q2', [aWarning('OUTLIER', '核心指标', { row: 8 })], {
            warningCount: 3,
            truncated: true,
          }),
        ],
      }),
      aCityInput(C, {
        current: [
          ...coresFromTable(C, C_VALUES, {
            '2023Q1': ['C-2023Q1', '2023-04-15T02:00:00.000Z'],
            '2023Q2': ['C-2023Q2', '2023-07-15T02:00:00.000Z'],
            '2024Q2': ['C-2024Q2', C_Q2],
          }),
          anAgencies(C, '2024Q2', 'C-2024Q2', C_Q2, 6, 10500, 10000),
          aPortfolios(C, '2024Q2', 'C-2024Q2', C_Q2, 8),
          aSheet(C, '2024Q2', 'enterprises', 'C-2024Q2', C_Q2),
          aSheet(C, '2024Q2', 'cases', 'C-2024Q2', C_Q2),
        ],
        uploads: [anUpload(C, '2024Q2', 'C-2024Q2', C_Q2, 'accepted')],
        enterprises: [
          {
            ...q2('C-2024Q2'),
            records: [
              anEnterprise(5, {
                validInventionPatents: 50,
                pctApplications: 10,
                madridRegistrations: 3,
                licensingIncome: 50,
                pledgeFinancing: 200,
                recommended: true,
              }),
              anEnterprise(SHARED_ENTERPRISE, { validInventionPatents: 300, pctApplications: 1 }),
            ],
          },
        ],
        cases: [
          {
            ...q2('C-2024Q2'),
            records: [
              aCase('质押融资保险联动', '质押融资', {
                outcomeMetric: '融资金额',
                outcomeValue: 3000,
                outcomeUnit: '万元',
              }),
              aCase('中小企业质押贴息', '质押融资', { recommended: true }),
            ],
          },
        ],
        reports: [
          aReport('2024Q2', 'C-2024Q2', [], {
            unavailable: '校验报告 results/330303/2024Q2/C-2024Q2.json 不存在',
          }),
        ],
      }),
      aCityInput(D, {
        current: coresFromTable(D, D_VALUES, { '2024Q1': ['D-2024Q1', '2024-04-08T02:00:00.000Z'] }),
        uploads: [anUpload(D, '2024Q2', 'D-2024Q2-1', '2024-07-08T02:00:00.000Z', 'rejected')],
      }),
    ],
    {
      locks: [
        { period: '2024Q2', city: '*', lockedAt: '2024-08-01T00:00:00.000Z', lockedBy: 'analyst' },
        { period: '2024Q1', city: A, lockedAt: '2024-05-01T00:00:00.000Z' },
      ],
    },
  );
}
