// Browser journey of volunteer service (issue 7 item 2, "Done when"): the coordinator (zhiyuan) publishes an activity
// in the console; a volunteer on a phone (390×844) signs up; the coordinator's full-screen QR gives the check-in URL;
// a phone far from the site is refused with the distance; the phone at the site checks in and out; the coordinator
// approves the hours (and corrects them with a reason); the volunteer sees them on their record.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, idNumberFor, launchBrowser, signInPublic, staffApi, staffPage, timeout } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');
const site = { lat: 29.7136, lng: 120.2423 };
const far = { lat: 29.75, lng: 120.3 };
const phoneNo = `137${String(Date.now() % 100_000_000).padStart(8, '0')}`;

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
let coordinatorApi: APIRequestContext;
const contexts: BrowserContext[] = [];
let zhujiId = 0;
let activityId = '';
let volunteerId = '';
let startsAt = '';

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}

/** The China wall clock of an instant as the page writes it in Chinese: 2026/11/25 12:00 (UTC+8, no summer time). */
function chinaClock(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

async function phoneAt(at: { lat: number; lng: number }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    baseURL: baseUrl,
    geolocation: { latitude: at.lat, longitude: at.lng, accuracy: 10 },
    permissions: ['geolocation'],
    isMobile: true,
    hasTouch: true,
    // A phone set to another zone still shows China time (the organisation's clock).
    timezoneId: 'America/Los_Angeles',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  await signInPublic(page, admin, phoneNo);
  return page;
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  ({ browser, close } = await launchBrowser());
  coordinatorApi = await staffApi(baseUrl, 'zhiyuan');
  const me = await (await coordinatorApi.get('/api/auth/me')).json();
  zhujiId = me.grants[0].orgId;
  const start = Date.now() - 20 * 60_000;
  startsAt = new Date(start).toISOString();
  const created = await coordinatorApi.post('/api/volunteer-activities', {
    data: {
      orgId: zhujiId,
      title: `E2E社区急救宣传${tag}`,
      startsAt,
      endsAt: new Date(start + 3 * 3600_000).toISOString(),
      place: '诸暨市暨阳街道文化广场',
      ...site,
      geofenceM: 200,
      capacity: 20,
      publish: false,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  activityId = (await created.json()).id;
}, 120_000);

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await close?.();
  await admin?.dispose();
  await coordinatorApi?.dispose();
});

describe('志愿服务: publish, sign up on a phone, QR check-in and out at the site, hours approved and on the record', () => {
  it('runs the whole journey', async () => {
    // The coordinator publishes the draft in the console.
    const { page: console_, context } = await staffPage(browser, baseUrl, 'zhiyuan');
    contexts.push(context);
    await console_.goto(`/console/volunteer-activities/${activityId}`);
    await console_.getByTestId('publish-activity').click();
    await expect.poll(() => console_.getByTestId('open-qr').isVisible()).toBe(true);

    // A person registers on the phone; the coordinator approves.
    const phone = await phoneAt(site);
    const reg = await phone.request.post('/api/volunteers/me', {
      data: {
        orgId: zhujiId,
        name: '周志远',
        idNumber: idNumberFor('19960412', Number(tag.slice(-3))),
        skills: ['first_aid'],
        emergencyContact: { name: '周家属', phone: '13700005555' },
      },
    });
    expect(reg.status(), await reg.text()).toBe(201);
    volunteerId = (await reg.json()).id;
    const approved = await coordinatorApi.post(`/api/volunteers/${volunteerId}/decision`, { data: { approve: true } });
    expect(approved.status()).toBe(200);

    // Sign-up on the phone.
    await phone.goto(`/v/activities/${activityId}`);
    await phone.getByTestId('signup-button').click();
    await expect.poll(() => phone.getByTestId('signed-up').isVisible()).toBe(true);
    // The phone is in Los Angeles; the activity's time is China's (start date and time, end time).
    const endsAt = new Date(Date.parse(startsAt) + 3 * 3600_000).toISOString();
    expect(await phone.getByTestId('volunteer-activity').textContent()).toContain(
      `${chinaClock(startsAt)} – ${chinaClock(endsAt).slice(11)}`,
    );
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'volunteer-activity');

    // The coordinator's full-screen QR: its URL is the check-in page with this minute's code.
    await console_.getByTestId('open-qr').click();
    const qrUrl = await console_.getByTestId('qr-url').getAttribute('href');
    expect(qrUrl).toMatch(new RegExp(`/v/checkin/${activityId}\\?t=`));
    await shot(console_, 'volunteer-qr-screen');
    const path = new URL(qrUrl!).pathname + new URL(qrUrl!).search;

    // From far away (the same phone, ~7 km off): refused, with how far.
    await phone.context().setGeolocation({ latitude: far.lat, longitude: far.lng, accuracy: 10 });
    await phone.goto(path);
    await phone.getByTestId('checkin-in').click();
    await expect.poll(() => phone.getByTestId('checkin-error').textContent()).toMatch(/约 \d+ 米.*超出签到范围/);
    await shot(phone, 'volunteer-checkin-far');

    // At the site: check in, then out.
    await phone.context().setGeolocation({ latitude: site.lat, longitude: site.lng, accuracy: 10 });
    await phone.getByTestId('checkin-in').click();
    await expect.poll(() => phone.getByTestId('checkin-done').textContent()).toContain('签到成功');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.getByTestId('to-checkout').click();
    await phone.getByTestId('checkin-out').click();
    await expect.poll(() => phone.getByTestId('checkin-done').textContent()).toContain('签退成功');

    // The coordinator approves the hours, then corrects them to the time on the paper sheet (with a reason).
    await console_.getByTestId('qr-close').click();
    await console_.reload();
    await console_.getByTestId('approve-hours').click();
    await expect.poll(() => console_.getByTestId('approve-result').textContent()).toContain('已认定 1 人');
    const fixed = await coordinatorApi.post(`/api/volunteer-activities/${activityId}/hours/correct`, {
      data: {
        volunteerId,
        startedAt: startsAt,
        endedAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
        reason: '按现场签到表核对',
      },
    });
    expect(fixed.status(), await fixed.text()).toBe(200);
    await shot(console_, 'volunteer-attendance');

    // The volunteer sees the approved hours on their record.
    await phone.goto('/v/me');
    await expect.poll(() => phone.getByTestId('total-hours').textContent()).toContain('1.5');
    expect(await phone.getByTestId('volunteer-record').textContent()).toContain(`E2E社区急救宣传${tag}`);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'volunteer-record');
  }, 180_000);
});
