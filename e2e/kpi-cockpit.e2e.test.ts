// Browser journey of the cockpit (issue 8, "Done when": drill down from the province to a township on the cockpit; add
// records in other modules and see the figures move within a minute). The provincial secretary-general `mishuzhang`
// opens the wall screen /cockpit (signing in first), sees the province's cities on the map, clicks 绍兴市 in the bars,
// then 诸暨市, then 暨阳街道 (a township: its villages are listed), each step showing that unit's figures; then the
// finance officer of 诸暨市 records a bank gift through the API, and 诸暨市's funds raised moves on the page by itself.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword, horizontalOverflow, launchBrowser, staffApi } from './support';

const baseUrl = inject('baseUrl');
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

let close: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let finance: APIRequestContext;

async function shot(name: string, p: Page = page): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await p.waitForTimeout(800);
    await p.screenshot({ path: `${dir}/${name}.png` });
  }
}

const unitName = () => page.getByTestId('cockpit-unit-name').textContent();
const selectedActual = () => page.getByTestId('cockpit-selected-actual').textContent();

/**
 * Clicks a unit's row in the bars: moves down the chart until its tooltip names the unit (the rows are drawn on a
 * canvas), then clicks there.
 */
async function clickBar(name: string): Promise<void> {
  const chart = page.getByTestId('cockpit-bars').locator('canvas').first();
  const box = await chart.boundingBox();
  if (!box) {
    throw new Error('no bars chart');
  }
  const x = box.x + box.width * 0.5;
  const tip = page.getByTestId('cockpit-bars').locator('b').first();
  const hits: number[] = [];
  for (let y = box.y + 6; y < box.y + box.height - 6; y += 4) {
    await page.mouse.move(x, y);
    await page.waitForTimeout(30);
    const text = await tip.textContent({ timeout: 200 }).catch(() => null);
    if (text === name) {
      hits.push(y);
    } else if (hits.length) {
      break;
    }
  }
  if (hits.length) {
    // The middle of the unit's row, away from its neighbours.
    await page.mouse.click(x, hits[Math.floor(hits.length / 2)]);
    return;
  }
  throw new Error(`no bar for ${name}`);
}

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  finance = await staffApi(baseUrl, 'finance');
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', baseURL: baseUrl });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await close?.();
  await finance?.dispose();
});

describe('数字驾驶舱: the province drills down to a township and sees a new gift arrive', () => {
  it('sends an anonymous visitor to sign in and back to the wall screen', async () => {
    await page.goto('/cockpit');
    await page.waitForURL(/\/console\/login\?next=%2Fcockpit/);
    await page.getByTestId('username').fill('mishuzhang');
    await page.getByTestId('password').fill(demoPassword);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/cockpit$/);
    await expect.poll(unitName).toBe('浙江省');
  });

  it("shows the province's figures and its cities on the map", async () => {
    await expect.poll(() => page.getByTestId('cockpit-map').locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(selectedActual).toMatch(/万元$/);
    await expect.poll(() => page.getByTestId('cockpit-ticker').textContent()).toMatch(/收到捐赠|拨付/);
    await expect.poll(() => page.getByTestId('cockpit-refreshed').textContent()).toContain('数据更新于');
    await shot('cockpit-wall-province');
  });

  it('drills down to 绍兴市, then 诸暨市, then a township with its villages', async () => {
    const province = await selectedActual();
    await clickBar('绍兴市');
    await expect.poll(unitName).toBe('绍兴市');
    expect(page.url()).toMatch(/[?&]orgId=\d+/);
    await expect.poll(selectedActual).not.toBe(province);
    await expect.poll(() => page.getByTestId('cockpit-map').locator('canvas').count()).toBeGreaterThan(0);
    await shot('cockpit-wall-shaoxing');

    await clickBar('诸暨市');
    await expect.poll(unitName).toBe('诸暨市');
    // Below a county there are no outlines: the townships are listed instead, each with its figure.
    await expect.poll(() => page.getByTestId('cockpit-children').textContent()).toContain('暨阳街道');
    await shot('cockpit-wall-zhuji');

    await page
      .getByTestId('cockpit-children')
      .getByRole('button', { name: /^暨阳街道/ })
      .click();
    await expect.poll(unitName).toBe('暨阳街道');
    await expect.poll(() => page.getByTestId('cockpit-children').textContent()).toMatch(/社区|村/);
    await expect.poll(() => page.locator('.cockpit-crumbs').textContent()).toMatch(/浙江省.*绍兴市.*诸暨市.*暨阳街道/);
    await shot('cockpit-wall-township');
  });

  it("moves 诸暨市's funds raised by itself once finance records a bank gift", async () => {
    await page.locator('.cockpit-crumbs').getByText('诸暨市').click();
    await expect.poll(unitName).toBe('诸暨市');
    const before = await selectedActual();

    const projects = await (await finance.get('/api/donation-projects?q=AED')).json();
    const project = projects.items.find((p: { orgName: string }) => p.orgName === '诸暨市');
    const evidence = await finance.post('/api/files', {
      multipart: { file: { name: '银行回单.png', mimeType: 'image/png', buffer: png } },
    });
    expect(evidence.status()).toBe(201);
    const gift = await finance.post('/api/donations', {
      data: {
        projectId: project.id,
        channel: 'bank',
        amountFen: 8_888_800,
        donorKind: 'person',
        donorName: '驾驶舱测试',
        intent: 'restricted',
        receivedAt: new Date().toISOString(),
        evidenceFileId: (await evidence.json()).id,
        reference: `CK${Date.now() % 1_000_000}`,
      },
    });
    expect(gift.status(), await gift.text()).toBe(201);

    // No reload: the figures refresh from the records (every 5 s here) and the page every 30 s.
    await expect.poll(selectedActual, { timeout: 60_000, interval: 1000 }).not.toBe(before);
    await expect.poll(() => page.getByTestId('cockpit-ticker').textContent()).toContain('¥88,888');
    await shot('cockpit-wall-zhuji-after-gift');
  }, 90_000);

  it('fits a phone and the console', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot('cockpit-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/console/cockpit?${new URL(page.url()).searchParams}`);
    await expect.poll(unitName).toBe('诸暨市');
    await page.getByTestId('cockpit-theme').getByText('常规').click();
    await shot('cockpit-console');
  });
});
