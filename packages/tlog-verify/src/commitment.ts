// Identity commitments in Boai ledger leaves: a salted hash that hides who gave (or received) while letting the
// holder of the salt show that an entry is theirs.
//   commitment = hex(SHA-256("boai-donor-v1\n" || salt || UTF-8(NFC(identity))))
// salt: 16 random bytes, handed to the donor as base64url without padding (22 characters).
// identity: the name as the donor gave it ('' for an anonymous gift), in Unicode NFC.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64Url, toHex, utf8 } from './bytes';
import { isCanonicalJson } from './canonical-json';
import { VerifyError } from './note';

export const COMMITMENT_PREFIX = 'boai-donor-v1\n';
export const SALT_SIZE = 16;

/** Decodes a base64url salt; throws VerifyError unless it is exactly 16 bytes of canonical unpadded base64url. */
export function decodeSalt(salt: string): Uint8Array {
  const bytes = fromBase64Url(salt.trim());
  if (bytes?.length !== SALT_SIZE) {
    throw new VerifyError(`salt must be ${SALT_SIZE} bytes in base64url without padding (22 characters)`);
  }
  return bytes;
}

/** The commitment (64 lower-case hex digits) to `identity` under `salt` (base64url text or the 16 bytes). */
export function identityCommitment(salt: string | Uint8Array, identity: string): string {
  const saltBytes = typeof salt === 'string' ? decodeSalt(salt) : salt;
  if (saltBytes.length !== SALT_SIZE) {
    throw new VerifyError(`salt must be ${SALT_SIZE} bytes`);
  }
  return toHex(sha256(concatBytes(utf8(COMMITMENT_PREFIX), saltBytes, utf8(identity.normalize('NFC')))));
}

/**
 * Checks that the canonical-JSON `leaf` commits to `identity` under `salt`, and returns the top-level member holding
 * the commitment (`donor` in a donation, `payee` in a payout to a person).
 * Throws VerifyError when the leaf is not canonical JSON or no top-level member holds the commitment.
 */
export function verifyCommitment(leaf: string, salt: string | Uint8Array, identity: string): { field: string } {
  if (!isCanonicalJson(leaf)) {
    throw new VerifyError('leaf is not RFC 8785 canonical JSON');
  }
  const facts = JSON.parse(leaf) as unknown;
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
    throw new VerifyError('leaf is not a JSON object');
  }
  const commitment = identityCommitment(salt, identity);
  const field = Object.entries(facts).find(([, value]) => value === commitment)?.[0];
  if (field === undefined) {
    throw new VerifyError('no member of the leaf commits to this identity under this salt');
  }
  return { field };
}
