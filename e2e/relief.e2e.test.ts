// Browser journey of humanitarian relief against a real server with demo data. On a phone (390×844) a citizen signs in
// by SMS code and applies for hardship relief with photos of the materials; in the console three different staff users
// — the village worker (cunwei), the county relief officer (jiuzhu) and the county approver (shenpi) — verify, review
// and approve it; the public notice starts and lists the case with a masked name, an anonymous objection is filed and
// dismissed, and a payout before the notice ends is refused. Notice periods are whole days, so the payout is shown on
// a second application of a kind the administrator configures without notice (应急救助, 0 days, set in the kinds page):
// a cashier requests it from the relief fund, finance (a second person) approves it, and the daily disclosure shows it
// with the masked name only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
  request,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { maskName } from '../server/src/platform/identity/masking';
import { chromiumFlags, horizontalOverflow, idNumberFor, smsCodeFor } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-e2e-relief-'));
const photoPath = path.join(workDir, '材料照片.png');
fs.writeFileSync(photoPath, png);

const hardship = { name: '欧阳秀英', id: idNumberFor('19620315', Number(tag.slice(-3))), amount: '3000' };
const emergency = {
  name: '司马建国',
  id: idNumberFor('19700708', (Number(tag.slice(-3)) + 7) % 1000),
  amount: '1200.5',
};
const citizenPhone = `139${tag}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
const cashierName = `e2e_cash_${tag}`;
const password = 'Boai2026demo';
/** Generous waits: the journey shares two cores with other work. */
const timeout = 60_000;
const stepTimeout = 400_000;
/** The server's message for SAME_USER_APPROVAL (platform/errors.ts), in Chinese. */
const SAME_USER_TEXT = '须由另一人审批';

let browser: Browser;
let admin: APIRequestContext;
let phone: BrowserContext;
let citizen: Page;
const contexts: BrowserContext[] = [];
const staff: Record<string, Page> = {};
let hardshipCase = { no: '', id: '' };
let emergencyCase = { no: '', id: '' };

/** A signed-in console page (1440×900) for a staff account, in its own browser context (its own cookies). */
async function signedIn(username: string, pass = password): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    timezoneId: 'America/New_York',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);
  const res = await page.request.post('/api/auth/sign-in', { data: { username, password: pass } });
  expect(res.status()).toBe(200);
  return page;
}

/** Opens a case page in the console and waits for it. */
async function openCase(page: Page, id: string) {
  await page.goto(`/console/relief-cases?case=${id}`);
  await page.getByTestId('case-detail').waitFor();
}

/**
 * Submits a case step and waits for the server's answer, failing with its body when it refused: under load a click can
 * land before the step form is ready, and waiting on the header alone hides why nothing changed. A click that sent
 * nothing within 10 s is tried again (never a second submission: only when no request left), unless the form shows
 * an error, which then fails the step with its text.
 */
async function submitStep(page: Page): Promise<void> {
  const isStep = (r: { method(): string; url(): string }) =>
    r.method() === 'POST' && r.url().includes('/api/relief/cases/');
  for (let attempt = 1; ; attempt++) {
    const sent = page.waitForRequest(isStep, { timeout: 10_000 }).catch(() => null);
    await page.getByTestId('step-submit').click();
    const request = await sent;
    if (request) {
      const res = await request.response();
      expect(res, 'no answer to the step').not.toBeNull();
      expect(res!.status(), await res!.text()).toBeLessThan(300);
      return;
    }
    const errors = await page.locator('.ant-form-item-explain-error').allTextContents();
    expect(errors, 'the step form refused the input').toEqual([]);
    expect(attempt, 'the step was never sent').toBeLessThan(3);
  }
}

async function headerStatus(page: Page): Promise<string> {
  return (await page.getByTestId('case-header-status').textContent()) ?? '';
}

/** Fills and submits the phone application form for an applicant of a kind, uploading a photo per required material. */
async function apply(kind: string, who: { name: string; id: string; amount: string }, materials: string[]) {
  await citizen.goto('/relief/apply');
  await citizen.getByTestId(`kind-${kind}`).click();
  if (kind === 'emergency') {
    await citizen.getByTestId('apply-for-other').click();
  }
  await citizen.getByTestId('apply-name').fill(who.name);
  await citizen.getByTestId('apply-id-number').fill(who.id);
  await citizen.getByTestId('apply-phone').fill(citizenPhone);
  await citizen.getByTestId('apply-village').click();
  for (const unit of ['浙江省', '绍兴市', '诸暨市', '暨阳街道']) {
    await citizen.getByTestId('unit-option').filter({ hasText: unit }).first().click();
  }
  await citizen.getByTestId('unit-option').filter({ hasText: '江东社区' }).click();
  await expect.poll(() => citizen.getByTestId('apply-village').textContent(), { timeout }).toContain('江东社区');
  await citizen.locator('#relief-household').fill('4');
  await citizen.getByTestId('apply-cause').fill('家中主要劳动力突发重病住院,两个孩子上学,生活十分困难。');
  await citizen.getByTestId('apply-amount').fill(who.amount);
  for (const key of materials) {
    await citizen.getByTestId(`material-${key}-input`).setInputFiles(photoPath);
    await citizen.getByTestId(`material-${key}-done`).waitFor({ state: 'attached' });
  }
  await citizen.getByTestId('apply-consent').click();
  expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
  await citizen.getByTestId('apply-submit').click();
  await citizen.waitForURL(/\/relief\/cases\//);
  const no = ((await citizen.getByTestId('status-case-no').textContent()) ?? '').trim();
  const mine = await (await citizen.request.get(`/api/me/relief-cases/${no}`)).json();
  return { no, id: mine.id as string };
}

/** The village worker verifies (home visit with a photo, every exclusion confirmed), the officer reviews, the approver approves. */
async function verifyReviewApprove(id: string, after: string) {
  const worker = staff.cunwei;
  await openCase(worker, id);
  await worker.getByTestId('action-verify').click();
  await worker.getByTestId('visit-visitors').fill('江东社区红十字工作者、村委委员');
  await worker.getByTestId('visit-findings').fill('入户查看属实:家中无其他收入来源,医疗费用负担重。');
  await worker.getByTestId('visit-photos-input').setInputFiles(photoPath);
  await worker.getByTestId('visit-photos-done').waitFor({ state: 'attached' });
  const boxes = worker.getByTestId('visit-exclusions').locator('input[type=checkbox]');
  for (let i = 0; i < (await boxes.count()); i++) {
    await boxes.nth(i).check();
  }
  await submitStep(worker);
  await expect.poll(() => headerStatus(worker), { timeout }).toContain('已核实');

  const officer = staff.jiuzhu;
  await openCase(officer, id);
  // The officer may review but not approve.
  await expect(officer.getByTestId('action-approve').count()).resolves.toBe(0);
  await officer.getByTestId('action-review').click();
  await submitStep(officer);
  await expect.poll(() => headerStatus(officer), { timeout }).toContain('已审核');

  const approver = staff.shenpi;
  await openCase(approver, id);
  await approver.getByTestId('action-approve').click();
  await expect(approver.getByTestId('step-form-approve').textContent()).resolves.toContain('县级');
  await submitStep(approver);
  await expect.poll(() => headerStatus(approver), { timeout }).toContain(after);
}

beforeAll(async () => {
  admin = await request.newContext({ baseURL: baseUrl });
  expect((await admin.post('/api/auth/sign-in', { data: { username: 'admin', password } })).status()).toBe(200);
  const orgs = await (await admin.get('/api/orgs', { params: { q: '诸暨市' } })).json();
  const zhuji = orgs.items.find((o: { name: string; type: string }) => o.name === '诸暨市' && o.type === 'county');
  // A cashier of 诸暨 who requests payouts; the demo finance account approves them (never the same person).
  const created = await admin.post('/api/users', {
    data: {
      username: cashierName,
      displayName: '诸暨市红会出纳',
      password: 'Relief2026cashier',
      grants: [{ roleId: 'finance', orgId: zhuji.id }],
    },
  });
  expect(created.status()).toBe(201);

  browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: chromiumFlags });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', baseURL: baseUrl });
  contexts.push(phone);
  citizen = await phone.newPage();
  citizen.setDefaultTimeout(timeout);
  citizen.setDefaultNavigationTimeout(timeout);
  for (const username of ['admin', 'cunwei', 'jiuzhu', 'shenpi', 'finance']) {
    staff[username] = await signedIn(username);
  }
  staff.cashier = await signedIn(cashierName, 'Relief2026cashier');
});

afterAll(async () => {
  // Back to the defaults, for anyone using this server after the journey.
  for (const code of ['hardship', 'emergency']) {
    await admin?.put(`/api/relief/kinds/${code}`, { data: { noticeDays: 7 } });
  }
  for (const context of contexts) {
    await context.close();
  }
  await browser?.close();
  await admin?.dispose();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('humanitarian relief from the phone to the public ledger', () => {
  it(
    'lets the administrator set the notice periods in the kinds & rules page',
    async () => {
      const page = staff.admin;
      await page.goto('/console');
      await page.getByTestId('console-menu').getByText('救助类别与规则', { exact: true }).click();
      await page.waitForURL(/\/console\/relief-kinds$/);
      for (const [code, days] of [
        ['hardship', '1'],
        ['emergency', '0'],
      ] as const) {
        await page.getByTestId(`kind-edit-${code}`).click();
        await page.getByTestId('kind-notice-days').fill(days);
        await page.getByTestId('kind-save').click();
        await page.getByTestId('kind-form').waitFor({ state: 'detached' });
      }
      const kinds = await (await page.request.get('/api/relief/kinds')).json();
      expect(kinds.find((k: { code: string }) => k.code === 'hardship').noticeDays).toBe(1);
      expect(kinds.find((k: { code: string }) => k.code === 'emergency').noticeDays).toBe(0);
    },
    stepTimeout,
  );

  it(
    'takes a citizen from the home page through the phone sign-in to a submitted application',
    async () => {
      await citizen.goto('/');
      await citizen.getByTestId('tile-relief').click();
      await citizen.getByTestId('apply-sign-in-button').click();
      await citizen.waitForURL(/\/login\?next=/);
      await citizen.getByTestId('phone-input').fill(citizenPhone);
      await citizen.getByTestId('request-code').click();
      await citizen.getByTestId('code-input').fill(await smsCodeFor(admin, citizenPhone));
      await citizen.getByTestId('verify-submit').click();
      await citizen.waitForURL(/\/relief\/apply$/);

      // A wrong check digit is caught on the phone, before anything is sent.
      await citizen.getByTestId('kind-hardship').click();
      await citizen
        .getByTestId('apply-id-number')
        .fill(`${hardship.id.slice(0, 17)}${hardship.id.endsWith('0') ? '1' : '0'}`);
      await citizen.getByTestId('apply-submit').click();
      await expect.poll(() => citizen.getByTestId('error-idNumber').textContent(), { timeout }).toContain('校验位');

      hardshipCase = await apply('hardship', hardship, ['id_card', 'household_register', 'hardship_proof']);
      expect(hardshipCase.no).toMatch(/^R\d{8}/);
      await expect(citizen.getByTestId('case-status').first().textContent()).resolves.toContain('已提交');
      await expect(citizen.getByTestId('status-due').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
    },
    stepTimeout,
  );

  it(
    'is verified, reviewed and approved by three different staff users, and the public notice starts',
    async () => {
      await verifyReviewApprove(hardshipCase.id, '公示中');
      const approver = staff.shenpi;
      await expect(approver.getByTestId('case-approved').textContent()).resolves.toBe('¥3,000.00');
      const view = await (await approver.request.get(`/api/relief/cases/${hardshipCase.id}`)).json();
      expect(new Set([view.verifiedByName, view.reviewedByName, view.approvedByName]).size).toBe(3);

      // The applicant sees the steps on the phone.
      await citizen.goto(`/relief/cases/${hardshipCase.no}`);
      await expect.poll(() => citizen.getByTestId('case-timeline').textContent(), { timeout }).toContain('开始公示');
      await expect(citizen.getByTestId('case-timeline').textContent()).resolves.toContain('入户核实完成');
    },
    stepTimeout,
  );

  it(
    'lists the case on the public notice with a masked name and takes an anonymous objection',
    async () => {
      await citizen.goto('/relief/notices');
      const notice = citizen.locator(`[data-case-no="${hardshipCase.no}"]`);
      await notice.waitFor();
      await expect(notice.getByTestId('notice-name').textContent()).resolves.toBe(maskName(hardship.name));
      await expect(notice.getByTestId('notice-amount').textContent()).resolves.toBe('¥3,000.00');
      expect(await citizen.locator('body').textContent()).not.toContain(hardship.name);
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);

      await notice.getByTestId('notice-object').click();
      await citizen.getByTestId('objection-text').fill('听说申请人家中另有商铺出租收入,请核实。');
      await citizen.getByTestId('objection-submit').click();
      await citizen.getByTestId('objection-filed').waitFor();
    },
    stepTimeout,
  );

  it(
    'offers no payout while the notice runs (the server refuses one), and the officer dismisses the objection',
    async () => {
      const cashier = staff.cashier;
      await openCase(cashier, hardshipCase.id);
      await expect.poll(() => headerStatus(cashier), { timeout }).toContain('公示中');
      await expect(cashier.getByTestId('action-request_payout').count()).resolves.toBe(0);
      const funds = await (await cashier.request.get('/api/funds')).json();
      const fund = funds.find((f: { name: string }) => f.name.includes('人道救助专项基金'));
      const early = await cashier.request.post(`/api/relief/cases/${hardshipCase.id}/payout`, {
        data: { fundSource: 'donations', fundId: fund.id },
      });
      expect(early.status()).toBe(409);
      expect((await early.json()).error.code).toBe('NOTICE_PERIOD_RUNNING');

      const officer = staff.jiuzhu;
      await openCase(officer, hardshipCase.id);
      await officer.getByTestId('objection-resolve').click();
      await officer.getByTestId('objection-reason').fill('经村委核实,该商铺已于去年转让,异议不成立。');
      await officer.getByTestId('objection-resolve-submit').click();
      await expect
        .poll(() => officer.getByTestId('case-objections').textContent(), { timeout })
        .toContain('异议不成立');
      await expect(headerStatus(officer)).resolves.toContain('公示中');
    },
    stepTimeout,
  );

  it(
    'pays an emergency application after approval: the cashier requests, finance approves, the ledger records it',
    async () => {
      emergencyCase = await apply('emergency', emergency, ['id_card', 'incident_proof']);
      await verifyReviewApprove(emergencyCase.id, '已审批');

      const cashier = staff.cashier;
      await openCase(cashier, emergencyCase.id);
      await cashier.getByTestId('action-request_payout').click();
      // Searched for and picked with the keyboard: other journeys' funds make the list long enough to scroll, and a
      // click on an option that is still moving into view leaves the dropdown open over the dialog's buttons.
      await cashier.getByTestId('payout-fund').click();
      await cashier.keyboard.type('人道救助专项基金');
      await expect
        .poll(() => cashier.locator('.ant-select-item-option-active').first().textContent(), { timeout })
        .toContain('人道救助专项基金');
      await cashier.keyboard.press('Enter');
      await expect
        .poll(() => cashier.getByTestId('payout-fund').textContent(), { timeout })
        .toContain('人道救助专项基金');
      await expect.poll(() => cashier.locator('.ant-select-item-option:visible').count(), { timeout }).toBe(0);
      await expect(cashier.getByTestId('step-form-request_payout').textContent()).resolves.toContain('¥1,200.50');
      await cashier.getByTestId('step-submit').click();
      // The server's refusal, if any, is on the dialog: show it rather than a bare timeout.
      const outcome = async () =>
        (await cashier.getByTestId('step-error').count())
          ? await cashier.getByTestId('step-error').textContent()
          : await headerStatus(cashier);
      await expect.poll(outcome, { timeout }).toContain('待拨付');
      // The requester holds funds:approve too, but may not approve their own payout (four-eyes).
      await cashier.getByTestId('payout-approve').click();
      await cashier.getByTestId('payout-approve-confirm').click();
      await cashier.locator('.ant-message-notice').filter({ hasText: SAME_USER_TEXT }).waitFor();
      await expect(headerStatus(cashier)).resolves.toContain('待拨付');

      const finance = staff.finance;
      await openCase(finance, emergencyCase.id);
      await finance.getByTestId('payout-approve').click();
      await finance.getByTestId('payout-approve-confirm').click();
      await expect.poll(() => headerStatus(finance), { timeout }).toContain('已拨付');
      await expect.poll(() => finance.getByTestId('case-payouts').textContent(), { timeout }).toContain('公开账本');
    },
    stepTimeout,
  );

  it(
    'shows the payout in the daily disclosure with the masked name only, and the applicant sees it paid',
    async () => {
      await citizen.goto('/disclosure');
      const payouts = citizen.getByTestId('disclosure-payouts');
      await payouts.getByText(maskName(emergency.name)).first().waitFor();
      await expect(payouts.textContent()).resolves.toContain('¥1,200.50');
      const body = (await citizen.locator('body').textContent()) ?? '';
      expect(body).not.toContain(emergency.name);
      expect(body).not.toContain(hardship.name);
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);

      await citizen.goto('/relief/mine');
      await citizen.getByTestId('my-case').filter({ hasText: emergencyCase.no }).click();
      await expect
        .poll(() => citizen.getByTestId('case-timeline').textContent(), { timeout })
        .toContain('救助金已拨付');
    },
    stepTimeout,
  );
});
