// The AED demo on a fresh database: ~25 devices in 诸暨 with guardians, a mix of statuses, tasks raised by the daily
// sweep, one device on telemetry with self-test history and one silent, and the demo accounts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { seedDemo } from '../../seed/demo-seed';
import { createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the AED demo', () => {
  it('seeds devices in 诸暨 with statuses, tasks, telemetry and accounts', { timeout: 180_000 }, async () => {
    expect(await seedDemo(t.db, { people: 5 })).toBe(true);
    const byStatus = new Map(
      (
        await queryRows<{ status: string; n: number }>(
          t.db,
          sql`SELECT status, count(*)::int AS n FROM aeds GROUP BY status`,
        )
      ).map((r) => [r.status, r.n]),
    );
    expect(byStatus.get('ready')).toBeGreaterThanOrEqual(20);
    expect(byStatus.get('needs_service')).toBeGreaterThanOrEqual(2);
    expect(byStatus.get('out_of_service')).toBe(1);
    const [codes] = await queryRows<{ bad: number; n: number }>(
      t.db,
      sql`SELECT count(*) FILTER (WHERE code !~ '^AED-330681-[0-9]{6}$')::int AS bad, count(*)::int AS n FROM aeds`,
    );
    expect(codes).toEqual({ bad: 0, n: 25 });
    const kinds = await queryRows<{ kind: string }>(
      t.db,
      sql`SELECT DISTINCT kind FROM aed_tasks WHERE status = 'open' ORDER BY kind`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'battery_expiring',
        'heartbeat_missing',
        'inspection_due',
        'pads_expiring',
        'used_in_rescue',
      ]),
    );
    const [tele] = await queryRows<{ keyed: number; tests: number }>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM aeds WHERE telemetry_key_hash IS NOT NULL) AS keyed,
                 (SELECT count(*)::int FROM aed_self_tests) AS tests`,
    );
    expect(tele).toEqual({ keyed: 2, tests: 7 });
    const accounts = await queryRows<{ username: string }>(
      t.db,
      sql`SELECT username FROM users WHERE username IN ('aedguan', 'diaodu') ORDER BY username`,
    );
    expect(accounts.map((a) => a.username)).toEqual(['aedguan', 'diaodu']);
  });
});
