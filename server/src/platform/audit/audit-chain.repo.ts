// The audit hash chain's queries: the sealer's lock, cursor and batch, the verifier's walk, heads and the last verdict.
import { desc, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { auditChain, auditChainHeads, auditChainState } from './audit.tables';

/** Every audit_log column as text, in the fixed order the chain hashes them (audit-chain.ts canonicalAuditRow). */
export type CanonicalAuditRow = {
  region_id: string;
  id: string;
  xid: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
};

// Text forms that do not depend on the driver: jsonb's own text (keys sorted, numbers as stored), microsecond UTC
// timestamps, integers in decimal. A JS round trip would drop microseconds and digits beyond a double's precision.
const canonicalColumns = sql.raw(`a.region_id::text AS region_id, a.id::text AS id, a.xid::text AS xid,
  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, a.actor_kind, a.actor_id::text AS actor_id,
  a.actor_label, a.action, a.entity_type, a.entity_id, a.org_id::text AS org_id, a.before::text AS before,
  a.after::text AS after, a.reason, a.request_id, a.ip`);

/** The chain's sort key of an audit row: (xid, region_id, id). */
export type ChainKey = { xid: number; regionId: number; auditId: number };

export type ChainTip = ChainKey & { seq: number; hash: string };

/** Serialises sealers across connections and processes until the caller's transaction ends. */
export async function lockSealer(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('boai:audit-chain'))`);
}

export async function findTip(db: Db): Promise<ChainTip | undefined> {
  const [row] = await db.select().from(auditChain).orderBy(desc(auditChain.seq)).limit(1);
  return row && { seq: row.seq, hash: row.hash, xid: row.xid, regionId: row.regionId, auditId: row.auditId };
}

/**
 * Audit rows after `after` in chain order whose inserting transaction ended before every transaction still running
 * (xid below the snapshot's xmin): no row can commit before them in this order any more.
 */
export async function listSealable(db: Db, after: ChainKey | undefined, limit: number): Promise<CanonicalAuditRow[]> {
  const cursor = after
    ? sql`AND (a.xid, a.region_id, a.id) > (${after.xid}::bigint, ${after.regionId}::integer, ${after.auditId}::bigint)`
    : sql``;
  return queryRows<CanonicalAuditRow>(
    db,
    sql`SELECT ${canonicalColumns} FROM audit_log a
        WHERE a.xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint ${cursor}
        ORDER BY a.xid, a.region_id, a.id LIMIT ${limit}`,
  );
}

export type ChainInsert = typeof auditChain.$inferInsert;

export async function insertLinks(tx: Db, links: ChainInsert[]): Promise<void> {
  for (let i = 0; i < links.length; i += 1000) {
    await tx.insert(auditChain).values(links.slice(i, i + 1000));
  }
}

/** One chain link with the audit row it points at (all row columns null when the row is gone). */
export type LinkWithRow = {
  seq: string;
  link_xid: string;
  link_region_id: number;
  audit_id: string;
  prev_hash: string;
  hash: string;
  is_present: boolean;
} & { [K in keyof CanonicalAuditRow]: CanonicalAuditRow[K] | null };

export async function listLinks(db: Db, afterSeq: number, limit: number): Promise<LinkWithRow[]> {
  return queryRows<LinkWithRow>(
    db,
    sql`SELECT c.seq::text AS seq, c.xid::text AS link_xid, c.region_id AS link_region_id, c.audit_id::text AS audit_id,
          c.prev_hash, c.hash, a.id IS NOT NULL AS is_present, ${canonicalColumns}
        FROM audit_chain c LEFT JOIN audit_log a ON a.region_id = c.region_id AND a.id = c.audit_id
        WHERE c.seq > ${afterSeq} ORDER BY c.seq LIMIT ${limit}`,
  );
}

/** Audit rows before `tip` in chain order that no link points at: the sealer passed them, so they came later. */
export async function listUnchainedBefore(
  db: Db,
  tip: ChainKey,
  limit: number,
): Promise<{ region_id: number; id: string; xid: string }[]> {
  return queryRows(
    db,
    sql`SELECT a.region_id, a.id::text AS id, a.xid::text AS xid FROM audit_log a
        WHERE (a.xid, a.region_id, a.id) < (${tip.xid}::bigint, ${tip.regionId}::integer, ${tip.auditId}::bigint)
          AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.region_id = a.region_id AND c.audit_id = a.id)
        ORDER BY a.xid, a.region_id, a.id LIMIT ${limit}`,
  );
}

/** Audit rows waiting for the sealer (after the tip in chain order, or all of them before the first seal). */
export async function countUnsealed(db: Db, tip: ChainKey | undefined): Promise<number> {
  const cursor = tip
    ? sql`WHERE (a.xid, a.region_id, a.id) > (${tip.xid}::bigint, ${tip.regionId}::integer, ${tip.auditId}::bigint)`
    : sql``;
  const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM audit_log a ${cursor}`);
  return Number(row.n);
}

export type HeadRow = typeof auditChainHeads.$inferSelect;

export async function findLatestHead(db: Db): Promise<HeadRow | undefined> {
  const [row] = await db.select().from(auditChainHeads).orderBy(desc(auditChainHeads.seq)).limit(1);
  return row;
}

export async function listHeads(db: Db): Promise<HeadRow[]> {
  return db.select().from(auditChainHeads).orderBy(auditChainHeads.seq);
}

/** Stores a head; false when another instance signed the same size first. */
export async function insertHead(db: Db, head: HeadRow): Promise<boolean> {
  const rows = await db
    .insert(auditChainHeads)
    .values(head)
    .onConflictDoNothing()
    .returning({ seq: auditChainHeads.seq });
  return rows.length === 1;
}

export type StateRow = typeof auditChainState.$inferSelect;

export async function findState(db: Db): Promise<StateRow | undefined> {
  const [row] = await db.select().from(auditChainState).limit(1);
  return row;
}

export async function saveVerdict(db: Db, verdict: Omit<StateRow, 'id'>): Promise<void> {
  await db
    .insert(auditChainState)
    .values({ id: 1, ...verdict })
    .onConflictDoUpdate({ target: auditChainState.id, set: verdict });
}
