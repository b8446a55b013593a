// Alipay open platform with RSA2 (SHA256withRSA): alipay.trade.wap.pay / alipay.trade.page.pay as a signed gateway URL,
// verified asynchronous notifications (form POST), alipay.trade.query with its signed answer, and the 业务明细 / 账务明细
// statement CSVs.
import type crypto from 'node:crypto';
import type { HttpTransport } from './http-transport';
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
  formatChinaDateTime,
  formatFenAsYuan,
  parseChinaDateTime,
  parseFeeToFen,
  parseSignedYuanToFen,
  parseYuanToFen,
  splitCsvRow,
  statementLines,
} from './provider-formats';
import { loadRsaPrivateKey, loadRsaPublicKey, signRsaSha256, verifyRsaSha256 } from './rsa-keys';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export type AlipayOptions = {
  appId: string;
  /** The application private key (应用私钥), PEM or the bare base64 Alipay's key tool prints. */
  appPrivateKeyPem: string;
  /** The Alipay public key (支付宝公钥) shown in the open platform console, PEM or bare base64. */
  alipayPublicKeyPem: string;
  /** Defaults to the production gateway; the sandbox has its own. */
  gatewayUrl?: string;
  /** The merchant's PID (2088…); when set, a callback's seller_id must equal it. */
  sellerId?: string;
  /** The way out to the gateway for server-to-server calls (alipay.trade.query). */
  transport: HttpTransport;
  now?: () => Date;
};

export type AlipayMethod = 'alipay.trade.wap.pay' | 'alipay.trade.page.pay' | 'alipay.trade.query';

/**
 * The string Alipay signs for a request: every parameter except `sign` (and those in `exclude`) whose value is not
 * empty, sorted by name in ASCII order, joined as `k=v&k=v` with raw (not URL-encoded) values.
 */
export function alipaySignContent(params: Record<string, string | undefined>, exclude: readonly string[] = ['sign']) {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/**
 * The string a notification's signature covers: every parameter except `sign` and `sign_type`, sorted, `k=v` joined with
 * `&`, values URL-decoded. Empty values stay in, as Alipay's own SDKs (AlipaySignature.getSignCheckContentV1) keep them.
 */
export function alipayNotifyContent(params: ReadonlyMap<string, string>): string {
  return [...params.keys()]
    .filter((key) => key !== 'sign' && key !== 'sign_type')
    .sort()
    .map((key) => `${key}=${params.get(key)}`)
    .join('&');
}

/** The signed common and business parameters of a wap.pay or page.pay order. */
export function buildAlipayCheckoutParams(
  options: Pick<AlipayOptions, 'appId'>,
  privateKey: crypto.KeyObject,
  request: CheckoutRequest,
  method: AlipayMethod,
  now: Date,
): Record<string, string> {
  const biz: Record<string, string> = {
    out_trade_no: request.orderNo,
    total_amount: formatFenAsYuan(request.amountFen),
    // Alipay refuses / = & in a subject.
    subject: request.description.replace(/[/=&]/g, ' ').slice(0, 256),
    product_code: method === 'alipay.trade.wap.pay' ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
    time_expire: formatChinaDateTime(request.expiresAt),
  };
  if (method === 'alipay.trade.wap.pay') {
    biz.quit_url = request.returnUrl; // where the phone cashier's 退出 button leads
  }
  const params: Record<string, string> = {
    app_id: options.appId,
    method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatChinaDateTime(now),
    version: '1.0',
    notify_url: request.notifyUrl,
    return_url: request.returnUrl,
    biz_content: JSON.stringify(biz),
  };
  return { ...params, sign: signRsaSha256(privateKey, alipaySignContent(params)) };
}

export function createAlipayProvider(options: AlipayOptions): PaymentProvider {
  const privateKey = loadRsaPrivateKey(options.appPrivateKeyPem);
  const alipayKey = loadRsaPublicKey(options.alipayPublicKeyPem);
  const now = options.now ?? (() => new Date());
  const gateway = options.gatewayUrl ?? ALIPAY_GATEWAY;
  return {
    channel: 'alipay',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const method: AlipayMethod = request.device === 'mobile' ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay';
      const params = buildAlipayCheckoutParams(options, privateKey, request, method, now());
      return { kind: 'redirect', url: `${gateway}?${new URLSearchParams(params)}` };
    },
    verifyNotification(request: NotificationRequest): PaymentNotification {
      return verifyAlipayNotification(options, alipayKey, request.rawBody);
    },
    async queryOrder(orderNo: string): Promise<OrderQueryResult> {
      const params: Record<string, string> = {
        app_id: options.appId,
        method: 'alipay.trade.query',
        format: 'JSON',
        charset: 'utf-8',
        sign_type: 'RSA2',
        timestamp: formatChinaDateTime(now()),
        version: '1.0',
        biz_content: JSON.stringify({ out_trade_no: orderNo }),
      };
      const body = new URLSearchParams({ ...params, sign: signRsaSha256(privateKey, alipaySignContent(params)) });
      let text: string;
      try {
        const response = await options.transport({
          method: 'POST',
          url: `${gateway}?charset=utf-8`,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8', Accept: 'application/json' },
          body: body.toString(),
        });
        if (response.status !== 200) {
          throw new PaymentGatewayError(
            'alipay',
            response.status,
            `HTTP_${response.status}`,
            response.body.slice(0, 200),
          );
        }
        text = response.body;
      } catch (error) {
        if (error instanceof PaymentGatewayError) {
          throw error;
        }
        throw new PaymentGatewayError('alipay', 0, 'TRANSPORT', `Alipay unreachable: ${(error as Error).message}`);
      }
      return readTradeQueryAnswer(options, alipayKey, orderNo, text);
    },
    acknowledge(accepted: boolean): NotificationAck {
      // Alipay retries (over about 25 hours) until it reads exactly "success".
      return accepted
        ? { status: 200, contentType: 'text/plain', body: 'success' }
        : { status: 400, contentType: 'text/plain', body: 'failure' };
    },
    parseStatement: parseAlipayStatement,
  };
}

/**
 * The raw text of `"<name>": { … }` in a gateway answer: Alipay signs these exact bytes, not a re-serialisation.
 * Undefined when the answer has no such object.
 */
export function alipayResponseContent(text: string, name: string): string | undefined {
  const key = `"${name}"`;
  const at = text.indexOf(key);
  if (at < 0) {
    return undefined;
  }
  const start = text.indexOf('{', at + key.length);
  if (start < 0 || text.slice(at + key.length, start).trim() !== ':') {
    return undefined;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        return text.slice(start, i + 1);
      }
    }
  }
  return undefined;
}

/**
 * Reads alipay.trade.query's answer: the signature over the raw `alipay_trade_query_response` object must verify
 * with the Alipay public key. TRADE_SUCCESS / TRADE_FINISHED → paid, TRADE_CLOSED → closed, WAIT_BUYER_PAY →
 * unpaid, ACQ.TRADE_NOT_EXIST → unknown; any other error is a PaymentGatewayError.
 */
function readTradeQueryAnswer(
  options: AlipayOptions,
  alipayKey: crypto.KeyObject,
  orderNo: string,
  text: string,
): OrderQueryResult {
  const content = alipayResponseContent(text, 'alipay_trade_query_response');
  let envelope: { sign?: unknown };
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new PaymentVerificationError('malformed', 'the Alipay answer is not JSON');
  }
  if (!content) {
    throw new PaymentVerificationError('malformed', 'the Alipay answer has no alipay_trade_query_response');
  }
  const answer = JSON.parse(content) as Record<string, string | undefined>;
  if (answer.code !== '10000' && answer.sub_code === 'ACQ.TRADE_NOT_EXIST') {
    return { orderNo, status: 'unknown' };
  }
  if (typeof envelope.sign !== 'string' || !verifyRsaSha256(alipayKey, content, envelope.sign)) {
    throw new PaymentVerificationError('signature', 'the Alipay answer signature does not verify');
  }
  if (answer.code !== '10000') {
    throw new PaymentGatewayError(
      'alipay',
      200,
      answer.sub_code ?? answer.code ?? 'UNKNOWN',
      answer.sub_msg ?? answer.msg ?? 'alipay.trade.query failed',
    );
  }
  if (answer.out_trade_no !== orderNo || !answer.trade_no) {
    throw new PaymentVerificationError('malformed', `asked for order ${orderNo}, answered ${answer.out_trade_no}`);
  }
  const base = {
    orderNo,
    providerTxnId: answer.trade_no,
    amountFen: parseYuanToFen(answer.total_amount ?? '', 'total_amount'),
    payload: answer,
  };
  switch (answer.trade_status) {
    case 'WAIT_BUYER_PAY':
      return { orderNo, status: 'unpaid' };
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return { ...base, status: 'paid', paidAt: parseChinaDateTime(answer.send_pay_date ?? '', 'send_pay_date') };
    case 'TRADE_CLOSED':
      return { ...base, status: 'closed', paidAt: (options.now ?? (() => new Date()))() };
    default:
      throw new PaymentVerificationError('malformed', `trade_status ${answer.trade_status} is not a payment result`);
  }
}

/** Parses a form-urlencoded body into a map; a repeated parameter makes the body malformed. */
function parseForm(rawBody: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawBody)) {
    if (params.has(key)) {
      throw new PaymentVerificationError('malformed', `parameter ${key} appears twice`);
    }
    params.set(key, value);
  }
  return params;
}

function verifyAlipayNotification(options: AlipayOptions, alipayKey: crypto.KeyObject, rawBody: string) {
  const params = parseForm(rawBody);
  const sign = params.get('sign');
  if (!sign || params.get('sign_type') !== 'RSA2') {
    throw new PaymentVerificationError('malformed', 'the notification has no RSA2 sign');
  }
  const charset = params.get('charset');
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw new PaymentVerificationError('malformed', `the notification charset is ${charset}, expected utf-8`);
  }
  if (!verifyRsaSha256(alipayKey, alipayNotifyContent(params), sign)) {
    throw new PaymentVerificationError('signature', 'the Alipay signature does not verify');
  }
  const field = (name: string) => params.get(name) ?? '';
  if (field('app_id') !== options.appId) {
    throw new PaymentVerificationError('malformed', `the notification is for app ${field('app_id')}`);
  }
  if (options.sellerId && field('seller_id') !== options.sellerId) {
    throw new PaymentVerificationError('malformed', `the notification is for seller ${field('seller_id')}`);
  }
  const orderNo = field('out_trade_no');
  const providerTxnId = field('trade_no');
  if (!orderNo || !providerTxnId) {
    throw new PaymentVerificationError('malformed', 'the notification lacks out_trade_no or trade_no');
  }
  const payload = Object.fromEntries(params);
  const status = field('trade_status');
  if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') {
    return {
      orderNo,
      providerTxnId,
      amountFen: parseYuanToFen(field('total_amount'), 'total_amount'),
      status: 'paid' as const,
      paidAt: parseChinaDateTime(field('gmt_payment'), 'gmt_payment'),
      payload,
    };
  }
  if (status === 'TRADE_CLOSED') {
    // Also sent after a full refund of a paid order: 'closed' must not undo a recorded payment.
    return {
      orderNo,
      providerTxnId,
      amountFen: parseYuanToFen(field('total_amount'), 'total_amount'),
      status: 'closed' as const,
      paidAt: parseChinaDateTime(field('gmt_close') || field('notify_time'), 'gmt_close'),
      payload,
    };
  }
  throw new PaymentVerificationError('malformed', `trade_status ${status} is not a payment result`);
}

const STATEMENT = 'Alipay statement';

/**
 * Parses Alipay's 业务明细 (trade detail, bill_type=trade) or 账务明细 (account detail, bill_type=signcustomer) CSV.
 * Alipay serves these as GBK inside a zip: the caller unzips and decodes (e.g. `new TextDecoder('gbk')`) and passes
 * text. Lines starting with '#' (title, account, dates, totals) are skipped; cells lose the tab Alipay appends.
 * 业务明细: 交易 → payment, 退款 → refund (amount = |订单金额|, fee = |服务费|, refundNo = 退款批次号/请求号).
 * 账务明细: 在线支付/交易付款 → payment (收入), 交易退款/退款 → refund (支出); 收费/服务费 lines add their amount to the
 * fee of the line with the same 业务流水号; other business types (提现, 转账…) are not payments and are skipped.
 * The '…列表结束' line must be there, and the counts in the totals lines must match: a cut file is refused.
 */
export function parseAlipayStatement(text: string): StatementLine[] {
  const lines = statementLines(text).map((line) => line.trim());
  const headerAt = lines.findIndex((line) => line !== '' && !line.startsWith('#'));
  if (headerAt < 0) {
    throw new PaymentVerificationError('malformed', `${STATEMENT}: no header line`);
  }
  const header = splitCsvRow(lines[headerAt]).map((cell) => cell.trim());
  const afterHeader = lines.slice(headerAt + 1);
  const endAt = afterHeader.findIndex((line) => line.startsWith('#') && line.includes('列表结束'));
  if (endAt < 0) {
    throw new PaymentVerificationError(
      'malformed',
      `${STATEMENT}: the end marker (…列表结束) is missing, the file is cut`,
    );
  }
  const rows = afterHeader
    .slice(0, endAt)
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const cells = splitCsvRow(line).map((cell) => cell.trim());
      // A comma inside a cell would shift every column after it: refuse rather than misread amounts.
      if (cells.length !== header.length) {
        throw new PaymentVerificationError('malformed', `${STATEMENT}: line ${i + 1} has ${cells.length} cells`);
      }
      return cells;
    });
  const totals = afterHeader.slice(endAt).join('\n');
  if (header.includes('支付宝交易号')) {
    return parseTradeDetail(header, rows, totals);
  }
  if (header.includes('账务流水号')) {
    return parseAccountDetail(header, rows, totals);
  }
  throw new PaymentVerificationError('malformed', `${STATEMENT}: neither 业务明细 nor 账务明细 header`);
}

function countIn(totals: string, label: RegExp): number | undefined {
  const match = label.exec(totals);
  return match ? Number(match[1]) : undefined;
}

function assertCount(what: string, declared: number | undefined, found: number): void {
  if (declared !== undefined && declared !== found) {
    throw new PaymentVerificationError('malformed', `${STATEMENT}: ${what} says ${declared}, the file has ${found}`);
  }
}

function parseTradeDetail(header: string[], rows: string[][], totals: string): StatementLine[] {
  const col = columnIndex(
    header,
    ['支付宝交易号', '商户订单号', '业务类型', '创建时间', '完成时间', '订单金额(元)', '服务费(元)'],
    `${STATEMENT} (业务明细)`,
  );
  const lines: StatementLine[] = [];
  let payments = 0;
  let refunds = 0;
  for (const cells of rows) {
    const type = col.get(cells, '业务类型');
    if (type !== '交易' && type !== '退款') {
      continue;
    }
    const orderNo = col.get(cells, '商户订单号');
    const providerTxnId = col.get(cells, '支付宝交易号');
    if (!orderNo || !providerTxnId) {
      throw new PaymentVerificationError('malformed', `${STATEMENT}: a line lacks 商户订单号 or 支付宝交易号`);
    }
    const at = parseChinaDateTime(col.get(cells, '完成时间') || col.get(cells, '创建时间'), `${STATEMENT} 完成时间`);
    const amountFen = Math.abs(parseSignedYuanToFen(col.get(cells, '订单金额(元)'), `${STATEMENT} 订单金额`));
    const feeFen = Math.abs(parseFeeToFen(col.get(cells, '服务费(元)') || '0', `${STATEMENT} 服务费`));
    if (type === '交易') {
      payments += 1;
      lines.push({ orderNo, providerTxnId, kind: 'payment', amountFen, feeFen, at });
    } else {
      refunds += 1;
      const refundNo = col.get(cells, '退款批次号/请求号');
      lines.push({ orderNo, providerTxnId, kind: 'refund', amountFen, feeFen, at, ...(refundNo ? { refundNo } : {}) });
    }
  }
  assertCount('交易合计', countIn(totals, /交易合计[：:]\s*(\d+)\s*笔/), payments);
  assertCount('退款合计', countIn(totals, /退款合计[：:]\s*(\d+)\s*笔/), refunds);
  return lines;
}

const accountPaymentTypes = new Set(['在线支付', '交易付款']);
const accountRefundTypes = new Set(['交易退款', '退款']);
const accountFeeTypes = new Set(['收费', '服务费', '交易服务费']);

function parseAccountDetail(header: string[], rows: string[][], totals: string): StatementLine[] {
  const col = columnIndex(
    header,
    ['账务流水号', '业务流水号', '商户订单号', '发生时间', '收入金额(+元)', '支出金额(-元)', '业务类型'],
    `${STATEMENT} (账务明细)`,
  );
  const lines: StatementLine[] = [];
  const fees: Array<{ providerTxnId: string; fen: number }> = [];
  let incomeRows = 0;
  let expenseRows = 0;
  for (const cells of rows) {
    const income = Math.abs(parseSignedYuanToFen(col.get(cells, '收入金额(+元)') || '0', `${STATEMENT} 收入金额`));
    const expense = Math.abs(parseSignedYuanToFen(col.get(cells, '支出金额(-元)') || '0', `${STATEMENT} 支出金额`));
    incomeRows += income > 0 ? 1 : 0;
    expenseRows += expense > 0 ? 1 : 0;
    const type = col.get(cells, '业务类型');
    const providerTxnId = col.get(cells, '业务流水号');
    if (accountFeeTypes.has(type)) {
      // A fee charged is an expense; a fee given back with a refund shows as income.
      fees.push({ providerTxnId, fen: expense > 0 ? expense : -income });
      continue;
    }
    const isPayment = accountPaymentTypes.has(type);
    if (!isPayment && !accountRefundTypes.has(type)) {
      continue;
    }
    const orderNo = col.get(cells, '商户订单号');
    if (!orderNo || !providerTxnId) {
      throw new PaymentVerificationError('malformed', `${STATEMENT}: a line lacks 商户订单号 or 业务流水号`);
    }
    lines.push({
      orderNo,
      providerTxnId,
      kind: isPayment ? 'payment' : 'refund',
      amountFen: isPayment ? income : expense,
      feeFen: 0,
      at: parseChinaDateTime(col.get(cells, '发生时间'), `${STATEMENT} 发生时间`),
    });
  }
  for (const fee of fees) {
    const kind = fee.fen >= 0 ? 'payment' : 'refund';
    const line = lines.find((l) => l.providerTxnId === fee.providerTxnId && l.kind === kind);
    if (line) {
      line.feeFen += Math.abs(fee.fen);
    }
  }
  assertCount('收入合计', countIn(totals, /收入合计[：:]\s*(\d+)\s*笔/), incomeRows);
  assertCount('支出合计', countIn(totals, /支出合计[：:]\s*(\d+)\s*笔/), expenseRows);
  return lines;
}
