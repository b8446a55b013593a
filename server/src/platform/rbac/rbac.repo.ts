// Queries for roles and grants.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { grants, roles } from './rbac.tables';

export type RoleRow = typeof roles.$inferSelect;
export type GrantRow = typeof grants.$inferSelect;

export async function upsertRole(db: Db, row: typeof roles.$inferInsert): Promise<void> {
  await db
    .insert(roles)
    .values(row)
    .onConflictDoUpdate({
      target: roles.id,
      set: { nameZh: row.nameZh, nameEn: row.nameEn, permissions: row.permissions, isBuiltin: row.isBuiltin },
    });
}

export async function listRoles(db: Db): Promise<RoleRow[]> {
  return db.select().from(roles).orderBy(asc(roles.id));
}

export async function findRole(db: Db, id: string): Promise<RoleRow | undefined> {
  const [row] = await db.select().from(roles).where(eq(roles.id, id));
  return row;
}

export async function insertGrant(db: Db, row: typeof grants.$inferInsert): Promise<GrantRow> {
  const [created] = await db.insert(grants).values(row).returning();
  return created;
}

export async function findGrant(db: Db, id: string): Promise<GrantRow | undefined> {
  const [row] = await db.select().from(grants).where(eq(grants.id, id));
  return row;
}

export async function revokeGrant(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(grants)
    .set({ revokedAt: now })
    .where(and(eq(grants.id, id), isNull(grants.revokedAt)));
}

export async function listActiveGrants(db: Db, userIds: string[]): Promise<GrantRow[]> {
  if (userIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(grants)
    .where(and(inArray(grants.userId, userIds), isNull(grants.revokedAt)))
    .orderBy(asc(grants.createdAt));
}

export async function listActiveGrantsOnOrgs(db: Db, orgIds: number[]): Promise<GrantRow[]> {
  if (orgIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(grants)
    .where(and(inArray(grants.orgId, orgIds), isNull(grants.revokedAt)));
}
