// Browser checks of the security controls (issue 9 item 5): the strict Content-Security-Policy breaks no page (public
// pages, console pages, the API docs — zero violations, and each page still renders), and user-supplied text (a
// person's name, a memorial message, a complaint) carrying script-injection payloads is shown as literal text: no
// script runs, no dialog opens, no javascript: link appears.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { idNumberFor, launchBrowser, staffApi, staffPage, timeout } from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
const contexts: BrowserContext[] = [];

type Watch = { violations: string[]; dialogs: string[]; errors: string[] };

declare global {
  interface Window {
    __xss?: unknown;
    __csp?: string[];
  }
}

/** Records CSP violations (DOM events and console reports), dialogs and uncaught page errors. */
async function watch(context: BrowserContext, page: Page): Promise<Watch> {
  const w: Watch = { violations: [], dialogs: [], errors: [] };
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp = window.__csp ?? [];
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) {
      w.violations.push(m.text());
    }
  });
  page.on('dialog', async (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on('pageerror', (e) => {
    w.errors.push(e.message);
  });
  return w;
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
}

async function domViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__csp ?? []);
}

async function phonePage(): Promise<{ page: Page; w: Watch }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    baseURL: baseUrl,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const w = await watch(context, page);
  return { page, w };
}

async function consolePage(username = 'admin'): Promise<{ page: Page; w: Watch }> {
  const { page, context } = await staffPage(browser, baseUrl, username);
  contexts.push(context);
  const w = await watch(context, page);
  return { page, w };
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  ({ browser, close } = await launchBrowser());
});

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await admin?.dispose();
  await close?.();
});

describe('the Content-Security-Policy', () => {
  it('sends a strict policy with the page', async () => {
    const res = await admin.get('/', { headers: { accept: 'text/html' } });
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('breaks no public page: every one renders with zero violations', async () => {
    const { page, w } = await phonePage();
    const pages = ['/', '/projects', '/disclosure', '/memorial', '/aed', '/certificates/verify', '/grievances/new'];
    for (const url of pages) {
      await page.goto(url);
      await settle(page);
      await expect
        .poll(async () => ((await page.locator('#root').textContent()) ?? '').trim().length)
        .toBeGreaterThan(10);
      expect(await domViolations(page), url).toEqual([]);
    }
    expect(w.violations).toEqual([]);
    expect(w.dialogs).toEqual([]);
  });

  it('breaks no console page (tables, charts, the map): zero violations', async () => {
    const { page, w } = await consolePage();
    const pages = [
      '/console/people',
      '/console/cockpit',
      '/console/donations',
      '/console/aed/coverage',
      '/console/registry/memorials',
      '/console/grievances',
    ];
    for (const url of pages) {
      await page.goto(url);
      await settle(page);
      expect(page.url(), url).toContain(url);
      await expect
        .poll(async () => ((await page.locator('#root').textContent()) ?? '').trim().length)
        .toBeGreaterThan(10);
      expect(await domViolations(page), url).toEqual([]);
    }
    expect(w.violations).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('lets the API docs (their own policy) render without violations', async () => {
    const { page, w } = await phonePage();
    await page.goto('/api/docs/');
    await page.locator('.swagger-ui').first().waitFor();
    await settle(page);
    expect(await domViolations(page)).toEqual([]);
    expect(w.violations).toEqual([]);
  });
});

describe('user-supplied text is rendered inert', () => {
  const img = `<img src=x onerror=window.__xss=1>`;
  const script = `<script>window.__xss=1</script>`;
  const jsLink = `javascript:window.__xss=1`;

  async function expectInert(page: Page, w: Watch, shown: string[]) {
    await settle(page);
    for (const text of shown) {
      await expect.poll(() => page.locator('#root').textContent(), { timeout }).toContain(text);
    }
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(w.dialogs).toEqual([]);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator('#root img[src="x"]').count()).toBe(0);
    expect(await page.locator('#root script').count()).toBe(0);
  }

  it('shows a person named with markup as text in the console list and drawer', async () => {
    const orgs = await (await admin.get('/api/orgs', { params: { pageSize: 1 } })).json();
    const orgId: number = (orgs.items ?? orgs)[0].id;
    const name = `X${tag}${img}`;
    const created = await admin.post('/api/people', {
      data: {
        orgId,
        name,
        idType: 'resident_id',
        idNumber: idNumberFor('19800101', Number(tag) % 997),
        address: `${script} ${jsLink}`,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { page, w } = await consolePage();
    await page.goto('/console/people');
    await page.getByTestId('people-search').locator('input').fill(`X${tag}`);
    await page.getByTestId('people-search').locator('input').press('Enter');
    const row = page
      .getByTestId('people-table')
      .locator('tr', { hasText: `X${tag}` })
      .first();
    await row.waitFor();
    expect(await row.textContent()).toContain(img);
    await row.click();
    const detail = page.getByTestId('person-detail');
    await detail.waitFor();
    await expectInert(page, w, [img]);
    expect(await detail.textContent()).toContain(script);
  });

  it('shows an approved memorial message with markup as text on the public memorial', async () => {
    const wall = await (await admin.get('/api/public/memorials', { params: { q: '周建国' } })).json();
    const memorialId: string = wall.items[0].id;
    const body = `S${tag} ${img} ${script} ${jsLink}`;
    const left = await admin.post(`/api/public/memorials/${memorialId}/messages`, {
      data: { authorName: `<b>A${tag}</b>`, body },
    });
    expect(left.status(), await left.text()).toBe(201);
    const message = await left.json();
    const decided = await admin.post(`/api/registry/memorial-messages/${message.id}/decision`, {
      data: { decision: 'approve' },
    });
    expect(decided.status(), await decided.text()).toBe(200);

    const { page, w } = await phonePage();
    await page.goto(`/memorial/${memorialId}`);
    await page.getByTestId('memorial-messages').waitFor();
    await expectInert(page, w, [body, `<b>A${tag}</b>`]);
  });

  it('shows a complaint with markup as text in the console queue', async () => {
    const content = `C${tag} ${img} ${script} ${jsLink}`;
    const filed = await admin.post('/api/public/grievances', {
      data: { subjectKind: 'other', content, isAnonymous: true },
    });
    expect(filed.status(), await filed.text()).toBe(201);
    const { page, w } = await consolePage();
    await page.goto('/console/grievances');
    const cell = page.getByText(`C${tag}`, { exact: false }).first();
    await cell.waitFor();
    await expectInert(page, w, [`C${tag} ${img}`]);
  });
});
