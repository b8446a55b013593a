// Queries of the public AED map and the coverage analysis: devices by code, problem reports, key places.
import { and, desc, eq, ilike, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { aedKeyPlaces, aedReports, aeds } from './aed.tables';

export type AedRow = typeof aeds.$inferSelect;
export type ReportRow = typeof aedReports.$inferSelect;
export type KeyPlaceRow = typeof aedKeyPlaces.$inferSelect;

export async function findAedByCode(db: Db, code: string): Promise<AedRow | undefined> {
  const [row] = await db.select().from(aeds).where(eq(aeds.code, code)).limit(1);
  return row;
}

export async function findAedById(db: Db, id: string): Promise<AedRow | undefined> {
  const [row] = await db.select().from(aeds).where(eq(aeds.id, id)).limit(1);
  return row;
}

/** Devices whose code, address or building contains `q` (not removed), for the public place search. */
export async function searchAeds(db: Db, q: string, limit: number) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      code: aeds.code,
      address: aeds.address,
      building: aeds.building,
      lat: aeds.lat,
      lng: aeds.lng,
    })
    .from(aeds)
    .where(
      and(
        ne(aeds.status, 'removed'),
        or(eq(aeds.code, q), ilike(aeds.address, like), ilike(aeds.building, like), ilike(aeds.spot, like)),
      ),
    )
    .orderBy(aeds.code)
    .limit(limit);
}

/** Every device (not removed) of the units matching `orgCondition`, for the coverage grid. */
export async function listAedsForCoverage(db: Db, orgCondition: SQL) {
  return db
    .select({
      id: aeds.id,
      code: aeds.code,
      lat: aeds.lat,
      lng: aeds.lng,
      address: aeds.address,
      status: aeds.status,
      is24h: aeds.is24h,
      openHours: aeds.openHours,
    })
    .from(aeds)
    .where(and(ne(aeds.status, 'removed'), orgCondition));
}

export async function insertReport(db: Db, row: typeof aedReports.$inferInsert): Promise<void> {
  await db.insert(aedReports).values(row);
}

export async function setReportTask(db: Db, regionId: number, id: string, taskId: string): Promise<void> {
  await db
    .update(aedReports)
    .set({ taskId })
    .where(and(eq(aedReports.regionId, regionId), eq(aedReports.id, id)));
}

export async function listReports(db: Db, orgCondition: SQL, limit = 200) {
  return db
    .select({ report: aedReports, code: aeds.code, address: aeds.address })
    .from(aedReports)
    .innerJoin(aeds, and(eq(aeds.regionId, aedReports.regionId), eq(aeds.id, aedReports.aedId)))
    .where(orgCondition)
    .orderBy(desc(aedReports.createdAt))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ key places

export async function insertKeyPlace(db: Db, row: typeof aedKeyPlaces.$inferInsert): Promise<KeyPlaceRow> {
  const [inserted] = await db.insert(aedKeyPlaces).values(row).returning();
  return inserted;
}

export async function findKeyPlace(db: Db, id: string): Promise<KeyPlaceRow | undefined> {
  const [row] = await db.select().from(aedKeyPlaces).where(eq(aedKeyPlaces.id, id)).limit(1);
  return row;
}

export async function updateKeyPlace(
  db: Db,
  row: KeyPlaceRow,
  patch: Partial<typeof aedKeyPlaces.$inferInsert>,
): Promise<KeyPlaceRow> {
  const [updated] = await db
    .update(aedKeyPlaces)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(aedKeyPlaces.regionId, row.regionId), eq(aedKeyPlaces.id, row.id)))
    .returning();
  return updated;
}

export async function deleteKeyPlace(db: Db, row: KeyPlaceRow): Promise<void> {
  await db.delete(aedKeyPlaces).where(and(eq(aedKeyPlaces.regionId, row.regionId), eq(aedKeyPlaces.id, row.id)));
}

export async function listKeyPlaces(db: Db, orgCondition: SQL): Promise<KeyPlaceRow[]> {
  return db
    .select()
    .from(aedKeyPlaces)
    .where(orgCondition)
    .orderBy(sql`${aedKeyPlaces.footfall} DESC NULLS LAST`, aedKeyPlaces.name);
}

export const columns = { aedOrg: aeds.orgId, reportOrg: aedReports.orgId, placeOrg: aedKeyPlaces.orgId };
