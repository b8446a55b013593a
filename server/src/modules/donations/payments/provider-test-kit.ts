// Test helpers that play the providers' side, written from the specs and independent of the provider code: RSA key
// pairs, a fake WeChat Pay order endpoint, WeChat's signed and encrypted callbacks, Alipay's signed notifications and
// the gateway's reading of a checkout URL. Used by the providers' unit tests and the donations HTTP tests.
import crypto from 'node:crypto';
import type { HttpTransport, HttpTransportRequest, HttpTransportResponse } from './http-transport';

export type PemKeyPair = { publicKey: string; privateKey: string };

/** A fresh RSA-2048 pair as PEM (SPKI public, PKCS#8 private), the form both providers hand out. */
export function rsaPair(): PemKeyPair {
  return crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Changes one byte of a base64 value and re-encodes it. */
export function flipBase64(value: string, index: number): string {
  const raw = Buffer.from(value, 'base64');
  raw[index] ^= 0x01;
  return raw.toString('base64');
}

// ------------------------------------------------------------------------------------------------ WeChat Pay v3

/**
 * The Wechatpay-* headers WeChat Pay puts on an answer or a callback: SHA256withRSA over `timestamp\nnonce\nbody\n`
 * with its platform key, the key's id (PUB_KEY_ID_… or certificate serial) in Wechatpay-Serial.
 */
export function signWechatHeaders(
  body: string,
  opts: { key: string; serial: string; timestamp: string; nonce?: string },
): Record<string, string> {
  const nonce = opts.nonce ?? crypto.randomBytes(16).toString('hex');
  const signature = crypto
    .sign('sha256', Buffer.from(`${opts.timestamp}\n${nonce}\n${body}\n`), opts.key)
    .toString('base64');
  return {
    'Wechatpay-Timestamp': opts.timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': opts.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    'Request-ID': '08F78BB5AF0610D302A5B3C1E8C4',
  };
}

/** Header names lower-cased, as Node hands incoming headers to a server. */
export function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export type WechatResource = {
  original_type: string;
  algorithm: string;
  ciphertext: string;
  associated_data: string;
  nonce: string;
};

/** Encrypts a callback resource as WeChat does: AES-256-GCM under the APIv3 key, base64(ciphertext ‖ 16-byte tag). */
export function encryptWechatResource(
  plaintext: string,
  opts: { apiV3Key: string; nonce?: string; ad?: string },
): WechatResource {
  const nonce = opts.nonce ?? 'fdasflkja484';
  const ad = opts.ad ?? 'transaction';
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(opts.apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(ad));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    original_type: 'transaction',
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: sealed.toString('base64'),
    associated_data: ad,
    nonce,
  };
}

/** The JSON body of a payment callback (支付通知) around an encrypted resource. */
export function wechatCallbackBody(
  resource: WechatResource,
  opts: { eventType?: string; createTime?: string; id?: string } = {},
): string {
  const eventType = opts.eventType ?? 'TRANSACTION.SUCCESS';
  return JSON.stringify({
    id: opts.id ?? 'EV-2018022511223320873',
    create_time: opts.createTime ?? '2026-03-01T09:59:35+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : '支付失败',
    resource,
  });
}

/** The answers a fake WeChat has recorded, and an override for the next ones. */
export type FakeWechat = HttpTransport & {
  requests: HttpTransportRequest[];
  answer?: (req: HttpTransportRequest) => HttpTransportResponse;
  /** What 查询订单 (GET …/out-trade-no/{no}) answers, by order number; 404 ORDER_NOT_EXIST for others. */
  transactions: Map<string, Record<string, unknown>>;
};

export const FAKE_WECHAT_H5_URL =
  'https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2016121516420242444321ca0631331346&package=1405458241';
export const FAKE_WECHAT_CODE_URL = 'weixin://wxpay/bizpayurl?pr=NwY5Mz9';

/**
 * A fake WeChat Pay order endpoint (H5 and Native 下单): it checks the merchant's Authorization signature with the
 * merchant public key, the merchant id, serial and order fields (an https notify_url among them), and answers h5_url / code_url with headers from
 * `signAnswer` (the platform key's signature). A bad signature gets 401 SIGN_ERROR, a bad order 400 PARAM_ERROR.
 */
export function createFakeWechat(opts: {
  mchid: string;
  appid: string;
  merchantSerialNo: string;
  merchantPublicKey: string;
  signAnswer: (body: string) => Record<string, string>;
}): FakeWechat {
  const requests: HttpTransportRequest[] = [];
  const fake = (async (req: HttpTransportRequest) => {
    requests.push(req);
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      return { status, headers: opts.signAnswer(body), body };
    };
    const auth =
      /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="([0-9A-Za-z]+)",signature="([^"]+)",timestamp="(\d+)",serial_no="([0-9A-F]+)"$/.exec(
        req.headers.Authorization ?? '',
      );
    if (!auth) {
      return reply(401, { code: 'SIGN_ERROR', message: 'Authorization malformed' });
    }
    const [, mchid, nonce, signature, timestamp, serial] = auth;
    const url = new URL(req.url);
    const message = `${req.method}\n${url.pathname}${url.search}\n${timestamp}\n${nonce}\n${req.body}\n`;
    const valid = crypto.verify(
      'sha256',
      Buffer.from(message),
      opts.merchantPublicKey,
      Buffer.from(signature, 'base64'),
    );
    if (!valid || mchid !== opts.mchid || serial !== opts.merchantSerialNo) {
      return reply(401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    if (fake.answer) {
      return fake.answer(req);
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && query) {
      if (url.searchParams.get('mchid') !== opts.mchid || req.body !== '') {
        return reply(400, { code: 'PARAM_ERROR', message: '参数错误' });
      }
      const txn = fake.transactions.get(decodeURIComponent(query[1]));
      return txn ? reply(200, txn) : reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    }
    const order = JSON.parse(req.body);
    const okOrder =
      order.mchid === opts.mchid &&
      order.appid === opts.appid &&
      Number.isInteger(order.amount.total) &&
      order.amount.currency === 'CNY' &&
      // WeChat calls back only on https, at a URL without a query.
      /^https:\/\/[^?#]+$/.test(order.notify_url) &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(order.time_expire);
    if (!okOrder) {
      return reply(400, { code: 'PARAM_ERROR', message: '参数错误' });
    }
    if (url.pathname === '/v3/pay/transactions/h5') {
      if (!order.scene_info?.payer_client_ip || order.scene_info?.h5_info?.type !== 'Wap') {
        return reply(400, { code: 'PARAM_ERROR', message: 'scene_info 缺失' });
      }
      return reply(200, { h5_url: FAKE_WECHAT_H5_URL });
    }
    if (url.pathname === '/v3/pay/transactions/native') {
      return reply(200, { code_url: FAKE_WECHAT_CODE_URL });
    }
    return reply(404, { code: 'NOT_FOUND', message: url.pathname });
  }) as FakeWechat;
  fake.requests = requests;
  fake.transactions = new Map();
  return fake;
}

// ------------------------------------------------------------------------------------------------ Alipay

/** Alipay's sign string written out: sorted `k=v` joined by '&', the listed keys (and, if asked, empty values) left out. */
export function alipaySignString(params: Record<string, string>, leaveOut: string[], dropEmpty: boolean): string {
  return Object.keys(params)
    .filter((k) => !leaveOut.includes(k) && !(dropEmpty && params[k] === ''))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/**
 * An asynchronous notification as Alipay posts it: every parameter but sign/sign_type signed (RSA2) with the Alipay
 * private key, the body form-urlencoded.
 */
export function signAlipayNotification(
  params: Record<string, string>,
  opts: { key: string; signType?: string },
): { headers: Record<string, string>; rawBody: string } {
  const content = alipaySignString(params, ['sign', 'sign_type'], false);
  const sign = crypto.sign('sha256', Buffer.from(content), opts.key).toString('base64');
  const body = new URLSearchParams({ ...params, sign_type: opts.signType ?? 'RSA2', sign });
  return { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, rawBody: body.toString() };
}

/** Reads a checkout URL as the Alipay gateway does: decode the query, check the RSA2 sign with the app public key. */
export function readAlipayCheckoutUrl(checkoutUrl: string, appPublicKey: string) {
  const url = new URL(checkoutUrl);
  const params = Object.fromEntries(url.searchParams);
  const content = alipaySignString(params, ['sign'], true);
  const valid = crypto.verify('sha256', Buffer.from(content), appPublicKey, Buffer.from(params.sign ?? '', 'base64'));
  return { url, params, valid, biz: JSON.parse(params.biz_content ?? '{}') as Record<string, unknown> };
}
