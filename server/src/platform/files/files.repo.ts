// Stored files: insert and read by id.
import { eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { storedFiles } from './files.tables';

export type StoredFileRow = typeof storedFiles.$inferSelect;

export async function insertFile(db: Db, row: typeof storedFiles.$inferInsert): Promise<void> {
  await db.insert(storedFiles).values(row);
}

export async function findFile(db: Db, id: string): Promise<StoredFileRow | undefined> {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
  return row;
}

export async function findFileMeta(db: Db, id: string) {
  const [row] = await db
    .select({
      id: storedFiles.id,
      purpose: storedFiles.purpose,
      name: storedFiles.name,
      contentType: storedFiles.contentType,
      sizeBytes: storedFiles.sizeBytes,
      sha256: storedFiles.sha256,
      orgId: storedFiles.orgId,
      createdAt: storedFiles.createdAt,
    })
    .from(storedFiles)
    .where(eq(storedFiles.id, id));
  return row;
}

export async function findFilesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) {
    return [];
  }
  return db
    .select({
      id: storedFiles.id,
      orgId: storedFiles.orgId,
      readPermission: storedFiles.readPermission,
      createdBy: storedFiles.createdBy,
      purpose: storedFiles.purpose,
    })
    .from(storedFiles)
    .where(inArray(storedFiles.id, ids))
    .for('update');
}

export async function setFileScope(db: Db, ids: string[], orgId: number, readPermission: string, purpose: string) {
  await db.update(storedFiles).set({ orgId, readPermission, purpose }).where(inArray(storedFiles.id, ids));
}

/** The materialised path of a unit (files are a platform concern: a plain query, not the orgs module's tables). */
export async function orgPathOf(db: Db, orgId: number): Promise<string | undefined> {
  const [row] = await queryRows<{ path: string }>(db, sql`SELECT path FROM orgs WHERE id = ${orgId}`);
  return row?.path;
}
