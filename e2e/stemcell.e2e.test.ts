// Browser journey of stem-cell registration (issue 7 item 4, "Done when"): a student on a phone (390×844) signs up as a
// stem-cell donor at a coming blood drive (consent, two relatives, health declaration) and lands in the cooling-off;
// the registry officer (sanxian) finds the registration in the console, confirms it in person and records the sample
// with a barcode; the student withdraws on the phone and the console shows the registration withdrawn.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, idNumberFor, launchBrowser, signInPublic, staffApi, staffPage, timeout } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');
const phoneNo = `138${String(Date.now() % 100_000_000).padStart(8, '0')}`;
const barcode = `HLA-E2E-${tag}`;

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
const contexts: BrowserContext[] = [];
let student: Page;
let officer: Page;
let registrationNo = '';

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  ({ browser, close } = await launchBrowser());
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    isMobile: true,
    hasTouch: true,
  });
  contexts.push(context);
  student = await context.newPage();
  student.setDefaultTimeout(timeout);
  await signInPublic(student, admin, phoneNo);
  const staff = await staffPage(browser, baseUrl, 'sanxian');
  contexts.push(staff.context);
  officer = staff.page;
}, 120_000);

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await admin?.dispose();
  await close?.();
});

describe('a student registers as a stem-cell donor and withdraws', () => {
  it('signs up on a phone at a blood drive and starts the cooling-off', async () => {
    await student.goto('/registry/stem-cell');
    await student.getByTestId('stemcell-drive').click();
    await student.getByText('暨阳街道冬季无偿献血').click();
    await student.getByTestId('stemcell-name').fill('林小雨');
    await student.getByTestId('stemcell-id').fill(idNumberFor('20050312', Number(tag) % 900));
    await student.getByTestId('stemcell-r1-name').fill('林建华');
    await student.getByTestId('stemcell-r1-phone').fill('13700001234');
    await student.getByTestId('stemcell-r2-name').fill('周丽');
    await student.getByTestId('stemcell-r2-phone').fill('13700005678');
    for (const key of ['infectious', 'heart', 'blood', 'cancer', 'chronic', 'autoimmune', 'pregnant']) {
      await student.getByTestId(`stemcell-health-${key}`).getByText('没有').click();
    }
    await student.getByTestId('stemcell-agree').click();
    expect(await horizontalOverflow(student)).toBeLessThanOrEqual(0);
    await shot(student, 'stemcell-signup-phone');
    await student.getByTestId('stemcell-submit').click();
    await expect.poll(() => student.getByTestId('stemcell-status').textContent(), { timeout }).toBe('冷静期中');
    registrationNo = (await student.getByTestId('stemcell-no').textContent()) ?? '';
    expect(registrationNo).toMatch(/^SC\d{8}/);
    await shot(student, 'stemcell-mine-phone');
  });

  it('lets the officer find it, confirm in person and record the sample with a barcode', async () => {
    await officer.goto('/console/registry/stem-cell');
    await officer.getByTestId('stemcell-search').locator('input').fill(registrationNo);
    await officer.getByTestId('stemcell-search').locator('input').press('Enter');
    await officer.getByRole('cell', { name: registrationNo }).click();
    await officer.getByTestId('stemcell-barcode').fill(barcode);
    await officer.getByTestId('stemcell-in-person').click();
    await shot(officer, 'stemcell-console-detail');
    await officer.getByTestId('stemcell-record-sample').click();
    await expect
      .poll(() => officer.getByTestId('stemcell-admin-status').textContent(), { timeout })
      .toBe('已采样待分型');
    await expect.poll(() => officer.getByText(barcode).count(), { timeout }).toBeGreaterThan(0);
    await shot(officer, 'stemcell-console-sampled');
  });

  it('lets the student withdraw on the phone, and the console shows it withdrawn', async () => {
    await student.reload();
    await expect.poll(() => student.getByTestId('stemcell-status').textContent(), { timeout }).toBe('已采样待分型');
    await student.getByTestId('stemcell-withdraw').click();
    await student
      .getByRole('dialog')
      .getByRole('button', { name: /撤销登记/ })
      .click();
    await expect.poll(() => student.getByTestId('stemcell-status').textContent(), { timeout }).toBe('已撤销');
    await shot(student, 'stemcell-withdrawn-phone');

    await officer.goto('/console/registry/stem-cell');
    await officer.getByTestId('stemcell-search').locator('input').fill(registrationNo);
    await officer.getByTestId('stemcell-search').locator('input').press('Enter');
    const row = officer.getByRole('row', { name: new RegExp(registrationNo) });
    await expect.poll(() => row.textContent(), { timeout }).toContain('已撤销');
  });
});
