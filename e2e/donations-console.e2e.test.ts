// Browser journey through the donations console with demo accounts: admin creates a project under 诸暨市 and opens it;
// finance records a bank gift with its evidence; admin requests a payout (and cannot approve it), a payout above the
// fund's balance is refused with the server's FUND_INSUFFICIENT message, finance approves, and the payout lists the
// gift it spent while the gift shows where its money went.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, pickOrg } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000);
const projectName = `e2e募捐项目${tag}`;
const donorName = `e2e捐赠公司${tag}`;
/** A real 1×1 PNG: the evidence the server sniffs and stores. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-e2e-donations-'));
const evidencePath = path.join(workDir, '银行回单.png');
fs.writeFileSync(evidencePath, png);

let browser: Browser;
const contexts: BrowserContext[] = [];

/** A signed-in console page for a demo account, in its own browser context (its own cookies). */
async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    // The console must show China time whatever the machine's zone.
    timezoneId: 'America/New_York',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/console/login');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('Boai2026demo');
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/console\/(?!login)/);
  return page;
}

/** Picks an option of an antd Select by typing into it. */
async function choose(page: Page, select: ReturnType<Page['getByTestId']>, text: string) {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
}

async function uploadEvidence(page: Page, testId: string) {
  await page.getByTestId(testId).locator('input[type=file]').setInputFiles(evidencePath);
  await page.getByTestId(`${testId}-done`).waitFor();
}

let admin: Page;
let finance: Page;
let projectCode = '';
let donationNo = '';
let payoutNo = '';

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

describe('the donations console', () => {
  it('lets admin create a project under 诸暨市 and open it for giving', async () => {
    await admin.getByTestId('console-menu').getByText('募捐项目', { exact: true }).click();
    await admin.waitForURL(/\/console\/donation-projects$/);
    await admin.getByTestId('project-create').click();
    const form = admin.getByTestId('project-form');
    await form.locator('.ant-select').first().click();
    await admin.keyboard.type('诸暨市');
    await admin
      .locator('.ant-select-tree-title')
      .filter({ hasText: /^诸暨市 · / })
      .first()
      .click();
    await admin.getByTestId('project-name').fill(projectName);
    await admin.getByTestId('project-summary').fill('端到端测试:为困难家庭募集善款');
    await admin.getByTestId('project-purpose').fill('困难家庭救助');
    await admin.getByTestId('project-target').fill('50000');
    await admin.getByTestId('project-save').click();

    const row = admin.getByTestId('projects-table').locator('.ant-table-row').filter({ hasText: projectName });
    await expect.poll(() => row.textContent()).toContain('草稿');
    projectCode = ((await row.locator('.mono').first().textContent()) ?? '').trim();
    expect(projectCode).toMatch(/^XM\d{4}\d{6}$/);
    expect(await row.textContent()).toContain('诸暨市');

    await row.getByTestId('project-open').click();
    await admin.getByTestId('confirm-status').click();
    await expect.poll(() => row.textContent()).toContain('募捐中');
    await expect(row.textContent()).resolves.toContain('¥0.00 / ¥50,000.00');
    const res = await admin.request.get(`/api/public/projects/${projectCode}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ name: projectName, status: 'open', isAcceptingGifts: true });
  });

  it('lets finance record a bank gift with its evidence file and shows its trail', async () => {
    await finance.getByTestId('console-menu').getByText('捐赠记录', { exact: true }).click();
    await finance.waitForURL(/\/console\/donations$/);
    await finance.getByTestId('donation-record').click();
    await uploadEvidence(finance, 'record-evidence');
    await choose(finance, finance.getByTestId('record-project'), projectName);
    await finance.getByTestId('record-amount').fill('12345.6');
    await expect.poll(() => finance.getByTestId('record-form').textContent()).toContain('即 ¥12,345.60');
    await finance.getByTestId('record-reference').fill(`BK${tag}`);
    await finance.getByTestId('record-donor').fill(donorName);
    await finance.getByTestId('record-submit').click();

    const detail = finance.getByTestId('donation-detail');
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    donationNo = /D\d{8}[0-9A-Z]{10}/.exec(text)?.[0] ?? '';
    expect(donationNo).not.toBe('');
    expect(text).toContain('¥12,345.60');
    expect(text).toContain('银行转账');
    expect(text).toContain(donorName);
    await expect(finance.getByTestId('donation-unspent').textContent()).resolves.toContain('¥12,345.60');
    // The evidence link serves the very bytes that were uploaded.
    const href = await finance.getByTestId('donation-evidence').getAttribute('href');
    const file = await finance.request.get(href ?? '');
    expect(file.status()).toBe(200);
    expect(Buffer.from(await file.body()).equals(png)).toBe(true);
    await finance.locator('.ant-drawer-close').click();

    await finance.getByTestId('donation-search').locator('input').fill(donorName);
    await finance.getByTestId('donation-search').locator('input').press('Enter');
    await expect
      .poll(() => finance.getByTestId('donations-table').locator('.ant-table-row').allTextContents())
      .toEqual([expect.stringContaining(donationNo)]);
    await expect(finance.getByTestId('donation-totals').textContent()).resolves.toContain('¥12,345.60');
  });

  it('lets admin request a payout that only another person may approve', async () => {
    await admin.getByTestId('console-menu').getByText('基金与拨付', { exact: true }).click();
    await admin.waitForURL(/\/console\/funds$/);
    // The province sees every unit's funds, a page at a time: narrow to the project's county.
    await pickOrg(admin, admin.getByTestId('funds-unit'), '诸暨市');
    const fundRow = admin.getByTestId('funds-table').locator('.ant-table-row').filter({ hasText: projectName });
    await expect.poll(() => fundRow.textContent()).toContain('¥12,345.60');
    await fundRow.getByTestId('fund-request-payout').click();
    await expect(admin.getByTestId('payout-available').textContent()).resolves.toBe('¥12,345.60');
    await admin.getByTestId('payout-amount').fill('2000');
    await admin.getByTestId('payout-payee').fill('暨阳街道博爱家园');
    await admin.getByTestId('payout-purpose').fill('困难家庭慰问金');
    await uploadEvidence(admin, 'payout-evidence');
    await admin.getByTestId('payout-submit').click();

    const detail = admin.getByTestId('payout-detail');
    await detail.waitFor();
    payoutNo = /P\d{8}[0-9A-Z]{10}/.exec((await detail.textContent()) ?? '')?.[0] ?? '';
    expect(payoutNo).not.toBe('');
    await expect(detail.getByTestId('payout-status').textContent()).resolves.toBe('待审批');
    // The requester's own approve button is disabled.
    await expect(admin.locator('.ant-drawer').getByTestId('payout-approve').isDisabled()).resolves.toBe(true);
    await admin.locator('.ant-drawer-close').click();
  });

  it('refuses a payout above the fund balance with the server’s FUND_INSUFFICIENT message', async () => {
    const fundRow = admin.getByTestId('funds-table').locator('.ant-table-row').filter({ hasText: projectName });
    await fundRow.getByTestId('fund-request-payout').click();
    await admin.getByTestId('payout-amount').fill('20000');
    await expect.poll(() => admin.getByTestId('payout-form').textContent()).toContain('超过可用余额 ¥12,345.60');
    await admin.getByTestId('payout-payee').fill('某单位');
    await admin.getByTestId('payout-purpose').fill('超额拨付测试');
    await uploadEvidence(admin, 'payout-evidence');
    await admin.getByTestId('payout-submit').click();
    const error = admin.getByTestId('payout-form').locator('.ant-form-item-explain-error');
    await expect.poll(() => error.first().textContent()).toBe('基金余额不足(可用余额 ¥12,345.60)');
    await admin.locator('.ant-modal-close').click();
  });

  it('lets finance approve it, and the payout lists the gift it spent', async () => {
    await finance.getByTestId('console-menu').getByText('基金与拨付', { exact: true }).click();
    await finance.waitForURL(/\/console\/funds$/);
    const row = finance.getByTestId('payouts-table').locator('.ant-table-row').filter({ hasText: payoutNo });
    await row.getByTestId('payout-approve').click();
    await finance.getByTestId('confirm-approve').click();
    await expect.poll(() => row.count()).toBe(0);

    await finance.getByTestId('payout-status-filter').getByText('已拨付', { exact: true }).click();
    const paid = finance.getByTestId('payouts-table').locator('.ant-table-row').filter({ hasText: payoutNo });
    await paid.click();
    const detail = finance.getByTestId('payout-detail');
    await expect.poll(() => detail.getByTestId('payout-status').textContent()).toBe('已拨付');
    const spends = finance.getByTestId('payout-spends').locator('.ant-table-row');
    await expect.poll(() => spends.allTextContents()).toEqual([expect.stringContaining(donationNo)]);
    expect(await spends.first().textContent()).toContain('¥2,000.00');
    await finance.locator('.ant-drawer-close').click();

    const fundRow = finance.getByTestId('funds-table').locator('.ant-table-row').filter({ hasText: projectName });
    await expect.poll(() => fundRow.textContent()).toContain('¥10,345.60');
  });

  it('shows on the gift where its money went', async () => {
    await finance.getByTestId('console-menu').getByText('捐赠记录', { exact: true }).click();
    await finance.getByTestId('donation-search').locator('input').fill(donationNo);
    await finance.getByTestId('donation-search').locator('input').press('Enter');
    const row = finance.getByTestId('donations-table').locator('.ant-table-row').filter({ hasText: donationNo });
    await row.click();
    await expect.poll(() => finance.getByTestId('donation-unspent').textContent()).toContain('¥10,345.60');
    const spends = finance.getByTestId('donation-spends').locator('.ant-table-row');
    await expect.poll(() => spends.allTextContents()).toEqual([expect.stringContaining(payoutNo)]);
    expect(await spends.first().textContent()).toContain('困难家庭慰问金');
  });
});
