// Drizzle queries of the reports part: subscriptions and sent runs. The only file that touches kpi-reports.tables.
import { and, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { kpiReportRuns, kpiReportSubscriptions } from './kpi-reports.tables';

export type { StoredRecipient } from './kpi-reports.tables';
export type SubscriptionRow = typeof kpiReportSubscriptions.$inferSelect;
export type RunRow = typeof kpiReportRuns.$inferSelect;

export const columns = { subscriptionOrgId: kpiReportSubscriptions.orgId, runOrgId: kpiReportRuns.orgId };

export async function insertSubscription(db: Db, row: typeof kpiReportSubscriptions.$inferInsert) {
  const [created] = await db.insert(kpiReportSubscriptions).values(row).returning();
  return created;
}

export async function findSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(kpiReportSubscriptions).where(eq(kpiReportSubscriptions.id, id));
  return row;
}

/** Active subscriptions whose unit matches `where` (a scope condition over the org column), newest first. */
export function listActiveSubscriptions(db: Db, where: SQL): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(kpiReportSubscriptions)
    .where(and(isNull(kpiReportSubscriptions.cancelledAt), where))
    .orderBy(desc(kpiReportSubscriptions.createdAt));
}

/** Active subscriptions created before `before` that have no run for the year and month yet. */
export function listSubscriptionsDue(db: Db, year: number, month: number, before: Date): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(kpiReportSubscriptions)
    .where(
      and(
        isNull(kpiReportSubscriptions.cancelledAt),
        lt(kpiReportSubscriptions.createdAt, before),
        sql`NOT EXISTS (SELECT 1 FROM ${kpiReportRuns} WHERE ${kpiReportRuns.subscriptionId} = ${kpiReportSubscriptions.id} AND ${kpiReportRuns.year} = ${year} AND ${kpiReportRuns.month} = ${month})`,
      ),
    )
    .orderBy(kpiReportSubscriptions.createdAt);
}

/** Cancels a subscription; false when it was cancelled already. */
export async function cancelSubscription(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(kpiReportSubscriptions)
    .set({ cancelledAt: at })
    .where(and(eq(kpiReportSubscriptions.id, id), isNull(kpiReportSubscriptions.cancelledAt)))
    .returning({ id: kpiReportSubscriptions.id });
  return rows.length > 0;
}

/** Records a run; undefined when the subscription already has one for that month (nothing is sent twice). */
export async function insertRun(db: Db, row: typeof kpiReportRuns.$inferInsert): Promise<RunRow | undefined> {
  const [created] = await db
    .insert(kpiReportRuns)
    .values(row)
    .onConflictDoNothing({ target: [kpiReportRuns.subscriptionId, kpiReportRuns.year, kpiReportRuns.month] })
    .returning();
  return created;
}

export async function setRunFiles(db: Db, id: string, files: { xlsxFileId: string | null; pdfFileId: string | null }) {
  await db.update(kpiReportRuns).set(files).where(eq(kpiReportRuns.id, id));
}

export async function setRunMessages(db: Db, id: string, messagesQueued: number) {
  await db.update(kpiReportRuns).set({ messagesQueued }).where(eq(kpiReportRuns.id, id));
}

/** Runs whose unit matches `where`, newest first. */
export function listRuns(db: Db, where: SQL, limit: number): Promise<RunRow[]> {
  return db.select().from(kpiReportRuns).where(where).orderBy(desc(kpiReportRuns.createdAt)).limit(limit);
}

/** The latest run of each subscription. */
export async function latestRuns(db: Db, subscriptionIds: string[]): Promise<RunRow[]> {
  if (subscriptionIds.length === 0) {
    return [];
  }
  return db
    .selectDistinctOn([kpiReportRuns.subscriptionId])
    .from(kpiReportRuns)
    .where(inArray(kpiReportRuns.subscriptionId, subscriptionIds))
    .orderBy(kpiReportRuns.subscriptionId, desc(kpiReportRuns.year), desc(kpiReportRuns.month));
}
