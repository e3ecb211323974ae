/**
 * Upload files for the portal tests: a city's figures of the demo's last quarter sent again for the
 * next quarter (no stock falls, no outliers: a clean 通过), or spoiled in 核心指标.
 */
import { DEMO_PERIODS, type DemoContent, generateDemoDataset } from '#demo/dataset.ts';
import { writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';

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
