// The verifier's Merkle code against the RFC 6962 reference vectors as published in transparency-dev/merkle
// (proof/verify_test.go: leaves, roots, inclusionProofs, consistencyProofs, and its corrupted-proof probes), then
// trees built here by hand with nodeHash so every size up to 70 is covered.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from './bytes';
import {
  createTreeHasher,
  emptyRootHash,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const h = (text: string) => fromHex(text)!;

const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  h,
);
const LEAF_HASHES = LEAVES.map(leafHash);
// roots[i] is the root of the first i + 1 leaves.
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(h);
const SOME_HASH = h('abacaba000000000000000000000000000000000000000000060061e00123456');
const EMPTY_TREE = h('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

// {leaf (1-based), size, proof}
const INCLUSION: [number, number, string[]][] = [
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [3, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    2,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const CONSISTENCY: [number, number, string[]][] = [
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

function flip(hash: Uint8Array, mask: number): Uint8Array {
  const copy = new Uint8Array(hash);
  copy[0] ^= mask;
  return copy;
}

describe('hashes (RFC 6962 §2.1)', () => {
  it('gives the published empty-tree, empty-leaf and leaf hashes', () => {
    expect(toHex(emptyRootHash())).toBe(toHex(EMPTY_TREE));
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(toHex(ROOTS[0]));
    // transparency-dev/merkle rfc6962_test.go: HashLeaf("L123456").
    expect(toHex(leafHash(utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
  });

  it.each(ROOTS.map((root, i) => [i + 1, root] as const))(
    'gives the published root of the first %i leaves',
    (n, root) => {
      expect(toHex(rootFromLeafHashes(LEAF_HASHES.slice(0, n)))).toBe(toHex(root));
    },
  );

  it('streams to the same root as a tree built by hand, for every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(utf8(`leaf ${i}`)));
    // MTH by the RFC's recursive definition, written out here independently of createTreeHasher.
    const mth = (list: Uint8Array[]): Uint8Array => {
      if (list.length === 1) {
        return list[0];
      }
      let k = 1;
      while (k * 2 < list.length) {
        k *= 2;
      }
      return nodeHash(mth(list.slice(0, k)), mth(list.slice(k)));
    };
    const tree = createTreeHasher();
    expect(toHex(tree.root())).toBe(toHex(EMPTY_TREE));
    for (let n = 1; n <= leaves.length; n++) {
      tree.append(leaves[n - 1]);
      expect(tree.size).toBe(n);
      expect(toHex(tree.root()), `size ${n}`).toBe(toHex(mth(leaves.slice(0, n))));
    }
    expect(() => tree.append(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('verifyInclusion', () => {
  it.each(INCLUSION)('verifies the published proof for leaf %i of %i', (leaf, size, path) => {
    const proof = path.map(h);
    expect(verifyInclusion(LEAF_HASHES[leaf - 1], leaf - 1, size, proof, ROOTS[size - 1])).toBe(true);
    expect(toHex(rootFromInclusionProof(LEAF_HASHES[leaf - 1], leaf - 1, size, proof)!)).toBe(toHex(ROOTS[size - 1]));
  });

  // transparency-dev/merkle corruptInclusionProof: every probe must fail.
  it.each(INCLUSION)('refuses every corruption of the proof for leaf %i of %i', (leaf, size, path) => {
    const proof = path.map(h);
    const root = ROOTS[size - 1];
    const hash = LEAF_HASHES[leaf - 1];
    const index = leaf - 1;
    const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[], string][] = [
      [index - 1, size, root, hash, proof, 'index - 1'],
      [index + 1, size, root, hash, proof, 'index + 1'],
      [index ^ 2, size, root, hash, proof, 'index ^ 2'],
      [index, size * 2, root, hash, proof, 'size * 2'],
      [index, Math.floor(size / 2), root, hash, proof, 'size / 2'],
      [index, size, root, utf8('WrongLeaf'), proof, 'wrong leaf'],
      [index, size, EMPTY_TREE, hash, proof, 'empty root'],
      [index, size, SOME_HASH, hash, proof, 'random root'],
      [index, size, root, hash, [...proof, new Uint8Array(0)], 'trailing garbage'],
      [index, size, root, hash, [...proof, root], 'trailing root'],
      [index, size, root, hash, [new Uint8Array(0), ...proof], 'preceding garbage'],
      [index, size, root, hash, [root, ...proof], 'preceding root'],
      ...proof.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[], string] => [
        index,
        size,
        root,
        hash,
        proof.map((p, j) => (i === j ? flip(p, 8) : p)),
        `proof[${i}] bit 3`,
      ]),
      [index, size, root, hash, proof.slice(0, -1), 'removed component'],
    ];
    if (proof.length > 1) {
      probes.push([index, size, root, hash, [proof[0], SOME_HASH, ...proof.slice(1)], 'inserted component']);
    }
    for (const [i, n, r, l, p, what] of probes) {
      expect(verifyInclusion(l, i, n, p, r), what).toBe(false);
    }
  });

  it('handles the one-leaf tree and refuses empty trees and malformed hashes (TestVerifyInclusionSingleEntry)', () => {
    const hash = leafHash(utf8('data'));
    expect(verifyInclusion(hash, 0, 1, [], hash)).toBe(true);
    expect(verifyInclusion(new Uint8Array(0), 0, 1, [], hash)).toBe(false);
    expect(verifyInclusion(hash, 0, 1, [], new Uint8Array(0))).toBe(false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_TREE)).toBe(false);
    }
    expect(verifyInclusion(hash, -1, 1, [], hash)).toBe(false);
    expect(verifyInclusion(hash, 0, 2 ** 60, [], hash)).toBe(false);
  });
});

describe('verifyConsistency', () => {
  it.each(CONSISTENCY)('verifies the published proof from %i to %i leaves', (size1, size2, path) => {
    expect(verifyConsistency(size1, size2, ROOTS[size1 - 1], ROOTS[size2 - 1], path.map(h))).toBe(true);
  });

  // transparency-dev/merkle corruptConsistencyProof: every probe must fail.
  it.each(CONSISTENCY)('refuses every corruption of the proof from %i to %i leaves', (size1, size2, path) => {
    const proof = path.map(h);
    const [root1, root2] = [ROOTS[size1 - 1], ROOTS[size2 - 1]];
    const wrongRoot = utf8('WrongRoot');
    const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[], string][] = [
      [size1 - 1, size2, root1, root2, proof, 'size1 - 1'],
      [size1 + 1, size2, root1, root2, proof, 'size1 + 1'],
      [size1 ^ 2, size2, root1, root2, proof, 'size1 ^ 2'],
      [size1, size2 * 2, root1, root2, proof, 'size2 * 2'],
      [size1, Math.floor(size2 / 2), root1, root2, proof, 'size2 / 2'],
      [size1, size2, wrongRoot, root2, proof, 'wrong root1'],
      [size1, size2, root1, wrongRoot, proof, 'wrong root2'],
      [size1, size2, root2, root1, proof, 'swapped roots'],
      [size1, size2, root1, root2, [], 'empty proof'],
      [size1, size2, root1, root2, [...proof, new Uint8Array(0)], 'trailing garbage'],
      [size1, size2, root1, root2, [...proof, root1], 'trailing root1'],
      [size1, size2, root1, root2, [...proof, root2], 'trailing root2'],
      [size1, size2, root1, root2, [new Uint8Array(0), ...proof], 'preceding garbage'],
      [size1, size2, root1, root2, [root1, ...proof], 'preceding root1'],
      [size1, size2, root1, root2, [root2, ...proof], 'preceding root2'],
      [size1, size2, root1, root2, [proof[0], ...proof], 'preceding proof[0]'],
      [size1, size2, root1, root2, proof.slice(0, -1), 'truncated proof'],
      ...proof.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[], string] => [
        size1,
        size2,
        root1,
        root2,
        proof.map((p, j) => (i === j ? flip(p, 16) : p)),
        `proof[${i}] bit 4`,
      ]),
    ];
    for (const [s1, s2, r1, r2, p, what] of probes) {
      expect(verifyConsistency(s1, s2, r1, r2, p), what).toBe(false);
    }
  });

  it('handles the sizes that need no proof, and refuses time travel (TestVerifyConsistency)', () => {
    const [root1, root2] = [ROOTS[0], ROOTS[1]];
    expect(verifyConsistency(0, 0, EMPTY_TREE, EMPTY_TREE, [])).toBe(true);
    expect(verifyConsistency(0, 1, EMPTY_TREE, root2, [])).toBe(true);
    expect(verifyConsistency(1, 1, root2, root2, [])).toBe(true);
    expect(verifyConsistency(1, 1, root1, root2, [])).toBe(false);
    expect(verifyConsistency(1, 0, root1, root2, [])).toBe(false);
    expect(verifyConsistency(2, 1, root1, root2, [])).toBe(false);
    expect(verifyConsistency(1, 2, root1, root2, [])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_TREE, EMPTY_TREE, [EMPTY_TREE])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_TREE, EMPTY_TREE, [EMPTY_TREE])).toBe(false);
    expect(verifyConsistency(1, 1, EMPTY_TREE, EMPTY_TREE, [EMPTY_TREE])).toBe(false);
    // Stricter than Go here: a size-0 tree has only one possible root.
    expect(verifyConsistency(0, 1, root1, root2, [])).toBe(false);
  });
});
