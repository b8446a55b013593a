// Alipay RSA2: the sign string checked against Alipay's published construction example, checkout URLs verified as the
// gateway would (with the app public key), notifications signed as Alipay signs them (with a generated "Alipay" key),
// order queries (alipay.trade.query) against a fake gateway that checks our request signature and signs its answers
// as Alipay does, and the 业务明细 / 账务明细 statements, also as GBK bytes decoded by the caller.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alipayResponseContent, alipaySignContent, createAlipayProvider, parseAlipayStatement } from './alipay';
import type { HttpTransport, HttpTransportRequest } from './http-transport';
import { type CheckoutRequest, PaymentGatewayError, PaymentVerificationError } from './payment-provider';
import {
  readAlipayCheckoutUrl,
  rsaPair,
  signAlipayNotification,
  alipaySignString as signString,
} from './provider-test-kit';

const app = rsaPair();
const alipay = rsaPair();
const stranger = rsaPair();
const APP_ID = '2021000123456789';
const SELLER_ID = '2088102177846880';
const now = new Date('2026-03-01T02:00:00Z');

/** The base64 body of a PEM, as Alipay's key tool shows keys. */
const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

/**
 * A fake gateway for alipay.trade.query: it checks the request's RSA2 signature with the app public key, as Alipay
 * does, and answers with `answer(out_trade_no)` signed with the "Alipay" private key over the raw response object.
 */
const gatewayRequests: HttpTransportRequest[] = [];
let answer: (orderNo: string) => Record<string, string> | string = () => ({ code: '10000' });
const gateway: HttpTransport = async (request) => {
  gatewayRequests.push(request);
  const params = Object.fromEntries(new URLSearchParams(request.body));
  const signed = crypto.verify(
    'sha256',
    Buffer.from(alipaySignContent(params)),
    app.publicKey,
    Buffer.from(params.sign, 'base64'),
  );
  if (!signed || params.method !== 'alipay.trade.query') {
    return { status: 200, headers: {}, body: '{"error_response":{"code":"40002","msg":"Invalid Arguments"}}' };
  }
  const out = answer(JSON.parse(params.biz_content).out_trade_no);
  if (typeof out === 'string') {
    return { status: 200, headers: {}, body: out };
  }
  const content = JSON.stringify(out);
  const sign = crypto.sign('sha256', Buffer.from(content), alipay.privateKey).toString('base64');
  return { status: 200, headers: {}, body: `{"alipay_trade_query_response":${content},"sign":"${sign}"}` };
};

const provider = createAlipayProvider({
  appId: APP_ID,
  appPrivateKeyPem: bare(app.privateKey),
  alipayPublicKeyPem: bare(alipay.publicKey),
  sellerId: SELLER_ID,
  transport: gateway,
  now: () => now,
});

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PaymentVerificationError ? error.reason : `other: ${String(error)}`;
  }
  return undefined;
}

describe('the Alipay sign string', () => {
  // Alipay's 自行实现签名 document ("如何签名" → 拼接) gives this request and its string to sign; mirrored at
  // https://juejin.cn/post/6844903816484110349 (original alipay.open.taobao.com) and in the SOP project's sign.html.
  it("matches Alipay's published construction example", () => {
    const bizContent =
      '{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"},{"name":"查询","subButton":[{"actionParam":"ZFB_YECX","actionType":"out","name":"余额查询"},{"actionParam":"ZFB_LLCX","actionType":"out","name":"流量查询"},{"actionParam":"ZFB_HFCX","actionType":"out","name":"话费查询"}]},{"actionParam":"http://m.alipay.com","actionType":"link","name":"最新优惠"}]}';
    const params = {
      app_id: '2014072300007148',
      method: 'alipay.mobile.public.menu.add',
      charset: 'GBK',
      sign_type: 'RSA2',
      timestamp: '2014-07-24 03:07:50',
      biz_content: bizContent,
      sign: 'e9zEAe4TTQ4LPLQvETPoLGXTiURcxiAKfMVQ6Hrrsx2hmyIEGvSfAQzbLxHrhyZ48wOJXTsD4FPnt+YGdK57+fP1BCbf9rIVycfjhYCqlFhbTu9pFnZgT55W+xbAFb9y7vL0MyAxwXUXvZtQVqEwW7pURtKilbcBTEW7TAxzgro=',
      version: '1.0',
    };
    expect(alipaySignContent(params)).toBe(
      `app_id=2014072300007148&biz_content=${bizContent}&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2&timestamp=2014-07-24 03:07:50&version=1.0`,
    );
  });

  it('leaves out empty parameters when signing a request', () => {
    expect(alipaySignContent({ b: '2', a: '1', c: '', d: undefined, sign: 'x' })).toBe('a=1&b=2');
  });
});

const order: CheckoutRequest = {
  orderNo: 'D20260301000001',
  amountFen: 123_450,
  description: '捐赠-2026年温暖送万家',
  expiresAt: new Date('2026-03-01T02:30:00Z'),
  notifyUrl: 'https://boai.example.org/api/payments/alipay/notify',
  returnUrl: 'https://boai.example.org/donate/done?order=D20260301000001&x=1',
};

/** Reads a checkout URL as the gateway does: decode the query, check the RSA2 sign with the app public key. */
async function gatewayReads(request: CheckoutRequest) {
  const checkout = await provider.createCheckout(request);
  if (checkout.kind !== 'redirect') {
    throw new Error('expected a redirect');
  }
  const read = readAlipayCheckoutUrl(checkout.url, app.publicKey);
  return { ...read, biz: read.biz as Record<string, string> };
}

describe('Alipay checkout', () => {
  it('builds a signed alipay.trade.page.pay URL for a desktop', async () => {
    const { url, params, valid, biz } = await gatewayReads(order);
    expect(url.origin + url.pathname).toBe('https://openapi.alipay.com/gateway.do');
    expect(valid).toBe(true);
    expect(params).toMatchObject({
      app_id: APP_ID,
      method: 'alipay.trade.page.pay',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2026-03-01 10:00:00',
      version: '1.0',
      notify_url: order.notifyUrl,
      return_url: order.returnUrl,
    });
    expect(biz).toEqual({
      out_trade_no: 'D20260301000001',
      total_amount: '1234.50',
      subject: '捐赠-2026年温暖送万家',
      product_code: 'FAST_INSTANT_TRADE_PAY',
      time_expire: '2026-03-01 10:30:00',
    });
  });

  it('builds alipay.trade.wap.pay for a phone, with quit_url', async () => {
    const { params, valid, biz } = await gatewayReads({ ...order, device: 'mobile', amountFen: 1 });
    expect(valid).toBe(true);
    expect(params.method).toBe('alipay.trade.wap.pay');
    expect(biz).toMatchObject({ total_amount: '0.01', product_code: 'QUICK_WAP_WAY', quit_url: order.returnUrl });
  });

  it('signs what the URL carries: a changed amount no longer verifies', async () => {
    const { params } = await gatewayReads(order);
    const forged = { ...params, biz_content: params.biz_content.replace('1234.50', '0.01') };
    const valid = crypto.verify(
      'sha256',
      Buffer.from(signString(forged, ['sign'], true)),
      app.publicKey,
      Buffer.from(params.sign, 'base64'),
    );
    expect(valid).toBe(false);
  });

  it('keeps / = & out of the subject', async () => {
    const { biz, valid } = await gatewayReads({ ...order, description: '捐赠/助学=爱&心' });
    expect(valid).toBe(true);
    expect(biz.subject).toBe('捐赠 助学 爱 心');
  });
});

const paidParams: Record<string, string> = {
  gmt_create: '2026-03-01 09:59:20',
  charset: 'utf-8',
  seller_email: 'donate@boai.example.org',
  subject: '捐赠-2026年温暖送万家 & 助学=爱心',
  buyer_id: '2088102122524333',
  invoice_amount: '1234.50',
  notify_id: '2026030100222095930082681413470009',
  fund_bill_list: '[{"amount":"1234.50","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: 'trade_status_sync',
  trade_status: 'TRADE_SUCCESS',
  receipt_amount: '1234.50',
  app_id: APP_ID,
  buyer_pay_amount: '1234.50',
  seller_id: SELLER_ID,
  gmt_payment: '2026-03-01 09:59:30',
  notify_time: '2026-03-01 09:59:31',
  passback_params: '',
  version: '1.0',
  out_trade_no: 'D20260301000001',
  total_amount: '1234.50',
  trade_no: '2026030122001424330501234567',
  auth_app_id: APP_ID,
  buyer_logon_id: '159****5620',
  point_amount: '0.00',
};

/** Signs the parameters as Alipay does (everything but sign/sign_type, sorted) and form-encodes the POST body. */
const notification = (params: Record<string, string>, opts: { key?: string; signType?: string } = {}) =>
  signAlipayNotification(params, { key: opts.key ?? alipay.privateKey, signType: opts.signType });

describe('Alipay notifications', () => {
  it('verifies a TRADE_SUCCESS notification and reads the amount exactly', () => {
    const result = provider.verifyNotification(notification(paidParams));
    expect(result).toMatchObject({
      orderNo: 'D20260301000001',
      providerTxnId: '2026030122001424330501234567',
      amountFen: 123_450,
      status: 'paid',
      paidAt: new Date('2026-03-01T01:59:30Z'),
    });
    expect(result.payload).toMatchObject({ subject: paidParams.subject, sign_type: 'RSA2' });
  });

  it('reads 0.01 yuan as 1 fen and TRADE_FINISHED as paid', () => {
    const result = provider.verifyNotification(
      notification({ ...paidParams, total_amount: '0.01', trade_status: 'TRADE_FINISHED' }),
    );
    expect(result).toMatchObject({ amountFen: 1, status: 'paid' });
  });

  it('maps TRADE_CLOSED to closed and refuses WAIT_BUYER_PAY', () => {
    const closed = provider.verifyNotification(
      notification({ ...paidParams, trade_status: 'TRADE_CLOSED', gmt_payment: '', gmt_close: '2026-03-01 10:30:00' }),
    );
    expect(closed).toMatchObject({ status: 'closed', paidAt: new Date('2026-03-01T02:30:00Z') });
    expect(
      reasonOf(() => provider.verifyNotification(notification({ ...paidParams, trade_status: 'WAIT_BUYER_PAY' }))),
    ).toBe('malformed');
  });

  it('refuses a body with one byte changed', () => {
    const { headers, rawBody } = notification(paidParams);
    const tampered = rawBody.replace('total_amount=1234.50', 'total_amount=9234.50');
    expect(tampered).not.toBe(rawBody);
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: tampered }))).toBe('signature');
  });

  it('refuses a signature with one byte changed, and one made with another key', () => {
    const { headers, rawBody } = notification(paidParams);
    const form = new URLSearchParams(rawBody);
    const sig = Buffer.from(form.get('sign') ?? '', 'base64');
    sig[17] ^= 0x01;
    form.set('sign', sig.toString('base64'));
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: form.toString() }))).toBe('signature');
    expect(reasonOf(() => provider.verifyNotification(notification(paidParams, { key: stranger.privateKey })))).toBe(
      'signature',
    );
  });

  it('refuses a genuine notification for another app or another seller', () => {
    expect(
      reasonOf(() => provider.verifyNotification(notification({ ...paidParams, app_id: '2021000000000001' }))),
    ).toBe('malformed');
    expect(
      reasonOf(() => provider.verifyNotification(notification({ ...paidParams, seller_id: '2088000000000001' }))),
    ).toBe('malformed');
  });

  it("refuses a genuine notification whose amount is not whole fen ('1.005')", () => {
    expect(reasonOf(() => provider.verifyNotification(notification({ ...paidParams, total_amount: '1.005' })))).toBe(
      'malformed',
    );
  });

  it('refuses sign_type RSA, a missing sign, a repeated parameter and another charset', () => {
    expect(reasonOf(() => provider.verifyNotification(notification(paidParams, { signType: 'RSA' })))).toBe(
      'malformed',
    );
    const { rawBody, headers } = notification(paidParams);
    const withoutSign = new URLSearchParams(rawBody);
    withoutSign.delete('sign');
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: withoutSign.toString() }))).toBe('malformed');
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: `${rawBody}&trade_no=1` }))).toBe(
      'malformed',
    );
    expect(reasonOf(() => provider.verifyNotification(notification({ ...paidParams, charset: 'GBK' })))).toBe(
      'malformed',
    );
  });

  it('acknowledges with the text success, and failure when refused', () => {
    expect(provider.acknowledge(true)).toEqual({ status: 200, contentType: 'text/plain', body: 'success' });
    expect(provider.acknowledge(false).body).toBe('failure');
  });

  it('accepts PEM keys as well as bare base64 ones', () => {
    const pemProvider = createAlipayProvider({
      appId: APP_ID,
      appPrivateKeyPem: app.privateKey,
      alipayPublicKeyPem: alipay.publicKey,
      transport: gateway,
    });
    expect(pemProvider.verifyNotification(notification(paidParams)).status).toBe('paid');
    expect(() =>
      createAlipayProvider({
        appId: APP_ID,
        appPrivateKeyPem: 'not a key',
        alipayPublicKeyPem: alipay.publicKey,
        transport: gateway,
      }),
    ).toThrow();
  });
});

// 业务明细 (bill_type=trade) in Alipay's layout: '#' title lines, a header, cells ending in a tab, the end marker and
// totals. Built here from the documented layout; the amounts and numbers are ours.
const TRADE_HEADER =
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
const tradeDetail = (
  rows: string[],
  totals = [
    '#交易合计：2笔，商家实收共1234.51元，商家优惠共0.00元',
    '#退款合计：1笔，商家实收退款共-100.00元，商家优惠退款共0.00元',
  ],
) =>
  [
    '#支付宝业务明细查询',
    '#账号：[20881021778468800156]',
    '#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年03月02日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    TRADE_HEADER,
    ...rows,
    '#-----------------------------------------业务明细列表结束------------------------------------',
    ...totals,
    '#导出时间：[2026年03月02日 09:00:00]',
  ].join('\r\n');
const tradeRows = [
  '2026030122001424330501234567\t,D20260301000001\t,交易\t,捐赠-2026年温暖送万家,2026-03-01 09:59:20,2026-03-01 09:59:30,\t,\t,\t,\t,*晓明(159****5620)\t,1234.50,1234.50,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,-7.41,0.00,',
  '2026030122001424330501234568\t,D20260301000002\t,交易\t,捐赠,2026-03-01 10:10:00,2026-03-01 10:10:09,\t,\t,\t,\t,*红(138****0000)\t,0.01,0.01,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,',
  '2026030122001424330501234567\t,D20260301000001\t,退款\t,捐赠-2026年温暖送万家,2026-03-01 09:59:20,2026-03-01 15:00:00,\t,\t,\t,\t,*晓明(159****5620)\t,-100.00,-100.00,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,R20260301000001A\t,0.60,0.00,',
];

const expectedTradeLines = [
  {
    orderNo: 'D20260301000001',
    providerTxnId: '2026030122001424330501234567',
    kind: 'payment',
    amountFen: 123_450,
    feeFen: 741,
    at: new Date('2026-03-01T01:59:30Z'),
  },
  {
    orderNo: 'D20260301000002',
    providerTxnId: '2026030122001424330501234568',
    kind: 'payment',
    amountFen: 1,
    feeFen: 0,
    at: new Date('2026-03-01T02:10:09Z'),
  },
  {
    orderNo: 'D20260301000001',
    providerTxnId: '2026030122001424330501234567',
    kind: 'refund',
    amountFen: 10_000,
    feeFen: 60,
    at: new Date('2026-03-01T07:00:00Z'),
    refundNo: 'R20260301000001A',
  },
];

/** Encodes text as GBK the way Alipay's files are: a table built from the platform's own GBK decoder. */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && !table.has(char)) {
        table.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes.push(code);
    } else {
      const pair = table.get(char);
      if (!pair) {
        throw new Error(`no GBK code for ${char}`);
      }
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

describe('Alipay 业务明细', () => {
  it('reads payments and refunds with fen amounts, fees, China times and refund request numbers', () => {
    expect(parseAlipayStatement(tradeDetail(tradeRows))).toEqual(expectedTradeLines);
  });

  it('reads the file as served (GBK bytes) once the caller decodes it', () => {
    const bytes = encodeGbk(tradeDetail(tradeRows));
    expect(bytes.includes(Buffer.from('业务明细'))).toBe(false); // really not UTF-8
    expect(provider.parseStatement(new TextDecoder('gbk').decode(bytes))).toEqual(expectedTradeLines);
  });

  it('refuses a file cut before its end marker, or whose totals disagree', () => {
    const cut = tradeDetail(tradeRows).split('\r\n').slice(0, 6).join('\r\n');
    expect(reasonOf(() => parseAlipayStatement(cut))).toBe('malformed');
    expect(reasonOf(() => parseAlipayStatement(tradeDetail(tradeRows.slice(1))))).toBe('malformed');
  });

  it('refuses shifted cells, a bad amount and a header it does not know', () => {
    const shifted = tradeRows[1].replace('捐赠,', '捐赠,助学,');
    expect(reasonOf(() => parseAlipayStatement(tradeDetail([tradeRows[0], shifted, tradeRows[2]])))).toBe('malformed');
    const badAmount = tradeRows[1].replace(',0.01,0.01,', ',0.015,0.01,');
    expect(reasonOf(() => parseAlipayStatement(tradeDetail([tradeRows[0], badAmount, tradeRows[2]])))).toBe(
      'malformed',
    );
    expect(reasonOf(() => parseAlipayStatement('#支付宝\n日期,金额\n#列表结束\n'))).toBe('malformed');
    expect(reasonOf(() => parseAlipayStatement('#only comments\n'))).toBe('malformed');
  });
});

// 账务明细 (bill_type=signcustomer): money in and out of the account; fees are lines of their own.
const accountDetail = (rows: string[], totals = ['#支出合计：3笔，共107.42元', '#收入合计：2笔，共1234.51元']) =>
  [
    '#支付宝账务明细查询',
    '#账号：[20881021778468800156]',
    '#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年03月02日 00:00:00]',
    '#-----------------------------------------账务明细列表----------------------------------------',
    '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注',
    ...rows,
    '#-----------------------------------------账务明细列表结束------------------------------------,,,,,,,',
    ...totals.map((t) => `${t},,,,,,,`),
    '#导出时间：[2026年03月02日 09:00:00],,,,,,,',
  ].join('\n');
const accountRows = [
  '20260301100001\t,2026030122001424330501234567\t,D20260301000001\t,捐赠-2026年温暖送万家\t,2026-03-01 09:59:30,*晓明(159****5620)\t,1234.50,0.00,1234.50,支付宝,在线支付,',
  '20260301100002\t,2026030122001424330501234567\t,D20260301000001\t,捐赠-2026年温暖送万家\t,2026-03-01 09:59:30,\t,0.00,-7.41,1227.09,支付宝,收费,服务费[2026030122001424330501234567]',
  '20260301100003\t,2026030122001424330501234568\t,D20260301000002\t,捐赠\t,2026-03-01 10:10:09,*红(138****0000)\t,0.01,0.00,1227.10,支付宝,在线支付,',
  '20260301100004\t,2026030122001424330501234567\t,D20260301000001\t,捐赠-2026年温暖送万家\t,2026-03-01 15:00:00,*晓明(159****5620)\t,0.00,-100.00,1127.10,支付宝,交易退款,',
  '20260301100005\t,20260301200000001\t,\t,提现\t,2026-03-01 18:00:00,\t,0.00,-0.01,1127.09,支付宝,提现,',
];

describe('Alipay 账务明细', () => {
  it('reads payments (income) and refunds (expense) and adds fee lines to their payment', () => {
    expect(parseAlipayStatement(accountDetail(accountRows))).toEqual([
      {
        orderNo: 'D20260301000001',
        providerTxnId: '2026030122001424330501234567',
        kind: 'payment',
        amountFen: 123_450,
        feeFen: 741,
        at: new Date('2026-03-01T01:59:30Z'),
      },
      {
        orderNo: 'D20260301000002',
        providerTxnId: '2026030122001424330501234568',
        kind: 'payment',
        amountFen: 1,
        feeFen: 0,
        at: new Date('2026-03-01T02:10:09Z'),
      },
      {
        orderNo: 'D20260301000001',
        providerTxnId: '2026030122001424330501234567',
        kind: 'refund',
        amountFen: 10_000,
        feeFen: 0,
        at: new Date('2026-03-01T07:00:00Z'),
      },
    ]);
  });

  it('refuses a file whose income or expense count disagrees with its totals', () => {
    expect(reasonOf(() => parseAlipayStatement(accountDetail(accountRows.slice(0, 4))))).toBe('malformed');
  });
});

describe('alipay.trade.query', () => {
  const trade = (orderNo: string, status: string) => ({
    code: '10000',
    msg: 'Success',
    trade_no: '2026030122001400001234567890',
    out_trade_no: orderNo,
    trade_status: status,
    total_amount: '88.80',
    send_pay_date: '2026-03-01 10:01:02',
    buyer_logon_id: 'bo***@example.com',
  });

  it('reads a paid order from a signed answer, after signing the request as the gateway checks it', async () => {
    answer = (no) => trade(no, 'TRADE_SUCCESS');
    const result = await provider.queryOrder('D20260301000001');
    expect(result).toMatchObject({
      orderNo: 'D20260301000001',
      status: 'paid',
      providerTxnId: '2026030122001400001234567890',
      amountFen: 8880,
      paidAt: new Date('2026-03-01T02:01:02Z'),
    });
    const sent = gatewayRequests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://openapi.alipay.com/gateway.do?charset=utf-8');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toMatchObject({
      app_id: APP_ID,
      method: 'alipay.trade.query',
      sign_type: 'RSA2',
      biz_content: '{"out_trade_no":"D20260301000001"}',
    });
  });

  it('tells unpaid, closed and unknown orders apart', async () => {
    answer = (no) => trade(no, 'WAIT_BUYER_PAY');
    expect(await provider.queryOrder('D20260301000002')).toEqual({ orderNo: 'D20260301000002', status: 'unpaid' });
    answer = (no) => trade(no, 'TRADE_CLOSED');
    expect((await provider.queryOrder('D20260301000003')).status).toBe('closed');
    answer = () => ({ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' });
    expect(await provider.queryOrder('D20260301000004')).toEqual({ orderNo: 'D20260301000004', status: 'unknown' });
  });

  it('refuses an answer changed after signing, signed by another key, or about another order', async () => {
    const content = JSON.stringify(trade('D20260301000005', 'TRADE_SUCCESS'));
    const sign = crypto.sign('sha256', Buffer.from(content), alipay.privateKey).toString('base64');
    const honest = `{"alipay_trade_query_response":${content},"sign":"${sign}"}`;
    answer = () => honest;
    expect((await provider.queryOrder('D20260301000005')).status).toBe('paid');
    answer = () => honest.replace('"88.80"', '"0.01"');
    await expect(provider.queryOrder('D20260301000005')).rejects.toMatchObject({ reason: 'signature' });
    answer = (no) => {
      const content = JSON.stringify(trade(no, 'TRADE_SUCCESS'));
      const sign = crypto.sign('sha256', Buffer.from(content), stranger.privateKey).toString('base64');
      return `{"alipay_trade_query_response":${content},"sign":"${sign}"}`;
    };
    await expect(provider.queryOrder('D20260301000006')).rejects.toBeInstanceOf(PaymentVerificationError);
    answer = () => trade('D20260301999999', 'TRADE_SUCCESS');
    await expect(provider.queryOrder('D20260301000007')).rejects.toMatchObject({ reason: 'malformed' });
  });

  it('reports an unreachable gateway and a refused call as gateway errors', async () => {
    answer = () => ({ code: '20001', msg: 'Insufficient Token Permissions', sub_code: 'aop.invalid-auth-token' });
    await expect(provider.queryOrder('D20260301000008')).rejects.toMatchObject({
      name: 'PaymentGatewayError',
      code: 'aop.invalid-auth-token',
    });
    const down = createAlipayProvider({
      appId: APP_ID,
      appPrivateKeyPem: app.privateKey,
      alipayPublicKeyPem: alipay.publicKey,
      transport: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    const error = await down.queryOrder('D20260301000009').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentGatewayError);
    expect(error).toMatchObject({ code: 'TRANSPORT', status: 0 });
  });

  it('finds the exact signed bytes of the response object, braces and quotes inside strings included', () => {
    const text = '{"alipay_trade_query_response" : {"msg":"a } \\" { b","n":{"x":1}},"sign":"s"}';
    expect(alipayResponseContent(text, 'alipay_trade_query_response')).toBe('{"msg":"a } \\" { b","n":{"x":1}}');
    expect(alipayResponseContent(text, 'other_response')).toBeUndefined();
  });
});
