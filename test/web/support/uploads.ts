/**
 * Upload files for the portal tests: a city's figures of the demo's last quarter sent again for the
 * next quarter (no stock falls, no outliers: a clean 通过), or spoiled in 核心指标 (退回), in
 * 重点企业 (部分通过) or with amounts beside zero counts (verification warnings).
 */
import { DEMO_PERIODS, type DemoContent, generateDemoDataset } from '#demo/dataset.ts';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { USCC_ALPHABET, usccCheckCharacter } from '#shared/domain/uscc.ts';

export function carriedForward(city: string, period: string): DemoContent {
  const last = DEMO_PERIODS.at(-1);
  const report = generateDemoDataset().reports.find(
    (candidate) => candidate.city === city && candidate.period === last,
  );
  if (!report) throw new Error(`no demo report for ${city} ${last}`);
  return { ...report.content, info: { ...report.content.info, period } };
}

export async function validWorkbook(city: string, period: string): Promise<Buffer> {
  return writeUploadWorkbook(carriedForward(city, period));
}

/** Only 基本信息 and 核心指标, with a negative count and an unknown indicator code: 退回 with two located errors. */
export async function workbookWithErrors(city: string, period: string): Promise<Buffer> {
  const { info, core } = carriedForward(city, period);
  const [first, ...rest] = core;
  return writeUploadWorkbook({ info, core: [{ ...first!, value: -3 }, ...rest, { code: 'Z99', value: 1 }] });
}

/**
 * 核心指标 as in the valid file, but one enterprise's credit code with a wrong check character:
 * 重点企业 is rejected and the rest accepted, 部分通过.
 */
export async function workbookWithABadEnterprise(city: string, period: string): Promise<Buffer> {
  const content = carriedForward(city, period);
  const [first, ...rest] = content.enterprises;
  if (!first) throw new Error(`the demo has no enterprise of ${city}`);
  const check = usccCheckCharacter(first.uscc.slice(0, 17));
  const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(check) + 1) % USCC_ALPHABET.length]!;
  return writeUploadWorkbook({
    ...content,
    enterprises: [{ ...first, uscc: first.uscc.slice(0, 17) + wrong }, ...rest],
  });
}

/**
 * The valid file with no pledges counted beside the pledge financing (D01 > 0, D02 = D03 = 0, a
 * verification warning explained in D01's 备注) and no transfers counted beside the transfer
 * income (C04 > 0, C03 = 0, not explained): 通过（有警告）, one 已说明 and one 待说明.
 */
export const PLEDGE_NOTE = '质押登记手续在下季度办结，本季度已放款';

export async function workbookWithAmountsWithoutCounts(city: string, period: string): Promise<Buffer> {
  const content = carriedForward(city, period);
  const changed: Record<string, { value?: number; note?: string }> = {
    D01: { value: 500, note: PLEDGE_NOTE },
    D02: { value: 0 },
    D03: { value: 0 },
    C03: { value: 0 },
    C04: { value: 200 },
  };
  return writeUploadWorkbook({
    ...content,
    core: content.core.map((record) => ({ ...record, ...changed[record.code] })),
  });
}
