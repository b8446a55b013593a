// What the transparency index (kpi-transparency.ts) reads from the donations module's own tables: disclosure
// obligations, gifts received (grouped by day, with the late ones named) and paid payouts with what they spent.
// A KPI source (see the kpi module): plain SQL over this module's tables, scoped to a subtree by the org path.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';

export type TransparencyWindow = { under: string; from: Date; to: Date };

export type DisclosureObligationRow = {
  id: string;
  kind: string;
  subject: string;
  orgId: number;
  path: string;
  projectCode: string;
  projectName: string;
  dueAt: Date;
  publishedAt: Date | null;
  ledgerIndex: number | null;
};

/** Disclosure obligations (not corrections) falling due in the window, published or not. */
export async function disclosureObligations(db: Db, w: TransparencyWindow): Promise<DisclosureObligationRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT d.id, d.kind, d.subject, d.org_id AS "orgId", o.path, p.code AS "projectCode", p.name AS "projectName",
               d.due_at AS "dueAt", d.published_at AS "publishedAt", d.ledger_index::float8 AS "ledgerIndex"
          FROM disclosures d
          JOIN orgs o ON o.id = d.org_id
          JOIN donation_projects p ON p.id = d.project_id
         WHERE o.path LIKE ${`${w.under}%`} AND d.kind <> 'correction'
           AND d.due_at >= ${w.from.toISOString()} AND d.due_at < ${w.to.toISOString()}
         ORDER BY d.due_at, p.code`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    subject: String(r.subject),
    orgId: Number(r.orgId),
    path: String(r.path),
    projectCode: String(r.projectCode),
    projectName: String(r.projectName),
    dueAt: new Date(r.dueAt as string),
    publishedAt: r.publishedAt ? new Date(r.publishedAt as string) : null,
    ledgerIndex: r.ledgerIndex === null ? null : Number(r.ledgerIndex),
  }));
}

export type GiftDayRow = {
  orgId: number;
  path: string;
  isEmergency: boolean;
  projectCode: string;
  projectName: string;
  /** China dates of receipt and of recording (= its public ledger entry). */
  receivedOn: string;
  publishedOn: string;
  count: number;
  /** Gifts recorded more than 24 hours after receipt (late for an emergency project). */
  over24h: number;
  maxLedgerIndex: number;
  /** Up to 50 donation numbers of the gifts recorded more than 24 hours after receipt. */
  lateNos: string[];
};

/**
 * Gifts received in the window, one row per unit, project, day received and day recorded: online gifts are
 * recorded the moment they arrive, so the groups stay few; only late gifts are named.
 */
export async function giftDays(db: Db, w: TransparencyWindow): Promise<GiftDayRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT g.org_id AS "orgId", o.path, p.is_emergency AS "isEmergency", p.code AS "projectCode",
               p.name AS "projectName",
               to_char(g.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "receivedOn",
               to_char(g.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "publishedOn",
               count(*)::int AS count,
               count(*) FILTER (WHERE g.created_at - g.received_at > interval '24 hours')::int AS "over24h",
               max(g.ledger_index)::float8 AS "maxLedgerIndex",
               (array_agg(g.donation_no ORDER BY g.received_at)
                  FILTER (WHERE g.created_at - g.received_at > interval '24 hours'))[1:50] AS "lateNos"
          FROM donations g
          JOIN orgs o ON o.id = g.org_id
          JOIN donation_projects p ON p.id = g.project_id
         WHERE o.path LIKE ${`${w.under}%`}
           AND g.received_at >= ${w.from.toISOString()} AND g.received_at < ${w.to.toISOString()}
         GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  );
  return rows.map((r) => ({
    orgId: Number(r.orgId),
    path: String(r.path),
    isEmergency: Boolean(r.isEmergency),
    projectCode: String(r.projectCode),
    projectName: String(r.projectName),
    receivedOn: String(r.receivedOn),
    publishedOn: String(r.publishedOn),
    count: Number(r.count),
    over24h: Number(r.over24h),
    maxLedgerIndex: Number(r.maxLedgerIndex),
    lateNos: (r.lateNos as string[] | null) ?? [],
  }));
}

export type PaidPayoutRow = {
  id: string;
  payoutNo: string;
  orgId: number;
  path: string;
  amountFen: number;
  /** project (a restricted project fund) | general */
  fundKind: string;
  projectCode: string | null;
  purpose: string;
  hasEvidence: boolean;
  supplier: string | null;
  unitPriceFen: number | null;
  quantity: number | null;
  decidedAt: Date;
  ledgerIndex: number | null;
  /** What the FIFO matched to named gifts (payout_spends). */
  tracedFen: number;
};

/** Payouts paid in the window, with the fund they came from and how much of each is traced to gifts. */
export async function paidPayouts(db: Db, w: TransparencyWindow): Promise<PaidPayoutRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT py.id, py.payout_no AS "payoutNo", py.org_id AS "orgId", o.path, py.amount_fen::float8 AS "amountFen",
               f.kind AS "fundKind", p.code AS "projectCode", py.purpose,
               py.evidence_file_id IS NOT NULL AS "hasEvidence", py.supplier,
               py.unit_price_fen::float8 AS "unitPriceFen", py.quantity, py.decided_at AS "decidedAt",
               py.ledger_index::float8 AS "ledgerIndex",
               coalesce((SELECT sum(s.amount_fen) FROM payout_spends s
                          WHERE s.region_id = py.region_id AND s.payout_id = py.id), 0)::float8 AS "tracedFen"
          FROM payouts py
          JOIN orgs o ON o.id = py.org_id
          JOIN funds f ON f.id = py.fund_id
          LEFT JOIN donation_projects p ON p.id = py.project_id
         WHERE o.path LIKE ${`${w.under}%`} AND py.status = 'paid'
           AND py.decided_at >= ${w.from.toISOString()} AND py.decided_at < ${w.to.toISOString()}
         ORDER BY py.decided_at`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    payoutNo: String(r.payoutNo),
    orgId: Number(r.orgId),
    path: String(r.path),
    amountFen: Number(r.amountFen),
    fundKind: String(r.fundKind),
    projectCode: (r.projectCode as string | null) ?? null,
    purpose: String(r.purpose),
    hasEvidence: Boolean(r.hasEvidence),
    supplier: (r.supplier as string | null) ?? null,
    unitPriceFen: r.unitPriceFen === null ? null : Number(r.unitPriceFen),
    quantity: r.quantity === null ? null : Number(r.quantity),
    decidedAt: new Date(r.decidedAt as string),
    ledgerIndex: r.ledgerIndex === null ? null : Number(r.ledgerIndex),
    tracedFen: Number(r.tracedFen),
  }));
}
