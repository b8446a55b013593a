// Operations endpoints at the HTTP boundary: request ids (kept when well formed, echoed, on every request log line),
// /metrics (Prometheus text, route patterns not raw URLs, queue depth from the jobs table, refused to the public),
// liveness and readiness (503 while draining or when the schema is behind the code).
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoaiApp, buildApp } from '../../app';
import type { Database } from '../../db/client';
import { createTestDatabase } from '../../test/test-app';
import { enqueueJob } from '../jobs/jobs.service';
import { markDraining } from './observability';

let app: BoaiApp;
let tokenApp: BoaiApp;
let database: Database;
let drop: () => Promise<void>;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) {
        lines.push(JSON.parse(l));
      }
      done();
    },
  });
  app = await buildApp({ database, logLevel: 'info', logStream, webDist: '/nonexistent', rateLimits: false });
  tokenApp = await buildApp({
    database,
    logLevel: 'silent',
    webDist: '/nonexistent',
    rateLimits: false,
    metricsToken: 'a-metrics-token-of-some-length',
  });
  await app.ready();
  await tokenApp.ready();
});

afterAll(async () => {
  await app?.close();
  await tokenApp?.close();
  await database?.close();
  await drop?.();
});

describe('request ids', () => {
  it('keeps a well-formed X-Request-Id, echoes it, and every log line of the request carries it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/orgs/999999',
      headers: { 'x-request-id': 'lb-abc123.42' },
    });
    expect(res.headers['x-request-id']).toBe('lb-abc123.42');
    const mine = lines.filter((l) => l.reqId === 'lb-abc123.42');
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    // No request-scoped line without its id.
    expect(
      lines.filter((l) => l.req !== undefined || l.res !== undefined).every((l) => typeof l.reqId === 'string'),
    ).toBe(true);
  });

  it('replaces a malformed one (spaces, control characters, too long) with its own', async () => {
    for (const bad of ['has space', 'x\u0007yyyyyyyy', 'a'.repeat(200), 'short']) {
      const res = await app.inject({ method: 'GET', url: '/api/health/live', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('/metrics', () => {
  it('serves Prometheus text: requests by route pattern and status class, 5xx, queue depth, ledger, process', async () => {
    await app.inject({ method: 'GET', url: '/api/orgs/123456' });
    await app.inject({ method: 'GET', url: '/api/orgs/654321' });
    await enqueueJob(database.db, 'observability.test', {}, { runAt: new Date(Date.now() - 5000) });
    await database.db.execute(
      sql`INSERT INTO jobs (name, status, attempts, max_attempts) VALUES ('observability.test', 'dead', 5, 5)`,
    );
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    // One series for the pattern, counting all three URLs (one from the test above; anonymous: 401); never the raw URL.
    expect(text).toMatch(/boai_http_requests_total\{method="GET",route="\/api\/orgs\/:id",status_class="4xx"\} 3/);
    expect(text).not.toContain('123456');
    expect(text).toMatch(
      /boai_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/orgs\/:id"/,
    );
    expect(text).toMatch(/boai_jobs\{name="observability.test",state="pending"\} 1/);
    expect(text).toMatch(/boai_jobs\{name="observability.test",state="failed"\} 1/);
    const oldest = Number(/^boai_jobs_oldest_due_seconds (\S+)$/m.exec(text)?.[1]);
    expect(oldest).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/boai_ledger_entries 0/);
    expect(text).toMatch(/boai_websocket_connections 0/);
    expect(text).toMatch(/boai_database_up 1/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
    if (database.kind === 'postgres') {
      expect(text).toMatch(/boai_db_pool_connections\{state="total"\}/);
    }
  });

  it('counts 5xx answers as errors', async () => {
    const failing = await buildApp({ database, logLevel: 'silent', webDist: '/nonexistent', rateLimits: false });
    failing.get('/api/test-boom', { config: { access: 'public' } }, async () => {
      throw new Error('boom');
    });
    await failing.ready();
    try {
      expect((await failing.inject({ method: 'GET', url: '/api/test-boom' })).statusCode).toBe(500);
      const text = (await failing.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toMatch(/boai_http_errors_total\{method="GET",route="\/api\/test-boom"\} 1/);
      expect(text).toMatch(/boai_http_requests_total\{method="GET",route="\/api\/test-boom",status_class="5xx"\} 1/);
    } finally {
      await failing.close();
    }
  });

  it('is refused to anyone but a direct loopback caller, and needs the bearer token when one is configured', async () => {
    const remote = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain('boai_');
    // Through a reverse proxy on the same machine: the socket is loopback, but the request is someone else's.
    const relayed = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(relayed.statusCode).toBe(403);

    expect((await tokenApp.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await tokenApp.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const right = await tokenApp.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: 'Bearer a-metrics-token-of-some-length' },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('boai_http_requests_total');
  });
});

describe('health', () => {
  it('liveness answers without the database; /api/health still works', async () => {
    const live = await app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'ok' });
    const legacy = await app.inject({ method: 'GET', url: '/api/health' });
    expect(legacy.json()).toEqual({ status: 'ok', database: database.kind });
  });

  it('readiness: 200 when the schema is at the code level, 503 when behind, and 503 once draining', async () => {
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', draining: false },
    });

    // The newest migration's record missing: the database is behind this code.
    const [newest] = (
      (await database.db.execute(
        sql`SELECT id, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
      )) as unknown as { rows: Array<{ id: number; created_at: string }> }
    ).rows;
    await database.db.execute(sql`UPDATE drizzle.__drizzle_migrations SET created_at = 1 WHERE id = ${newest!.id}`);
    try {
      const behind = await app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(behind.statusCode).toBe(503);
      expect(behind.json().checks.migrations).toBe('behind');
    } finally {
      await database.db.execute(
        sql`UPDATE drizzle.__drizzle_migrations SET created_at = ${newest!.created_at} WHERE id = ${newest!.id}`,
      );
    }

    markDraining(tokenApp);
    const draining = await tokenApp.inject({ method: 'GET', url: '/api/health/ready' });
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ status: 'unavailable', checks: { draining: true } });
    // Liveness stays up while draining: the process is fine, only leaving.
    expect((await tokenApp.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
  });
});
