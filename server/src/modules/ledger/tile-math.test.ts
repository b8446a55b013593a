// Proofs computed from tiles must be exactly the proofs merkle.ts computes from every leaf, for trees that span full
// and partial tiles on three levels, and must verify with the independent verifier (@boai/tlog-verify).
import {
  verifyConsistency as independentVerifyConsistency,
  verifyInclusion as independentVerifyInclusion,
} from '@boai/tlog-verify';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../platform/random';
import {
  appendToFrontier,
  consistencyProof,
  type Frontier,
  HASH_SIZE,
  inclusionProof,
  leafHash,
  rootHash,
} from './merkle';
import {
  completedNodes,
  consistencyPlan,
  createTileBuilder,
  foldNodes,
  groupByTile,
  inclusionPlan,
  type NodeRef,
  rangeNodes,
  storedHash,
  storedNodeCount,
  TILE_WIDTH,
  tileHashes,
  tileOf,
  tileWidth,
  widthOfStoredTile,
} from './tile-math';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const LEAVES = Array.from({ length: 70_000 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

// Every tile of the 70,000-leaf log: 273 full level-0 tiles, one partial of 112, one full level-1 tile, one partial
// of 17, one partial level-2 tile of 1 (the tlog-tiles spec's own example).
const tiles = new Map<string, Uint8Array>();
const builder = createTileBuilder((level, index, hashes) => tiles.set(`${level}/${index}`, hashes));
for (const leaf of LEAVES) {
  builder.append(leaf);
}
for (const t of builder.partialTiles()) {
  tiles.set(`${t.level}/${t.index}`, t.hashes);
}

/** Computes a proof from the tiles the way ledger-tiles.readProof does, for a tree of `size` leaves. */
function proveFromTiles(plan: NodeRef[][], size: number): Uint8Array[] {
  return plan.map((element) =>
    foldNodes(
      element.map((node) => {
        const t = tileOf(node);
        const bytes = tiles.get(`${t.level}/${t.index}`)!;
        // A smaller tree sees only the prefix of each tile it had then: proofs must never look past it.
        const prefix = bytes.subarray(0, storedNodeCount(tileWidth(t, size)) * HASH_SIZE);
        return storedHash(prefix, t.position)!;
      }),
    ),
  );
}

describe('the tile builder', () => {
  it('writes the tiles the tlog-tiles spec lists for a tree of 70,000 leaves', () => {
    const widths = [...tiles.entries()]
      .filter(([key]) => !key.startsWith('0/') || key === '0/273' || key === '0/0')
      .map(([key, bytes]) => [key, widthOfStoredTile(bytes.length / HASH_SIZE)]);
    expect(Object.fromEntries(widths)).toEqual({ '0/0': 256, '0/273': 112, '1/0': 256, '1/1': 17, '2/0': 1 });
    expect([...tiles.keys()].filter((k) => k.startsWith('0/'))).toHaveLength(274);
    expect(tiles.get('0/0')!.length / HASH_SIZE).toBe(510);
  });

  it('serves the MTH of each run of 256^L leaves at level L, and stores every inner node', () => {
    expect(hex(tileHashes(tiles.get('0/3')!, 256))).toBe(LEAVES.slice(768, 1024).map(hex).join(''));
    expect(hex(tileHashes(tiles.get('1/1')!, 1))).toBe(hex(rootHash(LEAVES.slice(65_536, 65_536 + 256))));
    expect(hex(tileHashes(tiles.get('2/0')!, 1))).toBe(hex(rootHash(LEAVES.slice(0, 65_536))));
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const height = Math.floor(random() * 12);
      const index = Math.floor(random() * Math.floor(70_000 / 2 ** height));
      const t = tileOf({ height, index });
      const expected = rootHash(LEAVES.slice(index * 2 ** height, (index + 1) * 2 ** height));
      expect(hex(storedHash(tiles.get(`${t.level}/${t.index}`)!, t.position)!), `${height}/${index}`).toBe(
        hex(expected),
      );
    }
  });

  it('grows tiles append by append to the same bytes, with the counts the append path checks', () => {
    const stored = new Map<string, Uint8Array>();
    let frontier: Frontier = { size: 0, hashes: [] };
    for (const leaf of LEAVES.slice(0, 66_000)) {
      for (const group of groupByTile(completedNodes(frontier, leaf))) {
        const key = `${group.level}/${group.index}`;
        const next = Buffer.concat([stored.get(key) ?? new Uint8Array(0), group.bytes]);
        stored.set(key, next);
        expect(next.length / HASH_SIZE).toBe(storedNodeCount(tileWidth(group, frontier.size + 1)));
      }
      frontier = appendToFrontier(frontier, leaf);
    }
    for (const key of ['0/0', '0/255', '0/256', '1/0', '1/1', '2/0']) {
      const built = tiles.get(key)!;
      expect(hex(stored.get(key)!), key).toBe(hex(built.subarray(0, stored.get(key)!.length)));
    }
  });
});

describe('rangeNodes', () => {
  it('splits a right-edge range into aligned perfect subtrees, largest first', () => {
    expect(rangeNodes(64, 100)).toEqual([
      { height: 5, index: 2 },
      { height: 2, index: 24 },
    ]);
    expect(rangeNodes(0, 1)).toEqual([{ height: 0, index: 0 }]);
    expect(() => rangeNodes(3, 7)).toThrow(RangeError);
  });
});

describe('inclusion proofs from tiles', () => {
  it('equal merkle.ts proofs for every leaf of every tree up to 40 leaves, and around tile borders', () => {
    const sizes = [...Array.from({ length: 40 }, (_, i) => i + 1), 255, 256, 257, 300, 511, 512, 513];
    for (const size of sizes) {
      const tree = LEAVES.slice(0, size);
      for (let index = 0; index < size; index += size > 40 ? 11 : 1) {
        const fromTiles = proveFromTiles(inclusionPlan(index, size), size);
        expect(fromTiles.map(hex), `${index} of ${size}`).toEqual(inclusionProof(tree, index).map(hex));
      }
    }
  });

  it('equal merkle.ts proofs and verify independently in random trees up to 70,000 leaves', () => {
    const random = seededRandom(9162);
    for (let round = 0; round < 5; round++) {
      const size = 1 + Math.floor(random() * LEAVES.length);
      const tree = LEAVES.slice(0, size);
      const root = rootHash(tree);
      for (const index of [0, size - 1, Math.floor(random() * size)]) {
        const proof = proveFromTiles(inclusionPlan(index, size), size);
        expect(proof.map(hex), `${index} of ${size}`).toEqual(inclusionProof(tree, index).map(hex));
        expect(independentVerifyInclusion(tree[index], index, size, proof, root)).toBe(true);
      }
    }
  });

  it('refuses an index outside the tree', () => {
    expect(() => inclusionPlan(5, 5)).toThrow(RangeError);
    expect(() => inclusionPlan(-1, 5)).toThrow(RangeError);
  });
});

describe('consistency proofs from tiles', () => {
  it('equal merkle.ts proofs between every pair of sizes up to 40, and across tile borders', () => {
    for (let newSize = 1; newSize <= 40; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const expected = consistencyProof(LEAVES.slice(0, newSize), oldSize).map(hex);
        expect(proveFromTiles(consistencyPlan(oldSize, newSize), newSize).map(hex), `${oldSize}→${newSize}`).toEqual(
          expected,
        );
      }
    }
    for (const [oldSize, newSize] of [
      [255, 256],
      [256, 257],
      [256, 512],
      [300, 65_537],
      [65_536, 70_000],
      [1, 70_000],
    ]) {
      const expected = consistencyProof(LEAVES.slice(0, newSize), oldSize);
      const proof = proveFromTiles(consistencyPlan(oldSize, newSize), newSize);
      expect(proof.map(hex), `${oldSize}→${newSize}`).toEqual(expected.map(hex));
      const [oldRoot, newRoot] = [rootHash(LEAVES.slice(0, oldSize)), rootHash(LEAVES.slice(0, newSize))];
      expect(independentVerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
    }
  });

  it('reads few tiles: at most 3 per level for a proof in a 70,000-leaf tree', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const index = Math.floor(random() * 70_000);
      const touched = new Set(
        inclusionPlan(index, 70_000)
          .flat()
          .map((n) => {
            const t = tileOf(n);
            return `${t.level}/${t.index}`;
          }),
      );
      expect(touched.size).toBeLessThanOrEqual(3 * 3);
    }
    expect(TILE_WIDTH).toBe(256);
  });
});
