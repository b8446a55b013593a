// Drizzle queries for the org tree; the only file that imports orgs.tables.
import { and, asc, count, eq, ilike, inArray, isNull, like, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { importStore } from '../../platform/imports/imports.repo';
import { orgCodeHistory, orgImports, orgPopulations, orgSuccessions, orgs } from './orgs.tables';

export type OrgRow = typeof orgs.$inferSelect;
export type OrgInsert = typeof orgs.$inferInsert;

export async function nextOrgId(db: Db): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`SELECT nextval('orgs_id_seq')::int AS id`);
  return Number(row.id);
}

/** Reserves `n` unit ids in one round trip (bulk imports and seeding). */
export async function nextOrgIds(db: Db, n: number): Promise<number[]> {
  if (n <= 0) {
    return [];
  }
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT nextval('orgs_id_seq')::int AS id FROM generate_series(1, ${n})`,
  );
  return rows.map((r) => Number(r.id));
}

export async function insertOrg(db: Db, row: OrgInsert): Promise<OrgRow> {
  const [created] = await db.insert(orgs).values(row).returning();
  return created;
}

export async function insertOrgs(db: Db, rows: OrgInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(orgs).values(rows.slice(i, i + 500));
  }
}

export async function findOrgById(db: Db, id: number): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

export async function findOrgsByIds(db: Db, ids: number[]): Promise<OrgRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return db.select().from(orgs).where(inArray(orgs.id, ids));
}

export async function findOrgByCode(db: Db, code: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.code, code));
  return row;
}

export async function findOrgsByCodes(db: Db, codes: string[]): Promise<OrgRow[]> {
  if (codes.length === 0) {
    return [];
  }
  return db.select().from(orgs).where(inArray(orgs.code, codes));
}

/** SQL condition: the unit lies in one of the subtrees (null = everywhere, [] = nowhere). */
export function pathCondition(paths: string[] | null): SQL {
  if (paths === null) {
    return sql`true`;
  }
  if (paths.length === 0) {
    return sql`false`;
  }
  return or(...paths.map((p) => like(orgs.path, `${p}%`)))!;
}

/** SQL condition for other modules: `column` (an org id) lies in one of the subtrees. */
export function orgInSubtrees(column: SQLWrapper, paths: string[] | null): SQL {
  if (paths === null) {
    return sql`true`;
  }
  if (paths.length === 0) {
    return sql`false`;
  }
  return sql`${column} IN (SELECT ${orgs.id} FROM ${orgs} WHERE ${pathCondition(paths)})`;
}

export type OrgFilter = {
  scope: string[] | null;
  q?: string;
  type?: string;
  parentId?: number;
  underPath?: string;
  includeInactive: boolean;
  limit: number;
  offset: number;
};

function filterWhere(f: OrgFilter): SQL {
  const where: SQL[] = [pathCondition(f.scope)];
  if (!f.includeInactive) {
    where.push(eq(orgs.isActive, true));
  }
  if (f.q) {
    const escaped = f.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(or(ilike(orgs.name, `%${escaped}%`), like(orgs.code, `${escaped}%`))!);
  }
  if (f.type) {
    where.push(eq(orgs.type, f.type));
  }
  if (f.parentId) {
    where.push(eq(orgs.parentId, f.parentId));
  }
  if (f.underPath) {
    where.push(like(orgs.path, `${f.underPath}%`));
  }
  return and(...where)!;
}

export async function listOrgs(
  db: Db,
  f: OrgFilter,
): Promise<{ rows: (OrgRow & { childCount: number })[]; total: number }> {
  const where = filterWhere(f);
  const [{ total }] = await db.select({ total: count() }).from(orgs).where(where);
  const rows = await db
    .select({ ...orgColumns, childCount: childCountSql(f.includeInactive) })
    .from(orgs)
    .where(where)
    .orderBy(asc(orgs.depth), asc(orgs.code), asc(orgs.namePinyin), asc(orgs.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: Number(total) };
}

const orgColumns = {
  id: orgs.id,
  name: orgs.name,
  namePinyin: orgs.namePinyin,
  type: orgs.type,
  code: orgs.code,
  parentId: orgs.parentId,
  path: orgs.path,
  depth: orgs.depth,
  regionId: orgs.regionId,
  contactName: orgs.contactName,
  contactPhone: orgs.contactPhone,
  address: orgs.address,
  lat: orgs.lat,
  lng: orgs.lng,
  isActive: orgs.isActive,
  createdAt: orgs.createdAt,
  updatedAt: orgs.updatedAt,
};

function childCountSql(includeInactive: boolean) {
  const c = sql.raw('c');
  // The outer id must be qualified: drizzle renders a single-table select's columns bare, and a bare "id" here
  // would resolve to the subquery's own alias (every count 0).
  const outerId = sql.raw('"orgs"."id"');
  return sql<number>`(SELECT count(*)::int FROM ${orgs} AS ${c} WHERE ${c}.parent_id = ${outerId}${includeInactive ? sql`` : sql` AND ${c}.is_active`})`.mapWith(
    Number,
  );
}

export async function listChildren(db: Db, parentId: number | null, scope: string[] | null, includeInactive: boolean) {
  const where: SQL[] = [pathCondition(scope)];
  if (parentId !== null) {
    where.push(eq(orgs.parentId, parentId));
  }
  if (!includeInactive) {
    where.push(eq(orgs.isActive, true));
  }
  return db
    .select({ ...orgColumns, childCount: childCountSql(includeInactive) })
    .from(orgs)
    .where(and(...where))
    .orderBy(asc(orgs.code), asc(orgs.namePinyin), asc(orgs.id));
}

export async function countChildren(db: Db, id: number, activeOnly: boolean): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(orgs)
    .where(and(eq(orgs.parentId, id), activeOnly ? eq(orgs.isActive, true) : undefined));
  return Number(n);
}

export async function listSubtree(db: Db, path: string): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(like(orgs.path, `${path}%`))
    .orderBy(asc(orgs.depth));
}

export async function updateOrg(db: Db, id: number, patch: Partial<OrgInsert>): Promise<OrgRow> {
  const [row] = await db
    .update(orgs)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(orgs.id, id))
    .returning();
  return row;
}

/** Rewrites the paths, depths and regions of a moved subtree in one statement per distinct region. */
export async function rewriteSubtree(db: Db, oldPath: string, newPath: string, depthDelta: number): Promise<void> {
  await db
    .update(orgs)
    .set({
      path: sql`${newPath} || substr(${orgs.path}, ${oldPath.length + 1})`,
      depth: sql`${orgs.depth} + ${depthDelta}`,
      updatedAt: new Date(),
    })
    .where(like(orgs.path, `${oldPath}%`));
}

export async function setRegion(db: Db, ids: number[], regionId: number): Promise<void> {
  if (ids.length > 0) {
    await db.update(orgs).set({ regionId }).where(inArray(orgs.id, ids));
  }
}

export async function insertCodeHistory(db: Db, row: typeof orgCodeHistory.$inferInsert): Promise<void> {
  await db.insert(orgCodeHistory).values(row);
}

/** Ends the open code spans of a unit; returns how many were open. */
export async function closeCodeHistory(db: Db, orgId: number, validTo: string): Promise<number> {
  const rows = await db
    .update(orgCodeHistory)
    .set({ validTo })
    .where(and(eq(orgCodeHistory.orgId, orgId), isNull(orgCodeHistory.validTo)))
    .returning({ id: orgCodeHistory.id });
  return rows.length;
}

export async function listCodeHistory(db: Db, orgId: number) {
  return db.select().from(orgCodeHistory).where(eq(orgCodeHistory.orgId, orgId)).orderBy(asc(orgCodeHistory.id));
}

/** The progress records of unit imports. */
export const importRecords = importStore(orgImports);

export async function countOrgs(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(orgs);
  return Number(n);
}

export async function listAllForExport(db: Db, scope: string[] | null, includeInactive: boolean): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(and(pathCondition(scope), includeInactive ? undefined : eq(orgs.isActive, true)))
    .orderBy(asc(orgs.path));
}

// ------------------------------------------------------------------------------------------------ populations

export type PopulationRow = typeof orgPopulations.$inferSelect;

/** Each unit's registered population of the latest year on record at or before `year`. */
export async function findPopulationsAtOrBefore(db: Db, orgIds: number[], year: number): Promise<PopulationRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .selectDistinctOn([orgPopulations.orgId])
    .from(orgPopulations)
    .where(and(inArray(orgPopulations.orgId, orgIds), sql`${orgPopulations.year} <= ${year}`))
    .orderBy(orgPopulations.orgId, sql`${orgPopulations.year} DESC`);
}

export async function upsertPopulation(db: Db, row: typeof orgPopulations.$inferInsert): Promise<PopulationRow> {
  const [saved] = await db
    .insert(orgPopulations)
    .values(row)
    .onConflictDoUpdate({
      target: [orgPopulations.orgId, orgPopulations.year],
      set: { population: row.population, source: row.source ?? null, updatedBy: row.updatedBy, updatedAt: new Date() },
    })
    .returning();
  return saved;
}

/** The direct children of a unit (active), by code and name. */
export async function listChildRows(db: Db, parentId: number): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), eq(orgs.isActive, true)))
    .orderBy(asc(orgs.code), asc(orgs.namePinyin), asc(orgs.id));
}

/** The units at the top of the tree (no parent), by id. */
export async function listRootRows(db: Db): Promise<OrgRow[]> {
  return db.select().from(orgs).where(isNull(orgs.parentId)).orderBy(asc(orgs.id));
}

/** The direct children of a unit, inactive ones included, by code and name. */
export async function listAllChildRows(db: Db, parentId: number): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(eq(orgs.parentId, parentId))
    .orderBy(asc(orgs.code), asc(orgs.namePinyin), asc(orgs.id));
}

/** How many children (inactive ones included) each of these units has. */
export async function countChildrenByParent(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ parentId: orgs.parentId, n: count() })
    .from(orgs)
    .where(inArray(orgs.parentId, ids))
    .groupBy(orgs.parentId);
  return new Map(rows.map((r) => [Number(r.parentId), Number(r.n)]));
}

/** Units of a type under the unit at `path` (inactive ones included), by code and name. */
export async function listSubtreeOfType(db: Db, path: string, type: string): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgs)
    .where(and(like(orgs.path, `${path}%`), eq(orgs.type, type)))
    .orderBy(asc(orgs.code), asc(orgs.namePinyin), asc(orgs.id));
}

export type SuccessionRow = typeof orgSuccessions.$inferSelect;

export async function insertSuccession(db: Db, row: typeof orgSuccessions.$inferInsert): Promise<SuccessionRow> {
  const [created] = await db.insert(orgSuccessions).values(row).returning();
  return created;
}

/** The units merged directly into `successorId`, oldest merge first. */
export async function listSuccessionsInto(db: Db, successorId: number): Promise<SuccessionRow[]> {
  return db
    .select()
    .from(orgSuccessions)
    .where(eq(orgSuccessions.successorId, successorId))
    .orderBy(asc(orgSuccessions.effectiveOn), asc(orgSuccessions.id));
}

export async function findSuccessionFrom(db: Db, predecessorId: number): Promise<SuccessionRow | undefined> {
  const [row] = await db.select().from(orgSuccessions).where(eq(orgSuccessions.predecessorId, predecessorId));
  return row;
}
