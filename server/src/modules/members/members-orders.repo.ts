// Drizzle queries of service orders (点餐制): the menu and the orders, with per-unit statistics.
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberServiceMenu, memberServiceOrders } from './members-points.tables';

export type MenuRow = typeof memberServiceMenu.$inferSelect;
export type OrderRow = typeof memberServiceOrders.$inferSelect;
export type OrderInsert = typeof memberServiceOrders.$inferInsert;

export async function insertMenuItem(db: Db, row: typeof memberServiceMenu.$inferInsert): Promise<MenuRow> {
  const [created] = await db.insert(memberServiceMenu).values(row).returning();
  return created;
}

export async function updateMenuItem(db: Db, id: string, patch: Partial<MenuRow>): Promise<MenuRow> {
  const [row] = await db.update(memberServiceMenu).set(patch).where(eq(memberServiceMenu.id, id)).returning();
  return row;
}

export async function findMenuItem(db: Db, id: string): Promise<MenuRow | undefined> {
  const [row] = await db.select().from(memberServiceMenu).where(eq(memberServiceMenu.id, id));
  return row;
}

export async function listMenuAt(db: Db, orgIds: number[], activeOnly: boolean): Promise<MenuRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(memberServiceMenu)
    .where(and(inArray(memberServiceMenu.orgId, orgIds), activeOnly ? eq(memberServiceMenu.isActive, true) : undefined))
    .orderBy(asc(memberServiceMenu.name));
}

export async function insertOrder(db: Db, row: OrderInsert): Promise<OrderRow> {
  const [created] = await db.insert(memberServiceOrders).values(row).returning();
  return created;
}

export async function findOrder(db: Db, id: string, lock = false): Promise<OrderRow | undefined> {
  const q = db.select().from(memberServiceOrders).where(eq(memberServiceOrders.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateOrder(db: Db, row: OrderRow, patch: Partial<OrderRow>): Promise<OrderRow> {
  const [updated] = await db
    .update(memberServiceOrders)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(memberServiceOrders.regionId, row.regionId), eq(memberServiceOrders.id, row.id)))
    .returning();
  return updated;
}

export async function listOrders(db: Db, where: SQL[], q: { limit: number; offset: number }) {
  const cond = and(...where);
  const rows = await db
    .select()
    .from(memberServiceOrders)
    .where(cond)
    .orderBy(desc(memberServiceOrders.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n }] = await db.select({ n: count() }).from(memberServiceOrders).where(cond);
  return { rows, total: n };
}

export async function listOrdersOfMember(db: Db, regionId: number, memberId: string): Promise<OrderRow[]> {
  return db
    .select()
    .from(memberServiceOrders)
    .where(and(eq(memberServiceOrders.regionId, regionId), eq(memberServiceOrders.memberId, memberId)))
    .orderBy(desc(memberServiceOrders.createdAt))
    .limit(100);
}

export const orderColumns = { orgId: memberServiceOrders.orgId, status: memberServiceOrders.status };

/** Orders per unit in a period (by the date ordered): counts by outcome, audience reached, ratings. */
export async function orderStats(db: Db, where: SQL, from?: Date, to?: Date) {
  const o = memberServiceOrders;
  const cond = and(where, from ? gte(o.createdAt, from) : undefined, to ? lt(o.createdAt, to) : undefined);
  const units = await db
    .select({
      orgId: o.orgId,
      orders: count(),
      delivered: sql<number>`count(*) FILTER (WHERE ${o.status} = 'delivered')::int`,
      declined: sql<number>`count(*) FILTER (WHERE ${o.status} = 'declined')::int`,
      open: sql<number>`count(*) FILTER (WHERE ${o.status} IN ('requested', 'accepted', 'scheduled'))::int`,
      audience: sql<number>`coalesce(sum(${o.attendance}), 0)::int`,
      rated: sql<number>`count(${o.rating})::int`,
      averageRating: sql<string | null>`round(avg(${o.rating}), 2)`,
    })
    .from(o)
    .where(cond)
    .groupBy(o.orgId);
  const byService = await db
    .select({
      serviceName: o.serviceName,
      orders: count(),
      delivered: sql<number>`count(*) FILTER (WHERE ${o.status} = 'delivered')::int`,
    })
    .from(o)
    .where(cond)
    .groupBy(o.serviceName)
    .orderBy(desc(count()));
  return { units, byService };
}
