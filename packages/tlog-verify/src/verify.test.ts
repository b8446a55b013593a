// The composed checks on a small log built here: an entry against a checkpoint (with the donor's commitment), two
// checkpoints, and a whole export — and every tampering of the export must name the first bad entry.
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, toBase64, toBase64Url, toHex, utf8 } from './bytes';
import { canonicalJson } from './canonical-json';
import { identityCommitment } from './commitment';
import { leafHash, nodeHash, rootFromLeafHashes } from './merkle';
import { computeKeyId, formatVerifierKey, SIGNATURE_TYPE, VerifyError } from './note';
import {
  createExportVerifier,
  type ExportedEntry,
  parseExportLine,
  verifyCheckpointConsistency,
  verifyEntry,
} from './verify';

const ORIGIN = 'boai.test/ledger';
const { privateKey } = generateKeyPairSync('ed25519');
const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12));
const LOG_VKEY = formatVerifierKey(ORIGIN, SIGNATURE_TYPE.ed25519, publicKey);

function signCheckpoint(size: number, root: Uint8Array): string {
  const text = `${ORIGIN}\n${size}\n${toBase64(root)}\n`;
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, computeKeyId(ORIGIN, SIGNATURE_TYPE.ed25519, publicKey));
  const signature = new Uint8Array(sign(null, utf8(text), privateKey));
  return `${text}\n\u2014 ${ORIGIN} ${toBase64(concatBytes(id, signature))}\n`;
}

const salt = toBase64Url(new Uint8Array(16).fill(3));
const leaves = Array.from({ length: 11 }, (_, i) =>
  canonicalJson({ kind: 'donation.received', amountFen: 100 * (i + 1), donor: identityCommitment(salt, `donor ${i}`) }),
);
const hashes = leaves.map((leaf) => leafHash(utf8(leaf)));

// PATH(m, D[n]) straight from RFC 9162 §2.1.3.1, written here so the test does not lean on the code under test.
function mth(list: Uint8Array[]): Uint8Array {
  if (list.length === 1) {
    return list[0];
  }
  const k = 2 ** Math.floor(Math.log2(list.length - 1));
  return nodeHash(mth(list.slice(0, k)), mth(list.slice(k)));
}
function path(m: number, list: Uint8Array[]): Uint8Array[] {
  if (list.length === 1) {
    return [];
  }
  const k = 2 ** Math.floor(Math.log2(list.length - 1));
  return m < k
    ? [...path(m, list.slice(0, k)), mth(list.slice(k))]
    : [...path(m - k, list.slice(k)), mth(list.slice(0, k))];
}
function subproof(m: number, list: Uint8Array[], complete: boolean): Uint8Array[] {
  if (m === list.length) {
    return complete ? [] : [mth(list)];
  }
  const k = 2 ** Math.floor(Math.log2(list.length - 1));
  return m <= k
    ? [...subproof(m, list.slice(0, k), complete), mth(list.slice(k))]
    : [...subproof(m - k, list.slice(k), false), mth(list.slice(0, k))];
}

const checkpoint = signCheckpoint(11, rootFromLeafHashes(hashes));
const entry = (index: number) => ({
  index,
  leaf: leaves[index],
  leafHash: toBase64(hashes[index]),
  treeSize: 11,
  inclusionProof: path(index, hashes).map(toBase64),
});

describe('verifyEntry', () => {
  it('verifies every entry, with the donor commitment and the certificate leaf hash', () => {
    for (let i = 0; i < 11; i++) {
      const result = verifyEntry({
        entry: entry(i),
        checkpointNote: checkpoint,
        logKey: LOG_VKEY,
        expectedLeafHash: toHex(hashes[i]),
        salt,
        identity: `donor ${i}`,
      });
      expect(result).toMatchObject({ index: i, leafHash: toHex(hashes[i]), commitmentField: 'donor' });
    }
  });

  it('names what fails', () => {
    const base = { checkpointNote: checkpoint, logKey: LOG_VKEY };
    const cases: [Parameters<typeof verifyEntry>[0], RegExp][] = [
      [{ ...base, entry: { ...entry(3), leaf: leaves[3].replace('400', '401') } }, /leaf hash served does not match/],
      [{ ...base, entry: { ...entry(3), leaf: leaves[3].replace('400', '401'), leafHash: undefined } }, /inclusion/],
      [{ ...base, entry: { ...entry(3), index: 4 } }, /inclusion proof does not lead/],
      [{ ...base, entry: { ...entry(3), treeSize: 10 } }, /tree of 10 entries, the checkpoint has 11/],
      [{ ...base, entry: { ...entry(3), leaf: ` ${leaves[3]}`, leafHash: undefined } }, /canonical/],
      [{ ...base, entry: entry(3), expectedLeafHash: toHex(hashes[4]) }, /not the one on the certificate/],
      [{ ...base, entry: entry(3), salt, identity: 'donor 4' }, /no member of the leaf commits/],
      [{ ...base, entry: entry(3), salt }, /both the salt and the identity/],
      [{ ...base, entry: entry(3), checkpointNote: checkpoint.replace('\n11\n', '\n12\n') }, /does not verify/],
      [{ ...base, entry: { ...entry(3), inclusionProof: ['AAAA'] } }, /not the base64 of a 32-byte hash/],
    ];
    for (const [input, message] of cases) {
      expect(() => verifyEntry(input), String(message)).toThrow(message);
    }
  });
});

describe('verifyCheckpointConsistency', () => {
  it('accepts an append-only history and refuses a rewritten one', () => {
    const old = signCheckpoint(6, rootFromLeafHashes(hashes.slice(0, 6)));
    const proof = subproof(6, hashes, true).map(toBase64);
    expect(verifyCheckpointConsistency({ oldNote: old, newNote: checkpoint, proof, logKey: LOG_VKEY })).toMatchObject({
      old: { size: 6 },
      current: { size: 11 },
    });
    // The old checkpoint of a different history (entry 2 changed), signed by the same key: a fork.
    const forked = hashes.slice(0, 6).map((h, i) => (i === 2 ? leafHash(utf8('other')) : h));
    const forkedOld = signCheckpoint(6, rootFromLeafHashes(forked));
    expect(() =>
      verifyCheckpointConsistency({ oldNote: forkedOld, newNote: checkpoint, proof, logKey: LOG_VKEY }),
    ).toThrow(/rewritten/);
    const flipped = proof.map((p, i) => (i === 0 ? toBase64(fromBase64(p)!.map((b, j) => (j === 0 ? b ^ 1 : b))) : p));
    expect(() =>
      verifyCheckpointConsistency({ oldNote: old, newNote: checkpoint, proof: flipped, logKey: LOG_VKEY }),
    ).toThrow(/rewritten/);
    expect(() => verifyCheckpointConsistency({ oldNote: checkpoint, newNote: old, proof, logKey: LOG_VKEY })).toThrow(
      /shrank/,
    );
  });
});

describe('createExportVerifier', () => {
  const exported: ExportedEntry[] = leaves.map((leaf, index) => ({ index, leaf, leafHash: toBase64(hashes[index]) }));
  const cp = { size: 11, rootHash: rootFromLeafHashes(hashes) };

  function run(entries: ExportedEntry[], size = cp) {
    const verifier = createExportVerifier(size);
    for (const e of entries) {
      verifier.push(e);
    }
    return verifier.finish();
  }

  function failure(entries: ExportedEntry[]): VerifyError {
    try {
      run(entries);
    } catch (error) {
      if (error instanceof VerifyError) {
        return error;
      }
      throw error;
    }
    throw new Error('the tampered export verified');
  }

  it('accepts the real export, also when it runs past the checkpoint', () => {
    expect(run(exported)).toEqual({ entries: 11 });
    const six = { size: 6, rootHash: rootFromLeafHashes(hashes.slice(0, 6)) };
    expect(run(exported, six)).toEqual({ entries: 11 });
  });

  it('names the changed entry when its stated hash no longer matches', () => {
    const changed = exported.map((e) => (e.index === 4 ? { ...e, leaf: e.leaf.replace('500', '501') } : e));
    expect(failure(changed)).toMatchObject({
      index: 4,
      message: expect.stringMatching(/entry 4: the stated leaf hash/),
    });
  });

  it('fails on the root when a changed entry comes with a recomputed hash', () => {
    const changed = exported.map((e) =>
      e.index === 4 ? { index: 4, leaf: leaves[4].replace('500', '501'), leafHash: undefined } : e,
    );
    expect(failure(changed).message).toMatch(/do not hash to the checkpoint's root/);
  });

  it('names the first missing, repeated or moved entry', () => {
    expect(failure(exported.filter((e) => e.index !== 7))).toMatchObject({ index: 7 });
    expect(failure([...exported.slice(0, 5), exported[4], ...exported.slice(5)])).toMatchObject({ index: 5 });
    const swapped = [...exported];
    [swapped[2], swapped[8]] = [swapped[8], swapped[2]];
    expect(failure(swapped)).toMatchObject({ index: 2 });
    expect(failure(exported.slice(0, 10))).toMatchObject({
      index: 10,
      message: expect.stringMatching(/ends after 10/),
    });
  });

  it('fails when two leaves are swapped but renumbered, and when a leaf is not canonical', () => {
    const swapped = exported.map((e) => ({ ...e }));
    [swapped[2].leaf, swapped[8].leaf] = [swapped[8].leaf, swapped[2].leaf];
    [swapped[2].leafHash, swapped[8].leafHash] = [swapped[8].leafHash, swapped[2].leafHash];
    expect(failure(swapped).message).toMatch(/root/);
    const spaced = exported.map((e) => (e.index === 9 ? { index: 9, leaf: `${e.leaf} ` } : e));
    expect(failure(spaced)).toMatchObject({ index: 9, message: expect.stringMatching(/canonical/) });
  });

  it('parses export lines strictly', () => {
    expect(parseExportLine('{"index":0,"leaf":"{}","leafHash":"x"}', 1)).toEqual({
      index: 0,
      leaf: '{}',
      leafHash: 'x',
    });
    for (const line of ['', '[]', '{"index":"0","leaf":"{}"}', '{"index":0}', '{"index":0.5,"leaf":"{}"}']) {
      expect(() => parseExportLine(line, 3), line).toThrow(/export line 3/);
    }
  });
});
