// What the transparency index (kpi/kpi-transparency.ts) reads from the goods module's own tables: lots received (when
// they were counted in, confirmed onto the public ledger and first handed out) and distributions with their receipts.
// A KPI source: plain SQL over this module's tables, scoped to a subtree by the org path.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';

export type TransparencyWindow = { under: string; from: Date; to: Date };

export type GoodsLotRow = {
  id: string;
  lotNo: string;
  orgId: number;
  path: string;
  itemName: string;
  /** pending | received */
  status: string;
  isEmergency: boolean;
  receivedAt: Date;
  /** When the second person confirmed it: the lot's public ledger entry. */
  confirmedAt: Date | null;
  ledgerIndex: number | null;
  firstDistributedAt: Date | null;
};

/** Lots received in the window, except rejected ones (never stock). */
export async function goodsLots(db: Db, w: TransparencyWindow): Promise<GoodsLotRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT l.id, l.lot_no AS "lotNo", l.org_id AS "orgId", o.path, l.item_name AS "itemName", l.status,
               coalesce(p.is_emergency, false) AS "isEmergency", l.received_at AS "receivedAt",
               l.confirmed_at AS "confirmedAt", l.ledger_index::float8 AS "ledgerIndex",
               (SELECT min(m.occurred_at) FROM goods_movements m
                 WHERE m.region_id = l.region_id AND m.lot_id = l.id AND m.kind = 'distribution') AS "firstDistributedAt"
          FROM goods_lots l
          JOIN orgs o ON o.id = l.org_id
          LEFT JOIN donation_projects p ON p.id = l.project_id
         WHERE o.path LIKE ${`${w.under}%`} AND l.status <> 'rejected'
           AND l.received_at >= ${w.from.toISOString()} AND l.received_at < ${w.to.toISOString()}
         ORDER BY l.received_at`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    lotNo: String(r.lotNo),
    orgId: Number(r.orgId),
    path: String(r.path),
    itemName: String(r.itemName),
    status: String(r.status),
    isEmergency: Boolean(r.isEmergency),
    receivedAt: new Date(r.receivedAt as string),
    confirmedAt: r.confirmedAt ? new Date(r.confirmedAt as string) : null,
    ledgerIndex: r.ledgerIndex === null ? null : Number(r.ledgerIndex),
    firstDistributedAt: r.firstDistributedAt ? new Date(r.firstDistributedAt as string) : null,
  }));
}

export type DistributionRow = {
  id: string;
  movementNo: string;
  lotId: string;
  lotNo: string;
  itemName: string;
  orgId: number;
  path: string;
  occurredAt: Date;
  recordedAt: Date;
  hasReceipt: boolean;
  ledgerIndex: number;
};

/** Distributions in the window (by when the goods were handed out), with whether the signed receipt is on file. */
export async function distributions(db: Db, w: TransparencyWindow): Promise<DistributionRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT m.id, m.movement_no AS "movementNo", m.lot_id AS "lotId", l.lot_no AS "lotNo", l.item_name AS "itemName",
               m.org_id AS "orgId", o.path, m.occurred_at AS "occurredAt", m.created_at AS "recordedAt",
               m.evidence_file_id IS NOT NULL AS "hasReceipt", m.ledger_index::float8 AS "ledgerIndex"
          FROM goods_movements m
          JOIN orgs o ON o.id = m.org_id
          JOIN goods_lots l ON l.region_id = m.region_id AND l.id = m.lot_id
         WHERE o.path LIKE ${`${w.under}%`} AND m.kind = 'distribution'
           AND m.occurred_at >= ${w.from.toISOString()} AND m.occurred_at < ${w.to.toISOString()}
         ORDER BY m.occurred_at`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    movementNo: String(r.movementNo),
    lotId: String(r.lotId),
    lotNo: String(r.lotNo),
    itemName: String(r.itemName),
    orgId: Number(r.orgId),
    path: String(r.path),
    occurredAt: new Date(r.occurredAt as string),
    recordedAt: new Date(r.recordedAt as string),
    hasReceipt: Boolean(r.hasReceipt),
    ledgerIndex: Number(r.ledgerIndex),
  }));
}
