// Signed checkpoints: interoperability with the Go reference (golang.org/x/mod/sumdb/note test vectors and a real
// sum.golang.org checkpoint), then round trips and every kind of tampering the verifier must refuse.
import { describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  CheckpointError,
  formatCheckpoint,
  formatSignerKey,
  formatVerifierKey,
  generateLogKey,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifyCheckpoint,
  verifyNote,
} from './checkpoint';
import { leafHash, rootHash } from './merkle';

// golang.org/x/mod sumdb/note/note_test.go (TestSign, TestOpen, TestNewVerifier, TestNewSigner).
const PETER_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VERIFIER_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

// A real checkpoint of the Go checksum database and its published key, from google/trillian-examples
// formats/log/checkpoint_test.go (TestSumDBNoteParsing). Its origin differs from its key name.
const SUMDB_VERIFIER_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';

const ORIGIN = 'boai.example.org/ledger';
const logKey = generateLogKey(ORIGIN);
const checkpoint: Checkpoint = {
  origin: ORIGIN,
  size: 8,
  rootHash: rootHash(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => leafHash(Buffer.from(s)))),
};
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The base64 digit that decodes to the same bytes as `digit` when last before '=', with an unused bit set. */
function withPaddingBitSet(digit: string): string {
  return BASE64_ALPHABET[BASE64_ALPHABET.indexOf(digit) ^ 1];
}

/** Flips one bit inside the Ed25519 signature (not the key ID) of the note's last signature line. */
function flipSignatureBit(note: string): string {
  const lines = note.split('\n');
  const [dash, name, blob] = lines[lines.length - 2].split(' ');
  const bytes = Buffer.from(blob, 'base64');
  bytes[40] ^= 0x01;
  lines[lines.length - 2] = [dash, name, bytes.toString('base64')].join(' ');
  return lines.join('\n');
}

/** Replaces line `index` of the note text with `line`, keeping the original signature lines. */
function replaceLine(note: string, index: number, line: string): string {
  const lines = note.split('\n');
  lines[index] = line;
  return lines.join('\n');
}

describe('signed notes: the Go reference vectors', () => {
  it('signs the Go example note byte for byte (Ed25519 is deterministic)', () => {
    const signer = parseSignerKey(PETER_SIGNER_KEY);
    expect(signer.name).toBe('PeterNeumann');
    expect(signNote(GO_TEXT, signer)).toBe(`${GO_TEXT}\n${PETER_SIG}`);
    expect(formatSignerKey(signer)).toBe(PETER_SIGNER_KEY);
  });

  it('derives the published verifier key, key ID included, from the published signer key', () => {
    const signer = parseSignerKey(PETER_SIGNER_KEY);
    const { publicKey } = parseVerifierKey(PETER_VERIFIER_KEY);
    expect(formatVerifierKey(signer.name, publicKey)).toBe(PETER_VERIFIER_KEY);
    expect(parseVerifierKey(PETER_VERIFIER_KEY).keyId).toBe(0xc74f20a3);
  });

  it('opens the doubly signed Go note with either key, ignoring the other signature', () => {
    const note = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(verifyNote(note, PETER_VERIFIER_KEY)).toBe(GO_TEXT);
    expect(verifyNote(note, ENOCH_VERIFIER_KEY)).toBe(GO_TEXT);
    expect(verifyNote(`${GO_TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}`, PETER_VERIFIER_KEY)).toBe(GO_TEXT);
  });

  it('refuses the Go malformed notes', () => {
    const bad = [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${GO_TEXT}\n${PETER_SIG}`,
      `${GO_TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO_TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${GO_TEXT}\n${PETER_SIG.repeat(101)}`,
      `\ud800${GO_TEXT}\n${PETER_SIG}`,
    ];
    for (const note of bad) {
      expect(() => verifyNote(note, PETER_VERIFIER_KEY), JSON.stringify(note)).toThrow(CheckpointError);
    }
  });

  it('refuses a note whose signature by the trusted key was altered, even next to a good one', () => {
    const corrupted = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(() => verifyNote(`${GO_TEXT}\n${corrupted}`, PETER_VERIFIER_KEY)).toThrow(/does not verify/);
    expect(() => verifyNote(`${GO_TEXT}\n${PETER_SIG}${corrupted}`, PETER_VERIFIER_KEY)).toThrow(/does not verify/);
    expect(() => verifyNote(`${GO_TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, PETER_VERIFIER_KEY)).toThrow(
      /does not verify/,
    );
  });

  it('refuses a note signed only by keys it does not trust', () => {
    expect(() => verifyNote(`${GO_TEXT}\n${ENOCH_SIG}`, PETER_VERIFIER_KEY)).toThrow(/no signature by PeterNeumann/);
    // Same name, other key ID: an unknown key, ignored, so nothing verifies.
    const otherId = PETER_SIG.replace('x08g', 'xxxx');
    expect(() => verifyNote(`${GO_TEXT}\n${otherId}`, PETER_VERIFIER_KEY)).toThrow(/no signature by/);
  });

  it('refuses every truncation and every single-character change of the Go verifier and signer keys', () => {
    for (const [key, parse] of [
      [PETER_VERIFIER_KEY, parseVerifierKey],
      [PETER_SIGNER_KEY, parseSignerKey],
    ] as const) {
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if (i !== 0 || j !== key.length) {
            expect(() => parse(key.slice(i, j)), key.slice(i, j)).toThrow(CheckpointError);
          }
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        expect(() => parse(changed), changed).toThrow(CheckpointError);
      }
    }
    // TestNewVerifier: a wrong-length key and an unknown algorithm, each with a matching key ID.
    expect(() =>
      parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
    ).toThrow(CheckpointError);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      CheckpointError,
    );
  });
});

describe('checkpoints: a real sum.golang.org checkpoint', () => {
  it('verifies and parses it when told the origin, since its key name is not its origin', () => {
    const parsed = verifyCheckpoint(SUMDB_CHECKPOINT, SUMDB_VERIFIER_KEY, { origin: 'go.sum database tree' });
    expect(parsed.origin).toBe('go.sum database tree');
    expect(parsed.size).toBe(6_476_701);
    expect(base64(parsed.rootHash)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(parsed.extensionLines).toEqual([]);
  });

  it('refuses it when the expected origin differs, by default the key name', () => {
    expect(() => verifyCheckpoint(SUMDB_CHECKPOINT, SUMDB_VERIFIER_KEY)).toThrow(/origin "go.sum database tree"/);
    expect(() => verifyCheckpoint(SUMDB_CHECKPOINT, SUMDB_VERIFIER_KEY, { origin: 'Go rocks' })).toThrow(
      CheckpointError,
    );
  });

  it('refuses it with one more leaf claimed', () => {
    const forged = SUMDB_CHECKPOINT.replace('6476701', '6476702');
    expect(() => verifyCheckpoint(forged, SUMDB_VERIFIER_KEY, { origin: 'go.sum database tree' })).toThrow(
      /does not verify/,
    );
  });
});

describe('checkpoints: our own', () => {
  it('writes the three C2SP lines and one signature line under the log key name', () => {
    const note = signCheckpoint(checkpoint, logKey);
    const [body, signatureLine] = note.split('\n\n');
    expect(body).toBe(`${ORIGIN}\n8\n${base64(checkpoint.rootHash)}`);
    expect(signatureLine).toMatch(new RegExp(`^\u2014 ${ORIGIN.replaceAll('.', '\\.')} [A-Za-z0-9+/]{91}=\n$`));
    // Signature blob = 4-byte key ID (the one in the verifier key) + 64-byte Ed25519 signature.
    const blob = Buffer.from(signatureLine.trim().split(' ')[2], 'base64');
    expect(blob).toHaveLength(68);
    expect(blob.subarray(0, 4).toString('hex')).toBe(logKey.verifierKey.split('+')[1]);
  });

  it('round-trips: what signCheckpoint writes verifyCheckpoint returns', () => {
    for (const size of [0, 1, 8, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      const parsed = verifyCheckpoint(signCheckpoint({ ...checkpoint, size }, logKey), logKey.verifierKey);
      expect(parsed).toEqual({
        ...checkpoint,
        size,
        rootHash: new Uint8Array(checkpoint.rootHash),
        extensionLines: [],
      });
    }
  });

  it('generates keys whose strings parse back to the same keys', () => {
    expect(parseVerifierKey(logKey.verifierKey)).toEqual({
      name: ORIGIN,
      keyId: Number.parseInt(logKey.verifierKey.split('+')[1], 16),
      publicKey: logKey.publicKey,
    });
    expect(parseSignerKey(logKey.signerKey)).toEqual({ name: ORIGIN, privateKey: logKey.privateKey });
    expect(formatVerifierKey(ORIGIN, logKey.publicKey)).toBe(logKey.verifierKey);
    expect(logKey.privateKey).toHaveLength(32);
    expect(generateLogKey(ORIGIN).verifierKey).not.toBe(logKey.verifierKey);
  });

  it('refuses a tampered origin, size, root hash or signature, and a wrong key', () => {
    const note = signCheckpoint(checkpoint, logKey);
    const otherRoot = base64(rootHash([leafHash(Buffer.from('x'))]));
    const tampered = {
      origin: replaceLine(note, 0, 'boai.example.org/other'),
      size: replaceLine(note, 1, '9'),
      'size with the same value spelled differently': replaceLine(note, 1, '08'),
      root: replaceLine(note, 2, otherRoot),
      'added extension line': note.replace('\n\n', '\nextension\n\n'),
      signature: flipSignatureBit(note),
    };
    for (const [what, forged] of Object.entries(tampered)) {
      expect(forged, what).not.toBe(note);
      expect(() => verifyCheckpoint(forged, logKey.verifierKey), what).toThrow(/does not verify/);
    }
    const impostor = generateLogKey(ORIGIN);
    expect(() => verifyCheckpoint(note, impostor.verifierKey)).toThrow(/no signature by/);
    expect(() => verifyCheckpoint(signCheckpoint(checkpoint, impostor), logKey.verifierKey)).toThrow(/no signature by/);
  });

  it('accepts a checkpoint that witnesses also signed, and refuses one only a witness signed', () => {
    const witness = generateLogKey('witness.example.net');
    const log = signCheckpoint(checkpoint, logKey);
    const cosigned = `${log}${signNote(formatCheckpoint(checkpoint), witness).split('\n\n')[1]}`;
    expect(verifyCheckpoint(cosigned, logKey.verifierKey).size).toBe(8);
    expect(verifyNote(cosigned, witness.verifierKey)).toBe(formatCheckpoint(checkpoint));
    expect(() => verifyCheckpoint(signCheckpoint(checkpoint, witness), logKey.verifierKey)).toThrow(/no signature/);
  });

  it('refuses to sign what it could not verify', () => {
    const root = checkpoint.rootHash;
    expect(() => signCheckpoint({ ...checkpoint, origin: 'has space' }, logKey)).toThrow(/origin/);
    expect(() => signCheckpoint({ ...checkpoint, origin: 'a+b' }, logKey)).toThrow(/origin/);
    expect(() => signCheckpoint({ ...checkpoint, origin: '' }, logKey)).toThrow(/origin/);
    expect(() => signCheckpoint({ ...checkpoint, size: -1 }, logKey)).toThrow(/tree size/);
    expect(() => signCheckpoint({ ...checkpoint, size: 1.5 }, logKey)).toThrow(/tree size/);
    expect(() => signCheckpoint({ ...checkpoint, size: 2 ** 53 }, logKey)).toThrow(/tree size/);
    expect(() => signCheckpoint({ ...checkpoint, rootHash: root.subarray(1) }, logKey)).toThrow(/32 bytes/);
    expect(() => signCheckpoint(checkpoint, { name: ORIGIN, privateKey: new Uint8Array(31) })).toThrow(/32 bytes/);
    expect(() => signNote('no final newline', logKey)).toThrow(/newline/);
    expect(() => signNote('tab\there\n', logKey)).toThrow(/control characters/);
    expect(() => generateLogKey('bad name')).toThrow(CheckpointError);
  });
});

describe('parseCheckpoint', () => {
  const root = base64(checkpoint.rootHash);

  it('reads the origin, size, root hash and any extension lines', () => {
    expect(parseCheckpoint(`any origin, even with spaces\n0\n${root}\nx-ext 1\nx-ext 2\n`)).toEqual({
      origin: 'any origin, even with spaces',
      size: 0,
      rootHash: new Uint8Array(checkpoint.rootHash),
      extensionLines: ['x-ext 1', 'x-ext 2'],
    });
  });

  it.each([
    ['no final newline', `o\n1\n${root}`],
    ['too few lines', 'o\n1\n'],
    ['an empty origin', `\n1\n${root}\n`],
    ['a leading zero', `o\n01\n${root}\n`],
    ['a sign', `o\n+1\n${root}\n`],
    ['a non-decimal size', `o\n0x10\n${root}\n`],
    ['a size above 2^53 - 1', `o\n9007199254740992\n${root}\n`],
    ['a 31-byte root', `o\n1\n${base64(checkpoint.rootHash.subarray(1))}\n`],
    ['an unpadded root', `o\n1\n${root.replace('=', '')}\n`],
    ['a root with non-zero padding bits', `o\n1\n${root.slice(0, 42)}${withPaddingBitSet(root[42])}=\n`],
    ['an empty extension line', `o\n1\n${root}\n\nx\n`],
    ['a whole signed note', signCheckpoint(checkpoint, logKey)],
    ['a control character', `o\r\n1\n${root}\n`],
  ])('refuses checkpoint text with %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(CheckpointError);
  });
});
