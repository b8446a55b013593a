// The built-in provider for demos and tests: our own checkout page (/pay/local/:orderNo) with an HMAC token in its URL,
// a callback signed with HMAC-SHA256 over `timestamp\nnonce\nbody\n`, and a CSV statement we define ourselves.
import crypto from 'node:crypto';
import { z } from 'zod';
import {
  type Checkout,
  type CheckoutRequest,
  type NotificationAck,
  type NotificationRequest,
  type OrderQueryResult,
  type PaymentNotification,
  type PaymentProvider,
  PaymentVerificationError,
  type StatementLine,
} from './payment-provider';
import { formatChinaDateTime, formatCsvRow, parseRfc3339, splitCsvRow, statementLines } from './provider-formats';
import { headerValue, isStrictBase64, newNonce, timingSafeEqualText } from './rsa-keys';

/** How far a callback's timestamp may be from our clock, either way. */
export const LOCAL_NOTIFICATION_WINDOW_MS = 5 * 60 * 1000;

export const LOCAL_HEADERS = {
  timestamp: 'x-boai-timestamp',
  nonce: 'x-boai-nonce',
  signature: 'x-boai-signature',
} as const;

const orderNoPattern = /^[0-9A-Za-z_-]{6,32}$/;

export type LocalProviderOptions = {
  /** The secret the checkout page and the callback share; at least 32 characters. */
  key: string;
  /** Our public origin, e.g. 'https://boai.example.org'; the checkout page is `${checkoutBaseUrl}/pay/local/:orderNo`. */
  checkoutBaseUrl: string;
  now?: () => Date;
};

export type LocalNotificationInput = {
  orderNo: string;
  providerTxnId: string;
  amountFen: number;
  status: 'paid' | 'closed';
  paidAt: Date;
};

/** What the checkout page may trust once verifyLocalCheckout accepted its query. */
export type LocalCheckout = { orderNo: string; amountFen: number; expiresAt: Date; returnUrl: string };

export function createLocalProvider(options: LocalProviderOptions): PaymentProvider {
  assertKey(options.key);
  const now = options.now ?? (() => new Date());
  const base = options.checkoutBaseUrl.replace(/\/+$/, '');
  return {
    channel: 'local',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const expiresAt = Math.floor(request.expiresAt.getTime() / 1000);
      const token = checkoutToken(options.key, request.orderNo, request.amountFen, expiresAt, request.returnUrl);
      const query = new URLSearchParams({
        amountFen: String(request.amountFen),
        expiresAt: String(expiresAt),
        returnUrl: request.returnUrl,
        token,
      });
      return { kind: 'redirect', url: `${base}/pay/local/${encodeURIComponent(request.orderNo)}?${query}` };
    },
    verifyNotification(request: NotificationRequest): PaymentNotification {
      return verifyLocalNotification(options.key, request, now());
    },
    async queryOrder(orderNo: string): Promise<OrderQueryResult> {
      // The built-in checkout keeps no orders of its own: its signed callback is the only word on a payment.
      return { orderNo, status: 'unknown' };
    },
    acknowledge(accepted: boolean): NotificationAck {
      return accepted
        ? { status: 200, contentType: 'application/json', body: '{"code":"SUCCESS"}' }
        : { status: 400, contentType: 'application/json', body: '{"code":"FAIL","message":"notification refused"}' };
    },
    parseStatement: parseLocalStatement,
  };
}

function assertKey(key: string): void {
  if (key.length < 32) {
    throw new Error('the local payment key needs at least 32 characters');
  }
}

function hmacBase64(key: string, message: string): string {
  return crypto.createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

// The 'boai-local-checkout' first line keeps a checkout token from ever passing as a callback signature, whose
// message starts with a numeric timestamp.
function checkoutToken(key: string, orderNo: string, amountFen: number, expiresAt: number, returnUrl: string): string {
  const message = `boai-local-checkout\n${orderNo}\n${amountFen}\n${expiresAt}\n${returnUrl}\n`;
  return crypto.createHmac('sha256', key).update(message, 'utf8').digest('base64url');
}

/**
 * Checks the query of a /pay/local/:orderNo request (the page passes the path's orderNo and its query as received).
 * Throws PaymentVerificationError: 'malformed' for a missing or ill-formed field, 'signature' when the token does not
 * match (amount, expiry or return URL edited), 'stale' once the order has expired.
 */
export function verifyLocalCheckout(
  key: string,
  query: { orderNo?: string; amountFen?: string; expiresAt?: string; returnUrl?: string; token?: string },
  now: Date = new Date(),
): LocalCheckout {
  const { orderNo = '', amountFen = '', expiresAt = '', returnUrl = '', token = '' } = query;
  if (!orderNoPattern.test(orderNo) || !/^[1-9]\d{0,11}$/.test(amountFen) || !/^\d{1,12}$/.test(expiresAt)) {
    throw new PaymentVerificationError('malformed', 'the checkout link is incomplete');
  }
  if (!URL.canParse(returnUrl) || !token) {
    throw new PaymentVerificationError('malformed', 'the checkout link is incomplete');
  }
  const expected = checkoutToken(key, orderNo, Number(amountFen), Number(expiresAt), returnUrl);
  if (!timingSafeEqualText(expected, token)) {
    throw new PaymentVerificationError('signature', 'the checkout link was altered');
  }
  const expires = new Date(Number(expiresAt) * 1000);
  if (now.getTime() > expires.getTime()) {
    throw new PaymentVerificationError('stale', 'the order has expired');
  }
  return { orderNo, amountFen: Number(amountFen), expiresAt: expires, returnUrl };
}

/**
 * Builds the callback the checkout page sends when the payer presses 支付 (status 'paid') or 取消 ('closed'):
 * a JSON body and the x-boai-timestamp (Unix seconds), x-boai-nonce and x-boai-signature headers, where the signature
 * is base64 HMAC-SHA256 under `key` over `timestamp\nnonce\nbody\n`.
 */
export function signLocalNotification(
  key: string,
  input: LocalNotificationInput,
  opts: { at?: Date; nonce?: string } = {},
): { headers: Record<string, string>; rawBody: string } {
  const rawBody = JSON.stringify({
    orderNo: input.orderNo,
    providerTxnId: input.providerTxnId,
    amountFen: input.amountFen,
    status: input.status,
    paidAt: input.paidAt.toISOString(),
  });
  const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
  const nonce = opts.nonce ?? newNonce();
  return {
    headers: {
      'content-type': 'application/json',
      [LOCAL_HEADERS.timestamp]: timestamp,
      [LOCAL_HEADERS.nonce]: nonce,
      [LOCAL_HEADERS.signature]: hmacBase64(key, `${timestamp}\n${nonce}\n${rawBody}\n`),
    },
    rawBody,
  };
}

const localBodySchema = z.strictObject({
  orderNo: z.string().regex(orderNoPattern),
  providerTxnId: z.string().min(1).max(64),
  amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  status: z.enum(['paid', 'closed']),
  paidAt: z.iso.datetime(),
});

function verifyLocalNotification(key: string, request: NotificationRequest, now: Date): PaymentNotification {
  const timestamp = headerValue(request.headers, LOCAL_HEADERS.timestamp);
  const nonce = headerValue(request.headers, LOCAL_HEADERS.nonce);
  const signature = headerValue(request.headers, LOCAL_HEADERS.signature);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce || !/^[\x21-\x7e]{1,64}$/.test(nonce) || !signature) {
    throw new PaymentVerificationError(
      'malformed',
      'the x-boai-timestamp, x-boai-nonce or x-boai-signature header is missing',
    );
  }
  const expected = hmacBase64(key, `${timestamp}\n${nonce}\n${request.rawBody}\n`);
  if (!isStrictBase64(signature) || !timingSafeEqualText(expected, signature)) {
    throw new PaymentVerificationError('signature', 'the callback signature does not match');
  }
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > LOCAL_NOTIFICATION_WINDOW_MS) {
    throw new PaymentVerificationError('stale', 'the callback timestamp is more than 5 minutes off');
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody);
  } catch {
    throw new PaymentVerificationError('malformed', 'the callback body is not JSON');
  }
  const parsed = localBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new PaymentVerificationError(
      'malformed',
      `the callback body is not a local notification: ${parsed.error.message}`,
    );
  }
  const { paidAt, ...rest } = parsed.data;
  return { ...rest, paidAt: new Date(paidAt), payload: parsed.data };
}

/** A transaction id for the local provider: 'L' + China time yyyyMMddHHmmss + 8 random hex digits. */
export function createLocalTxnId(at: Date = new Date()): string {
  const stamp = formatChinaDateTime(at).replace(/\D/g, '');
  return `L${stamp}${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

/** The local statement's header; one line per payment or refund follows, `at` in ISO 8601 UTC. */
export const LOCAL_STATEMENT_HEADER = ['orderNo', 'providerTxnId', 'kind', 'amountFen', 'feeFen', 'at', 'refundNo'];

/** Writes the local provider's statement: the header line, one CSV line per statement line, a final newline. */
export function formatLocalStatement(lines: readonly StatementLine[]): string {
  const rows = lines.map((line) =>
    formatCsvRow([
      line.orderNo,
      line.providerTxnId,
      line.kind,
      String(line.amountFen),
      String(line.feeFen),
      line.at.toISOString(),
      line.refundNo ?? '',
    ]),
  );
  return `${[LOCAL_STATEMENT_HEADER.join(','), ...rows].join('\n')}\n`;
}

/** Reads what formatLocalStatement wrote; throws PaymentVerificationError('malformed') naming the first bad line. */
export function parseLocalStatement(text: string): StatementLine[] {
  const [header, ...rows] = statementLines(text);
  if (header !== LOCAL_STATEMENT_HEADER.join(',')) {
    throw new PaymentVerificationError('malformed', 'local statement: unexpected header');
  }
  const lines: StatementLine[] = [];
  rows.forEach((row, i) => {
    if (row === '') {
      return;
    }
    const where = `local statement line ${i + 2}`;
    const fields = splitCsvRow(row);
    const [orderNo, providerTxnId, kind, amountFen, feeFen, at, refundNo] = fields;
    const valid =
      fields.length === LOCAL_STATEMENT_HEADER.length &&
      orderNoPattern.test(orderNo) &&
      providerTxnId !== '' &&
      (kind === 'payment' || kind === 'refund') &&
      /^[1-9]\d{0,14}$/.test(amountFen) &&
      /^(0|[1-9]\d{0,14})$/.test(feeFen) &&
      (kind === 'refund' || refundNo === '');
    if (!valid) {
      throw new PaymentVerificationError('malformed', `${where} is not valid`);
    }
    lines.push({
      orderNo,
      providerTxnId,
      kind,
      amountFen: Number(amountFen),
      feeFen: Number(feeFen),
      at: parseRfc3339(at, `${where} time`),
      ...(refundNo ? { refundNo } : {}),
    });
  });
  return lines;
}
