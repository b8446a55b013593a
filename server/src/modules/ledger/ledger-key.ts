// The log's Ed25519 key, derived from the master secret so every instance signs with the same key and nothing new
// has to be stored or backed up. Rotating it means a new HKDF info string (a new log key), never a changed one.
import crypto from 'node:crypto';
import { formatVerifierKey, type LogSigner } from './checkpoint';

/**
 * What the server needs to sign and serve checkpoints: the origin (also the key name), signer and verifier key, and
 * the verifier keys (C2SP tlog-cosignature/v1, type 0x04) of the witnesses whose cosignatures it accepts and serves.
 */
export type LedgerKey = {
  readonly origin: string;
  readonly signer: LogSigner;
  readonly verifierKey: string;
  readonly witnesses?: readonly string[];
};

// PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Derives the log key for `origin` from the master secret: the 32-byte Ed25519 seed is
 * HKDF-SHA256(master, info 'boai/ledger/ed25519/v1'). Deterministic: the same master and origin give the same key.
 * Throws CheckpointError when `origin` is not a valid key name (spaces, '+', control characters).
 */
export function deriveLedgerKey(master: Buffer, origin: string): LedgerKey {
  const seed = new Uint8Array(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'boai/ledger/ed25519/v1', 32));
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = crypto.createPublicKey(privateKey).export({ format: 'jwk' });
  const publicKey = new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
  return { origin, signer: { name: origin, privateKey: seed }, verifierKey: formatVerifierKey(origin, publicKey) };
}
