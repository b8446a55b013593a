// Online giving through the HTTP routes on a real database: order → local checkout → signed notification → gift,
// ledger entry and certificate job; replays, forgeries, wrong amounts, late and unknown notifications; bad amounts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { runDueJobs } from '../../platform/jobs/jobs.service';
import { createBranchChain, createOpenProject, createStaff, giveOnline, signInByPhone } from '../../test/factories';
import { createTestApp, type TestApp, testMasterKey } from '../../test/test-app';
import { defineDonationJobs } from './donations.jobs';
import { deriveLocalPaymentKey } from './donations-runtime';
import { expireOrders } from './giving';
import { signLocalNotification } from './payments/local-provider';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let project: Awaited<ReturnType<typeof createOpenProject>>;
const localKey = deriveLocalPaymentKey(testMasterKey);

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

async function notify(headers: Record<string, string>, rawBody: string) {
  return t.inject(null, { method: 'POST', url: '/api/payments/local/notify', headers, payload: rawBody });
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  project = await createOpenProject(t, chain.city.id);
  defineDonationJobs({ publicUrl: 'http://boai.test' });
});
afterAll(() => t.close());

describe('giving online through the local provider', () => {
  it('turns a paid order into a gift with a ledger entry free of personal data, and issues the certificate', async () => {
    const { order, paid } = await giveOnline(t, project.code, 5000, { donorName: '王小明', phone: '13800138000' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().verdict).toBe('accepted');

    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
    });
    expect(status.json()).toMatchObject({ status: 'paid', amountFen: 5000, projectCode: project.code });
    const donationNo = status.json().donationNo as string;
    expect(donationNo).toMatch(/^D\d{8}[0-9A-Z]{10}$/);

    const pub = await t.inject(null, { method: 'GET', url: `/api/public/donations/${donationNo}` });
    expect(pub.json()).toMatchObject({ displayName: '王*明', amountFen: 5000, isRefunded: false, unspentFen: 5000 });
    expect(pub.body).not.toContain('王小明');
    expect(pub.body).not.toContain('13800138000');

    const [entry] = await queryRows<{ leaf: string; kind: string }>(
      t.db,
      sql`SELECT leaf, kind FROM ledger_entries WHERE index = ${pub.json().ledgerIndex}`,
    );
    expect(entry.kind).toBe('donation.received');
    const leaf = JSON.parse(entry.leaf);
    expect(leaf).toMatchObject({ ref: donationNo, amountFen: 5000, channel: 'local', project: project.code });
    expect(entry.leaf).not.toContain('王');
    expect(entry.leaf).not.toContain('13800138000');

    // The donor's own view carries the salt that opens the commitment in the leaf.
    const mine = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${donationNo}/mine?token=${order.accessToken}`,
    });
    expect(mine.statusCode).toBe(200);
    const { identityCommitment } = await import('./commitment');
    expect(identityCommitment(Buffer.from(mine.json().salt, 'base64url'), '王小明')).toBe(leaf.donor);
    const wrongToken = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${donationNo}/mine?token=${'x'.repeat(32)}`,
    });
    expect(wrongToken.statusCode).toBe(403);
    expect(wrongToken.json().error.code).toBe('ACCESS_TOKEN_INVALID');

    // The certificate job renders a PDF and tells the donor by SMS.
    await runDueJobs(t.db, 'test');
    const [gift] = await queryRows<{ certificate_file_id: string | null }>(
      t.db,
      sql`SELECT certificate_file_id FROM donations WHERE donation_no = ${donationNo}`,
    );
    expect(gift.certificate_file_id).not.toBeNull();
    const [file] = await queryRows<{ content_type: string; size_bytes: number }>(
      t.db,
      sql`SELECT content_type, size_bytes FROM stored_files WHERE id = ${gift.certificate_file_id}`,
    );
    expect(file.content_type).toBe('application/pdf');
    const [sms] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'donation.received' AND body LIKE ${`%${donationNo}%`}`,
    );
    expect(sms.body).toContain(`/trace/${donationNo}`);
  });

  it('changes nothing on a replayed notification, and refuses a forged one, recording and flagging it', async () => {
    const { order, query } = await giveOnline(t, project.code, 1234, { action: 'pay' });
    const gifts = await count('donations');
    const entries = await count('ledger_entries');
    const [o] = await queryRows<{ provider_txn_id: string; paid_at: Date }>(
      t.db,
      sql`SELECT provider_txn_id, paid_at FROM donation_orders WHERE order_no = ${order.orderNo}`,
    );
    const replay = signLocalNotification(localKey, {
      orderNo: order.orderNo,
      providerTxnId: o.provider_txn_id,
      amountFen: 1234,
      status: 'paid',
      paidAt: new Date(o.paid_at),
    });
    for (let i = 0; i < 3; i++) {
      const res = await notify(replay.headers, replay.rawBody);
      expect(res.statusCode).toBe(200);
    }
    expect(await count('donations')).toBe(gifts);
    expect(await count('ledger_entries')).toBe(entries);

    const forged = signLocalNotification('another-key-another-key-another-key!!', {
      orderNo: order.orderNo,
      providerTxnId: 'L-forged',
      amountFen: 1234,
      status: 'paid',
      paidAt: new Date(),
    });
    const res = await notify(forged.headers, forged.rawBody);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'PAYMENT_NOTIFICATION_REJECTED', details: { verdict: 'forged' } });
    expect(await count('donations')).toBe(gifts);
    expect(query.token).toBeTruthy();

    const finance = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });
    const flagged = await t.inject(finance, { method: 'GET', url: '/api/payment-notifications?flagged=true' });
    expect(flagged.statusCode).toBe(200);
    expect(flagged.json().items.map((n: { verdict: string }) => n.verdict)).toContain('forged');
    const first = flagged.json().items[0];
    const reviewed = await t.inject(finance, {
      method: 'POST',
      url: `/api/payment-notifications/${first.id}/review`,
      payload: { note: '伪造通知,已向支付渠道核实并忽略' },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().reviewedAt).not.toBeNull();
    const twice = await t.inject(finance, {
      method: 'POST',
      url: `/api/payment-notifications/${first.id}/review`,
      payload: { note: '再次处理' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('refuses a notification for the wrong amount, for an unknown order, and one arriving after expiry', async () => {
    const created = await t.inject(null, {
      method: 'POST',
      url: '/api/public/orders',
      payload: {
        projectCode: project.code,
        amountFen: 800,
        channel: 'local',
        isAnonymous: true,
        consentVersion: '2026-01',
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNo } = created.json();
    const gifts = await count('donations');
    const sign = (amountFen: number, no = orderNo, paidAt = new Date()) =>
      signLocalNotification(localKey, {
        orderNo: no,
        providerTxnId: `L${Date.now()}`,
        amountFen,
        status: 'paid',
        paidAt,
      });

    const wrong = sign(80);
    const r1 = await notify(wrong.headers, wrong.rawBody);
    expect(r1.json().error.details.verdict).toBe('amount_mismatch');
    const unknown = sign(800, 'O20260101UNKNOWN000');
    const r2 = await notify(unknown.headers, unknown.rawBody);
    expect(r2.json().error.details.verdict).toBe('unknown_order');

    // Paid after the order's expiry (a payment made in time but notified late is booked: see providers.http.test.ts).
    await expireOrders(t.db, new Date(Date.now() + 60 * 60_000));
    const late = sign(800, orderNo, new Date(Date.now() + 30 * 60_000));
    const r3 = await notify(late.headers, late.rawBody);
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.details.verdict).toBe('late');
    expect(await count('donations')).toBe(gifts);
    const [o] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM donation_orders WHERE order_no = ${orderNo}`,
    );
    expect(o.status).toBe('expired');
  });

  it('closes an order the payer cancels', async () => {
    const { order, paid } = await giveOnline(t, project.code, 500, { action: 'cancel' });
    expect(paid.statusCode).toBe(200);
    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
    });
    expect(status.json()).toMatchObject({ status: 'closed', donationNo: null });
  });
});

describe('bad orders get a clear 4xx and change nothing', () => {
  const base = () => ({ projectCode: project.code, channel: 'local', isAnonymous: true, consentVersion: '2026-01' });
  it.each([
    ['zero', 0, 400, 'VALIDATION_FAILED'],
    ['negative', -100, 400, 'VALIDATION_FAILED'],
    ['fractional fen', 12.5, 400, 'VALIDATION_FAILED'],
    ['not a number', '50', 400, 'VALIDATION_FAILED'],
    ['over the online maximum', 50_000_001, 422, 'AMOUNT_TOO_LARGE'],
  ])('%s', async (_name, amountFen, status, code) => {
    const orders = await count('donation_orders');
    const res = await t.inject(null, { method: 'POST', url: '/api/public/orders', payload: { ...base(), amountFen } });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await count('donation_orders')).toBe(orders);
  });

  it('says which channels this deployment takes', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/public/payment-channels' });
    expect(res.json()).toEqual({ channels: ['local'], consentVersion: '2026-01' });
  });

  it('refuses an unknown project, a closed one and an unknown channel', async () => {
    const unknown = await t.inject(null, {
      method: 'POST',
      url: '/api/public/orders',
      payload: { ...base(), projectCode: 'NOPE', amountFen: 100 },
    });
    expect(unknown.statusCode).toBe(404);
    const closed = await createOpenProject(t, chain.county.id);
    const admin = await createStaff(t, { orgId: chain.province.id, roleId: 'branch_admin' });
    const close = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/donation-projects/${closed.id}`,
      payload: { status: 'closed' },
    });
    expect(close.statusCode).toBe(200);
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/public/orders',
      payload: { ...base(), projectCode: closed.code, amountFen: 100 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PROJECT_NOT_OPEN');
    const wechat = await t.inject(null, {
      method: 'POST',
      url: '/api/public/orders',
      payload: { ...base(), channel: 'wechat', amountFen: 100 },
    });
    expect(wechat.statusCode).toBe(422);
    expect(wechat.json().error.code).toBe('PAYMENT_CHANNEL_UNAVAILABLE');
  });

  it('refuses a tampered checkout link', async () => {
    const created = await t.inject(null, {
      method: 'POST',
      url: '/api/public/orders',
      payload: { ...base(), amountFen: 100 },
    });
    const { orderNo, checkout } = created.json();
    const query = Object.fromEntries(new URL(checkout.url).searchParams) as Record<string, string>;
    const res = await t.inject(null, {
      method: 'POST',
      url: `/api/public/pay/local/${orderNo}`,
      payload: { ...query, amountFen: '1', action: 'pay' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCESS_TOKEN_INVALID');
  });
});

describe('what the donor takes away', () => {
  it('downloads the certificate at once with the access token, and the project poster as PNG and PDF', async () => {
    const { order } = await giveOnline(t, project.code, 5000, { donorName: '孙堃' });
    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
    });
    const no = status.json().donationNo;
    const cert = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${no}/certificate.pdf?token=${order.accessToken}`,
    });
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toBe('application/pdf');
    expect(cert.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const noToken = await t.inject(null, {
      method: 'GET',
      url: `/api/public/donations/${no}/certificate.pdf?token=${'y'.repeat(32)}`,
    });
    expect(noToken.statusCode).toBe(403);

    const png = await t.inject(null, { method: 'GET', url: `/api/public/projects/${project.code}/poster.png` });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const posterPdf = await t.inject(null, { method: 'GET', url: `/api/public/projects/${project.code}/poster.pdf` });
    expect(posterPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await t.inject(null, { method: 'GET', url: '/api/public/projects/NOPE/poster.png' });
    expect(missing.statusCode).toBe(404);
  });

  it('lists my donations after signing in by phone, with certificates and an annual statement', async () => {
    const phone = '13712345678';
    await giveOnline(t, project.code, 2000, { donorName: '周八', phone });
    await giveOnline(t, project.code, 3000, { donorName: '周八', phone });
    await giveOnline(t, project.code, 999, { donorName: '别人', phone: '13711112222' });
    const me = await signInByPhone(t, phone);
    const mine = await t.inject(me, { method: 'GET', url: '/api/me/donations' });
    expect(mine.statusCode).toBe(200);
    expect(
      mine
        .json()
        .map((d: { amountFen: number }) => d.amountFen)
        .sort(),
    ).toEqual([2000, 3000]);
    const first = mine.json()[0];
    expect(first.salt).toBeTruthy();
    const cert = await t.inject(me, { method: 'GET', url: first.certificateUrl });
    expect(cert.statusCode).toBe(200);
    const year = new Date().getFullYear();
    const statement = await t.inject(me, { method: 'GET', url: `/api/me/donations/statement.pdf?year=${year}` });
    expect(statement.statusCode).toBe(200);
    expect(statement.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const anon = await t.inject(null, { method: 'GET', url: '/api/me/donations' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('open data', () => {
  it('publishes projects as IATI-style activities and their gifts as transactions pointing at ledger entries', async () => {
    const p = await createOpenProject(t, chain.city.id, { name: '开放数据项目' });
    await giveOnline(t, p.code, 1_200, { donorName: '冯十' });
    await giveOnline(t, p.code, 3_400, { isAnonymous: true });
    const acts = await t.inject(null, { method: 'GET', url: '/api/open-data/activities?limit=100' });
    expect(acts.statusCode).toBe(200);
    const act = acts.json().activities.find((a: { title: { text: string }[] }) => a.title[0].text === '开放数据项目');
    expect(act).toMatchObject({ defaultCurrency: 'CNY', activityStatus: '2', totals: { incomingFunds: '46.00' } });
    const first = await t.inject(null, {
      method: 'GET',
      url: `/api/open-data/activities/${p.code}/transactions?limit=1`,
    });
    expect(first.json().transactions).toHaveLength(1);
    expect(first.json().transactions[0]).toMatchObject({
      transactionType: '1',
      value: { amount: '12.00', currency: 'CNY' },
      providerOrg: { narrative: '冯*' },
    });
    const second = await t.inject(null, {
      method: 'GET',
      url: `/api/open-data/activities/${p.code}/transactions?after=${first.json().next}`,
    });
    expect(second.json().transactions.map((x: { value: { amount: string } }) => x.value.amount)).toEqual(['34.00']);
    expect(second.json().transactions[0].providerOrg.narrative).toBe('爱心人士');
    expect(JSON.stringify(second.json())).not.toContain('冯十');
  });
});
