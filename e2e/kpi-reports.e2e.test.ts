// Browser journey of the evaluation reports (issue 8, "Done when": export the annual workbook). The provincial
// secretary-general `mishuzhang` opens 考核评估报告, downloads the province's annual workbook (a real xlsx with a sheet
// per indicator group and a row per city) and subscribes an address to the monthly report.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, staffPage } from './support';

const baseUrl = inject('baseUrl');
const email = `e2e-${Date.now() % 100_000}@example.org`;

let close: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function shot(name: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  ({ page, context } = await staffPage(browser, baseUrl, 'mishuzhang'));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await close?.();
});

describe('考核评估报告: the province exports its annual workbook', () => {
  it('downloads the annual evaluation workbook with the group sheets and the cities', async () => {
    await page.goto('/console/kpi/reports');
    await page.getByTestId('kpi-reports-page').waitFor();
    const button = page.getByTestId('download-workbook');
    await expect.poll(() => button.isEnabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^浙江省\d{4}年度考核评估表\(截至\d+月\)\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((ws) => ws.name);
    expect(names).toEqual(expect.arrayContaining(['封面', '本级汇总', '党建', '款物募集', '应急救护']));
    const party = wb.getWorksheet('党建')!;
    const units = party.getColumn(1).values.map(String);
    expect(units).toEqual(expect.arrayContaining(['浙江省', '绍兴市', '诸暨市']));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot('kpi-reports');
  });

  it('subscribes an e-mail address to the monthly report', async () => {
    await page.getByTestId('add-subscription').click();
    const dialog = page.getByRole('dialog');
    const emails = dialog.getByLabel('邮箱');
    await emails.fill(email);
    await emails.press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('kpi-subscriptions').getByText(email).waitFor();
    await shot('kpi-reports-subscribed');
  });
});
