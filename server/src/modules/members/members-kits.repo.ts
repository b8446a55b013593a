// Drizzle queries of first-aid kits (急救物品认领制): kits, contents, tasks, checks, usage reports, code counters.
import { and, asc, count, desc, eq, inArray, isNotNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  memberAidKitChecks,
  memberAidKitCounters,
  memberAidKitItems,
  memberAidKits,
  memberAidKitTasks,
  memberAidKitUsages,
} from './members-points.tables';

export type KitRow = typeof memberAidKits.$inferSelect;
export type KitInsert = typeof memberAidKits.$inferInsert;
export type ItemRow = typeof memberAidKitItems.$inferSelect;
export type ItemInsert = typeof memberAidKitItems.$inferInsert;
export type TaskRow = typeof memberAidKitTasks.$inferSelect;
export type TaskInsert = typeof memberAidKitTasks.$inferInsert;

export const kitColumns = { orgId: memberAidKits.orgId, taskOrgId: memberAidKitTasks.orgId };

export async function reserveCodes(db: Db, prefix: string, n: number): Promise<number> {
  const [row] = await db
    .insert(memberAidKitCounters)
    .values({ prefix, lastSeq: n })
    .onConflictDoUpdate({
      target: memberAidKitCounters.prefix,
      set: { lastSeq: sql`${memberAidKitCounters.lastSeq} + ${n}` },
    })
    .returning({ last: memberAidKitCounters.lastSeq });
  return row.last - n + 1;
}

export async function insertKits(db: Db, kits: KitInsert[], items: ItemInsert[]): Promise<KitRow[]> {
  const rows = await db.insert(memberAidKits).values(kits).returning();
  for (let i = 0; i < items.length; i += 500) {
    await db.insert(memberAidKitItems).values(items.slice(i, i + 500));
  }
  return rows;
}

export async function findKit(db: Db, id: string, lock = false): Promise<KitRow | undefined> {
  const q = db.select().from(memberAidKits).where(eq(memberAidKits.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findKitByCode(db: Db, code: string): Promise<KitRow | undefined> {
  const [row] = await db.select().from(memberAidKits).where(eq(memberAidKits.code, code));
  return row;
}

export async function updateKit(db: Db, kit: KitRow, patch: Partial<KitRow>): Promise<KitRow> {
  const [row] = await db
    .update(memberAidKits)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(memberAidKits.regionId, kit.regionId), eq(memberAidKits.id, kit.id)))
    .returning();
  return row;
}

export async function listKits(db: Db, where: SQL[], q: { limit: number; offset: number }) {
  const cond = and(...where);
  const rows = await db
    .select()
    .from(memberAidKits)
    .where(cond)
    .orderBy(asc(memberAidKits.code))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db.select({ n: count() }).from(memberAidKits).where(cond);
  return { rows, total: n };
}

export async function listKitsOfHolder(db: Db, memberId: string): Promise<KitRow[]> {
  return db
    .select()
    .from(memberAidKits)
    .where(and(eq(memberAidKits.holderMemberId, memberId), ne(memberAidKits.status, 'retired')))
    .orderBy(asc(memberAidKits.code));
}

export const kitStatus = memberAidKits.status;

export async function listItems(db: Db, kits: { regionId: number; id: string }[]): Promise<ItemRow[]> {
  if (kits.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberAidKitItems)
    .where(
      and(
        inArray(memberAidKitItems.regionId, [...new Set(kits.map((k) => k.regionId))]),
        inArray(
          memberAidKitItems.kitId,
          kits.map((k) => k.id),
        ),
      ),
    )
    .orderBy(asc(memberAidKitItems.position));
}

export async function replaceItems(db: Db, kit: KitRow, items: ItemInsert[]): Promise<void> {
  await db
    .delete(memberAidKitItems)
    .where(and(eq(memberAidKitItems.regionId, kit.regionId), eq(memberAidKitItems.kitId, kit.id)));
  if (items.length > 0) {
    await db.insert(memberAidKitItems).values(items);
  }
}

/** Items of kits in service that expire on or before `until`, with their kit. */
export async function listExpiringItems(db: Db, until: string) {
  return db
    .select({ item: memberAidKitItems, kit: memberAidKits })
    .from(memberAidKitItems)
    .innerJoin(
      memberAidKits,
      and(eq(memberAidKits.regionId, memberAidKitItems.regionId), eq(memberAidKits.id, memberAidKitItems.kitId)),
    )
    .where(
      and(
        isNotNull(memberAidKitItems.expiresOn),
        lte(memberAidKitItems.expiresOn, until),
        ne(memberAidKits.status, 'retired'),
      ),
    );
}

/** Inserts a task unless an open one of the same cause exists (then undefined). */
export async function insertTaskIfNone(db: Db, row: TaskInsert): Promise<TaskRow | undefined> {
  const [created] = await db.insert(memberAidKitTasks).values(row).onConflictDoNothing().returning();
  return created;
}

export async function listTasksOf(db: Db, regionId: number, kitIds: string[]): Promise<TaskRow[]> {
  if (kitIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberAidKitTasks)
    .where(and(eq(memberAidKitTasks.regionId, regionId), inArray(memberAidKitTasks.kitId, kitIds)))
    .orderBy(desc(memberAidKitTasks.createdAt));
}

export async function listTasks(db: Db, where: SQL, status: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(memberAidKitTasks)
    .where(and(where, eq(memberAidKitTasks.status, status)))
    .orderBy(asc(memberAidKitTasks.dueOn))
    .limit(500);
}

export async function findTask(db: Db, regionId: number, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(memberAidKitTasks)
    .where(and(eq(memberAidKitTasks.regionId, regionId), eq(memberAidKitTasks.id, id)));
  return row;
}

export async function closeTasks(
  db: Db,
  regionId: number,
  kitId: string,
  ids: string[] | 'all',
  by: { by: string; note: string },
): Promise<number> {
  const rows = await db
    .update(memberAidKitTasks)
    .set({ status: 'done', closedAt: new Date(), closedBy: by.by, closeNote: by.note })
    .where(
      and(
        eq(memberAidKitTasks.regionId, regionId),
        eq(memberAidKitTasks.kitId, kitId),
        eq(memberAidKitTasks.status, 'open'),
        ids === 'all' ? undefined : inArray(memberAidKitTasks.id, ids),
      ),
    )
    .returning({ id: memberAidKitTasks.id });
  return rows.length;
}

export async function insertCheck(db: Db, row: typeof memberAidKitChecks.$inferInsert) {
  await db.insert(memberAidKitChecks).values(row);
}

export async function listChecks(db: Db, regionId: number, kitId: string) {
  return db
    .select()
    .from(memberAidKitChecks)
    .where(and(eq(memberAidKitChecks.regionId, regionId), eq(memberAidKitChecks.kitId, kitId)))
    .orderBy(desc(memberAidKitChecks.checkedAt))
    .limit(50);
}

export async function insertUsage(db: Db, row: typeof memberAidKitUsages.$inferInsert) {
  await db.insert(memberAidKitUsages).values(row);
}

export async function listUsages(db: Db, regionId: number, kitId: string) {
  return db
    .select()
    .from(memberAidKitUsages)
    .where(and(eq(memberAidKitUsages.regionId, regionId), eq(memberAidKitUsages.kitId, kitId)))
    .orderBy(desc(memberAidKitUsages.usedAt))
    .limit(50);
}
