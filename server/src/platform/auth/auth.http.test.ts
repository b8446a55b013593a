// Sign-in over HTTP on a real database: staff passwords, lockout, sessions, password change, public one-time codes,
// and how the sign-in routes refuse malformed input.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createProvince, createStaff, signInAs, testPassword } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { maskPhone } from '../identity/masking';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

function sessionCookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) {
    throw new Error(`no set-cookie header: ${res.statusCode} ${res.body}`);
  }
  return first.split(';')[0];
}

async function staffUser() {
  const province = await createProvince(t);
  return createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
}

const signIn = (username: string, password: string, opts: { url?: string; headers?: Record<string, string> } = {}) =>
  t.inject(null, {
    method: 'POST',
    url: opts.url ?? '/api/auth/sign-in',
    payload: { username, password },
    headers: opts.headers,
  });

const me = (caller: Caller) => t.inject(caller, { method: 'GET', url: '/api/auth/me' });

describe('staff sign-in', () => {
  it('sets an httpOnly SameSite=Lax session cookie that /auth/me answers to', async () => {
    const staff = await staffUser();
    const res = await signIn(staff.username, testPassword);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'staff',
      userId: staff.userId,
      username: staff.username,
      permissions: ['orgs:view'],
    });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^boai_session=[A-Za-z0-9_-]{20,};/);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Path=\//);

    const who = await me({ cookie: sessionCookieOf(res) });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ kind: 'staff', userId: staff.userId });
  });

  it('answers /auth/me without a session with 401 UNAUTHENTICATED', async () => {
    expectError(await me(null), 401, 'UNAUTHENTICATED');
    expectError(await me({ cookie: 'boai_session=not-a-real-token' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS and sets no cookie', async () => {
    const staff = await staffUser();
    const res = await signIn(staff.username, 'Wrong-password-1');
    expectError(res, 401, 'INVALID_CREDENTIALS');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an unknown username with the same 401 INVALID_CREDENTIALS as a wrong password', async () => {
    const staff = await staffUser();
    const unknown = await signIn(`nobody_${crypto.randomUUID().slice(0, 8)}`, testPassword);
    const wrong = await signIn(staff.username, 'Wrong-password-1');
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('locks the account after 5 wrong passwords: even the right password gets 423 ACCOUNT_LOCKED', async () => {
    const staff = await staffUser();
    for (let i = 0; i < 5; i++) {
      expectError(await signIn(staff.username, `Wrong-password-${i}`), 401, 'INVALID_CREDENTIALS');
    }
    const locked = await signIn(staff.username, testPassword);
    expectError(locked, 423, 'ACCOUNT_LOCKED');
    expect(locked.headers['set-cookie']).toBeUndefined();

    const rows = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'user' AND entity_id = ${staff.userId} ORDER BY id`,
    );
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'user.sign-in-failed')).toHaveLength(4);
    expect(actions.filter((a) => a === 'user.locked')).toHaveLength(1);
    const [user] = await queryRows<{ locked_until: Date | string | null }>(
      t.db,
      sql`SELECT locked_until FROM users WHERE id = ${staff.userId}`,
    );
    expect(new Date(user.locked_until!).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it('keeps the lockout when guesses arrive together: the right password among 12 concurrent wrong ones is refused', async () => {
    const staff = await staffUser();
    const passwords = [...Array.from({ length: 12 }, (_, i) => `Wrong-password-${i}`), testPassword];
    const results = await Promise.all(passwords.map((p) => signIn(staff.username, p)));
    const right = results.at(-1)!;
    expect(right.statusCode).toBe(423);
    expect(right.headers['set-cookie']).toBeUndefined();
    for (const res of results) {
      expect([401, 423]).toContain(res.statusCode);
    }
    expectError(await signIn(staff.username, testPassword), 423, 'ACCOUNT_LOCKED');
  });

  it('refuses a disabled account with 403 ACCOUNT_DISABLED only after checking the password', async () => {
    const staff = await staffUser();
    await t.db.execute(sql`UPDATE users SET is_active = false WHERE id = ${staff.userId}`);
    expectError(await signIn(staff.username, 'Wrong-password-1'), 401, 'INVALID_CREDENTIALS');
    for (let i = 0; i < 6; i++) {
      expectError(await signIn(staff.username, testPassword), 403, 'ACCOUNT_DISABLED');
    }
    expectError(await me(staff), 401, 'UNAUTHENTICATED');
  });

  it('counts a correct sign-in as a fresh start: four failures, a success, then one failure do not lock', async () => {
    const staff = await staffUser();
    for (let i = 0; i < 4; i++) {
      expectError(await signIn(staff.username, `Wrong-password-${i}`), 401, 'INVALID_CREDENTIALS');
    }
    expect((await signIn(staff.username, testPassword)).statusCode).toBe(200);
    expectError(await signIn(staff.username, 'Wrong-password-9'), 401, 'INVALID_CREDENTIALS');
    expect((await signIn(staff.username, testPassword)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('ends the session on sign-out: the old cookie then gets 401 on /auth/me', async () => {
    const staff = await staffUser();
    const session = await signInAs(t, staff.username);
    expect((await me(session)).statusCode).toBe(200);
    const out = await t.inject(session, { method: 'POST', url: '/api/auth/sign-out' });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^boai_session=;/);
    expectError(await me(session), 401, 'UNAUTHENTICATED');
    // The other session of the same account lives on.
    expect((await me(staff)).statusCode).toBe(200);
  });

  it('ends every session of the account on sign-out-everywhere, including other devices', async () => {
    const staff = await staffUser();
    const second = await signInAs(t, staff.username);
    const res = await t.inject(staff, { method: 'POST', url: '/api/auth/sign-out-everywhere' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ended: 2 });
    expectError(await me(staff), 401, 'UNAUTHENTICATED');
    expectError(await me(second), 401, 'UNAUTHENTICATED');
    // Signing in again works.
    expect((await me(await signInAs(t, staff.username))).statusCode).toBe(200);
  });
});

describe('password change', () => {
  const changePassword = (caller: Caller, currentPassword: string, newPassword: string) =>
    t.inject(caller, { method: 'POST', url: '/api/auth/password', payload: { currentPassword, newPassword } });

  it('refuses a wrong current password with 400 WRONG_PASSWORD and keeps the old one', async () => {
    const staff = await staffUser();
    expectError(await changePassword(staff, 'Not-my-password-1', 'Brand-new-pass-2026'), 400, 'WRONG_PASSWORD');
    expect((await signIn(staff.username, testPassword)).statusCode).toBe(200);
  });

  it('refuses a weak new password with 400 WEAK_PASSWORD', async () => {
    const staff = await staffUser();
    for (const weak of ['short1', 'onlyletterslong', '1234567890123']) {
      expectError(await changePassword(staff, testPassword, weak), 400, 'WEAK_PASSWORD');
    }
    expect((await signIn(staff.username, testPassword)).statusCode).toBe(200);
  });

  it('ends the other sessions but keeps the current one, and only the new password works afterwards', async () => {
    const staff = await staffUser();
    const other = await signInAs(t, staff.username);
    const newPassword = 'Brand-new-pass-2026';
    const res = await changePassword(staff, testPassword, newPassword);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });

    expect((await me(staff)).statusCode).toBe(200);
    expectError(await me(other), 401, 'UNAUTHENTICATED');
    expectError(await signIn(staff.username, testPassword), 401, 'INVALID_CREDENTIALS');
    expect((await signIn(staff.username, newPassword)).statusCode).toBe(200);
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const staff = await staffUser();
    const newPassword = 'Another-pass-2026';
    expect((await changePassword(staff, testPassword, newPassword)).statusCode).toBe(200);
    const [row] = await queryRows<{ password_hash: string }>(
      t.db,
      sql`SELECT password_hash FROM users WHERE id = ${staff.userId}`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(newPassword);
  });

  it('refuses a public session on the staff-only password route with 403', async () => {
    const { cookie } = await publicSignIn();
    expectError(await changePassword({ cookie }, 'x', 'Brand-new-pass-2026'), 403, 'FORBIDDEN');
  });
});

// One-time codes: each test calls from its own address so the per-IP hourly limit never interferes.
function randomIp(): string {
  return `10.${crypto.randomInt(0, 255)}.${crypto.randomInt(0, 255)}.${crypto.randomInt(1, 255)}`;
}

function randomMobile(): string {
  return `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

let outboxReader: Caller | undefined;

/** The latest code sent to `phone`, read from the outbox page as a province admin (the dev adapter shows codes). */
async function latestCode(phone: string): Promise<string> {
  if (!outboxReader) {
    const province = await createProvince(t);
    outboxReader = await createStaff(t, { orgId: province.id, permissions: ['outbox:view'] });
  }
  const res = await t.inject(outboxReader, { method: 'GET', url: '/api/outbox?channel=sms&pageSize=200' });
  expect(res.statusCode).toBe(200);
  const item = (res.json().items as { template: string; recipient: string; body: string }[]).find(
    (m) => m.template === 'otp' && m.recipient === maskPhone(phone),
  );
  const code = item?.body.match(/\d{6}/)?.[0];
  if (!code) {
    throw new Error(`no code in the outbox for ${phone}`);
  }
  return code;
}

const requestOtp = (phone: string, ip: string) =>
  t.inject(null, { method: 'POST', url: '/api/auth/otp/request', payload: { phone }, remoteAddress: ip });
const verifyOtp = (phone: string, code: string, ip: string) =>
  t.inject(null, { method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code }, remoteAddress: ip });

async function publicSignIn() {
  const phone = randomMobile();
  const ip = randomIp();
  expect((await requestOtp(phone, ip)).statusCode).toBe(200);
  const res = await verifyOtp(phone, await latestCode(phone), ip);
  expect(res.statusCode, res.body).toBe(200);
  return { phone, ip, cookie: sessionCookieOf(res) };
}

describe('public sign-in with a one-time code', () => {
  it('queues a secret SMS in the outbox whose code signs the caller in', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    const res = await requestOtp(phone, ip);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ expiresInSeconds: 300 });

    const rows = await queryRows<{ template: string; is_secret: number; channel: string }>(
      t.db,
      sql`SELECT template, is_secret, channel FROM outbox_messages WHERE recipient_masked = ${maskPhone(phone)}`,
    );
    expect(rows).toEqual([{ template: 'otp', is_secret: 1, channel: 'sms' }]);

    const code = await latestCode(phone);
    const [otp] = await queryRows<{ code_hash: string }>(
      t.db,
      sql`SELECT code_hash FROM otp_codes ORDER BY created_at DESC LIMIT 1`,
    );
    expect(otp.code_hash).not.toContain(code);

    const verified = await verifyOtp(phone, code, ip);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ kind: 'public', phoneMasked: maskPhone(phone), permissions: [] });
    expect(String(verified.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const who = await me({ cookie: sessionCookieOf(verified) });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ kind: 'public', phoneMasked: maskPhone(phone) });
  });

  it('refuses a code used a second time with 400 OTP_INVALID', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    await requestOtp(phone, ip);
    const code = await latestCode(phone);
    expect((await verifyOtp(phone, code, ip)).statusCode).toBe(200);
    const again = await verifyOtp(phone, code, ip);
    expectError(again, 400, 'OTP_INVALID');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an expired code with 400 OTP_INVALID', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    await requestOtp(phone, ip);
    const code = await latestCode(phone);
    await t.db.execute(
      sql`UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL AND ip = ${ip}`,
    );
    expectError(await verifyOtp(phone, code, ip), 400, 'OTP_INVALID');
  });

  it('burns the code after 5 wrong tries: the right code then fails too', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    await requestOtp(phone, ip);
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expectError(await verifyOtp(phone, wrong, ip), 400, 'OTP_INVALID');
    }
    expectError(await verifyOtp(phone, code, ip), 400, 'OTP_INVALID');
    const [otp] = await queryRows<{ attempts: number; consumed_at: Date | null }>(
      t.db,
      sql`SELECT attempts, consumed_at FROM otp_codes WHERE ip = ${ip}`,
    );
    expect(otp.attempts).toBe(5);
    expect(otp.consumed_at).not.toBeNull();
  });

  it('checks at most 5 guesses against a code even when they arrive together', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    await requestOtp(phone, ip);
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    // The right code travels as the 15th of 21 simultaneous tries: by then the code is spent.
    const guesses = [...Array.from({ length: 14 }, () => wrong), code, ...Array.from({ length: 6 }, () => wrong)];
    const results = await Promise.all(guesses.map((g) => verifyOtp(phone, g, ip)));
    for (const res of results) {
      expectError(res, 400, 'OTP_INVALID');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const [otp] = await queryRows<{ attempts: number; consumed_at: Date | null }>(
      t.db,
      sql`SELECT attempts, consumed_at FROM otp_codes WHERE ip = ${ip}`,
    );
    expect(otp.attempts).toBe(5);
    expect(otp.consumed_at).not.toBeNull();
  });

  it('accepts the right code after fewer than 5 wrong tries', async () => {
    const phone = randomMobile();
    const ip = randomIp();
    await requestOtp(phone, ip);
    const code = await latestCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      expectError(await verifyOtp(phone, wrong, ip), 400, 'OTP_INVALID');
    }
    expect((await verifyOtp(phone, code, ip)).statusCode).toBe(200);
  });

  it('refuses a second request for the same phone within 60 seconds with 429 RATE_LIMITED and sends nothing', async () => {
    const phone = randomMobile();
    expect((await requestOtp(phone, randomIp())).statusCode).toBe(200);
    // Spelled differently and from another address: still the same phone.
    expectError(await requestOtp(`+86 ${phone.slice(0, 3)}-${phone.slice(3)}`, randomIp()), 429, 'RATE_LIMITED');
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient_masked = ${maskPhone(phone)}`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('sends one code when requests for the same phone arrive together; the others get 429', async () => {
    const phone = randomMobile();
    const results = await Promise.all(Array.from({ length: 5 }, () => requestOtp(phone, randomIp())));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 429, 429, 429, 429]);
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient_masked = ${maskPhone(phone)}`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a landline, letters and a too-short foreign number with 400 INVALID_PHONE', async () => {
    const ip = randomIp();
    const before = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM otp_codes`);
    for (const phone of ['0571-88888888', 'abcdefghij', '+86 12345', '+861381234567', '1381234567']) {
      expectError(await requestOtp(phone, ip), 400, 'INVALID_PHONE');
    }
    expectError(await verifyOtp('0571-88888888', '123456', ip), 400, 'INVALID_PHONE');
    const after = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM otp_codes`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('gives a public session 403 on staff routes and 200 on /auth/me', async () => {
    const { cookie } = await publicSignIn();
    expect((await me({ cookie })).statusCode).toBe(200);
    expectError(await t.inject({ cookie }, { method: 'GET', url: '/api/orgs' }), 403, 'FORBIDDEN');
    expectError(await t.inject({ cookie }, { method: 'GET', url: '/api/roles' }), 403, 'FORBIDDEN');
    expectError(await t.inject({ cookie }, { method: 'GET', url: '/api/people' }), 403, 'FORBIDDEN');
  });

  it('ends every session of a public account on sign-out-everywhere and records it against that account', async () => {
    const { phone, ip: firstIp, cookie } = await publicSignIn();
    // A second device: a new code a minute later (the test moves the first code's time back).
    await t.db.execute(sql`UPDATE otp_codes SET created_at = created_at - interval '2 minutes' WHERE ip = ${firstIp}`);
    const ip = randomIp();
    expect((await requestOtp(phone, ip)).statusCode).toBe(200);
    const second = await verifyOtp(phone, await latestCode(phone), ip);
    expect(second.statusCode).toBe(200);
    const accountId = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT id FROM public_accounts WHERE phone_masked = ${maskPhone(phone)}`,
    );

    const res = await t.inject({ cookie }, { method: 'POST', url: '/api/auth/sign-out-everywhere' });
    expect(res.json()).toEqual({ ended: 2 });
    expectError(await me({ cookie }), 401, 'UNAUTHENTICATED');
    expectError(await me({ cookie: sessionCookieOf(second) }), 401, 'UNAUTHENTICATED');
    const [row] = await queryRows<{ entity_type: string; entity_id: string }>(
      t.db,
      sql`SELECT entity_type, entity_id FROM audit_log WHERE action = 'session.ended-everywhere' ORDER BY id DESC LIMIT 1`,
    );
    expect(row).toEqual({ entity_type: 'public_account', entity_id: accountId[0].id });
  });

  it('ends a public session on sign-out', async () => {
    const { cookie } = await publicSignIn();
    expect((await t.inject({ cookie }, { method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(200);
    expectError(await me({ cookie }), 401, 'UNAUTHENTICATED');
  });
});

describe('malformed requests', () => {
  const cases: { name: string; url: string; payload: unknown; field?: string }[] = [
    { name: 'an unknown field', url: '/api/auth/sign-in', payload: { username: 'a', password: 'b', isAdmin: true } },
    {
      name: 'a number for a string',
      url: '/api/auth/sign-in',
      payload: { username: 123, password: 'b' },
      field: 'body.username',
    },
    { name: 'a missing field', url: '/api/auth/sign-in', payload: { username: 'a' }, field: 'body.password' },
    {
      name: 'an over-long username',
      url: '/api/auth/sign-in',
      payload: { username: 'u'.repeat(41), password: 'b' },
      field: 'body.username',
    },
    {
      name: 'an over-long password',
      url: '/api/auth/sign-in',
      payload: { username: 'a', password: 'p'.repeat(201) },
      field: 'body.password',
    },
    { name: 'an array body', url: '/api/auth/sign-in', payload: [{ username: 'a', password: 'b' }] },
    {
      name: 'an over-long phone',
      url: '/api/auth/otp/request',
      payload: { phone: '1'.repeat(21) },
      field: 'body.phone',
    },
    {
      name: 'an unknown field next to a phone',
      url: '/api/auth/otp/request',
      payload: { phone: '13912345678', to: 'x' },
    },
    {
      name: 'a five-digit code',
      url: '/api/auth/otp/verify',
      payload: { phone: '13912345678', code: '12345' },
      field: 'body.code',
    },
    {
      name: 'a numeric code',
      url: '/api/auth/otp/verify',
      payload: { phone: '13912345678', code: 123456 },
      field: 'body.code',
    },
  ];

  it.each(cases)('refuses $name on $url with 400 VALIDATION_FAILED', async ({ url, payload, field }) => {
    const res = await t.inject(null, { method: 'POST', url, payload: payload as object, remoteAddress: randomIp() });
    expectError(res, 400, 'VALIDATION_FAILED');
    const issues = res.json().error.details.issues as { field: string }[];
    expect(issues.length).toBeGreaterThan(0);
    if (field) {
      expect(issues.map((i) => i.field)).toContain(field);
    }
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an unknown field on the password change with 400 VALIDATION_FAILED and keeps the password', async () => {
    const staff = await staffUser();
    const res = await t.inject(staff, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: testPassword, newPassword: 'Brand-new-pass-2026', userId: crypto.randomUUID() },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect((await signIn(staff.username, testPassword)).statusCode).toBe(200);
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", "password": ',
    });
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('refuses an empty JSON body with 400', async () => {
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/^(MALFORMED_JSON|VALIDATION_FAILED)$/);
  });

  it('refuses a text/plain body (the cross-site form trick) with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const staff = await staffUser();
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: staff.username, password: testPassword }),
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a form-encoded body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('language of error messages', () => {
  it('answers in Chinese by default', async () => {
    const staff = await staffUser();
    const res = await signIn(staff.username, 'Wrong-password-1');
    expect(res.json().error.message).toBe('用户名或密码错误');
  });

  it('answers in English for ?lang=en', async () => {
    const staff = await staffUser();
    const res = await signIn(staff.username, 'Wrong-password-1', { url: '/api/auth/sign-in?lang=en' });
    expectError(res, 401, 'INVALID_CREDENTIALS');
    expect(res.json().error.message).toBe('Wrong username or password');
  });

  it('answers in English for Accept-Language: en', async () => {
    const res = await signIn('nobody-at-all', 'x', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(res.json().error.message).toBe('Wrong username or password');
    const invalid = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'accept-language': 'en' },
      payload: { username: 'a', password: 'b', extra: 1 },
    });
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.json().error.message).toBe('Invalid input');
  });

  it('answers in English for the boai_lang cookie, and ?lang=zh wins over Accept-Language', async () => {
    const viaCookie = await signIn('nobody-at-all', 'x', { headers: { cookie: 'boai_lang=en' } });
    expect(viaCookie.json().error.message).toBe('Wrong username or password');
    const zh = await signIn('nobody-at-all', 'x', {
      url: '/api/auth/sign-in?lang=zh',
      headers: { 'accept-language': 'en' },
    });
    expect(zh.json().error.message).toBe('用户名或密码错误');
  });

  it('answers an unauthenticated English caller in English', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/auth/me?lang=en' });
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.json().error.message).toBe('Please sign in');
  });
});
