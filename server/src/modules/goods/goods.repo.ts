// Goods data access: the only file that touches the goods tables.
import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, lte, or, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { goodsLots, goodsMovements, goodsStock, goodsWarehouses, goodsWriteOffs } from './goods.tables';

export type WarehouseRow = typeof goodsWarehouses.$inferSelect;
export type LotRow = typeof goodsLots.$inferSelect;
export type MovementRow = typeof goodsMovements.$inferSelect;
export type StockRow = typeof goodsStock.$inferSelect;
export type WriteOffRow = typeof goodsWriteOffs.$inferSelect;

/** Columns the service uses to build scope and filter conditions (orgs.orgScopeCondition takes a column). */
export const columns = {
  warehouse: { id: goodsWarehouses.id, orgId: goodsWarehouses.orgId, isActive: goodsWarehouses.isActive },
  lot: {
    orgId: goodsLots.orgId,
    status: goodsLots.status,
    productCode: goodsLots.productCode,
    projectId: goodsLots.projectId,
  },
  movement: { orgId: goodsMovements.orgId, lotId: goodsMovements.lotId, kind: goodsMovements.kind },
  stock: { lotId: goodsStock.lotId, warehouseId: goodsStock.warehouseId, quantity: goodsStock.quantity },
  writeOff: { orgId: goodsWriteOffs.orgId, status: goodsWriteOffs.status },
};

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ------------------------------------------------------------------------------------------------ warehouses

export async function insertWarehouse(db: Db, row: typeof goodsWarehouses.$inferInsert): Promise<WarehouseRow> {
  const [created] = await db.insert(goodsWarehouses).values(row).returning();
  return created;
}

export async function updateWarehouse(db: Db, id: number, patch: Partial<WarehouseRow>): Promise<WarehouseRow> {
  const [row] = await db
    .update(goodsWarehouses)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(goodsWarehouses.id, id))
    .returning();
  return row;
}

export async function findWarehouseById(db: Db, id: number): Promise<WarehouseRow | undefined> {
  const [row] = await db.select().from(goodsWarehouses).where(eq(goodsWarehouses.id, id));
  return row;
}

export async function findWarehouseByName(db: Db, orgId: number, name: string): Promise<WarehouseRow | undefined> {
  const [row] = await db
    .select()
    .from(goodsWarehouses)
    .where(and(eq(goodsWarehouses.orgId, orgId), eq(goodsWarehouses.name, name)));
  return row;
}

export async function findWarehousesByIds(db: Db, ids: number[]): Promise<WarehouseRow[]> {
  return ids.length ? db.select().from(goodsWarehouses).where(inArray(goodsWarehouses.id, ids)) : [];
}

export async function listWarehouses(db: Db, where: SQL[]): Promise<WarehouseRow[]> {
  return db
    .select()
    .from(goodsWarehouses)
    .where(and(...where))
    .orderBy(asc(goodsWarehouses.orgId), asc(goodsWarehouses.id))
    .limit(1000);
}

// ------------------------------------------------------------------------------------------------ lots

export async function insertLot(db: Db, row: typeof goodsLots.$inferInsert): Promise<LotRow> {
  const [created] = await db.insert(goodsLots).values(row).returning();
  return created;
}

export async function findLotById(db: Db, id: string): Promise<LotRow | undefined> {
  const [row] = await db.select().from(goodsLots).where(eq(goodsLots.id, id));
  return row;
}

export async function findLotByNo(db: Db, lotNo: string): Promise<LotRow | undefined> {
  const [row] = await db.select().from(goodsLots).where(eq(goodsLots.lotNo, lotNo));
  return row;
}

export async function findLotsByIds(db: Db, ids: string[]): Promise<LotRow[]> {
  return ids.length ? db.select().from(goodsLots).where(inArray(goodsLots.id, ids)) : [];
}

/** Locks a lot: every movement of one lot is serialised (its stock rows and the share of its value). */
export async function lockLot(db: Db, regionId: number, id: string): Promise<LotRow | undefined> {
  const [row] = await db
    .select()
    .from(goodsLots)
    .where(and(eq(goodsLots.regionId, regionId), eq(goodsLots.id, id)))
    .for('update');
  return row;
}

export async function updateLot(db: Db, lot: LotRow, patch: Partial<LotRow>): Promise<LotRow> {
  const [row] = await db
    .update(goodsLots)
    .set(patch)
    .where(and(eq(goodsLots.regionId, lot.regionId), eq(goodsLots.id, lot.id)))
    .returning();
  return row;
}

export async function listLots(
  db: Db,
  f: { where: SQL[]; q?: string; limit: number; offset: number },
): Promise<{ rows: LotRow[]; total: number }> {
  const conds = [...f.where];
  if (f.q) {
    const like = likeOf(f.q);
    conds.push(or(eq(goodsLots.lotNo, f.q), ilike(goodsLots.itemName, like), ilike(goodsLots.spec, like))!);
  }
  const where = and(...conds);
  const rows = await db
    .select()
    .from(goodsLots)
    .where(where)
    .orderBy(desc(goodsLots.recordedAt), desc(goodsLots.id))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(goodsLots).where(where);
  return { rows, total: Number(total) };
}

// ------------------------------------------------------------------------------------------------ movements

export async function insertMovement(db: Db, row: typeof goodsMovements.$inferInsert): Promise<MovementRow> {
  const [created] = await db.insert(goodsMovements).values(row).returning();
  return created;
}

export async function findMovementsByIds(db: Db, ids: string[]): Promise<MovementRow[]> {
  return ids.length ? db.select().from(goodsMovements).where(inArray(goodsMovements.id, ids)) : [];
}

export async function movementsOfLot(db: Db, regionId: number, lotId: string): Promise<MovementRow[]> {
  return db
    .select()
    .from(goodsMovements)
    .where(and(eq(goodsMovements.regionId, regionId), eq(goodsMovements.lotId, lotId)))
    .orderBy(asc(goodsMovements.ledgerIndex));
}

/** Units that left each lot for good (distributed, written off), by kind. */
export async function outgoingByLots(
  db: Db,
  lotIds: string[],
): Promise<Map<string, { distributed: number; writtenOff: number }>> {
  const out = new Map<string, { distributed: number; writtenOff: number }>();
  if (lotIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({ lotId: goodsMovements.lotId, kind: goodsMovements.kind, total: sum(goodsMovements.quantity) })
    .from(goodsMovements)
    .where(and(inArray(goodsMovements.lotId, lotIds), inArray(goodsMovements.kind, ['distribution', 'write_off'])))
    .groupBy(goodsMovements.lotId, goodsMovements.kind);
  for (const r of rows) {
    const t = out.get(r.lotId) ?? { distributed: 0, writtenOff: 0 };
    if (r.kind === 'distribution') {
      t.distributed += Number(r.total ?? 0);
    } else {
      t.writtenOff += Number(r.total ?? 0);
    }
    out.set(r.lotId, t);
  }
  return out;
}

export async function listMovements(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(goodsMovements)
    .where(where)
    .orderBy(desc(goodsMovements.occurredAt), desc(goodsMovements.ledgerIndex))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(goodsMovements).where(where);
  return { rows, total: Number(total) };
}

// ------------------------------------------------------------------------------------------------ stock

/** Locks the stock row of a lot in a warehouse (undefined when the lot never entered that warehouse). */
export async function lockStock(
  db: Db,
  regionId: number,
  lotId: string,
  warehouseId: number,
): Promise<StockRow | undefined> {
  const [row] = await db
    .select()
    .from(goodsStock)
    .where(and(eq(goodsStock.regionId, regionId), eq(goodsStock.lotId, lotId), eq(goodsStock.warehouseId, warehouseId)))
    .for('update');
  return row;
}

/** Adds units to a lot's stock in a warehouse, creating the row on the lot's first arrival there. */
export async function addStock(
  db: Db,
  key: { regionId: number; lotId: string; warehouseId: number },
  quantity: number,
): Promise<void> {
  await db
    .insert(goodsStock)
    .values({ ...key, quantity, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [goodsStock.regionId, goodsStock.lotId, goodsStock.warehouseId],
      set: { quantity: sql`${goodsStock.quantity} + ${quantity}`, updatedAt: new Date() },
    });
}

/** Takes units from a locked stock row (the CHECK refuses to let it go below zero). */
export async function takeStock(
  db: Db,
  key: { regionId: number; lotId: string; warehouseId: number },
  quantity: number,
): Promise<void> {
  await db
    .update(goodsStock)
    .set({ quantity: sql`${goodsStock.quantity} - ${quantity}`, updatedAt: new Date() })
    .where(
      and(
        eq(goodsStock.regionId, key.regionId),
        eq(goodsStock.lotId, key.lotId),
        eq(goodsStock.warehouseId, key.warehouseId),
      ),
    );
}

/** Units held in a warehouse, all lots together. */
export async function stockInWarehouse(db: Db, warehouseId: number): Promise<number> {
  const [agg] = await db
    .select({ total: sum(goodsStock.quantity) })
    .from(goodsStock)
    .where(eq(goodsStock.warehouseId, warehouseId));
  return Number(agg.total ?? 0);
}

export async function stockOfLot(db: Db, regionId: number, lotId: string): Promise<StockRow[]> {
  return db
    .select()
    .from(goodsStock)
    .where(and(eq(goodsStock.regionId, regionId), eq(goodsStock.lotId, lotId)))
    .orderBy(asc(goodsStock.warehouseId));
}

export async function stockByLots(db: Db, lotIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (lotIds.length === 0) {
    return out;
  }
  const rows = await db
    .select({ lotId: goodsStock.lotId, total: sum(goodsStock.quantity) })
    .from(goodsStock)
    .where(inArray(goodsStock.lotId, lotIds))
    .groupBy(goodsStock.lotId);
  for (const r of rows) {
    out.set(r.lotId, Number(r.total ?? 0));
  }
  return out;
}

const stockSelection = {
  lotId: goodsStock.lotId,
  quantity: goodsStock.quantity,
  warehouseId: goodsStock.warehouseId,
  warehouseName: goodsWarehouses.name,
  orgId: goodsWarehouses.orgId,
  lotNo: goodsLots.lotNo,
  itemName: goodsLots.itemName,
  spec: goodsLots.spec,
  productCode: goodsLots.productCode,
  unit: goodsLots.unit,
  expiresOn: goodsLots.expiresOn,
};

export type StockLine = {
  lotId: string;
  quantity: number;
  warehouseId: number;
  warehouseName: string;
  orgId: number;
  lotNo: string;
  itemName: string;
  spec: string;
  productCode: string;
  unit: string;
  expiresOn: string | null;
};

function stockFrom(db: Db) {
  return db
    .select(stockSelection)
    .from(goodsStock)
    .innerJoin(goodsLots, and(eq(goodsLots.regionId, goodsStock.regionId), eq(goodsLots.id, goodsStock.lotId)))
    .innerJoin(goodsWarehouses, eq(goodsWarehouses.id, goodsStock.warehouseId));
}

/** Stock lines (lot × warehouse) with the lot's product and the warehouse, by warehouse then lot. */
export async function listStock(
  db: Db,
  f: { where: SQL[]; limit: number; offset: number },
): Promise<{ rows: StockLine[]; total: number }> {
  const where = and(...f.where);
  const rows = await stockFrom(db)
    .where(where)
    .orderBy(asc(goodsWarehouses.orgId), asc(goodsStock.warehouseId), asc(goodsLots.expiresOn), asc(goodsLots.lotNo))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db
    .select({ total: count() })
    .from(goodsStock)
    .innerJoin(goodsLots, and(eq(goodsLots.regionId, goodsStock.regionId), eq(goodsLots.id, goodsStock.lotId)))
    .innerJoin(goodsWarehouses, eq(goodsWarehouses.id, goodsStock.warehouseId))
    .where(where);
  return { rows, total: Number(total) };
}

/** Stock still held of lots that expire on or before `before` (YYYY-MM-DD), soonest first. */
export async function listExpiringStock(db: Db, where: SQL[], before: string, limit: number): Promise<StockLine[]> {
  return stockFrom(db)
    .where(
      and(
        ...where,
        gt(goodsStock.quantity, 0),
        isNotNull(goodsLots.expiresOn),
        lte(goodsLots.expiresOn, before),
        eq(goodsLots.status, 'received'),
      ),
    )
    .orderBy(asc(goodsLots.expiresOn), asc(goodsWarehouses.orgId), asc(goodsLots.lotNo))
    .limit(limit);
}

// ------------------------------------------------------------------------------------------------ write-offs

export async function insertWriteOff(db: Db, row: typeof goodsWriteOffs.$inferInsert): Promise<WriteOffRow> {
  const [created] = await db.insert(goodsWriteOffs).values(row).returning();
  return created;
}

export async function findWriteOffById(db: Db, id: string): Promise<WriteOffRow | undefined> {
  const [row] = await db.select().from(goodsWriteOffs).where(eq(goodsWriteOffs.id, id));
  return row;
}

export async function lockWriteOff(db: Db, regionId: number, id: string): Promise<WriteOffRow | undefined> {
  const [row] = await db
    .select()
    .from(goodsWriteOffs)
    .where(and(eq(goodsWriteOffs.regionId, regionId), eq(goodsWriteOffs.id, id)))
    .for('update');
  return row;
}

export async function updateWriteOff(db: Db, w: WriteOffRow, patch: Partial<WriteOffRow>): Promise<WriteOffRow> {
  const [row] = await db
    .update(goodsWriteOffs)
    .set(patch)
    .where(and(eq(goodsWriteOffs.regionId, w.regionId), eq(goodsWriteOffs.id, w.id)))
    .returning();
  return row;
}

export async function writeOffsOfLot(db: Db, regionId: number, lotId: string): Promise<WriteOffRow[]> {
  return db
    .select()
    .from(goodsWriteOffs)
    .where(and(eq(goodsWriteOffs.regionId, regionId), eq(goodsWriteOffs.lotId, lotId)))
    .orderBy(asc(goodsWriteOffs.requestedAt));
}

export async function listWriteOffs(db: Db, f: { where: SQL[]; limit: number; offset: number }) {
  const where = and(...f.where);
  const rows = await db
    .select()
    .from(goodsWriteOffs)
    .where(where)
    .orderBy(desc(goodsWriteOffs.requestedAt))
    .limit(f.limit)
    .offset(f.offset);
  const [{ total }] = await db.select({ total: count() }).from(goodsWriteOffs).where(where);
  return { rows, total: Number(total) };
}
