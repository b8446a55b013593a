// Several `boai serve` processes on one PostgreSQL database behind a round-robin balancer (each request to the next
// instance): sessions work on every instance and end everywhere, queued work runs exactly once, a responder alert
// raised through one instance reaches a responder connected to another, and ledger checkpoints are signed once per
// interval across all instances. PostgreSQL only (PGlite is one process per data directory).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, queryRows } from '../../db/client';
import { appendLedgerEntry } from '../../modules/ledger/ledger.service';
import { consentVersion } from '../../modules/response/response-consent';
import { createBranchChain, createStaff, signInByPhone, testPassword } from '../../test/factories';
import { type ServeProcess, startServe } from '../../test/serve-process';
import { createTestApp, type TestApp } from '../../test/test-app';
import { connectWs } from '../../test/ws-client';
import { queueMessage } from '../notify/notify.service';
import { pii } from '../pii';

// Two keep the test's CI cost down (each process compiles the server at start); the balancer logic is the same for N.
const instances = 2;
const checkpointSeconds = 2;

describe.runIf(inject('dbKind') === 'postgres')('two boai serve processes on one PostgreSQL', () => {
  let t: TestApp;
  let database: Database;
  let servers: ServeProcess[] = [];
  let turn = 0;
  /** The balancer: each request goes to the next instance. */
  const rr = (path: string, init: RequestInit = {}) => {
    const s = servers[turn++ % servers.length]!;
    return fetch(`${s.url}${path}`, init);
  };
  const at = (i: number, path: string, init: RequestInit = {}) => fetch(`${servers[i]!.url}${path}`, init);
  const json = (body: unknown, cookie?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    // The test's own app (setup through the factories) on a fresh copy of the template; the servers share its database.
    t = await createTestApp();
    database = t.database;
    const url = String(database.pool!.options.connectionString);
    servers = await Promise.all(
      Array.from({ length: instances }, () =>
        startServe(
          {
            DATABASE_URL: url,
            BOAI_SECRET_KEY: '07'.repeat(32),
            BOAI_JOBS: 'on',
            BOAI_CHECKPOINT_INTERVAL_SECONDS: String(checkpointSeconds),
          },
          { readyTimeoutMs: 120_000 },
        ),
      ),
    );
  }, 150_000);

  afterAll(async () => {
    const codes = await Promise.all(servers.map((s) => s.stop('SIGTERM')));
    await t?.close();
    expect(codes).toEqual(servers.map(() => 0));
  }, 60_000);

  it('keeps a session made on one instance valid on all, and a sign-out on one ends it everywhere', async () => {
    const { county } = await createBranchChain(t);
    const staff = await createStaff(t, { orgId: county.id, roleId: 'readonly' });
    const signIn = await at(0, '/api/auth/sign-in', json({ username: staff.username, password: testPassword }));
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    for (let i = 0; i < instances * 2; i++) {
      const me = await rr('/api/auth/me', { headers: { cookie } });
      expect(me.status).toBe(200);
    }
    expect((await at(1, '/api/auth/sign-out', { method: 'POST', headers: { cookie } })).status).toBe(200);
    for (let i = 0; i < instances; i++) {
      expect((await at(i, '/api/auth/me', { headers: { cookie } })).status).toBe(401);
    }
  });

  it('delivers each queued message exactly once across the job workers of both instances', async () => {
    const n = 30;
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        await queueMessage(tx, {
          channel: 'sms',
          to: `+861390000${String(i).padStart(4, '0')}`,
          template: 'multi.instance',
          body: `message ${i}`,
        });
      }
    });
    await expect
      .poll(
        async () =>
          (
            await queryRows<{ n: number }>(
              database.db,
              sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'multi.instance' AND status = 'sent'`,
            )
          )[0]!.n,
        { timeout: 15_000, interval: 250 },
      )
      .toBe(n);
    const attempts = await queryRows<{ attempts: number; n: number }>(
      database.db,
      sql`SELECT attempts, count(*)::int AS n FROM outbox_messages WHERE template = 'multi.instance' GROUP BY attempts`,
    );
    expect(attempts).toEqual([{ attempts: 1, n }]);
    // Every instance took part in the job queue, and no job ran twice or was left half-claimed.
    const workers = await queryRows<{ pid: string }>(
      database.db,
      sql`SELECT DISTINCT split_part(locked_by, '-', 1) AS pid FROM jobs WHERE status = 'done'`,
    );
    expect(workers.length).toBeGreaterThan(1);
    const twice = await queryRows(database.db, sql`SELECT id FROM jobs WHERE status = 'done' AND attempts > 1`);
    expect(twice).toEqual([]);
  });

  it('alerts a responder connected to instance 2 of an emergency raised through instance 1', async () => {
    const chain = await createBranchChain(t);
    const dispatcher = await createStaff(t, { orgId: chain.county.id, permissions: ['response:dispatch'] });
    const phone = `139${String(crypto.randomInt(10_000_000, 99_999_999))}`;
    await t.db.execute(sql`INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id,
        person_region_id, holder_name, holder_name_masked, phone_hash, issued_on, valid_until, status, source, verify_code, created_by)
      VALUES (${chain.city.id}, ${crypto.randomUUID()}, ${`T-MI-${phone}`}, ${chain.county.id}, 1, 'first_aider',
        ${crypto.randomUUID()}, ${chain.city.id}, '张三', '张*', ${pii().blindIndex('phone', `+86${phone}`)}, '2024-01-01',
        '2099-12-31', 'valid', 'import', 'X', 'test')`);
    const responder = await signInByPhone(t, phone);
    const spot = { lat: 30.27, lng: 120.16 };
    const enrol = await at(
      1,
      '/api/response/me/enrol',
      json(
        { consentVersion, prefs: { sms: true, sound: true, maxDistanceM: 3000 }, quietHours: null },
        responder.cookie,
      ),
    );
    expect(enrol.status).toBe(200);
    const responderId = ((await enrol.json()) as { id: string }).id;
    expect((await at(1, '/api/response/me/on-call', json({ position: spot }, responder.cookie))).status).toBe(200);

    const ws = await connectWs(`ws://127.0.0.1:${servers[1]!.port}/api/realtime`, responder.cookie);
    await ws.next((f) => f.type === 'hello');
    const raised = await at(
      0,
      '/api/response/emergencies',
      json({ lat: 30.2705, lng: 120.16, address: '测试地点', note: '' }, dispatcher!.cookie),
    );
    expect(raised.status).toBe(201);
    const emergencyId = ((await raised.json()) as { id: string }).id;
    const alert = await ws.next((f) => f.type === 'event' && f.event === 'alert', 5000);
    expect(alert).toMatchObject({ topic: `responder:${responderId}`, data: { emergencyId } });
    ws.ws.close();
  });

  it('signs one checkpoint per interval across the instances, never one per instance', async () => {
    const since = new Date();
    const seconds = 7;
    // The log grows all the time, so every checkpoint run has something new to sign.
    for (let i = 0; i < seconds * 4; i++) {
      await database.db.transaction((tx) =>
        appendLedgerEntry(tx, { kind: 'test.multi', facts: { n: i, amountFen: 100 } }),
      );
      await new Promise((r) => setTimeout(r, 250));
    }
    const rows = await queryRows<{ size: number; at: string }>(
      database.db,
      sql`SELECT size, extract(epoch FROM created_at)::float8 AS at FROM ledger_checkpoints
        WHERE created_at >= ${since.toISOString()} ORDER BY size`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Each instance signing on its own timer would give one per instance per interval.
    expect(rows.length).toBeLessThanOrEqual(Math.ceil(seconds / checkpointSeconds) + 1);
    const times = rows.map((r) => Number(r.at));
    expect(new Set(times).size).toBe(times.length);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(checkpointSeconds * 0.8);
    }
    // One pending checkpoint run at any time, whichever instance scheduled it.
    const pending = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE name = 'ledger.checkpoint' AND status IN ('queued', 'running')`,
    );
    expect(pending[0]!.n).toBe(1);
  }, 30_000);
});
