/**
 * The portal in a real browser (Debian's chromium through playwright-core) against `ipstats serve
 * --demo` on a random loopback port, its clock at 2024-12-20 so that 2024Q4 is the open quarter.
 * Every page is scanned by axe (no serious or critical violation) and screenshotted into
 * artefacts/web/. One server for the whole file: the demo takes a minute or two to load.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersFile, usersFileOf } from '#cli/serve/usersFile.ts';
import { hashPassword } from '#shared/auth/passwords.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { laptopContext, launchBrowser, screenshot, seriousViolations } from './support/browser.ts';
import { type DemoServer, startDemoServer } from './support/serve.ts';
import {
  PLEDGE_NOTE,
  validWorkbook,
  workbookWithABadEnterprise,
  workbookWithAmountsWithoutCounts,
  workbookWithErrors,
} from './support/uploads.ts';

const CITY = '440300';
const OTHER_CITY = '330100';
const OPEN_QUARTER = '2024Q4';
const REPORTED_QUARTER = '2024Q3';
const PASSWORD = process.env.IPSTATS_DEMO_PASSWORD ?? 'demo1234';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  // PORTAL_URL: a server already running with the same --now (for working on the portal).
  const reuse = process.env.PORTAL_URL;
  [server, browser] = await Promise.all([
    reuse ? { url: reuse, stop: async () => {} } : startDemoServer({ now: '2024-12-20T10:00:00+08:00' }),
    launchBrowser(),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
}, 60_000);

async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await laptopContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出' }).waitFor();
  return { context, page };
}

/** Waits until nothing is loading, then the axe scan and the screenshot. */
async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForFunction('!document.querySelector(".loading, [aria-busy=true]")');
  for (const chart of await page.locator('[data-chart]').all()) await chart.locator('svg').first().waitFor();
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

/** Waits for the chart titled `title` (drawn as SVG, its title in Chinese text) and returns how many charts the page has. */
async function chartDrawn(page: Page, title: string | RegExp): Promise<number> {
  const chart = page.locator('[role="img"][data-chart]', {
    has: page.locator('svg text', { hasText: title }),
  });
  await chart.first().waitFor();
  await expect(chart.first().getAttribute('aria-label')).resolves.toMatch(title);
  return page.locator('[role="img"][data-chart] svg').count();
}

async function saved(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

const ZIP_MAGIC = 'PK';

async function apiToken(username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function chooseAndUpload(page: Page, fileName: string, body: Buffer): Promise<void> {
  await page.getByLabel('选择文件').setInputFiles({
    name: fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: body,
  });
  await page.getByRole('button', { name: '上传', exact: true }).click();
}

describe('sign-in', () => {
  it('offers 用户名, 密码 and 登录, and says so in Chinese when the password is wrong', async () => {
    const context = await laptopContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await checkPage(page, '01-登录');

    await page.getByLabel('用户名').fill(`city-${CITY}`);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();

    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await context.close();
  });

  it('asks a user added with an initial password for a new one, and signs them in with it', async () => {
    if (!server.state) throw new Error('this test adds a user to its own server: unset PORTAL_URL');
    await createUsersFile(usersFileOf(server.state)).put({
      username: 'sz-new-clerk',
      role: 'city',
      city: CITY,
      passwordHash: await hashPassword('initial-by-phone'),
      createdAt: new Date().toISOString(),
      mustChangePassword: true,
    });
    const context = await laptopContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('用户名').fill('sz-new-clerk');
    await page.getByLabel('密码').fill('initial-by-phone');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '设置新密码' }).waitFor();
    await checkPage(page, '01b-设置新密码');
    const submit = page.getByRole('button', { name: '设置新密码并登录' });

    await page.getByLabel('新密码', { exact: true }).fill('my own password 1');
    await page.getByLabel('再次输入新密码').fill('my own password 2');
    await submit.click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('两次输入的新密码不一致');
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await submit.click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('密码至少 8 个字符');
    await page.getByLabel('新密码', { exact: true }).fill('my own password 1');
    await page.getByLabel('再次输入新密码').fill('my own password 1');
    await submit.click();

    await page.getByRole('button', { name: '退出' }).waitFor();
    expect(
      (await createUsersFile(usersFileOf(server.state)).find('sz-new-clerk'))?.mustChangePassword,
    ).toBeUndefined();
    await context.close();
  });
});

describe('a city bureau', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await signedIn(`city-${CITY}`));
  });
  afterAll(() => context?.close());

  it('sees the open quarter, its deadline and what is missing, and downloads the template', async () => {
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      '本期填报 · 深圳市',
    );
    await page.getByRole('heading', { name: /报告期 2024Q4/ }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toMatch(/2025\/01\/15 23:59.*还剩 26 天/);
    const core = page.getByRole('row', { name: /核心指标/ });
    await expect(core.textContent()).resolves.toContain('尚未收到');
    await checkPage(page, '02-城市-本期填报');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载填报模板' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe(`填报模板-${CITY}-${OPEN_QUARTER}.xlsx`);
    expect((await saved(download)).subarray(0, 2).toString()).toBe(ZIP_MAGIC);
  });

  it('uploads a valid workbook and sees 通过 without reloading', async () => {
    await page.getByRole('link', { name: '上传', exact: true }).click();
    await expect(page.getByLabel('报告期', { exact: true }).inputValue()).resolves.toBe(OPEN_QUARTER);
    const url = page.url();

    await chooseAndUpload(
      page,
      `深圳市${OPEN_QUARTER}统计报表.xlsx`,
      await validWorkbook(CITY, OPEN_QUARTER),
    );

    const status = page.locator('.result-title .status');
    await status.waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toBe('通过');
    expect(page.url()).toBe(url);
    await checkPage(page, '03-城市-上传-通过');
  });

  it('uploads a workbook with errors: 退回, every error located by sheet, row and column, the annotated workbook', async () => {
    await chooseAndUpload(
      page,
      `深圳市${OPEN_QUARTER}统计报表-有误.xlsx`,
      await workbookWithErrors(CITY, OPEN_QUARTER),
    );

    const status = page.locator('.result-title .status');
    await page.getByText('文件被退回').waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toBe('退回');
    const errors = page.locator('table.issues tbody tr', { hasText: '错误' });
    expect(await errors.count()).toBeGreaterThanOrEqual(2);
    const negative = page.locator('table.issues tbody tr', { hasText: '-3' });
    await expect(negative.locator('td').nth(1).textContent()).resolves.toBe('核心指标');
    await expect(negative.locator('td').nth(2).textContent()).resolves.toMatch(/^[A-Z]+\d+$/);
    await page.getByLabel('级别', { exact: true }).selectOption('warning');
    await expect(page.locator('table.issues tbody tr', { hasText: '错误' }).count()).resolves.toBe(0);
    await page.getByLabel('级别', { exact: true }).selectOption('all');
    await checkPage(page, '04-城市-上传-退回');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载标注了问题的工作簿' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe(`深圳市${OPEN_QUARTER}统计报表-有误-校验批注.xlsx`);
    expect((await saved(download)).subarray(0, 2).toString()).toBe(ZIP_MAGIC);
  });

  it('finds both uploads in 历史, and its report in 本市报告', async () => {
    await page.getByRole('link', { name: '历史', exact: true }).click();
    const rows = page.locator('table.data tbody tr');
    await rows.first().waitFor();
    await expect(rows.nth(0).textContent()).resolves.toContain('退回');
    await expect(rows.nth(1).textContent()).resolves.toContain('通过');
    await checkPage(page, '05-城市-历史');

    await rows.nth(1).getByRole('link').click();
    await page.locator('.result-title .status').waitFor();
    await checkPage(page, '06-城市-校验结果');

    await page.getByRole('link', { name: '本市报告', exact: true }).click();
    await page.getByLabel('报告期', { exact: true }).selectOption(REPORTED_QUARTER);
    await page.getByRole('heading', { name: /深圳市 2024年第三季度汇总/ }).waitFor();
    await expect(chartDrawn(page, '深圳市主要指标与全国中位数（2024年第三季度）')).resolves.toBe(3);
    await chartDrawn(page, /深圳市主要指标分季度趋势/);
    await checkPage(page, '07-城市-本市报告');
  });

  it('uploads a workbook with one bad sheet: 部分通过, that sheet 退回 and the others accepted', async () => {
    await page.getByRole('link', { name: '上传', exact: true }).click();

    await chooseAndUpload(
      page,
      `深圳市${OPEN_QUARTER}统计报表-企业有误.xlsx`,
      await workbookWithABadEnterprise(CITY, OPEN_QUARTER),
    );

    const status = page.locator('.result-title .status');
    await status.waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toBe('部分通过');
    const sheets = page.getByRole('table', { name: '各工作表结果' });
    await expect(sheets.getByRole('row', { name: /重点企业/ }).textContent()).resolves.toContain('退回');
    await expect(sheets.getByRole('row', { name: /核心指标/ }).textContent()).resolves.toContain('通过');
    await checkPage(page, '07b-城市-上传-部分通过');
  });

  it('uploads a workbook with verification warnings: 已说明 with the 备注, 待说明 with where to explain', async () => {
    await page.getByRole('link', { name: '上传', exact: true }).click();

    await chooseAndUpload(
      page,
      `深圳市${OPEN_QUARTER}统计报表-需核实.xlsx`,
      await workbookWithAmountsWithoutCounts(CITY, OPEN_QUARTER),
    );

    const status = page.locator('.result-title .status');
    await page.getByText('需核实的警告待说明').waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toBe('通过（有警告）');
    await expect(page.getByText('需核实的警告待说明').textContent()).resolves.toContain(
      '请在本行备注栏或“填报说明”表中说明原因',
    );
    const zeroCounts = page.locator('table.issues tbody tr', { hasText: 'COUNT_COMPANION_ZERO' });
    await expect(zeroCounts.filter({ hasText: `（已说明：${PLEDGE_NOTE}）` }).count()).resolves.toBe(1);
    await expect(zeroCounts.filter({ hasText: '（待说明）' }).count()).resolves.toBe(1);
  });

  it("cannot reach another city's data from the UI or by editing the URL", async () => {
    const analyst = await apiToken('analyst');
    const listing = await fetch(`${server.url}/api/uploads?city=${OTHER_CITY}`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    const other = ((await listing.json()) as { uploads: Array<{ id: string; fileName: string }> })
      .uploads[0]!;
    const otherName = DEFAULT_REGISTRY.find((city) => city.code === OTHER_CITY)!.name;

    const links = await page
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links.join(' ')).not.toContain(OTHER_CITY);

    for (const [hash, name] of [
      [`#/uploads/${encodeURIComponent(other.id)}`, '08-城市-他市上传'],
      [
        `#/report?key=reports/cities/${OTHER_CITY}/${REPORTED_QUARTER}/city-summary-${OTHER_CITY}-${REPORTED_QUARTER}.json`,
        '09-城市-他市报告',
      ],
      ['#/analyst', '10-城市-总览'],
    ] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.getByRole('alert').waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('无权');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toContain(other.fileName);
      expect(text).not.toContain(otherName);
      await checkPage(page, name);
    }
  });
});

describe('a province', () => {
  it('sees only its own cities, from its province report, with their scores and attainment charted', async () => {
    const { context, page } = await signedIn('province-440000');
    await page.getByLabel('报告期', { exact: true }).selectOption(REPORTED_QUARTER);
    const table = page.getByRole('table', { name: '填报情况' });
    await table.waitFor();

    const cities = await table.locator('tbody th').allTextContents();
    expect(cities).toEqual(
      DEFAULT_REGISTRY.filter((city) => city.code.startsWith('44')).map((city) => city.name),
    );
    await expect(chartDrawn(page, '广东省各城市绩效目标综合得分（2024年第三季度）')).resolves.toBe(4);
    await chartDrawn(page, /广东省各城市绩效目标完成情况/);
    const reports = (
      await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))
    )
      .map((url) => new URL(url).pathname)
      .filter((path) => path.startsWith('/api/reports/'));
    expect(reports).toContain(
      `/api/reports/provinces/440000/${REPORTED_QUARTER}/province-summary-440000-${REPORTED_QUARTER}.json`,
    );
    expect(reports.filter((path) => path.includes('/reports/cities/'))).toEqual([]);
    await expect(page.locator('main').textContent()).resolves.not.toContain('杭州市');
    await checkPage(page, '11-省-本省城市');
    await context.close();
  });
});

describe('a ministry analyst', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await signedIn('analyst'));
  });
  afterAll(() => context?.close());

  it('sees the dashboard: 填报情况 with one row per city, attainment, charts', async () => {
    await page.getByLabel('报告期', { exact: true }).selectOption(REPORTED_QUARTER);
    const table = page.getByRole('table', { name: '填报情况' });
    await table.waitFor();

    const cities = await table.locator('tbody th').allTextContents();
    expect(cities.sort()).toEqual(DEFAULT_REGISTRY.map((city) => city.name).sort());
    await expect(table.getByRole('row', { name: /未报送/ }).count()).resolves.toBeGreaterThan(0);
    await page.getByRole('table', { name: '绩效目标完成情况' }).waitFor();
    await expect(chartDrawn(page, '各城市绩效目标综合得分（2024年第三季度）')).resolves.toBe(4);
    await chartDrawn(page, /全国主要指标分季度趋势/);
    await chartDrawn(page, /各季度报送情况/);
    await page.getByText('图表数据（表格）').first().click();
    const numbers = page.getByRole('table', { name: '各城市绩效目标综合得分（2024年第三季度）' });
    await expect(numbers.getByRole('row', { name: /深圳市/ }).count()).resolves.toBe(1);
    await checkPage(page, '12-部委-总览');
  });

  it('locks a quarter, and a city upload to it is then refused with a clear message', async () => {
    await page.getByLabel('报告期', { exact: true }).selectOption(OPEN_QUARTER);
    await page.getByRole('button', { name: '锁定报告期' }).click();
    await page.getByText(`已锁定 ${OPEN_QUARTER}`).waitFor();
    await checkPage(page, '13-部委-已锁定');

    const city = await signedIn(`city-${CITY}`);
    await city.page.getByRole('link', { name: '上传', exact: true }).click();
    await city.page.getByLabel('报告期', { exact: true }).selectOption(OPEN_QUARTER);
    await chooseAndUpload(
      city.page,
      `深圳市${OPEN_QUARTER}更正.xlsx`,
      await validWorkbook(CITY, OPEN_QUARTER),
    );
    const alert = city.page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(`报告期 ${OPEN_QUARTER} 已锁定，不能上传`);
    await checkPage(city.page, '14-城市-上传被拒');
    await city.context.close();

    await page.getByRole('button', { name: '解锁报告期' }).click();
    await page.getByText(`已解锁 ${OPEN_QUARTER}`).waitFor();
  });

  it("runs a roll-up: the city's new upload appears in 填报情况", async () => {
    await page.getByRole('button', { name: `运行汇总（${OPEN_QUARTER}）` }).click();
    await page.getByText(`已完成 ${OPEN_QUARTER} 的汇总`).waitFor({ timeout: 120_000 });

    const row = page.getByRole('table', { name: '填报情况' }).getByRole('row', { name: /深圳市/ });
    await expect(row.textContent()).resolves.toContain('按时');
    // 2024Q4's deadline is in January: the cities yet to report are not counted as missing.
    const completeness = page.locator('section[aria-labelledby="completeness"] > p');
    await expect(completeness.textContent()).resolves.toMatch(
      /报送率 —（\d+ 个城市尚未到截止时间，报送率截止后计算）/,
    );
    await checkPage(page, '15-部委-汇总后');
  });

  it('downloads the national workbook', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载全国汇总工作簿' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe(`national-summary-${OPEN_QUARTER}.xlsx`);
    expect((await saved(download)).subarray(0, 2).toString()).toBe(ZIP_MAGIC);
  });

  it('reads the audit trail: the lock, the unlock and the roll-up are there', async () => {
    await page.getByRole('link', { name: '审计记录', exact: true }).click();
    const table = page.locator('table.data');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    for (const action of ['锁定报告期', '解锁报告期', '运行汇总', '登录失败']) expect(text).toContain(action);
    await checkPage(page, '16-部委-审计记录');
  });
});
