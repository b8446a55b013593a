// Grievances data access: the only file that touches the grievances tables.
import { and, asc, count, desc, eq, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  callbackSamples,
  callbackTasks,
  duplicateSuspects,
  grievanceEvents,
  grievanceJobCursors,
  grievances,
} from './grievances.tables';

export type GrievanceRow = typeof grievances.$inferSelect;
export type GrievanceInsert = typeof grievances.$inferInsert;
export type EventRow = typeof grievanceEvents.$inferSelect;
export type SampleRow = typeof callbackSamples.$inferSelect;
export type TaskRow = typeof callbackTasks.$inferSelect;
export type DuplicateRow = typeof duplicateSuspects.$inferSelect;

/** Columns the service scopes and filters on. */
export const columns = {
  grievance: {
    orgId: grievances.orgId,
    status: grievances.status,
    dueOn: grievances.dueOn,
    grievanceNo: grievances.grievanceNo,
    subjectRef: grievances.subjectRef,
  },
  sample: { orgId: callbackSamples.orgId },
  task: { orgId: callbackTasks.orgId, sampleId: callbackTasks.sampleId, status: callbackTasks.status },
  duplicate: { orgId: duplicateSuspects.orgId, status: duplicateSuspects.status },
};

// ------------------------------------------------------------------------------------------------ grievances

export async function insertGrievance(db: Db, row: GrievanceInsert): Promise<GrievanceRow> {
  const [created] = await db.insert(grievances).values(row).returning();
  return created;
}

export async function findGrievanceById(db: Db, id: string): Promise<GrievanceRow | undefined> {
  const [row] = await db.select().from(grievances).where(eq(grievances.id, id)).limit(1);
  return row;
}

export async function findGrievanceByNo(db: Db, no: string): Promise<GrievanceRow | undefined> {
  const [row] = await db.select().from(grievances).where(eq(grievances.grievanceNo, no)).limit(1);
  return row;
}

export async function findGrievancesByIds(db: Db, ids: string[]): Promise<GrievanceRow[]> {
  return ids.length ? db.select().from(grievances).where(inArray(grievances.id, ids)) : [];
}

export async function lockGrievance(db: Db, regionId: number, id: string): Promise<GrievanceRow | undefined> {
  const [row] = await db
    .select()
    .from(grievances)
    .where(and(eq(grievances.regionId, regionId), eq(grievances.id, id)))
    .for('update');
  return row;
}

export async function updateGrievance(db: Db, g: GrievanceRow, patch: Partial<GrievanceInsert>): Promise<GrievanceRow> {
  const [row] = await db
    .update(grievances)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(grievances.regionId, g.regionId), eq(grievances.id, g.id)))
    .returning();
  return row;
}

/** A page of grievances: overdue open ones first, then open by deadline, then concluded (newest first). */
export async function listGrievances(db: Db, where: SQL[], today: string, limit: number, offset: number) {
  const cond = and(...where);
  const isOpen = sql`(${grievances.status} <> 'concluded')`;
  const rows = await db
    .select()
    .from(grievances)
    .where(cond)
    .orderBy(
      desc(sql`(${isOpen} AND ${grievances.dueOn} < ${today})`),
      desc(isOpen),
      asc(sql`CASE WHEN ${isOpen} THEN ${grievances.dueOn} END`),
      desc(grievances.submittedAt),
      asc(grievances.id),
    )
    .limit(limit)
    .offset(offset);
  const [{ n }] = await db.select({ n: count() }).from(grievances).where(cond);
  return { rows, total: Number(n) };
}

/** Open grievances past their last day that the overdue job has not flagged yet. */
export async function listNewlyOverdue(db: Db, today: string, limit: number): Promise<GrievanceRow[]> {
  return db
    .select()
    .from(grievances)
    .where(and(ne(grievances.status, 'concluded'), isNull(grievances.overdueAt), lt(grievances.dueOn, today)))
    .orderBy(asc(grievances.dueOn), asc(grievances.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Grievances about any of these relief cases (the cases' oversight flags). */
export async function listGrievancesForCases(db: Db, caseIds: string[]): Promise<GrievanceRow[]> {
  return caseIds.length
    ? db.select().from(grievances).where(inArray(grievances.reliefCaseId, caseIds)).orderBy(asc(grievances.submittedAt))
    : [];
}

export async function insertEvent(db: Db, row: typeof grievanceEvents.$inferInsert): Promise<void> {
  await db.insert(grievanceEvents).values(row);
}

export async function listEvents(db: Db, regionId: number, grievanceId: string, publicOnly: boolean) {
  return db
    .select()
    .from(grievanceEvents)
    .where(
      and(
        eq(grievanceEvents.regionId, regionId),
        eq(grievanceEvents.grievanceId, grievanceId),
        publicOnly ? eq(grievanceEvents.isPublic, true) : undefined,
      ),
    )
    .orderBy(asc(grievanceEvents.at), asc(grievanceEvents.id));
}

// ------------------------------------------------------------------------------------------------ call-backs

export async function insertSample(db: Db, row: typeof callbackSamples.$inferInsert): Promise<SampleRow> {
  const [created] = await db.insert(callbackSamples).values(row).returning();
  return created;
}

export async function findSampleById(db: Db, id: string): Promise<SampleRow | undefined> {
  const [row] = await db.select().from(callbackSamples).where(eq(callbackSamples.id, id)).limit(1);
  return row;
}

export async function listSamples(db: Db, where: SQL[]): Promise<SampleRow[]> {
  return db
    .select()
    .from(callbackSamples)
    .where(and(...where))
    .orderBy(desc(callbackSamples.createdAt))
    .limit(200);
}

export async function countDoneBySample(db: Db, sampleIds: string[]): Promise<Map<string, number>> {
  if (sampleIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ sampleId: callbackTasks.sampleId, n: count() })
    .from(callbackTasks)
    .where(and(inArray(callbackTasks.sampleId, sampleIds), eq(callbackTasks.status, 'done')))
    .groupBy(callbackTasks.sampleId);
  return new Map(rows.map((r) => [r.sampleId, Number(r.n)]));
}

export async function insertTasks(db: Db, rows: (typeof callbackTasks.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(callbackTasks).values(rows.slice(i, i + 500));
  }
}

export async function findTaskById(db: Db, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id)).limit(1);
  return row;
}

export async function lockTask(db: Db, regionId: number, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(callbackTasks)
    .where(and(eq(callbackTasks.regionId, regionId), eq(callbackTasks.id, id)))
    .for('update');
  return row;
}

export async function updateTask(db: Db, t: TaskRow, patch: Partial<TaskRow>): Promise<TaskRow> {
  const [row] = await db
    .update(callbackTasks)
    .set(patch)
    .where(and(eq(callbackTasks.regionId, t.regionId), eq(callbackTasks.id, t.id)))
    .returning();
  return row;
}

export async function listTasks(db: Db, where: SQL[]): Promise<TaskRow[]> {
  return db
    .select()
    .from(callbackTasks)
    .where(and(...where))
    .orderBy(desc(callbackTasks.createdAt), asc(callbackTasks.sampleId), asc(callbackTasks.drawOrder))
    .limit(2000);
}

export async function listTasksForCases(db: Db, caseIds: string[]): Promise<TaskRow[]> {
  return caseIds.length
    ? db
        .select()
        .from(callbackTasks)
        .where(and(inArray(callbackTasks.reliefCaseId, caseIds), eq(callbackTasks.status, 'done')))
    : [];
}

/** Call-back counts per unit of the recipients. */
export async function summariseTasks(db: Db, where: SQL[]) {
  const rows = await db
    .select({
      orgId: callbackTasks.orgId,
      sampled: count(),
      called: sql<number>`count(*) filter (where ${callbackTasks.status} = 'done')`.mapWith(Number),
      confirmed: sql<number>`count(*) filter (where ${callbackTasks.result} = 'confirmed')`.mapWith(Number),
      denied: sql<number>`count(*) filter (where ${callbackTasks.result} = 'denied')`.mapWith(Number),
      amountDiffers: sql<number>`count(*) filter (where ${callbackTasks.result} = 'amount_differs')`.mapWith(Number),
      unreachable: sql<number>`count(*) filter (where ${callbackTasks.result} = 'unreachable')`.mapWith(Number),
    })
    .from(callbackTasks)
    .where(and(...where))
    .groupBy(callbackTasks.orgId)
    .orderBy(asc(callbackTasks.orgId));
  return rows.map((r) => ({ ...r, sampled: Number(r.sampled) }));
}

// ------------------------------------------------------------------------------------------------ duplicates

/** Inserts the task unless one with the same key exists; true when it was new. */
export async function insertDuplicate(db: Db, row: typeof duplicateSuspects.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(duplicateSuspects)
    .values(row)
    .onConflictDoNothing({ target: [duplicateSuspects.regionId, duplicateSuspects.dedupeKey] })
    .returning({ id: duplicateSuspects.id });
  return inserted.length > 0;
}

export async function findDuplicateById(db: Db, id: string): Promise<DuplicateRow | undefined> {
  const [row] = await db.select().from(duplicateSuspects).where(eq(duplicateSuspects.id, id)).limit(1);
  return row;
}

export async function lockDuplicate(db: Db, regionId: number, id: string): Promise<DuplicateRow | undefined> {
  const [row] = await db
    .select()
    .from(duplicateSuspects)
    .where(and(eq(duplicateSuspects.regionId, regionId), eq(duplicateSuspects.id, id)))
    .for('update');
  return row;
}

export async function updateDuplicate(db: Db, d: DuplicateRow, patch: Partial<DuplicateRow>): Promise<DuplicateRow> {
  const [row] = await db
    .update(duplicateSuspects)
    .set(patch)
    .where(and(eq(duplicateSuspects.regionId, d.regionId), eq(duplicateSuspects.id, d.id)))
    .returning();
  return row;
}

export async function listDuplicates(db: Db, where: SQL[], limit: number, offset: number) {
  const cond = and(...where);
  const rows = await db
    .select()
    .from(duplicateSuspects)
    .where(cond)
    .orderBy(
      desc(sql`${duplicateSuspects.status} = 'open'`),
      desc(duplicateSuspects.createdAt),
      asc(duplicateSuspects.id),
    )
    .limit(limit)
    .offset(offset);
  const [{ n }] = await db.select({ n: count() }).from(duplicateSuspects).where(cond);
  return { rows, total: Number(n) };
}

export async function listDuplicatesForCases(db: Db, caseIds: string[]): Promise<DuplicateRow[]> {
  return caseIds.length
    ? db
        .select()
        .from(duplicateSuspects)
        .where(or(inArray(duplicateSuspects.caseAId, caseIds), inArray(duplicateSuspects.caseBId, caseIds)))
    : [];
}

// ------------------------------------------------------------------------------------------------ job cursors

export async function lockCursor(db: Db, name: string): Promise<{ lastAt: Date; lastId: string } | undefined> {
  await db
    .insert(grievanceJobCursors)
    .values({ name, lastAt: new Date(0), lastId: '', updatedAt: new Date() })
    .onConflictDoNothing();
  const [row] = await db.select().from(grievanceJobCursors).where(eq(grievanceJobCursors.name, name)).for('update');
  return row;
}

export async function setCursor(db: Db, name: string, lastAt: Date, lastId: string): Promise<void> {
  await db
    .update(grievanceJobCursors)
    .set({ lastAt, lastId, updatedAt: new Date() })
    .where(eq(grievanceJobCursors.name, name));
}
