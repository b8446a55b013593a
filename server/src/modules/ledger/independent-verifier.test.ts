// The server's ledger code against the independent verifier (@boai/tlog-verify, written separately on @noble): every
// proof, checkpoint, leaf and commitment the server makes must pass there, and anything altered must fail there.
import * as tlog from '@boai/tlog-verify';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../platform/random';
import { identityCommitment as donationsCommitment } from '../donations/commitment';
import { canonicalize, type JsonValue } from './canonical-json';
import { generateLogKey, signCheckpoint } from './checkpoint';
import { consistencyProof, inclusionProof, leafHash, rootHash } from './merkle';

const random = seededRandom(6962);
const leaves = Array.from({ length: 700 }, (_, i) => leafHash(Buffer.from(`leaf ${i} ${random()}`)));

function flip(hash: Uint8Array): Uint8Array {
  const copy = new Uint8Array(hash);
  copy[31] ^= 0x80;
  return copy;
}

describe('Merkle proofs made by merkle.ts', () => {
  it('verify in the independent verifier for every leaf and size up to 64, and fail once altered', () => {
    for (let size = 1; size <= 64; size++) {
      const tree = leaves.slice(0, size);
      const root = rootHash(tree);
      expect(Buffer.from(tlog.rootFromLeafHashes(tree)).equals(Buffer.from(root))).toBe(true);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(tree, index);
        expect(tlog.verifyInclusion(tree[index], index, size, proof, root), `${index}/${size}`).toBe(true);
        expect(tlog.verifyInclusion(flip(tree[index]), index, size, proof, root)).toBe(false);
        if (proof.length > 0) {
          expect(tlog.verifyInclusion(tree[index], index, size, [...proof.slice(1), flip(proof[0])], root)).toBe(false);
        }
      }
      for (let oldSize = 0; oldSize <= size; oldSize++) {
        const proof = consistencyProof(tree, oldSize);
        const oldRoot = rootHash(tree.slice(0, oldSize));
        expect(tlog.verifyConsistency(oldSize, size, oldRoot, root, proof), `${oldSize}→${size}`).toBe(true);
        if (proof.length > 0) {
          expect(tlog.verifyConsistency(oldSize, size, oldRoot, root, [flip(proof[0]), ...proof.slice(1)])).toBe(false);
        }
      }
    }
  });

  it('verify for random sizes up to 700', () => {
    for (let round = 0; round < 20; round++) {
      const size = 1 + Math.floor(random() * leaves.length);
      const tree = leaves.slice(0, size);
      const root = rootHash(tree);
      const index = Math.floor(random() * size);
      expect(tlog.verifyInclusion(tree[index], index, size, inclusionProof(tree, index), root)).toBe(true);
      const oldSize = Math.floor(random() * size);
      const old = rootHash(tree.slice(0, oldSize));
      expect(tlog.verifyConsistency(oldSize, size, old, root, consistencyProof(tree, oldSize))).toBe(true);
    }
  });
});

describe('checkpoints signed by checkpoint.ts', () => {
  it('verify with the published verifier key, and not once a byte changes', () => {
    const key = generateLogKey('boai.example.org/ledger');
    const root = rootHash(leaves.slice(0, 10));
    const note = signCheckpoint({ origin: key.name, size: 10, rootHash: root }, key);
    const checkpoint = tlog.verifyCheckpoint(note, key.verifierKey);
    expect(checkpoint).toMatchObject({ origin: 'boai.example.org/ledger', size: 10 });
    expect(Buffer.from(checkpoint.rootHash).equals(Buffer.from(root))).toBe(true);
    expect(() => tlog.verifyCheckpoint(note.replace('\n10\n', '\n11\n'), key.verifierKey)).toThrow(tlog.VerifyError);
    expect(() => tlog.verifyCheckpoint(note, generateLogKey(key.name).verifierKey)).toThrow(/no signature/);
  });
});

describe('leaves and commitments', () => {
  it('the server canonical JSON is canonical to the independent check, and both write the same bytes', () => {
    const values: JsonValue[] = [
      { kind: 'donation.received', amountFen: 5000, at: '2026-01-02T03:04:05.000Z', v: 1 },
      { b: [1, 2.5, -0, 1e21, 1e-7], a: { z: null, y: true, é: '\u0000"\\' }, '\ud83d\ude00': 'x', '\u20ac': 1 },
    ];
    for (const value of values) {
      const text = canonicalize(value);
      expect(tlog.isCanonicalJson(text)).toBe(true);
      expect(tlog.canonicalJson(value as tlog.JsonValue)).toBe(text);
    }
  });

  it("the donations module's commitment equals the documented formula the verifier implements", () => {
    const salt = new Uint8Array(16).map((_, i) => i * 13);
    for (const identity of ['张三', '', 'Jose\u0301', 'ACME 公益基金会']) {
      expect(donationsCommitment(salt, identity)).toBe(tlog.identityCommitment(tlog.toBase64Url(salt), identity));
    }
  });
});
