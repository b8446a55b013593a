// Tile arithmetic for the ledger's stored C2SP tlog-tiles, pure: which perfect subtrees (nodes) an RFC 9162 inclusion
// or consistency proof is made of, where each node sits in its stored tile, and building tiles from leaf hashes.
// A node (height h, index i) is the MTH of leaves [i * 2^h, (i + 1) * 2^h). A level-L tile stores the nodes of
// heights 8L..8L+7 under it: its 256 tlog-tiles hashes (height 8L) and the nodes between them and the tile root (the
// root, height 8L+8, is a hash of the tile above). Each hash is followed by the parents it completes (post-order), so a
// growing tile only ever appends bytes. A full tile stores 510 hashes; any node is one lookup, and a proof needs no
// hashing but the folds of right-edge elements.
import { HASH_SIZE, nodeHash } from './merkle';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** Hashes stored for a full tile: 256 + 128 + … + 2 (its root is stored one level up). */
export const FULL_TILE_NODES = 2 * TILE_WIDTH - 2;

export type NodeRef = { readonly height: number; readonly index: number };
export type TileRef = { readonly level: number; readonly index: number };
export type NodeHash = NodeRef & { readonly hash: Uint8Array };

/**
 * The proof of RFC 9162 §2.1.3.1 PATH(index, D[size]) as nodes: one list per proof element, the perfect subtrees
 * whose right fold (see foldNodes) is that element. Elements on the right edge of the tree are not perfect subtrees
 * and take several nodes. Throws RangeError for an index outside the tree.
 */
export function inclusionPlan(index: number, size: number): NodeRef[][] {
  if (!isCount(index) || !isCount(size) || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${size} leaves`);
  }
  const siblings: NodeRef[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      siblings.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      siblings.push(rangeNodes(start, start + k));
      start += k;
    }
  }
  // PATH lists the deepest sibling first: the reverse of the descent.
  return siblings.reverse();
}

/**
 * The proof of RFC 9162 §2.1.4.1 PROOF(oldSize, D[newSize]) as nodes, one list per proof element (see
 * inclusionPlan). Empty when oldSize is 0 or newSize. Throws RangeError unless 0 <= oldSize <= newSize.
 */
export function consistencyPlan(oldSize: number, newSize: number): NodeRef[][] {
  if (!isCount(oldSize) || !isCount(newSize) || oldSize > newSize) {
    throw new RangeError(`old size ${oldSize} is outside a tree of ${newSize} leaves`);
  }
  if (oldSize === 0 || oldSize === newSize) {
    return [];
  }
  // SUBPROOF(m, D[start:end], b) unrolled: the descent collects elements in reverse order.
  const reversed: NodeRef[][] = [];
  let m = oldSize;
  let start = 0;
  let end = newSize;
  let isCompleteOldTree = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      reversed.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      reversed.push(rangeNodes(start, start + k));
      m -= k;
      start += k;
      isCompleteOldTree = false;
    }
  }
  if (!isCompleteOldTree) {
    reversed.push(rangeNodes(start, end));
  }
  return reversed.reverse();
}

/**
 * The perfect subtrees making up leaves [start, end), largest first, where start is a multiple of the largest power
 * of two not above end - start (true of every range the RFC's proofs use). Their right fold is MTH(D[start:end]).
 */
export function rangeNodes(start: number, end: number): NodeRef[] {
  const nodes: NodeRef[] = [];
  let at = start;
  while (at < end) {
    let height = 0;
    while (2 ** (height + 1) <= end - at) {
      height++;
    }
    const width = 2 ** height;
    if (at % width !== 0) {
      throw new RangeError(`leaves [${start}, ${end}) do not split into aligned perfect subtrees`);
    }
    nodes.push({ height, index: at / width });
    at += width;
  }
  return nodes;
}

/** The tile storing `node` and the node's position among the tile's stored hashes. */
export function tileOf(node: NodeRef): TileRef & { position: number } {
  const level = Math.floor(node.height / TILE_HEIGHT);
  const k = node.height - level * TILE_HEIGHT;
  const nodesPerTile = 2 ** (TILE_HEIGHT - k);
  const index = Math.floor(node.index / nodesPerTile);
  return { level, index, position: postOrderPosition(k, node.index - index * nodesPerTile) };
}

/** Where the node of height k (0..8) and index j within a tile comes in the tile's post-order. */
export function postOrderPosition(k: number, j: number): number {
  const lastLeaf = (j + 1) * 2 ** k - 1;
  return 2 * lastLeaf - popCount(lastLeaf) + k;
}

/** How many hashes a tile of `width` tlog-tiles hashes stores: those, and every parent they complete below the root. */
export function storedNodeCount(width: number): number {
  return width === TILE_WIDTH ? FULL_TILE_NODES : 2 * width - popCount(width);
}

/** The tlog-tiles width (1..256) of a stored tile of `count` hashes; -1 when no width stores that many. */
export function widthOfStoredTile(count: number): number {
  for (let width = 0; width <= TILE_WIDTH; width++) {
    if (storedNodeCount(width) === count) {
      return width;
    }
  }
  return -1;
}

/** The first `width` tlog-tiles hashes (height 8L) of a stored tile, concatenated: what the tile endpoint serves. */
export function tileHashes(stored: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(width * HASH_SIZE);
  for (let i = 0; i < width; i++) {
    const at = postOrderPosition(0, i) * HASH_SIZE;
    out.set(stored.subarray(at, at + HASH_SIZE), i * HASH_SIZE);
  }
  return out;
}

/** The stored hash at `position`, or undefined when the tile is shorter. */
export function storedHash(stored: Uint8Array, position: number): Uint8Array | undefined {
  const at = position * HASH_SIZE;
  return at + HASH_SIZE <= stored.length ? stored.subarray(at, at + HASH_SIZE) : undefined;
}

/** `node` as a string key, for maps. */
export function nodeKeyOf(node: NodeRef): string {
  return `${node.height}/${node.index}`;
}

/** The right fold of perfect-subtree hashes, largest (leftmost) first: MTH of the range they make up. */
export function foldNodes(hashes: readonly Uint8Array[]): Uint8Array {
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) {
    hash = nodeHash(hashes[i], hash);
  }
  return hash;
}

/**
 * The nodes that appending `leaf` as leaf number `frontier.size` completes, in order: the leaf itself, then each
 * parent it completes, up the right edge (the same carries that extend the frontier).
 */
export function completedNodes(
  frontier: { readonly size: number; readonly hashes: readonly Uint8Array[] },
  leaf: Uint8Array,
): NodeHash[] {
  const nodes: NodeHash[] = [{ height: 0, index: frontier.size, hash: leaf }];
  let carry = leaf;
  let next = frontier.hashes.length - 1;
  for (let size = frontier.size, height = 1; size % 2 === 1; size = Math.floor(size / 2), height++) {
    carry = nodeHash(frontier.hashes[next--], carry);
    nodes.push({ height, index: Math.floor(frontier.size / 2 ** height), hash: carry });
  }
  return nodes;
}

/** The stored tiles a run of completed nodes extends, each with the bytes to append, bottom level first. */
export function groupByTile(nodes: readonly NodeHash[]): (TileRef & { bytes: Uint8Array })[] {
  const groups: (TileRef & { hashes: Uint8Array[] })[] = [];
  for (const node of nodes) {
    const tile = tileOf(node);
    const last = groups[groups.length - 1];
    if (last && last.level === tile.level && last.index === tile.index) {
      last.hashes.push(node.hash);
    } else {
      groups.push({ level: tile.level, index: tile.index, hashes: [node.hash] });
    }
  }
  return groups.map((g) => ({ level: g.level, index: g.index, bytes: concat(g.hashes) }));
}

/** The tlog-tiles width of tile (level, index) in a tree of `size` leaves: 256, 1..255 (partial), or 0. */
export function tileWidth(tile: TileRef, size: number): number {
  const hashesAtLevel = Math.floor(size / TILE_WIDTH ** tile.level);
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel - tile.index * TILE_WIDTH));
}

export type TileBuilder = {
  /** Adds the next leaf hash; calls `onFullTile` for every tile it completes, bottom level first. */
  append(leafHash: Uint8Array): void;
  /** The growing (partial) tiles of the current size, at most one per level, bottom level first. */
  partialTiles(): { level: number; index: number; hashes: Uint8Array }[];
};

/** Builds every stored tile of a log from its leaf hashes, keeping the frontier and one growing tile per level. */
export function createTileBuilder(onFullTile: (level: number, index: number, hashes: Uint8Array) => void): TileBuilder {
  let frontier: { size: number; hashes: Uint8Array[] } = { size: 0, hashes: [] };
  const growing = new Map<number, { index: number; hashes: Uint8Array[] }>();
  return {
    append(leafHash) {
      const nodes = completedNodes(frontier, leafHash);
      for (const node of nodes) {
        const tile = tileOf(node);
        let current = growing.get(tile.level);
        if (!current || current.index !== tile.index) {
          current = { index: tile.index, hashes: [] };
          growing.set(tile.level, current);
        }
        current.hashes.push(node.hash);
        if (current.hashes.length === FULL_TILE_NODES) {
          onFullTile(tile.level, tile.index, concat(current.hashes));
          growing.delete(tile.level);
        }
      }
      // The frontier after the append: the completed carry replaces the subtrees it merged.
      const merged = nodes.length - 1;
      frontier = {
        size: frontier.size + 1,
        hashes: [...frontier.hashes.slice(0, frontier.hashes.length - merged), nodes[nodes.length - 1].hash],
      };
    },
    partialTiles() {
      return [...growing.entries()]
        .sort(([a], [b]) => a - b)
        .map(([level, t]) => ({ level, index: t.index, hashes: concat(t.hashes) }));
    },
  };
}

function concat(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    out.set(h, i * HASH_SIZE);
  });
  return out;
}

function popCount(n: number): number {
  let count = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) {
    count += m % 2;
  }
  return count;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
