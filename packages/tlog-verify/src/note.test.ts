// Signed notes, checkpoints and cosignatures: the Go reference vectors (golang.org/x/mod sumdb/note, a real
// sum.golang.org checkpoint, transparency-dev/formats cosignature/v1 keys and timestamps), then cosignatures made here
// with node:crypto (a different Ed25519 implementation from the one the verifier uses) and tampered every way.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes';
import {
  computeKeyId,
  cosignatureMessage,
  formatVerifierKey,
  parseCheckpoint,
  parseCosignatureBytes,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE,
  VerifyError,
  verifyCheckpoint,
  verifyCosignature,
  verifyNote,
} from './note';

// golang.org/x/mod sumdb/note/note_test.go.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// google/trillian-examples formats/log/checkpoint_test.go: a real checkpoint of the Go checksum database.
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';

/** An Ed25519 key pair from node:crypto, as raw 32-byte seed and public key. */
function newKeyPair() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16));
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12));
  return { seed, publicKey };
}

function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  const der = concatBytes(fromBase64('MC4CAQAwBQYDK2VwBCIEIA==')!, seed);
  return new Uint8Array(sign(null, message, createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })));
}

function uint64(n: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(n));
  return new Uint8Array(view.buffer);
}

/** A signature line in signed-note form. */
function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, keyId);
  return `\u2014 ${name} ${toBase64(concatBytes(id, signature))}\n`;
}

const LOG = { name: 'boai.test/ledger', ...newKeyPair() };
const LOG_VKEY = formatVerifierKey(LOG.name, SIGNATURE_TYPE.ed25519, LOG.publicKey);
const CHECKPOINT_TEXT = `${LOG.name}\n42\n${toBase64(new Uint8Array(32).fill(7))}\n`;
const SIGNED_CHECKPOINT = `${CHECKPOINT_TEXT}\n${signatureLine(
  LOG.name,
  computeKeyId(LOG.name, SIGNATURE_TYPE.ed25519, LOG.publicKey),
  ed25519Sign(LOG.seed, utf8(CHECKPOINT_TEXT)),
)}`;

const WITNESS = { name: 'witness.example/audit-office', ...newKeyPair() };
const WITNESS_VKEY = formatVerifierKey(WITNESS.name, SIGNATURE_TYPE.cosignatureV1, WITNESS.publicKey);

function cosign(text: string, timestamp: number, key = WITNESS, type: number = SIGNATURE_TYPE.cosignatureV1): string {
  const signature = ed25519Sign(key.seed, cosignatureMessage(text, timestamp));
  return signatureLine(
    key.name,
    computeKeyId(key.name, type as 0x04, key.publicKey),
    concatBytes(uint64(timestamp), signature),
  );
}

describe('signed notes: Go vectors', () => {
  it('parses the published verifier keys, key IDs checked', () => {
    expect(parseVerifierKey(PETER_VKEY)).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, type: 0x01 });
    const { publicKey } = parseVerifierKey(PETER_VKEY);
    expect(formatVerifierKey('PeterNeumann', SIGNATURE_TYPE.ed25519, publicKey)).toBe(PETER_VKEY);
  });

  it('opens the doubly signed Go note with either key and ignores the other signature', () => {
    const note = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(verifyNote(note, PETER_VKEY)).toBe(GO_TEXT);
    expect(verifyNote(note, ENOCH_VKEY)).toBe(GO_TEXT);
  });

  it('refuses malformed notes', () => {
    for (const note of [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${GO_TEXT}\n${PETER_SIG}`,
      `${GO_TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${GO_TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${GO_TEXT}\n${PETER_SIG.repeat(101)}`,
      `\ud800${GO_TEXT}\n${PETER_SIG}`,
    ]) {
      expect(() => verifyNote(note, PETER_VKEY), JSON.stringify(note)).toThrow(VerifyError);
    }
  });

  it('refuses an altered text or signature, even next to a good signature, and a note signed by others only', () => {
    const corrupted = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(() => verifyNote(`${GO_TEXT}\n${corrupted}`, PETER_VKEY)).toThrow(/does not verify/);
    expect(() => verifyNote(`${GO_TEXT}\n${PETER_SIG}${corrupted}`, PETER_VKEY)).toThrow(/does not verify/);
    expect(() => verifyNote(`${GO_TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, PETER_VKEY)).toThrow(
      /does not verify/,
    );
    expect(() => verifyNote(`${GO_TEXT}\n${ENOCH_SIG}`, PETER_VKEY)).toThrow(/no signature by PeterNeumann\+c74f20a3/);
  });

  it('refuses every truncation and single-character change of a verifier key', () => {
    for (let i = 0; i < PETER_VKEY.length; i++) {
      expect(() => parseVerifierKey(PETER_VKEY.slice(0, i))).toThrow(VerifyError);
      const changed =
        PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(changed), changed).toThrow(VerifyError);
    }
    // Go's TestNewVerifier: a wrong-length key and an unknown algorithm, each with a matching key ID.
    expect(() =>
      parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
    ).toThrow(VerifyError);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      VerifyError,
    );
  });
});

describe('checkpoints', () => {
  it('verifies the real sum.golang.org checkpoint when told its origin, and refuses one more leaf', () => {
    const checkpoint = verifyCheckpoint(SUMDB_CHECKPOINT, SUMDB_VKEY, { origin: 'go.sum database tree' });
    expect(checkpoint.size).toBe(6_476_701);
    expect(toBase64(checkpoint.rootHash)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(() => verifyCheckpoint(SUMDB_CHECKPOINT, SUMDB_VKEY)).toThrow(/origin "go.sum database tree"/);
    expect(() =>
      verifyCheckpoint(SUMDB_CHECKPOINT.replace('6476701', '6476702'), SUMDB_VKEY, { origin: 'go.sum database tree' }),
    ).toThrow(/does not verify/);
  });

  it('verifies a checkpoint signed with node:crypto, and refuses it under another key of the same name', () => {
    expect(verifyCheckpoint(SIGNED_CHECKPOINT, LOG_VKEY)).toMatchObject({ origin: LOG.name, size: 42 });
    const other = formatVerifierKey(LOG.name, SIGNATURE_TYPE.ed25519, newKeyPair().publicKey);
    expect(() => verifyCheckpoint(SIGNED_CHECKPOINT, other)).toThrow(/no signature by boai\.test\/ledger/);
  });

  it.each([
    ['no final newline', 'o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['two lines', 'o\n1\n'],
    ['a leading zero', `o\n01\n${toBase64(new Uint8Array(32))}\n`],
    ['a negative size', `o\n-1\n${toBase64(new Uint8Array(32))}\n`],
    ['a size above 2^53', `o\n9007199254740993\n${toBase64(new Uint8Array(32))}\n`],
    ['a short root', `o\n1\n${toBase64(new Uint8Array(31))}\n`],
    ['an empty extension line', `o\n1\n${toBase64(new Uint8Array(32))}\n\n`],
  ])('refuses checkpoint text with %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(VerifyError);
  });

  it('keeps extension lines', () => {
    expect(parseCheckpoint(`o\n1\n${toBase64(new Uint8Array(32))}\nx y\n`).extensionLines).toEqual(['x y']);
  });
});

describe('cosignatures (tlog-cosignature/v1)', () => {
  it('computes the key ID of a published cosignature/v1 verifier key (transparency-dev/formats)', () => {
    const key = parseVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2');
    expect(key).toMatchObject({ name: 'remora.n621.de', keyId: 0xda77ade7, type: SIGNATURE_TYPE.cosignatureV1 });
  });

  it('reads the timestamp of a published cosignature (transparency-dev/formats TestCoSigV1Timestamp)', () => {
    const blob = fromBase64(
      'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==',
    )!;
    expect(parseCosignatureBytes(blob.subarray(4))?.timestamp).toBe(1727964367);
    // A plain Ed25519 note signature (64 bytes) is not a cosignature.
    const plain = fromBase64(
      'eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=',
    )!;
    expect(parseCosignatureBytes(plain.subarray(4))).toBeUndefined();
  });

  it('signs the message the spec shows: header line, time line, then the checkpoint text', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(new TextDecoder().decode(cosignatureMessage(text, 1679315147))).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('verifies a cosignature next to the log signature, and the log signature still verifies', () => {
    const note = SIGNED_CHECKPOINT + cosign(CHECKPOINT_TEXT, 1_760_000_000);
    expect(verifyCosignature(note, WITNESS_VKEY)).toEqual({ timestamp: 1_760_000_000 });
    expect(verifyCheckpoint(note, LOG_VKEY).size).toBe(42);
    expect(parseSignedNote(note).signatures).toHaveLength(2);
  });

  it('refuses a cosignature over another tree, another time, by another key, or of the wrong type', () => {
    const other = CHECKPOINT_TEXT.replace('\n42\n', '\n43\n');
    const forged = [
      // Signed for size 43, attached to the size-42 checkpoint.
      SIGNED_CHECKPOINT + cosign(other, 1_760_000_000),
    ];
    for (const note of forged) {
      expect(() => verifyCosignature(note, WITNESS_VKEY)).toThrow(/does not verify/);
    }
    // The timestamp in the line changed after signing.
    const line = cosign(CHECKPOINT_TEXT, 1_760_000_000);
    const blob = fromBase64(line.trim().split(' ')[2])!;
    blob[11] ^= 1;
    const moved = `\u2014 ${WITNESS.name} ${toBase64(blob)}\n`;
    expect(() => verifyCosignature(SIGNED_CHECKPOINT + moved, WITNESS_VKEY)).toThrow(/does not verify/);
    // Another witness of the same name: an unknown key ID, ignored.
    const stranger = { ...WITNESS, ...newKeyPair() };
    expect(() => verifyCosignature(SIGNED_CHECKPOINT + cosign(CHECKPOINT_TEXT, 1, stranger), WITNESS_VKEY)).toThrow(
      /no cosignature by witness\.example\/audit-office/,
    );
    // A plain Ed25519 (0x01) key is not a witness key, and a witness key does not verify a log signature.
    const plainKey = formatVerifierKey(WITNESS.name, SIGNATURE_TYPE.ed25519, WITNESS.publicKey);
    expect(() => verifyCosignature(SIGNED_CHECKPOINT, plainKey)).toThrow(/not a cosignature\/v1 key/);
    expect(() => verifyNote(SIGNED_CHECKPOINT, WITNESS_VKEY)).toThrow(/not an Ed25519 note key/);
  });
});
