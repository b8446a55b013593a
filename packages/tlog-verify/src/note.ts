// C2SP signed notes, checkpoints and cosignatures, verification side only: parse a note and its signature lines,
// parse verifier keys (c2sp.org/signed-note "vkeys"), check the log's Ed25519 signature (type 0x01) on a
// c2sp.org/tlog-checkpoint, and check witnesses' c2sp.org/tlog-cosignature/v1 signatures (type 0x04).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, readUint32, readUint64, toBase64, utf8 } from './bytes';
import { HASH_SIZE } from './merkle';

/** Thrown for anything malformed, unsigned or wrongly signed. The message is one line, fit for a CLI. */
export class VerifyError extends Error {
  override name = 'VerifyError';
  /** The first bad entry, when the failure is about one. */
  readonly index?: number;

  constructor(message: string, options: { index?: number } = {}) {
    super(message);
    this.index = options.index;
  }
}

/** signed-note signature types this package verifies. */
export const SIGNATURE_TYPE = {
  /** An Ed25519 signature over the note text (the log's checkpoint signature). */
  ed25519: 0x01,
  /** An Ed25519 tlog-cosignature/v1 (a witness's timestamped cosignature). */
  cosignatureV1: 0x04,
} as const;
export type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

export type VerifierKey = {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  readonly publicKey: Uint8Array;
};

export type NoteSignature = {
  readonly name: string;
  readonly keyId: number;
  /** The bytes after the key ID: an Ed25519 signature, or a timestamp and an Ed25519 signature. */
  readonly signature: Uint8Array;
  /** The signature line as written, without its newline. */
  readonly line: string;
};

export type SignedNote = { readonly text: string; readonly signatures: readonly NoteSignature[] };

export type Checkpoint = {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensionLines: readonly string[];
  /** The note text the signatures cover. */
  readonly text: string;
};

const ED25519_PUBLIC_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';
const UNICODE_SPACE = /\p{White_Space}/u;
const LONE_SURROGATE = /\p{Surrogate}/u;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** signed-note key ID: the first 4 bytes of SHA-256(name || "\n" || type || public key), big-endian. */
export function computeKeyId(name: string, type: SignatureType, publicKey: Uint8Array): number {
  return readUint32(sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, type), publicKey)), 0);
}

/** `<name>+<8 hex digits of key ID>+<base64(type || public key)>`. Throws VerifyError for an invalid name or key. */
export function formatVerifierKey(name: string, type: SignatureType, publicKey: Uint8Array): string {
  if (!isKeyName(name)) {
    throw new VerifyError(`key name "${name}" must be non-empty, without spaces, '+' or control characters`);
  }
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    throw new VerifyError('an Ed25519 public key is 32 bytes');
  }
  const keyId = computeKeyId(name, type, publicKey);
  return `${name}+${formatKeyId(keyId)}+${toBase64(concatBytes(Uint8Array.of(type), publicKey))}`;
}

/**
 * Parses a verifier key (signed-note "vkey"): Ed25519 (type 0x01) or Ed25519 cosignature/v1 (type 0x04), with the
 * key ID checked against the name and key. Throws VerifyError for anything else.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) {
    throw new VerifyError('verifier key is not "<name>+<key ID>+<base64 key>"');
  }
  const name = vkey.slice(0, first);
  const keyIdHex = vkey.slice(first + 1, second);
  const typed = fromBase64(vkey.slice(second + 1));
  if (!isKeyName(name) || !/^[0-9a-fA-F]{8}$/.test(keyIdHex) || !typed) {
    throw new VerifyError('verifier key is not "<name>+<8 hex digits>+<base64 key>"');
  }
  const type = typed[0];
  if ((type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) || typed.length !== 33) {
    throw new VerifyError('verifier key is not an Ed25519 (0x01) or cosignature/v1 (0x04) key of 32 bytes');
  }
  const publicKey = typed.subarray(1);
  const keyId = computeKeyId(name, type, publicKey);
  if (keyId !== Number.parseInt(keyIdHex, 16)) {
    throw new VerifyError(`verifier key ID ${keyIdHex} does not match its name and key`);
  }
  return { name, keyId, type, publicKey };
}

/**
 * Splits a signed note into its text and signature lines (c2sp.org/signed-note "Format"): well-formed text ending in
 * a newline, a blank line, then one or more `— <name> <base64(key ID || signature)>` lines, each ending in a newline.
 * Throws VerifyError for any deviation.
 */
export function parseSignedNote(note: string): SignedNote {
  if (hasForbiddenCharacters(note)) {
    throw new VerifyError('note holds control characters other than newline, or invalid Unicode');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw new VerifyError('note has no blank line before its signatures');
  }
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new VerifyError('note must end with signature lines, each ending in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw new VerifyError(`note carries more than ${MAX_SIGNATURES} signatures`);
  }
  const signatures = lines.map((line): NoteSignature => {
    const match = line.startsWith(SIGNATURE_PREFIX) ? /^(\S+) (\S+)$/u.exec(line.slice(SIGNATURE_PREFIX.length)) : null;
    const blob = match ? fromBase64(match[2]) : undefined;
    if (!match || !isKeyName(match[1]) || !blob || blob.length < 5) {
      throw new VerifyError('signature line is not "— <key name> <base64 signature>"');
    }
    return { name: match[1], keyId: readUint32(blob, 0), signature: blob.subarray(4), line };
  });
  return { text, signatures };
}

/**
 * Verifies the Ed25519 (type 0x01) signature of `vkey` on a signed note and returns the note text. Signatures by other
 * keys are ignored; a signature by this key that fails rejects the note (as Go's note.Open does).
 * Throws VerifyError when the note is malformed, unsigned by this key, or wrongly signed.
 */
export function verifyNote(note: string, vkey: string | VerifierKey): string {
  const key = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  if (key.type !== SIGNATURE_TYPE.ed25519) {
    throw new VerifyError(`${key.name} is not an Ed25519 note key (type 0x01)`);
  }
  const { text, signatures } = parseSignedNote(note);
  const message = utf8(text);
  let isSigned = false;
  for (const signature of signaturesBy(signatures, key)) {
    if (!verifyEd25519(signature.signature, message, key.publicKey)) {
      throw new VerifyError(`signature by ${describeKey(key)} does not verify`);
    }
    isSigned = true;
  }
  if (!isSigned) {
    throw new VerifyError(`note carries no signature by ${describeKey(key)}`);
  }
  return text;
}

/**
 * Parses checkpoint note text (c2sp.org/tlog-checkpoint): origin, tree size (decimal, no leading zeroes), base64 of a
 * 32-byte root hash, optional extension lines, every line non-empty and ending in a newline. Checks no signature.
 * Throws VerifyError for any deviation or a size above 2^53 - 1.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (hasForbiddenCharacters(text) || !text.endsWith('\n')) {
    throw new VerifyError('checkpoint text must be well-formed lines ending in a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((line) => line === '')) {
    throw new VerifyError('checkpoint needs non-empty origin, tree size and root hash lines');
  }
  const [origin, sizeLine, rootLine, ...extensionLines] = lines;
  const size = DECIMAL.test(sizeLine) ? Number(sizeLine) : Number.NaN;
  if (!Number.isSafeInteger(size)) {
    throw new VerifyError(`checkpoint tree size "${sizeLine}" is not a decimal up to 2^53 - 1`);
  }
  const rootHash = fromBase64(rootLine);
  if (rootHash?.length !== HASH_SIZE) {
    throw new VerifyError('checkpoint root hash is not the base64 of 32 bytes');
  }
  return { origin, size, rootHash, extensionLines, text };
}

/**
 * Verifies a signed checkpoint against the log's verifier key and returns the checkpoint. Its origin must equal
 * `options.origin`, by default the key name (tlog-checkpoint: the key name SHOULD be the origin).
 * Throws VerifyError as verifyNote and parseCheckpoint do, or when the origin differs.
 */
export function verifyCheckpoint(note: string, logVkey: string, options: { origin?: string } = {}): Checkpoint {
  const key = parseVerifierKey(logVkey);
  const checkpoint = parseCheckpoint(verifyNote(note, key));
  const origin = options.origin ?? key.name;
  if (checkpoint.origin !== origin) {
    throw new VerifyError(`checkpoint origin "${checkpoint.origin}" is not "${origin}"`);
  }
  return checkpoint;
}

/**
 * The message a tlog-cosignature/v1 signs: `cosignature/v1`, `time <timestamp>`, then the checkpoint note text
 * (without signatures), each line ending in a newline.
 */
export function cosignatureMessage(checkpointText: string, timestamp: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/**
 * Verifies the tlog-cosignature/v1 signature of the witness key `witnessVkey` (type 0x04) on a signed checkpoint and
 * returns its timestamp (POSIX seconds). Signatures by other keys are ignored; one by this key that fails rejects.
 * Throws VerifyError when the note is malformed, carries no cosignature by this key, or it does not verify.
 */
export function verifyCosignature(note: string, witnessVkey: string | VerifierKey): { timestamp: number } {
  const key = typeof witnessVkey === 'string' ? parseVerifierKey(witnessVkey) : witnessVkey;
  if (key.type !== SIGNATURE_TYPE.cosignatureV1) {
    throw new VerifyError(`${key.name} is not a cosignature/v1 key (type 0x04)`);
  }
  const { text, signatures } = parseSignedNote(note);
  parseCheckpoint(text);
  let timestamp: number | undefined;
  for (const signature of signaturesBy(signatures, key)) {
    const parsed = parseCosignatureBytes(signature.signature);
    if (!parsed || !verifyEd25519(parsed.signature, cosignatureMessage(text, parsed.timestamp), key.publicKey)) {
      throw new VerifyError(`cosignature by ${describeKey(key)} does not verify`);
    }
    timestamp = parsed.timestamp;
  }
  if (timestamp === undefined) {
    throw new VerifyError(`note carries no cosignature by ${describeKey(key)}`);
  }
  return { timestamp };
}

/** The timestamp and Ed25519 signature of a cosignature/v1 signature line; undefined when malformed. */
export function parseCosignatureBytes(bytes: Uint8Array): { timestamp: number; signature: Uint8Array } | undefined {
  if (bytes.length !== 8 + ED25519_SIGNATURE_SIZE) {
    return undefined;
  }
  const timestamp = readUint64(bytes, 0);
  if (timestamp > MAX_TIMESTAMP || timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    return undefined;
  }
  return { timestamp: Number(timestamp), signature: bytes.subarray(8) };
}

/** `name+keyid` as signed-note tools print it. */
export function describeKey(key: { name: string; keyId: number }): string {
  return `${key.name}+${formatKeyId(key.keyId)}`;
}

function signaturesBy(signatures: readonly NoteSignature[], key: VerifierKey): NoteSignature[] {
  return signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
}

function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE) {
    return false;
  }
  try {
    // Strict RFC 8032 rules (no ZIP-215 leniency), as Go's crypto/ed25519 and OpenSSL apply them.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function isKeyName(name: string): boolean {
  return name !== '' && !UNICODE_SPACE.test(name) && !name.includes('+') && !hasForbiddenCharacters(name);
}

// signed-note: valid UTF-8 (in a JS string: no lone surrogates) and no ASCII control character but newline.
function hasForbiddenCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) {
      return true;
    }
  }
  return LONE_SURROGATE.test(text);
}
