// The one adapter every payment provider sits behind: build and sign a checkout for an order, verify a provider's
// notification (callback), answer it, and read the provider's daily statement for reconciliation.
// Implementations: local (built-in checkout page, HMAC-signed callback), WeChat Pay API v3, Alipay (RSA2).

export type PaymentChannel = 'local' | 'wechat' | 'alipay';

/** What the donations module asks a provider to collect. */
export type CheckoutRequest = {
  /** Our order number (merchant trade number), unique, 6–32 chars of [0-9A-Za-z_-]. */
  orderNo: string;
  amountFen: number;
  /** Shown to the payer, e.g. "捐赠-2026年温暖送万家". */
  description: string;
  expiresAt: Date;
  /** Absolute URL the provider calls with the result. */
  notifyUrl: string;
  /** Absolute URL the payer's browser returns to. */
  returnUrl: string;
  /** Payer's IP address (WeChat H5 needs it). */
  payerIp?: string;
  /**
   * The payer's device: 'mobile' gets the phone flow (WeChat H5, Alipay wap.pay), 'desktop' (the default) gets the
   * desktop flow (WeChat Native QR code, Alipay page.pay).
   */
  device?: 'mobile' | 'desktop';
};

/** How the payer's browser reaches the provider. */
export type Checkout =
  | { kind: 'redirect'; url: string }
  /** A payment code to show as a QR code (WeChat native). */
  | { kind: 'qr'; codeUrl: string };

/** A verified notification: only produced after the signature (and decryption) checked out. */
export type PaymentNotification = {
  orderNo: string;
  /** The provider's own transaction id. */
  providerTxnId: string;
  amountFen: number;
  status: 'paid' | 'closed';
  paidAt: Date;
  /** The verified, decrypted payload, kept as evidence. */
  payload: unknown;
};

/**
 * What a provider answers when asked about an order (查询订单): a verified payment or closure, like a notification;
 * `unpaid` while the payer has not paid (yet); `unknown` when the provider has no such order or cannot tell (the
 * local provider keeps no orders of its own: its checkout page's callback is the only word on a payment).
 */
export type OrderQueryResult = PaymentNotification | { orderNo: string; status: 'unpaid' | 'unknown' };

/** The raw HTTP request of a callback, exactly as received. */
export type NotificationRequest = { headers: Record<string, string | undefined>; rawBody: string };

/** The reply the provider expects (WeChat: JSON + 200/204; Alipay: the text "success"). */
export type NotificationAck = { status: number; contentType: string; body: string };

/** One line of a provider's daily statement (对账单). */
export type StatementLine = {
  orderNo: string;
  providerTxnId: string;
  kind: 'payment' | 'refund';
  /** Positive for both kinds; refunds are subtracted by the kind. */
  amountFen: number;
  /** Provider fee in fen, when the statement gives it (0 otherwise); positive, refunded fees too. */
  feeFen: number;
  at: Date;
  /** Refunds only: our refund number (WeChat 商户退款单号, Alipay 退款请求号), when the statement gives it. */
  refundNo?: string;
};

export interface PaymentProvider {
  readonly channel: PaymentChannel;
  /** Builds (and, for a real provider, sends) the signed order request. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** Verifies a callback; throws PaymentVerificationError when it is forged, stale or malformed. */
  verifyNotification(request: NotificationRequest): PaymentNotification;
  acknowledge(accepted: boolean): NotificationAck;
  /**
   * Asks the provider how an order stands, for an order whose notification never came. The answer is verified like
   * a notification (throws PaymentVerificationError when it is not) and PaymentGatewayError when unreachable.
   */
  queryOrder(orderNo: string): Promise<OrderQueryResult>;
  /** Parses the provider's statement file (CSV text) into lines; throws PaymentVerificationError on a bad file. */
  parseStatement(text: string): StatementLine[];
}

/** A callback or a provider's answer failed verification: forged, tampered with, too old, unknown key, or malformed. */
export class PaymentVerificationError extends Error {
  readonly reason: 'signature' | 'malformed' | 'stale' | 'certificate';
  constructor(reason: PaymentVerificationError['reason'], message: string) {
    super(message);
    this.name = 'PaymentVerificationError';
    this.reason = reason;
  }
}

/**
 * The provider could not be reached, or it answered an order request with an error (e.g. WeChat's
 * `{"code":"PARAM_ERROR","message":"…"}` with a 4xx). After a transport failure the order may exist at the provider
 * all the same: retrying with the same orderNo is safe (the provider keys orders by it).
 */
export class PaymentGatewayError extends Error {
  readonly channel: PaymentChannel;
  /** The provider's HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** The provider's error code when it gave one (WeChat `code`), else 'TRANSPORT'/'HTTP_<status>'. */
  readonly code: string;
  constructor(channel: PaymentChannel, status: number, code: string, message: string) {
    super(message);
    this.name = 'PaymentGatewayError';
    this.channel = channel;
    this.status = status;
    this.code = code;
  }
}
