// Data access of blood drives and their participants. A person's previous donation is looked up by the blind index of
// their ID number in every region (people move).
import { and, count, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bloodDriveDonors, bloodDrives, stemCellRegistrations } from './registry-stemcell.tables';

export type DriveRow = typeof bloodDrives.$inferSelect;
export type DonorRow = typeof bloodDriveDonors.$inferSelect;
export type DonorInsert = typeof bloodDriveDonors.$inferInsert;

export const columns = { drive: bloodDrives };

/** Serialises donations of one person across concurrent transactions (the 6-month rule). */
export async function lockDonor(db: Db, idHash: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`blood:${idHash}`}))`);
}

export async function insertDrive(db: Db, row: typeof bloodDrives.$inferInsert): Promise<DriveRow> {
  const [created] = await db.insert(bloodDrives).values(row).returning();
  return created;
}

export async function findDrive(db: Db, id: string, forUpdate = false): Promise<DriveRow | undefined> {
  const q = db.select().from(bloodDrives).where(eq(bloodDrives.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateDriveStatus(db: Db, row: DriveRow, status: string): Promise<DriveRow> {
  const [updated] = await db
    .update(bloodDrives)
    .set({ status })
    .where(and(eq(bloodDrives.regionId, row.regionId), eq(bloodDrives.id, row.id)))
    .returning();
  return updated;
}

export async function listDrives(db: Db, scope: SQL, orgId?: number): Promise<DriveRow[]> {
  return db
    .select()
    .from(bloodDrives)
    .where(and(scope, orgId ? eq(bloodDrives.orgId, orgId) : undefined))
    .orderBy(desc(bloodDrives.heldOn))
    .limit(200);
}

export async function listUpcoming(db: Db, since: string): Promise<DriveRow[]> {
  return db
    .select()
    .from(bloodDrives)
    .where(and(gte(bloodDrives.heldOn, since), sql`${bloodDrives.status} <> 'cancelled'`))
    .orderBy(bloodDrives.heldOn)
    .limit(50);
}

/** Per drive: registered, donated, millilitres and stem-cell sign-ups made at it. */
export async function driveCounts(
  db: Db,
  driveIds: string[],
): Promise<Map<string, { registered: number; donated: number; volumeMl: number; stemCellSignUps: number }>> {
  const out = new Map<string, { registered: number; donated: number; volumeMl: number; stemCellSignUps: number }>();
  if (driveIds.length === 0) {
    return out;
  }
  for (const id of driveIds) {
    out.set(id, { registered: 0, donated: 0, volumeMl: 0, stemCellSignUps: 0 });
  }
  const donors = await db
    .select({
      driveId: bloodDriveDonors.driveId,
      registered: count(),
      donated: sql<number>`count(*) FILTER (WHERE ${bloodDriveDonors.status} = 'donated')`,
      volumeMl: sql<number>`coalesce(sum(${bloodDriveDonors.volumeMl}) FILTER (WHERE ${bloodDriveDonors.status} = 'donated'), 0)`,
    })
    .from(bloodDriveDonors)
    .where(inArray(bloodDriveDonors.driveId, driveIds))
    .groupBy(bloodDriveDonors.driveId);
  for (const d of donors) {
    Object.assign(out.get(d.driveId)!, {
      registered: Number(d.registered),
      donated: Number(d.donated),
      volumeMl: Number(d.volumeMl),
    });
  }
  const signUps = await db
    .select({ driveId: stemCellRegistrations.driveId, n: count() })
    .from(stemCellRegistrations)
    .where(inArray(stemCellRegistrations.driveId, driveIds))
    .groupBy(stemCellRegistrations.driveId);
  for (const s of signUps) {
    out.get(s.driveId!)!.stemCellSignUps = Number(s.n);
  }
  return out;
}

export async function insertDonor(db: Db, row: DonorInsert): Promise<DonorRow> {
  const [created] = await db.insert(bloodDriveDonors).values(row).returning();
  return created;
}

export async function findDonor(db: Db, driveId: string, id: string): Promise<DonorRow | undefined> {
  const [row] = await db
    .select()
    .from(bloodDriveDonors)
    .where(and(eq(bloodDriveDonors.driveId, driveId), eq(bloodDriveDonors.id, id)))
    .for('update');
  return row;
}

export async function findDonorAtDrive(db: Db, regionId: number, driveId: string, idHash: string) {
  const [row] = await db
    .select()
    .from(bloodDriveDonors)
    .where(
      and(
        eq(bloodDriveDonors.regionId, regionId),
        eq(bloodDriveDonors.driveId, driveId),
        eq(bloodDriveDonors.idNumberHash, idHash),
      ),
    );
  return row;
}

export async function updateDonor(db: Db, row: DonorRow, patch: Partial<DonorInsert>): Promise<DonorRow> {
  const [updated] = await db
    .update(bloodDriveDonors)
    .set(patch)
    .where(and(eq(bloodDriveDonors.regionId, row.regionId), eq(bloodDriveDonors.id, row.id)))
    .returning();
  return updated;
}

export async function listDonors(db: Db, regionId: number, driveId: string): Promise<DonorRow[]> {
  return db
    .select()
    .from(bloodDriveDonors)
    .where(and(eq(bloodDriveDonors.regionId, regionId), eq(bloodDriveDonors.driveId, driveId)))
    .orderBy(desc(bloodDriveDonors.createdAt));
}

/** The person's latest whole-blood donation at our drives (any region), other than at `exceptDriveId`. */
export async function lastDonationOn(db: Db, idHash: string, exceptDriveId?: string): Promise<string | null> {
  const [row] = await db
    .select({ on: sql<string | null>`max(${bloodDriveDonors.donatedOn})::text` })
    .from(bloodDriveDonors)
    .where(
      and(
        eq(bloodDriveDonors.idNumberHash, idHash),
        eq(bloodDriveDonors.status, 'donated'),
        exceptDriveId ? sql`${bloodDriveDonors.driveId} <> ${exceptDriveId}` : undefined,
      ),
    );
  return row?.on ?? null;
}

/** Drives held and donors who gave, per unit and China month, for the units under `scope`. */
export async function countByOrgMonth(
  db: Db,
  scope: SQL,
  from: string,
  to: string,
): Promise<{ orgId: number; month: string; drives: number; donors: number; volumeMl: number }[]> {
  const month = sql<string>`to_char(${bloodDrives.heldOn}, 'YYYY-MM')`;
  const rows = await db
    .select({
      orgId: bloodDrives.orgId,
      month,
      drives: sql<number>`count(DISTINCT ${bloodDrives.id})`,
      donors: sql<number>`count(${bloodDriveDonors.id}) FILTER (WHERE ${bloodDriveDonors.status} = 'donated')`,
      volumeMl: sql<number>`coalesce(sum(${bloodDriveDonors.volumeMl}) FILTER (WHERE ${bloodDriveDonors.status} = 'donated'), 0)`,
    })
    .from(bloodDrives)
    .leftJoin(
      bloodDriveDonors,
      and(eq(bloodDriveDonors.regionId, bloodDrives.regionId), eq(bloodDriveDonors.driveId, bloodDrives.id)),
    )
    .where(
      and(scope, gte(bloodDrives.heldOn, from), lte(bloodDrives.heldOn, to), sql`${bloodDrives.status} <> 'cancelled'`),
    )
    .groupBy(bloodDrives.orgId, month);
  return rows.map((r) => ({
    orgId: r.orgId,
    month: r.month,
    drives: Number(r.drives),
    donors: Number(r.donors),
    volumeMl: Number(r.volumeMl),
  }));
}
