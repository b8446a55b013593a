// The ledger's Merkle tree, RFC 9162 §2.1 (the RFC 6962 tree with SHA-256): leaf and node hashing, the tree head,
// inclusion and consistency proofs and their verifiers, and the O(log n) frontier the database keeps to extend the
// tree head one leaf at a time. Pure functions over hashes; sizes are safe integers (2^53 leaves is plenty).
import { createHash } from 'node:crypto';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 9162 §2.1.1: the leaf hash, SHA-256(0x00 || data). Any data, including empty, is a valid leaf. */
export function leafHash(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/**
 * RFC 9162 §2.1.1: an interior node, SHA-256(0x01 || left || right). The distinct prefixes keep a leaf from ever
 * passing for a node (second-preimage resistance). Throws RangeError when either child is not a 32-byte hash.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, 'left child');
  assertHash(right, 'right child');
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** RFC 9162 §2.1.1: the hash of the empty tree, SHA-256 of the empty string. A fresh copy on every call. */
export function emptyRootHash(): Uint8Array {
  return createHash('sha256').digest();
}

/**
 * RFC 9162 §2.1.1 MTH(D[n]) from the leaves' hashes: the empty-tree hash for n = 0, the leaf hash for n = 1, otherwise
 * nodeHash(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of two smaller than n. O(n) hashes.
 * Throws RangeError when an element is not a 32-byte hash.
 */
export function rootHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  assertLeafHashes(leafHashes);
  return leafHashes.length === 0 ? emptyRootHash() : subtreeHash(leafHashes, 0, leafHashes.length);
}

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path proving that leaf `index` is in the tree of all `leafHashes`,
 * deepest sibling first. Empty for a one-leaf tree. O(n) hashes.
 * Throws RangeError when `index` is not an integer in [0, n) or an element is not a 32-byte hash.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  assertLeafHashes(leafHashes);
  if (!isTreeSize(index) || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  const proof: Uint8Array[] = [];
  collectPath(leafHashes, index, 0, leafHashes.length, proof);
  return proof;
}

/**
 * RFC 9162 §2.1.3.2: true when `proof` shows that `leaf` (a leaf hash) is leaf `index` of the tree of `treeSize`
 * leaves whose head is `root`. Never throws: malformed input (a hash that is not 32 bytes, an index outside the tree,
 * a size that is not a safe integer) is simply false.
 *
 * The proof binds the root, the leaf and its index; it only binds `treeSize` as far as the path's shape depends on it,
 * so take the size and root together from a verified checkpoint.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isTreeSize(index) || !isTreeSize(treeSize) || !isHash(leaf) || !isHash(root) || !proof.every(isHash)) {
    return false;
  }
  // Step 1.
  if (index >= treeSize) {
    return false;
  }
  // Steps 2-3. Bit operations are written as arithmetic: JS shifts truncate to 32 bits.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the hashes proving that the tree of the first `oldSize`
 * leaves is a prefix of the tree of all `leafHashes`. Empty when `oldSize` is 0 or n (nothing to prove). O(n) hashes.
 * Throws RangeError when `oldSize` is not an integer in [0, n] or an element is not a 32-byte hash.
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Uint8Array[] {
  assertLeafHashes(leafHashes);
  if (!isTreeSize(oldSize) || oldSize > leafHashes.length) {
    throw new RangeError(`old size ${oldSize} is outside a tree of ${leafHashes.length} leaves`);
  }
  const proof: Uint8Array[] = [];
  if (oldSize > 0 && oldSize < leafHashes.length) {
    collectSubproof(leafHashes, oldSize, 0, leafHashes.length, true, proof);
  }
  return proof;
}

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows that the tree of `oldSize` leaves with head `oldRoot` is a prefix of the
 * tree of `newSize` leaves with head `newRoot`, i.e. the log only appended. Never throws; malformed input is false.
 * Cases the RFC algorithm leaves out (it assumes 0 < oldSize < newSize): equal sizes need an empty proof and equal
 * roots; an old size of 0 needs an empty proof and `oldRoot` equal to the empty-tree hash.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) {
    return false;
  }
  if (oldSize > newSize) {
    return false;
  }
  if (oldSize === 0) {
    const empty = emptyRootHash();
    return proof.length === 0 && equalBytes(oldRoot, empty) && (newSize > 0 || equalBytes(newRoot, empty));
  }
  if (oldSize === newSize) {
    return proof.length === 0 && equalBytes(oldRoot, newRoot);
  }
  // Step 1.
  if (proof.length === 0) {
    return false;
  }
  // Step 2: a power-of-two old tree is a complete subtree of the new one, so the proof leaves its hash out.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // Steps 3-4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0];
  let sr = path[0];
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

/**
 * The right edge of a growing tree: the roots of its complete subtrees, largest (leftmost) first, one per set bit of
 * `size`. This is all the database needs to keep to compute the next tree head without reading old leaves.
 */
export type Frontier = { readonly size: number; readonly hashes: readonly Uint8Array[] };

/** The frontier of the empty tree. */
export const EMPTY_FRONTIER: Frontier = Object.freeze({ size: 0, hashes: Object.freeze([]) });

/**
 * Returns the frontier after appending one leaf (by its leaf hash): equal-sized complete subtrees on the right edge are
 * merged, as binary addition carries. O(log n) hashes; the input frontier is not changed.
 * Throws RangeError when the frontier is inconsistent (hash count is not the number of set bits of its size, or an
 * element is not a 32-byte hash) or `leaf` is not a 32-byte hash.
 */
export function appendToFrontier(frontier: Frontier, leaf: Uint8Array): Frontier {
  assertFrontier(frontier);
  assertHash(leaf, 'leaf hash');
  const hashes = [...frontier.hashes];
  let carry = leaf;
  for (let size = frontier.size; isOdd(size); size = half(size)) {
    carry = nodeHash(hashes.pop()!, carry);
  }
  hashes.push(carry);
  return { size: frontier.size + 1, hashes };
}

/**
 * The tree head (MTH) of the tree the frontier describes: its subtree roots folded from the right, which is exactly
 * the RFC 9162 split at the largest power of two. Equals `rootHash` of the same leaves.
 * Throws RangeError when the frontier is inconsistent (see appendToFrontier).
 */
export function frontierRoot(frontier: Frontier): Uint8Array {
  assertFrontier(frontier);
  const { hashes } = frontier;
  if (hashes.length === 0) {
    return emptyRootHash();
  }
  let root = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) {
    root = nodeHash(hashes[i], root);
  }
  return root;
}

function subtreeHash(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) {
    return leaves[start];
  }
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeHash(leaves, start, start + k), subtreeHash(leaves, start + k, end));
}

// PATH(m, D[start:end]) with m relative to start.
function collectPath(leaves: readonly Uint8Array[], m: number, start: number, end: number, out: Uint8Array[]): void {
  const n = end - start;
  if (n === 1) {
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m < k) {
    collectPath(leaves, m, start, start + k, out);
    out.push(subtreeHash(leaves, start + k, end));
  } else {
    collectPath(leaves, m - k, start + k, end, out);
    out.push(subtreeHash(leaves, start, start + k));
  }
}

// SUBPROOF(m, D[start:end], b) with m relative to start.
function collectSubproof(
  leaves: readonly Uint8Array[],
  m: number,
  start: number,
  end: number,
  isCompleteOldTree: boolean,
  out: Uint8Array[],
): void {
  const n = end - start;
  if (m === n) {
    // The verifier already holds this subtree's hash when it is the whole old tree.
    if (!isCompleteOldTree) {
      out.push(subtreeHash(leaves, start, end));
    }
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    collectSubproof(leaves, m, start, start + k, isCompleteOldTree, out);
    out.push(subtreeHash(leaves, start + k, end));
  } else {
    collectSubproof(leaves, m - k, start + k, end, false, out);
    out.push(subtreeHash(leaves, start, start + k));
  }
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m > 1 && !isOdd(m)) {
    m /= 2;
  }
  return m === 1;
}

function countSetBits(n: number): number {
  let count = 0;
  for (let m = n; m > 0; m = half(m)) {
    count += m % 2;
  }
  return count;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(value: Uint8Array): boolean {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

function assertHash(value: Uint8Array, what: string): void {
  if (!isHash(value)) {
    throw new RangeError(`${what} must be a ${HASH_SIZE}-byte hash`);
  }
}

function assertLeafHashes(leafHashes: readonly Uint8Array[]): void {
  for (let i = 0; i < leafHashes.length; i++) {
    assertHash(leafHashes[i], `leaf hash ${i}`);
  }
}

function assertFrontier(frontier: Frontier): void {
  if (!isTreeSize(frontier.size) || frontier.hashes.length !== countSetBits(frontier.size)) {
    throw new RangeError(
      `frontier of size ${frontier.size} must hold one hash per set bit of its size, not ${frontier.hashes.length}`,
    );
  }
  for (let i = 0; i < frontier.hashes.length; i++) {
    assertHash(frontier.hashes[i], `frontier hash ${i}`);
  }
}
