// What browser journeys share: Chromium launched as the project's contract says, staff pages signed in through the real
// sign-in route, the SMS code of a public sign-in read from the dev outbox, valid test ID numbers, and layout checks.
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  request,
} from 'playwright-core';
import { expect } from 'vitest';
import { readTestEnv } from '../server/src/config';
import { computeCheckCharacter } from '../server/src/platform/identity/id-number';

/** The demo accounts' password (server/src/seed/demo-seed.ts). */
export const demoPassword = 'Boai2026demo';
/** Generous waits: the journeys share two cores with other work. */
export const timeout = 60_000;

/** The flags the machines need for Debian's Chromium (the project's contract): one list for every journey. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium with the flags the machines need (Playwright gives each launch a fresh temporary profile). */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: chromiumFlags });
  return { browser, close: () => browser.close() };
}

/** An API client signed in as a staff account (admin by default). */
export async function staffApi(
  baseUrl: string,
  username = 'admin',
  password = demoPassword,
): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl });
  expect((await api.post('/api/auth/sign-in', { data: { username, password } })).status()).toBe(200);
  return api;
}

/** A console page (1440×900 unless told) signed in as a staff account, in a browser context of its own. */
export async function staffPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  opts: { password?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    baseURL: baseUrl,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);
  const res = await page.request.post('/api/auth/sign-in', {
    data: { username, password: opts.password ?? demoPassword },
  });
  expect(res.status()).toBe(200);
  return { page, context };
}

/** The latest sign-in code texted to a phone (the dev SMS adapter keeps it in the outbox, which admin may read). */
export async function smsCodeFor(admin: APIRequestContext, phone: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const page = await (await admin.get('/api/outbox', { params: { channel: 'sms', pageSize: 50 } })).json();
    const message = page.items.find(
      (m: { template: string; recipient: string }) => m.template === 'otp' && m.recipient.endsWith(phone.slice(-4)),
    );
    const code = message ? /(\d{6})/.exec(message.body)?.[1] : undefined;
    if (code) {
      return code;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no sign-in code for ${phone}`);
}

/** Signs a phone-sized page in as a member of the public through the public sign-in routes (SMS code from the outbox). */
export async function signInPublic(page: Page, admin: APIRequestContext, phone: string): Promise<void> {
  const asked = await page.request.post('/api/auth/otp/request', { data: { phone } });
  expect(asked.status(), await asked.text()).toBe(200);
  const code = await smsCodeFor(admin, phone);
  const signed = await page.request.post('/api/auth/otp/verify', { data: { phone, code } });
  expect(signed.status(), await signed.text()).toBe(200);
}

/** A valid resident ID number of 诸暨 (330681) for a birth date (YYYYMMDD) and a sequence number. */
export function idNumberFor(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

/** A mainland mobile number unique enough for one run. */
export function runPhone(prefix = '139'): string {
  return `${prefix}${String(Date.now() % 100_000_000).padStart(8, '0')}`;
}

/** How far the page is wider than the screen (0 or less: no sideways scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

/**
 * Picks an option of an antd select (by test id, or a locator) by its label, and checks that the select took it. Under
 * load a click can land while the dropdown is still animating: it is lost, or hits the field below and closes the
 * dropdown. So each step has a short limit and the whole pick is tried again (the dropdown opened only when closed).
 */
export async function pickOption(
  page: Page,
  target: string | Locator,
  label: string,
  options: { partial?: boolean } = {},
): Promise<void> {
  // A test id may sit on the select itself or on a wrapper around it.
  const select = (typeof target === 'string' ? page.getByTestId(target) : target)
    .locator('xpath=descendant-or-self::*[contains(@class, "ant-select")]')
    .first();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const option = options.partial
    ? dropdown.locator('.ant-select-item-option').filter({ hasText: label })
    : dropdown.locator(`.ant-select-item-option[title="${label}"]`);
  for (let attempt = 1; ; attempt++) {
    try {
      if ((await dropdown.count()) === 0) {
        await select.click({ timeout: 10_000 });
      }
      await option.first().click({ timeout: 10_000 });
      await expect.poll(async () => (await select.textContent()) ?? '', { timeout: 5_000 }).toContain(label);
      return;
    } catch (e) {
      if (attempt >= 4) {
        throw e;
      }
    }
  }
}

/** Picks a unit in an OrgPicker by typing its name. */
export async function pickOrg(page: Page, scope: ReturnType<Page['getByTestId']>, name: string) {
  await scope.locator('.ant-select').first().click();
  await page.keyboard.type(name);
  await page
    .locator('.ant-select-tree-title')
    .filter({ hasText: new RegExp(`^${name} · `) })
    .first()
    .click();
}
