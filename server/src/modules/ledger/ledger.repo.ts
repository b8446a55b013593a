// Drizzle queries for the transparency log; the only file that imports ledger.tables.
import { asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ledgerCheckpoints, ledgerEntries, ledgerState } from './ledger.tables';

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerCheckpointRow = typeof ledgerCheckpoints.$inferSelect;
export type LedgerStateRow = typeof ledgerState.$inferSelect;

const STATE_ID = 1;

/**
 * Locks the one state row for the rest of the caller's transaction and returns it, creating the empty state on first
 * use. Concurrent appends queue here, which is what makes indexes gapless and unique.
 */
export async function lockState(db: Db): Promise<LedgerStateRow> {
  // A concurrent first insert waits on the primary key and then does nothing; the lock below then serialises.
  await db.insert(ledgerState).values({ id: STATE_ID, size: 0, frontier: [] }).onConflictDoNothing();
  const [row] = await db.select().from(ledgerState).where(eq(ledgerState.id, STATE_ID)).for('update');
  return row;
}

/** The state without locking (a snapshot for checkpoints); undefined before the first append. */
export async function findState(db: Db): Promise<LedgerStateRow | undefined> {
  const [row] = await db.select().from(ledgerState).where(eq(ledgerState.id, STATE_ID));
  return row;
}

export async function updateState(db: Db, size: number, frontier: string[]): Promise<void> {
  await db.update(ledgerState).set({ size, frontier }).where(eq(ledgerState.id, STATE_ID));
}

export async function insertEntry(db: Db, row: typeof ledgerEntries.$inferInsert): Promise<void> {
  await db.insert(ledgerEntries).values(row);
}

export async function findEntry(db: Db, index: number): Promise<LedgerEntryRow | undefined> {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.index, index));
  return row;
}

/**
 * The leaf hashes of the first `treeSize` entries, in order. O(n): fine while the log is small; for a large log the
 * C2SP tlog-tiles layout (stored hash tiles) replaces this full read.
 */
export async function listLeafHashes(db: Db, treeSize: number): Promise<Uint8Array[]> {
  const rows = await db
    .select({ leafHash: ledgerEntries.leafHash })
    .from(ledgerEntries)
    .where(lt(ledgerEntries.index, treeSize))
    .orderBy(asc(ledgerEntries.index));
  return rows.map((r) => r.leafHash);
}

export async function findLatestCheckpoint(db: Db): Promise<LedgerCheckpointRow | undefined> {
  const [row] = await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.size)).limit(1);
  return row;
}

export async function findCheckpoint(db: Db, size: number): Promise<LedgerCheckpointRow | undefined> {
  const [row] = await db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.size, size));
  return row;
}

/** Stores a checkpoint; false when one of that size exists already (another signer got there first). */
export async function insertCheckpoint(db: Db, row: typeof ledgerCheckpoints.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(ledgerCheckpoints)
    .values(row)
    .onConflictDoNothing()
    .returning({ size: ledgerCheckpoints.size });
  return inserted.length > 0;
}
