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

// What proofs read, cached per database handle. A stored hash never changes once written (tiles only grow, at their
// end), so neither cache needs invalidation and instances need not share them. (A database restored to an earlier
// state and then appended differently needs a restart.)
// - Upper tiles (level 1 and above: one tile in 256, ~0.4% of the hash bytes) are kept whole, loaded on the first
//   proof: 16 tiles for a million entries, ~1,500 (25 MB) for a hundred million. A node beyond a cached partial
//   tile's end (the log grew since) reloads that tile.
// - Level-0 nodes come with the entry's own tile (read in the entry's query) or, for the right edge and consistency
//   proofs, from a bounded cache of single nodes, cleared when full.
let nodeCacheLimit = 200_000;
let upperTileBytesLimit = 256 * 2 ** 20;

/** Sets how many level-0 node hashes the proof cache keeps before it starts afresh (tests use a tiny one). */
export function setNodeCacheLimit(limit: number): void {
  nodeCacheLimit = limit;
}

/** Sets how many bytes of upper tiles the proof cache keeps before it starts afresh (tests use a tiny one). */
export function setUpperTileCacheLimit(bytes: number): void {
  upperTileBytesLimit = bytes;
}

type ProofCache = { nodes: Map<string, Uint8Array>; upper: Map<string, Uint8Array>; upperBytes: number; warm: boolean };
const proofCaches = new WeakMap<Db, ProofCache>();

function proofCache(db: Db): ProofCache {
  let cache = proofCaches.get(db);
  if (!cache) {
    cache = { nodes: new Map(), upper: new Map(), upperBytes: 0, warm: false };
    proofCaches.set(db, cache);
  }
  return cache;
}

function keepUpperTile(cache: ProofCache, level: number, index: number, hashes: Uint8Array): void {
  const key = `${level}/${index}`;
  cache.upperBytes += hashes.length - (cache.upper.get(key)?.length ?? 0);
  cache.upper.set(key, hashes);
  if (cache.upperBytes > upperTileBytesLimit) {
    cache.upper.clear();
    cache.upperBytes = 0;
  }
}

/** The stored hash at `position` in `tile` bytes, or undefined when the tile does not (yet) hold it. */
function hashAt(tile: Uint8Array | undefined, position: number): Uint8Array | undefined {
  return tile && tile.length >= (position + 1) * 32 ? tile.subarray(position * 32, (position + 1) * 32) : undefined;
}

/**
 * Computes proof elements from the stored tiles: each element is the right fold of its nodes (see tile-math's plans).
 * `tile0` is a level-0 tile the caller already holds (the entry's, read with it). Nodes found in neither that nor the
 * caches are read in one query. Throws Error when a tile is missing or too short (rebuild the tiles).
 */
export async function readProof(
  db: Db,
  plan: readonly (readonly NodeRef[])[],
  stats?: repo.ReadStats,
  tile0?: { index: number; hashes: Uint8Array },
): Promise<Uint8Array[]> {
  const cache = proofCache(db);
  if (!cache.warm) {
    for (const tile of await repo.listTilesFromLevel(db, 1, stats)) {
      keepUpperTile(cache, tile.level, tile.index, new Uint8Array(tile.hashes));
    }
    cache.warm = true;
  }
  const keyOf = (n: NodeRef) => `${n.height}/${n.index}`;
  // This proof's nodes, from what is held or the database: the proof is built from this map, so clearing a full
  // cache below can never drop a node the proof still needs.
  const nodes = new Map<string, Uint8Array>();
  const missing: NodeRef[] = [];
  for (const node of new Map(plan.flat().map((n) => [keyOf(n), n])).values()) {
    const at = tileOf(node);
    const hit =
      at.level > 0
        ? hashAt(cache.upper.get(`${at.level}/${at.index}`), at.position)
        : tile0 && tile0.index === at.index
          ? hashAt(tile0.hashes, at.position)
          : cache.nodes.get(keyOf(node));
    if (hit) {
      nodes.set(keyOf(node), hit);
    } else {
      missing.push(node);
    }
  }
  if (missing.length > 0) {
    const hashes = await repo.listTileHashes(db, missing.map(tileOf), stats);
    if (cache.nodes.size + missing.length > nodeCacheLimit) {
      cache.nodes.clear();
    }
    const grownUpper = new Set<string>();
    missing.forEach((node, i) => {
      const hash = hashes[i];
      const tile = tileOf(node);
      if (hash?.length !== 32) {
        throw new Error(`ledger tile ${tile.level}/${tile.index} is missing or short: rebuild the tiles`);
      }
      nodes.set(keyOf(node), hash);
      if (tile.level > 0) {
        grownUpper.add(`${tile.level}/${tile.index}`);
      } else {
        cache.nodes.set(keyOf(node), hash);
      }
    });
    // An upper tile that grew since it was cached (or was never cached): keep its current bytes for the next proofs.
    for (const key of grownUpper) {
      const [level, index] = key.split('/').map(Number);
      const tile = await repo.findTile(db, level, index);
      if (tile) {
        keepUpperTile(cache, level, index, new Uint8Array(tile.hashes));
      }
    }
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
