// Browser journey of a fiscal donation receipt (公益事业捐赠票据) against a real server with demo data: a donor on a
// phone (390×844) gives ¥88 through the built-in checkout asking for a receipt, asks for it on the trace page (a
// mistyped ID number is refused in the browser first), finance (诸暨市) issues it in the console (1440×900) and sees
// its number and PDF, the donor sees it issued and downloads the PDF, and the public verification page confirms it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { computeCheckCharacter } from '../server/src/platform/identity/id-number';
import { chromiumFlags, horizontalOverflow } from './support';

const baseUrl = inject('baseUrl');

function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

const first17 = '33068119900307241';
const validId = first17 + computeCheckCharacter(first17);
// The same number with a wrong check character: the browser refuses it before sending anything.
const mistypedId = first17 + (validId.endsWith('0') ? '1' : '0');

describe('a fiscal donation receipt from request to verification', () => {
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];
  let admin: APIRequestContext;
  let phone: Page;
  let console_: Page;
  const code = `RCPT-${Date.now() % 1_000_000}`;
  let donationNo = '';
  let receipt = { code: '', number: '', check: '' };

  async function browser(viewport: { width: number; height: number }): Promise<Page> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-chromium-'));
    dirs.push(dir);
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: readTestEnv().chromiumPath,
      args: chromiumFlags,
      viewport,
      locale: 'zh-CN',
      baseURL: baseUrl,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    return page;
  }

  beforeAll(async () => {
    admin = await request.newContext({ baseURL: baseUrl });
    const signIn = await admin.post('/api/auth/sign-in', { data: { username: 'admin', password: 'Boai2026demo' } });
    expect(signIn.status()).toBe(200);
    // The demo finance officer works at 诸暨市: the gift goes to a project there.
    const orgs = await (await admin.get('/api/orgs', { params: { q: '诸暨市' } })).json();
    const zhuji = orgs.items.find((o: { name: string }) => o.name === '诸暨市');
    const created = await admin.post('/api/donation-projects', {
      data: {
        orgId: zhuji.id,
        code,
        name: `票据旅程助学项目${code.slice(-4)}`,
        summary: '资助困难家庭学生',
        fundKind: 'restricted',
        purpose: '困难学生助学',
        targetFen: 10_000_000,
        startsOn: chinaToday(),
      },
    });
    expect(created.status()).toBe(201);
    const project = await created.json();
    expect((await admin.patch(`/api/donation-projects/${project.id}`, { data: { status: 'open' } })).status()).toBe(
      200,
    );
    phone = await browser({ width: 390, height: 844 });
    console_ = await browser({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    for (const context of contexts) {
      await context.close();
    }
    await admin?.dispose();
    for (const dir of dirs) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives ¥88 on a phone asking for a receipt, and finds it not yet requested on the trace page', async () => {
    await phone.goto(`/give/${code}`);
    await phone.getByTestId('custom-amount').fill('88');
    await phone.getByTestId('donor-name').fill('司马相如');
    await phone.getByText('填写手机号、留言或申请捐赠票据').click();
    await phone.locator('#donor-phone').fill('13905751234');
    await phone.getByText('我需要公益事业捐赠票据').click();
    await phone.getByTestId('consent').click();
    await phone.getByTestId('give-submit').click();
    await phone.waitForURL(/\/pay\/local\//);
    await phone.getByTestId('checkout-pay').click();
    await phone.waitForURL(/\/give\/result\//);
    await phone.getByTestId('result-paid').waitFor();
    donationNo = ((await phone.getByTestId('donation-no').textContent()) ?? '').trim();
    expect(donationNo).toMatch(/^D\d{8}[0-9A-Z]+$/);

    await phone.getByTestId('trace-link').click();
    await phone.waitForURL(new RegExp(`/trace/${donationNo}$`));
    const section = phone.locator('[data-testid=receipt-section][data-state=not_requested]');
    await section.waitFor();
    await expect(phone.getByTestId('receipt-state').textContent()).resolves.toBe('未申请');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
  });

  it('refuses a mistyped ID number in the browser, then sends the request with the right one', async () => {
    let posted = 0;
    phone.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/receipt-request')) {
        posted++;
      }
    });
    await phone.getByTestId('payer-name').fill('司马相如');
    await phone.getByTestId('payer-id').fill(mistypedId);
    await phone.getByTestId('receipt-submit').click();
    await expect
      .poll(() => phone.getByTestId('receipt-form').locator('.ant-form-item-explain-error').textContent())
      .toContain('校验位不符');
    expect(posted).toBe(0);

    await phone.getByTestId('payer-id').fill(validId);
    await phone.getByTestId('receipt-submit').click();
    await phone.locator('[data-testid=receipt-section][data-state=requested]').waitFor();
    expect(posted).toBe(1);
    // The donor sees the payer masked, never the whole ID number.
    const summary = (await phone.getByTestId('receipt-request-summary').textContent()) ?? '';
    expect(summary).toContain('司**');
    expect(summary).toContain(validId.slice(-4));
    expect(summary).not.toContain(validId);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
  });

  it('lets finance issue it from the queue in the console and shows the number and the PDF', async () => {
    await console_.goto('/console/login');
    await console_.getByTestId('username').fill('finance');
    await console_.getByTestId('password').fill('Boai2026demo');
    await console_.getByTestId('sign-in').click();
    await console_.waitForURL(/\/console\/(?!login)/);
    await console_.goto('/console/receipts');

    const row = console_.getByTestId('request-table').locator('tbody tr', { hasText: donationNo });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('¥88.00');
    await row.getByTestId('request-issue').click();
    await console_.getByTestId('issue-reviewer').fill('李复核');
    await console_.getByTestId('issue-submit').click();

    const detail = console_.locator('[data-testid=receipt-detail][data-kind=original][data-state=valid]');
    await detail.waitFor();
    receipt = {
      code: ((await console_.getByTestId('receipt-code').textContent()) ?? '').trim(),
      number: ((await console_.getByTestId('receipt-number').textContent()) ?? '').trim(),
      check: ((await console_.getByTestId('receipt-check').textContent()) ?? '').trim(),
    };
    // 票据代码: province 33 + category 05 + type 01 + year; 票据号码: 10 digits.
    expect(receipt.code).toBe(`330501${chinaToday().slice(2, 4)}`);
    expect(receipt.number).toMatch(/^\d{10}$/);
    await expect(detail.textContent()).resolves.toContain('司马相如');

    const pdfHref = await console_.getByTestId('receipt-open-pdf').getAttribute('href');
    const pdf = await console_.request.get(pdfHref ?? '');
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows the donor the issued receipt and downloads its PDF', async () => {
    await phone.reload();
    await phone.locator('[data-testid=receipt-section][data-state=issued]').waitFor();
    await expect(phone.getByTestId('receipt-state').textContent()).resolves.toBe('已开具');
    const doc = phone.getByTestId('receipt-doc');
    await expect(doc.getByTestId('receipt-doc-number').textContent()).resolves.toBe(
      `${receipt.code}-${receipt.number}`,
    );
    await expect(doc.getByTestId('receipt-doc-state').textContent()).resolves.toBe('有效');

    const [popup] = await Promise.all([phone.waitForEvent('popup'), doc.getByTestId('receipt-pdf').click()]);
    const href = await doc.getByTestId('receipt-pdf').getAttribute('href');
    expect(href).toContain(`/api/public/donations/${donationNo}/receipt.pdf?token=`);
    await popup.close();
    const pdf = await phone.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
  });

  it('confirms the receipt on the public verification page, and refuses a wrong check code', async () => {
    await phone.getByTestId('receipt-verify-link').click();
    await phone.waitForURL(/\/receipts\/verify\?/);
    const result = phone.locator('[data-testid=verify-result][data-status=valid]');
    await result.waitFor();
    await expect(phone.getByTestId('verify-verdict').textContent()).resolves.toContain('票据真实有效');
    const facts = (await phone.getByTestId('verify-facts').textContent()) ?? '';
    expect(facts).toContain(receipt.number);
    expect(facts).toContain('¥88.00');
    expect(facts).not.toContain('司马');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);

    // A fresh visitor types the numbers in; one wrong character of the check code finds nothing.
    await phone.goto('/receipts/verify');
    await phone.getByTestId('verify-code').fill(receipt.code);
    await phone.getByTestId('verify-number').fill(receipt.number);
    const wrong = receipt.check.slice(0, -1) + (receipt.check.endsWith('0') ? '1' : '0');
    await phone.getByTestId('verify-check').fill(wrong);
    await phone.getByTestId('verify-submit').click();
    await phone.locator('[data-testid=verify-result][data-status=unknown]').waitFor();

    await phone.getByTestId('verify-check').fill(receipt.check.toUpperCase());
    await phone.getByTestId('verify-submit').click();
    await phone.locator('[data-testid=verify-result][data-status=valid]').waitFor();
  });
});
