// The security controls at the HTTP boundary: response headers and the Content-Security-Policy, the CSRF defence for
// cookie-authenticated writes, per-IP rate limits (429 with Retry-After), session rotation on sign-in and on a
// privilege change, lockout and its expiry, uploads judged by their bytes and served inert, and text exported to
// Excel staying text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoaiApp, buildApp } from '../../app';
import { queryRows } from '../../db/client';
import { createGivingRuntime } from '../../modules/donations/donations-runtime';
import {
  createProvince,
  createStaff,
  postFile,
  signInAs,
  signInByPhone,
  testPassword,
  tinyPng,
} from '../../test/factories';
import {
  type Caller,
  createTestApp,
  createTestDatabase,
  type TestApp,
  testMasterKey,
  testPublicUrl,
} from '../../test/test-app';
import { writeSheet } from '../excel';
import { publicRouteLimits } from './security';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) {
    throw new Error(`no set-cookie header: ${res.statusCode} ${res.body}`);
  }
  return first.split(';')[0]!;
}

function directives(csp: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of String(csp).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) {
      out.set(name, values);
    }
  }
  return out;
}

describe('security headers and the Content-Security-Policy', () => {
  let app: BoaiApp;
  let drop: () => Promise<void>;
  let closeDb: () => Promise<void>;
  let webDist: string;

  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-sec-web-'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
    );
    const made = await createTestDatabase();
    drop = made.drop;
    closeDb = () => made.database.close();
    app = await buildApp({
      database: made.database,
      logLevel: 'silent',
      cookieSecure: true,
      rateLimits: false,
      webDist,
      giving: createGivingRuntime({ master: testMasterKey, publicUrl: testPublicUrl }),
      map: {
        tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
        tileDatum: 'wgs84',
        attribution: '© OpenStreetMap',
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await closeDb();
    await drop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const page = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

  it('sends the strict policy and the other headers on the page, a client route, the API and its errors', async () => {
    const responses = {
      root: await page('/'),
      clientRoute: await page('/aed'),
      health: await app.inject({ method: 'GET', url: '/api/health' }),
      notFound: await app.inject({ method: 'GET', url: '/api/no-such-route' }),
      badRequest: await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 1 } }),
      unauthenticated: await app.inject({ method: 'GET', url: '/api/auth/me' }),
    };
    expect(responses.root.statusCode).toBe(200);
    expect(responses.root.body).toContain('<script type="module"');
    expect(responses.clientRoute.statusCode).toBe(200);
    expect(responses.health.statusCode).toBe(200);
    expect(responses.notFound.statusCode).toBe(404);
    expect(responses.badRequest.statusCode).toBe(400);
    expect(responses.unauthenticated.statusCode).toBe(401);
    for (const [name, res] of Object.entries(responses)) {
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('default-src'), name).toEqual(["'self'"]);
      expect(csp.get('script-src'), name).toEqual(["'self'"]);
      expect(String(res.headers['content-security-policy']), name).not.toMatch(
        /unsafe-eval|script-src[^;]*unsafe-inline/,
      );
      expect(csp.get('object-src'), name).toEqual(["'none'"]);
      expect(csp.get('base-uri'), name).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), name).toEqual(["'none'"]);
      expect(csp.get('form-action'), name).toEqual(["'self'"]);
      expect(csp.get('img-src'), name).toEqual(["'self'", 'data:', 'blob:', 'https://*.tile.openstreetmap.org']);
      expect(csp.get('style-src'), name).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp.has('upgrade-insecure-requests'), name).toBe(true);
      expect(res.headers['strict-transport-security'], name).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.headers['x-frame-options'], name).toBe('DENY');
      expect(res.headers['referrer-policy'], name).toBe('strict-origin-when-cross-origin');
      expect(String(res.headers['permissions-policy']), name).toContain('geolocation=(self)');
      expect(String(res.headers['permissions-policy']), name).toContain('camera=()');
      expect(res.headers['cross-origin-opener-policy'], name).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy'], name).toBe('same-origin');
    }
    // API answers are never cached; the page shell may be.
    expect(responses.health.headers['cache-control']).toBe('no-store');
    expect(responses.notFound.headers['cache-control']).toBe('no-store');
  });

  it('gives Swagger UI its own policy (images from any https host) under /api/docs only', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode, docs.body).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toContain('https:');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(String(docs.headers['content-security-policy'])).not.toContain('unsafe-eval');
    const api = await app.inject({ method: 'GET', url: '/api/health' });
    expect(directives(api.headers['content-security-policy']).get('img-src')).not.toContain('https:');
  });

  it('sends no HSTS over plain HTTP (cookieSecure off) and no tile host without tiles', async () => {
    const t = await createTestApp();
    try {
      const res = await t.inject(null, { method: 'GET', url: '/api/health' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('CSRF defence', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    t = await createTestApp();
    const province = await createProvince(t);
    staff = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
  });
  afterAll(() => t.close());

  const signIn = (headers: Record<string, string>, lang = '') =>
    t.inject(null, {
      method: 'POST',
      url: `/api/auth/sign-in${lang}`,
      payload: { username: staff.username, password: testPassword },
      headers,
    });

  it('refuses a write from another origin with 403 CSRF_REJECTED, in Chinese and English', async () => {
    const zh = await signIn({ origin: 'https://evil.example' });
    expectError(zh, 403, 'CSRF_REJECTED');
    expect(zh.json().error.message).toMatch(/跨站/);
    expect(zh.headers['set-cookie']).toBeUndefined();
    const en = await signIn({ origin: 'https://evil.example' }, '?lang=en');
    expectError(en, 403, 'CSRF_REJECTED');
    expect(en.json().error.message).toMatch(/cross-site request forgery/);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site, a foreign Referer, and an opaque Origin', async () => {
    expectError(await signIn({ 'sec-fetch-site': 'cross-site' }), 403, 'CSRF_REJECTED');
    expectError(await signIn({ 'sec-fetch-site': 'same-site' }), 403, 'CSRF_REJECTED');
    expectError(await signIn({ referer: 'https://evil.example/page' }), 403, 'CSRF_REJECTED');
    expectError(await signIn({ origin: 'null' }), 403, 'CSRF_REJECTED');
    // A sibling host with the same name prefix is another origin.
    expectError(await signIn({ origin: 'http://localhost.evil.example' }), 403, 'CSRF_REJECTED');
    // Same-origin fetch metadata cannot excuse a foreign Origin.
    expectError(
      await signIn({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }),
      403,
      'CSRF_REJECTED',
    );
  });

  it('accepts the server’s own origin (Host header or BOAI_PUBLIC_URL), same-origin metadata, and clients without any', async () => {
    expect((await signIn({ origin: 'http://localhost' })).statusCode).toBe(200);
    const host = { host: 'boai.example.org' };
    expect((await signIn({ ...host, origin: 'https://boai.example.org' })).statusCode).toBe(200);
    expect((await signIn({ ...host, origin: 'http://boai.example.org' })).statusCode).toBe(200);
    expectError(await signIn({ ...host, origin: 'https://boai.example.org.evil.example' }), 403, 'CSRF_REJECTED');
    expect((await signIn({ origin: testPublicUrl })).statusCode).toBe(200);
    expect((await signIn({ referer: `${testPublicUrl}/console/sign-in` })).statusCode).toBe(200);
    expect((await signIn({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost' })).statusCode).toBe(200);
    expect((await signIn({ 'sec-fetch-site': 'none' })).statusCode).toBe(200);
    expect((await signIn({})).statusCode).toBe(200);
  });

  it('keeps a signed-in user’s session when a foreign page posts sign-out, and lets reads through', async () => {
    const me = await signInAs(t, staff.username);
    const forged = await t.inject(me, {
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expectError(forged, 403, 'CSRF_REJECTED');
    const read = await t.inject(me, {
      method: 'GET',
      url: '/api/auth/me',
      headers: { origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('refuses a cross-site websocket upgrade (the session cookie would ride along)', async () => {
    const res = await t.inject(null, {
      method: 'GET',
      url: '/api/realtime',
      headers: { origin: 'https://evil.example', upgrade: 'websocket', connection: 'Upgrade' },
    });
    expectError(res, 403, 'CSRF_REJECTED');
  });

  it('lets payment-provider callbacks through: they carry no Origin and no cookie', async () => {
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/payments/local/notify',
      headers: { 'content-type': 'application/json' },
      payload: '{"not":"signed"}',
    });
    expect(res.statusCode).not.toBe(403);
    expect(res.body).not.toContain('CSRF_REJECTED');
  });
});

describe('rate limits (per IP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: true });
  });
  afterAll(() => t.close());

  let ipCounter = 0;
  /** Calls `send` from one fresh client address until it is refused; returns how many passed and the refusal. */
  async function hammer(send: (ip: string) => Promise<LightMyRequestResponse>, atMost: number) {
    const ip = `198.51.100.${++ipCounter}`;
    for (let i = 0; i < atMost; i++) {
      const res = await send(ip);
      if (res.statusCode === 429) {
        return { passed: i, refused: res };
      }
    }
    throw new Error(`no 429 after ${atMost} calls`);
  }

  function expectLimited(res: LightMyRequestResponse) {
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }

  it('limits sign-in to 20 a minute', async () => {
    const { passed, refused } = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'POST',
          url: '/api/auth/sign-in',
          headers: { 'x-forwarded-for': ip },
          payload: { username: 'nobody-here', password: 'Wrong-password-1' },
        }),
      30,
    );
    expect(passed).toBe(20);
    expectLimited(refused);
  });

  it('limits one-time code checks to 20 a minute, and code requests per phone in the database', async () => {
    const verify = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'POST',
          url: '/api/auth/otp/verify',
          headers: { 'x-forwarded-for': ip },
          payload: { phone: '13800001111', code: '000000' },
        }),
      30,
    );
    expect(verify.passed).toBe(20);
    expectLimited(verify.refused);
    const request = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'POST',
          url: '/api/auth/otp/request',
          headers: { 'x-forwarded-for': ip },
          payload: { phone: '13800002222' },
        }),
      5,
    );
    expect(request.passed).toBe(1);
    expectLimited(request.refused);
    expect(request.refused.headers['retry-after']).toBe('60');
  });

  it('limits the public searches: gift disclosure search, certificate verification, the nearest AEDs', async () => {
    const search = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'GET',
          url: '/api/public/disclosure/search?donationNo=D-NONE',
          headers: { 'x-forwarded-for': ip },
        }),
      130,
    );
    expect(search.passed).toBe(120);
    expectLimited(search.refused);
    const verify = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'GET',
          url: '/api/training/certificates/verify?no=NOPE-1',
          headers: { 'x-forwarded-for': ip },
        }),
      40,
    );
    expect(verify.passed).toBe(30);
    expectLimited(verify.refused);
    const nearby = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'GET',
          url: '/api/aed/nearby?lat=31.23&lng=121.47',
          headers: { 'x-forwarded-for': ip },
        }),
      200,
    );
    expect(nearby.passed).toBeGreaterThan(0);
    expectLimited(nearby.refused);
  });

  it('limits starting online gifts to 20 a minute', async () => {
    const { passed, refused } = await hammer(
      (ip) =>
        t.inject(null, {
          method: 'POST',
          url: '/api/public/orders',
          headers: { 'x-forwarded-for': ip },
          payload: {},
        }),
      30,
    );
    expect(passed).toBe(20);
    expectLimited(refused);
  });

  it('gives every public API route a limit (its own, or the default)', () => {
    const limits = publicRouteLimits(t.app);
    const exempt = new Set(['GET /api/health', 'GET /api/health/live', 'GET /api/health/ready']);
    const publicRoutes = t.app.boaiRoutes.filter(
      (r) => r.access === 'public' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(publicRoutes.length).toBeGreaterThan(40);
    const missing = publicRoutes
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !exempt.has(key) && !limits.get(key));
    expect(missing).toEqual([]);
  });
});

describe('sessions and lockout', () => {
  let t: TestApp;
  let province: Awaited<ReturnType<typeof createProvince>>;
  beforeAll(async () => {
    t = await createTestApp();
    province = await createProvince(t);
  });
  afterAll(() => t.close());

  const me = (caller: Caller) => t.inject(caller, { method: 'GET', url: '/api/auth/me' });
  const signIn = (username: string, password: string, cookie?: string) =>
    t.inject(cookie ? { cookie } : null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username, password },
    });

  it('never keeps a session cookie presented at sign-in (session fixation)', async () => {
    const victim = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
    const attacker = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
    // A made-up token planted in the victim's browser is replaced, not adopted.
    const planted = 'boai_session=attacker-chosen-token-value-1234567890';
    const first = await signIn(victim.username, testPassword, planted);
    expect(first.statusCode).toBe(200);
    expect(cookieOf(first)).not.toBe(planted);
    expect((await me({ cookie: planted })).statusCode).toBe(401);
    // A real session of the attacker's own account, planted in the victim's browser, ends when the victim signs in.
    const attackerSession = (await signInAs(t, attacker.username)).cookie;
    const second = await signIn(victim.username, testPassword, attackerSession);
    expect(second.statusCode).toBe(200);
    const victimSession = cookieOf(second);
    expect(victimSession).not.toBe(attackerSession);
    expect((await me({ cookie: attackerSession })).statusCode).toBe(401);
    expect((await me({ cookie: victimSession })).json()).toMatchObject({ userId: victim.userId });
    // Signing in again from the same browser rotates the token too.
    const third = await signIn(victim.username, testPassword, victimSession);
    expect(cookieOf(third)).not.toBe(victimSession);
    expect((await me({ cookie: victimSession })).statusCode).toBe(401);
    expect((await me({ cookie: cookieOf(third) })).statusCode).toBe(200);
  });

  it('ends a user’s sessions when they are granted a role, so new privileges come with a new token', async () => {
    const admin = await createStaff(t, { orgId: province.id, roleId: 'branch_admin' });
    const clerk = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
    const before = await signInAs(t, clerk.username);
    expect((await me(before)).statusCode).toBe(200);
    const granted = await t.inject(admin, {
      method: 'POST',
      url: `/api/users/${clerk.userId}/grants`,
      payload: { roleId: 'readonly', orgId: province.id },
    });
    expect(granted.statusCode, granted.body).toBe(201);
    expect((await me(before)).statusCode).toBe(401);
    const after = await signInAs(t, clerk.username);
    expect(after.cookie).not.toBe(before.cookie);
    const grants = (await me(after)).json().grants as { roleId: string }[];
    expect(grants.map((g) => g.roleId)).toContain('readonly');

    const revoked = await t.inject(admin, {
      method: 'DELETE',
      url: `/api/users/${clerk.userId}/grants/${granted.json().id}`,
    });
    expect(revoked.statusCode, revoked.body).toBeLessThan(300);
    // Losing a grant takes effect on the very next request of the same session.
    expect((await me(after)).json().grants.map((g: { roleId: string }) => g.roleId)).not.toContain('readonly');
    // The administrator who made the change keeps their own session.
    expect((await me(admin)).statusCode).toBe(200);
  });

  it('locks after 5 wrong passwords and lets the right one in once the 15-minute lock has passed', async () => {
    const staff = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
    for (let i = 0; i < 5; i++) {
      expectError(await signIn(staff.username, `Wrong-password-${i}`), 401, 'INVALID_CREDENTIALS');
    }
    expectError(await signIn(staff.username, testPassword), 423, 'ACCOUNT_LOCKED');
    const [row] = await queryRows<{ locked_until: Date | string }>(
      t.db,
      sql`SELECT locked_until FROM users WHERE id = ${staff.userId}`,
    );
    const lockedFor = new Date(row!.locked_until).getTime() - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);
    // Fifteen minutes later (the lock's end moved into the past), the right password works and clears the lock.
    await t.db.execute(sql`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = ${staff.userId}`);
    const back = await signIn(staff.username, testPassword);
    expect(back.statusCode, back.body).toBe(200);
    const [cleared] = await queryRows<{ locked_until: Date | null; failed_logins: number }>(
      t.db,
      sql`SELECT locked_until, failed_logins FROM users WHERE id = ${staff.userId}`,
    );
    expect(cleared).toEqual({ locked_until: null, failed_logins: 0 });
  });
});

describe('uploads judged by their bytes', () => {
  let t: TestApp;
  let clerk: Caller;
  beforeAll(async () => {
    t = await createTestApp();
    const province = await createProvince(t);
    clerk = await createStaff(t, { orgId: province.id, permissions: ['donations:view'] });
  });
  afterAll(() => t.close());

  const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  const upload = (caller: Caller, bytes: Buffer, name: string, type = 'application/pdf') =>
    postFile(t, caller, bytes, name, type);

  it('refuses an executable or a web page named .pdf, whatever type the browser claims', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(64)]);
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    for (const [bytes, name] of [
      [exe, 'report.pdf'],
      [html, 'scan.pdf'],
      [svg, 'photo.png'],
    ] as const) {
      const res = await upload(clerk, bytes, name);
      expectError(res, 400, 'FILE_INVALID');
      expect(res.json().error.details).toMatchObject({ reason: 'type' });
    }
  });

  it('refuses a file over the 20 MB limit with 413 PAYLOAD_TOO_LARGE and the error shape', async () => {
    const big = Buffer.concat([tinyPdf, Buffer.alloc(20 * 1024 * 1024 + 1024)]);
    const res = await upload(clerk, big, 'big.pdf');
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    const publicCaller = await signInByPhone(t, '13900007777');
    const publicBig = await upload(publicCaller, Buffer.concat([tinyPng, Buffer.alloc(10 * 1024 * 1024)]), 'a.png');
    expectError(publicBig, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('serves a stored file with its sniffed type, nosniff, and as a download unless it is a picture', async () => {
    const png = await upload(clerk, tinyPng, 'page.html', 'text/html');
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().contentType).toBe('image/png');
    const gotPng = await t.inject(clerk, { method: 'GET', url: `/api/files/${png.json().id}` });
    expect(gotPng.headers['content-type']).toBe('image/png');
    expect(gotPng.headers['x-content-type-options']).toBe('nosniff');
    expect(String(gotPng.headers['content-disposition'])).toMatch(/^inline;/);
    expect(String(gotPng.headers['content-security-policy'])).toContain('sandbox');

    const pdf = await upload(clerk, tinyPdf, 'evidence.png', 'image/png');
    expect(pdf.statusCode, pdf.body).toBe(201);
    const gotPdf = await t.inject(clerk, { method: 'GET', url: `/api/files/${pdf.json().id}` });
    expect(gotPdf.headers['content-type']).toBe('application/pdf');
    expect(gotPdf.headers['x-content-type-options']).toBe('nosniff');
    expect(String(gotPdf.headers['content-disposition'])).toMatch(/^attachment;/);
  });
});

describe('exports keep user text as text', () => {
  it('writes formula-like text (=cmd|…, +, -, @) as plain strings, never formulas', async () => {
    const payloads = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '=HYPERLINK("http://evil.example","x")'];
    const buffer = await writeSheet(
      'x',
      [{ key: 'name', header: 'name' }],
      payloads.map((name) => ({ name })),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    payloads.forEach((text, i) => {
      const cell = ws.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
    });
  });
});
