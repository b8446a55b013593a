// Drizzle queries of member points: rules, the ledger and its maintained totals, rankings, awards and redemptions.
// The ranking queries are the heavy ones: their SQL is kept visible here (see docs/member-points.md "Rankings").
import { and, asc, count, desc, eq, gt, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members } from './members.tables';
import {
  memberPointAwards,
  memberPointEntries,
  memberPointRedemptions,
  memberPointRules,
  memberPointTotals,
  memberPointUnitCounts,
} from './members-points.tables';

export type RuleRow = typeof memberPointRules.$inferSelect;
export type EntryRow = typeof memberPointEntries.$inferSelect;
export type EntryInsert = typeof memberPointEntries.$inferInsert;
export type AwardRow = typeof memberPointAwards.$inferSelect;
export type RedemptionRow = typeof memberPointRedemptions.$inferSelect;
export type MemberLite = typeof members.$inferSelect;

// ------------------------------------------------------------------------------------------------ members (read only)

export async function findMember(db: Db, id: string, regionId?: number): Promise<MemberLite | undefined> {
  const where = regionId === undefined ? eq(members.id, id) : and(eq(members.regionId, regionId), eq(members.id, id));
  const [row] = await db.select().from(members).where(where).limit(1);
  return row;
}

export async function findMembersByIds(db: Db, keys: { regionId: number; id: string }[]): Promise<MemberLite[]> {
  if (keys.length === 0) {
    return [];
  }
  return db
    .select()
    .from(members)
    .where(or(...keys.map((k) => and(eq(members.regionId, k.regionId), eq(members.id, k.id)))));
}

/** The active membership of a public account: applied online by it, or staff-filed on its phone. */
export async function findActiveMemberOfAccount(db: Db, accountId: string, phoneHash: string | null) {
  const who = phoneHash
    ? or(
        eq(members.accountId, accountId),
        and(isNull(members.accountId), eq(members.phoneHash, phoneHash), eq(members.kind, 'individual')),
      )
    : eq(members.accountId, accountId);
  const [row] = await db
    .select()
    .from(members)
    .where(and(who, eq(members.status, 'active')))
    .orderBy(asc(members.appliedAt))
    .limit(1);
  return row;
}

/** Active individual members of a person, or with a phone (blind index), for event awards. */
export async function findActiveMembersBy(db: Db, by: { personId?: string; phoneHash?: string }) {
  const conds: SQL[] = [];
  if (by.personId) {
    conds.push(eq(members.personId, by.personId));
  }
  if (by.phoneHash) {
    conds.push(eq(members.phoneHash, by.phoneHash));
  }
  if (conds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(members)
    .where(and(or(...conds), eq(members.status, 'active'), eq(members.kind, 'individual')))
    .orderBy(asc(members.appliedAt))
    .limit(1);
}

// ------------------------------------------------------------------------------------------------ rules

export async function insertRule(db: Db, row: typeof memberPointRules.$inferInsert): Promise<RuleRow> {
  const [created] = await db.insert(memberPointRules).values(row).returning();
  return created;
}

export async function updateRule(db: Db, id: string, patch: Partial<RuleRow>): Promise<RuleRow> {
  const [row] = await db
    .update(memberPointRules)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(memberPointRules.id, id))
    .returning();
  return row;
}

export async function findRule(db: Db, id: string): Promise<RuleRow | undefined> {
  const [row] = await db.select().from(memberPointRules).where(eq(memberPointRules.id, id));
  return row;
}

/** Every rule defined at any of these units (a unit's chain of ancestors). */
export async function listRulesAt(db: Db, orgIds: number[]): Promise<RuleRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberPointRules)
    .where(inArray(memberPointRules.orgId, orgIds))
    .orderBy(asc(memberPointRules.category), asc(memberPointRules.code));
}

// ------------------------------------------------------------------------------------------------ ledger

type TotalDelta = { regionId: number; memberId: string; year: number; orgId: number; points: number };

/**
 * Adds point deltas to the members' totals (all time and per year) and, for a member's first total in a period,
 * one to its unit's ranked count; in the caller's transaction.
 */
async function addToTotals(db: Db, deltas: TotalDelta[], orgPath: string): Promise<void> {
  const upserted = await db
    .insert(memberPointTotals)
    .values(deltas.map((d) => ({ ...d, orgPath })))
    .onConflictDoUpdate({
      target: [memberPointTotals.regionId, memberPointTotals.memberId, memberPointTotals.year],
      set: {
        points: sql`${memberPointTotals.points} + excluded.points`,
        orgId: sql`excluded.org_id`,
        orgPath: sql`excluded.org_path`,
        updatedAt: sql`now()`,
      },
    })
    // xmax = 0 only on a row this statement inserted (an updated row carries the updating transaction's id).
    .returning({
      regionId: memberPointTotals.regionId,
      orgId: memberPointTotals.orgId,
      year: memberPointTotals.year,
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const fresh = upserted.filter((r) => r.inserted);
  if (fresh.length > 0) {
    await bumpUnitCounts(
      db,
      fresh.map((r) => ({ regionId: r.regionId, orgId: r.orgId, year: r.year, by: 1 })),
    );
  }
}

async function bumpUnitCounts(db: Db, rows: { regionId: number; orgId: number; year: number; by: number }[]) {
  const merged = new Map<string, { regionId: number; orgId: number; year: number; members: number }>();
  for (const r of rows) {
    const key = `${r.regionId}:${r.orgId}:${r.year}`;
    const m = merged.get(key) ?? { regionId: r.regionId, orgId: r.orgId, year: r.year, members: 0 };
    m.members += r.by;
    merged.set(key, m);
  }
  await db
    .insert(memberPointUnitCounts)
    .values([...merged.values()])
    .onConflictDoUpdate({
      target: [memberPointUnitCounts.regionId, memberPointUnitCounts.orgId, memberPointUnitCounts.year],
      set: { members: sql`${memberPointUnitCounts.members} + excluded.members` },
    });
}

/** Appends entries and adds them to the member's totals (all time and the entry's year), in the caller's transaction. */
export async function appendEntries(db: Db, rows: EntryInsert[], orgPath: string): Promise<EntryRow[]> {
  if (rows.length === 0) {
    return [];
  }
  const created = await db.insert(memberPointEntries).values(rows).returning();
  const sums = new Map<string, TotalDelta>();
  for (const r of created) {
    for (const year of [0, r.year]) {
      const key = `${r.regionId}:${r.memberId}:${year}`;
      const s = sums.get(key) ?? { regionId: r.regionId, memberId: r.memberId, year, orgId: r.orgId, points: 0 };
      s.points += r.points;
      sums.set(key, s);
    }
  }
  await addToTotals(db, [...sums.values()], orgPath);
  return created;
}

/** Inserts an automatic entry unless this source already awarded this rule (then undefined); updates totals. */
export async function appendOnce(db: Db, row: EntryInsert, orgPath: string): Promise<EntryRow | undefined> {
  const [created] = await db.insert(memberPointEntries).values(row).onConflictDoNothing().returning();
  if (!created) {
    return undefined;
  }
  await addToTotals(
    db,
    [0, created.year].map((year) => ({
      regionId: created.regionId,
      memberId: created.memberId,
      year,
      orgId: created.orgId,
      points: created.points,
    })),
    orgPath,
  );
  return created;
}

/** The member's all-time balance, locking its totals row so that concurrent redemptions queue behind each other. */
export async function lockBalance(db: Db, regionId: number, memberId: string): Promise<number> {
  const [row] = await db
    .select({ points: memberPointTotals.points })
    .from(memberPointTotals)
    .where(
      and(
        eq(memberPointTotals.regionId, regionId),
        eq(memberPointTotals.memberId, memberId),
        eq(memberPointTotals.year, 0),
      ),
    )
    .for('update');
  return row?.points ?? 0;
}

export async function totalsOf(db: Db, regionId: number, memberId: string) {
  return db
    .select({ year: memberPointTotals.year, points: memberPointTotals.points })
    .from(memberPointTotals)
    .where(and(eq(memberPointTotals.regionId, regionId), eq(memberPointTotals.memberId, memberId)))
    .orderBy(desc(memberPointTotals.year));
}

/** Points a member has from one rule in one year (for yearly caps). */
export async function sumForRuleYear(db: Db, regionId: number, memberId: string, ruleCode: string, year: number) {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${memberPointEntries.points}), 0)::int` })
    .from(memberPointEntries)
    .where(
      and(
        eq(memberPointEntries.regionId, regionId),
        eq(memberPointEntries.memberId, memberId),
        eq(memberPointEntries.year, year),
        eq(memberPointEntries.ruleCode, ruleCode),
      ),
    );
  return row.points;
}

/** Points already awarded per rule for one source (a volunteer service record), to reconcile a correction. */
export async function sumsForSource(db: Db, regionId: number, source: string, sourceRef: string) {
  return db
    .select({
      memberId: memberPointEntries.memberId,
      ruleCode: memberPointEntries.ruleCode,
      year: memberPointEntries.year,
      points: sql<number>`sum(${memberPointEntries.points})::int`,
    })
    .from(memberPointEntries)
    .where(
      and(
        eq(memberPointEntries.regionId, regionId),
        eq(memberPointEntries.source, source),
        eq(memberPointEntries.sourceRef, sourceRef),
      ),
    )
    .groupBy(memberPointEntries.memberId, memberPointEntries.ruleCode, memberPointEntries.year);
}

export async function findEntry(db: Db, regionId: number, id: string): Promise<EntryRow | undefined> {
  const [row] = await db
    .select()
    .from(memberPointEntries)
    .where(and(eq(memberPointEntries.regionId, regionId), eq(memberPointEntries.id, id)));
  return row;
}

export async function findReversalOf(db: Db, regionId: number, id: string): Promise<EntryRow | undefined> {
  const [row] = await db
    .select()
    .from(memberPointEntries)
    .where(and(eq(memberPointEntries.regionId, regionId), eq(memberPointEntries.reversesId, id)));
  return row;
}

export async function listEntries(
  db: Db,
  regionId: number,
  memberId: string,
  q: { year?: number; limit: number; offset: number },
) {
  const where = and(
    eq(memberPointEntries.regionId, regionId),
    eq(memberPointEntries.memberId, memberId),
    q.year ? eq(memberPointEntries.year, q.year) : undefined,
  );
  const rows = await db
    .select()
    .from(memberPointEntries)
    .where(where)
    .orderBy(desc(memberPointEntries.occurredAt), desc(memberPointEntries.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db.select({ n: count() }).from(memberPointEntries).where(where);
  const reversed = rows.length
    ? await db
        .select({ id: memberPointEntries.reversesId })
        .from(memberPointEntries)
        .where(
          and(
            eq(memberPointEntries.regionId, regionId),
            inArray(
              memberPointEntries.reversesId,
              rows.map((r) => r.id),
            ),
          ),
        )
    : [];
  return { rows, total: n, reversed: new Set(reversed.map((r) => r.id!)) };
}

// ------------------------------------------------------------------------------------------------ rankings

/**
 * One page of a subtree's ranking: the maintained totals of one period whose unit path starts with `pathPrefix`,
 * highest first. PostgreSQL takes member_point_totals_rank_idx (walk the points order, filter the path) for large
 * subtrees and member_point_totals_path_idx (the path range, then a top-N sort) for small ones.
 *
 *   SELECT region_id, member_id, org_id, points FROM member_point_totals
 *   WHERE year = $1 AND org_path LIKE $2 || '%' ORDER BY points DESC NULLS LAST, member_id LIMIT $3 OFFSET $4
 */
export async function rankingPage(db: Db, year: number, pathPrefix: string, limit: number, offset: number) {
  return (
    db
      .select({
        regionId: memberPointTotals.regionId,
        memberId: memberPointTotals.memberId,
        orgId: memberPointTotals.orgId,
        points: memberPointTotals.points,
      })
      .from(memberPointTotals)
      .where(and(eq(memberPointTotals.year, year), like(memberPointTotals.orgPath, `${escapeLike(pathPrefix)}%`)))
      // NULLS LAST as the index is built (points is never null), so the index order serves the ORDER BY.
      .orderBy(sql`${memberPointTotals.points} DESC NULLS LAST`, asc(memberPointTotals.memberId))
      .limit(limit)
      .offset(offset)
  );
}

export const unitCountOrgId = memberPointUnitCounts.orgId;

/**
 * How many members of a subtree have a total in the period: a sum over its units' counts (`inSubtree` is the
 * condition on unitCountOrgId), not a count over its members.
 */
export async function rankedCount(db: Db, year: number, inSubtree: SQL): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`coalesce(sum(${memberPointUnitCounts.members}), 0)::int` })
    .from(memberPointUnitCounts)
    .where(and(eq(memberPointUnitCounts.year, year), inSubtree));
  return n;
}

/** How many members of the subtree have more points than `above` in the period (a rank is that plus one). */
export async function countAbove(db: Db, year: number, pathPrefix: string, above: number): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(memberPointTotals)
    .where(
      and(
        eq(memberPointTotals.year, year),
        like(memberPointTotals.orgPath, `${escapeLike(pathPrefix)}%`),
        gt(memberPointTotals.points, above),
      ),
    );
  return n;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Moves a member's totals to its new unit (after a transfer), so rankings and the units' counts follow the member. */
export async function moveTotals(db: Db, regionId: number, memberId: string, orgId: number, orgPath: string) {
  const moved = await db
    .select({ year: memberPointTotals.year, orgId: memberPointTotals.orgId })
    .from(memberPointTotals)
    .where(and(eq(memberPointTotals.regionId, regionId), eq(memberPointTotals.memberId, memberId)))
    .for('update');
  const changed = moved.filter((r) => r.orgId !== orgId);
  if (changed.length === 0) {
    return;
  }
  await db
    .update(memberPointTotals)
    .set({ orgId, orgPath, updatedAt: new Date() })
    .where(and(eq(memberPointTotals.regionId, regionId), eq(memberPointTotals.memberId, memberId)));
  await bumpUnitCounts(db, [
    ...changed.map((r) => ({ regionId, orgId: r.orgId, year: r.year, by: -1 })),
    ...changed.map((r) => ({ regionId, orgId, year: r.year, by: 1 })),
  ]);
}

// ------------------------------------------------------------------------------------------------ awards, redemptions

export async function insertAward(db: Db, row: typeof memberPointAwards.$inferInsert): Promise<AwardRow> {
  const [created] = await db.insert(memberPointAwards).values(row).returning();
  return created;
}

export async function updateAward(db: Db, id: string, patch: Partial<AwardRow>): Promise<AwardRow> {
  const [row] = await db.update(memberPointAwards).set(patch).where(eq(memberPointAwards.id, id)).returning();
  return row;
}

export async function findAward(db: Db, id: string, lock = false): Promise<AwardRow | undefined> {
  const q = db.select().from(memberPointAwards).where(eq(memberPointAwards.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function listAwardsAt(db: Db, orgIds: number[], activeOnly: boolean): Promise<AwardRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberPointAwards)
    .where(and(inArray(memberPointAwards.orgId, orgIds), activeOnly ? eq(memberPointAwards.isActive, true) : undefined))
    .orderBy(asc(memberPointAwards.pointsCost), asc(memberPointAwards.name));
}

export async function insertRedemption(db: Db, row: typeof memberPointRedemptions.$inferInsert) {
  const [created] = await db.insert(memberPointRedemptions).values(row).returning();
  return created;
}

export async function findRedemption(db: Db, regionId: number, id: string, lock = false) {
  const q = db
    .select()
    .from(memberPointRedemptions)
    .where(and(eq(memberPointRedemptions.regionId, regionId), eq(memberPointRedemptions.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row as RedemptionRow | undefined;
}

export async function updateRedemption(db: Db, row: RedemptionRow, patch: Partial<RedemptionRow>) {
  const [updated] = await db
    .update(memberPointRedemptions)
    .set(patch)
    .where(and(eq(memberPointRedemptions.regionId, row.regionId), eq(memberPointRedemptions.id, row.id)))
    .returning();
  return updated;
}

export async function listRedemptionsOfMember(db: Db, regionId: number, memberId: string) {
  return db
    .select()
    .from(memberPointRedemptions)
    .where(and(eq(memberPointRedemptions.regionId, regionId), eq(memberPointRedemptions.memberId, memberId)))
    .orderBy(desc(memberPointRedemptions.requestedAt))
    .limit(50);
}

export async function listRedemptions(
  db: Db,
  where: (orgColumn: typeof memberPointRedemptions.orgId) => SQL,
  q: { status?: string; limit: number; offset: number },
) {
  const cond = and(
    where(memberPointRedemptions.orgId),
    q.status ? eq(memberPointRedemptions.status, q.status) : undefined,
  );
  const rows = await db
    .select()
    .from(memberPointRedemptions)
    .where(cond)
    .orderBy(desc(memberPointRedemptions.requestedAt))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db.select({ n: count() }).from(memberPointRedemptions).where(cond);
  return { rows, total: n };
}

export async function findRulesByIds(db: Db, ids: string[]): Promise<RuleRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberPointRules)
    .where(inArray(memberPointRules.id, [...new Set(ids)]));
}

/** Active members of a subtree (`inSubtree` on their unit column), oldest first: for demo data. */
export async function listActiveMembersWhere(
  db: Db,
  inSubtree: (orgColumn: typeof members.orgId) => SQL,
  limit: number,
) {
  return db
    .select()
    .from(members)
    .where(and(inSubtree(members.orgId), eq(members.status, 'active')))
    .orderBy(asc(members.appliedAt), asc(members.id))
    .limit(limit);
}

/** A member's entries for one source (e.g. a gift) that no entry reverses yet, locked for the caller's transaction. */
export async function unreversedEntriesForSource(
  db: Db,
  regionId: number,
  memberId: string,
  source: string,
  sourceRef: string,
): Promise<EntryRow[]> {
  return db
    .select()
    .from(memberPointEntries)
    .where(
      and(
        eq(memberPointEntries.regionId, regionId),
        eq(memberPointEntries.memberId, memberId),
        eq(memberPointEntries.source, source),
        eq(memberPointEntries.sourceRef, sourceRef),
        sql`NOT EXISTS (SELECT 1 FROM member_point_entries r WHERE r.region_id = ${memberPointEntries.regionId}
          AND r.reverses_id = ${memberPointEntries.id})`,
      ),
    )
    .for('update');
}
