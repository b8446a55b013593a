// Key versions and the keyring: ciphertexts name their key, older keys only decrypt, the original v1 format stays
// readable, and the configuration refuses malformed keys with the problem listed (never the key itself).
import crypto from 'node:crypto';
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config';
import { createPii, derivePiiKeys, keyringOf, loadMasterKeys, piiKeyId } from './pii';

const a = Buffer.alloc(32, 0xa1);
const b = Buffer.alloc(32, 0xb2);
const phone = '+8613812345678';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('key versions', () => {
  it('writes v2 with the current key id, decrypts by the id, and reads the original v1 format by trial', () => {
    const legacy = createPii(derivePiiKeys(a)).encrypt(phone);
    const underA = createPii(keyringOf({ current: a, previous: [], lookup: a })).encrypt(phone);
    expect(legacy).toMatch(/^v1\./);
    expect(underA.startsWith(`v2.${piiKeyId(a)}.`)).toBe(true);

    const rotating = createPii(keyringOf({ current: b, previous: [a], lookup: a }));
    const underB = rotating.encrypt(phone);
    expect(underB.startsWith(`v2.${piiKeyId(b)}.`)).toBe(true);
    for (const c of [legacy, underA, underB]) {
      expect(rotating.decrypt(c)).toBe(phone);
    }
    expect(rotating.keyIdOf(legacy)).toBe(piiKeyId(a));
    expect(rotating.keyIdOf(underB)).toBe(piiKeyId(b));

    const onlyB = createPii(keyringOf({ current: b, previous: [], lookup: a }));
    expect(() => onlyB.decrypt(underA)).toThrow(`under key ${piiKeyId(a)}, which is not configured`);
    expect(() => onlyB.decrypt(legacy)).toThrow();
    expect(onlyB.keyIdOf(legacy)).toBeNull();
    // A forged key id does not make another key's ciphertext decrypt.
    expect(() => rotating.decrypt(underA.replace(piiKeyId(a), piiKeyId(b)))).toThrow();
  });

  it('keeps blind indexes and token hashes under the lookup key whatever key encrypts', () => {
    const before = createPii(keyringOf({ current: a, previous: [], lookup: a }));
    const after = createPii(keyringOf({ current: b, previous: [], lookup: a }));
    expect(after.blindIndex('phone', phone)).toBe(before.blindIndex('phone', phone));
    expect(after.hashToken('t')).toBe(before.hashToken('t'));
    expect(createPii(derivePiiKeys(a)).blindIndex('phone', phone)).toBe(before.blindIndex('phone', phone));
  });

  it('loads the keyring: lookup defaults to the current key, the current key is not repeated as a previous one', () => {
    const keys = loadMasterKeys({
      secretKeyHex: b.toString('hex'),
      previousSecretKeysHex: [a.toString('hex'), b.toString('hex'), a.toString('hex')],
      dataDir: os.tmpdir(),
    });
    expect(keys.lookup.equals(b)).toBe(true);
    expect(keys.previous).toEqual([a]);
  });
});

describe('configuration', () => {
  it('refuses to start on a malformed previous or lookup key, naming the entry but not echoing keys', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit');
    }) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = crypto.randomBytes(32).toString('hex');
    const bad = `${good.slice(0, 60)}zzzz`;
    expect(() =>
      loadConfig({ BOAI_PREVIOUS_SECRET_KEYS: `${good},${bad}`, BOAI_LOOKUP_SECRET_KEY: 'abc' } as NodeJS.ProcessEnv),
    ).toThrow('exit');
    expect(exit).toHaveBeenCalledWith(1);
    const message = error.mock.calls.flat().join('\n');
    expect(message).toContain('BOAI_PREVIOUS_SECRET_KEYS: entry 2 is not 64 hex characters');
    expect(message).toContain('BOAI_LOOKUP_SECRET_KEY');
    expect(message).not.toContain(good);
    expect(message).not.toContain(bad);

    const config = loadConfig({ BOAI_PREVIOUS_SECRET_KEYS: ` ${good.toUpperCase()} ,` } as NodeJS.ProcessEnv);
    expect(config.previousSecretKeysHex).toEqual([good]);
  });
});
