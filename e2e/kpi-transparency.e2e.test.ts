// Browser journey of the transparency index (红透指数, issue 8 item 6): 诸暨市's secretary-general `zjmishu` opens the
// index, sees the score gauge, the measures and the gap "审计结果未公开" for last year's audit result, records its
// publication, and watches that gap close and the count of gaps drop; the page also fits a phone screen.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, pickOption, staffApi, staffPage } from './support';

const baseUrl = inject('baseUrl');
const lastYear = Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4)) - 1;
const title = `诸暨市红十字会${lastYear}年度审计报告 E2E-${Date.now() % 100_000}`;

let close: () => Promise<void>;
let browser: Browser;
let api: APIRequestContext;
let context: BrowserContext;
let page: Page;

async function gapTotal(): Promise<number> {
  return (await (await api.get('/api/kpi/transparency')).json()).unit.gapCount;
}

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  api = await staffApi(baseUrl, 'zjmishu');
  ({ page, context } = await staffPage(browser, baseUrl, 'zjmishu'));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await close?.();
  await api?.dispose();
});

describe('红透指数: a county records its audit result and the gap closes', () => {
  let before = 0;

  it('shows the score, the measures and the missing audit result as a gap', async () => {
    before = await gapTotal();
    await page.goto('/console/kpi/transparency');
    await expect
      .poll(() => page.getByTestId('transparency-measures').getByText('年报与审计结果公开率').count())
      .toBe(1);
    await expect.poll(() => page.getByTestId('transparency-gap-count').textContent()).toContain(`待整改 ${before} 项`);
    await expect.poll(() => page.getByTestId('transparency-about').textContent()).toContain('不是中国红十字会总会');
    // the options read "name(gap count)"; pickOption retries when a click lands while the dropdown still animates
    await pickOption(page, 'transparency-gap-measure', '年报与审计结果公开率', { partial: true });
    await expect.poll(() => page.getByTestId('transparency-gaps').getByText('审计结果未公开').count()).toBe(1);
  });

  it('records the audit result and the gap is gone', async () => {
    await page.getByTestId('annual-record').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, 'annual-kind', '审计结果');
    await dialog.getByLabel('标题').fill(title);
    await dialog.getByLabel('公开网址').fill('https://www.example.org/zhuji/audit.pdf');
    await dialog.getByLabel('公开时间').fill(`${lastYear + 1}-05-20`);
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('annual-list').getByText(title).count()).toBe(1);
    await expect.poll(() => page.getByTestId('transparency-gaps').getByText('审计结果未公开').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('transparency-gap-count').textContent())
      .toContain(`待整改 ${before - 1} 项`);
    expect(await gapTotal()).toBe(before - 1);
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => page.getByTestId('transparency-measures').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
