// Browser journey of member points and service orders (issue 7 item 1, "Done when": points awarded): the member
// officer (huiyuan) awards points to a demo member of 诸暨市 in the console and the member sees them on a phone
// (390×844); the member orders a health talk on the phone, the officer accepts, schedules and records delivery in
// the console, and the member rates it.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, signInPublic, staffApi, staffPage, timeout } from './support';

const baseUrl = inject('baseUrl');
/** 李秀英, an active demo member of 诸暨市 (server/src/modules/members/members-demo.ts). */
const memberPhone = '13905761074';
const memberName = '李秀英';
const tag = String(Date.now() % 100_000);

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

function addDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
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

describe('会员积分与点餐: points awarded in the console show on the phone; a health talk ordered, delivered, rated', () => {
  it('runs the whole journey', async () => {
    const { page: staff, context: staffContext } = await staffPage(browser, baseUrl, 'huiyuan');
    contexts.push(staffContext);
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
    await signInPublic(phone, admin, memberPhone);

    // The officer finds the member in 积分台账 and awards points by a rule with a reason.
    const reason = `参加急救演练${tag}`;
    await staff.goto('/console/members/points');
    await staff.getByRole('tab', { name: '积分台账' }).click();
    await staff.getByTestId('points-member-picker').click();
    await staff.keyboard.type(memberName);
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await staff.getByTestId('points-rule').click();
    await staff
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '参加会员活动' })
      .first()
      .click();
    await staff.getByTestId('points-reason').fill(reason);
    await staff.getByTestId('points-award').click();
    await staff.getByText(reason).first().waitFor();
    await shot(staff, 'member-points-console');

    // The member sees them on the phone.
    await phone.goto('/my/points');
    await phone.getByTestId('points-balance').waitFor();
    await expect.poll(() => phone.getByTestId('points-hero').textContent()).toContain(memberName);
    await phone.getByText(reason).waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'member-points-phone');

    // The member orders a health talk (健康讲座, 7 days' lead time).
    const place = `枫桥镇文化礼堂${tag}`;
    await phone.goto('/my/services');
    await phone.getByTestId('menu-item').filter({ hasText: '健康讲座' }).getByRole('button').click();
    const date = phone
      .locator('.ant-modal [data-testid="order-date"] input, .ant-modal input[data-testid="order-date"]')
      .first();
    await date.click();
    await date.fill(addDays(12));
    await date.press('Enter');
    await phone.getByTestId('order-place').fill(place);
    await phone.getByTestId('order-submit').click();
    const mine = phone.getByTestId('my-order').filter({ hasText: place });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('requested');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'member-order-phone');

    // The officer accepts, schedules and records delivery.
    await staff.goto('/console/members/service-orders');
    const row = () => staff.locator('tr', { hasText: place });
    await row().getByTestId('order-accept').click();
    await staff.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => row().getByTestId('order-status').textContent()).toContain('已受理');
    await row().getByTestId('order-schedule').click();
    const at = staff
      .locator(
        '.ant-modal [data-testid="order-scheduled-at"] input, .ant-modal input[data-testid="order-scheduled-at"]',
      )
      .first();
    await at.click();
    await at.fill(`${addDays(12)} 14:30`);
    await at.press('Enter');
    await staff.getByTestId('order-staff').fill('王医生');
    await staff.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => row().getByTestId('order-status').textContent()).toContain('已排期');
    await row().getByTestId('order-deliver').click();
    await staff
      .locator('.ant-modal [data-testid="order-attendance"] input, .ant-modal input[data-testid="order-attendance"]')
      .first()
      .fill('42');
    await staff.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => row().getByTestId('order-status').textContent()).toContain('已完成');
    await shot(staff, 'member-order-console');

    // The member rates it on the phone.
    await phone.goto('/my/services');
    const delivered = phone.getByTestId('my-order').filter({ hasText: place });
    await expect.poll(() => delivered.getAttribute('data-status')).toBe('delivered');
    await delivered.getByTestId('order-rate').click();
    await delivered.getByTestId('order-rated').waitFor();
    expect(await delivered.getByTestId('order-rated').textContent()).toContain('已评价');
    await shot(phone, 'member-order-rated');
  }, 180_000);
});
