// Relief data access: the only file that touches the relief tables.
import { and, asc, count, desc, eq, inArray, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import {
  reliefBatches,
  reliefBatchImports,
  reliefCaseEvents,
  reliefCases,
  reliefKinds,
  reliefObjections,
  reliefPayouts,
  reliefVisits,
} from './relief.tables';

export type KindRow = typeof reliefKinds.$inferSelect;
export type KindInsert = typeof reliefKinds.$inferInsert;
export type CaseRow = typeof reliefCases.$inferSelect;
export type CaseInsert = typeof reliefCases.$inferInsert;
export type EventRow = typeof reliefCaseEvents.$inferSelect;
export type VisitRow = typeof reliefVisits.$inferSelect;
export type ObjectionRow = typeof reliefObjections.$inferSelect;
export type PayoutRow = typeof reliefPayouts.$inferSelect;
export type BatchRow = typeof reliefBatches.$inferSelect;

/** Columns the service uses to build scope and filter conditions. */
export const columns = {
  case: reliefCases,
  objection: { orgId: reliefObjections.orgId, status: reliefObjections.status, createdAt: reliefObjections.createdAt },
  batch: { orgId: reliefBatches.orgId, status: reliefBatches.status },
};

export const batchImportRecords = importStore(reliefBatchImports);

// ------------------------------------------------------------------------------------------------ kinds

export async function listKinds(db: Db): Promise<KindRow[]> {
  return db.select().from(reliefKinds).orderBy(asc(reliefKinds.code));
}

export async function findKind(db: Db, code: string): Promise<KindRow | undefined> {
  const [row] = await db.select().from(reliefKinds).where(eq(reliefKinds.code, code));
  return row;
}

/** Inserts the kinds that are missing; existing kinds (maybe edited) are left as they are. */
export async function insertMissingKinds(db: Db, rows: KindInsert[]): Promise<void> {
  await db.insert(reliefKinds).values(rows).onConflictDoNothing({ target: reliefKinds.code });
}

export async function updateKind(db: Db, code: string, patch: Partial<KindInsert>): Promise<KindRow> {
  const [row] = await db
    .update(reliefKinds)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(reliefKinds.code, code))
    .returning();
  return row;
}

// ------------------------------------------------------------------------------------------------ cases

export async function insertCases(db: Db, rows: CaseInsert[]): Promise<CaseRow[]> {
  return rows.length > 0 ? db.insert(reliefCases).values(rows).returning() : [];
}

export async function findCaseById(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(reliefCases).where(eq(reliefCases.id, id));
  return row;
}

export async function findCaseByNo(db: Db, caseNo: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(reliefCases).where(eq(reliefCases.caseNo, caseNo));
  return row;
}

/** The case, locked for a status change (concurrent steps on one case wait for each other). */
export async function lockCase(db: Db, regionId: number, id: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(reliefCases)
    .where(and(eq(reliefCases.regionId, regionId), eq(reliefCases.id, id)))
    .for('update');
  return row;
}

export async function updateCase(db: Db, c: CaseRow, patch: Partial<CaseInsert>): Promise<CaseRow> {
  const [row] = await db
    .update(reliefCases)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(reliefCases.regionId, c.regionId), eq(reliefCases.id, c.id)))
    .returning();
  return row;
}

export async function listCases(
  db: Db,
  f: { where: SQL[]; orderBy: SQL[]; limit: number; offset: number },
): Promise<{ rows: CaseRow[]; total: number }> {
  const where = and(...f.where);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(reliefCases)
      .where(where)
      .orderBy(...f.orderBy)
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(reliefCases).where(where),
  ]);
  return { rows, total: Number(n) };
}

/** Every case of these people, in any unit and year, newest first (the recipient registry). */
export async function casesOfPeople(db: Db, personIds: string[]): Promise<CaseRow[]> {
  if (personIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(reliefCases)
    .where(inArray(reliefCases.personId, personIds))
    .orderBy(desc(reliefCases.submittedAt));
}

export async function casesOfBatch(db: Db, batchId: string): Promise<CaseRow[]> {
  return db.select().from(reliefCases).where(eq(reliefCases.batchId, batchId)).orderBy(asc(reliefCases.caseNo));
}

export async function casesOfAccount(db: Db, accountId: string): Promise<CaseRow[]> {
  return db
    .select()
    .from(reliefCases)
    .where(eq(reliefCases.publicAccountId, accountId))
    .orderBy(desc(reliefCases.submittedAt))
    .limit(100);
}

/** Cases on public notice whose notice has not ended, filtered by the caller's conditions. */
export async function listOpenNotices(
  db: Db,
  f: { where: SQL[]; limit: number; offset: number; now: Date },
): Promise<{ rows: CaseRow[]; total: number }> {
  const where = and(
    eq(reliefCases.status, 'on_notice'),
    sql`${reliefCases.noticeEndsAt} > ${f.now.toISOString()}`,
    ...f.where,
  );
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(reliefCases)
      .where(where)
      .orderBy(desc(reliefCases.noticeStartsAt), asc(reliefCases.caseNo))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(reliefCases).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function batchStatusCounts(
  db: Db,
  batchIds: string[],
): Promise<{ batchId: string; status: string; n: number; paidFen: number }[]> {
  if (batchIds.length === 0) {
    return [];
  }
  const rows = await db
    .select({
      batchId: reliefCases.batchId,
      status: reliefCases.status,
      n: count(),
      paidFen: sum(reliefCases.paidFen),
    })
    .from(reliefCases)
    .where(inArray(reliefCases.batchId, batchIds))
    .groupBy(reliefCases.batchId, reliefCases.status);
  return rows.map((r) => ({ batchId: r.batchId!, status: r.status, n: Number(r.n), paidFen: Number(r.paidFen ?? 0) }));
}

// ------------------------------------------------------------------------------------------------ timeline and visits

let lastEventMs = 0;

/** A timeline time that never repeats within this process, so two steps of one transaction keep their order. */
export function eventTime(): Date {
  lastEventMs = Math.max(Date.now(), lastEventMs + 1);
  return new Date(lastEventMs);
}

export async function insertEvents(db: Db, rows: (typeof reliefCaseEvents.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) {
    await db.insert(reliefCaseEvents).values(rows.map((r) => ({ ...r, at: r.at ?? eventTime() })));
  }
}

export async function eventsOfCase(db: Db, caseId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(reliefCaseEvents)
    .where(eq(reliefCaseEvents.caseId, caseId))
    .orderBy(asc(reliefCaseEvents.at), asc(reliefCaseEvents.id));
}

export async function insertVisit(db: Db, row: typeof reliefVisits.$inferInsert): Promise<VisitRow> {
  const [created] = await db.insert(reliefVisits).values(row).returning();
  return created;
}

export async function visitsOfCase(db: Db, caseId: string): Promise<VisitRow[]> {
  return db.select().from(reliefVisits).where(eq(reliefVisits.caseId, caseId)).orderBy(asc(reliefVisits.recordedAt));
}

// ------------------------------------------------------------------------------------------------ objections

export async function insertObjection(db: Db, row: typeof reliefObjections.$inferInsert): Promise<ObjectionRow> {
  const [created] = await db.insert(reliefObjections).values(row).returning();
  return created;
}

export async function findObjectionById(db: Db, id: string): Promise<ObjectionRow | undefined> {
  const [row] = await db.select().from(reliefObjections).where(eq(reliefObjections.id, id));
  return row;
}

export async function lockObjection(db: Db, regionId: number, id: string): Promise<ObjectionRow | undefined> {
  const [row] = await db
    .select()
    .from(reliefObjections)
    .where(and(eq(reliefObjections.regionId, regionId), eq(reliefObjections.id, id)))
    .for('update');
  return row;
}

export async function updateObjection(
  db: Db,
  o: ObjectionRow,
  patch: Partial<typeof reliefObjections.$inferInsert>,
): Promise<ObjectionRow> {
  const [row] = await db
    .update(reliefObjections)
    .set(patch)
    .where(and(eq(reliefObjections.regionId, o.regionId), eq(reliefObjections.id, o.id)))
    .returning();
  return row;
}

export async function objectionsOfCase(db: Db, caseId: string): Promise<ObjectionRow[]> {
  return db
    .select()
    .from(reliefObjections)
    .where(eq(reliefObjections.caseId, caseId))
    .orderBy(asc(reliefObjections.createdAt));
}

export async function countOpenObjections(db: Db, caseId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(reliefObjections)
    .where(and(eq(reliefObjections.caseId, caseId), eq(reliefObjections.status, 'open')));
  return Number(n);
}

export async function listObjections(
  db: Db,
  f: { where: SQL[]; limit: number; offset: number },
): Promise<{ rows: ObjectionRow[]; total: number }> {
  const where = and(...f.where);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(reliefObjections)
      .where(where)
      .orderBy(desc(reliefObjections.createdAt))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(reliefObjections).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function findCasesByIds(db: Db, ids: string[]): Promise<CaseRow[]> {
  return ids.length > 0 ? db.select().from(reliefCases).where(inArray(reliefCases.id, ids)) : [];
}

// ------------------------------------------------------------------------------------------------ payouts

export async function insertPayout(db: Db, row: typeof reliefPayouts.$inferInsert): Promise<PayoutRow> {
  const [created] = await db.insert(reliefPayouts).values(row).returning();
  return created;
}

export async function findPayoutByRef(db: Db, fundSource: string, payoutRef: string): Promise<PayoutRow | undefined> {
  const [row] = await db
    .select()
    .from(reliefPayouts)
    .where(and(eq(reliefPayouts.fundSource, fundSource), eq(reliefPayouts.payoutRef, payoutRef)));
  return row;
}

export async function updatePayout(
  db: Db,
  p: PayoutRow,
  patch: Partial<typeof reliefPayouts.$inferInsert>,
): Promise<PayoutRow> {
  const [row] = await db
    .update(reliefPayouts)
    .set(patch)
    .where(and(eq(reliefPayouts.regionId, p.regionId), eq(reliefPayouts.id, p.id)))
    .returning();
  return row;
}

export async function payoutsOfCase(db: Db, caseId: string): Promise<PayoutRow[]> {
  return db
    .select()
    .from(reliefPayouts)
    .where(eq(reliefPayouts.caseId, caseId))
    .orderBy(asc(reliefPayouts.requestedAt));
}

// ------------------------------------------------------------------------------------------------ batches

export async function insertBatch(db: Db, row: typeof reliefBatches.$inferInsert): Promise<BatchRow> {
  const [created] = await db.insert(reliefBatches).values(row).returning();
  return created;
}

export async function findBatchById(db: Db, id: string): Promise<BatchRow | undefined> {
  const [row] = await db.select().from(reliefBatches).where(eq(reliefBatches.id, id));
  return row;
}

export async function findBatchByImport(db: Db, importId: string): Promise<BatchRow | undefined> {
  const [row] = await db.select().from(reliefBatches).where(eq(reliefBatches.importId, importId));
  return row;
}

export async function lockBatch(db: Db, regionId: number, id: string): Promise<BatchRow | undefined> {
  const [row] = await db
    .select()
    .from(reliefBatches)
    .where(and(eq(reliefBatches.regionId, regionId), eq(reliefBatches.id, id)))
    .for('update');
  return row;
}

export async function updateBatch(
  db: Db,
  b: BatchRow,
  patch: Partial<typeof reliefBatches.$inferInsert>,
): Promise<BatchRow> {
  const [row] = await db
    .update(reliefBatches)
    .set(patch)
    .where(and(eq(reliefBatches.regionId, b.regionId), eq(reliefBatches.id, b.id)))
    .returning();
  return row;
}

export async function listBatches(
  db: Db,
  f: { where: SQL[]; limit: number; offset: number },
): Promise<{ rows: BatchRow[]; total: number }> {
  const where = and(...f.where);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(reliefBatches).where(where).orderBy(desc(reliefBatches.createdAt)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(reliefBatches).where(where),
  ]);
  return { rows, total: Number(n) };
}
