// Loads a whole log at once for benchmarks and tests of large logs: entries in batches, every tile, and the state,
// exactly as a sequence of appends would leave them, without a million append transactions.
import type { Db } from '../../db/client';
import * as repo from './ledger.repo';
import { appendToFrontier, type Frontier, leafHash } from './merkle';
import { createTileBuilder } from './tile-math';

/**
 * Appends `entries` (kind and the leaf's exact canonical JSON, in order) to an empty log in one transaction, bypassing
 * appendLedgerEntry's checks: callers supply canonical leaves. Returns the new size.
 * Throws Error when the log is not empty.
 */
export async function bulkLoadLedger(db: Db, entries: Iterable<{ kind: string; leaf: string }>): Promise<number> {
  return db.transaction(async (tx) => {
    const state = await repo.lockState(tx);
    if (state.size !== 0) {
      throw new Error('bulkLoadLedger needs an empty log');
    }
    const tiles: { level: number; index: number; hashes: Uint8Array }[] = [];
    const builder = createTileBuilder((level, index, hashes) => tiles.push({ level, index, hashes }));
    let frontier: Frontier = { size: 0, hashes: [] };
    let batch: { index: number; kind: string; leaf: string; leafHash: Uint8Array }[] = [];
    for (const { kind, leaf } of entries) {
      const hash = leafHash(Buffer.from(leaf, 'utf8'));
      batch.push({ index: frontier.size, kind, leaf, leafHash: hash });
      builder.append(hash);
      frontier = appendToFrontier(frontier, hash);
      if (batch.length === 10_000) {
        await repo.insertEntries(tx, batch);
        batch = [];
      }
    }
    await repo.insertEntries(tx, batch);
    await repo.replaceTiles(tx, [...tiles, ...builder.partialTiles()]);
    await repo.updateState(
      tx,
      frontier.size,
      frontier.hashes.map((h) => Buffer.from(h).toString('base64')),
    );
    return frontier.size;
  });
}
