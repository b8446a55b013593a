// Browser journeys against a real server with demo data: the staff console (org tree, people search, English) and the
// phone-size public pages (home, sign-in by SMS code, "me").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, horizontalOverflow, pickOption } from './support';

const baseUrl = inject('baseUrl');
const profiles: string[] = [];

/** A fresh Chromium profile (its own --user-data-dir) at the given window size. */
async function openBrowser(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-chromium-'));
  profiles.push(userDataDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: readTestEnv().chromiumPath,
    args: chromiumFlags,
    viewport: { width, height },
    locale: 'zh-CN',
    baseURL: baseUrl,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** An API client signed in as a demo staff account, for reading what the UI cannot show (the SMS outbox). */
async function staffApi(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl });
  const res = await api.post('/api/auth/sign-in', { data: { username, password: 'Boai2026demo' } });
  expect(res.status()).toBe(200);
  return api;
}

afterAll(() => {
  for (const dir of profiles) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the staff console', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await openBrowser(1440, 900));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('sends an anonymous visitor to the staff sign-in and lets admin in', async () => {
    await page.goto('/console/orgs');
    await page.waitForURL(/\/console\/login/);
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('Boai2026demo');
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/console\/orgs$/);
    await expect.poll(() => page.getByTestId('scope-unit').textContent()).toBe('浙江省');
    await page.getByTestId('org-tree').getByText('绍兴市', { exact: true }).waitFor();
  });

  it('creates a 博爱家园 under 诸暨市 from the org page and shows it in the tree', async () => {
    const name = `e2e博爱家园${Date.now() % 100_000}`;
    await page.getByTestId('org-search').locator('input').fill('诸暨市');
    await page.getByTestId('org-search').locator('input').press('Enter');
    await page.getByTestId('org-search-results').getByText('诸暨市', { exact: true }).click();
    await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toBe('诸暨市');

    await page.getByTestId('org-create-child').click();
    const form = page.getByTestId('org-form');
    await form.getByTestId('org-name').fill(name);
    await pickOption(page, form.locator('.ant-select').first(), '博爱家园', { partial: true });
    await page.locator('.ant-modal-footer .ant-btn-primary').click();

    await page.getByTestId('org-tree').getByText(name, { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toBe(name);

    const api = await staffApi('admin');
    const found = await (await api.get('/api/orgs', { params: { q: name } })).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ name, type: 'boai_home', parentId: expect.any(Number) });
    const parent = await (await api.get(`/api/orgs/${found.items[0].parentId}`)).json();
    expect(parent.name).toBe('诸暨市');
    await api.dispose();
  });

  it('finds a person by the full ID number shown after an audited unmask', async () => {
    await page.getByTestId('console-menu').getByText('人员', { exact: true }).click();
    await page.waitForURL(/\/console\/people$/);
    const firstRow = page.getByTestId('people-table').locator('.ant-table-row').first();
    await firstRow.waitFor();
    const name = (await firstRow.locator('td').first().textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await firstRow.click();

    await page.getByTestId('person-unmask').click();
    await page.getByTestId('unmask-reason').fill('端到端测试核实身份');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const idNumber = ((await page.getByTestId('unmasked-id-number').textContent()) ?? '').trim();
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    await page.locator('.ant-drawer-close').click();

    const search = page.getByTestId('people-search').locator('input');
    await search.fill(idNumber);
    await search.press('Enter');
    await expect
      .poll(async () => page.getByTestId('people-table').locator('.ant-table-row').allTextContents())
      .toEqual([expect.stringContaining(name)]);
    const masked = await page.getByTestId('people-table').locator('.ant-table-row').first().textContent();
    expect(masked).toContain(idNumber.slice(-4));
    expect(masked).not.toContain(idNumber);
  });

  it('switches the console to English and remembers it', async () => {
    await page.getByTestId('language-switch').click();
    const menu = page.getByTestId('console-menu');
    await menu.getByText('People', { exact: true }).waitFor();
    await expect(menu.textContent()).resolves.toContain('Organisation');
    await expect(page.locator('.ant-card-head-title').first().textContent()).resolves.toBe('People');
    const cookies = await context.cookies(baseUrl);
    expect(cookies.find((c) => c.name === 'boai_lang')?.value).toBe('en');

    await page.reload();
    await page.getByTestId('console-menu').getByText('Audit log', { exact: true }).waitFor();
  });
});

describe('the public pages on a phone', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await openBrowser(390, 844));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows the home page with its tiles and nothing wider than the screen', async () => {
    await page.goto('/');
    await page.getByTestId('tile-sign-in').waitFor();
    await page.getByTestId('tile-me').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('博爱');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('leads from the home page to every public service, the emergency call first', async () => {
    await page.goto('/');
    const tiles = page.locator('[data-testid^="tile-"]');
    await tiles.first().waitFor();
    const testIds = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
    expect(testIds[0]).toBe('tile-emergency');
    const targets = await tiles.evaluateAll((els) => els.map((e) => new URL((e as HTMLAnchorElement).href).pathname));
    // The services of the brief each have a way in: first aid, giving, the service hall, relief, joining in.
    for (const path of [
      '/emergency',
      '/aed',
      '/respond',
      '/training',
      '/projects',
      '/disclosure',
      '/goods',
      '/services',
    ]) {
      expect(targets).toContain(path);
    }
    for (const path of ['/relief/apply', '/v', '/members/join', '/registry/organ/register', '/memorial', '/me']) {
      expect(targets).toContain(path);
    }
    // Each opens a page of its own, not the "page not found" answer.
    for (const testId of testIds) {
      await page.goto('/');
      await page.getByTestId(testId).click();
      await page.waitForURL((url) => url.pathname !== '/');
      await page.waitForLoadState('networkidle');
      expect(await page.getByText('页面不存在').count(), testId).toBe(0);
      expect(await horizontalOverflow(page), testId).toBeLessThanOrEqual(0);
    }
    await page.goto('/');
    await page.getByTestId('tile-sign-in').waitFor();
  });

  it('signs in with a code sent by SMS and lands on the "me" page with the masked number', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    await page.getByTestId('tile-sign-in').click();
    await page.waitForURL(/\/login$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('verify-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();

    await page.getByTestId('phone-input').fill(phone);
    await page.getByTestId('request-code').click();
    await expect.poll(() => page.getByTestId('request-code').textContent()).toMatch(/\d+ 秒后重发/);
    await expect(page.getByTestId('request-code').isDisabled()).resolves.toBe(true);

    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    const admin = await staffApi('admin');
    let code = '';
    await expect
      .poll(async () => {
        const outbox = await (await admin.get('/api/outbox', { params: { channel: 'sms', pageSize: 50 } })).json();
        const message = outbox.items.find((m: { recipient: string; body: string }) => m.recipient === masked);
        code = message?.body.match(/\d{6}/)?.[0] ?? '';
        return code;
      })
      .toMatch(/^\d{6}$/);
    await admin.dispose();

    await page.getByTestId('code-input').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('verify-submit').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '验证码' }).waitFor();

    await page.getByTestId('code-input').fill(code);
    await page.getByTestId('verify-submit').click();
    await page.waitForURL(/\/me$/);
    await expect(page.getByTestId('me-phone').textContent()).resolves.toBe(masked);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
