// Browser journey of targets handed down the tree (issue 8, "Done when": set targets for a city and split them among
// its counties). The provincial secretary-general sets next year's 救护员 target for 绍兴市, splits it among its
// counties in the dialog while watching the sum against the city's target, is refused with the excess when the
// shares add up to more, corrects them, and approves: the city's target and its counties' shares are locked.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, staffApi, staffPage } from './support';

const baseUrl = inject('baseUrl');
const indicator = 'training.certificates';
const year =
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;

let close: () => Promise<void>;
let browser: Browser;
let api: APIRequestContext;
let context: BrowserContext;
let page: Page;
let username = 'mishuzhang';
let shaoxing = 0;

async function shot(name: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}

/** The number input of a child's share in the split dialog. */
const share = (name: string) => page.locator(`[data-testid="share-${name}"] input, input[data-testid="share-${name}"]`);

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  try {
    api = await staffApi(baseUrl, username);
  } catch {
    // Before the secretary-general's account exists, the province administrator does the same.
    username = 'admin';
    api = await staffApi(baseUrl, username);
  }
  const found = await (await api.get('/api/orgs', { params: { q: '绍兴市' } })).json();
  shaoxing = found.items.find((o: { code: string }) => o.code === '330600').id;
  ({ page, context } = await staffPage(browser, baseUrl, username, { viewport: { width: 1440, height: 900 } }));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await close?.();
  await api?.dispose();
});

describe('年度目标: the province hands down a target to 绍兴市, which is split among its counties', () => {
  it('sets next year’s target for 绍兴市', async () => {
    await page.goto(`/console/kpi/targets?orgId=${shaoxing}&year=${year}`);
    await page.getByTestId(`set-${indicator}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-testid="set-target-value"] input, input[data-testid="set-target-value"]').fill('1200');
    await dialog.locator('#set-target-ok').click();
    await expect.poll(() => page.getByTestId(`target-${indicator}`).textContent()).toBe('1,200');
    await expect.poll(() => page.getByTestId(`status-${indicator}`).textContent()).toContain('草稿');
  });

  it('splits it among the counties: the excess is warned about and refused, the corrected split is taken', async () => {
    await page.getByTestId(`split-${indicator}`).click();
    const dialog = page.getByTestId('split-dialog');
    await share('诸暨市').fill('500');
    await share('越城区').fill('400');
    await share('柯桥区').fill('400');
    await expect.poll(() => dialog.getByTestId('split-sum').textContent()).toContain('1,300');
    await expect.poll(() => dialog.getByTestId('split-excess-warning').textContent()).toContain('超出 100');
    await shot('kpi-targets-split-excess');
    await page.locator('#split-ok').click();
    await expect.poll(() => dialog.getByTestId('split-refused').textContent()).toContain('超出 100');

    await share('柯桥区').fill('300');
    await expect.poll(() => dialog.getByTestId('split-excess-warning').count()).toBe(0);
    await expect.poll(() => dialog.getByTestId('split-sum').textContent()).toContain('1,200');
    await page.locator('#split-ok').click();
    await expect.poll(() => page.getByTestId('split-dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId(`check-${indicator}`).textContent()).toBe('分解完毕');
  });

  it('approves the city’s target and the counties’ shares, which are then locked', async () => {
    await page.getByTestId('approve-own').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId(`status-${indicator}`).textContent()).toContain('已锁定');
    await page.getByTestId('approve-children').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId('approve-children').count()).toBe(0);
    // A locked target offers a change request instead of an edit.
    await expect.poll(() => page.getByTestId(`set-${indicator}`).count()).toBe(0);

    const board = await (await api.get('/api/kpi/targets', { params: { orgId: shaoxing, year } })).json();
    const row = board.rows.find((r: { indicator: string }) => r.indicator === indicator);
    expect(row.target).toMatchObject({ value: 1200, locked: true });
    expect(row).toMatchObject({ childrenSum: 1200, check: 'ok' });
    const locked = row.children.filter((c: { target: { locked: boolean } | null }) => c.target?.locked);
    expect(locked).toHaveLength(3);
    await shot('kpi-targets-desktop');
  });

  it('shows the same page on a phone without sideways scrolling of the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => page.getByTestId(`status-${indicator}`).textContent()).toContain('已锁定');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await shot('kpi-targets-phone');
  });
});
