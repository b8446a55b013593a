// Browser journey of organ donation and the memorial (issue 7 item 4, "Done when"): a retiree on a phone (390×844)
// registers as an organ donor (branch, ID, witnesses, family, consent and signature), sees the registration and
// withdraws it; a visitor leaves a message on a demo memorial, which is not shown until the registry officer (sanxian)
// approves it in the console's moderation queue, and then is.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, idNumberFor, launchBrowser, signInPublic, staffApi, staffPage, timeout } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');
const retireePhone = `136${String(Date.now() % 100_000_000).padStart(8, '0')}`;

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
const contexts: BrowserContext[] = [];

async function phone(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    isMobile: true,
    hasTouch: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return page;
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  ({ browser, close } = await launchBrowser());
});

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await admin?.dispose();
  await close?.();
});

describe('organ donation and the memorial', () => {
  it('a retiree registers as an organ donor on a phone and withdraws', async () => {
    const page = await phone();
    await signInPublic(page, admin, retireePhone);
    await page.goto('/registry/organ/register');
    await page.locator('.ant-cascader').click();
    const path = ['浙江省', '绍兴市', '诸暨市'];
    for (const [i, unit] of path.entries()) {
      const item = page.locator('.ant-cascader-menu-item', { hasText: unit }).first();
      await item.waitFor();
      // A click during the dropdown's opening motion may be lost: click again until the next column shows.
      for (let tries = 0; tries < 5; tries++) {
        await item.click();
        const next = path[i + 1];
        if (!next) {
          break;
        }
        const shown = await page
          .locator('.ant-cascader-menu-item', { hasText: next })
          .first()
          .waitFor({ timeout: 5000 })
          .then(() => true)
          .catch(() => false);
        if (shown) {
          break;
        }
      }
    }
    await page.keyboard.press('Escape');
    expect(await page.locator('.ant-cascader').textContent()).toContain('诸暨市');
    await page.getByTestId('organ-name').fill('王建华');
    await page.getByTestId('organ-id-number').fill(idNumberFor('19580412', Number(tag) % 997));
    await page.getByTestId('organ-w1-name').fill('李见证');
    await page.getByTestId('organ-w1-phone').fill('13711112221');
    await page.getByTestId('organ-w2-name').fill('赵见证');
    await page.getByTestId('organ-w2-phone').fill('13711112222');
    await page.getByTestId('organ-family-name').fill('王女儿');
    await page.getByTestId('organ-family-relation').fill('女儿');
    await page.getByTestId('organ-family-phone').fill('13711112223');
    await page.getByTestId('organ-consent').check();
    await page.getByTestId('organ-signature').fill('王建华');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('organ-submit').click();
    await page.waitForURL('**/registry/organ/mine');
    const card = page.getByTestId('my-registration').first();
    await expect.poll(() => card.getByTestId('my-registration-status').textContent()).toBe('有效');
    await card.getByTestId('my-registration-withdraw').click();
    await page.locator('#withdraw-confirm').click();
    await expect.poll(() => card.getByTestId('my-registration-status').textContent()).toBe('已撤销');
  });

  it('a visitor’s message shows on a memorial only after a moderator approves it', async () => {
    const wall = await (await admin.get('/api/public/memorials', { params: { q: '周建国' } })).json();
    const memorialId: string = wall.items[0].id;
    const words = `周老师,谢谢您 ${tag}`;
    const visitor = await phone();
    await visitor.goto('/memorial');
    await visitor.getByTestId('memorial-card').filter({ hasText: '周建国' }).click();
    await visitor.waitForURL(`**/memorial/${memorialId}`);
    await visitor.getByTestId('memorial-flower').click();
    await visitor.getByTestId('memorial-author').fill('学生小周');
    await visitor.getByTestId('memorial-body').fill(words);
    await visitor.getByTestId('memorial-send').click();
    await visitor.getByTestId('memorial-held').waitFor();
    await visitor.reload();
    await visitor.getByTestId('memorial-messages').waitFor();
    expect(await visitor.getByTestId('memorial-messages').textContent()).not.toContain(words);
    expect(await horizontalOverflow(visitor)).toBeLessThanOrEqual(0);

    const { page: console_, context } = await staffPage(browser, baseUrl, 'sanxian');
    contexts.push(context);
    await console_.goto('/console/registry/memorials');
    const row = console_.locator('tr', { hasText: words });
    await row.getByTestId('approve').click();
    await row.waitFor({ state: 'detached' });

    await visitor.reload();
    await expect.poll(() => visitor.getByTestId('memorial-messages').textContent()).toContain(words);
  });
});
