// WeChat Pay API v3, direct merchant (直连商户): signed H5 and Native orders, verified answers and callbacks
// (RSA-SHA256 with the WeChat Pay public key or platform certificate, AEAD_AES_256_GCM resource), and the trade bill.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { HttpTransport, HttpTransportResponse } from './http-transport';
import {
  type Checkout,
  type CheckoutRequest,
  type NotificationAck,
  type NotificationRequest,
  type OrderQueryResult,
  PaymentGatewayError,
  type PaymentNotification,
  type PaymentProvider,
  PaymentVerificationError,
  type StatementLine,
} from './payment-provider';
import {
  columnIndex,
  formatRfc3339China,
  parseChinaDateTime,
  parseFeeToFen,
  parseRfc3339,
  parseSignedYuanToFen,
  splitCsvRow,
  statementLines,
} from './provider-formats';
import { headerValue, loadRsaPrivateKey, loadRsaPublicKey, newNonce, signRsaSha256, verifyRsaSha256 } from './rsa-keys';

export const WECHAT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';
export const WECHAT_AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** A signed answer or callback whose Wechatpay-Timestamp is further than this from our clock is refused. */
export const WECHAT_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

export type WechatPayOptions = {
  /** 商户号 */
  mchid: string;
  /** The AppID bound to the merchant (公众号/小程序/移动应用), sent as `appid`. */
  appid: string;
  /** Serial number of the merchant API certificate (商户API证书序列号), sent as serial_no. */
  merchantSerialNo: string;
  /** The merchant API private key (apiclient_key.pem). */
  merchantPrivateKeyPem: string;
  /**
   * Keys that WeChat Pay signs with, by the id it sends in Wechatpay-Serial: the 微信支付公钥 with its
   * 'PUB_KEY_ID_…' id, and/or platform certificates (PEM certificate or public key) by certificate serial.
   * More than one during a key rotation.
   */
  platformKeys: ReadonlyArray<{ id: string; publicKeyPem: string }>;
  /** The 32-character APIv3 key that decrypts callback resources. */
  apiV3Key: string;
  transport: HttpTransport;
  /** Defaults to https://api.mch.weixin.qq.com. */
  apiBase?: string;
  /** Reported in scene_info.h5_info for H5 orders (optional in the spec). */
  h5AppName?: string;
  h5AppUrl?: string;
  now?: () => Date;
  nonce?: () => string;
};

type OrderKind = 'h5' | 'native';

/** The string WeChat Pay v3 signs for a request: `METHOD\nURL_PATH\nTIMESTAMP\nNONCE\nBODY\n` (URL path with query). */
export function wechatRequestMessage(method: string, urlPath: string, timestamp: string, nonce: string, body: string) {
  return `${method}\n${urlPath}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The string WeChat Pay signs for its answers and callbacks: `TIMESTAMP\nNONCE\nBODY\n`. */
export function wechatResponseMessage(timestamp: string, nonce: string, body: string) {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** The Authorization header of a merchant request. */
export function buildWechatAuthorization(input: {
  mchid: string;
  serialNo: string;
  privateKey: crypto.KeyObject;
  method: string;
  urlPath: string;
  timestamp: string;
  nonce: string;
  body: string;
}): string {
  const message = wechatRequestMessage(input.method, input.urlPath, input.timestamp, input.nonce, input.body);
  const signature = signRsaSha256(input.privateKey, message);
  return `${WECHAT_AUTH_SCHEMA} mchid="${input.mchid}",nonce_str="${input.nonce}",signature="${signature}",timestamp="${input.timestamp}",serial_no="${input.serialNo}"`;
}

/** The JSON body of an H5 or Native order (商户下单), amounts in fen. */
export function buildWechatOrderBody(
  options: Pick<WechatPayOptions, 'appid' | 'mchid' | 'h5AppName' | 'h5AppUrl'>,
  request: CheckoutRequest,
  kind: OrderKind,
) {
  const body: Record<string, unknown> = {
    appid: options.appid,
    mchid: options.mchid,
    description: request.description,
    out_trade_no: request.orderNo,
    time_expire: formatRfc3339China(request.expiresAt),
    notify_url: request.notifyUrl,
    amount: { total: request.amountFen, currency: 'CNY' },
  };
  if (kind === 'h5') {
    if (!request.payerIp) {
      throw new Error('a WeChat H5 order needs the payer IP (scene_info.payer_client_ip)');
    }
    const h5Info: Record<string, string> = { type: 'Wap' };
    if (options.h5AppName) {
      h5Info.app_name = options.h5AppName;
    }
    if (options.h5AppUrl) {
      h5Info.app_url = options.h5AppUrl;
    }
    body.scene_info = { payer_client_ip: request.payerIp, h5_info: h5Info };
  } else if (request.payerIp) {
    body.scene_info = { payer_client_ip: request.payerIp };
  }
  return body;
}

/** The signing keys by id, loaded once; an unusable PEM fails here, at start-up, not at the first callback. */
function loadPlatformKeys(keys: WechatPayOptions['platformKeys']): Map<string, crypto.KeyObject> {
  if (keys.length === 0) {
    throw new Error('WeChat Pay needs at least one platform key (the WeChat Pay public key and its PUB_KEY_ID_…)');
  }
  return new Map(keys.map((k) => [k.id, loadRsaPublicKey(k.publicKeyPem)]));
}

/**
 * Verifies the Wechatpay-* headers of an answer or a callback over `timestamp\nnonce\nbody\n`.
 * Throws 'malformed' (headers missing), 'certificate' (unknown Wechatpay-Serial), 'signature', 'stale' (> 5 min).
 */
export function verifyWechatSignature(
  platformKeys: ReadonlyMap<string, crypto.KeyObject>,
  headers: Record<string, string | undefined>,
  body: string,
  now: Date,
): void {
  const timestamp = headerValue(headers, 'Wechatpay-Timestamp');
  const nonce = headerValue(headers, 'Wechatpay-Nonce');
  const signature = headerValue(headers, 'Wechatpay-Signature');
  const serial = headerValue(headers, 'Wechatpay-Serial');
  const signatureType = headerValue(headers, 'Wechatpay-Signature-Type');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce || !signature || !serial) {
    throw new PaymentVerificationError(
      'malformed',
      'the Wechatpay-Timestamp/Nonce/Signature/Serial headers are missing',
    );
  }
  if (signatureType !== undefined && signatureType !== WECHAT_AUTH_SCHEMA) {
    throw new PaymentVerificationError('malformed', `unsupported Wechatpay-Signature-Type ${signatureType}`);
  }
  const key = platformKeys.get(serial);
  if (!key) {
    throw new PaymentVerificationError('certificate', `unknown Wechatpay-Serial ${serial}`);
  }
  // WeChat sometimes sends probe signatures starting with 'WECHATPAY/SIGNTEST/': they fail here, as they should.
  if (!verifyRsaSha256(key, wechatResponseMessage(timestamp, nonce, body), signature)) {
    throw new PaymentVerificationError('signature', 'the WeChat Pay signature does not verify');
  }
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > WECHAT_TIMESTAMP_WINDOW_MS) {
    throw new PaymentVerificationError('stale', 'the Wechatpay-Timestamp is more than 5 minutes off');
  }
}

const resourceSchema = z.object({
  algorithm: z.string(),
  ciphertext: z.string(),
  nonce: z.string().min(1),
  associated_data: z.string().optional(),
  original_type: z.string().optional(),
});
export type WechatEncryptedResource = z.infer<typeof resourceSchema>;

/**
 * Decrypts a callback resource: AEAD_AES_256_GCM under the APIv3 key, IV = the resource nonce, AAD = associated_data,
 * base64 ciphertext whose last 16 bytes are the tag. Throws 'malformed' for a bad shape, 'signature' when the tag fails.
 */
export function decryptWechatResource(apiV3Key: string, resource: WechatEncryptedResource): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) {
    throw new Error('the WeChat Pay APIv3 key must be 32 bytes');
  }
  if (resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw new PaymentVerificationError('malformed', `unsupported resource algorithm ${resource.algorithm}`);
  }
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= 16 || sealed.toString('base64') !== resource.ciphertext) {
    throw new PaymentVerificationError('malformed', 'the resource ciphertext is not base64 of ciphertext + tag');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), {
    authTagLength: 16,
  });
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new PaymentVerificationError('signature', 'the resource does not decrypt under the APIv3 key (tag mismatch)');
  }
}

const envelopeSchema = z.object({
  id: z.string(),
  create_time: z.string(),
  resource_type: z.literal('encrypt-resource'),
  event_type: z.string(),
  resource: resourceSchema,
});

const transactionSchema = z.looseObject({
  mchid: z.string(),
  appid: z.string().optional(),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().optional(),
  trade_state: z.string(),
  success_time: z.string().optional(),
  amount: z.looseObject({ total: z.number().int().nonnegative(), currency: z.string().optional() }),
});

// Final states of an unpaid order. REFUND (paid, then refunded) and USERPAYING (not final) are not a payment result.
const closedStates = new Set(['CLOSED', 'REVOKED', 'PAYERROR', 'NOTPAY']);

function verifyWechatNotification(
  options: WechatPayOptions,
  platformKeys: ReadonlyMap<string, crypto.KeyObject>,
  request: NotificationRequest,
  now: Date,
): PaymentNotification {
  verifyWechatSignature(platformKeys, request.headers, request.rawBody, now);
  const envelope = envelopeSchema.safeParse(parseJson(request.rawBody, 'callback body'));
  if (!envelope.success) {
    throw new PaymentVerificationError('malformed', `not a WeChat Pay callback: ${envelope.error.message}`);
  }
  if (
    !envelope.data.event_type.startsWith('TRANSACTION.') ||
    (envelope.data.resource.original_type ?? 'transaction') !== 'transaction'
  ) {
    throw new PaymentVerificationError('malformed', `not a payment callback: ${envelope.data.event_type}`);
  }
  const plaintext = decryptWechatResource(options.apiV3Key, envelope.data.resource);
  const txn = readTransaction(options, parseJson(plaintext, 'decrypted resource'));
  return transactionResult(txn, envelope.data.create_time);
}

/** A transaction object (decrypted from a callback, or a signed query answer) for our merchant and app, in CNY. */
function readTransaction(options: WechatPayOptions, value: unknown): z.infer<typeof transactionSchema> {
  const parsed = transactionSchema.safeParse(value);
  if (!parsed.success) {
    throw new PaymentVerificationError('malformed', `not a WeChat Pay transaction: ${parsed.error.message}`);
  }
  const txn = parsed.data;
  if (txn.mchid !== options.mchid || (txn.appid !== undefined && txn.appid !== options.appid)) {
    throw new PaymentVerificationError('malformed', `the transaction is for merchant ${txn.mchid}/${txn.appid}`);
  }
  if (txn.amount.currency !== undefined && txn.amount.currency !== 'CNY') {
    throw new PaymentVerificationError('malformed', `unexpected currency ${txn.amount.currency}`);
  }
  return txn;
}

/** A final transaction as a payment result: paid (SUCCESS) or closed; anything else is not a result. */
function transactionResult(txn: z.infer<typeof transactionSchema>, closedAt: string): PaymentNotification {
  if (txn.trade_state === 'SUCCESS') {
    if (!txn.transaction_id || !txn.success_time || txn.amount.total <= 0) {
      throw new PaymentVerificationError(
        'malformed',
        'a SUCCESS transaction lacks transaction_id, success_time or amount',
      );
    }
    return {
      orderNo: txn.out_trade_no,
      providerTxnId: txn.transaction_id,
      amountFen: txn.amount.total,
      status: 'paid',
      paidAt: parseRfc3339(txn.success_time, 'success_time'),
      payload: txn,
    };
  }
  if (closedStates.has(txn.trade_state)) {
    return {
      orderNo: txn.out_trade_no,
      providerTxnId: txn.transaction_id ?? '',
      amountFen: txn.amount.total,
      status: 'closed',
      paidAt: parseRfc3339(txn.success_time ?? closedAt, 'create_time'),
      payload: txn,
    };
  }
  throw new PaymentVerificationError('malformed', `trade_state ${txn.trade_state} is not a payment result`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PaymentVerificationError('malformed', `the ${what} is not JSON`);
  }
}

export function createWechatPayProvider(options: WechatPayOptions): PaymentProvider {
  const privateKey = loadRsaPrivateKey(options.merchantPrivateKeyPem);
  const platformKeys = loadPlatformKeys(options.platformKeys);
  if (Buffer.byteLength(options.apiV3Key, 'utf8') !== 32) {
    throw new Error('the WeChat Pay APIv3 key must be 32 bytes');
  }
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? newNonce;
  const apiBase = (options.apiBase ?? WECHAT_PAY_API_BASE).replace(/\/+$/, '');

  /** Sends one signed API request; throws PaymentGatewayError on a transport failure or an error answer. */
  async function call(method: 'GET' | 'POST', url: string, body: string): Promise<Record<string, unknown>> {
    const parsedUrl = new URL(url);
    const authorization = buildWechatAuthorization({
      mchid: options.mchid,
      serialNo: options.merchantSerialNo,
      privateKey,
      method,
      urlPath: `${parsedUrl.pathname}${parsedUrl.search}`,
      timestamp: String(Math.floor(now().getTime() / 1000)),
      nonce: nonce(),
      body,
    });
    let response: HttpTransportResponse;
    try {
      response = await options.transport({
        method,
        url,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
          'User-Agent': 'boai-payments/1 (WeChat Pay API v3)',
        },
        body,
      });
    } catch (error) {
      throw new PaymentGatewayError('wechat', 0, 'TRANSPORT', `WeChat Pay unreachable: ${(error as Error).message}`);
    }
    if (response.status < 200 || response.status > 299) {
      // Error answers are reported, never trusted for anything else, so their signature does not matter.
      const detail = safeJson(response.body);
      const code = typeof detail?.code === 'string' ? detail.code : `HTTP_${response.status}`;
      const message = typeof detail?.message === 'string' ? detail.message : response.body.slice(0, 200);
      throw new PaymentGatewayError('wechat', response.status, code, message);
    }
    verifyWechatSignature(platformKeys, response.headers, response.body, now());
    const answer = safeJson(response.body);
    if (!answer) {
      throw new PaymentVerificationError('malformed', 'the WeChat Pay answer is not a JSON object');
    }
    return answer;
  }

  function placeOrder(kind: OrderKind, request: CheckoutRequest): Promise<Record<string, unknown>> {
    return call(
      'POST',
      `${apiBase}/v3/pay/transactions/${kind}`,
      JSON.stringify(buildWechatOrderBody(options, request, kind)),
    );
  }

  return {
    channel: 'wechat',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      if (request.device === 'mobile') {
        const { h5_url: h5Url } = await placeOrder('h5', request);
        if (typeof h5Url !== 'string' || !h5Url.startsWith('https://')) {
          throw new PaymentVerificationError('malformed', 'the H5 order answer has no h5_url');
        }
        // WeChat returns the payer to redirect_url (appended, URL-encoded) after the cashier closes.
        const separator = h5Url.includes('?') ? '&' : '?';
        return { kind: 'redirect', url: `${h5Url}${separator}redirect_url=${encodeURIComponent(request.returnUrl)}` };
      }
      const { code_url: codeUrl } = await placeOrder('native', request);
      if (typeof codeUrl !== 'string' || codeUrl === '') {
        throw new PaymentVerificationError('malformed', 'the Native order answer has no code_url');
      }
      return { kind: 'qr', codeUrl };
    },
    verifyNotification(request: NotificationRequest): PaymentNotification {
      return verifyWechatNotification(options, platformKeys, request, now());
    },
    async queryOrder(orderNo: string): Promise<OrderQueryResult> {
      // 查询订单 by 商户订单号: GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=…, a signed answer.
      const url = `${apiBase}/v3/pay/transactions/out-trade-no/${encodeURIComponent(orderNo)}?mchid=${encodeURIComponent(options.mchid)}`;
      let answer: Record<string, unknown>;
      try {
        answer = await call('GET', url, '');
      } catch (error) {
        if (error instanceof PaymentGatewayError && error.code === 'ORDER_NOT_EXIST') {
          return { orderNo, status: 'unknown' };
        }
        throw error;
      }
      const txn = readTransaction(options, answer);
      if (txn.out_trade_no !== orderNo) {
        throw new PaymentVerificationError('malformed', `asked for order ${orderNo}, answered ${txn.out_trade_no}`);
      }
      if (txn.trade_state === 'NOTPAY' || txn.trade_state === 'USERPAYING') {
        return { orderNo, status: 'unpaid' };
      }
      // REFUND: paid, then (partly) refunded: the payment stands, and its refund is ours to record.
      const state = txn.trade_state === 'REFUND' ? 'SUCCESS' : txn.trade_state;
      return transactionResult({ ...txn, trade_state: state }, now().toISOString());
    },
    acknowledge(accepted: boolean): NotificationAck {
      return accepted
        ? { status: 204, contentType: 'application/json', body: '' }
        : { status: 400, contentType: 'application/json', body: '{"code":"FAIL","message":"失败"}' };
    },
    parseStatement: parseWechatTradeBill,
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const BILL = 'WeChat Pay trade bill';

/**
 * Parses a 交易账单 (trade bill, ALL/SUCCESS/REFUND) as downloaded: the detail header, detail lines whose cells start
 * with a backtick, then the summary header (总交易单数,…) and one summary line. Columns are found by name.
 * SUCCESS lines are payments (订单金额); REFUND lines are refunds (申请退款金额, 商户退款单号); REVOKED lines (an
 * order cancelled after payment) count as refunds of the order amount. Fees (手续费, up to 5 decimals) are rounded half up
 * to fen and kept positive. Throws 'malformed' on an unknown trade state, a short line or a missing or wrong summary.
 */
export function parseWechatTradeBill(text: string): StatementLine[] {
  const rows = statementLines(text).filter((line) => line.trim() !== '');
  const [headerLine, ...rest] = rows;
  if (!headerLine) {
    throw new PaymentVerificationError('malformed', `${BILL}: the file is empty`);
  }
  const header = splitCsvRow(headerLine);
  const col = columnIndex(header, ['交易时间', '微信订单号', '商户订单号', '交易状态', '应结订单金额', '手续费'], BILL);
  const summaryAt = rest.findIndex((line) => line.startsWith('总交易单数'));
  if (summaryAt < 0 || summaryAt !== rest.length - 2) {
    throw new PaymentVerificationError(
      'malformed',
      `${BILL}: the summary (总交易单数) is missing, the file is cut short`,
    );
  }
  const summary = splitCsvRow(rest[summaryAt + 1]).map(unTick);
  const details = rest.slice(0, summaryAt);
  if (summary[0] !== String(details.length)) {
    throw new PaymentVerificationError('malformed', `${BILL}: ${details.length} lines but 总交易单数 is ${summary[0]}`);
  }
  return details.map((line, i): StatementLine => {
    const cells = splitCsvRow(line).map(unTick);
    const where = `${BILL} line ${i + 2}`;
    if (cells.length !== header.length) {
      throw new PaymentVerificationError(
        'malformed',
        `${where} has ${cells.length} cells, the header ${header.length}`,
      );
    }
    const state = col.get(cells, '交易状态');
    const amountText = (name: string) => col.get(cells, name);
    const orderAmount = col.has('订单金额') ? amountText('订单金额') : amountText('应结订单金额');
    const base = {
      orderNo: col.get(cells, '商户订单号'),
      providerTxnId: col.get(cells, '微信订单号'),
      feeFen: Math.abs(parseFeeToFen(col.get(cells, '手续费') || '0', `${where} 手续费`)),
      at: parseChinaDateTime(col.get(cells, '交易时间'), `${where} 交易时间`),
    };
    if (!base.orderNo || !base.providerTxnId) {
      throw new PaymentVerificationError('malformed', `${where} lacks 商户订单号 or 微信订单号`);
    }
    if (state === 'SUCCESS') {
      return { ...base, kind: 'payment', amountFen: Math.abs(parseSignedYuanToFen(orderAmount, `${where} 订单金额`)) };
    }
    if (state === 'REFUND') {
      const refundText = col.has('申请退款金额') ? amountText('申请退款金额') : amountText('退款金额');
      const refundNo = col.get(cells, '商户退款单号');
      return {
        ...base,
        kind: 'refund',
        amountFen: Math.abs(parseSignedYuanToFen(refundText, `${where} 退款金额`)),
        ...(refundNo && refundNo !== '0' ? { refundNo } : {}),
      };
    }
    if (state === 'REVOKED') {
      return { ...base, kind: 'refund', amountFen: Math.abs(parseSignedYuanToFen(orderAmount, `${where} 订单金额`)) };
    }
    throw new PaymentVerificationError('malformed', `${where}: unknown 交易状态 ${state}`);
  });
}

/** WeChat prefixes each cell with a backtick so Excel keeps long numbers; the header has none. */
function unTick(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.startsWith('`') ? trimmed.slice(1) : trimmed;
}
