// The ledger's stored hash tiles (C2SP tlog-tiles, plus each tile's inner nodes; see tile-math.ts): kept in step with
// the entries inside each append transaction, rebuilt from the entries when needed, and read to compute proofs with
// O(log n) rows and no hashing beyond the right-edge folds, instead of reading and hashing every leaf.
import type { Db } from '../../db/client';
import * as repo from './ledger.repo';
import type { Frontier } from './merkle';
import {
  completedNodes,
  createTileBuilder,
  foldNodes,
  groupByTile,
  type NodeRef,
  storedNodeCount,
  TILE_WIDTH,
  tileHashes,
  tileOf,
  tileWidth,
  widthOfStoredTile,
} from './tile-math';

/**
 * The tile writes of appending leaf number `frontier.size` (by its hash): the leaf hash and every node it completes,
 * which the frontier's carries give without reading anything — one tile per level touched (one, 255 times in 256).
 */
export function tileAppendsFor(
  frontier: Frontier,
  leafHash: Uint8Array,
): { level: number; index: number; bytes: Uint8Array }[] {
  return groupByTile(completedNodes(frontier, leafHash)).map((g) => ({
    level: g.level,
    index: g.index,
    bytes: g.bytes,
  }));
}

/** Throws Error when a touched tile does not hold exactly the hashes a tree of `size` leaves gives it (out of step). */
export function checkTileCounts(
  written: readonly { level: number; index: number; count: number }[],
  touched: readonly { level: number; index: number }[],
  size: number,
): void {
  for (const tile of touched) {
    const count = written.find((w) => w.level === tile.level && w.index === tile.index)?.count;
    const expected = storedNodeCount(tileWidth(tile, size));
    if (count !== expected) {
      throw new Error(
        `ledger tile ${tile.level}/${tile.index} holds ${count} hashes, expected ${expected}: rebuild the tiles`,
      );
    }
  }
}

/**
 * Recomputes every tile from the stored entries (for a log whose entries predate the tiles, or after a restore).
 * Locks the state like an append, so no entry is added meanwhile. Returns the number of tiles written.
 */
export async function rebuildLedgerTiles(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const state = await repo.lockState(tx);
    const tiles: { level: number; index: number; hashes: Uint8Array }[] = [];
    const builder = createTileBuilder((level, index, hashes) => tiles.push({ level, index, hashes }));
    const page = 65_536;
    for (let from = 0; from < state.size; from += page) {
      for (const hash of await repo.listLeafHashes(tx, from, Math.min(state.size, from + page))) {
        builder.append(hash);
      }
    }
    tiles.push(...builder.partialTiles());
    await repo.replaceTiles(tx, tiles);
    return tiles.length;
  });
}

/** True when the stored tiles end exactly where the `size` entries end (a cheap check of the last level-0 tile). */
export async function areTilesInStep(db: Db, size: number): Promise<boolean> {
  if (size === 0) {
    return (await repo.findTile(db, 0, 0)) === undefined;
  }
  const last = await repo.findTile(db, 0, Math.floor((size - 1) / TILE_WIDTH));
  return last !== undefined && last.hashes.length / 32 === storedNodeCount(((size - 1) % TILE_WIDTH) + 1);
}

// Node hashes already read, per database handle. A node's hash never changes once stored (tiles only grow), so this
// cache of immutable values needs no invalidation, and instances need not share it. Bounded: cleared when full.
// (A database restored to an earlier state and then appended differently needs a restart.)
let nodeCacheLimit = 200_000;

/** Sets how many node hashes the proof cache keeps before it starts afresh (tests use a tiny one). */
export function setNodeCacheLimit(limit: number): void {
  nodeCacheLimit = limit;
}
const nodeCaches = new WeakMap<Db, Map<string, Uint8Array>>();

/**
 * Computes proof elements from the stored tiles: each element is the right fold of its nodes (see tile-math's plans).
 * Nodes not cached are read in one query. Throws Error when a tile is missing or too short (rebuild the tiles).
 */
export async function readProof(
  db: Db,
  plan: readonly (readonly NodeRef[])[],
  stats?: repo.ReadStats,
): Promise<Uint8Array[]> {
  let cache = nodeCaches.get(db);
  if (!cache) {
    cache = new Map();
    nodeCaches.set(db, cache);
  }
  const keyOf = (n: NodeRef) => `${n.height}/${n.index}`;
  // This proof's nodes, from the cache or the database: the proof is built from this map, so clearing a full cache
  // below can never drop a node the proof still needs.
  const nodes = new Map<string, Uint8Array>();
  const missing: NodeRef[] = [];
  for (const node of new Map(plan.flat().map((n) => [keyOf(n), n])).values()) {
    const hit = cache.get(keyOf(node));
    if (hit) {
      nodes.set(keyOf(node), hit);
    } else {
      missing.push(node);
    }
  }
  if (missing.length > 0) {
    const hashes = await repo.listTileHashes(db, missing.map(tileOf), stats);
    if (cache.size + missing.length > nodeCacheLimit) {
      cache.clear();
    }
    missing.forEach((node, i) => {
      const hash = hashes[i];
      if (hash?.length !== 32) {
        const tile = tileOf(node);
        throw new Error(`ledger tile ${tile.level}/${tile.index} is missing or short: rebuild the tiles`);
      }
      nodes.set(keyOf(node), hash);
      cache.set(keyOf(node), hash);
    });
  }
  return plan.map((element) => foldNodes(element.map((node) => nodes.get(keyOf(node))!)));
}

/**
 * The bytes of a tlog-tiles resource of `width` hashes or entries, or undefined when the log does not (yet) hold
 * that many: a hash tile's first `width` hashes of height 8L, or an entry bundle (each leaf as uint16 length + bytes).
 */
export async function readTileResource(
  db: Db,
  ref: { kind: 'hash' | 'entries'; level: number; index: number; width: number },
): Promise<Uint8Array | undefined> {
  if (ref.kind === 'hash') {
    const tile = await repo.findTile(db, ref.level, ref.index);
    if (!tile || widthOfStoredTile(tile.hashes.length / 32) < ref.width) {
      return undefined;
    }
    return tileHashes(tile.hashes, ref.width);
  }
  const first = ref.index * TILE_WIDTH;
  const entries = await repo.listEntries(db, first, first + ref.width);
  if (entries.length !== ref.width) {
    return undefined;
  }
  const leaves = entries.map((e) => Buffer.from(e.leaf, 'utf8'));
  const out = Buffer.alloc(leaves.reduce((n, l) => n + 2 + l.length, 0));
  let offset = 0;
  for (const leaf of leaves) {
    out.writeUInt16BE(leaf.length, offset);
    leaf.copy(out, offset + 2);
    offset += 2 + leaf.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
