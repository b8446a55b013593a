// Drizzle queries of the members module; the only file that imports members.tables.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  memberCounters,
  memberDuesPayments,
  memberDuesSettings,
  memberDuesShares,
  memberEvents,
  memberImports,
  members,
} from './members.tables';

export type MemberRow = typeof members.$inferSelect;
export type MemberInsert = typeof members.$inferInsert;
export type MemberEventRow = typeof memberEvents.$inferSelect;
export type MemberEventInsert = typeof memberEvents.$inferInsert;
export type DuesPaymentRow = typeof memberDuesPayments.$inferSelect;
export type DuesPaymentInsert = typeof memberDuesPayments.$inferInsert;
export type DuesShareInsert = typeof memberDuesShares.$inferInsert;
export type DuesSettingsRow = typeof memberDuesSettings.$inferSelect;

export const memberImportStore = importStore(memberImports);

/** Live memberships first (active, lapsed, applied), then the newest. */
const liveFirst = sql`CASE ${members.status} WHEN 'active' THEN 0 WHEN 'lapsed' THEN 1 WHEN 'applied' THEN 2 ELSE 3 END`;

export async function findMember(db: Db, regionId: number | null, id: string, lock = false) {
  const where = regionId === null ? eq(members.id, id) : and(eq(members.regionId, regionId), eq(members.id, id));
  const q = db.select().from(members).where(where);
  const [row] = lock ? await q.for('update') : await q;
  return row as MemberRow | undefined;
}

export async function findLiveMemberOfPerson(db: Db, personId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(
      and(
        eq(members.personId, personId),
        eq(members.kind, 'individual'),
        inArray(members.status, ['applied', 'active', 'lapsed']),
      ),
    )
    .orderBy(liveFirst, desc(members.appliedAt))
    .limit(1);
  return row;
}

export async function findActiveMemberOfPerson(db: Db, personId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.personId, personId), eq(members.status, 'active')))
    .orderBy(asc(members.kind))
    .limit(1);
  return row;
}

/** The account's membership: applied online by it, or (staff-filed) an individual membership on its phone. */
export async function findMemberOfAccount(db: Db, accountId: string, phoneHash: string | null) {
  const who = phoneHash
    ? or(
        eq(members.accountId, accountId),
        and(isNull(members.accountId), eq(members.phoneHash, phoneHash), eq(members.kind, 'individual')),
      )
    : eq(members.accountId, accountId);
  const [row] = await db
    .select()
    .from(members)
    .where(and(who, inArray(members.status, ['applied', 'active', 'lapsed'])))
    .orderBy(liveFirst, desc(members.appliedAt))
    .limit(1);
  return row as MemberRow | undefined;
}

/** The newest rejected application of an account, when it has no live one (so the phone can say why). */
export async function findLastMemberOfAccount(db: Db, accountId: string) {
  const [row] = await db
    .select()
    .from(members)
    .where(eq(members.accountId, accountId))
    .orderBy(liveFirst, desc(members.appliedAt))
    .limit(1);
  return row as MemberRow | undefined;
}

export async function findMemberByNo(db: Db, memberNo: string) {
  const [row] = await db.select().from(members).where(eq(members.memberNo, memberNo));
  return row as MemberRow | undefined;
}

export async function findMemberByCardToken(db: Db, token: string) {
  const [row] = await db.select().from(members).where(eq(members.cardToken, token));
  return row as MemberRow | undefined;
}

export async function findGroupByUscc(db: Db, uscc: string) {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.groupUscc, uscc), inArray(members.status, ['applied', 'active', 'lapsed'])))
    .limit(1);
  return row as MemberRow | undefined;
}

export async function insertMember(db: Db, row: MemberInsert): Promise<MemberRow> {
  const [created] = await db.insert(members).values(row).returning();
  return created;
}

export async function insertMembers(db: Db, rows: MemberInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(members).values(rows.slice(i, i + 500));
  }
}

export async function updateMember(db: Db, regionId: number, id: string, patch: Partial<MemberInsert>) {
  const [row] = await db
    .update(members)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(members.regionId, regionId), eq(members.id, id)))
    .returning();
  return row;
}

export type MemberFilter = {
  scope: (orgColumn: typeof members.orgId) => SQL;
  orgUnder?: (orgColumn: typeof members.orgId) => SQL;
  status?: string;
  kind?: string;
  category?: string;
  tier?: string;
  memberNo?: string;
  phoneHash?: string;
  name?: string;
  pinyin?: string;
  paidThroughBelow?: number;
};

function filterWhere(f: MemberFilter): SQL {
  const conds: (SQL | undefined)[] = [f.scope(members.orgId), f.orgUnder?.(members.orgId)];
  if (f.status) {
    conds.push(eq(members.status, f.status));
  }
  if (f.kind) {
    conds.push(eq(members.kind, f.kind));
  }
  if (f.category) {
    conds.push(eq(members.category, f.category));
  }
  if (f.tier) {
    conds.push(eq(members.tier, f.tier));
  }
  if (f.memberNo) {
    conds.push(eq(members.memberNo, f.memberNo));
  }
  if (f.phoneHash) {
    conds.push(eq(members.phoneHash, f.phoneHash));
  }
  if (f.name || f.pinyin) {
    const byName = f.name ? sql`${members.name} LIKE ${`%${f.name}%`}` : undefined;
    const byPinyin = f.pinyin
      ? sql`replace(${members.namePinyin}, ' ', '') LIKE ${`${f.pinyin.replace(/\s+/g, '')}%`}`
      : undefined;
    conds.push(or(byName, byPinyin));
  }
  if (f.paidThroughBelow !== undefined) {
    conds.push(sql`coalesce(${members.paidThroughYear}, 0) < ${f.paidThroughBelow}`);
  }
  return and(...conds)!;
}

export async function listMembers(db: Db, f: MemberFilter, page: { limit: number; offset: number }) {
  const where = filterWhere(f);
  const rows = await db
    .select()
    .from(members)
    .where(where)
    .orderBy(desc(members.appliedAt), asc(members.id))
    .limit(page.limit)
    .offset(page.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(members).where(where);
  return { rows, total: n };
}

export async function insertEvent(db: Db, row: MemberEventInsert): Promise<void> {
  await db.insert(memberEvents).values(row);
}

export async function insertEvents(db: Db, rows: MemberEventInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(memberEvents).values(rows.slice(i, i + 500));
  }
}

export async function listEvents(db: Db, memberId: string): Promise<MemberEventRow[]> {
  return db.select().from(memberEvents).where(eq(memberEvents.memberId, memberId)).orderBy(asc(memberEvents.at));
}

export async function insertPayment(db: Db, row: DuesPaymentInsert): Promise<DuesPaymentRow> {
  const [created] = await db.insert(memberDuesPayments).values(row).returning();
  return created;
}

export async function insertShares(db: Db, rows: DuesShareInsert[]): Promise<void> {
  if (rows.length > 0) {
    await db.insert(memberDuesShares).values(rows);
  }
}

export async function listPayments(db: Db, memberId: string): Promise<DuesPaymentRow[]> {
  return db
    .select()
    .from(memberDuesPayments)
    .where(eq(memberDuesPayments.memberId, memberId))
    .orderBy(desc(memberDuesPayments.fromYear));
}

export async function findPayment(db: Db, id: string) {
  const [row] = await db.select().from(memberDuesPayments).where(eq(memberDuesPayments.id, id));
  return row as DuesPaymentRow | undefined;
}

export async function listSharesOfPayment(db: Db, paymentId: string) {
  return db.select().from(memberDuesShares).where(eq(memberDuesShares.paymentId, paymentId));
}

/** Reserves the next number of a counter (member numbers, receipts) and returns it. */
export async function nextNumber(db: Db, kind: string, prefix: string, year: number): Promise<number> {
  const [row] = await db
    .insert(memberCounters)
    .values({ kind, prefix, year, last: 1 })
    .onConflictDoUpdate({
      target: [memberCounters.kind, memberCounters.prefix, memberCounters.year],
      set: { last: sql`${memberCounters.last} + 1` },
    })
    .returning({ last: memberCounters.last });
  return row.last;
}

export async function findSettings(db: Db, provinceOrgId: number): Promise<DuesSettingsRow | undefined> {
  const [row] = await db.select().from(memberDuesSettings).where(eq(memberDuesSettings.provinceOrgId, provinceOrgId));
  return row;
}

export async function upsertSettings(db: Db, row: typeof memberDuesSettings.$inferInsert): Promise<DuesSettingsRow> {
  const { provinceOrgId, ...rest } = row;
  const [saved] = await db
    .insert(memberDuesSettings)
    .values(row)
    .onConflictDoUpdate({ target: memberDuesSettings.provinceOrgId, set: { ...rest, updatedAt: new Date() } })
    .returning();
  return saved;
}

/** Active members whose paid-up year (or, never paid, the year before joining) is below `year`, a batch at a time. */
export async function listDueToLapse(db: Db, belowYear: number, afterId: string, limit: number) {
  return db
    .select()
    .from(members)
    .where(
      and(
        eq(members.status, 'active'),
        sql`${members.id} > ${afterId}`,
        lt(sql`coalesce(${members.paidThroughYear}, extract(year from ${members.joinedOn})::int - 1)`, belowYear),
      ),
    )
    .orderBy(asc(members.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Active members paid up to exactly `year` and not yet reminded for it. */
export async function listDueForReminder(db: Db, year: number, limit: number): Promise<MemberRow[]> {
  return db
    .select()
    .from(members)
    .where(
      and(
        eq(members.status, 'active'),
        sql`coalesce(${members.paidThroughYear}, extract(year from ${members.joinedOn})::int - 1) = ${year}`,
        or(isNull(members.remindedForYear), lt(members.remindedForYear, year)),
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
}

// ------------------------------------------------------------------------------------------------ statistics

/** A condition on an org-id column: the unit lies in the chosen subtree (orgs.orgUnderCondition). */
export type Under = (orgColumn: SQLWrapper) => SQL;

export type MemberCounts = { orgId: number; kind: string; category: string; tier: string; status: string; n: number };

/** Current members per unit (in the subtree) by kind, category, tier and status. */
export async function countMembersByUnit(db: Db, under: Under): Promise<MemberCounts[]> {
  return db
    .select({
      orgId: members.orgId,
      kind: members.kind,
      category: members.category,
      tier: members.tier,
      status: members.status,
      n: sql<number>`count(*)::int`,
    })
    .from(members)
    .where(under(members.orgId))
    .groupBy(members.orgId, members.kind, members.category, members.tier, members.status);
}

/** The headcount of active group members per unit. */
export async function sumGroupHeadcount(db: Db, under: Under) {
  return db
    .select({ orgId: members.orgId, n: sql<number>`coalesce(sum(${members.headcount}), 0)::int` })
    .from(members)
    .where(and(under(members.orgId), eq(members.kind, 'group'), eq(members.status, 'active')))
    .groupBy(members.orgId);
}

/** Events (admitted, lapsed, transferred out …) per unit and kind between two instants. */
export async function countEventsByUnit(db: Db, under: Under, from: Date, to: Date) {
  return db
    .select({ orgId: memberEvents.orgId, kind: memberEvents.kind, n: sql<number>`count(*)::int` })
    .from(memberEvents)
    .where(and(under(memberEvents.orgId), gte(memberEvents.at, from), lt(memberEvents.at, to)))
    .groupBy(memberEvents.orgId, memberEvents.kind);
}

/** Transfers into each unit between two instants. */
export async function countTransfersInByUnit(db: Db, under: Under, from: Date, to: Date) {
  return db
    .select({ orgId: sql<number>`${memberEvents.toOrgId}`, n: sql<number>`count(*)::int` })
    .from(memberEvents)
    .where(
      and(
        eq(memberEvents.kind, 'transferred'),
        under(memberEvents.toOrgId),
        gte(memberEvents.at, from),
        lt(memberEvents.at, to),
      ),
    )
    .groupBy(memberEvents.toOrgId);
}

/** Dues collected per unit (where the member was when paying) between two China dates, inclusive. */
export async function sumDuesByUnit(db: Db, under: Under, from: string, to: string) {
  return db
    .select({
      orgId: memberDuesPayments.orgId,
      fen: sql<number>`coalesce(sum(${memberDuesPayments.amountFen}), 0)::int`,
    })
    .from(memberDuesPayments)
    .where(
      and(under(memberDuesPayments.orgId), gte(memberDuesPayments.paidOn, from), lte(memberDuesPayments.paidOn, to)),
    )
    .groupBy(memberDuesPayments.orgId);
}

/** Dues shares kept per unit between two China dates, inclusive. */
export async function sumSharesByUnit(db: Db, under: Under, from: string, to: string) {
  return db
    .select({ orgId: memberDuesShares.orgId, fen: sql<number>`coalesce(sum(${memberDuesShares.amountFen}), 0)::int` })
    .from(memberDuesShares)
    .where(and(under(memberDuesShares.orgId), gte(memberDuesShares.paidOn, from), lte(memberDuesShares.paidOn, to)))
    .groupBy(memberDuesShares.orgId);
}
