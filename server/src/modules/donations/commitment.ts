// Identity commitments in the public ledger: a salted hash that hides who gave (or received) while letting the
// holder of the salt prove the entry is theirs. Erasing the salt and the name unlinks the entry for good, so a
// PIPL erasure request never rewrites the log. Format (docs/ledger.md):
//   commitment = hex(SHA-256("boai-donor-v1\n" || salt || UTF-8(NFC(identity))))
// where salt is 16 random bytes, given to the donor base64url-encoded, and identity is the name as given ('' when
// the donor gave none).
import crypto from 'node:crypto';

const prefix = Buffer.from('boai-donor-v1\n', 'utf8');

export function newCommitmentSalt(): Buffer {
  return crypto.randomBytes(16);
}

export function identityCommitment(salt: Uint8Array, identity: string): string {
  return crypto
    .createHash('sha256')
    .update(prefix)
    .update(salt)
    .update(Buffer.from(identity.normalize('NFC'), 'utf8'))
    .digest('hex');
}
