/** fast-check arbitraries of valid records, as a city would fill them in. */
import fc from 'fast-check';
import type { UploadContent } from '#demo/uploadFiles/writeUpload.ts';
import { INDICATORS, isCountUnit } from '#shared/catalogue/indicators.ts';
import { AGENCY_TYPES, CASE_CATEGORIES, ENTERPRISE_SIZES } from '#shared/catalogue/sheets.ts';
import type {
  AgencyRecord,
  CaseRecord,
  CoreIndicatorRecord,
  EnterpriseRecord,
  PortfolioRecord,
} from '#shared/domain/records.ts';
import { completeUscc, USCC_ALPHABET } from '#shared/domain/uscc.ts';

/**
 * Characters of real names and notes: Chinese, Latin, digits, full-width brackets, a separator
 * or quote that CSV must escape, and inner spaces and line breaks. (`计` and colons are left out
 * so that a name never reads as a 合计 row or a foot-note.)
 */
const TEXT_CHARACTERS = [
  ...'深圳广州市区知识产权运营服务中心有限公司科技创新专利商标组合新能源汽车芯片材料ABCxyz0129（）()-·&"\',; /',
  ' ',
  '\n',
];

export const text = fc
  .string({ unit: fc.constantFrom(...TEXT_CHARACTERS), minLength: 1, maxLength: 14 })
  .filter((value) => value.trim() === value && value.length > 0);

export const uscc = fc
  .string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 17, maxLength: 17 })
  .map(completeUscc);

/** Money in 万元 with at most four decimals (1 元). */
export const amount = fc
  .integer({ min: 0, max: 9_000_000_000 })
  .map((tenThousandths) => tenThousandths / 10_000);
export const count = fc.nat({ max: 1_000_000 });
export const rate = fc.integer({ min: -10_000, max: 1_000_000 }).map((hundredths) => hundredths / 100);
export const isoDate = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

export const coreRecords: fc.Arbitrary<CoreIndicatorRecord[]> = fc
  .subarray([...INDICATORS], { minLength: 1 })
  .chain((indicators) =>
    fc.tuple(
      ...indicators.map((indicator) => {
        const value = indicator.unit === '%' ? rate : isCountUnit(indicator.unit) ? count : amount;
        const withValue = fc.record(
          { code: fc.constant(indicator.code), value, note: text },
          { requiredKeys: ['code', 'value'] },
        );
        // A row without value is kept when it carries a note (an empty row is "not reported"),
        // and A04 / B07 are kept even when left empty.
        const noteOnly = fc.record({ code: fc.constant(indicator.code), note: text });
        const empty = fc.constant({ code: indicator.code });
        return indicator.derivedFrom
          ? fc.oneof({ weight: 4, arbitrary: withValue }, noteOnly, empty)
          : fc.oneof({ weight: 4, arbitrary: withValue }, noteOnly);
      }),
    ),
  )
  // Only A04 / B07 left empty is the untouched template: nothing submitted.
  .filter((records) => records.some((record) => 'value' in record || 'note' in record));

export const agencyRecord: fc.Arbitrary<AgencyRecord> = fc.record(
  {
    name: text,
    uscc,
    type: fc.constantFrom(...AGENCY_TYPES),
    revenueYtd: amount,
    revenueSamePeriodLastYear: amount,
    revenueLastYear: amount,
  },
  { requiredKeys: ['name', 'uscc', 'revenueYtd'] },
);

export const portfolioRecord: fc.Arbitrary<PortfolioRecord> = fc.record(
  {
    name: text,
    industry: text,
    leadUnit: text,
    leadUscc: uscc,
    inventionPatents: count,
    pctApplications: count,
    formedOn: isoDate,
  },
  { requiredKeys: ['name', 'inventionPatents', 'pctApplications'] },
);

export const enterpriseRecord: fc.Arbitrary<EnterpriseRecord> = fc.record(
  {
    name: text,
    uscc,
    industry: text,
    size: fc.constantFrom(...ENTERPRISE_SIZES),
    validInventionPatents: count,
    inventionGrants: count,
    pctApplications: count,
    madridRegistrations: count,
    licensingIncome: amount,
    pledgeFinancing: amount,
    insuranceCoverage: amount,
    certified: fc.boolean(),
    underCustody: fc.boolean(),
    recommended: fc.boolean(),
    recommendReason: text,
  },
  { requiredKeys: ['name', 'uscc'] },
);

export const caseRecord: fc.Arbitrary<CaseRecord> = fc.record(
  {
    title: text,
    category: fc.constantFrom(...CASE_CATEGORIES),
    subject: text,
    practice: text,
    outcomeMetric: text,
    outcomeValue: fc
      .integer({ min: -1_000_000_000, max: 1_000_000_000 })
      .map((hundredths) => hundredths / 100),
    outcomeUnit: text,
    recommended: fc.boolean(),
  },
  { requiredKeys: ['title', 'category', 'practice'] },
);

const rows = <T>(record: fc.Arbitrary<T>) => fc.array(record, { minLength: 1, maxLength: 6 });

/** Upload content with some or all sheet kinds, each with at least one row (a header alone is not a submission). */
export const uploadContent: fc.Arbitrary<UploadContent> = fc
  .record(
    {
      core: coreRecords,
      agencies: rows(agencyRecord),
      portfolios: rows(portfolioRecord),
      enterprises: rows(enterpriseRecord),
      cases: rows(caseRecord),
    },
    { requiredKeys: [] },
  )
  .filter((content) => Object.keys(content).length > 0);
