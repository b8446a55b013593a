// The transparency part's one table: annual report and audit result publication records. Only this file touches it.
import { and, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { kpiAnnualDisclosures } from './kpi-transparency.tables';

export type AnnualDisclosureRow = typeof kpiAnnualDisclosures.$inferSelect;

export async function insertAnnualDisclosure(
  db: Db,
  row: typeof kpiAnnualDisclosures.$inferInsert,
): Promise<AnnualDisclosureRow> {
  const [created] = await db.insert(kpiAnnualDisclosures).values(row).returning();
  return created;
}

export async function findAnnualDisclosure(db: Db, id: string): Promise<AnnualDisclosureRow | undefined> {
  const [row] = await db.select().from(kpiAnnualDisclosures).where(eq(kpiAnnualDisclosures.id, id)).limit(1);
  return row;
}

/** The records of these units (and years), newest publication first. */
export async function listAnnualDisclosures(
  db: Db,
  q: { orgIds: number[]; reportYear?: number; publishedBefore?: Date },
): Promise<AnnualDisclosureRow[]> {
  if (q.orgIds.length === 0) {
    return [];
  }
  const where: SQL[] = [inArray(kpiAnnualDisclosures.orgId, q.orgIds)];
  if (q.reportYear !== undefined) {
    where.push(eq(kpiAnnualDisclosures.reportYear, q.reportYear));
  }
  if (q.publishedBefore) {
    where.push(lte(kpiAnnualDisclosures.publishedAt, q.publishedBefore));
  }
  return db
    .select()
    .from(kpiAnnualDisclosures)
    .where(and(...where))
    .orderBy(desc(kpiAnnualDisclosures.publishedAt));
}
