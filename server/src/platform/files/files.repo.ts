// Stored files: insert and read by id.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
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
