// The user listing for the accounts page: users filtered by a scope over their grants' units.
import { and, asc, count, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { grants } from '../rbac/rbac.tables';
import { users } from './auth.tables';

export async function listUsersInScope(
  db: Db,
  f: {
    q?: string;
    scopeCondition: (grantOrgColumn: AnyPgColumn) => SQL;
    globalScope: boolean;
    limit: number;
    offset: number;
  },
) {
  const inScope = sql`EXISTS (SELECT 1 FROM ${grants} WHERE ${grants.userId} = ${users.id} AND ${isNull(grants.revokedAt)} AND ${f.scopeCondition(grants.orgId)})`;
  const noGrants = sql`NOT EXISTS (SELECT 1 FROM ${grants} WHERE ${grants.userId} = ${users.id} AND ${isNull(grants.revokedAt)})`;
  const where = and(
    f.globalScope ? or(inScope, noGrants) : inScope,
    f.q
      ? or(
          ilike(users.username, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
          ilike(users.displayName, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        )
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db.select().from(users).where(where).orderBy(asc(users.username)).limit(f.limit).offset(f.offset);
  return { rows, total: Number(total) };
}

export async function userExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
  return !!row;
}
