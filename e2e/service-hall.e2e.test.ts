// Browser journey of the service hall (一网通办) against a real server with demo data: a citizen on a phone finds
// 救护员证查询与补证 (an item the hall handles itself) from the home page, signs in by SMS code on the way, fills the generated form (an ID number checked in the
// browser) and uploads the ID card; a county staff user accepts it (a return needs a reason) and concludes it in the
// console work queue; the citizen follows the timeline and rates the service (好差评).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { chromiumFlags, horizontalOverflow, pickOption } from './support';

const baseUrl = inject('baseUrl');
// The pages fetch after they render: polls wait as long as locators do.
const poll = { timeout: 20_000 };
const profiles: string[] = [];
// A 1×1 PNG: the server checks a material's bytes, not its name.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

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

async function staffApi(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl });
  const res = await api.post('/api/auth/sign-in', { data: { username, password: 'Boai2026demo' } });
  expect(res.status()).toBe(200);
  return api;
}

/** Picks the option with this text in an antd Select (checked, and tried again when a click is lost under load). */
const choose = (page: Page, testId: string, text: string) => pickOption(page, testId, text, { partial: true });

afterAll(() => {
  for (const dir of profiles) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the service hall', () => {
  let phone: { context: BrowserContext; page: Page };
  let desk: { context: BrowserContext; page: Page };
  const mobile = `137${String(Date.now()).slice(-8)}`;
  let requestNo = '';
  let requestUrl = '';

  beforeAll(async () => {
    phone = await openBrowser(390, 844);
    desk = await openBrowser(1440, 900);
  });
  afterAll(async () => {
    await phone?.context.close();
    await desk?.context.close();
  });

  it('shows the hall with its four categories and an item page that asks to sign in first', async () => {
    const { page } = phone;
    await page.goto('/');
    await page.getByTestId('tile-services').click();
    await page.waitForURL(/\/services$/);
    await expect.poll(() => page.getByTestId('hall-category').count(), poll).toBe(4);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('hall-item-certificate-reissue').click();
    await page.waitForURL(/\/services\/certificate-reissue$/);
    await expect.poll(() => page.getByTestId('item-name').textContent(), poll).toBe('救护员证查询与补证');
    await expect(page.getByTestId('item-facts').textContent()).resolves.toContain('10 个工作日');
    await expect(page.getByTestId('item-materials').textContent()).resolves.toContain('居民身份证');
    await page.getByTestId('sign-in-first').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('signs in by SMS code and comes back to the item with its form', async () => {
    const { page } = phone;
    await page.getByTestId('sign-in-to-apply').click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('phone-input').fill(mobile);
    await page.getByTestId('request-code').click();
    const admin = await staffApi('admin');
    const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
    let code = '';
    await expect
      .poll(async () => {
        const outbox = await (await admin.get('/api/outbox', { params: { channel: 'sms', pageSize: 50 } })).json();
        code = outbox.items.find((m: { recipient: string }) => m.recipient === masked)?.body.match(/\d{6}/)?.[0] ?? '';
        return code;
      })
      .toMatch(/^\d{6}$/);
    await admin.dispose();
    await page.getByTestId('code-input').fill(code);
    await page.getByTestId('verify-submit').click();
    await page.waitForURL(/\/services\/certificate-reissue$/);
    await page.getByTestId('apply-form').waitFor();
  });

  it('checks the form in the browser, uploads the ID card and submits the application', async () => {
    const { page } = phone;
    await page.getByTestId('apply-submit').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '请上传居民身份证' }).waitFor();

    await choose(page, 'unit-level-0', '浙江省');
    await choose(page, 'unit-level-1', '绍兴市');
    await choose(page, 'unit-level-2', '诸暨市');
    await page.getByTestId('applicant-name').fill('欧阳明月');
    // A wrong check character is refused before anything is sent.
    await page.getByTestId('field-idNumber').locator('input').fill('110105194912310021');
    await page.getByTestId('field-idNumber').locator('input').blur();
    await page.getByTestId('field-idNumber').getByText('身份证号码有误').waitFor();
    await page.getByTestId('field-idNumber').locator('input').fill('11010519491231002X');
    await choose(page, 'field-reason', '遗失补证');

    const idCard = page.getByTestId('material-idCard');
    await idCard
      .locator('input[type=file]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await idCard.getByTestId('upload-error').filter({ hasText: '只接受' }).waitFor();
    await idCard.locator('input[type=file]').setInputFiles({ name: '身份证.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => idCard.getByTestId('material-file').textContent(), poll).toContain('身份证.png');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByTestId('apply-submit').click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    requestUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('request-status').getAttribute('data-status'), poll).toBe('submitted');
    requestNo = ((await page.getByTestId('request-no').textContent()) ?? '').trim();
    expect(requestNo).toMatch(/^S\d{8}/);
    await expect(page.getByTestId('timeline-event').first().getAttribute('data-action')).resolves.toBe('submitted');
    await page.getByTestId('withdraw').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('lets county staff accept and conclude it from the work queue (a return needs a reason)', async () => {
    const { page } = desk;
    await page.goto('/console/login');
    await page.getByTestId('username').fill('zhuji');
    await page.getByTestId('password').fill('Boai2026demo');
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/console\//);
    await page.getByTestId('console-menu').getByText('我的待办', { exact: true }).click();
    await page.waitForURL(/\/console\/service-queue$/);
    const row = page.getByTestId('queue-table').locator('tr.ant-table-row').filter({ hasText: requestNo });
    await row.click();
    const detail = page.getByTestId('request-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('request-answers').textContent()).resolves.toContain('遗失补证');
    await expect(detail.getByTestId('request-files').textContent()).resolves.toContain('身份证.png');

    await detail.getByTestId('transition-returned').click();
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await page.locator('.ant-modal:visible .ant-form-item-explain-error').filter({ hasText: '请填写理由' }).waitFor();
    await page.locator('.ant-modal:visible .ant-modal-footer .ant-btn:not(.ant-btn-primary)').click();

    await detail.getByTestId('transition-accepted').click();
    await page.getByTestId('transition-note').fill('材料齐全，予以受理');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    const status = page.locator('.ant-drawer-header').getByTestId('request-status');
    await expect.poll(() => status.getAttribute('data-status'), poll).toBe('accepted');
    await detail.getByTestId('transition-done').click();
    await page.getByTestId('transition-note').fill('证书已补办，请到诸暨市红十字会领取');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await expect.poll(() => status.getAttribute('data-status'), poll).toBe('done');
    await expect(detail.getByTestId('timeline-event').first().getAttribute('data-action')).resolves.toBe('done');
    await expect(detail.getByTestId('transition-done').count()).resolves.toBe(0);
  });

  it('shows the citizen every step with its unit and note, and takes a five-star rating', async () => {
    const { page } = phone;
    await page.goto('/my/requests');
    const card = page.getByTestId('my-request').filter({ hasText: requestNo });
    await expect.poll(() => card.getByTestId('request-status').getAttribute('data-status'), poll).toBe('done');
    await card.click();
    await page.waitForURL(new RegExp(`${requestUrl}$`));
    await expect.poll(() => page.getByTestId('timeline-event').count(), poll).toBe(3);
    const events = page.getByTestId('timeline-event');
    const actions = await Promise.all([0, 1, 2].map((i) => events.nth(i).getAttribute('data-action')));
    expect(actions).toEqual(['done', 'accepted', 'submitted']);
    await expect(page.getByTestId('request-timeline').textContent()).resolves.toContain('证书已补办');
    await expect(page.getByTestId('request-timeline').textContent()).resolves.toContain('诸暨市');

    await page.getByTestId('rate-submit').click();
    await page.getByText('请选择星级').waitFor();
    await page.getByTestId('rate-stars').locator('li').nth(4).click();
    await page.getByTestId('rate-comment').fill('办理很快，态度很好');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('my-rating').waitFor();
    await expect(page.getByTestId('my-rating').textContent()).resolves.toContain('办理很快');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
