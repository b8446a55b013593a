// Identity commitments: the documented formula recomputed with node:crypto, NFC, salt checks, and finding the
// commitment in a leaf.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes';
import { decodeSalt, identityCommitment, verifyCommitment } from './commitment';
import { VerifyError } from './note';

const saltBytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
const salt = toBase64Url(saltBytes);

function reference(identity: string): string {
  return createHash('sha256')
    .update('boai-donor-v1\n')
    .update(saltBytes)
    .update(Buffer.from(identity.normalize('NFC'), 'utf8'))
    .digest('hex');
}

describe('identityCommitment', () => {
  it('is hex(SHA-256("boai-donor-v1\\n" || salt || UTF-8(NFC(identity))))', () => {
    expect(salt).toBe('ABEiM0RVZneImaq7zN3u_w');
    for (const identity of ['张三', '', 'Zoë', 'acme 有限公司']) {
      expect(identityCommitment(salt, identity)).toBe(reference(identity));
    }
    expect(identityCommitment(saltBytes, '张三')).toBe(reference('张三'));
  });

  it('normalises the identity to NFC, so both spellings of é commit alike', () => {
    expect(identityCommitment(salt, 'Jos\u00e9')).toBe(identityCommitment(salt, 'Jose\u0301'));
    expect(identityCommitment(salt, '张三')).not.toBe(identityCommitment(salt, '张四'));
  });

  it('refuses a salt that is not 16 bytes of unpadded base64url', () => {
    for (const bad of [
      '',
      'ABEiM0RVZneImaq7zN3u_w==',
      'ABEiM0RVZneImaq7zN3u/w',
      'ABEiM0RVZnc',
      'ABEiM0RVZnd3d3d3d3d3d3d3',
    ]) {
      expect(() => decodeSalt(bad), bad).toThrow(VerifyError);
    }
  });
});

describe('verifyCommitment', () => {
  const leaf = `{"amountFen":100,"donor":"${reference('张三')}","kind":"donation.received"}`;

  it('finds the member that commits to the identity', () => {
    expect(verifyCommitment(leaf, salt, '张三')).toEqual({ field: 'donor' });
  });

  it('refuses another identity, another salt, or a leaf that is not canonical', () => {
    expect(() => verifyCommitment(leaf, salt, '李四')).toThrow(/no member of the leaf commits/);
    expect(() => verifyCommitment(leaf, toBase64Url(new Uint8Array(16)), '张三')).toThrow(/no member/);
    expect(() => verifyCommitment(leaf.replace(':100', ': 100'), salt, '张三')).toThrow(/canonical/);
  });
});
