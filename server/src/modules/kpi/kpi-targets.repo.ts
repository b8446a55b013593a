// Drizzle queries of targets, change requests and manual figures; the indicator catalogue is read here for validation.
import { and, asc, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { kpiIndicators } from './kpi.tables';
import { kpiManualFigures, kpiTargetChanges, kpiTargets } from './kpi-targets.tables';

export type IndicatorRow = typeof kpiIndicators.$inferSelect;
export type TargetRow = typeof kpiTargets.$inferSelect;
export type TargetInsert = typeof kpiTargets.$inferInsert;
export type ChangeRow = typeof kpiTargetChanges.$inferSelect;
export type ManualFigureRow = typeof kpiManualFigures.$inferSelect;

export async function listActiveIndicators(db: Db): Promise<IndicatorRow[]> {
  return db
    .select()
    .from(kpiIndicators)
    .where(eq(kpiIndicators.isActive, true))
    .orderBy(asc(kpiIndicators.sort), asc(kpiIndicators.code));
}

export async function findIndicator(db: Db, code: string): Promise<IndicatorRow | undefined> {
  const [row] = await db.select().from(kpiIndicators).where(eq(kpiIndicators.code, code));
  return row;
}

export async function findIndicators(db: Db, codes: string[]): Promise<IndicatorRow[]> {
  if (codes.length === 0) {
    return [];
  }
  return db.select().from(kpiIndicators).where(inArray(kpiIndicators.code, codes));
}

// ------------------------------------------------------------------------------------------------------- targets

export async function findTargets(db: Db, orgIds: number[], year: number): Promise<TargetRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(kpiTargets)
    .where(and(inArray(kpiTargets.orgId, orgIds), eq(kpiTargets.year, year)));
}

export async function findTargetsOfIndicator(
  db: Db,
  orgIds: number[],
  year: number,
  indicator: string,
): Promise<TargetRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(kpiTargets)
    .where(and(inArray(kpiTargets.orgId, orgIds), eq(kpiTargets.year, year), eq(kpiTargets.indicator, indicator)))
    .for('update');
}

export async function findTargetById(db: Db, id: number): Promise<TargetRow | undefined> {
  const [row] = await db.select().from(kpiTargets).where(eq(kpiTargets.id, id)).for('update');
  return row;
}

export async function insertTarget(db: Db, row: TargetInsert): Promise<TargetRow> {
  const [created] = await db.insert(kpiTargets).values(row).returning();
  return created;
}

export async function updateTarget(
  db: Db,
  row: Pick<TargetRow, 'regionId' | 'id'>,
  patch: Partial<TargetInsert>,
): Promise<TargetRow> {
  const [updated] = await db
    .update(kpiTargets)
    .set(patch)
    .where(and(eq(kpiTargets.regionId, row.regionId), eq(kpiTargets.id, row.id)))
    .returning();
  return updated;
}

// ----------------------------------------------------------------------------------------------- change requests

const changeColumns = {
  change: kpiTargetChanges,
  year: kpiTargets.year,
  indicator: kpiTargets.indicator,
};
export type ChangeWithTarget = { change: ChangeRow; year: number; indicator: string };

export async function insertChange(db: Db, row: typeof kpiTargetChanges.$inferInsert): Promise<ChangeRow> {
  const [created] = await db.insert(kpiTargetChanges).values(row).returning();
  return created;
}

export async function findChangeById(db: Db, id: number): Promise<ChangeWithTarget | undefined> {
  const [row] = await db
    .select(changeColumns)
    .from(kpiTargetChanges)
    .innerJoin(
      kpiTargets,
      and(eq(kpiTargets.regionId, kpiTargetChanges.regionId), eq(kpiTargets.id, kpiTargetChanges.targetId)),
    )
    .where(eq(kpiTargetChanges.id, id))
    .for('update');
  return row;
}

export async function findPendingChangeOfTarget(db: Db, target: TargetRow): Promise<ChangeRow | undefined> {
  const [row] = await db
    .select()
    .from(kpiTargetChanges)
    .where(
      and(
        eq(kpiTargetChanges.regionId, target.regionId),
        eq(kpiTargetChanges.targetId, target.id),
        eq(kpiTargetChanges.status, 'pending'),
      ),
    );
  return row;
}

export async function updateChange(
  db: Db,
  row: Pick<ChangeRow, 'regionId' | 'id'>,
  patch: Partial<typeof kpiTargetChanges.$inferInsert>,
): Promise<ChangeRow> {
  const [updated] = await db
    .update(kpiTargetChanges)
    .set(patch)
    .where(and(eq(kpiTargetChanges.regionId, row.regionId), eq(kpiTargetChanges.id, row.id)))
    .returning();
  return updated;
}

/** Change requests of units matching `orgCondition` (a subtree condition on the change's org column). */
export async function listChanges(
  db: Db,
  orgCondition: (column: typeof kpiTargetChanges.orgId) => SQL,
  f: { status?: string; year?: number },
): Promise<ChangeWithTarget[]> {
  return db
    .select(changeColumns)
    .from(kpiTargetChanges)
    .innerJoin(
      kpiTargets,
      and(eq(kpiTargets.regionId, kpiTargetChanges.regionId), eq(kpiTargets.id, kpiTargetChanges.targetId)),
    )
    .where(
      and(
        orgCondition(kpiTargetChanges.orgId),
        f.status ? eq(kpiTargetChanges.status, f.status) : undefined,
        f.year ? eq(kpiTargets.year, f.year) : undefined,
      ),
    )
    .orderBy(desc(kpiTargetChanges.requestedAt), desc(kpiTargetChanges.id))
    .limit(500);
}

// ------------------------------------------------------------------------------------------------ manual figures

export async function insertManualFigure(db: Db, row: typeof kpiManualFigures.$inferInsert): Promise<ManualFigureRow> {
  const [created] = await db.insert(kpiManualFigures).values(row).returning();
  return created;
}

export async function findActiveManualFigure(
  db: Db,
  regionId: number,
  orgId: number,
  indicator: string,
  month: string,
): Promise<ManualFigureRow | undefined> {
  const [row] = await db
    .select()
    .from(kpiManualFigures)
    .where(
      and(
        eq(kpiManualFigures.regionId, regionId),
        eq(kpiManualFigures.orgId, orgId),
        eq(kpiManualFigures.indicator, indicator),
        eq(kpiManualFigures.month, month),
        eq(kpiManualFigures.isVoid, false),
      ),
    )
    .for('update');
  return row;
}

export async function findManualFigureById(db: Db, id: string): Promise<ManualFigureRow | undefined> {
  const [row] = await db.select().from(kpiManualFigures).where(eq(kpiManualFigures.id, id)).for('update');
  return row;
}

export async function updateManualFigure(
  db: Db,
  row: Pick<ManualFigureRow, 'regionId' | 'id'>,
  patch: Partial<typeof kpiManualFigures.$inferInsert>,
): Promise<ManualFigureRow> {
  const [updated] = await db
    .update(kpiManualFigures)
    .set(patch)
    .where(and(eq(kpiManualFigures.regionId, row.regionId), eq(kpiManualFigures.id, row.id)))
    .returning();
  return updated;
}

export async function listManualFigures(
  db: Db,
  orgCondition: (column: typeof kpiManualFigures.orgId) => SQL,
  f: { from?: string; to?: string; indicator?: string; includeVoid?: boolean },
): Promise<ManualFigureRow[]> {
  return db
    .select()
    .from(kpiManualFigures)
    .where(
      and(
        orgCondition(kpiManualFigures.orgId),
        f.from ? gte(kpiManualFigures.month, f.from) : undefined,
        f.to ? lte(kpiManualFigures.month, f.to) : undefined,
        f.indicator ? eq(kpiManualFigures.indicator, f.indicator) : undefined,
        f.includeVoid ? undefined : eq(kpiManualFigures.isVoid, false),
      ),
    )
    .orderBy(desc(kpiManualFigures.month), asc(kpiManualFigures.orgId), desc(kpiManualFigures.enteredAt))
    .limit(1000);
}

/** The figures in force (not voided) of these indicators for months in [from, to] (first days), for the engine. */
export async function activeManualFigures(
  db: Db,
  indicators: string[],
  from: string,
  to: string,
): Promise<ManualFigureRow[]> {
  if (indicators.length === 0) {
    return [];
  }
  return db
    .select()
    .from(kpiManualFigures)
    .where(
      and(
        inArray(kpiManualFigures.indicator, indicators),
        gte(kpiManualFigures.month, from),
        lte(kpiManualFigures.month, to),
        eq(kpiManualFigures.isVoid, false),
      ),
    );
}
