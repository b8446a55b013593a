// Browser journey of a donor on a phone (375×740) against a real server with demo data: a project page, ¥50 through
// the built-in checkout, the result page with the donation number and certificate, the trace page verifying the entry
// in the browser (every check green, and red for a wrong salt), the daily disclosure listing the gift (with its CSV),
// and the project page counting it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, horizontalOverflow } from './support';

const baseUrl = inject('baseUrl');

/** Today's date in China (the disclosure's day), as the page computes it. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

describe('giving on a phone', () => {
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let admin: APIRequestContext;
  const code = `E2E-${Date.now() % 1_000_000}`;
  const projectName = `端到端测试救助项目${code.slice(-4)}`;
  let donationNo = '';

  beforeAll(async () => {
    admin = await request.newContext({ baseURL: baseUrl });
    const signIn = await admin.post('/api/auth/sign-in', { data: { username: 'admin', password: 'Boai2026demo' } });
    expect(signIn.status()).toBe(200);
    const orgs = await (await admin.get('/api/orgs', { params: { q: '绍兴市' } })).json();
    const shaoxing = orgs.items.find((o: { name: string }) => o.name === '绍兴市');
    const created = await admin.post('/api/donation-projects', {
      data: {
        orgId: shaoxing.id,
        code,
        name: projectName,
        summary: '为受灾群众提供紧急生活救助',
        fundKind: 'restricted',
        purpose: '受灾群众紧急生活救助',
        targetFen: 10_000_000,
        startsOn: chinaToday(),
      },
    });
    expect(created.status()).toBe(201);
    const project = await created.json();
    const opened = await admin.patch(`/api/donation-projects/${project.id}`, { data: { status: 'open' } });
    expect(opened.status()).toBe(200);

    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: readTestEnv().chromiumPath,
      args: chromiumFlags,
      viewport: { width: 375, height: 740 },
      locale: 'zh-CN',
      baseURL: baseUrl,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await context?.close();
    await admin?.dispose();
    if (userDataDir) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  it('reaches the project from the home page and shows it with a give button', async () => {
    await page.goto('/');
    await page.getByTestId('tile-give').click();
    await page.waitForURL(/\/projects$/);
    await page.getByTestId('project-card').filter({ hasText: projectName }).click();
    await page.waitForURL(new RegExp(`/projects/${code}$`));
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe(projectName);
    await expect(page.getByTestId('project-raised').textContent()).resolves.toBe('¥0.00');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('refuses a typed amount with three decimals, then gives ¥50 through the built-in checkout', async () => {
    await page.getByTestId('give-button').click();
    await page.waitForURL(new RegExp(`/give/${code}$`));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('custom-amount').fill('50.005');
    await page.getByTestId('give-submit').click();
    await expect.poll(() => page.getByTestId('amount-error').textContent()).toContain('两位小数');

    await page.getByTestId('preset-5000').click();
    await expect.poll(() => page.getByTestId('give-submit').textContent()).toContain('¥50.00');
    await page.getByTestId('donor-name').fill('欧阳明月');
    await page.getByTestId('consent').click();
    await page.getByTestId('give-submit').click();

    await page.waitForURL(/\/pay\/local\//);
    await expect.poll(() => page.getByTestId('checkout-amount').textContent()).toBe('¥50.00');
    await expect(page.getByTestId('demo-banner').textContent()).resolves.toContain('模拟支付');
    await page.getByTestId('checkout-pay').click();

    await page.waitForURL(/\/give\/result\//);
    await page.getByTestId('result-paid').waitFor();
    donationNo = ((await page.getByTestId('donation-no').textContent()) ?? '').trim();
    expect(donationNo).toMatch(/^D\d{8}[0-9A-Z]+$/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The certificate link opens a real PDF for the holder of the token.
    const href = await page.getByTestId('certificate-link').getAttribute('href');
    expect(href).toContain(`/api/public/donations/${donationNo}/certificate.pdf?token=`);
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shows the gift on its trail and verifies its ledger entry in the browser', async () => {
    await page.getByTestId('trace-link').click();
    await page.waitForURL(new RegExp(`/trace/${donationNo}$`));
    await expect.poll(() => page.getByTestId('trace-amount').textContent()).toBe('¥50.00');
    await expect(page.getByTestId('trace-gift').textContent()).resolves.toContain('欧**月');

    // Checkpoints are signed every minute: the page waits for the one that holds this entry.
    await page.getByTestId('verify-verdict').waitFor({ timeout: 100_000 });
    const ids = ['signature', 'leafHash', 'inclusion', 'facts', 'commitment'];
    await expect.poll(() => page.getByTestId('verify-checks').locator('li').count()).toBe(ids.length);
    for (const id of ids) {
      await expect(page.getByTestId(`check-${id}`).getAttribute('data-ok')).resolves.toBe('true');
    }
    await expect(page.getByTestId('verify-verdict').getAttribute('data-ok')).resolves.toBe('true');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('turns the commitment check red for a wrong salt on a device without the token, green for the right one', async () => {
    const token = String(await page.evaluate(`localStorage.getItem('boai_gift_token:gift:${donationNo}')`));
    const mine = await (
      await page.request.get(`/api/public/donations/${donationNo}/mine`, { params: { token } })
    ).json();
    await page.evaluate(`localStorage.removeItem('boai_gift_token:gift:${donationNo}')`);
    await page.reload();
    await page.getByTestId('verify-verdict').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('check-commitment').count()).resolves.toBe(0);

    await page.getByText('我是捐赠人，核验这条记录属于我').click();
    const wrongSalt = `${mine.salt.slice(0, -2)}${mine.salt.endsWith('AA') ? 'BA' : 'AA'}`;
    await page.locator('#trace-salt').fill(wrongSalt);
    await page.locator('#trace-name').fill('欧阳明月');
    await page.getByTestId('manual-check').click();
    await expect.poll(() => page.getByTestId('check-commitment').getAttribute('data-ok')).toBe('false');

    await page.locator('#trace-salt').fill(mine.salt);
    await page.getByTestId('manual-check').click();
    await expect.poll(() => page.getByTestId('check-commitment').getAttribute('data-ok')).toBe('true');
  });

  it("lists the gift in today's disclosure and finds it by its number", async () => {
    await page.goto('/disclosure');
    const receipts = page.getByTestId('disclosure-receipts');
    await receipts.getByText(donationNo).first().waitFor();
    await expect(receipts.textContent()).resolves.toContain('¥50.00');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('search-number').fill(donationNo.toLowerCase());
    await page.getByTestId('search-run').click();
    await page.getByTestId('search-results').getByText(donationNo).waitFor();

    // The CSV download carries a BOM for Excel and the gift's row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-receipts').click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain(`${donationNo},`);
    expect(csv).toContain(',欧**月,50.00,');
  });

  it('shows the gift on the project page: raised amount, latest gifts and the fund-flow chart', async () => {
    await page.goto(`/projects/${code}`);
    await expect.poll(() => page.getByTestId('project-raised').textContent()).toBe('¥50.00');
    await page.getByTestId('recent-gifts').getByText('欧**月').waitFor();
    await page.getByTestId('fund-flow').locator('canvas').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
