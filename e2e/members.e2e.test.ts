// Browser journey of membership (issue 7 item 1, "Done when"): a new user on a phone (390×844) applies to join at
// 诸暨市, the member officer (huiyuan) admits the application in the console, the phone shows the member card with its
// QR code, and the QR code's page verifies the card.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  horizontalOverflow,
  idNumberFor,
  launchBrowser,
  pickOption,
  runPhone,
  signInPublic,
  staffApi,
  staffPage,
  timeout,
} from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1000).padStart(3, '0');
const name = `陈农家${['甲', '乙', '丙', '丁', '戊'][Number(tag) % 5]}`;

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
const contexts: BrowserContext[] = [];

async function shot(page: Page, file: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${file}.png`, fullPage: true });
  }
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  ({ browser, close } = await launchBrowser());
}, 120_000);

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await close?.();
  await admin?.dispose();
});

describe('会员: join on a phone, admitted in the console, card with QR on the phone, QR page verifies', () => {
  it('runs the whole journey', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      baseURL: baseUrl,
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const phone = await context.newPage();
    phone.setDefaultTimeout(timeout);
    await signInPublic(phone, admin, runPhone('136'));

    // The application form on the phone: unit down the tree, name, ID number, the statutes.
    await phone.goto('/members/join');
    await phone.getByTestId('member-join-page').waitFor();
    await pickOption(phone, 'member-unit-0', '浙江省');
    await pickOption(phone, 'member-unit-1', '绍兴市');
    await pickOption(phone, 'member-unit-2', '诸暨市');
    await phone.getByTestId('member-join-name').fill(name);
    await phone.getByTestId('member-join-id').fill(idNumberFor('19850315', 500 + (Number(tag) % 400)));
    await phone.getByTestId('member-join-statutes').check();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'members-join');
    await phone.getByTestId('member-join-submit').click();
    await phone.getByTestId('member-join-to-mine').click();
    await expect.poll(() => phone.getByTestId('my-membership-status').textContent()).toContain('审核中');

    // The member officer admits it from the review queue.
    const { page: console_, context: staff } = await staffPage(browser, baseUrl, 'huiyuan');
    contexts.push(staff);
    await console_.goto('/console/members');
    await console_.getByTestId('members-queue-tab').click();
    await console_.getByText(name, { exact: true }).click();
    await console_.getByTestId('member-admit').click();
    await expect.poll(() => console_.getByTestId('member-drawer-status').textContent()).toContain('有效');
    await shot(console_, 'members-console');

    // The phone shows the card with its QR code.
    await phone.goto('/my/membership');
    await expect.poll(() => phone.getByTestId('member-card-no').textContent()).toMatch(/^330681-\d{4}-\d{6}$/);
    const url = await phone.getByTestId('member-card-qr').getAttribute('data-url');
    expect(url).toMatch(/\/members\/verify\/[\w-]+$/);
    expect(await phone.locator('[data-testid="member-card-qr"] svg').count()).toBe(1);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'members-card');

    // Scanning the QR code opens the verification page.
    await phone.goto(new URL(url!).pathname);
    await expect.poll(() => phone.getByTestId('member-verify-result').textContent()).toContain('有效会员');
    expect(await phone.getByTestId('member-verify-page').textContent()).toContain('诸暨市');
    await shot(phone, 'members-verify');
  }, 180_000);
});
