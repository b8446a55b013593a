// Child process of the responder fan-out benchmark: holds many WebSocket clients (one per simulated responder), each
// signed in with its own session cookie; records when alert (and baseline) frames arrive, and sends position fixes
// at a steady aggregate rate. Talks to the parent over IPC:
//   parent -> { cmd: 'connect', clients: {cookie, url, lat, lng}[], concurrency } -> { cmd: 'connected', ok, failed, ms }
//   parent -> { cmd: 'subscribe', topics: (string | null)[] }                       -> { cmd: 'subscribed', ok, failed }
//   parent -> { cmd: 'positions', perSecond }   (0 stops)                          -> { cmd: 'positions-started' }
//   parent -> { cmd: 'collect' }   -> { cmd: 'collected', arrivals: {i, event, key, at}[], positionsSent, positionErrors }
//   parent -> { cmd: 'close' }     -> exits
import WebSocket from 'ws';

type Client = { ws: WebSocket; lat: number; lng: number; index: number };
type Arrival = { i: number; event: string; key: string; at: number };

const clients: Client[] = [];
let arrivals: Arrival[] = [];
let positionsSent = 0;
let positionErrors = 0;
let positionTimer: NodeJS.Timeout | undefined;
const now = () => performance.timeOrigin + performance.now();
const send = (m: Record<string, unknown>) => process.send?.(m);

function open(c: { cookie: string; url: string; lat: number; lng: number }, index: number): Promise<Client | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(c.url, { headers: { cookie: c.cookie }, perMessageDeflate: false });
    const client: Client = { ws, lat: c.lat, lng: c.lng, index };
    let settled = false;
    const done = (v: Client | null) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    ws.on('message', (raw) => {
      const at = now();
      const text = raw.toString();
      if (!settled) {
        if (text.includes('"hello"')) {
          done(client);
        }
        return;
      }
      if (text.startsWith('{"type":"event"')) {
        const f = JSON.parse(text) as { event: string; data: Record<string, unknown> };
        const key = String(f.data.emergencyId ?? f.data.key ?? '');
        arrivals.push({ i: index, event: f.event, key, at });
      } else if (text.includes('"error"')) {
        positionErrors++;
      }
    });
    ws.on('error', () => done(null));
    ws.on('close', () => done(null));
  });
}

async function connectAll(list: { cookie: string; url: string; lat: number; lng: number }[], concurrency: number) {
  const started = now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const i = next++;
        const c = await open(list[i]!, i);
        if (c) {
          clients[i] = c;
        } else {
          failed++;
        }
      }
    }),
  );
  return { ok: clients.filter(Boolean).length, failed, ms: now() - started };
}

function subscribeAll(topics: (string | null)[]) {
  let ok = 0;
  for (let i = 0; i < topics.length; i++) {
    const topic = topics[i];
    const c = clients[i];
    if (topic && c) {
      c.ws.send(JSON.stringify({ type: 'subscribe', topic }));
      ok++;
    }
  }
  return { ok, failed: topics.length - ok };
}

/** Sends `perSecond` position frames a second, spread over 50 ms ticks, round robin over the clients. */
function startPositions(perSecond: number) {
  clearInterval(positionTimer);
  if (perSecond <= 0 || clients.length === 0) {
    return;
  }
  const tickMs = 50;
  let carry = 0;
  let cursor = 0;
  const live = clients.filter(Boolean);
  positionTimer = setInterval(() => {
    carry += (perSecond * tickMs) / 1000;
    const n = Math.floor(carry);
    carry -= n;
    for (let k = 0; k < n; k++) {
      const c = live[cursor++ % live.length]!;
      if (c.ws.readyState !== WebSocket.OPEN) {
        continue;
      }
      // A few metres of drift, as a phone's fix wanders.
      const lat = c.lat + (Math.random() - 0.5) * 0.0002;
      const lng = c.lng + (Math.random() - 0.5) * 0.0002;
      c.ws.send(JSON.stringify({ type: 'position', lat, lng, accuracyM: 10 }));
      positionsSent++;
    }
  }, tickMs);
}

process.on('message', async (m: { cmd: string } & Record<string, unknown>) => {
  if (m.cmd === 'connect') {
    const r = await connectAll(
      m.clients as { cookie: string; url: string; lat: number; lng: number }[],
      Number(m.concurrency ?? 100),
    );
    send({ cmd: 'connected', ...r });
  } else if (m.cmd === 'subscribe') {
    send({ cmd: 'subscribed', ...subscribeAll(m.topics as (string | null)[]) });
  } else if (m.cmd === 'positions') {
    startPositions(Number(m.perSecond));
    send({ cmd: 'positions-started' });
  } else if (m.cmd === 'collect') {
    send({ cmd: 'collected', arrivals, positionsSent, positionErrors });
    arrivals = [];
  } else if (m.cmd === 'close') {
    clearInterval(positionTimer);
    for (const c of clients) {
      c?.ws.terminate();
    }
    process.exit(0);
  }
});
send({ cmd: 'ready' });
