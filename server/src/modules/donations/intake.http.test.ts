// Receiving gifts under concurrency through the HTTP routes on a real database: every gift gets its own consecutive
// ledger index with all its rows, and a failure after the ledger append takes the whole gift back, entry included.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOpenProject, giveOnline } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
let project: Awaited<ReturnType<typeof createOpenProject>>;

const logSize = async () =>
  Number(
    (
      await queryRows<{ size: number | null }>(t.db, sql`SELECT (SELECT size FROM ledger_state WHERE id = 1) AS size`)
    )[0].size ?? 0,
  );

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  project = await createOpenProject(t, chain.city.id);
});
afterAll(() => t.close());

describe('receiving gifts', () => {
  it('gives concurrent gifts consecutive ledger indexes, each with its fund entry, lot, audit row and certificate job', async () => {
    const start = await logSize();
    const amounts = Array.from({ length: 24 }, (_, i) => 1000 + i);
    const given = await Promise.all(amounts.map((amount) => giveOnline(t, project.code, amount)));
    for (const g of given) {
      expect(g.paid.statusCode, g.paid.body).toBe(200);
      expect(g.paid.json().verdict).toBe('accepted');
    }
    const gifts = await queryRows<{
      id: string;
      amount_fen: number;
      ledger_index: number;
      entry_amount: number | null;
      entry_index: number | null;
      lot_index: number | null;
      jobs: number;
      audits: number;
      leaf: string | null;
    }>(
      t.db,
      sql`SELECT d.id, d.amount_fen, d.ledger_index,
                 fe.amount_fen AS entry_amount, fe.ledger_index AS entry_index, fl.ledger_index AS lot_index,
                 (SELECT count(*)::int FROM jobs j WHERE j.name = 'donations.certificate'
                   AND j.payload->>'donationId' = d.id::text) AS jobs,
                 (SELECT count(*)::int FROM audit_log a WHERE a.action = 'donation.received'
                   AND a.entity_id = d.id::text) AS audits,
                 le.leaf
          FROM donations d
          LEFT JOIN fund_entries fe ON fe.donation_id = d.id AND fe.kind = 'donation'
          LEFT JOIN fund_lots fl ON fl.donation_id = d.id
          LEFT JOIN ledger_entries le ON le.index = d.ledger_index
          WHERE d.project_id = ${project.id} AND d.ledger_index >= ${start}
          ORDER BY d.ledger_index`,
    );
    expect(gifts.map((g) => Number(g.ledger_index))).toEqual(amounts.map((_, i) => start + i));
    expect(gifts.map((g) => Number(g.amount_fen)).sort()).toEqual(amounts);
    for (const g of gifts) {
      expect(Number(g.entry_amount)).toBe(Number(g.amount_fen));
      expect(Number(g.entry_index)).toBe(Number(g.ledger_index));
      expect(Number(g.lot_index)).toBe(Number(g.ledger_index));
      expect(g.jobs).toBe(1);
      expect(g.audits).toBe(1);
      expect(JSON.parse(g.leaf!)).toMatchObject({ kind: 'donation.received', amountFen: Number(g.amount_fen) });
    }
    expect(await logSize()).toBe(start + amounts.length);
  });

  it('takes back the whole gift, its ledger entry included, when a row after the append fails; the next gift takes that index', async () => {
    // A real failure inside the database, in the middle of the rows written after the append (the fund lot).
    await t.db.execute(
      sql.raw(`CREATE FUNCTION test_refuse_lot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.amount_fen = 4242 THEN RAISE EXCEPTION 'test: lot refused'; END IF; RETURN NEW; END $$`),
    );
    await t.db.execute(
      sql.raw(
        'CREATE TRIGGER test_refuse_lot BEFORE INSERT ON fund_lots FOR EACH ROW EXECUTE FUNCTION test_refuse_lot()',
      ),
    );
    try {
      const start = await logSize();
      const failed = await giveOnline(t, project.code, 4242);
      expect(failed.paid.statusCode).toBe(500);
      expect(await logSize()).toBe(start);
      const [left] = await queryRows<{ gifts: number; jobs: number; entries: number; status: string }>(
        t.db,
        sql`SELECT (SELECT count(*)::int FROM donations WHERE amount_fen = 4242) AS gifts,
                   (SELECT count(*)::int FROM fund_entries WHERE amount_fen = 4242) AS entries,
                   (SELECT count(*)::int FROM jobs j JOIN donations d ON j.payload->>'donationId' = d.id::text
                     WHERE d.amount_fen = 4242) AS jobs,
                   (SELECT status FROM donation_orders WHERE order_no = ${failed.order.orderNo}) AS status`,
      );
      expect(left).toEqual({ gifts: 0, jobs: 0, entries: 0, status: 'created' });

      const next = await giveOnline(t, project.code, 4343);
      expect(next.paid.statusCode, next.paid.body).toBe(200);
      const [gift] = await queryRows<{ ledger_index: number }>(
        t.db,
        sql`SELECT ledger_index FROM donations WHERE amount_fen = 4343`,
      );
      expect(Number(gift.ledger_index)).toBe(start);
      expect(await logSize()).toBe(start + 1);
    } finally {
      await t.db.execute(sql.raw('DROP TRIGGER test_refuse_lot ON fund_lots'));
      await t.db.execute(sql.raw('DROP FUNCTION test_refuse_lot()'));
    }
  });
});
