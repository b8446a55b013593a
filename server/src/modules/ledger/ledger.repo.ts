// Drizzle queries for the transparency log; the only file that imports ledger.tables.
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import { ledgerCheckpoints, ledgerCosignatures, ledgerEntries, ledgerState, ledgerTiles } from './ledger.tables';

export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type LedgerCheckpointRow = typeof ledgerCheckpoints.$inferSelect;
export type LedgerStateRow = typeof ledgerState.$inferSelect;
export type LedgerTileRow = typeof ledgerTiles.$inferSelect;
export type LedgerCosignatureRow = typeof ledgerCosignatures.$inferSelect;

/** Counts what a read costs (queries sent, rows returned), for tests and benchmarks of the proof paths. */
export type ReadStats = { queries: number; rows: number };

function tally<T>(stats: ReadStats | undefined, rows: T[]): T[] {
  if (stats) {
    stats.queries++;
    stats.rows += rows.length;
  }
  return rows;
}

const STATE_ID = 1;

/**
 * Locks the one state row for the rest of the caller's transaction and returns it, creating the empty state on first
 * use. Concurrent appends queue here, which is what makes indexes gapless and unique.
 */
export async function lockState(db: Db): Promise<LedgerStateRow> {
  const lock = () => db.select().from(ledgerState).where(eq(ledgerState.id, STATE_ID)).for('update');
  const [row] = await lock();
  if (row) {
    return row;
  }
  // The very first append: a concurrent first insert waits on the primary key and then does nothing; the lock
  // below then serialises. (Every later append takes the lock in one statement.)
  await db.insert(ledgerState).values({ id: STATE_ID, size: 0, frontier: [] }).onConflictDoNothing();
  const [created] = await lock();
  return created;
}

/** The state without locking (a snapshot for checkpoints); undefined before the first append. */
export async function findState(db: Db): Promise<LedgerStateRow | undefined> {
  const [row] = await db.select().from(ledgerState).where(eq(ledgerState.id, STATE_ID));
  return row;
}

export async function updateState(db: Db, size: number, frontier: string[]): Promise<void> {
  await db.update(ledgerState).set({ size, frontier }).where(eq(ledgerState.id, STATE_ID));
}

/**
 * One append in one statement (the caller holds the state lock): the entry, the new state and the tile hashes it adds
 * (each tile's hashes appended to what it holds). Returns how many hashes each touched tile holds now, to be checked.
 */
export async function writeAppend(
  db: Db,
  a: {
    entry: { index: number; kind: string; leaf: string; leafHash: Uint8Array };
    size: number;
    frontier: string[];
    tiles: { level: number; index: number; bytes: Uint8Array }[];
  },
): Promise<{ level: number; index: number; count: number }[]> {
  const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  const rows = await queryRows<{ level: number; index: number | string; count: number | string }>(
    db,
    sql`WITH e AS (
          INSERT INTO ledger_entries ("index", kind, leaf, leaf_hash)
          VALUES (${a.entry.index}, ${a.entry.kind}, ${a.entry.leaf}, decode(${hex(a.entry.leafHash)}, 'hex'))
        ), s AS (
          UPDATE ledger_state SET size = ${a.size}, frontier = ${JSON.stringify(a.frontier)}::jsonb WHERE id = ${STATE_ID}
        )
        INSERT INTO ledger_tiles ("level", "index", hashes)
        SELECT k.level, k.idx, decode(k.hex, 'hex')
          FROM unnest(${`{${a.tiles.map((t) => t.level).join(',')}}`}::smallint[],
                      ${`{${a.tiles.map((t) => t.index).join(',')}}`}::bigint[],
                      ${`{${a.tiles.map((t) => hex(t.bytes)).join(',')}}`}::text[]) AS k(level, idx, hex)
        ON CONFLICT ("level", "index") DO UPDATE SET hashes = ledger_tiles.hashes || excluded.hashes
        RETURNING "level", "index", octet_length(hashes) / 32 AS count`,
  );
  return rows.map((r) => ({ level: Number(r.level), index: Number(r.index), count: Number(r.count) }));
}

/** Inserts many entries at once (bulk loads of whole logs for benchmarks and tests; never the append path). */
export async function insertEntries(db: Db, rows: (typeof ledgerEntries.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insert(ledgerEntries).values(rows.slice(i, i + 2000));
  }
}

function buildEntryForProofQuery(db: Db) {
  return db
    .select({
      index: ledgerEntries.index,
      kind: ledgerEntries.kind,
      leaf: ledgerEntries.leaf,
      leafHash: ledgerEntries.leafHash,
      logSize: sql<number | string | null>`(SELECT size FROM ledger_state WHERE id = ${STATE_ID})`,
      signedSize: sql<number | string | null>`(SELECT max(size) FROM ledger_checkpoints)`,
      // The entry's level-0 hash tile: every node of height < 8 an inclusion proof needs left of the right edge.
      tile0: sql<Uint8Array | null>`(SELECT t.hashes FROM ledger_tiles t WHERE t."level" = 0 AND t."index" = ${sql.placeholder('index')}::bigint / 256)`,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.index, sql.placeholder('index')))
    .prepare('boai_ledger_entry_for_proof_v2');
}

const entryForProofQueries = new WeakMap<Db, ReturnType<typeof buildEntryForProofQuery>>();

/**
 * The entry at `index` with the log's size, the latest checkpoint's size (0 when none) and the entry's level-0 hash
 * tile, in one round trip (a prepared statement): with the upper tiles cached, all an inclusion proof reads.
 */
export async function findEntryForProof(
  db: Db,
  index: number,
  stats?: ReadStats,
): Promise<
  | (Pick<LedgerEntryRow, 'index' | 'kind' | 'leaf' | 'leafHash'> & {
      logSize: number;
      signedSize: number;
      tile0: Uint8Array | null;
    })
  | undefined
> {
  let query = entryForProofQueries.get(db);
  if (!query) {
    query = buildEntryForProofQuery(db);
    entryForProofQueries.set(db, query);
  }
  const [row] = await query.execute({ index });
  if (stats) {
    // The entry row, the state row, the newest checkpoint's index entry and the entry's level-0 tile.
    stats.queries++;
    stats.rows += row?.tile0 ? 4 : 3;
  }
  return (
    row && {
      ...row,
      logSize: Number(row.logSize ?? 0),
      signedSize: Number(row.signedSize ?? 0),
      tile0: row.tile0 ? new Uint8Array(row.tile0) : null,
    }
  );
}

export async function findEntry(db: Db, index: number): Promise<LedgerEntryRow | undefined> {
  const [row] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.index, index));
  return row;
}

/** The entries with indexes in [from, to), in order. */
export async function listEntries(
  db: Db,
  from: number,
  to: number,
): Promise<Pick<LedgerEntryRow, 'index' | 'leaf' | 'leafHash'>[]> {
  return db
    .select({ index: ledgerEntries.index, leaf: ledgerEntries.leaf, leafHash: ledgerEntries.leafHash })
    .from(ledgerEntries)
    .where(and(gte(ledgerEntries.index, from), lt(ledgerEntries.index, to)))
    .orderBy(asc(ledgerEntries.index));
}

/** The leaf hashes of the entries with indexes in [from, to), in order. */
export async function listLeafHashes(db: Db, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await db
    .select({ leafHash: ledgerEntries.leafHash })
    .from(ledgerEntries)
    .where(and(gte(ledgerEntries.index, from), lt(ledgerEntries.index, to)))
    .orderBy(asc(ledgerEntries.index));
  return rows.map((r) => r.leafHash);
}

// The proof read: for each wanted node, one primary-key lookup of its tile (LATERAL) and only the 32-byte slice asked
// for — an uncompressed TOAST value is read slice by slice, so a 16 KiB tile costs a chunk, not all of it. Prepared
// once per database handle (fixed text, arrays as parameters), so PostgreSQL plans it once per connection.
function buildTileHashesQuery(db: Db) {
  return db
    .select({ ord: sql<number | string>`k.ord`, hash: sql<Uint8Array>`substring(t.hashes FROM k.pos * 32 + 1 FOR 32)` })
    .from(
      sql`unnest(${sql.placeholder('levels')}::int[], ${sql.placeholder('indexes')}::bigint[], ${sql.placeholder('positions')}::int[])
            WITH ORDINALITY AS k(level, idx, pos, ord)
          CROSS JOIN LATERAL (SELECT hashes FROM ledger_tiles WHERE "level" = k.level AND "index" = k.idx) AS t`,
    )
    .prepare('boai_ledger_tile_hashes');
}

const tileHashesQueries = new WeakMap<Db, ReturnType<typeof buildTileHashesQuery>>();

/**
 * The stored hash at `position` of tile (level, index) for each wanted node, in the order asked; undefined for a
 * node whose tile is missing. `stats.rows` counts the distinct tile rows read.
 */
export async function listTileHashes(
  db: Db,
  wanted: readonly { level: number; index: number; position: number }[],
  stats?: ReadStats,
): Promise<(Uint8Array | undefined)[]> {
  let query = tileHashesQueries.get(db);
  if (!query) {
    query = buildTileHashesQuery(db);
    tileHashesQueries.set(db, query);
  }
  const array = (values: number[]) => `{${values.join(',')}}`;
  const rows = await query.execute({
    levels: array(wanted.map((w) => w.level)),
    indexes: array(wanted.map((w) => w.index)),
    positions: array(wanted.map((w) => w.position)),
  });
  const hashes: (Uint8Array | undefined)[] = wanted.map(() => undefined);
  for (const row of rows) {
    hashes[Number(row.ord) - 1] = new Uint8Array(row.hash);
  }
  if (stats) {
    stats.queries++;
    stats.rows += new Set(wanted.filter((_, i) => hashes[i]).map((w) => `${w.level}/${w.index}`)).size;
  }
  return hashes;
}

/** Every stored tile of `level` or above (the upper tiles: 1 in 256 of the tiles, 1 in 65,536 of the hashes). */
export async function listTilesFromLevel(db: Db, level: number, stats?: ReadStats): Promise<LedgerTileRow[]> {
  return tally(stats, await db.select().from(ledgerTiles).where(gte(ledgerTiles.level, level)));
}

export async function findTile(db: Db, level: number, index: number): Promise<LedgerTileRow | undefined> {
  const [row] = await db
    .select()
    .from(ledgerTiles)
    .where(and(eq(ledgerTiles.level, level), eq(ledgerTiles.index, index)));
  return row;
}

/** Replaces every tile (a rebuild from the entries): deletes them all, then inserts `tiles`. */
export async function replaceTiles(
  db: Db,
  tiles: readonly { level: number; index: number; hashes: Uint8Array }[],
): Promise<void> {
  await db.delete(ledgerTiles);
  for (let i = 0; i < tiles.length; i += 500) {
    await db.insert(ledgerTiles).values(tiles.slice(i, i + 500));
  }
}

/** Stores a witness's cosignature of checkpoint `size`, replacing an older one by the same witness. */
export async function upsertCosignature(db: Db, row: typeof ledgerCosignatures.$inferInsert): Promise<void> {
  await db
    .insert(ledgerCosignatures)
    .values(row)
    .onConflictDoUpdate({
      target: [ledgerCosignatures.size, ledgerCosignatures.witnessKey],
      set: { signedAt: row.signedAt, signatureLine: row.signatureLine, createdAt: sql`now()` },
      setWhere: sql`${ledgerCosignatures.signedAt} < excluded.signed_at`,
    });
}

/** The cosignatures of checkpoint `size`, in a stable order (by witness key). */
export async function listCosignatures(db: Db, size: number): Promise<LedgerCosignatureRow[]> {
  return db
    .select()
    .from(ledgerCosignatures)
    .where(eq(ledgerCosignatures.size, size))
    .orderBy(asc(ledgerCosignatures.witnessKey));
}

export async function findLatestCheckpoint(db: Db, stats?: ReadStats): Promise<LedgerCheckpointRow | undefined> {
  const [row] = tally(stats, await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.size)).limit(1));
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
