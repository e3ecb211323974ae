/**
 * The workbooks as printed: LibreOffice turns the national, a province and a city workbook and
 * the template into PDF, and the pages are read back as text (pdftotext). Skipped only where
 * LibreOffice is not installed (`.ci/run` installs libreoffice-calc-nogui, fonts-noto-cjk and
 * poppler-utils).
 *
 * - No page holds only columns cut off the right of a table: with one page width, every page
 *   carries text of its sheet's column A (codes, names, titles).
 * - The template's 核心指标 prints on one page width: every page listing indicators has 本期值.
 * - 目标完成 prints across pages, whole targets beside the city names on each (not at 25 %).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { writeCityWorkbook } from '#shared/reports/cityWorkbook.ts';
import { TARGET_KEYS, targetLabel } from '#shared/reports/labels.ts';
import { writeNationalWorkbook, writeProvinceWorkbook } from '#shared/reports/nationalWorkbook.ts';
import { buildTemplateWorkbook } from '#shared/template/buildTemplate.ts';
import { aCity, aNationalRollup } from './rollupBuilder.ts';
import { readWorkbook } from './workbookReader.ts';

const run = promisify(execFile);

function installed(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canRender = installed('soffice') && installed('pdftotext');
const directory = mkdtempSync(join(tmpdir(), 'ipstats-pdf-'));
const RENDER_TIMEOUT_MS = 240_000;

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Text of each printed page, whitespace removed. */
async function printedPages(name: string, bytes: Buffer): Promise<string[]> {
  const xlsx = join(directory, `${name}.xlsx`);
  writeFileSync(xlsx, bytes);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(directory, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      directory,
      xlsx,
    ],
    { timeout: RENDER_TIMEOUT_MS },
  );
  const { stdout } = await run('pdftotext', [join(directory, `${name}.pdf`), '-']);
  return stdout
    .split('\f')
    .map((page) => page.replace(/\s+/g, ''))
    .filter((page) => page.length > 0);
}

/** Texts of column A of every sheet: a page that shows none of them holds only cut-off columns. */
async function columnATexts(bytes: Buffer): Promise<string[]> {
  const workbook = await readWorkbook(bytes);
  const texts = new Set<string>();
  for (const worksheet of workbook.worksheets)
    worksheet.getColumn(1).eachCell((cell) => {
      const text = String(cell.value ?? '').replace(/\s+/g, '');
      if (text.length >= 2) texts.add(text.slice(0, 12));
    });
  return [...texts];
}

async function expectNoCutOffPages(name: string, bytes: Buffer): Promise<string[]> {
  const pages = await printedPages(name, bytes);
  const anchors = await columnATexts(bytes);
  expect(pages.length).toBeGreaterThan(0);
  pages.forEach((page, index) => {
    expect(
      anchors.some((anchor) => page.includes(anchor)),
      `${name} page ${index + 1} shows no column-A text: ${page.slice(0, 80)}`,
    ).toBe(true);
    expect(page, `${name} page ${index + 1}`).toContain(`第${index + 1}页，共${pages.length}页`);
  });
  return pages;
}

/**
 * 目标完成 (58 columns) prints across pages rather than shrunk to one width: every page holds the
 * city names and whole targets only — each target's label and its 状态 column on the same page,
 * as many 状态 columns as labels — and each target is on exactly one page across.
 */
function expectTargetPagesReadable(pages: readonly string[], pageHeader: string): void {
  const targetPages = pages.filter((page) => page.includes(pageHeader));
  expect(targetPages.length).toBeGreaterThan(1);
  const labels = TARGET_KEYS.map((key) => targetLabel(key).replace(/\s+/g, ''));
  for (const [index, page] of targetPages.entries()) {
    expect(page, `目标完成 page ${index + 1}`).toContain('深圳市');
    const shown = labels.filter((label) => page.includes(label));
    expect(shown.length, `目标完成 page ${index + 1}`).toBeGreaterThan(0);
    const statusColumns = page.split('状态').length - page.split('填报状态').length;
    expect(statusColumns, `目标完成 page ${index + 1}: a target cut off`).toBe(shown.length);
  }
  for (const label of labels)
    expect(targetPages.filter((page) => page.includes(label)).length, label).toBe(1);
}

function rollup() {
  return aNationalRollup({
    cities: [
      aCity('440300', '深圳市', { province: '广东省' }),
      aCity('440100', '广州市', { province: '广东省', seed: 1 }),
      aCity('330100', '杭州市', { province: '浙江省', seed: 2 }),
      aCity('610100', '西安市', { province: '陕西省', submission: 'not_reported' }),
    ],
  });
}

describe.skipIf(!canRender)('printed workbooks (LibreOffice PDF)', () => {
  it(
    'prints the template with 核心指标 on one page width: 本期值 beside every indicator',
    async () => {
      const template = await buildTemplateWorkbook({
        registry: DEFAULT_REGISTRY,
        city: '440300',
        period: '2024Q3',
        deadlineDays: 15,
      });

      const pages = await expectNoCutOffPages('template', template);

      const core = pages.filter((page) => INDICATORS.some((definition) => page.includes(definition.name)));
      expect(core.length).toBeGreaterThan(0);
      for (const page of core.filter((page) => page.includes('产业知识产权联盟数')))
        expect(page).toContain('本期值');
    },
    RENDER_TIMEOUT_MS,
  );

  it(
    'prints the national, a province and a city workbook with no page of cut-off columns',
    async () => {
      const data = rollup();

      const national = await expectNoCutOffPages('national', await writeNationalWorkbook(data));
      expectTargetPagesReadable(national, '绩效目标完成情况（全国，2024Q3）');
      await expectNoCutOffPages('province', await writeProvinceWorkbook(data, '440000'));
      const city = await expectNoCutOffPages('city', await writeCityWorkbook(data, '440300'));

      expect(city.some((page) => page.includes('深圳市需关注的目标与事项'))).toBe(true);
      expect(readFileSync(join(directory, 'city.pdf')).subarray(0, 4).toString()).toBe('%PDF');
    },
    RENDER_TIMEOUT_MS * 3,
  );
});
