// Every registered /api route, fuzzed: seeded invalid and valid-but-hostile requests generated from its OpenAPI
// operation (server/src/test/fuzz.ts), sent as a province system administrator (so they pass the access guard and
// reach validation and the handlers) and a few anonymously. No answer may be a 5xx; every 4xx has the error shape
// with a catalogue code; and a refused request leaves the database as it was (row-write counters on every table).
// Short here (BOAI_FUZZ_CASES per route, default 8); `npm run bench -- --only=fuzz` runs 200+ per route.
// Replay a run with BOAI_FUZZ_SEED=<the printed seed>.
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  createOpenProject,
  createOrgUnder,
  createPerson,
  createProvince,
  createStaff,
  signInAs,
} from '../../test/factories';
import { describeReport, type FuzzReport, fuzzSeed, installWriteCounter, operationsOf, runFuzz } from '../../test/fuzz';
import { createTestApp, type TestApp } from '../../test/test-app';
import { connectWs } from '../../test/ws-client';
import { type ErrorCode, errorCodes, statusOf } from '../errors';

/** The WebSocket endpoint: no HTTP request/response to fuzz by inject; it gets its own handshake and frame cases. */
const websocketRoutes = new Set(['GET /api/realtime']);

const casesPerRoute = Number(process.env.BOAI_FUZZ_CASES ?? 8);
const seed = fuzzSeed();

let t: TestApp;
let report: FuzzReport;
let wsFailures: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('fuzzing every route', () => {
  it('answers generated invalid and hostile requests with 4xx in the error shape, and refusals write nothing', async () => {
    const province = await createProvince(t);
    const city = await createOrgUnder(t, province, 'city');
    const county = await createOrgUnder(t, city, 'county');
    const person = await createPerson(t, county.id);
    const other = await createStaff(t, { orgId: county.id, roleId: 'readonly' });
    const project = await createOpenProject(t, county.id).catch(() => undefined);
    const admin = await createStaff(t, { orgId: province.id, roleId: 'system_admin' });
    const tables = await installWriteCounter((text) => queryRows(t.db, sql.raw(text)));
    expect(tables).toBeGreaterThan(50);

    const routes = t.app.boaiRoutes.filter(
      (r) => r.url.startsWith('/api/') && !websocketRoutes.has(`${r.method} ${r.url}`),
    );
    const ops = operationsOf(t.app.swagger(), routes);
    // The document describes every route but the WebSocket one and the ledger's wildcard tile route.
    expect(ops.filter((o) => !o.documented).map((o) => `${o.method} ${o.url}`)).toEqual(['GET /api/ledger/tile/*']);

    report = await runFuzz({
      app: t.app,
      exec: (text) => queryRows(t.db, sql.raw(text)),
      ops,
      seed,
      casesPerRoute,
      known: {
        uuids: [person.id, other.userId, ...(project ? [String((project as { id: unknown }).id)] : [])],
        ints: [city.id, county.id],
      },
      signIn: async () => (await signInAs(t, admin.username)).cookie,
      knownCodes: new Set(errorCodes),
      statusOf: (code) => statusOf(code as ErrorCode),
    });
    console.log(`${describeReport(report)}\nfuzz: on ${t.kind}`);
    const lines = report.failures.map((f) => `${f.route}\n    ${f.case}\n    ${f.problem}`);
    expect(lines, `replay with BOAI_FUZZ_SEED=${seed}`).toEqual([]);
    expect(report.routes).toBe(routes.length);
    expect(report.cases).toBe(routes.length * casesPerRoute);
  }, 600_000);

  it('answers the defects the fuzzer found with the error shape (bad URLs, broken uploads, unprintable text, impossible dates, empty patches)', async () => {
    const province = await createProvince(t);
    const city = await createOrgUnder(t, province, 'city');
    const admin = await createStaff(t, { orgId: province.id, roleId: 'system_admin' });
    const call = (opts: Parameters<TestApp['inject']>[1]) => t.inject(admin, opts);
    const codeOf = (res: { json(): { error?: { code?: string } } }) => res.json().error?.code;
    // A path that is not valid percent-encoded UTF-8 (a lone surrogate's bytes) was Fastify's own bare 400 body.
    const badUrl = await call({ method: 'GET', url: '/api/orgs/%ED%A0%80' });
    expect([badUrl.statusCode, codeOf(badUrl)]).toEqual([400, 'VALIDATION_FAILED']);
    const longParam = await call({ method: 'GET', url: `/api/orgs/${'9'.repeat(400)}` });
    expect([longParam.statusCode, codeOf(longParam)]).toEqual([414, 'URL_TOO_LONG']);
    // Multipart bodies the parser cannot read were 500s.
    const noBoundary = await call({
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': 'multipart/form-data' },
      payload: '{}',
    });
    expect([noBoundary.statusCode, codeOf(noBoundary)]).toEqual([400, 'VALIDATION_FAILED']);
    const cutOff = await call({
      method: 'POST',
      url: '/api/orgs/import',
      headers: { 'content-type': 'multipart/form-data; boundary=xx' },
      payload: '--xx\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK',
    });
    expect([cutOff.statusCode, codeOf(cutOff)]).toEqual([400, 'VALIDATION_FAILED']);
    // A unit name the PDF font cannot draw made the summary report a 500.
    const renamed = await call({ method: 'PATCH', url: `/api/orgs/${city.id}`, payload: { name: '红十字👩‍👩‍👧' } });
    expect(renamed.statusCode).toBe(200);
    const pdf = await call({ method: 'GET', url: `/api/kpi/reports/summary.pdf?orgId=${city.id}&year=2025` });
    expect([pdf.statusCode, codeOf(pdf)]).toEqual([422, 'DOCUMENT_UNPRINTABLE']);
    // The full run (200 cases a route, seed 20260909): impossible calendar dates reached the statistics export, and
    // an empty patch of an indicator reached an UPDATE with nothing to set; both were 500s.
    const dates = await call({
      method: 'GET',
      url: `/api/training/stats/export.xlsx?orgId=${city.id}&period=custom&year=2000&from=4198-98-28&to=6287-17-72`,
    });
    expect([dates.statusCode, codeOf(dates)]).toEqual([400, 'VALIDATION_FAILED']);
    const emptyPatch = await call({
      method: 'PATCH',
      url: '/api/kpi/indicators/donations.funds_raised',
      headers: { 'content-type': 'application/json' },
      payload: '\uFEFF{}',
    });
    expect([emptyPatch.statusCode, codeOf(emptyPatch)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bad WebSocket handshakes and bad frames without a 5xx, and keeps serving', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect(address.port, '127.0.0.1', () => s.write(request));
        let out = '';
        s.on('data', (d) => {
          out += d.toString('latin1');
          if (out.includes('\r\n\r\n')) {
            s.destroy();
            resolve(out);
          }
        });
        s.on('close', () => resolve(out));
        s.on('error', () => resolve(out));
        s.setTimeout(3000, () => {
          s.destroy();
          resolve(out);
        });
      });
    const handshake = (headers: Record<string, string>) =>
      `GET /api/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`;
    const bad = [
      { name: 'plain GET (no upgrade)', req: handshake({}) },
      {
        name: 'upgrade without a key',
        req: handshake({ Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' }),
      },
      {
        name: 'unsupported version',
        req: handshake({
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '8',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        }),
      },
      {
        name: 'malformed key',
        req: handshake({
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': '<script>',
        }),
      },
      {
        name: 'upgrade to another protocol',
        req: handshake({
          Connection: 'Upgrade',
          Upgrade: 'h2c',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        }),
      },
      {
        name: 'forged session cookie',
        req: handshake({
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          Cookie: `boai_session=${'x'.repeat(5000)}`,
        }),
      },
    ];
    wsFailures = [];
    for (const b of bad) {
      const out = await raw(b.req);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
      if (status >= 500 || status === 0) {
        wsFailures.push(`${b.name}: ${out.slice(0, 200) || '(connection dropped without an answer)'}`);
      }
    }
    // An open socket (anonymous) fed bad frames: each gets an error frame or a close, never a crash.
    const c = await connectWs(`ws://127.0.0.1:${address.port}/api/realtime`);
    await c.next((f) => f.type === 'hello');
    const frames: (string | Buffer)[] = [
      'not json',
      '{"type":',
      '[]',
      'null',
      JSON.stringify({ type: '' }),
      JSON.stringify({ type: 'x'.repeat(100) }),
      JSON.stringify({ type: 'subscribe', topic: "'; DROP TABLE users; --" }),
      JSON.stringify({ type: 'subscribe', topic: '\uD800', ref: { a: 1 } }),
      JSON.stringify({ type: 'no-such-type', ref: 'r1' }),
      Buffer.from([0xff, 0x00, 0xfe]),
    ];
    for (const frame of frames) {
      c.ws.send(frame);
    }
    c.send({ type: 'ping', ref: 'still-alive' });
    const pong = await c.next((f) => f.type === 'pong' && f.ref === 'still-alive').catch(() => undefined);
    if (!pong && c.ws.readyState === c.ws.OPEN) {
      wsFailures.push('the socket stopped answering after bad frames');
    }
    c.ws.close();
    const health = await t.inject(null, { method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    console.log(`fuzz: WebSocket ${bad.length} handshakes, ${frames.length} frames`);
    expect(wsFailures).toEqual([]);
  });
});
