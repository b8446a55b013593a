// Browser journey through goods (物资) with demo accounts: admin records a lot of N95 masks under 诸暨市 with the
// invoice as value evidence (an expiry inside the minimum shelf life is refused first, on the field, with the rule),
// cannot countersign their own record (the server's message is shown), finance counts again and countersigns; admin
// hands part of the lot to a unit with the signed receipt (too many boxes are refused inline first), and the public
// trace page on a phone shows where the batch went.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, pickOption, pickOrg } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000);
const donorName = `e2e医疗器械公司${tag}`;
const spec = `医用防护口罩 N95 GB 19083-2010 批号${tag}`;
const recipient = '暨阳街道博爱家园';
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-e2e-goods-'));
const invoicePath = path.join(workDir, '发票.png');
const receiptPath = path.join(workDir, '签收单.png');
fs.writeFileSync(invoicePath, png);
fs.writeFileSync(receiptPath, png);

/** A China calendar date `days` from today, YYYY-MM-DD. */
function chinaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    timezoneId: 'America/New_York',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  page.setDefaultNavigationTimeout(90_000);
  await page.goto('/console/login');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('Boai2026demo');
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/console\/(?!login)/);
  return page;
}

/** The input of an antd control, whether the test id sits on the input itself or on a wrapper. */
function inputOf(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** Types a date into an antd DatePicker and confirms it. */
async function typeDate(page: Page, testId: string, date: string) {
  const input = inputOf(page, testId);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

let admin: Page;
let finance: Page;
let lotNo = '';

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: chromiumFlags });
  admin = await signedIn('admin');
  finance = await signedIn('finance');
});

afterAll(async () => {
  for (const context of contexts) {
    await context.close();
  }
  await browser?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('goods from intake to the public trace', () => {
  it('lets admin record a lot of masks with the invoice, refusing too short a shelf life first', async () => {
    await admin.getByTestId('console-menu').getByText('物资入库', { exact: true }).click();
    await admin.waitForURL(/\/console\/goods-lots/);
    await admin.getByTestId('lot-record').click();
    const form = admin.getByTestId('intake-form');
    await pickOrg(admin, form, '诸暨市');
    await pickOption(admin, 'intake-warehouse', '物资仓库 · 诸暨市', { partial: true });
    await admin.getByTestId('intake-donor').fill(donorName);
    await admin.getByTestId('intake-item').fill('医用防护口罩');
    await admin.getByTestId('intake-spec').fill(spec);
    await admin.getByTestId('intake-code').fill('N95');
    await inputOf(admin, 'intake-quantity').fill('120');
    await admin.getByTestId('intake-unit').fill('箱');
    // The configured rule is on the form before anything is sent.
    await expect.poll(() => admin.getByTestId('intake-shelf-rule').textContent()).toContain('至少应有 6 个月');

    await typeDate(admin, 'intake-expires', chinaDateIn(60));
    await admin.getByTestId('intake-valuation').getByText('发票', { exact: true }).click();
    await admin.getByTestId('intake-unit-value').fill('250');
    await admin.getByTestId('intake-valuation-file').locator('input[type=file]').setInputFiles(invoicePath);
    await admin.getByTestId('intake-valuation-file-done').waitFor();
    await admin.getByTestId('intake-submit').click();
    // The server refuses it; its message and the earliest acceptable date are shown.
    const refusal = admin.getByTestId('intake-error');
    await expect.poll(() => refusal.textContent()).toContain('6 个月');
    expect(await refusal.textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);

    await typeDate(admin, 'intake-expires', chinaDateIn(730));
    await admin.getByTestId('intake-submit').click();
    await admin.getByTestId('lot-drawer').waitFor();
    const drawer = admin.getByTestId('lot-drawer');
    await expect.poll(() => drawer.textContent()).toContain(spec);
    expect(await drawer.textContent()).toContain('待复核');
    lotNo = ((await admin.getByTestId('lot-no').textContent()) ?? '').trim();
    expect(lotNo).toMatch(/^G\d{8}[0-9A-Z]{10}$/);
  });

  it('refuses admin countersigning their own record with the server message', async () => {
    await admin.getByTestId('lot-countersign').click();
    await inputOf(admin, 'countersign-quantity').fill('120');
    await admin.getByTestId('countersign-code').fill('N95');
    await typeDate(admin, 'countersign-expires', chinaDateIn(730));
    await admin.getByTestId('countersign-confirm').click();
    await expect.poll(() => admin.getByTestId('countersign-error').textContent()).toContain('不能审批自己提交的申请');
  });

  it('lets finance count again and countersign: the lot enters stock', async () => {
    await finance.goto('/console/goods-lots');
    const row = finance.getByTestId('lots-table').locator('.ant-table-row').filter({ hasText: lotNo });
    await row.getByTestId('lot-countersign-row').click();
    // A different count is refused, and the difference is shown.
    await inputOf(finance, 'countersign-quantity').fill('119');
    await finance.getByTestId('countersign-code').fill('kn95');
    await typeDate(finance, 'countersign-expires', chinaDateIn(730));
    await finance.getByTestId('countersign-confirm').click();
    const mismatches = finance.getByTestId('countersign-mismatches');
    await expect.poll(() => mismatches.textContent()).toContain('登记:120');
    expect(await mismatches.textContent()).toContain('KN95');

    await inputOf(finance, 'countersign-quantity').fill('120');
    await finance.getByTestId('countersign-code').fill('n95');
    await finance.getByTestId('countersign-confirm').click();
    const trail = finance.getByTestId('lot-drawer').getByTestId('lot-trail');
    await expect.poll(() => trail.textContent()).toContain('120 箱');
    expect(await trail.getByTestId('trail-intake').textContent()).toContain('N95');
  });

  it('lets admin hand 80 boxes to a unit with the signed receipt, refusing more than the stock inline', async () => {
    await admin.goto('/console/goods-lots');
    await admin.getByTestId('tab-all').click();
    await admin.getByTestId('lots-table').locator('.ant-table-row').filter({ hasText: lotNo }).click();
    const drawer = admin.getByTestId('lot-drawer');
    await drawer.getByTestId('lot-distribute').click();
    const form = admin.getByTestId('move-form');
    await pickOrg(admin, form, recipient);
    await admin.getByTestId('move-purpose').fill('博爱家园防疫物资');
    await admin.getByTestId('move-receipt').locator('input[type=file]').setInputFiles(receiptPath);
    await admin.getByTestId('move-receipt-done').waitFor();
    await inputOf(admin, 'move-quantity').fill('121');
    await admin.getByTestId('move-submit').click();
    await expect.poll(() => form.textContent()).toContain('库存不足');
    expect(await form.textContent()).toContain('120 箱');

    await inputOf(admin, 'move-quantity').fill('80');
    await admin.getByTestId('move-submit').click();
    await admin.getByTestId('move-form').waitFor({ state: 'detached' });
    const trail = drawer.getByTestId('lot-trail');
    await expect.poll(() => trail.textContent()).toContain(recipient);
    expect(await trail.getByTestId('trail-distribution').textContent()).toContain('80 箱');
  });

  it('shows on a phone, without signing in, where the batch went', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      baseURL: baseUrl,
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const phone = await context.newPage();
    phone.setDefaultTimeout(45_000);
    phone.setDefaultNavigationTimeout(90_000);
    await phone.goto('/goods');
    await inputOf(phone, 'public-lot-search').fill(lotNo);
    await inputOf(phone, 'public-lot-search').press('Enter');
    const card = phone.getByTestId('public-lot').filter({ hasText: 'N95' });
    await expect.poll(() => card.count()).toBe(1);
    await card.click();
    await phone.waitForURL(new RegExp(`/goods/${lotNo}$`));
    const facts = phone.getByTestId('public-lot-facts');
    await expect.poll(() => facts.textContent()).toContain('120 箱');
    expect(await facts.textContent()).toContain('80 箱');
    expect(await facts.textContent()).toContain(spec);
    const step = phone.getByTestId('public-step-distribution');
    expect(await step.textContent()).toContain(recipient);
    expect(await step.textContent()).toContain('80 箱');
    expect(await step.textContent()).toContain('N95');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
