// Queries on an import's progress record, for whichever module's table a repo hands in.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { ImportTable } from './import-table';

export type ImportRow = ImportTable['$inferSelect'];
export type ImportInsert = ImportTable['$inferInsert'];

/** The queries on one module's import table. */
export type ImportStore = {
  insert(db: Db, row: ImportInsert): Promise<void>;
  update(db: Db, id: string, patch: Partial<ImportInsert>): Promise<void>;
  find(db: Db, id: string): Promise<ImportRow | undefined>;
};

export function importStore(table: ImportTable): ImportStore {
  return {
    async insert(db, row) {
      await db.insert(table).values(row);
    },
    async update(db, id, patch) {
      await db.update(table).set(patch).where(eq(table.id, id));
    },
    async find(db, id) {
      const [row] = await db.select().from(table).where(eq(table.id, id));
      return row;
    },
  };
}
