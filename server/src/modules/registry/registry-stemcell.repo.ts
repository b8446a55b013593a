// Data access of stem-cell donor registration: registrations, samples and steps. Every query on a large table names
// region_id when the region is known; lookups by blind index, barcode or check code search all regions.
import { and, asc, count, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { stemCellRegistrations, stemCellSamples, stemCellSteps } from './registry-stemcell.tables';

export type RegistrationRow = typeof stemCellRegistrations.$inferSelect;
export type RegistrationInsert = typeof stemCellRegistrations.$inferInsert;
export type SampleRow = typeof stemCellSamples.$inferSelect;
export type StepRow = typeof stemCellSteps.$inferSelect;
export type StepInsert = typeof stemCellSteps.$inferInsert;

export const columns = { registration: stemCellRegistrations, step: stemCellSteps };

/** Serialises registrations of one ID number (or uses of one barcode) across concurrent transactions. */
export async function lockKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`stemcell:${key}`}))`);
}

export async function insertRegistration(db: Db, row: RegistrationInsert): Promise<RegistrationRow> {
  const [created] = await db.insert(stemCellRegistrations).values(row).returning();
  return created;
}

export async function updateRegistration(
  db: Db,
  row: RegistrationRow,
  patch: Partial<RegistrationInsert>,
): Promise<RegistrationRow> {
  const [updated] = await db
    .update(stemCellRegistrations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(stemCellRegistrations.regionId, row.regionId), eq(stemCellRegistrations.id, row.id)))
    .returning();
  return updated;
}

export async function findRegistration(db: Db, id: string, forUpdate = false): Promise<RegistrationRow | undefined> {
  const q = db.select().from(stemCellRegistrations).where(eq(stemCellRegistrations.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findByIdHash(db: Db, idHash: string): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(stemCellRegistrations)
    .where(eq(stemCellRegistrations.idNumberHash, idHash))
    .orderBy(desc(stemCellRegistrations.createdAt));
}

/** The newest registration signed up with a phone (the public account's own). */
export async function findLatestByPhoneHash(db: Db, phoneHash: string): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(stemCellRegistrations)
    .where(eq(stemCellRegistrations.phoneHash, phoneHash))
    .orderBy(desc(stemCellRegistrations.createdAt))
    .limit(1);
  return row;
}

export async function findByCheckCode(db: Db, regionId: number, code: string): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(stemCellRegistrations)
    .where(and(eq(stemCellRegistrations.regionId, regionId), eq(stemCellRegistrations.checkCode, code)));
  return row;
}

export async function listRegistrations(
  db: Db,
  where: SQL[],
  limit: number,
  offset: number,
): Promise<{ rows: RegistrationRow[]; total: number }> {
  const cond = and(...where);
  const rows = await db
    .select()
    .from(stemCellRegistrations)
    .where(cond)
    .orderBy(desc(stemCellRegistrations.createdAt), asc(stemCellRegistrations.id))
    .limit(limit)
    .offset(offset);
  const [{ n }] = await db.select({ n: count() }).from(stemCellRegistrations).where(cond);
  return { rows, total: Number(n) };
}

/** Online sign-ups whose confirmation window has passed, oldest first. */
export async function listUnconfirmedBefore(db: Db, at: Date, limit: number): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(stemCellRegistrations)
    .where(and(eq(stemCellRegistrations.status, 'cooling_off'), lte(stemCellRegistrations.confirmBy, at)))
    .orderBy(asc(stemCellRegistrations.confirmBy))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ samples

export async function insertSample(db: Db, row: typeof stemCellSamples.$inferInsert): Promise<SampleRow> {
  const [created] = await db.insert(stemCellSamples).values(row).returning();
  return created;
}

export async function findSampleByBarcode(db: Db, barcode: string): Promise<SampleRow | undefined> {
  const [row] = await db.select().from(stemCellSamples).where(eq(stemCellSamples.barcode, barcode));
  return row;
}

export async function findSample(db: Db, id: string): Promise<SampleRow | undefined> {
  const [row] = await db.select().from(stemCellSamples).where(eq(stemCellSamples.id, id));
  return row;
}

export async function listSamples(db: Db, regionId: number, registrationIds: string[]): Promise<SampleRow[]> {
  if (registrationIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(stemCellSamples)
    .where(and(eq(stemCellSamples.regionId, regionId), inArray(stemCellSamples.registrationId, registrationIds)))
    .orderBy(asc(stemCellSamples.createdAt));
}

/** Latest barcode of each registration (for lists). */
export async function barcodesOf(db: Db, registrationIds: string[]): Promise<Map<string, string>> {
  if (registrationIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ registrationId: stemCellSamples.registrationId, barcode: stemCellSamples.barcode })
    .from(stemCellSamples)
    .where(inArray(stemCellSamples.registrationId, registrationIds))
    .orderBy(asc(stemCellSamples.createdAt));
  return new Map(rows.map((r) => [r.registrationId, r.barcode]));
}

// ------------------------------------------------------------------------------------------------ steps

export async function insertStep(db: Db, row: StepInsert): Promise<StepRow> {
  const [created] = await db.insert(stemCellSteps).values(row).returning();
  return created;
}

export async function listSteps(db: Db, regionId: number, registrationId: string): Promise<StepRow[]> {
  return db
    .select()
    .from(stemCellSteps)
    .where(and(eq(stemCellSteps.regionId, regionId), eq(stemCellSteps.registrationId, registrationId)))
    .orderBy(asc(stemCellSteps.at));
}

/** Counts of steps per unit and China month between two dates, for the units under `scope`. */
export async function countStepsByOrgMonth(
  db: Db,
  scope: SQL,
  from: string,
  to: string,
): Promise<{ orgId: number; month: string; step: string; n: number }[]> {
  const month = sql<string>`to_char(${stemCellSteps.stepOn}, 'YYYY-MM')`;
  const rows = await db
    .select({ orgId: stemCellSteps.orgId, month, step: stemCellSteps.step, n: count() })
    .from(stemCellSteps)
    .where(and(scope, gte(stemCellSteps.stepOn, from), lte(stemCellSteps.stepOn, to)))
    .groupBy(stemCellSteps.orgId, month, stemCellSteps.step);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Demo data only: moves a registration's dates `days` back (sign-up, steps, samples), so statistics span months. */
export async function backdateRegistration(db: Db, r: RegistrationRow, days: number): Promise<void> {
  const shift = sql`${`${days} days`}::interval`;
  await db
    .update(stemCellRegistrations)
    .set({
      createdAt: sql`${stemCellRegistrations.createdAt} - ${shift}`,
      consentedAt: sql`${stemCellRegistrations.consentedAt} - ${shift}`,
      confirmedAt: sql`${stemCellRegistrations.confirmedAt} - ${shift}`,
    })
    .where(and(eq(stemCellRegistrations.regionId, r.regionId), eq(stemCellRegistrations.id, r.id)));
  await db
    .update(stemCellSteps)
    .set({ stepOn: sql`${stemCellSteps.stepOn} - ${days}::int`, at: sql`${stemCellSteps.at} - ${shift}` })
    .where(and(eq(stemCellSteps.regionId, r.regionId), eq(stemCellSteps.registrationId, r.id)));
  await db
    .update(stemCellSamples)
    .set({ collectedOn: sql`${stemCellSamples.collectedOn} - ${days}::int` })
    .where(and(eq(stemCellSamples.regionId, r.regionId), eq(stemCellSamples.registrationId, r.id)));
}
