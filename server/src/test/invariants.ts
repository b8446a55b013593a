// The invariants of Boai's money, goods, ledger and exactly-once records, checked on a database as it stands: one
// checker for the concurrency tests, the crash test and anyone holding a copy of the data. It only reads; each rule
// that fails returns one violation per offending row (capped), with enough detail to find the row.
//
// Funds: a fund's balance is the sum of its entries, never negative at any point of its history (running sum in ledger
//   order), and equals the sum of its FIFO lots' unspent amounts (the stored running balance); every lot holds
//   0 ≤ unspent ≤ amount. Every gift, paid payout, done reversal and done allocation has exactly its fund entries
//   (amount, fund, ledger index); a paid payout's FIFO spends add up to its amount; nothing else has fund entries.
// Online giving: a paid order has exactly one gift and a gift's order is paid (or refunded) and names it; a provider
//   transaction id is recorded once per channel, and accepted once among the payment notifications.
// Goods: every stock row is ≥ 0 and equals what came into that warehouse minus what left it; a received lot has one
//   intake of its whole quantity, a pending or rejected lot no movement; an approved write-off has its movement.
// Exactly once: an exam answer per (attempt, question), a check-in per (activity, volunteer, in|out), a position per
//   responder, a certificate job per gift, an outbox message per dedupe key.
// Ledger: indexes 0..n-1 and n = the state's size; each leaf hash is SHA-256(0x00 || leaf) and the leaf's kind is the
//   entry's; each record that must be logged (gift, payout, reversal, allocation, consent, goods receipt, transfer,
//   distribution, write-off) has exactly one entry of its kind at its index holding its reference and amount or
//   quantity, and no entry of those kinds lacks its record; the Merkle root of the first `size` leaves equals the
//   latest checkpoint's root (all leaves when the checkpoint covers all).
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client';
import { leafHash, rootHash } from '../modules/ledger/merkle';

export type Violation = { rule: string; detail: string };
export type InvariantReport = {
  violations: Violation[];
  /** What was looked at, for the report: rows per kind of record. */
  counts: Record<string, number>;
};

const MAX_PER_RULE = 20;

/** Ledger kinds that stand for a row of the money and goods tables (cross-checked both ways). */
export const RECORDED_KINDS = [
  'donation.received',
  'donation.refunded',
  'donation.corrected',
  'payout.paid',
  'fund.allocated',
  'donor.consented',
  'goods.received',
  'goods.transferred',
  'goods.distributed',
  'goods.written-off',
] as const;

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function checkInvariants(db: Db): Promise<InvariantReport> {
  const violations: Violation[] = [];
  const counts: Record<string, number> = {};
  const add = (rule: string, rows: unknown[], describe: (row: never) => string) => {
    for (const row of rows.slice(0, MAX_PER_RULE)) {
      violations.push({ rule, detail: describe(row as never) });
    }
    if (rows.length > MAX_PER_RULE) {
      violations.push({ rule, detail: `… and ${rows.length - MAX_PER_RULE} more` });
    }
  };
  const q = <T>(query: ReturnType<typeof sql>) => queryRows<T>(db, query);

  // ------------------------------------------------------------------------------------------------ funds
  const fundRows = await q<{ fund_id: number; balance: string; unspent: string; min_running: string | null }>(sql`
    WITH e AS (
      SELECT fund_id, amount_fen, sum(amount_fen) OVER (PARTITION BY fund_id ORDER BY ledger_index, amount_fen DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
      FROM fund_entries)
    SELECT f.id AS fund_id,
           coalesce((SELECT sum(amount_fen) FROM fund_entries x WHERE x.fund_id = f.id), 0)::text AS balance,
           coalesce((SELECT sum(unspent_fen) FROM fund_lots l WHERE l.fund_id = f.id), 0)::text AS unspent,
           (SELECT min(running) FROM e WHERE e.fund_id = f.id)::text AS min_running
    FROM funds f ORDER BY f.id`);
  counts.funds = fundRows.length;
  add(
    'fund balance (sum of entries) is never negative',
    fundRows.filter((r) => Number(r.balance) < 0 || (r.min_running !== null && Number(r.min_running) < 0)),
    (r: (typeof fundRows)[number]) => `fund ${r.fund_id}: balance ${r.balance}, lowest running ${r.min_running}`,
  );
  add(
    "fund balance equals the sum of its lots' unspent amounts",
    fundRows.filter((r) => r.balance !== r.unspent),
    (r: (typeof fundRows)[number]) => `fund ${r.fund_id}: entries ${r.balance}, lots unspent ${r.unspent}`,
  );
  add(
    'every fund lot holds 0 ≤ unspent ≤ amount',
    await q<{ fund_id: number; ledger_index: number; amount_fen: string; unspent_fen: string }>(sql`
      SELECT fund_id, ledger_index, amount_fen::text, unspent_fen::text FROM fund_lots
      WHERE unspent_fen < 0 OR unspent_fen > amount_fen OR amount_fen <= 0`),
    (r: { fund_id: number; ledger_index: number; amount_fen: string; unspent_fen: string }) =>
      `fund ${r.fund_id} lot ${r.ledger_index}: amount ${r.amount_fen}, unspent ${r.unspent_fen}`,
  );

  // Each record's fund entries: (kind, fund, amount, ledger index) exactly as the record says, once.
  type EntryProblem = { what: string; detail: string };
  const entryProblems = await q<EntryProblem>(sql`
    WITH expected AS (
      SELECT 'donation' AS kind, d.fund_id, d.amount_fen, d.ledger_index, 'gift ' || d.donation_no AS what,
             d.id AS donation_id, NULL::uuid AS payout_id
      FROM donations d
      UNION ALL
      SELECT 'payout', p.fund_id, -p.amount_fen, p.ledger_index, 'payout ' || p.payout_no, NULL, p.id
      FROM payouts p WHERE p.status = 'paid'
      UNION ALL
      SELECT r.kind, d.fund_id, -d.amount_fen, r.ledger_index, r.kind || ' of gift ' || d.donation_no, d.id, NULL
      FROM donation_reversals r JOIN donations d ON d.id = r.donation_id WHERE r.status = 'done'
      UNION ALL
      SELECT 'allocation_out', a.from_fund_id, -a.amount_fen, a.ledger_index, 'allocation ' || a.allocation_no, NULL, NULL
      FROM fund_allocations a WHERE a.status = 'done'
      UNION ALL
      SELECT 'allocation_in', a.to_fund_id, a.amount_fen, a.ledger_index, 'allocation ' || a.allocation_no, NULL, NULL
      FROM fund_allocations a WHERE a.status = 'done'
    ),
    matched AS (
      SELECT x.what, x.kind, x.ledger_index,
             (SELECT count(*) FROM fund_entries e WHERE e.kind = x.kind AND e.ledger_index = x.ledger_index
                AND e.fund_id = x.fund_id AND e.amount_fen = x.amount_fen
                AND (x.donation_id IS NULL OR e.donation_id = x.donation_id)
                AND (x.payout_id IS NULL OR e.payout_id = x.payout_id))::int AS n
      FROM expected x
    )
    SELECT what, kind || ' entries matching it: ' || n AS detail FROM matched WHERE n <> 1
    UNION ALL
    SELECT 'fund entry ' || e.id, e.kind || ' of ' || e.amount_fen || ' fen at ledger index ' || e.ledger_index
      || ' has no record that accounts for it'
    FROM fund_entries e
    WHERE NOT EXISTS (SELECT 1 FROM expected x WHERE x.kind = e.kind AND x.ledger_index = e.ledger_index
                        AND x.fund_id = e.fund_id AND x.amount_fen = e.amount_fen)`);
  add(
    'each gift, paid payout, reversal and allocation has exactly its fund entries, and no entry lacks its record',
    entryProblems,
    (r: EntryProblem) => `${r.what}: ${r.detail}`,
  );
  add(
    "a paid payout's FIFO spends add up to its amount; an unpaid one spent nothing",
    await q<{ payout_no: string; status: string; amount_fen: string; spent: string }>(sql`
      SELECT p.payout_no, p.status, p.amount_fen::text,
             coalesce((SELECT sum(s.amount_fen) FROM payout_spends s WHERE s.payout_id = p.id), 0)::text AS spent
      FROM payouts p
      WHERE coalesce((SELECT sum(s.amount_fen) FROM payout_spends s WHERE s.payout_id = p.id), 0)
            <> CASE WHEN p.status = 'paid' THEN p.amount_fen ELSE 0 END
         OR (p.status = 'paid') <> (p.ledger_index IS NOT NULL)`),
    (r: { payout_no: string; status: string; amount_fen: string; spent: string }) =>
      `${r.payout_no} (${r.status}): amount ${r.amount_fen}, spends ${r.spent}`,
  );
  add(
    'each gift has its own FIFO lot in its fund, of its amount',
    await q<{ donation_no: string; lots: number }>(sql`
      SELECT d.donation_no, (SELECT count(*)::int FROM fund_lots l WHERE l.donation_id = d.id AND l.fund_id = d.fund_id
        AND l.ledger_index = d.ledger_index AND l.origin_index = d.ledger_index AND l.amount_fen = d.amount_fen) AS lots
      FROM donations d
      WHERE (SELECT count(*) FROM fund_lots l WHERE l.donation_id = d.id AND l.fund_id = d.fund_id
        AND l.ledger_index = d.ledger_index AND l.origin_index = d.ledger_index AND l.amount_fen = d.amount_fen) <> 1`),
    (r: { donation_no: string; lots: number }) => `${r.donation_no}: ${r.lots} lots`,
  );

  // ------------------------------------------------------------------------------------------------ online giving
  const [giving] = await q<{ gifts: number; orders_paid: number; notifications: number }>(sql`
    SELECT (SELECT count(*)::int FROM donations) AS gifts,
           (SELECT count(*)::int FROM donation_orders WHERE status IN ('paid', 'refunded')) AS orders_paid,
           (SELECT count(*)::int FROM payment_notifications) AS notifications`);
  counts.gifts = giving.gifts;
  counts.paidOrders = giving.orders_paid;
  counts.paymentNotifications = giving.notifications;
  add(
    'a paid order has exactly one gift, and names it',
    await q<{ order_no: string; status: string; gifts: number }>(sql`
      SELECT o.order_no, o.status,
             (SELECT count(*)::int FROM donations d WHERE d.order_id = o.id) AS gifts
      FROM donation_orders o
      WHERE (o.status IN ('paid', 'refunded')
              AND ((SELECT count(*) FROM donations d WHERE d.order_id = o.id) <> 1
                   OR NOT EXISTS (SELECT 1 FROM donations d WHERE d.id = o.donation_id AND d.order_id = o.id)))
         OR (o.status NOT IN ('paid', 'refunded') AND EXISTS (SELECT 1 FROM donations d WHERE d.order_id = o.id))`),
    (r: { order_no: string; status: string; gifts: number }) => `order ${r.order_no} (${r.status}): ${r.gifts} gifts`,
  );
  add(
    'a provider transaction id is one gift per channel',
    await q<{ channel: string; provider_txn_id: string; n: number }>(sql`
      SELECT channel, provider_txn_id, count(*)::int AS n FROM donations
      WHERE provider_txn_id IS NOT NULL GROUP BY channel, provider_txn_id HAVING count(*) > 1`),
    (r: { channel: string; provider_txn_id: string; n: number }) => `${r.channel} ${r.provider_txn_id}: ${r.n} gifts`,
  );
  add(
    'a payment (provider transaction id) is accepted once among the notifications',
    await q<{ channel: string; provider_txn_id: string; n: number }>(sql`
      SELECT channel, provider_txn_id, count(*)::int AS n FROM payment_notifications
      WHERE verdict = 'accepted' AND provider_txn_id IS NOT NULL
      GROUP BY channel, provider_txn_id HAVING count(*) > 1`),
    (r: { channel: string; provider_txn_id: string; n: number }) =>
      `${r.channel} ${r.provider_txn_id}: accepted ${r.n} times`,
  );

  // ------------------------------------------------------------------------------------------------ goods
  const [goods] = await q<{ lots: number; movements: number }>(sql`
    SELECT (SELECT count(*)::int FROM goods_lots) AS lots, (SELECT count(*)::int FROM goods_movements) AS movements`);
  counts.goodsLots = goods.lots;
  counts.goodsMovements = goods.movements;
  type StockProblem = { lot_no: string; warehouse_id: number; stock: number | null; moved: number };
  add(
    'stock of each lot in each warehouse is ≥ 0 and equals receipts minus movements out',
    await q<StockProblem>(sql`
      WITH moved AS (
        SELECT lot_id, wh, sum(q)::int AS moved FROM (
          SELECT lot_id, to_warehouse_id AS wh, quantity AS q FROM goods_movements WHERE to_warehouse_id IS NOT NULL
          UNION ALL
          SELECT lot_id, from_warehouse_id, -quantity FROM goods_movements WHERE from_warehouse_id IS NOT NULL
        ) m GROUP BY lot_id, wh),
      joined AS (
        SELECT coalesce(s.lot_id, m.lot_id) AS lot_id, coalesce(s.warehouse_id, m.wh) AS warehouse_id,
               s.quantity AS stock, coalesce(m.moved, 0) AS moved
        FROM goods_stock s FULL JOIN moved m ON m.lot_id = s.lot_id AND m.wh = s.warehouse_id)
      SELECT l.lot_no, j.warehouse_id, j.stock, j.moved
      FROM joined j LEFT JOIN goods_lots l ON l.id = j.lot_id
      WHERE coalesce(j.stock, 0) <> j.moved OR j.stock < 0 OR j.moved < 0`),
    (r: StockProblem) => `lot ${r.lot_no} in warehouse ${r.warehouse_id}: stock ${r.stock}, movements say ${r.moved}`,
  );
  add(
    'a received lot has one intake of its whole quantity at its ledger index; others have no movement',
    await q<{ lot_no: string; status: string; intakes: number; others: number }>(sql`
      SELECT l.lot_no, l.status,
        (SELECT count(*)::int FROM goods_movements m WHERE m.lot_id = l.id AND m.kind = 'intake'
           AND m.quantity = l.quantity AND m.ledger_index = l.ledger_index) AS intakes,
        (SELECT count(*)::int FROM goods_movements m WHERE m.lot_id = l.id
           AND NOT (m.kind = 'intake' AND m.quantity = l.quantity AND m.ledger_index = l.ledger_index)
           AND (l.status <> 'received' OR m.kind = 'intake')) AS others
      FROM goods_lots l
      WHERE (SELECT count(*) FROM goods_movements m WHERE m.lot_id = l.id AND m.kind = 'intake'
               AND m.quantity = l.quantity AND m.ledger_index = l.ledger_index) <> (CASE WHEN l.status = 'received' THEN 1 ELSE 0 END)
         OR EXISTS (SELECT 1 FROM goods_movements m WHERE m.lot_id = l.id
               AND NOT (m.kind = 'intake' AND m.quantity = l.quantity AND m.ledger_index = l.ledger_index)
               AND (l.status <> 'received' OR m.kind = 'intake'))`),
    (r: { lot_no: string; status: string; intakes: number; others: number }) =>
      `lot ${r.lot_no} (${r.status}): ${r.intakes} matching intakes, ${r.others} other movements it should not have`,
  );
  add(
    'an approved write-off has its write-off movement of its quantity; others have none',
    await q<{ id: string; status: string }>(sql`
      SELECT w.id, w.status FROM goods_write_offs w
      WHERE (w.status = 'approved') <> EXISTS (SELECT 1 FROM goods_movements m WHERE m.id = w.movement_id
               AND m.kind = 'write_off' AND m.quantity = w.quantity AND m.lot_id = w.lot_id)
         OR (w.status <> 'approved' AND w.movement_id IS NOT NULL)
      UNION ALL
      SELECT m.id, 'movement without its approved write-off' FROM goods_movements m
      WHERE m.kind = 'write_off' AND (SELECT count(*) FROM goods_write_offs w WHERE w.movement_id = m.id) <> 1`),
    (r: { id: string; status: string }) => `${r.id}: ${r.status}`,
  );

  // ------------------------------------------------------------------------------------------------ exactly once
  type Dup = { key: string; n: number };
  const dups: [string, ReturnType<typeof sql>][] = [
    [
      'an exam answer is recorded once per attempt and question',
      sql`SELECT attempt_id || '/' || question_id AS key, count(*)::int AS n FROM training_exam_answers
          GROUP BY attempt_id, question_id HAVING count(*) > 1`,
    ],
    [
      'an exam has one open attempt per enrolment',
      sql`SELECT enrolment_id::text AS key, count(*)::int AS n FROM training_exam_attempts
          WHERE status = 'in_progress' GROUP BY enrolment_id HAVING count(*) > 1`,
    ],
    [
      'a check-in (or check-out) is recorded once per activity and volunteer',
      sql`SELECT activity_id || '/' || volunteer_id || '/' || kind AS key, count(*)::int AS n FROM volunteer_checkins
          GROUP BY activity_id, volunteer_id, kind HAVING count(*) > 1`,
    ],
    [
      'a responder has one latest position',
      sql`SELECT responder_id::text AS key, count(*)::int AS n FROM response_positions
          GROUP BY responder_id HAVING count(*) > 1`,
    ],
    [
      "a gift's certificate job is queued once",
      sql`SELECT payload->>'donationId' AS key, count(*)::int AS n FROM jobs WHERE name = 'donations.certificate'
          GROUP BY payload->>'donationId' HAVING count(*) > 1`,
    ],
    [
      'an outbox message is queued once per dedupe key',
      sql`SELECT dedupe_key AS key, count(*)::int AS n FROM outbox_messages WHERE dedupe_key IS NOT NULL
          GROUP BY dedupe_key HAVING count(*) > 1`,
    ],
  ];
  for (const [rule, query] of dups) {
    add(rule, await q<Dup>(query), (r: Dup) => `${r.key}: ${r.n} times`);
  }
  const [once] = await q<{ answers: number; checkins: number; positions: number }>(sql`
    SELECT (SELECT count(*)::int FROM training_exam_answers) AS answers,
           (SELECT count(*)::int FROM volunteer_checkins) AS checkins,
           (SELECT count(*)::int FROM response_positions) AS positions`);
  Object.assign(counts, { examAnswers: once.answers, checkins: once.checkins, positions: once.positions });

  // ------------------------------------------------------------------------------------------------ the ledger
  violations.push(...(await checkLedger(db, counts)));
  return { violations, counts };
}

type Expected = { index: number; kind: string[]; ref: string; amountFen?: number; quantity?: number; what: string };

/** The log's structure, its root against the latest checkpoint, and its entries against the records one to one. */
async function checkLedger(db: Db, counts: Record<string, number>): Promise<Violation[]> {
  const violations: Violation[] = [];
  const say = (rule: string, detail: string) => {
    if (violations.filter((v) => v.rule === rule).length < MAX_PER_RULE) {
      violations.push({ rule, detail });
    }
  };
  const entries = await queryRows<{ index: unknown; kind: string; leaf: string; leaf_hash: Uint8Array }>(
    db,
    sql`SELECT index, kind, leaf, leaf_hash FROM ledger_entries ORDER BY index`,
  );
  const [state] = await queryRows<{ size: unknown }>(db, sql`SELECT size FROM ledger_state WHERE id = 1`);
  counts.ledgerEntries = entries.length;
  const size = n(state?.size) ?? 0;
  if (entries.length !== size) {
    say("the log's entries are its state's size", `${entries.length} entries, state size ${size}`);
  }
  const hashes: Uint8Array[] = [];
  const byIndex = new Map<number, { kind: string; facts: Record<string, unknown> }>();
  const encoder = new TextEncoder();
  entries.forEach((e, i) => {
    const index = Number(e.index);
    if (index !== i) {
      say('ledger indexes are 0..n-1 without a gap', `position ${i} holds index ${index}`);
    }
    const stored = new Uint8Array(e.leaf_hash);
    hashes.push(stored);
    if (Buffer.compare(Buffer.from(leafHash(encoder.encode(e.leaf))), Buffer.from(stored)) !== 0) {
      say('each leaf hash is SHA-256(0x00 || leaf)', `entry ${index}`);
    }
    let facts: Record<string, unknown> = {};
    try {
      facts = JSON.parse(e.leaf) as Record<string, unknown>;
    } catch {
      say("each leaf is JSON naming the entry's kind", `entry ${index}: not JSON`);
    }
    if (facts.kind !== e.kind) {
      say("each leaf is JSON naming the entry's kind", `entry ${index}: kind ${e.kind}, leaf says ${facts.kind}`);
    }
    byIndex.set(index, { kind: e.kind, facts });
  });

  const [checkpoint] = await queryRows<{ size: unknown; root_hash: string }>(
    db,
    sql`SELECT size, root_hash FROM ledger_checkpoints ORDER BY size DESC LIMIT 1`,
  );
  if (checkpoint) {
    const cpSize = Number(checkpoint.size);
    counts.checkpointSize = cpSize;
    if (cpSize > hashes.length) {
      say('the latest checkpoint covers leaves that exist', `checkpoint size ${cpSize}, ${hashes.length} leaves`);
    } else {
      const root = Buffer.from(rootHash(hashes.slice(0, cpSize))).toString('base64');
      if (root !== checkpoint.root_hash) {
        say(
          "the Merkle root of the leaves equals the latest checkpoint's",
          `size ${cpSize}: checkpoint ${checkpoint.root_hash}, recomputed ${root}`,
        );
      }
    }
  }

  // Every record that must be logged, with the entry it must have.
  const expected: Expected[] = [];
  const push = (rows: Record<string, unknown>[], make: (r: Record<string, unknown>) => Expected) => {
    for (const r of rows) {
      expected.push(make(r));
    }
  };
  const rows = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, query);
  push(await rows(sql`SELECT donation_no, amount_fen, ledger_index FROM donations`), (r) => ({
    index: Number(r.ledger_index),
    kind: ['donation.received'],
    ref: String(r.donation_no),
    amountFen: Number(r.amount_fen),
    what: `gift ${r.donation_no}`,
  }));
  push(await rows(sql`SELECT payout_no, amount_fen, ledger_index FROM payouts WHERE status = 'paid'`), (r) => ({
    index: n(r.ledger_index) ?? -1,
    kind: ['payout.paid'],
    ref: String(r.payout_no),
    amountFen: Number(r.amount_fen),
    what: `payout ${r.payout_no}`,
  }));
  push(
    await rows(sql`SELECT r.kind, d.donation_no, d.amount_fen, r.ledger_index FROM donation_reversals r
                   JOIN donations d ON d.id = r.donation_id WHERE r.status = 'done'`),
    (r) => ({
      index: n(r.ledger_index) ?? -1,
      kind: [r.kind === 'refund' ? 'donation.refunded' : 'donation.corrected'],
      ref: String(r.donation_no),
      amountFen: Number(r.amount_fen),
      what: `${r.kind} of ${r.donation_no}`,
    }),
  );
  push(
    await rows(sql`SELECT allocation_no, amount_fen, ledger_index FROM fund_allocations WHERE status = 'done'`),
    (r) => ({
      index: n(r.ledger_index) ?? -1,
      kind: ['fund.allocated'],
      ref: String(r.allocation_no),
      amountFen: Number(r.amount_fen),
      what: `allocation ${r.allocation_no}`,
    }),
  );
  push(
    await rows(
      sql`SELECT c.ledger_index, d.donation_no FROM donor_consents c JOIN donations d ON d.id = c.donation_id`,
    ),
    (r) => ({
      index: Number(r.ledger_index),
      kind: ['donor.consented'],
      ref: String(r.donation_no),
      what: `consent on ${r.donation_no}`,
    }),
  );
  push(await rows(sql`SELECT lot_no, quantity, ledger_index FROM goods_lots WHERE status = 'received'`), (r) => ({
    index: n(r.ledger_index) ?? -1,
    kind: ['goods.received'],
    ref: String(r.lot_no),
    quantity: Number(r.quantity),
    what: `goods lot ${r.lot_no}`,
  }));
  const movementKind: Record<string, string> = {
    transfer: 'goods.transferred',
    distribution: 'goods.distributed',
    write_off: 'goods.written-off',
  };
  push(
    await rows(sql`SELECT movement_no, kind, quantity, ledger_index FROM goods_movements WHERE kind <> 'intake'`),
    (r) => ({
      index: Number(r.ledger_index),
      kind: [movementKind[String(r.kind)] ?? `unknown movement kind ${r.kind}`],
      ref: String(r.movement_no),
      quantity: Number(r.quantity),
      what: `goods movement ${r.movement_no}`,
    }),
  );
  counts.loggedRecords = expected.length;

  const claimed = new Map<number, string>();
  const rule = 'each logged record has exactly one ledger entry of its kind holding its reference and amount';
  for (const x of expected) {
    const entry = byIndex.get(x.index);
    if (!entry) {
      say(rule, `${x.what}: no entry at index ${x.index}`);
      continue;
    }
    const other = claimed.get(x.index);
    if (other) {
      say(rule, `${x.what} and ${other} both claim entry ${x.index}`);
    }
    claimed.set(x.index, x.what);
    const f = entry.facts;
    if (
      !x.kind.includes(entry.kind) ||
      f.ref !== x.ref ||
      (x.amountFen !== undefined && f.amountFen !== x.amountFen) ||
      (x.quantity !== undefined && f.quantity !== x.quantity)
    ) {
      say(
        rule,
        `${x.what} (${x.kind.join('|')} ${x.amountFen ?? x.quantity ?? ''}): entry ${x.index} is ${entry.kind} ref ${String(f.ref)} amount ${String(f.amountFen ?? f.quantity)}`,
      );
    }
  }
  const recorded = new Set<string>(RECORDED_KINDS);
  for (const [index, entry] of byIndex) {
    if (recorded.has(entry.kind) && !claimed.has(index)) {
      say(
        'no ledger entry of a recorded kind lacks its record',
        `entry ${index} (${entry.kind} ${String(entry.facts.ref)})`,
      );
    }
  }
  return violations;
}

/** A readable block for a failed assertion or a bench report. */
export function formatViolations(report: InvariantReport): string {
  if (report.violations.length === 0) {
    return 'no invariant violations';
  }
  return report.violations.map((v) => `✗ ${v.rule}: ${v.detail}`).join('\n');
}
