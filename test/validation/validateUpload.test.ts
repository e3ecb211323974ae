import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '#shared/domain/validation.ts';
import { validateUpload } from '#shared/validation/validateUpload.ts';
import {
  agency,
  CLEAN_CORE,
  context,
  coreRowOf,
  coreSheet,
  detailSheet,
  enterprise,
  FILE_NAME,
  lock,
  parsedUpload,
  portfolio,
  readingError,
  typicalCase,
  uscc,
} from './builders.ts';

const codes = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.code);

describe('validateUpload: a clean upload', () => {
  it('accepts every sheet of a consistent upload without issues', () => {
    const parsed = parsedUpload([
      coreSheet(CLEAN_CORE),
      detailSheet('agencies', [agency(1), agency(2)]),
      detailSheet('cases', [typicalCase(1)]),
    ]);

    const outcome = validateUpload(parsed, context());

    expect(outcome.issues).toEqual([]);
    expect(outcome.status).toBe('accepted');
    expect(outcome.late).toBe(false);
    expect(outcome.sheets).toEqual([
      { kind: 'core', name: '核心指标', status: 'accepted', rows: 29 },
      { kind: 'agencies', name: '运营机构', status: 'accepted', rows: 2 },
      { kind: 'cases', name: '典型案例', status: 'accepted', rows: 1 },
    ]);
    expect(outcome.accepted.map((sheet) => [sheet.kind, sheet.records.length, sheet.warnings])).toEqual([
      ['core', 29, 0],
      ['agencies', 2, 0],
      ['cases', 1, 0],
    ]);
    expect(outcome.accepted[0]?.aggregates.indicators?.B01).toBe(1000);
  });

  it('lists 基本信息 as a sheet when the workbook has it', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], {
      info: { cityCode: '440300', cityName: '深圳市', period: '2024Q3', contactPerson: '张三' },
    });

    const outcome = validateUpload(parsed, context());

    expect(outcome.sheets[0]).toEqual({ kind: 'info', name: '基本信息', status: 'accepted', rows: 4 });
    expect(outcome.accepted.map((sheet) => sheet.kind)).toEqual(['core']);
  });
});

describe('validateUpload: statuses', () => {
  it('rejects only the sheet with a reading error and keeps the others', () => {
    const parsed = parsedUpload(
      [coreSheet(CLEAN_CORE), detailSheet('agencies', [agency(1)], { rowsRead: 2 })],
      {
        issues: [readingError('运营机构', 3, 'D3')],
      },
    );

    const outcome = validateUpload(parsed, context());

    expect(outcome.status).toBe('partially_accepted');
    expect(outcome.sheets.map((sheet) => [sheet.name, sheet.status, sheet.rows])).toEqual([
      ['核心指标', 'accepted', 29],
      ['运营机构', 'rejected', 2],
    ]);
    expect(outcome.accepted.map((sheet) => sheet.kind)).toEqual(['core']);
  });

  it('calls an upload whose 核心指标 is rejected partially accepted, never accepted with warnings', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE), detailSheet('agencies', [agency(1)])], {
      issues: [{ ...readingError('运营机构', 3, 'D3'), sheet: '核心指标' }],
    });

    const outcome = validateUpload(parsed, context());

    expect(outcome.status).toBe('partially_accepted');
    expect(outcome.accepted.map((sheet) => sheet.kind)).toEqual(['agencies']);
    expect(outcome.sheets.find((sheet) => sheet.kind === 'core')?.status).toBe('rejected');
  });

  it('rejects the upload when no sheet is acceptable', () => {
    const parsed = parsedUpload([detailSheet('agencies', [agency(1)], { rowsRead: 2 })], {
      issues: [readingError('运营机构', 3, 'D3')],
    });

    const outcome = validateUpload(parsed, context());

    expect(outcome.status).toBe('rejected');
    expect(outcome.accepted).toEqual([]);
  });

  it('rejects every sheet when there is a file-level error', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE), detailSheet('agencies', [agency(1)])]);

    const outcome = validateUpload(parsed, context({ city: '999999' }));

    expect(outcome.status).toBe('rejected');
    expect(outcome.sheets.every((sheet) => sheet.status === 'rejected')).toBe(true);
    expect(outcome.accepted).toEqual([]);
  });

  it('marks a sheet with a warning as accepted with warnings and counts its warnings', () => {
    const parsed = parsedUpload([
      coreSheet(CLEAN_CORE),
      detailSheet('cases', [typicalCase(1), typicalCase(1)]),
    ]);

    const outcome = validateUpload(parsed, context());

    expect(outcome.status).toBe('accepted_with_warnings');
    expect(outcome.sheets.find((sheet) => sheet.kind === 'cases')?.status).toBe('accepted_with_warnings');
    expect(outcome.accepted.find((sheet) => sheet.kind === 'cases')?.warnings).toBe(1);
    expect(outcome.accepted.find((sheet) => sheet.kind === 'core')?.warnings).toBe(0);
  });

  it('reports an upload without any data sheet', () => {
    const outcome = validateUpload(
      parsedUpload([], { info: { cityCode: '440300', period: '2024Q3' } }),
      context(),
    );

    expect(codes(outcome.issues)).toEqual(['NO_DATA_SHEET']);
    expect(outcome.status).toBe('rejected');
  });

  it('lists a sheet the reader could not read as rejected', () => {
    const headerNotFound: ValidationIssue = {
      severity: 'error',
      code: 'HEADER_NOT_FOUND',
      sheet: '重点企业',
      message: '未找到表头行',
    };
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], { issues: [headerNotFound] });

    const outcome = validateUpload(parsed, context());

    expect(outcome.sheets).toContainEqual({
      kind: 'enterprises',
      name: '重点企业',
      status: 'rejected',
      rows: 0,
    });
    expect(outcome.accepted.map((sheet) => sheet.kind)).toEqual(['core']);
  });

  it('orders errors before warnings, file-level issues first', () => {
    const parsed = parsedUpload([
      coreSheet({ ...CLEAN_CORE, B02: 1200 }),
      detailSheet('cases', [typicalCase(1), typicalCase(1)]),
    ]);

    const outcome = validateUpload(
      parsed,
      context({ receivedAt: new Date('2024-11-01T00:00:00Z'), locks: [lock('2024Q3', '440300')] }),
    );

    expect(codes(outcome.issues)).toEqual([
      'PERIOD_LOCKED',
      'INDICATOR_EXCEEDS',
      'LATE_UPLOAD',
      'DUPLICATE_CASE',
    ]);
  });
});

describe('validateUpload: upload target', () => {
  it('rejects an upload for a locked period', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ locks: [lock('2024Q3', '*')] }),
    );

    expect(outcome.issues).toMatchObject([{ code: 'PERIOD_LOCKED', severity: 'error', sheet: FILE_NAME }]);
    expect(outcome.status).toBe('rejected');
  });

  it('rejects an upload before its quarter started', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ period: '2024Q4', receivedAt: new Date('2024-09-30T15:59:59Z') }),
    );

    expect(codes(outcome.issues)).toEqual(['PERIOD_FUTURE']);
    expect(outcome.status).toBe('rejected');
  });
});

describe('validateUpload: 基本信息', () => {
  it('rejects the whole upload when 基本信息 names another city', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], { info: { cityCode: '440100', period: '2024Q3' } });

    const outcome = validateUpload(parsed, context());

    expect(outcome.issues).toEqual([
      {
        severity: 'error',
        code: 'INFO_CITY_MISMATCH',
        sheet: '基本信息',
        row: 2,
        column: '内容',
        cell: 'B2',
        value: '440100',
        message: '基本信息中的城市代码 440100 与上传路径中的城市代码 440300 不一致',
      },
    ]);
    expect(outcome.status).toBe('rejected');
    expect(outcome.accepted).toEqual([]);
  });

  it('rejects the whole upload when 基本信息 names another period', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], {
      info: { cityCode: '440300', period: '2024年第二季度' },
    });

    const outcome = validateUpload(parsed, context());

    expect(outcome.issues).toMatchObject([
      { code: 'INFO_PERIOD_MISMATCH', cell: 'B4', value: '2024年第二季度' },
    ]);
    expect(outcome.status).toBe('rejected');
  });

  it.each(['2024Q3', '2024q3', '2024-Q3', '2024年第三季度', '2024年第3季度', '2024年三季度', ' 2024Q3 '])(
    'accepts the period written as %s',
    (written) => {
      const parsed = parsedUpload([coreSheet(CLEAN_CORE)], { info: { cityCode: '440300', period: written } });

      expect(validateUpload(parsed, context()).issues).toEqual([]);
    },
  );

  it('warns when the city name does not look like the registry name', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], {
      info: { cityCode: '440300', cityName: '广州市' },
    });

    const outcome = validateUpload(parsed, context());

    expect(outcome.issues).toMatchObject([
      { code: 'INFO_CITY_NAME_MISMATCH', severity: 'warning', cell: 'B3' },
    ]);
    expect(outcome.status).toBe('accepted_with_warnings');
  });

  it('accepts the city name without its 市 suffix', () => {
    const parsed = parsedUpload([coreSheet(CLEAN_CORE)], { info: { cityCode: '440300', cityName: '深圳' } });

    expect(validateUpload(parsed, context()).issues).toEqual([]);
  });
});

describe('validateUpload: duplicate rows', () => {
  it('rejects 核心指标 with the same indicator twice, pointing at the later row', () => {
    const sheet = coreSheet(CLEAN_CORE);
    sheet.rows.push({
      ...sheet.rows[0]!,
      row: 31,
      cells: { code: { row: 31, column: '指标代码', cell: 'A31' } },
    });
    sheet.rowsRead += 1;

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toEqual([
      {
        severity: 'error',
        code: 'DUPLICATE_INDICATOR',
        sheet: '核心指标',
        row: 31,
        column: '指标代码',
        cell: 'A31',
        value: 'A01',
        message: '指标 A01 产业知识产权联盟数 重复填报（第 2 行已填）',
      },
    ]);
    expect(outcome.status).toBe('rejected');
  });

  it.each(['agencies', 'enterprises'] as const)('rejects %s with the same credit code twice', (kind) => {
    const records =
      kind === 'agencies'
        ? [agency(1), agency(2), agency(3, { uscc: uscc(1) })]
        : [enterprise(1), enterprise(2, { uscc: uscc(1001) })];
    const sheet =
      kind === 'agencies'
        ? detailSheet('agencies', records as ReturnType<typeof agency>[])
        : detailSheet('enterprises', records as ReturnType<typeof enterprise>[]);
    const duplicateRow = records.length + 1;

    const outcome = validateUpload(parsedUpload([coreSheet(CLEAN_CORE), sheet]), context());

    expect(outcome.issues).toMatchObject([
      {
        code: 'DUPLICATE_USCC',
        severity: 'error',
        sheet: sheet.name,
        row: duplicateRow,
        cell: `B${duplicateRow}`,
        message: expect.stringContaining('第 2 行已填'),
      },
    ]);
    expect(outcome.sheets.find((summary) => summary.kind === kind)?.status).toBe('rejected');
    expect(outcome.accepted.map((accepted) => accepted.kind)).toEqual(['core']);
  });

  it('tells tens of thousands of credit codes apart and points each repeat at the row it repeats', () => {
    // Rows 2 … 20001 hold enterprises 1 … 20000 (more than the code table's first size holds);
    // rows 20002 and 20003 repeat enterprises 17 and 14500.
    const records = Array.from({ length: 20_000 }, (_, index) => enterprise(index + 1));
    records.push(enterprise(90_001, { uscc: uscc(1017) }), enterprise(90_002, { uscc: uscc(15_500) }));

    const outcome = validateUpload(parsedUpload([detailSheet('enterprises', records)]), context());

    expect(outcome.issues.map((issue) => [issue.code, issue.row, issue.value])).toEqual([
      ['DUPLICATE_USCC', 20_002, uscc(1017)],
      ['DUPLICATE_USCC', 20_003, uscc(15_500)],
    ]);
    expect(outcome.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('第 18 行已填'),
      expect.stringContaining('第 14501 行已填'),
    ]);
  });

  it('keeps the first 1,000 repeats of a sheet and counts the others', () => {
    const records = Array.from({ length: 1500 }, (_, index) => enterprise(index + 1, { uscc: uscc(7) }));

    const outcome = validateUpload(parsedUpload([detailSheet('enterprises', records)]), context());

    expect(outcome.issues).toHaveLength(1000);
    expect(outcome.issues.at(-1)).toMatchObject({ code: 'DUPLICATE_USCC', row: 1002 });
    expect(outcome.omitted).toEqual([
      { sheet: '重点企业', code: 'DUPLICATE_USCC', severity: 'error', count: 499 },
    ]);
  });

  it('compares credit codes without width or case differences', () => {
    const sheet = detailSheet('agencies', [agency(1), agency(2, { uscc: ` ${uscc(1).toLowerCase()}` })]);

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toMatchObject([{ code: 'DUPLICATE_USCC', row: 3 }]);
  });

  it('rejects 高价值专利组合 with the same portfolio name twice, ignoring spaces', () => {
    const sheet = detailSheet('portfolios', [
      portfolio(1, { name: '电池 专利组合' }),
      portfolio(2, { name: '电池专利组合' }),
    ]);

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toMatchObject([
      { code: 'DUPLICATE_PORTFOLIO', severity: 'error', row: 3, cell: 'A3', value: '电池专利组合' },
    ]);
  });

  it('only warns about a repeated case title, keeping the cases', () => {
    const sheet = detailSheet('cases', [
      typicalCase(1),
      typicalCase(2),
      typicalCase(1, { category: '贯标' }),
    ]);

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toMatchObject([
      { code: 'DUPLICATE_CASE', severity: 'warning', row: 4, cell: 'A4' },
    ]);
    expect(outcome.accepted[0]?.records).toHaveLength(3);
  });
});

describe('validateUpload: cross-field rules', () => {
  it.each([
    ['B02', 'B01'],
    ['B04', 'B03'],
    ['D03', 'D02'],
    ['E02', 'E01'],
  ])('rejects %s greater than %s', (part, whole) => {
    const values = { ...CLEAN_CORE, [part]: (CLEAN_CORE[whole] ?? 0) + 1 };

    const outcome = validateUpload(parsedUpload([coreSheet(values)]), context());

    const row = coreRowOf(values, part);
    expect(outcome.issues).toMatchObject([
      {
        code: 'INDICATOR_EXCEEDS',
        severity: 'error',
        sheet: '核心指标',
        row,
        cell: `D${row}`,
        column: '本期值',
      },
    ]);
    expect(outcome.issues[0]?.message).toContain(`（${whole}）`);
    expect(outcome.status).toBe('rejected');
  });

  it('accepts a part equal to its whole', () => {
    const outcome = validateUpload(parsedUpload([coreSheet({ ...CLEAN_CORE, B02: 1000 })]), context());

    expect(outcome.issues).toEqual([]);
  });
});

describe('validateUpload: 合计 rows', () => {
  it('warns once per column whose 合计 differs from the sum of the rows', () => {
    const sheet = detailSheet(
      'agencies',
      [
        agency(1, { revenueYtd: 1200.5, revenueLastYear: 900 }),
        agency(2, { revenueYtd: 300, revenueLastYear: 100 }),
      ],
      {
        total: { revenueYtd: 1500.5, revenueLastYear: 1100 },
      },
    );

    const outcome = validateUpload(parsedUpload([sheet]), context());

    expect(outcome.issues).toEqual([
      {
        severity: 'warning',
        code: 'TOTAL_MISMATCH',
        sheet: '运营机构',
        row: 4,
        column: '上年度主营业务收入',
        cell: 'F4',
        value: '1100',
        message: '合计行“上年度主营业务收入”为 1,100，各行合计为 1,000，两者不一致',
        explanationStatus: 'pending',
      },
    ]);
    expect(outcome.status).toBe('accepted_with_warnings');
  });

  it('tolerates a 合计 rounded to two decimals', () => {
    const sheet = detailSheet(
      'agencies',
      [agency(1, { revenueYtd: 10.1234 }), agency(2, { revenueYtd: 20.0021 })],
      { total: { revenueYtd: 30.13 } },
    );

    expect(validateUpload(parsedUpload([sheet]), context()).issues).toEqual([]);
  });
});

describe('validateUpload: declared against derived', () => {
  it('warns when the declared A04 differs from the agencies counted in 运营机构', () => {
    // Qualifying: 1000 本年累计 (boundary) and 上年度 1500; not: 999.99 with 上年度 999.
    const agencies = detailSheet('agencies', [
      agency(1, { revenueYtd: 1000 }),
      agency(2, { revenueYtd: 200, revenueLastYear: 1500 }),
      agency(3, { revenueYtd: 999.99, revenueLastYear: 999 }),
    ]);
    const values = { ...CLEAN_CORE, A04: 3 };

    const outcome = validateUpload(parsedUpload([coreSheet(values), agencies]), context());

    expect(outcome.issues).toMatchObject([
      {
        code: 'DERIVED_MISMATCH',
        severity: 'warning',
        sheet: '核心指标',
        row: coreRowOf(values, 'A04'),
        value: '3',
        message: expect.stringContaining('计算为 2'),
      },
    ]);
  });

  it('accepts a declared B07 equal to the qualifying portfolios', () => {
    const portfolios = detailSheet('portfolios', [
      portfolio(1, { inventionPatents: 50, pctApplications: 10 }),
      portfolio(2, { inventionPatents: 49, pctApplications: 30 }),
      portfolio(3, { inventionPatents: 80, pctApplications: 9 }),
    ]);

    const outcome = validateUpload(
      parsedUpload([coreSheet({ ...CLEAN_CORE, B07: 1 }), portfolios]),
      context(),
    );

    expect(outcome.issues).toEqual([]);
  });

  it('warns when the declared B07 differs from the qualifying portfolios', () => {
    const portfolios = detailSheet('portfolios', [
      portfolio(1, { inventionPatents: 60, pctApplications: 12 }),
    ]);

    const outcome = validateUpload(
      parsedUpload([coreSheet({ ...CLEAN_CORE, B07: 4 }), portfolios]),
      context(),
    );

    expect(outcome.issues).toMatchObject([
      {
        code: 'DERIVED_MISMATCH',
        message: expect.stringContaining('高价值专利组合数（B07）填报 4，按“高价值专利组合”表计算为 1'),
      },
    ]);
  });

  it('does not compare with a detail sheet that is rejected', () => {
    const agencies = detailSheet('agencies', [agency(1, { revenueYtd: 5000 })], { rowsRead: 2 });
    const parsed = parsedUpload([coreSheet({ ...CLEAN_CORE, A04: 2 }), agencies], {
      issues: [readingError('运营机构', 3, 'D3')],
    });

    expect(codes(validateUpload(parsed, context()).issues)).toEqual(['REQUIRED_EMPTY']);
  });
});

describe('validateUpload: missing indicators', () => {
  it('warns once, naming each missing indicator, and never asks for the derived ones', () => {
    const { B05, D05, ...rest } = CLEAN_CORE;

    const outcome = validateUpload(parsedUpload([coreSheet({ ...rest, E03: undefined })]), context());

    expect(outcome.issues).toEqual([
      {
        severity: 'warning',
        code: 'INDICATORS_MISSING',
        sheet: '核心指标',
        value: 'B05,D05,E03',
        message:
          '核心指标缺少以下指标，视为未报送（不按 0 处理）：B05 PCT国际专利申请量、D05 知识产权证券化融资金额、E03 地方配套资金投入金额',
      },
    ]);
    expect(outcome.accepted[0]?.aggregates.indicators).not.toHaveProperty('B05');
  });
});

describe('validateUpload: amounts and counts', () => {
  it.each([
    ['C04', 'C03'],
    ['D01', 'D02'],
  ])('warns about %s > 0 with %s = 0', (amount, count) => {
    const values = { ...CLEAN_CORE, [count]: 0, D03: 0 };

    const outcome = validateUpload(parsedUpload([coreSheet(values)]), context());

    expect(outcome.issues).toMatchObject([
      { code: 'COUNT_COMPANION_ZERO', severity: 'warning', row: coreRowOf(values, amount) },
    ]);
  });

  it('accepts a zero amount beside a zero count', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet({ ...CLEAN_CORE, D01: 0, D02: 0, D03: 0 })]),
      context(),
    );

    expect(outcome.issues).toEqual([]);
  });
});

describe('validateUpload: previous quarter', () => {
  const previous = (indicators: Record<string, number>) => ({
    period: '2024Q2',
    sheets: { core: { rows: 29, indicators } },
  });

  it('warns about a stock indicator lower than last quarter', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ previous: previous({ C01: 71, B01: 5000 }) }),
    );

    expect(outcome.issues).toMatchObject([
      {
        code: 'STOCK_DECREASED',
        severity: 'warning',
        row: coreRowOf(CLEAN_CORE, 'C01'),
        message: expect.stringContaining('低于上一季度（2024Q2）的 71'),
      },
    ]);
  });

  it('warns about a value more than ten times or less than a tenth of last quarter', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ previous: previous({ D01: 299, D04: 15_001, B01: 100, B02: 4000 }) }),
    );

    expect(outcome.issues.map((issue) => [issue.code, issue.value])).toEqual([
      ['VALUE_OUTLIER', '3000'],
      ['VALUE_OUTLIER', '1500'],
    ]);
  });

  it('does not compare rates', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ previous: previous({ E04: 0.5 }) }),
    );

    expect(outcome.issues).toEqual([]);
  });
});

describe('validateUpload: deadline', () => {
  it('warns about an upload after the deadline and marks it late', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ receivedAt: new Date('2024-10-15T16:00:00Z') }),
    );

    expect(outcome.issues).toEqual([
      {
        severity: 'warning',
        code: 'LATE_UPLOAD',
        sheet: FILE_NAME,
        message: '报告期 2024Q3 的报送截止时间为 2024-10-15 23:59（北京时间），本次为迟报',
      },
    ]);
    expect(outcome.late).toBe(true);
    expect(outcome.status).toBe('accepted_with_warnings');
    expect(outcome.accepted[0]?.warnings).toBe(0);
  });

  it('is on time up to the last millisecond of the deadline day', () => {
    const outcome = validateUpload(
      parsedUpload([coreSheet(CLEAN_CORE)]),
      context({ receivedAt: new Date('2024-10-15T15:59:59.999Z') }),
    );

    expect(outcome.late).toBe(false);
    expect(outcome.issues).toEqual([]);
  });

  it('uses the configured number of days', () => {
    const outcome = validateUpload(parsedUpload([coreSheet(CLEAN_CORE)]), context({ deadlineDays: 5 }));

    expect(outcome.late).toBe(true);
  });
});
