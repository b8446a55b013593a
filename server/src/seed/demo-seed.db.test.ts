// The demo seed on a fresh database: the network, accounts, people, and fundraising with a consistent ledger.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client';
import { frontierRoot, leafHash, rootHash } from '../modules/ledger/merkle';
import { createTestApp, type TestApp } from '../test/test-app';
import { seedDemo } from './demo-seed';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo seed', () => {
  it('seeds once, with projects, gifts and payouts whose ledger entries all verify', async () => {
    expect(await seedDemo(t.db, { people: 20 })).toBe(true);
    expect(await seedDemo(t.db)).toBe(false);
    const [counts] = await queryRows<{ projects: number; gifts: number; paid: number; pending: number }>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM donation_projects WHERE status = 'open') AS projects,
                 (SELECT count(*)::int FROM donations) AS gifts,
                 (SELECT count(*)::int FROM payouts WHERE status = 'paid') AS paid,
                 (SELECT count(*)::int FROM payouts WHERE status = 'pending') AS pending`,
    );
    // The donations demo (4 projects, 160 gifts, 2 paid and 1 pending payout), the relief demo (its fund with 2 gifts,
    // 2 cases paid) and the cockpit's spread over the cities (33 projects, 80 gifts from a seeded draw).
    expect(counts).toEqual({ projects: 38, gifts: 242, paid: 4, pending: 1 });
    const [goods] = await queryRows<{ lots: number }>(t.db, sql`SELECT count(*)::int AS lots FROM goods_lots`);
    expect(goods.lots).toBe(3);
    const relief = await queryRows<{ status: string; n: number }>(
      t.db,
      sql`SELECT status, count(*)::int AS n FROM relief_cases GROUP BY status`,
    );
    // A case at every step of the relief demo (the grievances demo may add more).
    const byStatus = new Map(relief.map((r) => [r.status, r.n]));
    for (const status of ['submitted', 'verified', 'reviewed', 'on_notice', 'paid', 'closed']) {
      expect(byStatus.get(status), status).toBeGreaterThanOrEqual(1);
    }

    const entries = await queryRows<{ index: number; leaf: string }>(
      t.db,
      sql`SELECT index, leaf FROM ledger_entries ORDER BY index`,
    );
    expect(entries.map((e) => Number(e.index))).toEqual(entries.map((_, i) => i));
    const recomputed = rootHash(entries.map((e) => leafHash(new TextEncoder().encode(e.leaf))));
    const [state] = await queryRows<{ size: number; frontier: string[] }>(
      t.db,
      sql`SELECT size, frontier FROM ledger_state`,
    );
    expect(Number(state.size)).toBe(entries.length);
    const stored = {
      size: Number(state.size),
      hashes: state.frontier.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
    };
    expect(Buffer.from(frontierRoot(stored)).toString('hex')).toBe(Buffer.from(recomputed).toString('hex'));
    // A project's gifts arrive in calendar order, so FIFO by ledger index spends its oldest first.
    const [order] = await queryRows<{ misordered: number }>(
      t.db,
      sql`SELECT count(*)::int AS misordered FROM donations a JOIN donations b
          ON a.project_id = b.project_id AND a.ledger_index < b.ledger_index AND a.received_at > b.received_at`,
    );
    expect(order.misordered).toBe(0);
    // Every module's demo runs here through its service code: minutes on a loaded two-core machine, not seconds.
  }, 120_000);
});
