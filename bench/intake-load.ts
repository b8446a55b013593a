// Online gifts over loopback HTTP, as a payer and the local provider would send them: create the order
// (POST /api/public/orders), then the provider's signed paid notification (POST /api/payments/local/notify).
// Used by the intake benchmark (run as a child process, so its CPU stays out of the server's event loop) and by the
// crash test (in process, against a server in a child process).
import http from 'node:http';
import { createLocalTxnId, signLocalNotification } from '../server/src/modules/donations/payments/local-provider';

export type GiftTarget = { baseUrl: string; projectCode: string; localKey: string };
export type HttpReply = { status: number; body: string };

/** One request on a keep-alive agent; rejects on a network error (a refused or reset connection). */
export function request(
  agent: http.Agent,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    const req = http.request(
      url,
      {
        agent,
        method: opts.method ?? 'GET',
        headers: { ...(opts.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const donorNames = ['张小三', '李四', '王芳', '赵敏', '陈静', '刘洋', '杨帆', '黄磊'];

/** The order a donor places: a name, sometimes a phone (encrypted and blind-indexed by the server), or anonymous. */
export function orderPayload(projectCode: string, amountFen: number, n: number) {
  const anonymous = n % 5 === 0;
  return {
    projectCode,
    amountFen,
    channel: 'local',
    donorName: anonymous ? undefined : donorNames[n % donorNames.length],
    isAnonymous: anonymous,
    phone: n % 3 === 0 ? `138${String(10_000_000 + (n % 90_000_000)).slice(-8)}` : undefined,
    consentVersion: '2026-01',
  };
}

export type OrderCreated = { orderNo: string; accessToken: string };

/**
 * A donor's address for the server's per-IP rate limits (the app trusts X-Forwarded-For from its reverse proxy):
 * the crash test runs the server as deployed, rate limits on, so each gift comes from its own address.
 */
export function donorAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function createOrder(
  agent: http.Agent,
  t: GiftTarget,
  amountFen: number,
  n: number,
  forwardedFor?: string,
): Promise<OrderCreated> {
  const res = await request(agent, `${t.baseUrl}/api/public/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify(orderPayload(t.projectCode, amountFen, n)),
  });
  if (res.status !== 201) {
    throw new Error(`POST /api/public/orders: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
  return JSON.parse(res.body) as OrderCreated;
}

/** The local provider's signed "paid" notification for an order; resolves with the HTTP reply (200 = acknowledged). */
export function sendPaidNotification(
  agent: http.Agent,
  t: GiftTarget,
  order: { orderNo: string; amountFen: number; providerTxnId?: string },
  forwardedFor?: string,
): Promise<HttpReply & { providerTxnId: string }> {
  const providerTxnId = order.providerTxnId ?? createLocalTxnId();
  const signed = signLocalNotification(t.localKey, {
    orderNo: order.orderNo,
    providerTxnId,
    amountFen: order.amountFen,
    status: 'paid',
    paidAt: new Date(),
  });
  return request(agent, `${t.baseUrl}/api/payments/local/notify`, {
    method: 'POST',
    headers: { ...signed.headers, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: signed.rawBody,
  }).then((r) => ({ ...r, providerTxnId }));
}

// ------------------------------------------------------------------------------------------------ the child process

export type IntakeLoadRequest = GiftTarget & {
  /** Clients (closed loop), or the most gifts in flight at once (open loop). */
  concurrency: number;
  durationMs: number;
  /** Upper bound on gifts in this round, whatever the time. */
  maxGifts: number;
  /** Numbering start for this round (donor names, phones). */
  seq: number;
  /**
   * Open loop: gifts start at this fixed rate whatever the server does (a gift due while `concurrency` are in flight
   * is counted as shed); latency runs from the moment each gift was due. Without it: closed loop, each client starts
   * its next gift when the last one is acknowledged.
   */
  ratePerSec?: number;
  /**
   * The HTTP ceiling instead of gifts: each "gift" is two GETs of this path (e.g. /api/health: the whole app stack and
   * one `SELECT 1`), so the rate shows how many request pairs the server can answer at all with these clients.
   */
  floorPath?: string;
};
export type IntakeLoadResult = {
  gifts: number;
  elapsedMs: number;
  orderMs: number[];
  callbackMs: number[];
  pairMs: number[];
  /** Open loop: gifts not started because `concurrency` were still in flight. */
  shed: number;
};
export type IntakeLoadReply = { ok: true; result: IntakeLoadResult } | { ok: false; error: string };

const amounts = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 1314, 520, 8800];

async function giveOnce(agent: http.Agent, r: IntakeLoadRequest, n: number, out: IntakeLoadResult, dueAt: number) {
  const amountFen = amounts[n % amounts.length];
  const t0 = performance.now();
  if (r.floorPath) {
    for (let k = 0; k < 2; k++) {
      const res = await request(agent, `${r.baseUrl}${r.floorPath}`);
      if (res.status !== 200) {
        throw new Error(`GET ${r.floorPath}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
      }
    }
    out.pairMs.push(performance.now() - Math.min(dueAt, t0));
    out.gifts++;
    return;
  }
  const order = await createOrder(agent, r, amountFen, n);
  const t1 = performance.now();
  const paid = await sendPaidNotification(agent, r, { orderNo: order.orderNo, amountFen });
  const t2 = performance.now();
  if (paid.status !== 200) {
    throw new Error(`POST /api/payments/local/notify: HTTP ${paid.status} ${paid.body.slice(0, 300)}`);
  }
  out.orderMs.push(t1 - t0);
  out.callbackMs.push(t2 - t1);
  out.pairMs.push(t2 - Math.min(dueAt, t0));
  out.gifts++;
}

/** Gifts from `concurrency` clients (or at a fixed rate), each an order and its paid notification, until time or count is up. */
export async function runIntakeRound(r: IntakeLoadRequest): Promise<IntakeLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: r.concurrency });
  const out: IntakeLoadResult = { gifts: 0, elapsedMs: 0, orderMs: [], callbackMs: [], pairMs: [], shed: 0 };
  const started = performance.now();
  const deadline = started + r.durationMs;
  let issued = 0;
  try {
    if (r.ratePerSec) {
      const interval = 1000 / r.ratePerSec;
      const running: Promise<void>[] = [];
      let inFlight = 0;
      for (let k = 0; issued < r.maxGifts; k++) {
        const dueAt = started + k * interval;
        if (dueAt >= deadline) {
          break;
        }
        const wait = dueAt - performance.now();
        if (wait > 0) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        if (inFlight >= r.concurrency) {
          out.shed++;
          continue;
        }
        inFlight++;
        running.push(giveOnce(agent, r, r.seq + issued++, out, dueAt).finally(() => inFlight--));
      }
      await Promise.all(running);
    } else {
      await Promise.all(
        Array.from({ length: r.concurrency }, async () => {
          while (issued < r.maxGifts && performance.now() < deadline) {
            await giveOnce(agent, r, r.seq + issued++, out, Number.POSITIVE_INFINITY);
          }
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  out.elapsedMs = performance.now() - started;
  return out;
}

if (process.env.BOAI_INTAKE_LOAD_CHILD === '1') {
  // Rounds until the parent disconnects; one answer per request.
  process.on('message', (req: IntakeLoadRequest) => {
    runIntakeRound(req).then(
      (result) => process.send?.({ ok: true, result } satisfies IntakeLoadReply),
      (error: Error) => process.send?.({ ok: false, error: error.message } satisfies IntakeLoadReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
