// No secret or personal number in the logs: the app's log stream, captured at debug level while staff sign in, a citizen
// asks for and uses a one-time code, a gift is paid and its provider calls back, staff unmask a person and search by ID
// number, and requests fail. None of the secrets those flows handled may appear in any log line.
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  createBranchChain,
  createOpenProject,
  createPerson,
  createStaff,
  giveOnline,
  testPassword,
  uniqueIdNumber,
} from '../../test/factories';
import { createTestApp, type TestApp, testMasterKey } from '../../test/test-app';
import { maskPhone } from '../identity/masking';
import { logSerializers } from './security';

let t: TestApp;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
  });
  t = await createTestApp({ logLevel: 'debug', logStream: stream });
});
afterAll(() => t.close());

function cookieValue(set: string | string[] | undefined): string {
  const first = Array.isArray(set) ? set[0] : set;
  return String(first).split(';')[0]!.split('=')[1]!;
}

describe('logs', () => {
  it('hold no password, session token, one-time code, key, header secret, ID number or phone', async () => {
    const secrets: Record<string, string> = {
      masterKeyHex: testMasterKey.toString('hex'),
      password: testPassword,
      wrongPassword: 'Wrong-Password-Zz-9183',
      authorization: 'Bearer sk_live_5f1b2c3d4e5f60718293a4b5c6d7e8f9',
      apiKey: 'key-4f6c0e9a1b2d3c4e5f60718293a4b5c6',
    };
    const chain = await createBranchChain(t);
    const staff = await createStaff(t, { orgId: chain.province.id, roleId: 'branch_admin' });

    // Staff sign-in: a wrong password, then the right one; the session token and Authorization header must not leak.
    await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: staff.username, password: secrets.wrongPassword },
    });
    const signedIn = await t.inject(null, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { authorization: secrets.authorization, 'x-api-key': secrets.apiKey },
      payload: { username: staff.username, password: testPassword },
    });
    expect(signedIn.statusCode).toBe(200);
    secrets.staffToken = cookieValue(signedIn.headers['set-cookie']);
    const admin = { cookie: `boai_session=${secrets.staffToken}` };

    // A citizen's one-time code: request, a wrong guess, the right code.
    const phone = '13912345678';
    secrets.phone = phone;
    expect(
      (await t.inject(null, { method: 'POST', url: '/api/auth/otp/request', payload: { phone } })).statusCode,
    ).toBe(200);
    const [row] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'otp' AND recipient_masked = ${maskPhone(phone)} ORDER BY created_at DESC LIMIT 1`,
    );
    const code = row!.body.match(/\d{6}/)![0];
    secrets.otp = code;
    const wrong = code === '000000' ? '111111' : '000000';
    await t.inject(null, { method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code: wrong } });
    const verified = await t.inject(null, { method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
    expect(verified.statusCode).toBe(200);
    secrets.publicToken = cookieValue(verified.headers['set-cookie']);

    // A gift paid online, the provider's callback, and the order's access token.
    const project = await createOpenProject(t, chain.province.id);
    const donorPhone = '13787654321';
    secrets.donorPhone = donorPhone;
    const gift = await giveOnline(t, project.code, 5000, { phone: donorPhone, donorName: '王小明' });
    expect(gift.paid.statusCode, gift.paid.body).toBeLessThan(300);
    secrets.orderToken = gift.order.accessToken;
    await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${gift.order.orderNo}?token=${encodeURIComponent(gift.order.accessToken)}`,
    });
    const forged = await t.inject(null, {
      method: 'POST',
      url: '/api/payments/local/notify',
      headers: { 'content-type': 'application/json', 'x-boai-signature': 'sig-9f8e7d6c5b4a39281706f5e4d3c2b1a0' },
      payload: JSON.stringify({ orderNo: gift.order.orderNo, status: 'paid', amountFen: 5000 }),
    });
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    secrets.signature = 'sig-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

    // A person unmasked with a reason, and searched by full ID number and phone.
    const idNumber = uniqueIdNumber();
    secrets.idNumber = idNumber;
    const personPhone = '13655554444';
    secrets.personPhone = personPhone;
    const person = await createPerson(t, chain.province.id, { idNumber, phone: personPhone });
    const unmasked = await t.inject(admin, {
      method: 'POST',
      url: `/api/people/${person.id}/unmask`,
      payload: { reason: '核对身份' },
    });
    expect(unmasked.statusCode, unmasked.body).toBe(200);
    expect(unmasked.body).toContain(idNumber);
    await t.inject(admin, { method: 'GET', url: `/api/people?q=${idNumber}` });
    await t.inject(admin, { method: 'GET', url: `/api/people?q=${personPhone}` });

    // Errors: a malformed registration carrying a full ID number, an unknown route with one in its query, an
    // unauthenticated call with a cookie.
    const otherId = uniqueIdNumber();
    secrets.otherId = otherId;
    await t.inject(admin, {
      method: 'POST',
      url: '/api/people',
      payload: { orgId: 'not-a-number', name: 'x', idType: 'resident_id', idNumber: otherId },
    });
    await t.inject(null, { method: 'GET', url: `/api/no-such-route?idNumber=${otherId}` });
    await t.inject(null, {
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'boai_session=forged-cookie-value-abcdef0123456789' },
    });
    secrets.forgedCookie = 'forged-cookie-value-abcdef0123456789';

    // The log did record the traffic (so the test reads a real stream) …
    expect(logs).toContain('"url":"/api/auth/sign-in"');
    expect(logs).toContain('/api/people?q=~');
    expect(logs.split('\n').length).toBeGreaterThan(20);
    // … and none of the secrets.
    const leaks = Object.entries(secrets).filter(([, value]) => logs.includes(value));
    expect(leaks.map(([name]) => name)).toEqual([]);
  });

  it('strips the bound values from a failed query’s message before it is logged', () => {
    const err = new Error(
      'Failed query: insert into "people" ("name", "id_number_hash") values ($1, $2)\nparams: 张三,110101199003077777',
    );
    const out = logSerializers.err(err);
    expect(String(out.message)).toContain('params: [redacted]');
    expect(JSON.stringify(out)).not.toContain('110101199003077777');
    expect(JSON.stringify(out)).not.toContain('张三');
  });
});
