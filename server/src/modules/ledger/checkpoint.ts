// Signed tree heads in the C2SP formats, so any signed-note tool (Go's golang.org/x/mod/sumdb/note, witnesses) can
// check ours: a c2sp.org/tlog-checkpoint body inside a c2sp.org/signed-note with an Ed25519 signature (type 0x01),
// keys written as Go's note package writes them. Section names below refer to those two specs.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { HASH_SIZE } from './merkle';

/** The three mandatory lines of a checkpoint (tlog-checkpoint "Note text"). */
export type Checkpoint = { readonly origin: string; readonly size: number; readonly rootHash: Uint8Array };

/** A parsed checkpoint with its optional extension lines (opaque; our log never writes any). */
export type ParsedCheckpoint = Checkpoint & { readonly extensionLines: readonly string[] };

/** What signing needs: the key name of the signature line and the 32-byte Ed25519 private key (RFC 8032 seed). */
export type LogSigner = { readonly name: string; readonly privateKey: Uint8Array };

/** A fresh log key in every form the ledger stores or publishes. */
export type LogKey = LogSigner & {
  readonly publicKey: Uint8Array;
  /** `<name>+<hex key ID>+<base64(0x01 || public key)>`: publish this; verifiers configure it. */
  readonly verifierKey: string;
  /** `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || private key)>`: keep this secret. */
  readonly signerKey: string;
};

/** A parsed verifier key. */
export type VerifierKey = { readonly name: string; readonly keyId: number; readonly publicKey: Uint8Array };

/** Thrown for anything malformed, unsigned or wrongly signed: notes, checkpoints and keys. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

// signed-note "Signature types": 0x01 is Ed25519.
const ED25519_TYPE = 0x01;
const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
// Go's note.Open refuses more than 100 signatures; signed-note requires accepting at least 16.
const MAX_SIGNATURES = 100;
// Fixed DER wrappers turning a raw Ed25519 key into PKCS #8 / SPKI (RFC 8410), the forms node:crypto imports.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const SIGNATURE_LINE_PREFIX = '\u2014 '; // em dash, space
const UNICODE_SPACE = /\p{White_Space}/u;
const LONE_SURROGATE = /\p{Surrogate}/u;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TREE_SIZE = /^(?:0|[1-9][0-9]*)$/;

/**
 * Writes the checkpoint note text (tlog-checkpoint "Note text"): origin, tree size in decimal without leading zeroes,
 * base64 root hash, each followed by a newline; no extension lines.
 * Throws CheckpointError when the origin is not a valid key name (we hold our own origin to the SHOULD: no Unicode
 * spaces, no '+'), the size is not a safe non-negative integer, or the root hash is not 32 bytes.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  assertKeyName(checkpoint.origin, 'origin');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw new CheckpointError(`tree size ${checkpoint.size} is not a non-negative safe integer`);
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(`root hash must be ${HASH_SIZE} bytes, not ${checkpoint.rootHash.length}`);
  }
  return `${checkpoint.origin}\n${checkpoint.size}\n${encodeBase64(checkpoint.rootHash)}\n`;
}

/**
 * Parses checkpoint note text, the signed part of a checkpoint note without its signatures (tlog-checkpoint "Note
 * text"): at least three non-empty lines, each ending in a newline: a non-empty origin, the tree size in decimal
 * without leading zeroes, the base64 of a 32-byte root hash, then optional non-empty extension lines. Does not check
 * any signature: use verifyCheckpoint on a signed note.
 * Throws CheckpointError for any deviation, and for sizes above 2^53 - 1.
 */
export function parseCheckpoint(text: string): ParsedCheckpoint {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) {
    throw new CheckpointError('checkpoint text must end with a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new CheckpointError('checkpoint text needs an origin, a tree size and a root hash line');
  }
  if (lines.some((line) => line === '')) {
    throw new CheckpointError('checkpoint lines must not be empty (is this a signed note? use verifyCheckpoint)');
  }
  const [origin, sizeLine, rootLine, ...extensionLines] = lines;
  if (!TREE_SIZE.test(sizeLine)) {
    throw new CheckpointError(`tree size "${sizeLine}" is not a decimal without leading zeroes`);
  }
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) {
    throw new CheckpointError(`tree size ${sizeLine} is larger than this verifier supports (2^53 - 1)`);
  }
  const rootHash = decodeBase64(rootLine);
  if (rootHash?.length !== HASH_SIZE) {
    throw new CheckpointError(`root hash line is not the base64 of a ${HASH_SIZE}-byte hash`);
  }
  return { origin, size, rootHash, extensionLines };
}

/**
 * Signs a checkpoint: its note text followed by a blank line and one signature line (signed-note "Format").
 * The tlog-checkpoint spec says the key name SHOULD match the origin; verifyCheckpoint expects that by default.
 * Throws CheckpointError as formatCheckpoint and signNote do.
 */
export function signCheckpoint(checkpoint: Checkpoint, signer: LogSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Verifies a signed checkpoint note against one trusted verifier key and returns the checkpoint it signs.
 * The origin must equal `options.origin`, by default the key's name (tlog-checkpoint: the key name SHOULD match the
 * origin), so a checkpoint of another log signed with the same key is not taken for ours.
 * Throws CheckpointError when the note is malformed, no signature of this key verifies, a signature of this key fails
 * (signed-note: the whole note is then rejected), the text is not a checkpoint, or the origin differs.
 */
export function verifyCheckpoint(
  signedNote: string,
  verifierKey: string,
  options: { readonly origin?: string } = {},
): ParsedCheckpoint {
  const key = parseVerifierKey(verifierKey);
  const checkpoint = parseCheckpoint(verifyNote(signedNote, verifierKey));
  const expectedOrigin = options.origin ?? key.name;
  if (checkpoint.origin !== expectedOrigin) {
    throw new CheckpointError(`checkpoint origin "${checkpoint.origin}" is not "${expectedOrigin}"`);
  }
  return checkpoint;
}

/**
 * Signs note text per signed-note "Format" and "Ed25519 signatures": returns `text`, a blank line and
 * `— <name> <base64(key ID || Ed25519 signature over text)>`. The signature covers the text including its final
 * newline but not the blank line.
 * Throws CheckpointError for text not ending in a newline, control characters other than newline, lone surrogates,
 * an invalid key name or a private key that is not 32 bytes.
 */
export function signNote(text: string, signer: LogSigner): string {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) {
    throw new CheckpointError('note text must end with a newline');
  }
  assertKeyName(signer.name, 'key name');
  const privateKey = importPrivateKey(signer.privateKey);
  const keyId = computeKeyId(signer.name, rawPublicKey(privateKey));
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const blob = Buffer.concat([keyIdBytes(keyId), signature]);
  return `${text}\n${SIGNATURE_LINE_PREFIX}${signer.name} ${encodeBase64(blob)}\n`;
}

/**
 * Verifies a signed note against one trusted key and returns its text (signed-note "Signatures"): signatures of other
 * keys (another name or key ID) are ignored, a signature of this key must verify, and at least one must.
 * Throws CheckpointError when the note is malformed (not UTF-16 well formed, control characters other than newline,
 * no blank line before the signatures, a bad signature line, more than 100 signatures), when a signature of this key
 * fails, when none is present, or when the verifier key is malformed.
 */
export function verifyNote(signedNote: string, verifierKey: string): string {
  const key = parseVerifierKey(verifierKey);
  const { text, signatures } = parseNote(signedNote);
  const publicKey = importPublicKey(key.publicKey);
  let isVerified = false;
  for (const signature of signatures) {
    if (signature.name !== key.name || signature.keyId !== key.keyId) {
      continue;
    }
    const isValid =
      signature.signature.length === ED25519_SIGNATURE_SIZE &&
      verify(null, Buffer.from(text, 'utf8'), publicKey, signature.signature);
    if (!isValid) {
      throw new CheckpointError(`signature by ${key.name}+${formatKeyId(key.keyId)} does not verify`);
    }
    isVerified = true;
  }
  if (!isVerified) {
    throw new CheckpointError(`note carries no signature by ${key.name}+${formatKeyId(key.keyId)}`);
  }
  return text;
}

/**
 * The verifier key string of an Ed25519 key, `<name>+<8 hex digits of key ID>+<base64(0x01 || public key)>`, as Go's
 * note.NewEd25519VerifierKey writes it; the key ID is SHA-256(name || 0x0A || 0x01 || public key)[:4] (signed-note
 * "Ed25519 signatures"). Throws CheckpointError for an invalid name or a public key that is not 32 bytes.
 */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  assertKeyName(name, 'key name');
  if (publicKey.length !== ED25519_KEY_SIZE) {
    throw new CheckpointError(`Ed25519 public key must be ${ED25519_KEY_SIZE} bytes`);
  }
  const typedKey = Buffer.concat([Uint8Array.of(ED25519_TYPE), publicKey]);
  return `${name}+${formatKeyId(computeKeyId(name, publicKey))}+${encodeBase64(typedKey)}`;
}

/**
 * Parses a verifier key string (see formatVerifierKey), as Go's note.NewVerifier does: the key ID must match the
 * name and key, the type must be Ed25519 (0x01) with a 32-byte key.
 * Throws CheckpointError for anything else.
 */
export function parseVerifierKey(verifierKey: string): VerifierKey {
  const [name, keyIdHex, keyBase64] = splitKeyString(verifierKey, 3);
  const { keyId, publicKey } = decodeTypedKey(name, keyIdHex, keyBase64, 'verifier key');
  if (keyId !== computeKeyId(name, publicKey)) {
    throw new CheckpointError('verifier key ID does not match its name and key');
  }
  return { name, keyId, publicKey };
}

/**
 * The secret signer key string, `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || private key)>`, the format of Go's
 * note.GenerateKey, so the key can move between our server and standard tools.
 * Throws CheckpointError for an invalid name or a private key that is not 32 bytes.
 */
export function formatSignerKey(signer: LogSigner): string {
  assertKeyName(signer.name, 'key name');
  const publicKey = rawPublicKey(importPrivateKey(signer.privateKey));
  const typedKey = Buffer.concat([Uint8Array.of(ED25519_TYPE), signer.privateKey]);
  return `PRIVATE+KEY+${signer.name}+${formatKeyId(computeKeyId(signer.name, publicKey))}+${encodeBase64(typedKey)}`;
}

/**
 * Parses a signer key string (see formatSignerKey), checking, as Go's note.NewSigner does, that its key ID matches
 * the public key derived from the private key. Throws CheckpointError for anything malformed.
 */
export function parseSignerKey(signerKey: string): LogSigner {
  const [private1, private2, name, keyIdHex, keyBase64] = splitKeyString(signerKey, 5);
  if (private1 !== 'PRIVATE' || private2 !== 'KEY') {
    throw new CheckpointError('signer key must start with PRIVATE+KEY+');
  }
  const { keyId, publicKey: privateKey } = decodeTypedKey(name, keyIdHex, keyBase64, 'signer key');
  if (keyId !== computeKeyId(name, rawPublicKey(importPrivateKey(privateKey)))) {
    throw new CheckpointError('signer key ID does not match its name and key');
  }
  return { name, privateKey };
}

/**
 * Generates a new Ed25519 log key named `name` (the log's origin, e.g. `boai.example.org/ledger`), returned as raw
 * keys and as the verifier and signer key strings. Throws CheckpointError for an invalid name.
 */
export function generateLogKey(name: string): LogKey {
  assertKeyName(name, 'key name');
  const { privateKey: keyObject } = generateKeyPairSync('ed25519');
  const privateKey = new Uint8Array(
    keyObject.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length),
  );
  const publicKey = rawPublicKey(keyObject);
  const signer = { name, privateKey };
  return { ...signer, publicKey, verifierKey: formatVerifierKey(name, publicKey), signerKey: formatSignerKey(signer) };
}

type NoteSignature = { readonly name: string; readonly keyId: number; readonly signature: Uint8Array };

// signed-note "Format": text ending in newline, a blank line, then "— <name> <base64>" lines; the text is separated
// from the signatures by the last blank line.
function parseNote(signedNote: string): { text: string; signatures: NoteSignature[] } {
  assertNoteCharacters(signedNote);
  const split = signedNote.lastIndexOf('\n\n');
  if (split < 0) {
    throw new CheckpointError('signed note has no blank line before its signatures');
  }
  const text = signedNote.slice(0, split + 1);
  const block = signedNote.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new CheckpointError('signed note must end with signature lines, each ending in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw new CheckpointError(`signed note carries more than ${MAX_SIGNATURES} signatures`);
  }
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
      throw new CheckpointError('signature line must start with an em dash and a space');
    }
    const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const blob = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
    if (!isKeyName(name) || blob === undefined || blob.length < 5) {
      throw new CheckpointError('signature line is not "— <key name> <base64 signature>"');
    }
    return { name, keyId: Buffer.from(blob).readUInt32BE(0), signature: blob.subarray(4) };
  });
  return { text, signatures };
}

// signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], read big-endian.
function computeKeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Uint8Array.of(0x0a, ED25519_TYPE))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function keyIdBytes(keyId: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(keyId, 0);
  return bytes;
}

function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

// Splits "a+b+c" into `parts` fields; the last field is base64 and may itself contain '+'.
function splitKeyString(value: string, parts: number): string[] {
  const fields: string[] = [];
  let rest = value;
  for (let i = 1; i < parts; i++) {
    const plus = rest.indexOf('+');
    if (plus < 0) {
      throw new CheckpointError(`key string must have ${parts} '+'-separated fields`);
    }
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  fields.push(rest);
  return fields;
}

function decodeTypedKey(
  name: string,
  keyIdHex: string,
  keyBase64: string,
  what: string,
): { keyId: number; publicKey: Uint8Array } {
  const typedKey = decodeBase64(keyBase64);
  if (!isKeyName(name) || !/^[0-9a-fA-F]{8}$/.test(keyIdHex) || typedKey === undefined) {
    throw new CheckpointError(`${what} is not "<name>+<8 hex digits>+<base64 key>"`);
  }
  if (typedKey[0] !== ED25519_TYPE || typedKey.length !== 1 + ED25519_KEY_SIZE) {
    throw new CheckpointError(`${what} is not an Ed25519 key (type 0x01 and 32 bytes)`);
  }
  return { keyId: Number.parseInt(keyIdHex, 16), publicKey: typedKey.subarray(1) };
}

function importPrivateKey(privateKey: Uint8Array): KeyObject {
  if (privateKey.length !== ED25519_KEY_SIZE) {
    throw new CheckpointError(`Ed25519 private key must be ${ED25519_KEY_SIZE} bytes`);
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, privateKey]), format: 'der', type: 'pkcs8' });
}

function importPublicKey(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

// signed-note: key names are non-empty and contain neither Unicode spaces nor '+'.
function isKeyName(name: string): boolean {
  return name !== '' && !UNICODE_SPACE.test(name) && !name.includes('+') && !hasForbiddenCharacters(name);
}

function assertKeyName(name: string, what: string): void {
  if (!isKeyName(name)) {
    throw new CheckpointError(`${what} "${name}" must be non-empty, without spaces, '+' or control characters`);
  }
}

// signed-note: valid UTF-8 (for a JS string: no lone surrogates) and no ASCII control characters but newline.
function hasForbiddenCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) {
      return true;
    }
  }
  return LONE_SURROGATE.test(text);
}

function assertNoteCharacters(text: string): void {
  if (hasForbiddenCharacters(text)) {
    throw new CheckpointError('note must not contain control characters other than newline, or lone surrogates');
  }
}

function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

// Standard base64 with padding (RFC 4648 §4), canonical only: Buffer.from alone would skip junk characters.
function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}
