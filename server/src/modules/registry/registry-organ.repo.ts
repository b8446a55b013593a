// Queries of organ / body donation registrations and the memorial: the only file importing registry-organ.tables.ts.
import { and, count, desc, eq, ilike, inArray, ne, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  donorRegistrations,
  donorRegistrationVersions,
  memorialMessages,
  memorials,
  memorialVisitorDays,
} from './registry-organ.tables';

export type RegistrationRow = typeof donorRegistrations.$inferSelect;
export type RegistrationInsert = typeof donorRegistrations.$inferInsert;
export type VersionRow = typeof donorRegistrationVersions.$inferSelect;
export type MemorialRow = typeof memorials.$inferSelect;
export type MemorialInsert = typeof memorials.$inferInsert;
export type MessageRow = typeof memorialMessages.$inferSelect;
export type { StoredContact } from './registry-organ.tables';

// ------------------------------------------------------------------------------------------------ registrations

export async function insertRegistration(db: Db, row: RegistrationInsert): Promise<RegistrationRow> {
  const [created] = await db.insert(donorRegistrations).values(row).returning();
  return created;
}

export async function findRegistration(db: Db, id: string, forUpdate = false): Promise<RegistrationRow | undefined> {
  const q = db.select().from(donorRegistrations).where(eq(donorRegistrations.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findRegistrationByCheckCode(db: Db, code: string): Promise<RegistrationRow | undefined> {
  const [row] = await db.select().from(donorRegistrations).where(eq(donorRegistrations.checkCode, code));
  return row;
}

/** The person's registration of this kind that is not withdrawn (active, or after death), in any region. */
export async function findLiveRegistration(db: Db, personId: string, kind: string) {
  const [row] = await db
    .select()
    .from(donorRegistrations)
    .where(
      and(
        eq(donorRegistrations.personId, personId),
        eq(donorRegistrations.kind, kind),
        ne(donorRegistrations.status, 'withdrawn'),
      ),
    );
  return row;
}

export async function listByPhoneHash(db: Db, phoneHash: string): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(donorRegistrations)
    .where(eq(donorRegistrations.phoneHash, phoneHash))
    .orderBy(desc(donorRegistrations.createdAt));
}

export async function updateRegistration(
  db: Db,
  row: Pick<RegistrationRow, 'regionId' | 'id'>,
  patch: Partial<RegistrationInsert>,
): Promise<RegistrationRow> {
  const [updated] = await db
    .update(donorRegistrations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(donorRegistrations.regionId, row.regionId), eq(donorRegistrations.id, row.id)))
    .returning();
  return updated;
}

export async function listRegistrations(
  db: Db,
  f: {
    scope: (col: SQLWrapper) => SQL;
    under?: (col: SQLWrapper) => SQL;
    kind?: string;
    status?: string;
    regNo?: string;
    limit: number;
    offset: number;
  },
) {
  const where = and(
    f.scope(donorRegistrations.orgId),
    f.under?.(donorRegistrations.orgId),
    f.kind ? eq(donorRegistrations.kind, f.kind) : undefined,
    f.status ? eq(donorRegistrations.status, f.status) : undefined,
    f.regNo ? eq(donorRegistrations.regNo, f.regNo) : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(donorRegistrations)
      .where(where)
      .orderBy(desc(donorRegistrations.createdAt), desc(donorRegistrations.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(donorRegistrations).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function insertVersion(db: Db, row: typeof donorRegistrationVersions.$inferInsert): Promise<void> {
  await db.insert(donorRegistrationVersions).values(row);
}

export async function listVersions(db: Db, regionId: number, registrationId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(donorRegistrationVersions)
    .where(
      and(
        eq(donorRegistrationVersions.regionId, regionId),
        eq(donorRegistrationVersions.registrationId, registrationId),
      ),
    )
    .orderBy(donorRegistrationVersions.version);
}

export async function registrationIdsWithMemorial(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await db
    .select({ id: memorials.registrationId })
    .from(memorials)
    .where(inArray(memorials.registrationId, ids));
  return new Set(rows.map((r) => r.id));
}

/** Per unit and China month: registrations, withdrawals and realised donations by kind in [from, to]. */
export async function countEvents(db: Db, under: (col: SQLWrapper) => SQL, from: string, to: string) {
  const r = donorRegistrations;
  const month = (col: SQLWrapper) => sql<string>`to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
  const inRange = (col: SQLWrapper) =>
    sql`(${col} AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date`;
  const q = (event: string, at: SQLWrapper, range: SQL, extra?: SQL) =>
    db
      .select({ orgId: r.orgId, kind: r.kind, month: month(at), n: count() })
      .from(r)
      .where(and(under(r.orgId), range, extra))
      .groupBy(r.orgId, r.kind, month(at))
      .then((rows) => rows.map((x) => ({ ...x, event, n: Number(x.n) })));
  const [registered, withdrawn, realised] = await Promise.all([
    q('registered', r.createdAt, inRange(r.createdAt)),
    q('withdrawn', r.withdrawnAt, inRange(r.withdrawnAt)),
    db
      .select({ orgId: r.orgId, kind: r.kind, month: sql<string>`to_char(${r.receivedOn}, 'YYYY-MM')`, n: count() })
      .from(r)
      .where(and(under(r.orgId), sql`${r.receivedOn} BETWEEN ${from}::date AND ${to}::date`))
      .groupBy(r.orgId, r.kind, sql`to_char(${r.receivedOn}, 'YYYY-MM')`)
      .then((rows) => rows.map((x) => ({ ...x, event: 'realised', n: Number(x.n) }))),
  ]);
  return [...registered, ...withdrawn, ...realised];
}

// ------------------------------------------------------------------------------------------------ memorials

export async function insertMemorial(db: Db, row: MemorialInsert): Promise<MemorialRow> {
  const [created] = await db.insert(memorials).values(row).returning();
  return created;
}

export async function findMemorial(db: Db, id: string): Promise<MemorialRow | undefined> {
  const [row] = await db.select().from(memorials).where(eq(memorials.id, id));
  return row;
}

export async function findMemorialByRegistration(db: Db, registrationId: string) {
  const [row] = await db.select().from(memorials).where(eq(memorials.registrationId, registrationId));
  return row;
}

export async function updateMemorial(db: Db, m: Pick<MemorialRow, 'regionId' | 'id'>, patch: Partial<MemorialInsert>) {
  const [row] = await db
    .update(memorials)
    .set(patch)
    .where(and(eq(memorials.regionId, m.regionId), eq(memorials.id, m.id)))
    .returning();
  return row;
}

/** Published memorials, newest death first, optionally matching a name or words of the biography. */
export async function listMemorials(
  db: Db,
  f: { q?: string; scope?: (col: SQLWrapper) => SQL; publishedOnly: boolean; limit: number; offset: number },
) {
  const like = f.q ? `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    f.publishedOnly ? eq(memorials.isPublished, true) : undefined,
    f.scope?.(memorials.orgId),
    like ? or(ilike(memorials.displayName, like), ilike(memorials.biography, like)) : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(memorials)
      .where(where)
      .orderBy(desc(memorials.deathOn), desc(memorials.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(memorials).where(where),
  ]);
  return { rows, total: Number(n) };
}

/**
 * Marks the visitor's visit today; true when this is their first visit of the day (then the memorial's count goes up
 * by one in the same statement's transaction).
 */
export async function markVisit(db: Db, m: MemorialRow, day: string, visitorHash: string): Promise<boolean> {
  const inserted = await db
    .insert(memorialVisitorDays)
    .values({ regionId: m.regionId, memorialId: m.id, day, visitorHash })
    .onConflictDoNothing()
    .returning({ day: memorialVisitorDays.day });
  if (inserted.length > 0) {
    await db
      .update(memorials)
      .set({ visitCount: sql`${memorials.visitCount} + 1` })
      .where(and(eq(memorials.regionId, m.regionId), eq(memorials.id, m.id)));
  }
  return inserted.length > 0;
}

/** Adds a flower unless the visitor already left `maxPerDay` today; returns the new total or undefined when capped. */
export async function addFlower(db: Db, m: MemorialRow, day: string, visitorHash: string, maxPerDay: number) {
  const marked = await db
    .insert(memorialVisitorDays)
    .values({ regionId: m.regionId, memorialId: m.id, day, visitorHash, flowers: 1 })
    .onConflictDoUpdate({
      target: [
        memorialVisitorDays.regionId,
        memorialVisitorDays.memorialId,
        memorialVisitorDays.day,
        memorialVisitorDays.visitorHash,
      ],
      set: { flowers: sql`${memorialVisitorDays.flowers} + 1` },
      setWhere: sql`${memorialVisitorDays.flowers} < ${maxPerDay}`,
    })
    .returning({ flowers: memorialVisitorDays.flowers });
  if (marked.length === 0) {
    return undefined;
  }
  const [row] = await db
    .update(memorials)
    .set({ flowerCount: sql`${memorials.flowerCount} + 1` })
    .where(and(eq(memorials.regionId, m.regionId), eq(memorials.id, m.id)))
    .returning({ flowerCount: memorials.flowerCount });
  return row.flowerCount;
}

export async function insertMessage(db: Db, row: typeof memorialMessages.$inferInsert): Promise<MessageRow> {
  const [created] = await db.insert(memorialMessages).values(row).returning();
  return created;
}

export async function findMessage(db: Db, id: string, forUpdate = false): Promise<MessageRow | undefined> {
  const q = db.select().from(memorialMessages).where(eq(memorialMessages.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function decideMessage(db: Db, m: MessageRow, status: string, decidedBy: string): Promise<MessageRow> {
  const [row] = await db
    .update(memorialMessages)
    .set({ status, decidedBy, decidedAt: new Date() })
    .where(and(eq(memorialMessages.regionId, m.regionId), eq(memorialMessages.id, m.id)))
    .returning();
  if (status === 'approved') {
    await db
      .update(memorials)
      .set({ messageCount: sql`${memorials.messageCount} + 1` })
      .where(and(eq(memorials.regionId, m.regionId), eq(memorials.id, m.memorialId)));
  }
  return row;
}

export async function listApprovedMessages(db: Db, m: MemorialRow, limit: number, offset: number) {
  return db
    .select()
    .from(memorialMessages)
    .where(
      and(
        eq(memorialMessages.regionId, m.regionId),
        eq(memorialMessages.memorialId, m.id),
        eq(memorialMessages.status, 'approved'),
      ),
    )
    .orderBy(desc(memorialMessages.createdAt))
    .limit(limit)
    .offset(offset);
}

/** Messages waiting for a moderator (or decided ones) on memorials of units in scope, oldest first. */
export async function listMessagesForModeration(
  db: Db,
  f: { scope: (col: SQLWrapper) => SQL; status: string; limit: number; offset: number },
) {
  const where = and(eq(memorialMessages.status, f.status), f.scope(memorials.orgId));
  const base = db
    .select({ message: memorialMessages, memorialName: memorials.displayName, orgId: memorials.orgId })
    .from(memorialMessages)
    .innerJoin(
      memorials,
      and(eq(memorials.regionId, memorialMessages.regionId), eq(memorials.id, memorialMessages.memorialId)),
    )
    .where(where);
  const [rows, [{ n }]] = await Promise.all([
    base.orderBy(memorialMessages.createdAt).limit(f.limit).offset(f.offset),
    db
      .select({ n: count() })
      .from(memorialMessages)
      .innerJoin(
        memorials,
        and(eq(memorials.regionId, memorialMessages.regionId), eq(memorials.id, memorialMessages.memorialId)),
      )
      .where(where),
  ]);
  return { rows, total: Number(n) };
}

/**
 * Deletes up to `batch` visitor-day rows of days before `before` (their visits and flowers are already counted on the
 * memorial); returns how many went. Batched so that a large backlog never holds the database in one long statement.
 */
export async function pruneVisitorDays(db: Db, before: string, batch: number): Promise<number> {
  const gone = await queryRows<{ one: number }>(
    db,
    sql`DELETE FROM memorial_visitor_days
    WHERE (region_id, memorial_id, day, visitor_hash) IN (
      SELECT region_id, memorial_id, day, visitor_hash FROM memorial_visitor_days WHERE day < ${before} LIMIT ${batch})
    RETURNING 1 AS one`,
  );
  return gone.length;
}
