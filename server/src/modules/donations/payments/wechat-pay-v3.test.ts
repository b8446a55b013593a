// WeChat Pay API v3 against a fake WeChat built from the spec: it checks our merchant signature with the merchant public
// key and answers signed with its own key (微信支付公钥 mode, PUB_KEY_ID_… serial). Callbacks are built as WeChat builds
// them: the transaction encrypted with AEAD_AES_256_GCM under the APIv3 key, the headers signed over
// `timestamp\nnonce\nbody\n`. Keys and vectors are generated here; WeChat publishes no usable signature vector.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchTransport, type HttpTransport } from './http-transport';
import { type CheckoutRequest, PaymentGatewayError, PaymentVerificationError } from './payment-provider';
import {
  createFakeWechat,
  encryptWechatResource,
  FAKE_WECHAT_CODE_URL,
  FAKE_WECHAT_H5_URL,
  flipBase64,
  lowerCaseHeaders,
  rsaPair,
  signWechatHeaders,
  type WechatResource,
  wechatCallbackBody,
} from './provider-test-kit';
import {
  createWechatPayProvider,
  decryptWechatResource,
  parseWechatTradeBill,
  type WechatPayOptions,
} from './wechat-pay-v3';

const merchant = rsaPair();
const wechatPlatform = rsaPair();
const rotatedPlatform = rsaPair();
const stranger = rsaPair();

const MCHID = '1900009191';
const APPID = 'wxd678efh567hg6787';
const MERCHANT_SERIAL = '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';
const PUB_KEY_ID = 'PUB_KEY_ID_0119000091912025010100000000000001';
const ROTATED_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk';
const now = new Date('2026-03-01T02:00:00Z');
const nowSeconds = String(now.getTime() / 1000);

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PaymentVerificationError ? error.reason : `other: ${String(error)}`;
  }
  return undefined;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Signs a WeChat answer or callback as WeChat Pay does, by default now and with the WeChat Pay public key. */
function wechatHeaders(body: string, opts: { at?: string; serial?: string; key?: string; nonce?: string } = {}) {
  return signWechatHeaders(body, {
    key: opts.key ?? wechatPlatform.privateKey,
    serial: opts.serial ?? PUB_KEY_ID,
    timestamp: opts.at ?? nowSeconds,
    nonce: opts.nonce,
  });
}

const fakeWechat = () =>
  createFakeWechat({
    mchid: MCHID,
    appid: APPID,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPublicKey: merchant.publicKey,
    signAnswer: (body) => wechatHeaders(body),
  });

function options(transport: HttpTransport, overrides: Partial<WechatPayOptions> = {}): WechatPayOptions {
  return {
    mchid: MCHID,
    appid: APPID,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPrivateKeyPem: merchant.privateKey,
    platformKeys: [
      { id: PUB_KEY_ID, publicKeyPem: wechatPlatform.publicKey },
      { id: ROTATED_SERIAL, publicKeyPem: rotatedPlatform.publicKey },
    ],
    apiV3Key: API_V3_KEY,
    transport,
    now: () => now,
    nonce: () => '593BEC0C930BF1AFEB40B4A08C8FB242',
    ...overrides,
  };
}

const order: CheckoutRequest = {
  orderNo: 'D20260301000001',
  amountFen: 1,
  description: '捐赠-2026年温暖送万家',
  expiresAt: new Date('2026-03-01T02:30:00.999Z'),
  notifyUrl: 'https://boai.example.org/api/payments/wechat/notify',
  returnUrl: 'https://boai.example.org/donate/done?order=D20260301000001',
  payerIp: '203.0.113.7',
};

describe('WeChat Pay orders', () => {
  it('places a Native order signed as the spec says and returns its code_url as a QR code', async () => {
    const fake = fakeWechat();
    const provider = createWechatPayProvider(options(fake));
    expect(await provider.createCheckout(order)).toEqual({
      kind: 'qr',
      codeUrl: FAKE_WECHAT_CODE_URL,
    });
    const [sent] = fake.requests;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native');
    expect(sent.headers).toMatchObject({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(sent.headers['User-Agent']).toBeTruthy();
    expect(sent.headers.Authorization).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/]{342}==",timestamp="1772330400",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"$/,
    );
    expect(JSON.parse(sent.body)).toEqual({
      appid: APPID,
      mchid: MCHID,
      description: '捐赠-2026年温暖送万家',
      out_trade_no: 'D20260301000001',
      time_expire: '2026-03-01T10:30:00+08:00',
      notify_url: order.notifyUrl,
      amount: { total: 1, currency: 'CNY' },
      scene_info: { payer_client_ip: '203.0.113.7' },
    });
  });

  it('signs with PKCS#1 v1.5 and SHA-256 (the DigestInfo inside the signature says so)', async () => {
    const fake = fakeWechat();
    await createWechatPayProvider(options(fake)).createCheckout(order);
    const [sent] = fake.requests;
    const signature = /signature="([^"]+)"/.exec(sent.headers.Authorization)?.[1] ?? '';
    const message = `POST\n/v3/pay/transactions/native\n1772330400\n593BEC0C930BF1AFEB40B4A08C8FB242\n${sent.body}\n`;
    const encoded = crypto.publicDecrypt(
      { key: merchant.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING },
      Buffer.from(signature, 'base64'),
    );
    const sha256DigestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');
    expect(encoded).toEqual(Buffer.concat([sha256DigestInfo, crypto.createHash('sha256').update(message).digest()]));
  });

  it('places an H5 order for a phone with the payer IP and returns h5_url with our redirect_url', async () => {
    const fake = fakeWechat();
    const provider = createWechatPayProvider(
      options(fake, { h5AppName: '博爱', h5AppUrl: 'https://boai.example.org' }),
    );
    const checkout = await provider.createCheckout({ ...order, device: 'mobile' });
    expect(checkout).toEqual({
      kind: 'redirect',
      url: `${FAKE_WECHAT_H5_URL}&redirect_url=${encodeURIComponent(order.returnUrl)}`,
    });
    expect(fake.requests[0].url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/h5');
    expect(JSON.parse(fake.requests[0].body).scene_info).toEqual({
      payer_client_ip: '203.0.113.7',
      h5_info: { type: 'Wap', app_name: '博爱', app_url: 'https://boai.example.org' },
    });
  });

  it('refuses to place an H5 order without the payer IP', async () => {
    const provider = createWechatPayProvider(options(fakeWechat()));
    await expect(provider.createCheckout({ ...order, device: 'mobile', payerIp: undefined })).rejects.toThrow(
      /payer IP/,
    );
  });

  it('is refused by WeChat when signed with another merchant key (the fake really checks)', async () => {
    const fake = fakeWechat();
    const provider = createWechatPayProvider(options(fake, { merchantPrivateKeyPem: stranger.privateKey }));
    const error = await rejectionOf(provider.createCheckout(order));
    expect(error).toBeInstanceOf(PaymentGatewayError);
    expect(error).toMatchObject({ channel: 'wechat', status: 401, code: 'SIGN_ERROR' });
  });

  it('reports WeChat error answers with their code', async () => {
    const fake = fakeWechat();
    fake.answer = () => ({ status: 403, headers: {}, body: '{"code":"NO_AUTH","message":"商户无权限"}' });
    const error = await rejectionOf(createWechatPayProvider(options(fake)).createCheckout(order));
    expect(error).toMatchObject({ name: 'PaymentGatewayError', status: 403, code: 'NO_AUTH', message: '商户无权限' });
  });

  it('reports an unreachable WeChat as a transport failure', async () => {
    const transport: HttpTransport = async () => {
      throw new Error('connect ETIMEDOUT');
    };
    const error = await rejectionOf(createWechatPayProvider(options(transport)).createCheckout(order));
    expect(error).toMatchObject({ name: 'PaymentGatewayError', status: 0, code: 'TRANSPORT' });
  });

  describe('verifies the answer before trusting its code_url', () => {
    const answerWith = (
      mutate: (body: string, headers: Record<string, string>) => { body: string; headers: Record<string, string> },
    ) => {
      const fake = fakeWechat();
      fake.answer = () => {
        const body = '{"code_url":"weixin://wxpay/bizpayurl?pr=attacker"}';
        return { status: 200, ...mutate(body, wechatHeaders(body)) };
      };
      return createWechatPayProvider(options(fake)).createCheckout(order);
    };

    it('refuses a body changed after signing', async () => {
      const error = await rejectionOf(
        answerWith((body, headers) => ({ body: body.replace('attacker', 'attackex'), headers })),
      );
      expect(error).toMatchObject({ name: 'PaymentVerificationError', reason: 'signature' });
    });

    it('refuses an answer signed by someone else under the right serial', async () => {
      const error = await rejectionOf(
        answerWith((body) => ({ body, headers: wechatHeaders(body, { key: stranger.privateKey }) })),
      );
      expect(error).toMatchObject({ reason: 'signature' });
    });

    it('refuses an unknown serial, a stale answer and an unsigned one', async () => {
      const unknown = await rejectionOf(
        answerWith((body) => ({
          body,
          headers: wechatHeaders(body, { serial: 'PUB_KEY_ID_0000000000000000000000000' }),
        })),
      );
      expect(unknown).toMatchObject({ reason: 'certificate' });
      const stale = await rejectionOf(
        answerWith((body) => ({ body, headers: wechatHeaders(body, { at: String(Number(nowSeconds) - 301) }) })),
      );
      expect(stale).toMatchObject({ reason: 'stale' });
      const unsigned = await rejectionOf(answerWith((body) => ({ body, headers: {} })));
      expect(unsigned).toMatchObject({ reason: 'malformed' });
    });

    it('accepts an answer signed with the second, rotated key', async () => {
      const checkout = await answerWith((body) => ({
        body,
        headers: wechatHeaders(body, { serial: ROTATED_SERIAL, key: rotatedPlatform.privateKey }),
      }));
      expect(checkout).toEqual({ kind: 'qr', codeUrl: 'weixin://wxpay/bizpayurl?pr=attacker' });
    });
  });
});

const successTransaction = {
  transaction_id: '4200000925202603011234567890',
  amount: { payer_total: 1, total: 1, currency: 'CNY', payer_currency: 'CNY' },
  mchid: MCHID,
  trade_state: 'SUCCESS',
  bank_type: 'OTHERS',
  promotion_detail: [],
  success_time: '2026-03-01T09:59:30+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  out_trade_no: 'D20260301000001',
  appid: APPID,
  trade_state_desc: '支付成功',
  trade_type: 'NATIVE',
  attach: '',
};

const lower = lowerCaseHeaders;

const encryptResource = (plaintext: string, opts: { nonce?: string; ad?: string; key?: string } = {}) =>
  encryptWechatResource(plaintext, { apiV3Key: opts.key ?? API_V3_KEY, nonce: opts.nonce, ad: opts.ad });

const callbackBody = (resource: WechatResource, eventType = 'TRANSACTION.SUCCESS') =>
  wechatCallbackBody(resource, { eventType });

function callback(transaction: object = successTransaction, headerOpts: Parameters<typeof wechatHeaders>[1] = {}) {
  const rawBody = callbackBody(encryptResource(JSON.stringify(transaction)));
  return { headers: lower(wechatHeaders(rawBody, headerOpts)), rawBody };
}

describe('WeChat Pay callbacks', () => {
  const provider = createWechatPayProvider(options(fakeWechat()));

  it('verifies, decrypts and maps a SUCCESS transaction to paid', () => {
    const notification = provider.verifyNotification(callback());
    expect(notification).toEqual({
      orderNo: 'D20260301000001',
      providerTxnId: '4200000925202603011234567890',
      amountFen: 1,
      status: 'paid',
      paidAt: new Date('2026-03-01T01:59:30Z'),
      payload: successTransaction,
    });
  });

  it('refuses a body with one byte changed', () => {
    const { headers, rawBody } = callback();
    const tampered = rawBody.replace('"summary":"支付成功"', '"summary":"支付成功 "');
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: tampered }))).toBe('signature');
  });

  it('refuses a signature with one byte changed', () => {
    const { headers, rawBody } = callback();
    const flipped = { ...headers, 'wechatpay-signature': flipBase64(headers['wechatpay-signature'], 100) };
    expect(reasonOf(() => provider.verifyNotification({ headers: flipped, rawBody }))).toBe('signature');
  });

  it('refuses a ciphertext or a tag with one byte changed, even when the envelope is signed again', () => {
    const resource = encryptResource(JSON.stringify(successTransaction));
    const sealedLength = Buffer.from(resource.ciphertext, 'base64').length;
    for (const index of [0, sealedLength - 17, sealedLength - 16, sealedLength - 1]) {
      const rawBody = callbackBody({ ...resource, ciphertext: flipBase64(resource.ciphertext, index) });
      const request = { headers: lower(wechatHeaders(rawBody)), rawBody };
      expect(reasonOf(() => provider.verifyNotification(request))).toBe('signature');
    }
  });

  it('refuses a resource whose associated_data or nonce was changed, or sealed under another APIv3 key', () => {
    const plaintext = JSON.stringify(successTransaction);
    const good = encryptResource(plaintext);
    for (const resource of [
      { ...good, associated_data: 'refund' },
      { ...good, nonce: 'fdasflkja485' },
      encryptResource(plaintext, { key: 'Zz1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk' }),
    ]) {
      const rawBody = callbackBody(resource);
      expect(reasonOf(() => provider.verifyNotification({ headers: lower(wechatHeaders(rawBody)), rawBody }))).toBe(
        'signature',
      );
    }
  });

  it('refuses a ciphertext that is not base64 of ciphertext and tag', () => {
    const good = encryptResource(JSON.stringify(successTransaction));
    for (const ciphertext of ['not base64!', Buffer.alloc(16).toString('base64')]) {
      const rawBody = callbackBody({ ...good, ciphertext });
      expect(reasonOf(() => provider.verifyNotification({ headers: lower(wechatHeaders(rawBody)), rawBody }))).toBe(
        'malformed',
      );
    }
  });

  it('refuses a callback older than 5 minutes, and one from the future', () => {
    expect(
      provider.verifyNotification(callback(successTransaction, { at: String(Number(nowSeconds) - 300) })).status,
    ).toBe('paid');
    expect(
      reasonOf(() =>
        provider.verifyNotification(callback(successTransaction, { at: String(Number(nowSeconds) - 301) })),
      ),
    ).toBe('stale');
    expect(
      reasonOf(() =>
        provider.verifyNotification(callback(successTransaction, { at: String(Number(nowSeconds) + 301) })),
      ),
    ).toBe('stale');
  });

  it('refuses an unknown serial, and a known serial whose key did not sign', () => {
    expect(reasonOf(() => provider.verifyNotification(callback(successTransaction, { serial: 'PUB_KEY_ID_99' })))).toBe(
      'certificate',
    );
    expect(reasonOf(() => provider.verifyNotification(callback(successTransaction, { serial: ROTATED_SERIAL })))).toBe(
      'signature',
    );
  });

  it('refuses a callback without the Wechatpay headers', () => {
    const { headers, rawBody } = callback();
    const { 'wechatpay-serial': _serial, ...rest } = headers;
    expect(reasonOf(() => provider.verifyNotification({ headers: rest, rawBody }))).toBe('malformed');
  });

  it('refuses a genuine transaction of another merchant or app', () => {
    expect(reasonOf(() => provider.verifyNotification(callback({ ...successTransaction, mchid: '1230000109' })))).toBe(
      'malformed',
    );
    expect(
      reasonOf(() => provider.verifyNotification(callback({ ...successTransaction, appid: 'wx0000000000000000' }))),
    ).toBe('malformed');
  });

  it('maps a closed order to closed and refuses states that are no payment result', () => {
    const { transaction_id: _id, success_time: _t, ...unpaid } = successTransaction;
    const closed = provider.verifyNotification(callback({ ...unpaid, trade_state: 'CLOSED' }));
    expect(closed).toMatchObject({ status: 'closed', orderNo: 'D20260301000001', providerTxnId: '' });
    expect(closed.paidAt).toEqual(new Date('2026-03-01T01:59:35Z'));
    expect(
      reasonOf(() => provider.verifyNotification(callback({ ...successTransaction, trade_state: 'REFUND' }))),
    ).toBe('malformed');
    expect(reasonOf(() => provider.verifyNotification(callback({ ...unpaid, trade_state: 'USERPAYING' })))).toBe(
      'malformed',
    );
  });

  it('refuses a refund callback sent to the payment endpoint', () => {
    const rawBody = callbackBody(
      { ...encryptResource('{"refund_status":"SUCCESS"}'), original_type: 'refund' },
      'REFUND.SUCCESS',
    );
    expect(reasonOf(() => provider.verifyNotification({ headers: lower(wechatHeaders(rawBody)), rawBody }))).toBe(
      'malformed',
    );
  });

  it('acknowledges with an empty 204, and refuses with 4xx {"code":"FAIL"}', () => {
    expect(provider.acknowledge(true)).toMatchObject({ status: 204, body: '' });
    const refused = provider.acknowledge(false);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.contentType).toBe('application/json');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'FAIL', message: expect.any(String) });
  });

  it('decrypts a resource directly with the APIv3 key', () => {
    expect(decryptWechatResource(API_V3_KEY, encryptResource('{"a":1}', { ad: '' }))).toBe('{"a":1}');
    expect(() => decryptWechatResource('short', encryptResource('{}'))).toThrow(/32 bytes/);
  });

  it('refuses to start with an APIv3 key of the wrong length or without platform keys', () => {
    expect(() => createWechatPayProvider(options(fakeWechat(), { apiV3Key: 'x'.repeat(31) }))).toThrow(/32 bytes/);
    expect(() => createWechatPayProvider(options(fakeWechat(), { platformKeys: [] }))).toThrow(/platform key/);
  });
});

describe('the fetch transport', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.setHeader('Wechatpay-Nonce', 'N1');
        res.setHeader('Content-Type', 'application/json');
        res.statusCode = 201;
        res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends method, headers and body as given and returns status, headers and text body', async () => {
    const transport = createFetchTransport({ timeoutMs: 5000 });
    const response = await transport({
      method: 'POST',
      url: `${base}/v3/pay/transactions/native`,
      headers: { Authorization: 'WECHATPAY2-SHA256-RSA2048 x', 'Content-Type': 'application/json' },
      body: '{"金额":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers['wechatpay-nonce']).toBe('N1');
    expect(JSON.parse(response.body)).toEqual({
      method: 'POST',
      url: '/v3/pay/transactions/native',
      auth: 'WECHATPAY2-SHA256-RSA2048 x',
      body: '{"金额":1}',
    });
  });
});

// A trade bill in the downloaded layout (ALL type): header, backtick-prefixed cells, summary header and values.
const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const tick = (cells: string[]) => cells.map((c) => `\`${c}`).join(',');
const billRows = [
  tick([
    '2026-03-01 09:59:30',
    APPID,
    MCHID,
    '0',
    '',
    '4200000925202603011234567890',
    'D20260301000001',
    'oUpF8u',
    'NATIVE',
    'SUCCESS',
    'OTHERS',
    'CNY',
    '0.01',
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    '捐赠-温暖送万家',
    '',
    '0.00000',
    '0.60%',
    '0.01',
    '0.00',
    '',
  ]),
  tick([
    '2026-03-01 10:15:00',
    APPID,
    MCHID,
    '0',
    '',
    '4200000926202603012345678901',
    'D20260301000002',
    'oUpF8v',
    'MWEB',
    'SUCCESS',
    'CMB_CREDIT',
    'CNY',
    '9.90',
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    '捐赠',
    '',
    '0.05940',
    '0.60%',
    '9.90',
    '0.00',
    '',
  ]),
  tick([
    '2026-03-01 11:00:00',
    APPID,
    MCHID,
    '0',
    '',
    '4200000926202603012345678901',
    'D20260301000002',
    'oUpF8v',
    'MWEB',
    'REFUND',
    'CMB_CREDIT',
    'CNY',
    '0.00',
    '0.00',
    '50300807092026030105990201735',
    'R20260301000002A',
    '4.00',
    '0.00',
    'ORIGINAL',
    'SUCCESS',
    '捐赠',
    '',
    '-0.02400',
    '0.60%',
    '9.90',
    '4.00',
    '',
  ]),
];
const bill = (rows: string[], count = rows.length) => {
  const summary = tick([String(count), '9.91', '4.00', '0.00', '0.03540', '19.81', '4.00']);
  return `${[ALL_HEADER, ...rows, SUMMARY_HEADER, summary].join('\r\n')}\r\n`;
};

describe('WeChat Pay trade bill', () => {
  it('reads payments and refunds with fen amounts, rounded fees, China times and refund numbers', () => {
    expect(parseWechatTradeBill(bill(billRows))).toEqual([
      {
        orderNo: 'D20260301000001',
        providerTxnId: '4200000925202603011234567890',
        kind: 'payment',
        amountFen: 1,
        feeFen: 0,
        at: new Date('2026-03-01T01:59:30Z'),
      },
      {
        orderNo: 'D20260301000002',
        providerTxnId: '4200000926202603012345678901',
        kind: 'payment',
        amountFen: 990,
        feeFen: 6,
        at: new Date('2026-03-01T02:15:00Z'),
      },
      {
        orderNo: 'D20260301000002',
        providerTxnId: '4200000926202603012345678901',
        kind: 'refund',
        amountFen: 400,
        feeFen: 2,
        at: new Date('2026-03-01T03:00:00Z'),
        refundNo: 'R20260301000002A',
      },
    ]);
  });

  it('reads a bill with a byte order mark and LF line ends, and an empty day', () => {
    expect(parseWechatTradeBill(`\uFEFF${bill(billRows).replaceAll('\r\n', '\n')}`)).toHaveLength(3);
    expect(parseWechatTradeBill(bill([]))).toEqual([]);
  });

  it('reads the older SUCCESS layout without refund columns', () => {
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注';
    const row = tick([
      '2019-11-03 16:07:09',
      APPID,
      MCHID,
      '0',
      '',
      '4200000449201911030600420721',
      'D20191103000001',
      'o1g',
      'NATIVE',
      'SUCCESS',
      'CFT',
      'CNY',
      '0.01',
      '0.00',
      '收费',
      '',
      '0.00000',
      '0.60%',
      '0.01',
      '',
    ]);
    const text = [header, row, SUMMARY_HEADER, tick(['1', '0.01', '0.00', '0.00', '0.00000', '0.01', '0.00'])].join(
      '\n',
    );
    expect(parseWechatTradeBill(text)).toMatchObject([{ orderNo: 'D20191103000001', kind: 'payment', amountFen: 1 }]);
  });

  it('refuses a bill cut short (no summary) or whose count disagrees with the summary', () => {
    const cut = [ALL_HEADER, ...billRows].join('\n');
    expect(reasonOf(() => parseWechatTradeBill(cut))).toBe('malformed');
    expect(reasonOf(() => parseWechatTradeBill(bill(billRows.slice(1), 3)))).toBe('malformed');
  });

  it('refuses a line whose cells do not line up with the header, an unknown state or a bad amount', () => {
    const shifted = billRows[0].replace('`捐赠-温暖送万家', '`捐赠,温暖送万家');
    expect(reasonOf(() => parseWechatTradeBill(bill([shifted])))).toBe('malformed');
    expect(reasonOf(() => parseWechatTradeBill(bill([billRows[0].replace('`SUCCESS', '`PAYING')])))).toBe('malformed');
    expect(reasonOf(() => parseWechatTradeBill(bill([billRows[0].replace('`0.60%,`0.01,', '`0.60%,`0.011,')])))).toBe(
      'malformed',
    );
    expect(reasonOf(() => parseWechatTradeBill('交易时间,商户号\n'))).toBe('malformed');
    expect(reasonOf(() => parseWechatTradeBill(''))).toBe('malformed');
  });
});

describe('WeChat Pay order query (查询订单)', () => {
  const txn = (no: string, state: string, extra: Record<string, unknown> = {}) => ({
    mchid: MCHID,
    appid: APPID,
    out_trade_no: no,
    transaction_id: '4200000001202603011234567890',
    trade_state: state,
    trade_state_desc: state,
    success_time: '2026-03-01T10:01:02+08:00',
    amount: { total: 8880, payer_total: 8880, currency: 'CNY', payer_currency: 'CNY' },
    ...extra,
  });

  it('asks with a signed GET by merchant order number and reads a paid order from the signed answer', async () => {
    const fake = fakeWechat();
    fake.transactions.set('D20260301000001', txn('D20260301000001', 'SUCCESS'));
    const result = await createWechatPayProvider(options(fake)).queryOrder('D20260301000001');
    expect(result).toMatchObject({
      orderNo: 'D20260301000001',
      status: 'paid',
      providerTxnId: '4200000001202603011234567890',
      amountFen: 8880,
      paidAt: new Date('2026-03-01T02:01:02Z'),
    });
    expect(fake.requests[0].method).toBe('GET');
    expect(fake.requests[0].url).toBe(
      `https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/D20260301000001?mchid=${MCHID}`,
    );
  });

  it('tells unpaid, closed, refunded-after-payment and unknown orders apart', async () => {
    const fake = fakeWechat();
    const provider = createWechatPayProvider(options(fake));
    fake.transactions.set('D1', txn('D1', 'NOTPAY', { transaction_id: undefined, success_time: undefined }));
    fake.transactions.set('D2', txn('D2', 'USERPAYING', { transaction_id: undefined, success_time: undefined }));
    fake.transactions.set('D3', txn('D3', 'CLOSED', { transaction_id: undefined, success_time: undefined }));
    fake.transactions.set('D4', txn('D4', 'REFUND'));
    expect(await provider.queryOrder('D1')).toEqual({ orderNo: 'D1', status: 'unpaid' });
    expect(await provider.queryOrder('D2')).toEqual({ orderNo: 'D2', status: 'unpaid' });
    expect((await provider.queryOrder('D3')).status).toBe('closed');
    expect((await provider.queryOrder('D4')).status).toBe('paid');
    expect(await provider.queryOrder('D5')).toEqual({ orderNo: 'D5', status: 'unknown' });
  });

  it('refuses an answer not signed by WeChat Pay, for another merchant or another order', async () => {
    const fake = fakeWechat();
    const provider = createWechatPayProvider(options(fake));
    fake.answer = () => {
      const body = JSON.stringify(txn('D20260301000001', 'SUCCESS'));
      return { status: 200, headers: wechatHeaders(body, { key: stranger.privateKey }), body };
    };
    expect(await rejectionOf(provider.queryOrder('D20260301000001'))).toMatchObject({ reason: 'signature' });
    fake.answer = () => {
      const body = JSON.stringify(txn('D20260301000001', 'SUCCESS', { mchid: '1900000999' }));
      return { status: 200, headers: wechatHeaders(body), body };
    };
    expect(await rejectionOf(provider.queryOrder('D20260301000001'))).toMatchObject({ reason: 'malformed' });
    fake.answer = () => {
      const body = JSON.stringify(txn('D20260301000999', 'SUCCESS'));
      return { status: 200, headers: wechatHeaders(body), body };
    };
    expect(await rejectionOf(provider.queryOrder('D20260301000001'))).toMatchObject({ reason: 'malformed' });
  });
});
