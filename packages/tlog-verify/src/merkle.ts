// RFC 9162 §2.1 Merkle tree verification (the RFC 6962 tree with SHA-256): leaf and node hashes, the tree head of a
// full leaf list (streamed), and inclusion and consistency proof verification. Written independently of the server's
// merkle.ts (it follows the decomposition of Go's transparency-dev/merkle instead of the RFC's loop), so a bug in one
// is not silently shared by the other. Sizes are safe integers; bit arithmetic is done on bigints.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes } from './bytes';

export const HASH_SIZE = 32;

/** SHA-256(0x00 || data): the hash of a leaf. */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0x00), data));
}

/** SHA-256(0x01 || left || right): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0x01), left, right));
}

/** The root of the empty tree: SHA-256 of nothing. */
export function emptyRootHash(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/**
 * Computes a tree head one leaf hash at a time, keeping only the O(log n) roots of the complete subtrees on the right
 * edge, so a whole exported log streams through in constant memory.
 */
export type TreeHasher = {
  /** Adds the next leaf hash (32 bytes). Throws RangeError for anything else. */
  append(leafHash: Uint8Array): void;
  readonly size: number;
  /** The RFC 9162 MTH of the leaves appended so far. */
  root(): Uint8Array;
};

export function createTreeHasher(): TreeHasher {
  // stack[i] is the root of a complete subtree; sizes strictly decrease from the bottom of the stack.
  const stack: { hash: Uint8Array; size: number }[] = [];
  let size = 0;
  return {
    append(hash) {
      if (!isHash(hash)) {
        throw new RangeError('a leaf hash is 32 bytes');
      }
      let node = { hash, size: 1 };
      while (stack.length > 0 && stack[stack.length - 1].size === node.size) {
        const left = stack.pop()!;
        node = { hash: nodeHash(left.hash, node.hash), size: left.size * 2 };
      }
      stack.push(node);
      size++;
    },
    get size() {
      return size;
    },
    root() {
      if (stack.length === 0) {
        return emptyRootHash();
      }
      let root = stack[stack.length - 1].hash;
      for (let i = stack.length - 2; i >= 0; i--) {
        root = nodeHash(stack[i].hash, root);
      }
      return root;
    },
  };
}

/** The tree head of all `leafHashes`, in order. Throws RangeError when one is not 32 bytes. */
export function rootFromLeafHashes(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const tree = createTreeHasher();
  for (const hash of leafHashes) {
    tree.append(hash);
  }
  return tree.root();
}

/**
 * The root that `proof` (RFC 9162 audit path, deepest sibling first) leads to from `leafHash` at `index` in a tree
 * of `treeSize` leaves; undefined when the proof cannot be one for that position (wrong length, sizes out of range,
 * hashes that are not 32 bytes).
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize || !isHash(leafHash) || !proof.every(isHash)) {
    return undefined;
  }
  const { inner, border } = decomposeInclusionProof(BigInt(index), BigInt(treeSize));
  if (proof.length !== inner + border) {
    return undefined;
  }
  const seed = chainInner(leafHash, proof.slice(0, inner), BigInt(index));
  return chainBorderRight(seed, proof.slice(inner));
}

/**
 * RFC 9162 §2.1.3.2: true when `proof` shows `leafHash` is leaf `index` of the tree of `treeSize` leaves with head
 * `root`. Never throws. Take `treeSize` and `root` together from a verified checkpoint.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafHash, index, treeSize, proof);
  return computed !== undefined && isHash(root) && equalBytes(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree of `oldSize` leaves with head `oldRoot` is a prefix of the tree
 * of `newSize` leaves with head `newRoot`. Never throws. Equal sizes need an empty proof and equal roots; an old size
 * of 0 needs an empty proof and the empty-tree hash as `oldRoot`.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) {
    return false;
  }
  if (oldSize > newSize) {
    return false;
  }
  if (oldSize === newSize) {
    return proof.length === 0 && equalBytes(oldRoot, newRoot);
  }
  if (oldSize === 0) {
    return proof.length === 0 && equalBytes(oldRoot, emptyRootHash());
  }
  if (proof.length === 0) {
    return false;
  }
  const size1 = BigInt(oldSize);
  const size2 = BigInt(newSize);
  const decomposed = decomposeInclusionProof(size1 - 1n, size2);
  const shift = trailingZeros(size1);
  const inner = decomposed.inner - shift;
  // The proof starts with the root of the subtree of 2^shift leaves holding leaf oldSize - 1, unless that subtree is
  // the whole old tree, whose root the verifier has already.
  const isOldTreeComplete = size1 === 1n << BigInt(shift);
  const seed = isOldTreeComplete ? oldRoot : proof[0];
  const rest = isOldTreeComplete ? proof : proof.slice(1);
  if (rest.length !== inner + decomposed.border) {
    return false;
  }
  const mask = (size1 - 1n) >> BigInt(shift);
  const old = chainBorderRight(chainInnerRight(seed, rest.slice(0, inner), mask), rest.slice(inner));
  if (!equalBytes(old, oldRoot)) {
    return false;
  }
  const current = chainBorderRight(chainInner(seed, rest.slice(0, inner), mask), rest.slice(inner));
  return equalBytes(current, newRoot);
}

// The audit path of leaf `index` splits into `inner` hashes below the point where the paths to `index` and to the
// last leaf diverge, then `border` hashes of left siblings on the right border of the tree.
function decomposeInclusionProof(index: bigint, size: bigint): { inner: number; border: number } {
  const inner = bitLength(index ^ (size - 1n));
  return { inner, border: popCount(index >> BigInt(inner)) };
}

function chainInner(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  let hash = seed;
  proof.forEach((sibling, i) => {
    hash = ((index >> BigInt(i)) & 1n) === 0n ? nodeHash(hash, sibling) : nodeHash(sibling, hash);
  });
  return hash;
}

function chainInnerRight(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  let hash = seed;
  proof.forEach((sibling, i) => {
    if (((index >> BigInt(i)) & 1n) === 1n) {
      hash = nodeHash(sibling, hash);
    }
  });
  return hash;
}

function chainBorderRight(seed: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let hash = seed;
  for (const sibling of proof) {
    hash = nodeHash(sibling, hash);
  }
  return hash;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function popCount(n: bigint): number {
  let count = 0;
  for (const digit of n.toString(2)) {
    count += digit === '1' ? 1 : 0;
  }
  return count;
}

function trailingZeros(n: bigint): number {
  let count = 0;
  for (let m = n; m > 0n && (m & 1n) === 0n; m >>= 1n) {
    count++;
  }
  return count;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(value: Uint8Array): boolean {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
