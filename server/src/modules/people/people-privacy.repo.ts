// Data access for personal-data requests: the request rows, subject resolution, and the generic find / update /
// delete over the tables each module declares (the declarations name the tables; this runs the queries).
import { and, desc, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '../../db/client';
import { people } from './people.tables';
import { privacyRequests } from './people-privacy.tables';
import type { SubjectKeys, TableRule } from './privacy-declaration';

export type PrivacyRequestRow = typeof privacyRequests.$inferSelect;
export type NewPrivacyRequest = typeof privacyRequests.$inferInsert;

export async function insertRequest(db: Db, row: NewPrivacyRequest): Promise<PrivacyRequestRow> {
  const [inserted] = await db.insert(privacyRequests).values(row).returning();
  return inserted;
}

export async function findRequest(db: Db, id: string, lock = false): Promise<PrivacyRequestRow | undefined> {
  const q = db.select().from(privacyRequests).where(eq(privacyRequests.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function listRequests(db: Db, where: SQL | undefined, limit: number): Promise<PrivacyRequestRow[]> {
  return db
    .select()
    .from(privacyRequests)
    .where(where)
    .orderBy(desc(privacyRequests.createdAt), desc(privacyRequests.id))
    .limit(limit);
}

export async function completeRequest(
  db: Db,
  id: string,
  patch: Pick<PrivacyRequestRow, 'status' | 'completedBy' | 'completedAt' | 'outcome'>,
): Promise<PrivacyRequestRow> {
  const [row] = await db.update(privacyRequests).set(patch).where(eq(privacyRequests.id, id)).returning();
  return row;
}

export const requestColumns = { orgId: privacyRequests.orgId, status: privacyRequests.status };

export type PersonRef = {
  id: string;
  orgId: number;
  regionId: number;
  idNumberHash: string | null;
  phoneHash: string | null;
};

export async function findPerson(db: Db, id: string): Promise<PersonRef | undefined> {
  const [row] = await db
    .select({
      id: people.id,
      orgId: people.orgId,
      regionId: people.regionId,
      idNumberHash: people.idNumberHash,
      phoneHash: people.phoneHash,
    })
    .from(people)
    .where(eq(people.id, id));
  return row;
}

/** People rows with any of these ID-number or phone blind indexes. */
export async function findPeopleByHashes(db: Db, idHashes: string[], phoneHashes: string[]): Promise<PersonRef[]> {
  const conds = [
    idHashes.length > 0 ? inArray(people.idNumberHash, idHashes) : undefined,
    phoneHashes.length > 0 ? inArray(people.phoneHash, phoneHashes) : undefined,
  ].filter((c) => c !== undefined);
  if (conds.length === 0) {
    return [];
  }
  return db
    .select({
      id: people.id,
      orgId: people.orgId,
      regionId: people.regionId,
      idNumberHash: people.idNumberHash,
      phoneHash: people.phoneHash,
    })
    .from(people)
    .where(or(...conds));
}

/** Public accounts (phone sign-in) by phone blind index, and the phone index of accounts by id. */
export async function findAccounts(
  db: Db,
  phoneHashes: string[],
  accountIds: string[],
): Promise<{ id: string; phoneHash: string }[]> {
  const conds = [
    phoneHashes.length > 0
      ? sql`phone_hash IN (${sql.join(
          phoneHashes.map((h) => sql`${h}`),
          sql`, `,
        )})`
      : undefined,
    accountIds.length > 0
      ? sql`id IN (${sql.join(
          accountIds.map((h) => sql`${h}::uuid`),
          sql`, `,
        )})`
      : undefined,
  ].filter((c) => c !== undefined);
  if (conds.length === 0) {
    return [];
  }
  return queryRows<{ id: string; phoneHash: string }>(
    db,
    sql`SELECT id, phone_hash AS "phoneHash" FROM public_accounts WHERE ${sql.join(conds, sql` OR `)}`,
  );
}

/** The condition matching a subject's rows in a declared table; undefined when no key applies (no rows). */
export function subjectCondition(rule: TableRule, k: SubjectKeys): SQL | undefined {
  const f = rule.find;
  const conds = [
    f.personId && k.personIds.length > 0 ? inArray(f.personId, k.personIds) : undefined,
    f.idHash && k.idHashes.length > 0 ? inArray(f.idHash, k.idHashes) : undefined,
    f.phoneHash && k.phoneHashes.length > 0 ? inArray(f.phoneHash, k.phoneHashes) : undefined,
    f.accountId && k.accountIds.length > 0 ? inArray(f.accountId, k.accountIds) : undefined,
    f.via?.(k),
  ].filter((c) => c !== undefined);
  return conds.length === 0 ? undefined : conds.length === 1 ? conds[0] : or(...conds);
}

// The declared tables differ in shape; the generic queries go through this one loosely typed door.
type AnyTable = PgTable & Record<string, unknown>;

export async function selectRows(db: Db, table: PgTable, where: SQL): Promise<Record<string, unknown>[]> {
  return (await db
    .select()
    .from(table as AnyTable)
    .where(where)) as Record<string, unknown>[];
}

export async function countRows(db: Db, table: PgTable, where: SQL): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table as AnyTable)
    .where(where);
  return row.n;
}

export async function updateRows(db: Db, table: PgTable, where: SQL, set: Record<string, unknown>): Promise<number> {
  const rows = await db
    .update(table as AnyTable)
    .set(set as never)
    .where(where)
    .returning({ one: sql<number>`1` });
  return rows.length;
}

export async function deleteRows(db: Db, table: PgTable, where: SQL): Promise<number> {
  const rows = await db
    .delete(table as AnyTable)
    .where(where)
    .returning({ one: sql<number>`1` });
  return rows.length;
}

/** The property names of a table's columns (for checking declarations). */
export function columnProps(table: PgTable): string[] {
  return Object.keys(getTableColumns(table));
}

export function eqStatus(status: string): SQL {
  return eq(privacyRequests.status, status);
}

export { and };

/** An open self-service erasure request of a public account. */
export async function findOpenSelfRequest(db: Db, accountId: string): Promise<PrivacyRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.publicAccountId, accountId),
        eq(privacyRequests.kind, 'erase'),
        eq(privacyRequests.status, 'open'),
      ),
    )
    .limit(1);
  return row;
}

/** The top unit (the province), where requests from people no unit knows are handled. */
export async function topOrgId(db: Db): Promise<number | undefined> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`,
  );
  return row?.id;
}
