// Browser journey through the second-person reviews of the donations console, with demo accounts: finance asks to
// refund an unspent gift from its drawer (a second request is refused with the server's DONATION_NOT_REFUNDABLE),
// cannot approve it, admin approves it and the public ledger holds the refund with its reason code but not the private
// note; admin publishes a due disclosure whose SHA-256 and ledger entry match the text; finance marks a flagged payment
// notification as handled.
import crypto from 'node:crypto';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, pickOption } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000);
const donorName = `e2e退款捐赠人${tag}`;
const privateNote = `捐赠人来电要求退回,身份已核实 ${tag}`;
/** A real 1×1 PNG: the evidence the server sniffs and stores. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

let browser: Browser;
const contexts: BrowserContext[] = [];

/** A signed-in console page for a demo account, in its own browser context (its own cookies). */
async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    baseURL: baseUrl,
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

async function openMenu(page: Page, label: string, path: RegExp) {
  await page.getByTestId('console-menu').getByText(label, { exact: true }).click();
  await page.waitForURL(path);
}

let admin: Page;
let finance: Page;
let donationNo = '';

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: chromiumFlags });
  admin = await signedIn('admin');
  finance = await signedIn('finance');

  // A fresh bank gift to the demo project of 诸暨市 (recording gifts has its own journey): the newest gift of its fund,
  // so no payout has spent it.
  const projects = await (await finance.request.get('/api/donation-projects?q=AED')).json();
  const project = projects.items.find((p: { orgName: string }) => p.orgName === '诸暨市');
  const evidence = await finance.request.post('/api/files', {
    multipart: { file: { name: '银行回单.png', mimeType: 'image/png', buffer: png } },
  });
  expect(evidence.status()).toBe(201);
  const gift = await finance.request.post('/api/donations', {
    data: {
      projectId: project.id,
      channel: 'bank',
      amountFen: 43_210,
      donorKind: 'person',
      donorName,
      intent: 'restricted',
      receivedAt: new Date().toISOString(),
      evidenceFileId: (await evidence.json()).id,
      reference: `RF${tag}`,
    },
  });
  expect(gift.status()).toBe(201);
  donationNo = (await gift.json()).donationNo;
});

afterAll(async () => {
  for (const context of contexts) {
    await context.close();
  }
  await browser?.close();
});

describe('reviews in the donations console', () => {
  it('lets finance ask to refund an unspent gift from its drawer, and refuses a second request', async () => {
    await openMenu(finance, '捐赠记录', /\/console\/donations$/);
    await finance.getByTestId('donation-search').locator('input').fill(donationNo);
    await finance.getByTestId('donation-search').locator('input').press('Enter');
    await finance.getByTestId('donations-table').locator('.ant-table-row').filter({ hasText: donationNo }).click();
    await finance.getByTestId('donation-detail').waitFor();

    await finance.getByTestId('gift-reversal').click();
    await expect.poll(() => finance.locator('.ant-modal').textContent()).toContain('¥432.10');
    await pickOption(finance, 'reversal-reason', '捐赠人要求', { partial: true });
    await finance.getByTestId('reversal-note').fill(privateNote);
    await finance.getByTestId('reversal-submit').click();
    await expect.poll(() => finance.locator('.ant-message').textContent()).toContain('已提交退款申请');
    await expect.poll(() => finance.locator('.ant-modal').count()).toBe(0);

    // The same gift again: the server refuses (a reversal is pending) and the dialog says why.
    await finance.getByTestId('gift-reversal').click();
    await pickOption(finance, 'reversal-reason', '重复录入', { partial: true });
    await finance.getByTestId('reversal-note').fill('再次申请');
    await finance.getByTestId('reversal-submit').click();
    const refused = finance.getByTestId('reversal-refused');
    await expect.poll(() => refused.textContent()).toContain('该捐赠已退款或已被使用,不能退款');
    expect(await refused.textContent()).toContain('已有一笔待审批或已完成的退款/更正申请');
    expect(await finance.getByTestId('reversal-submit').isDisabled()).toBe(true);
    await finance.locator('.ant-modal-close').click();
    await finance.locator('.ant-drawer-close').click();
  });

  it('shows finance its own request with the approve button disabled and why', async () => {
    await openMenu(finance, '退款与更正审批', /\/console\/donation-reversals$/);
    const row = finance.getByTestId('reversals-table').locator('.ant-table-row').filter({ hasText: donationNo });
    await expect.poll(() => row.textContent()).toContain(privateNote);
    expect(await row.textContent()).toContain('¥432.10');
    expect(await row.getByTestId('reversal-approve').isDisabled()).toBe(true);
    expect(await row.getByTestId('reversal-own').textContent()).toContain('本人提交,须由他人审批');
  });

  it('lets admin approve it: the public ledger holds the refund with its reason code, never the note', async () => {
    await openMenu(admin, '退款与更正审批', /\/console\/donation-reversals$/);
    const row = admin.getByTestId('reversals-table').locator('.ant-table-row').filter({ hasText: donationNo });
    await row.getByTestId('reversal-approve').click();
    await expect.poll(() => admin.locator('.ant-modal-confirm').textContent()).toContain('批准退款 ¥432.10');
    await admin.getByTestId('reversal-confirm-approve').click();
    await expect.poll(() => row.count()).toBe(0);

    await admin.getByTestId('reversal-status-filter').getByText('已完成', { exact: true }).click();
    const done = admin.getByTestId('reversals-table').locator('.ant-table-row').filter({ hasText: donationNo });
    await expect.poll(() => done.getByTestId('approval-status').textContent()).toBe('已完成');
    const index = Number(((await done.locator('a[href^="/api/ledger/entries/"]').textContent()) ?? '').slice(1));
    const entry = await (await admin.request.get(`/api/ledger/entries/${index}`)).json();
    expect(entry.kind).toBe('donation.refunded');
    const leaf = JSON.parse(entry.leaf);
    expect(leaf).toMatchObject({
      kind: 'donation.refunded',
      ref: donationNo,
      amountFen: 43_210,
      reason: 'donor_request',
    });
    expect(entry.leaf).not.toContain(privateNote);
    expect(entry.leaf).not.toContain('来电');

    const gift = await (await admin.request.get(`/api/public/donations/${donationNo}`)).json();
    expect(gift).toMatchObject({ isRefunded: true, unspentFen: 0 });
  });

  it('lets admin publish a due disclosure whose SHA-256 and ledger entry match the text', async () => {
    await openMenu(admin, '信息公开', /\/console\/disclosures$/);
    await admin.getByTestId('disclosure-status-filter').getByText('未公示', { exact: true }).click();
    // The obligations come from the timer job that runs at start-up.
    const publish = admin.getByTestId('disclosures-table').getByTestId('disclosure-publish').first();
    await expect.poll(() => publish.count(), { timeout: 60_000 }).toBe(1);
    await publish.click();
    await expect.poll(() => admin.getByTestId('disclosure-warning').textContent()).toContain('永远不能修改');
    const title = `e2e公示${tag}`;
    const body = `本期收到的捐赠和拨付情况如下:全部用于项目。${tag}`;
    await admin.getByTestId('disclosure-title').fill(title);
    await admin.getByTestId('disclosure-body').fill(body);
    await admin.getByTestId('disclosure-submit').click();
    // Not without confirming that a published text is final.
    await expect.poll(() => admin.getByTestId('disclosure-form').textContent()).toContain('请先确认');
    await admin.getByTestId('disclosure-confirm').check();
    await admin.getByTestId('disclosure-submit').click();

    const detail = admin.getByTestId('disclosure-detail');
    await detail.waitFor();
    expect(await admin.getByTestId('disclosure-body-text').textContent()).toBe(body);
    const expected = crypto.createHash('sha256').update(`${title}\n${body}`, 'utf8').digest('hex');
    expect(await admin.getByTestId('disclosure-sha256').textContent()).toContain(expected);
    expect(await detail.textContent()).toContain('已公示');
    const index = Number(((await admin.getByTestId('disclosure-ledger').textContent()) ?? '').slice(1));
    const entry = await (await admin.request.get(`/api/ledger/entries/${index}`)).json();
    expect(entry.kind).toBe('disclosure.published');
    expect(JSON.parse(entry.leaf)).toMatchObject({ sha256: expected, onTime: true });
    await admin.locator('.ant-drawer-close').click();

    await admin.getByTestId('disclosure-status-filter').getByText('已公示', { exact: true }).click();
    const row = admin.getByTestId('disclosures-table').locator('.ant-table-row').filter({ hasText: title });
    await expect.poll(() => row.getByTestId('disclosure-status').textContent()).toBe('已公示');
  });

  it('lets finance mark a flagged payment notification as handled, with a note', async () => {
    // A notification that fails verification is refused and flagged.
    const forged = await finance.request.post('/api/payments/local/notify', {
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ orderNo: `X${tag}`, amountFen: 100 }),
    });
    expect(forged.status()).toBe(400);
    await openMenu(finance, '异常支付通知', /\/console\/payment-alerts$/);
    const review = finance.getByTestId('alerts-table').getByTestId('alert-review').first();
    await review.click();
    await finance.getByTestId('alert-review-submit').click();
    await expect.poll(() => finance.getByTestId('alert-review-form').textContent()).toContain('请填写此项');
    await finance.getByTestId('alert-review-note').fill('已与平台账单核对:伪造的测试通知');
    await finance.getByTestId('alert-review-submit').click();
    await expect.poll(() => finance.locator('.ant-message').textContent()).toContain('已标记为已处理');
    await expect.poll(() => finance.getByTestId('alert-reviewed').first().textContent()).toContain('本人');
  });
});
