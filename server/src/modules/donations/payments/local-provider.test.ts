// The local provider: checkout links that cannot be edited, HMAC-signed callbacks (tamper, clock window, shape) and
// its own CSV statement.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createLocalProvider,
  createLocalTxnId,
  formatLocalStatement,
  LOCAL_STATEMENT_HEADER,
  parseLocalStatement,
  signLocalNotification,
  verifyLocalCheckout,
} from './local-provider';
import { PaymentVerificationError, type StatementLine } from './payment-provider';

const key = 'k'.repeat(16) + crypto.randomBytes(16).toString('hex');
const now = new Date('2026-03-01T02:00:00Z');
const provider = createLocalProvider({ key, checkoutBaseUrl: 'https://boai.example.org/', now: () => now });

const paid = {
  orderNo: 'D20260301000001',
  providerTxnId: 'L20260301100000ABCDEF01',
  amountFen: 12_345,
  status: 'paid' as const,
  paidAt: new Date('2026-03-01T01:59:30Z'),
};

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PaymentVerificationError ? error.reason : `other: ${String(error)}`;
  }
  return undefined;
}

describe('local checkout links', () => {
  const request = {
    orderNo: paid.orderNo,
    amountFen: paid.amountFen,
    description: '捐赠-温暖送万家',
    expiresAt: new Date('2026-03-01T02:30:00.600Z'),
    notifyUrl: 'https://boai.example.org/api/payments/local/notify',
    returnUrl: 'https://boai.example.org/donate/done?order=D20260301000001',
  };

  async function checkoutQuery() {
    const checkout = await provider.createCheckout(request);
    if (checkout.kind !== 'redirect') {
      throw new Error('expected a redirect');
    }
    const url = new URL(checkout.url);
    const query: Record<string, string | undefined> = {
      orderNo: url.pathname.split('/').pop(),
      ...Object.fromEntries(url.searchParams.entries()),
    };
    return { url, query };
  }

  it('points to our own page with amount, expiry, return URL and token', async () => {
    const { url, query } = await checkoutQuery();
    expect(url.origin + url.pathname).toBe('https://boai.example.org/pay/local/D20260301000001');
    expect(query).toMatchObject({ amountFen: '12345', expiresAt: '1772332200', returnUrl: request.returnUrl });
    expect(query.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('lets the page trust an untouched link', async () => {
    const { query } = await checkoutQuery();
    expect(verifyLocalCheckout(key, query, now)).toEqual({
      orderNo: paid.orderNo,
      amountFen: 12_345,
      expiresAt: new Date('2026-03-01T02:30:00Z'),
      returnUrl: request.returnUrl,
    });
  });

  it('refuses a link whose amount, expiry, order or return URL was edited', async () => {
    const { query } = await checkoutQuery();
    for (const edit of [
      { amountFen: '1' },
      { expiresAt: '1772335800' },
      { orderNo: 'D20260301000002' },
      { returnUrl: 'https://evil.example.com/' },
    ]) {
      expect(reasonOf(() => verifyLocalCheckout(key, { ...query, ...edit }, now))).toBe('signature');
    }
    expect(reasonOf(() => verifyLocalCheckout(`${key}x`, query, now))).toBe('signature');
  });

  it('refuses an expired link and an incomplete one', async () => {
    const { query } = await checkoutQuery();
    expect(reasonOf(() => verifyLocalCheckout(key, query, new Date('2026-03-01T02:30:01Z')))).toBe('stale');
    expect(reasonOf(() => verifyLocalCheckout(key, { ...query, token: undefined }, now))).toBe('malformed');
    expect(reasonOf(() => verifyLocalCheckout(key, { ...query, amountFen: '12.5' }, now))).toBe('malformed');
  });
});

describe('local callbacks', () => {
  const signed = () => signLocalNotification(key, paid, { at: now, nonce: 'NONCE0123456789' });

  it('signs HMAC-SHA256 over timestamp, nonce and body, each followed by a newline', () => {
    const { headers, rawBody } = signed();
    expect(headers['x-boai-timestamp']).toBe('1772330400');
    expect(headers['x-boai-nonce']).toBe('NONCE0123456789');
    const expected = crypto
      .createHmac('sha256', key)
      .update(`1772330400\nNONCE0123456789\n${rawBody}\n`)
      .digest('base64');
    expect(headers['x-boai-signature']).toBe(expected);
    expect(JSON.parse(rawBody)).toEqual({ ...paid, paidAt: '2026-03-01T01:59:30.000Z' });
  });

  it('accepts its own callback and returns the parsed notification', () => {
    const notification = provider.verifyNotification(signed());
    expect(notification).toMatchObject({ ...paid });
    expect(notification.paidAt.toISOString()).toBe('2026-03-01T01:59:30.000Z');
  });

  it('finds the headers whatever their case', () => {
    const { headers, rawBody } = signed();
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(provider.verifyNotification({ headers: upper, rawBody }).orderNo).toBe(paid.orderNo);
  });

  it('refuses a body with one byte changed', () => {
    const { headers, rawBody } = signed();
    const tampered = rawBody.replace('12345', '92345');
    expect(reasonOf(() => provider.verifyNotification({ headers, rawBody: tampered }))).toBe('signature');
  });

  it('refuses a signature with one byte changed, and one made with another key', () => {
    const { headers, rawBody } = signed();
    const sig = Buffer.from(headers['x-boai-signature'], 'base64');
    sig[5] ^= 0x01;
    const flipped = { ...headers, 'x-boai-signature': sig.toString('base64') };
    expect(reasonOf(() => provider.verifyNotification({ headers: flipped, rawBody }))).toBe('signature');
    const other = signLocalNotification(`${key}!`, paid, { at: now });
    expect(reasonOf(() => provider.verifyNotification(other))).toBe('signature');
  });

  it('refuses a callback whose timestamp is more than 5 minutes off, either way', () => {
    const at = (ms: number) => signLocalNotification(key, paid, { at: new Date(now.getTime() + ms) });
    expect(provider.verifyNotification(at(-5 * 60 * 1000)).orderNo).toBe(paid.orderNo);
    expect(reasonOf(() => provider.verifyNotification(at(-5 * 60 * 1000 - 1000)))).toBe('stale');
    expect(reasonOf(() => provider.verifyNotification(at(5 * 60 * 1000 + 1000)))).toBe('stale');
  });

  it('refuses a timestamp moved to pass the window (the signature covers it)', () => {
    const old = signLocalNotification(key, paid, { at: new Date(now.getTime() - 60 * 60 * 1000) });
    const moved = { ...old.headers, 'x-boai-timestamp': String(now.getTime() / 1000) };
    expect(reasonOf(() => provider.verifyNotification({ headers: moved, rawBody: old.rawBody }))).toBe('signature');
  });

  it('refuses missing headers and a well-signed body of the wrong shape', () => {
    const { headers, rawBody } = signed();
    const { 'x-boai-nonce': _nonce, ...withoutNonce } = headers;
    expect(reasonOf(() => provider.verifyNotification({ headers: withoutNonce, rawBody }))).toBe('malformed');
    for (const body of [
      '{"orderNo":"D20260301000001"}',
      JSON.stringify({ ...JSON.parse(rawBody), amountFen: 1.5 }),
      JSON.stringify({ ...JSON.parse(rawBody), status: 'refunded' }),
      JSON.stringify({ ...JSON.parse(rawBody), extra: true }),
      'not json',
    ]) {
      const timestamp = headers['x-boai-timestamp'];
      const signature = crypto.createHmac('sha256', key).update(`${timestamp}\nN\n${body}\n`).digest('base64');
      const request = {
        headers: { 'x-boai-timestamp': timestamp, 'x-boai-nonce': 'N', 'x-boai-signature': signature },
        rawBody: body,
      };
      expect(reasonOf(() => provider.verifyNotification(request))).toBe('malformed');
    }
  });

  it('carries a cancellation as closed', () => {
    const closed = signLocalNotification(key, { ...paid, status: 'closed' }, { at: now });
    expect(provider.verifyNotification(closed).status).toBe('closed');
  });

  it('acknowledges with JSON, 200 on success and 400 on refusal', () => {
    expect(provider.acknowledge(true)).toEqual({
      status: 200,
      contentType: 'application/json',
      body: '{"code":"SUCCESS"}',
    });
    expect(provider.acknowledge(false).status).toBe(400);
    expect(JSON.parse(provider.acknowledge(false).body).code).toBe('FAIL');
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => createLocalProvider({ key: 'short', checkoutBaseUrl: 'https://x.example' })).toThrow(/32/);
  });
});

describe('local statement', () => {
  const lines: StatementLine[] = [
    {
      orderNo: paid.orderNo,
      providerTxnId: paid.providerTxnId,
      kind: 'payment',
      amountFen: 12_345,
      feeFen: 0,
      at: new Date('2026-03-01T01:59:30Z'),
    },
    {
      orderNo: paid.orderNo,
      providerTxnId: paid.providerTxnId,
      kind: 'refund',
      amountFen: 345,
      feeFen: 2,
      at: new Date('2026-03-01T03:00:00.250Z'),
      refundNo: 'R-1,"partial"',
    },
  ];

  it('writes a header and one line per entry', () => {
    const text = formatLocalStatement(lines);
    expect(text.split('\n')).toEqual([
      LOCAL_STATEMENT_HEADER.join(','),
      'D20260301000001,L20260301100000ABCDEF01,payment,12345,0,2026-03-01T01:59:30.000Z,',
      'D20260301000001,L20260301100000ABCDEF01,refund,345,2,2026-03-01T03:00:00.250Z,"R-1,""partial"""',
      '',
    ]);
  });

  it('reads back what it wrote, through the provider too, with CRLF line ends', () => {
    const text = formatLocalStatement(lines);
    expect(parseLocalStatement(text)).toEqual(lines);
    expect(provider.parseStatement(text.replaceAll('\n', '\r\n'))).toEqual(lines);
    expect(parseLocalStatement(formatLocalStatement([]))).toEqual([]);
  });

  it.each([
    ['a wrong header', (t: string) => t.replace('orderNo', 'order')],
    ['a fractional amount', (t: string) => t.replace(',12345,', ',123.45,')],
    ['an unknown kind', (t: string) => t.replace(',payment,', ',gift,')],
    ['a bad time', (t: string) => t.replace('2026-03-01T01:59:30.000Z', '2026-03-01 09:59:30')],
    ['a missing cell', (t: string) => t.replace(',0,2026', ',2026')],
    ['a refund number on a payment', (t: string) => t.replace('01:59:30.000Z,', '01:59:30.000Z,R9')],
  ])('refuses a statement with %s', (_name, edit) => {
    expect(reasonOf(() => parseLocalStatement(edit(formatLocalStatement(lines))))).toBe('malformed');
  });

  it('makes transaction ids from the China time and randomness', () => {
    const id = createLocalTxnId(new Date('2026-03-01T02:00:00Z'));
    expect(id).toMatch(/^L20260301100000[0-9A-F]{8}$/);
    expect(createLocalTxnId()).not.toBe(createLocalTxnId());
  });
});
