// Drizzle queries for people; the only file that imports people.tables.
import { and, asc, count, eq, ilike, like, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { people } from './people.tables';

export type PersonRow = typeof people.$inferSelect;
export type PersonInsert = typeof people.$inferInsert;

export async function insertPerson(db: Db, row: PersonInsert): Promise<PersonRow> {
  const [created] = await db.insert(people).values(row).returning();
  return created;
}

export async function insertPeople(db: Db, rows: PersonInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(people).values(rows.slice(i, i + 1000));
  }
}

export async function findPersonById(db: Db, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** Serialises registrations of one ID number across regions (no unique index can span Citus shards). */
export async function lockIdNumber(db: Db, idHash: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${idHash}))`);
}

export async function findByIdHash(db: Db, idType: string, idHash: string): Promise<PersonRow | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.idNumberHash, idHash), eq(people.idType, idType)));
  return row;
}

export async function updatePerson(
  db: Db,
  regionId: number,
  id: string,
  patch: Partial<PersonInsert>,
): Promise<PersonRow> {
  const [row] = await db
    .update(people)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(people.regionId, regionId), eq(people.id, id)))
    .returning();
  return row;
}

export type PeopleFilter = {
  scope: (orgColumn: typeof people.orgId) => SQL;
  orgCondition?: (orgColumn: typeof people.orgId) => SQL;
  idHash?: string;
  phoneHash?: string;
  maskedPrefix?: string;
  maskedSuffix?: string;
  name?: string;
  limit: number;
  offset: number;
};

export async function searchPeople(db: Db, f: PeopleFilter): Promise<{ rows: PersonRow[]; total: number }> {
  const where: (SQL | undefined)[] = [f.scope(people.orgId), f.orgCondition?.(people.orgId)];
  if (f.idHash) {
    where.push(eq(people.idNumberHash, f.idHash));
  }
  if (f.phoneHash) {
    where.push(eq(people.phoneHash, f.phoneHash));
  }
  if (f.maskedPrefix !== undefined || f.maskedSuffix !== undefined) {
    where.push(like(people.idNumberMasked, `${f.maskedPrefix ?? ''}%${f.maskedSuffix ?? ''}`));
  }
  if (f.name) {
    const escaped = f.name.replace(/[\\%_]/g, (c) => `\\${c}`);
    // The pinyin key is stored syllable by syllable ("zhang san feng"); people type it run together ("zhangsanf").
    const pinyinPrefix = escaped.toLowerCase().replace(/\s+/g, '');
    where.push(
      or(ilike(people.name, `%${escaped}%`), like(sql`replace(${people.namePinyin}, ' ', '')`, `${pinyinPrefix}%`)),
    );
  }
  const cond = and(...where);
  const rows = await db
    .select()
    .from(people)
    .where(cond)
    .orderBy(asc(people.namePinyin), asc(people.id))
    .limit(f.limit)
    .offset(f.offset);
  // A page that is not full ends the list, so it tells the total without a second scan (most searches are narrow).
  if (rows.length > 0 && rows.length < f.limit) {
    return { rows, total: f.offset + rows.length };
  }
  const [{ total }] = await db.select({ total: count() }).from(people).where(cond);
  return { rows, total: Number(total) };
}
