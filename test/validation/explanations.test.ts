import { describe, expect, it } from 'vitest';
import type { CoreIndicatorRecord } from '#shared/domain/records.ts';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import type { ExplanationEntry, ParsedSheet } from '#shared/parsing/types.ts';
import type { ValidationContext } from '#shared/validation/contract.ts';
import { isPendingExplanation } from '#shared/validation/explanationState.ts';
import { explanationSubject } from '#shared/validation/explanations.ts';
import { asksForExplanation, EXPLAINABLE_CODES } from '#shared/validation/issues.ts';
import { buildValidationReport } from '#shared/validation/report.ts';
import { validateUpload } from '#shared/validation/validateUpload.ts';
import { agency, CLEAN_CORE, context, coreRowOf, detailSheet, parsedUpload } from './builders.ts';

/** 核心指标 of CLEAN_CORE with a 备注 on some indicators' rows (column E). */
function coreWithNotes(notes: Readonly<Record<string, string>>, values = CLEAN_CORE): ParsedSheet<'core'> {
  const records = Object.entries(values).map(
    ([code, value]): CoreIndicatorRecord => ({ code, value, ...(notes[code] ? { note: notes[code] } : {}) }),
  );
  return detailSheet('core', records);
}

/** C01 fell from 71 (stock) and D01 is 3000 with D02 = 0 (an amount with a zero count). */
const FELL: ValidationContext['previous'] = {
  period: '2024Q2',
  sheets: { core: { rows: 29, indicators: { C01: 71 } } },
};
const ZERO_COUNT = { ...CLEAN_CORE, D02: 0, D03: 0 };

function entry(subject: string, text: string, row = 40): ExplanationEntry {
  return { sheet: '填报说明', row, cell: `B${row}`, subject, text };
}

function warning(outcomeIssues: readonly ValidationIssue[], code: string): ValidationIssue | undefined {
  return outcomeIssues.find((issue) => issue.code === code);
}

describe('explanations: the row’s 备注 cell', () => {
  it('marks a stock that fell 已说明 with the text of its row’s 备注 and where it was written', () => {
    const sheet = coreWithNotes({ C01: '部分单位证书到期，本季度未续证' });

    const outcome = validateUpload(parsedUpload([sheet]), context({ previous: FELL }));

    expect(warning(outcome.issues, 'STOCK_DECREASED')).toMatchObject({
      explanationStatus: 'explained',
      explanation: '部分单位证书到期，本季度未续证',
      explanationSource: `核心指标!E${coreRowOf(CLEAN_CORE, 'C01')}`,
    });
  });

  it('leaves a verification warning 待说明 when the 备注 is blank or on another row', () => {
    const sheet = coreWithNotes({ C01: '   ', B01: '与上季度口径一致' });

    const outcome = validateUpload(parsedUpload([sheet]), context({ previous: FELL }));

    const fell = warning(outcome.issues, 'STOCK_DECREASED');
    expect(fell).toMatchObject({ explanationStatus: 'pending' });
    expect(fell).not.toHaveProperty('explanation');
  });

  it('takes the count’s row for an amount with a zero count', () => {
    const sheet = coreWithNotes({ D02: '质押登记在省局办理，本市无法统计次数' }, ZERO_COUNT);

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(warning(outcome.issues, 'COUNT_COMPANION_ZERO')).toMatchObject({
      explanationStatus: 'explained',
      explanation: '质押登记在省局办理，本市无法统计次数',
      explanationSource: `核心指标!E${coreRowOf(ZERO_COUNT, 'D02')}`,
    });
  });

  it('takes the 备注 of a 合计 row for its mismatch', () => {
    const sheet = detailSheet('agencies', [agency(1, { revenueYtd: 1200 }), agency(2, { revenueYtd: 300 })], {
      total: { revenueYtd: 1600 },
    });
    const total = sheet.total as NonNullable<typeof sheet.total>;
    total.note = { text: '合计含一家已注销机构的收入', cell: `G${total.row}` };

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toEqual([
      expect.objectContaining({
        code: 'TOTAL_MISMATCH',
        explanationStatus: 'explained',
        explanation: '合计含一家已注销机构的收入',
        explanationSource: `运营机构!G${total.row}`,
      }),
    ]);
  });
});

describe('explanations: a 填报说明 sheet', () => {
  it('matches an indicator named by its code', () => {
    const upload = { ...parsedUpload([coreWithNotes({})]), explanations: [entry('C01', '证书到期未续证')] };

    const outcome = validateUpload(upload, context({ previous: FELL }));

    expect(warning(outcome.issues, 'STOCK_DECREASED')).toMatchObject({
      explanationStatus: 'explained',
      explanation: '证书到期未续证',
      explanationSource: '填报说明!B40',
    });
  });

  it('matches an indicator named by its name, with small variations', () => {
    const upload = {
      ...parsedUpload([coreWithNotes({})]),
      explanations: [entry('知识产权管理规范贯标单位 数', '证书到期未续证')],
    };

    const outcome = validateUpload(upload, context({ previous: FELL }));

    expect(warning(outcome.issues, 'STOCK_DECREASED')).toMatchObject({ explanationStatus: 'explained' });
  });

  it('matches a 合计 row by its sheet, and joins several explanations of one warning', () => {
    const sheet = detailSheet('agencies', [agency(1, { revenueYtd: 1200 })], { total: { revenueYtd: 1300 } });
    const upload = {
      ...parsedUpload([sheet]),
      explanations: [entry('运营机构', '合计为快报数', 41), entry('运营机构合计', '明细为年报数', 42)],
    };

    const outcome = validateUpload(upload, context());

    expect(warning(outcome.issues, 'TOTAL_MISMATCH')).toMatchObject({
      explanationStatus: 'explained',
      explanation: '合计为快报数；明细为年报数',
      explanationSource: '填报说明!B41、填报说明!B42',
    });
  });

  it('prefers the row’s own 备注 and does not explain other indicators’ warnings', () => {
    const upload = {
      ...parsedUpload([coreWithNotes({ C01: '本行说明' })]),
      explanations: [entry('C01', '表中说明'), entry('B01', '与本警告无关')],
    };

    const outcome = validateUpload(upload, context({ previous: FELL }));

    expect(warning(outcome.issues, 'STOCK_DECREASED')).toMatchObject({ explanation: '本行说明' });
  });

  it('warns about an explanation that names no indicator or sheet, so that it is not lost silently', () => {
    const upload = {
      ...parsedUpload([coreWithNotes({})]),
      explanations: [entry('第三项', '数据已核实', 44)],
    };

    const outcome = validateUpload(upload, context({ previous: FELL }));

    expect(warning(outcome.issues, 'STOCK_DECREASED')).toMatchObject({ explanationStatus: 'pending' });
    expect(warning(outcome.issues, 'EXPLANATION_SUBJECT_UNKNOWN')).toMatchObject({
      severity: 'warning',
      sheet: '填报说明',
      row: 44,
      value: '第三项',
    });
    expect(warning(outcome.issues, 'EXPLANATION_SUBJECT_UNKNOWN')?.message).toContain('“第三项”');
  });
});

describe('explanations: which warnings ask for one', () => {
  it('are the five verification warnings, and no error or other warning', () => {
    expect([...EXPLAINABLE_CODES].sort()).toEqual([
      'COUNT_COMPANION_ZERO',
      'DERIVED_MISMATCH',
      'STOCK_DECREASED',
      'TOTAL_MISMATCH',
      'VALUE_OUTLIER',
    ]);
    expect(asksForExplanation({ code: 'LATE_UPLOAD', severity: 'warning' })).toBe(false);
  });

  it('gives other warnings no explanation state', () => {
    const { C01: _left, ...missing } = CLEAN_CORE;
    const outcome = validateUpload(parsedUpload([coreWithNotes({}, missing)]), context());

    expect(warning(outcome.issues, 'INDICATORS_MISSING')).not.toHaveProperty('explanationStatus');
  });

  it('counts verification warnings by state in the report', () => {
    const upload = { ...parsedUpload([coreWithNotes({ C01: '已核实' }, ZERO_COUNT)]) };
    const outcome = validateUpload(upload, context({ previous: FELL }));

    const report = buildValidationReport(outcome, {
      uploadId: 'u1',
      city: '440300',
      period: '2024Q3',
      file: '深圳2024Q3.xlsx',
      receivedAt: '2024-10-10T02:00:00Z',
    });

    expect(report.explanations).toEqual({ explained: 1, pending: 1 });
  });

  it('treats a verification warning of an older report without state as 待说明 unless it has text', () => {
    const old = { severity: 'warning' as const, code: 'VALUE_OUTLIER', sheet: '核心指标', message: '…' };

    expect(isPendingExplanation(old)).toBe(true);
    expect(isPendingExplanation({ ...old, explanation: '已核实' })).toBe(false);
    expect(isPendingExplanation({ ...old, code: 'LATE_UPLOAD' })).toBe(false);
  });
});

describe('explanationSubject', () => {
  it.each([
    ['A04', { indicator: 'A04' }],
    ['d01', { indicator: 'D01' }],
    ['D01 知识产权质押融资金额', { indicator: 'D01' }],
    ['知识产权质押融资金额（D01）', { indicator: 'D01' }],
    ['专利申请', { indicator: 'B01' }],
    ['重点企业', { sheet: 'enterprises' }],
    ['高价值专利组合表合计行', { sheet: 'portfolios' }],
  ])('reads %s', (text, subject) => {
    expect(explanationSubject(text)).toEqual(subject);
  });

  it.each(['第三项', 'A99', '典型案例', ''])('names nothing in %j', (text) => {
    expect(explanationSubject(text)).toBeUndefined();
  });
});
