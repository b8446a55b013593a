// WeChat Pay and Alipay end to end through our HTTP routes, on a real database: orders placed with a fake WeChat that
// checks our merchant signature (and Alipay checkout URLs read as the gateway reads them), notifications delivered as
// each provider delivers them (WeChat: AES-256-GCM resource, RSA-SHA256 signed headers; Alipay: RSA2-signed form),
// the gift and its ledger entry, replays, forgeries and the acknowledgements each provider expects, then the
// providers' statements reconciled. Keys are generated here and go through the payments file as an operator writes it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOpenProject, createStaff } from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testMasterKey } from '../../test/test-app';
import { createGivingRuntime, readPaymentsFile } from './donations-runtime';
import { expireOrders, type GivingRuntime, queryExpiredOrders } from './giving';
import {
  createFakeWechat,
  encryptWechatResource,
  FAKE_WECHAT_CODE_URL,
  FAKE_WECHAT_H5_URL,
  flipBase64,
  readAlipayCheckoutUrl,
  rsaPair,
  signAlipayNotification,
  signWechatHeaders,
  wechatCallbackBody,
} from './payments/provider-test-kit';

const PUBLIC_URL = 'https://boai.example.org';

const merchant = rsaPair();
const wechatPlatform = rsaPair();
const alipayApp = rsaPair();
const alipayKeys = rsaPair();
const stranger = rsaPair();

const WECHAT = {
  mchid: '1900009191',
  appid: 'wxd678efh567hg6787',
  merchantSerialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
  pubKeyId: 'PUB_KEY_ID_0119000091912025010100000000000001',
  apiV3Key: crypto.randomBytes(16).toString('hex'),
};
const ALIPAY = { appId: '2021000123456789', sellerId: '2088102177846880' };

/** As an operator pastes a PEM into JSON: one line, its newlines written as \n. */
const oneLine = (pem: string) => pem.trim().replaceAll('\n', '\\n');

const seconds = (at = Date.now()) => String(Math.floor(at / 1000));
/** RFC 3339 in China time, as WeChat writes success_time and create_time. */
const wechatTime = (at: number) => `${new Date(at + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
/** 'yyyy-MM-dd HH:mm:ss' in China time, as Alipay writes gmt_payment and notify_time. */
const alipayTime = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

const fakeWechat = createFakeWechat({
  mchid: WECHAT.mchid,
  appid: WECHAT.appid,
  merchantSerialNo: WECHAT.merchantSerialNo,
  merchantPublicKey: merchant.publicKey,
  signAnswer: (body) =>
    signWechatHeaders(body, { key: wechatPlatform.privateKey, serial: WECHAT.pubKeyId, timestamp: seconds() }),
});

let t: TestApp;
let giving: GivingRuntime;
let finance: Caller;
let project: Awaited<ReturnType<typeof createOpenProject>>;
let tmp: string;
let file: string;

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

async function orderRow(orderNo: string) {
  const [row] = await queryRows<{ status: string; provider_txn_id: string | null; donation_id: string | null }>(
    t.db,
    sql`SELECT status, provider_txn_id, donation_id FROM donation_orders WHERE order_no = ${orderNo}`,
  );
  return row;
}

async function verdictsOf(orderNo: string) {
  const rows = await queryRows<{ verdict: string; detail: string | null }>(
    t.db,
    sql`SELECT verdict, detail FROM payment_notifications WHERE order_no = ${orderNo} ORDER BY received_at`,
  );
  return rows.map((r) => r.verdict);
}

/** Places an order through the public route as a donor's browser does. */
async function placeOrder(channel: 'wechat' | 'alipay', amountFen: number, device: 'mobile' | 'desktop') {
  const res = await t.inject(null, {
    method: 'POST',
    url: '/api/public/orders',
    headers: { 'x-forwarded-for': '203.0.113.7' },
    payload: {
      projectCode: project.code,
      amountFen,
      channel,
      donorName: '李小红',
      phone: '13900139000',
      consentVersion: '2026-01',
      device,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    orderNo: string;
    accessToken: string;
    amountFen: number;
    checkout: { kind: 'redirect'; url: string } | { kind: 'qr'; codeUrl: string };
  };
}

beforeAll(async () => {
  // The payments file as docs/payments.md describes it: PEMs on one line with escaped newlines, a bare base64 key.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-payments-'));
  file = path.join(tmp, 'payments.json');
  const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  fs.writeFileSync(
    file,
    `{
  "wechat": {
    "mchid": "${WECHAT.mchid}",
    "appid": "${WECHAT.appid}",
    "merchantSerialNo": "${WECHAT.merchantSerialNo}",
    "merchantPrivateKeyPem": "${oneLine(merchant.privateKey)}",
    "platformKeys": [{ "id": "${WECHAT.pubKeyId}", "publicKeyPem": "${oneLine(wechatPlatform.publicKey)}" }],
    "apiV3Key": "${WECHAT.apiV3Key}",
    "h5AppName": "博爱",
    "h5AppUrl": "${PUBLIC_URL}"
  },
  "alipay": {
    "appId": "${ALIPAY.appId}",
    "appPrivateKeyPem": "${oneLine(alipayApp.privateKey)}",
    "alipayPublicKeyPem": "${bare(alipayKeys.publicKey)}",
    "sellerId": "${ALIPAY.sellerId}"
  }
}
`,
  );
  giving = createGivingRuntime({
    master: testMasterKey,
    publicUrl: PUBLIC_URL,
    providers: readPaymentsFile(file),
    deps: { wechatTransport: fakeWechat },
  });
  t = await createTestApp({ giving });
  const chain = await createBranchChain(t);
  project = await createOpenProject(t, chain.city.id);
  finance = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the payments file', () => {
  it('refuses WeChat Pay on a plain http public URL (WeChat calls back only on https)', () => {
    const wechat = {
      mchid: WECHAT.mchid,
      appid: WECHAT.appid,
      merchantSerialNo: WECHAT.merchantSerialNo,
      merchantPrivateKeyPem: merchant.privateKey,
      platformKeys: [{ id: WECHAT.pubKeyId, publicKeyPem: wechatPlatform.publicKey }],
      apiV3Key: WECHAT.apiV3Key,
    };
    const start = (publicUrl: string) =>
      createGivingRuntime({
        master: testMasterKey,
        publicUrl,
        providers: { wechat },
        deps: { wechatTransport: fakeWechat },
      });
    expect(() => start('http://boai.example.org')).toThrow(/payments\.wechat: WeChat Pay needs an https public URL/);
    expect(start(PUBLIC_URL).providers.has('wechat')).toBe(true);
  });

  it('names every wrong field of the file', () => {
    expect(() =>
      createGivingRuntime({
        master: testMasterKey,
        publicUrl: PUBLIC_URL,
        providers: {
          alipay: { appId: '123', appPrivateKeyPem: 'not a key', alipayPublicKeyPem: alipayKeys.privateKey },
        },
      }),
    ).toThrow(
      /payments\.alipay\.appId[\s\S]*payments\.alipay\.appPrivateKeyPem[\s\S]*payments\.alipay\.alipayPublicKeyPem/,
    );
  });
});

// ------------------------------------------------------------------------------------------------ WeChat Pay

type WechatTxn = { out_trade_no: string; transaction_id?: string; success_time?: string; [field: string]: unknown };

/** The transaction as WeChat reports an order that was never paid: no transaction_id, no success_time. */
function closedTransaction(txn: WechatTxn): WechatTxn {
  const { transaction_id: _id, success_time: _at, ...unpaid } = txn;
  return { ...unpaid, trade_state: 'CLOSED', trade_state_desc: '订单已关闭' };
}

function wechatTransaction(orderNo: string, totalFen: number, over: Record<string, unknown> = {}): WechatTxn {
  const paidAt = Date.now() - 2_000;
  return {
    mchid: WECHAT.mchid,
    appid: WECHAT.appid,
    out_trade_no: orderNo,
    transaction_id: `42000009252026${crypto.randomInt(1e9, 1e10 - 1)}1234`,
    trade_type: 'MWEB',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMB_DEBIT',
    attach: '',
    success_time: wechatTime(paidAt),
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: totalFen, payer_total: totalFen, currency: 'CNY', payer_currency: 'CNY' },
    ...over,
  };
}

/** A payment callback exactly as WeChat sends it: encrypted resource, signed Wechatpay-* headers, JSON. */
function wechatCallback(
  txn: WechatTxn,
  opts: { timestamp?: string; serial?: string; key?: string; mutateResource?: (ciphertext: string) => string } = {},
) {
  const resource = encryptWechatResource(JSON.stringify(txn), {
    apiV3Key: WECHAT.apiV3Key,
    nonce: crypto.randomBytes(6).toString('hex'),
  });
  if (opts.mutateResource) {
    resource.ciphertext = opts.mutateResource(resource.ciphertext);
  }
  const rawBody = wechatCallbackBody(resource, {
    id: crypto.randomUUID(),
    createTime: wechatTime(Date.now()),
    eventType: txn.trade_state === 'SUCCESS' ? 'TRANSACTION.SUCCESS' : 'TRANSACTION.CLOSED',
  });
  const headers = {
    ...signWechatHeaders(rawBody, {
      key: opts.key ?? wechatPlatform.privateKey,
      serial: opts.serial ?? WECHAT.pubKeyId,
      timestamp: opts.timestamp ?? seconds(),
    }),
    'Content-Type': 'application/json',
    'User-Agent': 'Mozilla/4.0',
  };
  return { headers, rawBody };
}

const deliverWechat = (callback: { headers: Record<string, string>; rawBody: string }) =>
  t.inject(null, {
    method: 'POST',
    url: '/api/payments/wechat/notify',
    headers: callback.headers,
    payload: callback.rawBody,
  });

/** WeChat reads any 200 or 204 as received; a body, if any, must be JSON. */
function expectWechatAccepted(res: Awaited<ReturnType<typeof deliverWechat>>) {
  expect([200, 204], res.body).toContain(res.statusCode);
  if (res.body !== '') {
    expect(() => JSON.parse(res.body)).not.toThrow();
  }
}

const paidWechat: WechatTxn[] = [];

describe('WeChat Pay through our routes', () => {
  it('places an H5 order for a phone, signed as WeChat checks, and sends the payer to h5_url', async () => {
    const before = fakeWechat.requests.length;
    const order = await placeOrder('wechat', 5000, 'mobile');
    const returnUrl = `${PUBLIC_URL}/give/result/${order.orderNo}?token=${order.accessToken}`;
    expect(order.checkout).toEqual({
      kind: 'redirect',
      url: `${FAKE_WECHAT_H5_URL}&redirect_url=${encodeURIComponent(returnUrl)}`,
    });
    expect(fakeWechat.requests).toHaveLength(before + 1);
    const sent = fakeWechat.requests[before];
    expect(sent.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/h5');
    expect(JSON.parse(sent.body)).toMatchObject({
      appid: WECHAT.appid,
      mchid: WECHAT.mchid,
      out_trade_no: order.orderNo,
      description: `捐赠-${project.name}`,
      notify_url: `${PUBLIC_URL}/api/payments/wechat/notify`,
      amount: { total: 5000, currency: 'CNY' },
      scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap', app_name: '博爱', app_url: PUBLIC_URL } },
    });
  });

  it('places a Native order for a desktop and returns the code to show as a QR code', async () => {
    const before = fakeWechat.requests.length;
    const order = await placeOrder('wechat', 100, 'desktop');
    expect(order.checkout).toEqual({ kind: 'qr', codeUrl: FAKE_WECHAT_CODE_URL });
    expect(fakeWechat.requests[before].url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native');
  });

  it('turns a genuine callback into a gift with its ledger entry, acknowledged as WeChat expects; replays change nothing', async () => {
    const order = await placeOrder('wechat', 5000, 'mobile');
    const gifts = await count('donations');
    const entries = await count('ledger_entries');
    const txn = wechatTransaction(order.orderNo, 5000);
    const callback = wechatCallback(txn);

    const res = await deliverWechat(callback);
    expectWechatAccepted(res);
    paidWechat.push(txn);
    expect(await count('donations')).toBe(gifts + 1);
    expect(await count('ledger_entries')).toBe(entries + 1);

    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
    });
    expect(status.json()).toMatchObject({ status: 'paid', channel: 'wechat', amountFen: 5000 });
    const donationNo = status.json().donationNo as string;
    const [gift] = await queryRows<{ channel: string; amount_fen: number; provider_txn_id: string; received_at: Date }>(
      t.db,
      sql`SELECT channel, amount_fen, provider_txn_id, received_at FROM donations WHERE donation_no = ${donationNo}`,
    );
    expect(gift).toMatchObject({ channel: 'wechat', amount_fen: 5000, provider_txn_id: txn.transaction_id });
    expect(new Date(gift.received_at).toISOString()).toBe(new Date(String(txn.success_time)).toISOString());
    const pub = await t.inject(null, { method: 'GET', url: `/api/public/donations/${donationNo}` });
    const [entry] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${pub.json().ledgerIndex}`,
    );
    expect(JSON.parse(entry.leaf)).toMatchObject({ ref: donationNo, amountFen: 5000, channel: 'wechat' });
    expect(entry.leaf).not.toContain('李小红');

    // WeChat retries the same callback until it reads a 2xx; and anyone may replay a captured one.
    for (const again of [callback, wechatCallback(txn)]) {
      expectWechatAccepted(await deliverWechat(again));
    }
    expect(await count('donations')).toBe(gifts + 1);
    expect(await count('ledger_entries')).toBe(entries + 1);
    expect(await verdictsOf(order.orderNo)).toEqual(['accepted', 'duplicate', 'duplicate']);
  });

  it('refuses and flags a tampered ciphertext, a stale timestamp and an unknown key, then books the genuine one', async () => {
    const order = await placeOrder('wechat', 2500, 'desktop');
    const txn = wechatTransaction(order.orderNo, 2500);
    const gifts = await count('donations');
    const flip = (ciphertext: string) => flipBase64(ciphertext, 5);

    // One byte of the ciphertext changed in transit: the envelope signature no longer verifies.
    const inTransit = wechatCallback(txn);
    const tampered = {
      headers: inTransit.headers,
      rawBody: inTransit.rawBody.replace(/"ciphertext":"([^"]+)"/, (_m, c: string) => `"ciphertext":"${flip(c)}"`),
    };
    expect(tampered.rawBody).not.toBe(inTransit.rawBody);
    // The same change signed again (as if the signing key leaked): the AES-GCM tag under the APIv3 key still fails.
    const resigned = wechatCallback(txn, { mutateResource: flip });
    const stale = wechatCallback(txn, { timestamp: seconds(Date.now() - 6 * 60_000) });
    const unknownKey = wechatCallback(txn, {
      serial: 'PUB_KEY_ID_0119000091912099010100000000000009',
      key: stranger.privateKey,
    });
    const wrongKey = wechatCallback(txn, { key: stranger.privateKey });

    const expected = [
      [tampered, 'signature'],
      [resigned, 'signature: the resource does not decrypt'],
      [stale, 'stale'],
      [unknownKey, 'certificate'],
      [wrongKey, 'signature'],
    ] as const;
    for (const [callback, detail] of expected) {
      const res = await deliverWechat(callback);
      expect(res.statusCode, detail).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'PAYMENT_NOTIFICATION_REJECTED',
        details: { verdict: 'forged' },
      });
    }
    expect(await count('donations')).toBe(gifts);
    expect((await orderRow(order.orderNo)).status).toBe('created');

    const flagged = await t.inject(finance, {
      method: 'GET',
      url: '/api/payment-notifications?flagged=true&limit=100',
    });
    expect(flagged.statusCode).toBe(200);
    const mine = (flagged.json().items as Array<{ channel: string; verdict: string; detail: string }>).filter(
      (n) => n.channel === 'wechat',
    );
    for (const [, detail] of expected) {
      expect(mine.some((n) => n.verdict === 'forged' && n.detail.startsWith(detail))).toBe(true);
    }

    expectWechatAccepted(await deliverWechat(wechatCallback(txn)));
    paidWechat.push(txn);
    expect(await count('donations')).toBe(gifts + 1);
    expect((await orderRow(order.orderNo)).status).toBe('paid');
  });

  it('refuses a genuine callback for another merchant or with the wrong amount', async () => {
    const order = await placeOrder('wechat', 800, 'mobile');
    const otherMerchant = await deliverWechat(
      wechatCallback(wechatTransaction(order.orderNo, 800, { mchid: '1230000109' })),
    );
    expect(otherMerchant.statusCode).toBe(400);
    expect(otherMerchant.json().error.details.verdict).toBe('malformed');
    const txn = wechatTransaction(order.orderNo, 1, { amount: { total: 1, payer_total: 1, currency: 'CNY' } });
    const wrongAmount = await deliverWechat(wechatCallback(txn));
    expect(wrongAmount.statusCode).toBe(400);
    expect(wrongAmount.json().error.details.verdict).toBe('amount_mismatch');
    expect((await orderRow(order.orderNo)).status).toBe('created');
  });

  it('books a payment made in time whose callback arrives after the order expired, and refuses one paid too late', async () => {
    const order = await placeOrder('wechat', 700, 'mobile');
    const [{ expires_at: expiresAt }] = await queryRows<{ expires_at: Date }>(
      t.db,
      sql`SELECT expires_at FROM donation_orders WHERE order_no = ${order.orderNo}`,
    );
    const deadline = new Date(expiresAt).getTime();
    // WeChat was down, or we were: the expiry job ran before the callback (retried by WeChat) got through.
    await expireOrders(t.db, new Date(deadline + 60_000));
    expect((await orderRow(order.orderNo)).status).toBe('expired');
    const tooLate = wechatTransaction(order.orderNo, 700, { success_time: wechatTime(deadline + 1_000) });
    const refused = await deliverWechat(wechatCallback(tooLate));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.verdict).toBe('late');

    const inTime = wechatTransaction(order.orderNo, 700, { success_time: wechatTime(deadline - 5_000) });
    expectWechatAccepted(await deliverWechat(wechatCallback(inTime)));
    paidWechat.push(inTime);
    expect(await orderRow(order.orderNo)).toMatchObject({ status: 'paid', provider_txn_id: inTime.transaction_id });
  });

  it('asks WeChat about orders that expired without a callback (补单): a confirmed payment becomes the gift', async () => {
    const lost = await placeOrder('wechat', 880, 'desktop');
    const unpaid = await placeOrder('wechat', 990, 'desktop');
    const rows = await queryRows<{ order_no: string; expires_at: Date }>(
      t.db,
      sql`SELECT order_no, expires_at FROM donation_orders WHERE order_no IN (${lost.orderNo}, ${unpaid.orderNo})`,
    );
    const deadline = Math.max(...rows.map((r) => new Date(r.expires_at).getTime()));
    await expireOrders(t.db, new Date(deadline + 60_000));
    // The donor paid in time, but the callback never came; the other order was never paid.
    const paid = wechatTransaction(lost.orderNo, 880, { success_time: wechatTime(deadline - 30_000) });
    fakeWechat.transactions.set(lost.orderNo, paid);
    fakeWechat.transactions.set(
      unpaid.orderNo,
      wechatTransaction(unpaid.orderNo, 990, {
        trade_state: 'NOTPAY',
        transaction_id: undefined,
        success_time: undefined,
      }),
    );
    const later = new Date(deadline + 10 * 60_000);
    // WeChat unreachable: nothing is decided, and the orders are asked about again on the next run.
    fakeWechat.answer = () => ({ status: 503, headers: {}, body: '{"code":"SYSTEM_ERROR","message":"系统繁忙"}' });
    expect(await queryExpiredOrders(t.db, giving, { now: later })).toEqual({ asked: 0, paid: 0 });
    fakeWechat.answer = undefined;
    const gifts = await count('donations');
    const queries = fakeWechat.requests.length;
    // (Orders of the tests above that expired unpaid are asked about too: WeChat does not know them.)
    expect((await queryExpiredOrders(t.db, giving, { now: later })).paid).toBe(1);
    const askedAbout = fakeWechat.requests
      .slice(queries)
      .filter((r) => r.method === 'GET')
      .map((r) => decodeURIComponent(new URL(r.url).pathname.split('/').at(-1)!));
    expect(askedAbout).toEqual(expect.arrayContaining([lost.orderNo, unpaid.orderNo]));
    expect(await count('donations')).toBe(gifts + 1);
    expect(await orderRow(lost.orderNo)).toMatchObject({ status: 'paid', provider_txn_id: paid.transaction_id });
    expect(await verdictsOf(lost.orderNo)).toEqual(['accepted']);
    expect((await orderRow(unpaid.orderNo)).status).toBe('expired');
    paidWechat.push(paid);
    // Each order is asked about once; the callback arriving after all changes nothing.
    expect(await queryExpiredOrders(t.db, giving, { now: later })).toEqual({ asked: 0, paid: 0 });
    expectWechatAccepted(await deliverWechat(wechatCallback(paid)));
    expect(await count('donations')).toBe(gifts + 1);
    expect(await verdictsOf(lost.orderNo)).toEqual(['accepted', 'duplicate']);
  });

  it('closes an unpaid order on a CLOSED result (no transaction id), and ignores one after payment', async () => {
    const order = await placeOrder('wechat', 300, 'desktop');
    const closed = closedTransaction(wechatTransaction(order.orderNo, 300));
    expectWechatAccepted(await deliverWechat(wechatCallback(closed)));
    expect(await orderRow(order.orderNo)).toMatchObject({ status: 'closed', provider_txn_id: null });

    const paid = paidWechat[0];
    const before = await orderRow(paid.out_trade_no);
    expectWechatAccepted(await deliverWechat(wechatCallback(closedTransaction(paid))));
    expect(await orderRow(paid.out_trade_no)).toEqual(before);
  });
});

// ------------------------------------------------------------------------------------------------ Alipay

function alipayParams(orderNo: string, totalYuan: string, over: Record<string, string> = {}): Record<string, string> {
  const paidAt = Date.now() - 2_000;
  return {
    gmt_create: alipayTime(paidAt - 10_000),
    charset: 'utf-8',
    seller_email: 'donate@boai.example.org',
    subject: `捐赠-${project.name} & 助学`,
    buyer_id: '2088102122524333',
    invoice_amount: totalYuan,
    notify_id: `2026030100222${crypto.randomInt(1e9, 1e10 - 1)}0009`,
    fund_bill_list: `[{"amount":"${totalYuan}","fundChannel":"ALIPAYACCOUNT"}]`,
    notify_type: 'trade_status_sync',
    trade_status: 'TRADE_SUCCESS',
    receipt_amount: totalYuan,
    app_id: ALIPAY.appId,
    buyer_pay_amount: totalYuan,
    seller_id: ALIPAY.sellerId,
    gmt_payment: alipayTime(paidAt),
    notify_time: alipayTime(Date.now()),
    version: '1.0',
    out_trade_no: orderNo,
    total_amount: totalYuan,
    trade_no: `2026030122001424${crypto.randomInt(1e9, 1e10 - 1)}567`,
    auth_app_id: ALIPAY.appId,
    buyer_logon_id: '159****5620',
    point_amount: '0.00',
    ...over,
  };
}

const deliverAlipay = (notice: { headers: Record<string, string>; rawBody: string }) =>
  t.inject(null, {
    method: 'POST',
    url: '/api/payments/alipay/notify',
    headers: notice.headers,
    payload: notice.rawBody,
  });

/** Alipay stops retrying only when it reads exactly "success". */
function expectAlipayAccepted(res: Awaited<ReturnType<typeof deliverAlipay>>) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).toBe('success');
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
}

const paidAlipay: Array<Record<string, string>> = [];

describe('Alipay through our routes', () => {
  it('sends a phone to a signed alipay.trade.wap.pay URL and a desktop to page.pay', async () => {
    const mobile = await placeOrder('alipay', 12_345, 'mobile');
    expect(mobile.checkout.kind).toBe('redirect');
    const wap = readAlipayCheckoutUrl((mobile.checkout as { url: string }).url, alipayApp.publicKey);
    expect(wap.valid).toBe(true);
    expect(wap.url.origin + wap.url.pathname).toBe('https://openapi.alipay.com/gateway.do');
    expect(wap.params).toMatchObject({
      app_id: ALIPAY.appId,
      method: 'alipay.trade.wap.pay',
      sign_type: 'RSA2',
      charset: 'utf-8',
      notify_url: `${PUBLIC_URL}/api/payments/alipay/notify`,
      return_url: `${PUBLIC_URL}/give/result/${mobile.orderNo}?token=${mobile.accessToken}`,
    });
    expect(wap.biz).toMatchObject({
      out_trade_no: mobile.orderNo,
      total_amount: '123.45',
      product_code: 'QUICK_WAP_WAY',
    });
    // The URL signs what it carries: someone lowering the amount breaks the signature.
    const lowered = new URL(wap.url);
    lowered.searchParams.set('biz_content', wap.params.biz_content.replace('123.45', '0.01'));
    expect(readAlipayCheckoutUrl(lowered.toString(), alipayApp.publicKey).valid).toBe(false);

    const desktop = await placeOrder('alipay', 100, 'desktop');
    const page = readAlipayCheckoutUrl((desktop.checkout as { url: string }).url, alipayApp.publicKey);
    expect(page.valid).toBe(true);
    expect(page.params.method).toBe('alipay.trade.page.pay');
    expect(page.biz).toMatchObject({
      out_trade_no: desktop.orderNo,
      total_amount: '1.00',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });
  });

  it('turns a signed form notification into a gift, answered with the text success; replays change nothing', async () => {
    const order = await placeOrder('alipay', 12_345, 'mobile');
    const gifts = await count('donations');
    const entries = await count('ledger_entries');
    const params = alipayParams(order.orderNo, '123.45');
    const notice = signAlipayNotification(params, { key: alipayKeys.privateKey });

    expectAlipayAccepted(await deliverAlipay(notice));
    paidAlipay.push(params);
    expect(await count('donations')).toBe(gifts + 1);
    expect(await count('ledger_entries')).toBe(entries + 1);
    const [gift] = await queryRows<{ channel: string; amount_fen: number; provider_txn_id: string }>(
      t.db,
      sql`SELECT d.channel, d.amount_fen, d.provider_txn_id FROM donations d
          JOIN donation_orders o ON o.donation_id = d.id WHERE o.order_no = ${order.orderNo}`,
    );
    expect(gift).toEqual({ channel: 'alipay', amount_fen: 12_345, provider_txn_id: params.trade_no });

    for (let i = 0; i < 2; i++) {
      expectAlipayAccepted(await deliverAlipay(notice));
    }
    expect(await count('donations')).toBe(gifts + 1);
    expect(await count('ledger_entries')).toBe(entries + 1);
    expect(await verdictsOf(order.orderNo)).toEqual(['accepted', 'duplicate', 'duplicate']);
  });

  it('refuses a notification for another app, one signed with another key and one with a changed amount', async () => {
    const order = await placeOrder('alipay', 990, 'desktop');
    const params = alipayParams(order.orderNo, '9.90');
    const otherApp = await deliverAlipay(
      signAlipayNotification({ ...params, app_id: '2021000000000001' }, { key: alipayKeys.privateKey }),
    );
    expect(otherApp.statusCode).toBe(400);
    expect(otherApp.body).not.toBe('success');
    expect(otherApp.json().error.details).toMatchObject({ verdict: 'malformed', reason: 'malformed' });
    const forged = await deliverAlipay(signAlipayNotification(params, { key: stranger.privateKey }));
    expect(forged.json().error.details).toMatchObject({ verdict: 'forged', reason: 'signature' });
    const genuine = signAlipayNotification(params, { key: alipayKeys.privateKey });
    const changed = await deliverAlipay({
      headers: genuine.headers,
      rawBody: genuine.rawBody.replace('total_amount=9.90', 'total_amount=0.99'),
    });
    expect(changed.json().error.details).toMatchObject({ verdict: 'forged', reason: 'signature' });
    expect((await orderRow(order.orderNo)).status).toBe('created');

    expectAlipayAccepted(await deliverAlipay(genuine));
    paidAlipay.push(params);
    expect((await orderRow(order.orderNo)).status).toBe('paid');
  });

  it('changes nothing on TRADE_CLOSED after payment (a full refund), and closes an unpaid order', async () => {
    const paid = paidAlipay[0];
    const before = await orderRow(paid.out_trade_no);
    const gifts = await count('donations');
    const refundedClose = {
      ...paid,
      trade_status: 'TRADE_CLOSED',
      gmt_close: alipayTime(Date.now()),
      gmt_refund: alipayTime(Date.now()),
      refund_fee: paid.total_amount,
      out_biz_no: 'R20260301000001A',
      notify_time: alipayTime(Date.now()),
      notify_id: `2026030100222${crypto.randomInt(1e9, 1e10 - 1)}0010`,
    };
    expectAlipayAccepted(await deliverAlipay(signAlipayNotification(refundedClose, { key: alipayKeys.privateKey })));
    expect(await orderRow(paid.out_trade_no)).toEqual(before);
    expect(await count('donations')).toBe(gifts);

    const unpaid = await placeOrder('alipay', 500, 'mobile');
    const { gmt_payment: _p, ...closedParams } = alipayParams(unpaid.orderNo, '5.00', {
      trade_status: 'TRADE_CLOSED',
      gmt_close: alipayTime(Date.now()),
    });
    expectAlipayAccepted(await deliverAlipay(signAlipayNotification(closedParams, { key: alipayKeys.privateKey })));
    expect((await orderRow(unpaid.orderNo)).status).toBe('closed');
  });
});

// ------------------------------------------------------------------------------------------------ 对账

function upload(csv: string, channel: string) {
  const boundary = '----boai-statement';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="statement.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(csv, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject(finance, {
    method: 'POST',
    url: `/api/payment-statements?channel=${channel}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

describe("reconciling the gifts against the providers' statements", () => {
  it('matches every WeChat payment booked from a callback against the trade bill', async () => {
    expect(paidWechat.length).toBeGreaterThanOrEqual(2);
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const tick = (cells: string[]) => cells.map((c) => `\`${c}`).join(',');
    const rows = paidWechat.map((txn) => {
      const total = yuan((txn.amount as { total: number }).total);
      const at = String(txn.success_time).slice(0, 19).replace('T', ' ');
      return tick([
        at,
        WECHAT.appid,
        WECHAT.mchid,
        '0',
        '',
        String(txn.transaction_id),
        txn.out_trade_no,
        'oUpF8u',
        'MWEB',
        'SUCCESS',
        'CMB_DEBIT',
        'CNY',
        total,
        '0.00',
        '0',
        '0',
        '0.00',
        '0.00',
        '',
        '',
        '捐赠',
        '',
        '0.00000',
        '0.60%',
        total,
        '0.00',
        '',
      ]);
    });
    const summary = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
    const bill = [header, ...rows, summary, tick([String(rows.length), '0', '0', '0', '0', '0', '0'])].join('\r\n');
    const res = await upload(`${bill}\r\n`, 'wechat');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().summary).toEqual({
      matched: paidWechat.length,
      missingInOurs: 0,
      missingInStatement: 0,
      amountMismatch: 0,
      txnIdMismatch: 0,
    });
  });

  it('matches every Alipay payment booked from a notification against the 业务明细', async () => {
    expect(paidAlipay.length).toBeGreaterThanOrEqual(2);
    const header =
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
    const rows = paidAlipay.map(
      (p) =>
        `${p.trade_no}\t,${p.out_trade_no}\t,交易\t,捐赠,${p.gmt_create},${p.gmt_payment},\t,\t,\t,\t,*晓明(159****5620)\t,${p.total_amount},${p.total_amount},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,`,
    );
    const csv = [
      '#支付宝业务明细查询',
      '#账号：[20881021778468800156]',
      header,
      ...rows,
      '#-----------------------------------------业务明细列表结束------------------------------------',
      `#交易合计：${rows.length}笔，商家实收共0.00元，商家优惠共0.00元`,
      '#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元',
    ].join('\r\n');
    const res = await upload(csv, 'alipay');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().summary).toEqual({
      matched: paidAlipay.length,
      missingInOurs: 0,
      missingInStatement: 0,
      amountMismatch: 0,
      txnIdMismatch: 0,
    });
  });
});

describe('a provider that cannot take the order', () => {
  it('answers 502 PAYMENT_PROVIDER_FAILED and closes the order at once', async () => {
    const down = createGivingRuntime({
      master: testMasterKey,
      publicUrl: PUBLIC_URL,
      providers: readPaymentsFile(file),
      deps: {
        wechatTransport: async () => ({
          status: 503,
          headers: {},
          body: '{"code":"SYSTEM_ERROR","message":"系统繁忙"}',
        }),
      },
    });
    const t2 = await createTestApp({ giving: down });
    try {
      const chain = await createBranchChain(t2);
      const p = await createOpenProject(t2, chain.city.id);
      const res = await t2.inject(null, {
        method: 'POST',
        url: '/api/public/orders',
        payload: {
          projectCode: p.code,
          amountFen: 100,
          channel: 'wechat',
          isAnonymous: true,
          consentVersion: '2026-01',
        },
      });
      expect(res.statusCode, res.body).toBe(502);
      expect(res.json().error.code).toBe('PAYMENT_PROVIDER_FAILED');
      const [order] = await queryRows<{ status: string }>(t2.db, sql`SELECT status FROM donation_orders`);
      expect(order.status).toBe('closed');
    } finally {
      await t2.close();
    }
  });
});
