// Personal data at rest: AES-256-GCM round trips and tamper detection, blind indexes, and the master key's
// life cycle (created once with mode 0600, reused, or taken from BOAI_SECRET_KEY).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPii, derivePiiKeys, loadMasterKey } from './pii';

const pii = createPii(derivePiiKeys(Buffer.alloc(32, 1)));
const otherPii = createPii(derivePiiKeys(Buffer.alloc(32, 2)));
const idNumber = '33068119850317123X';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-pii-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Flips one bit of the decoded ciphertext at `index` and re-encodes it. */
function flipBit(ciphertext: string, index: number): string {
  const [version, data] = ciphertext.split('.');
  const raw = Buffer.from(data, 'base64url');
  raw[index] ^= 0x01;
  return `${version}.${raw.toString('base64url')}`;
}

describe('encryption', () => {
  it('decrypts what it encrypted, including Chinese text and the empty string', () => {
    for (const plaintext of [idNumber, '+8613812345678', '浙江省绍兴市诸暨市暨阳街道', '']) {
      expect(pii.decrypt(pii.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('never contains the plaintext and is versioned', () => {
    const ciphertext = pii.encrypt(idNumber);
    expect(ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(ciphertext).not.toContain(idNumber);
    expect(Buffer.from(ciphertext.slice(3), 'base64url').includes(Buffer.from(idNumber))).toBe(false);
  });

  it('uses a fresh IV on every call, so equal plaintexts give different ciphertexts', () => {
    const ciphertexts = Array.from({ length: 50 }, () => pii.encrypt(idNumber));
    expect(new Set(ciphertexts).size).toBe(50);
    const ivs = ciphertexts.map((c) => Buffer.from(c.slice(3), 'base64url').subarray(0, 12).toString('hex'));
    expect(new Set(ivs).size).toBe(50);
  });

  it('refuses a tampered ciphertext: a flipped bit in the IV, the tag or the data fails to decrypt', () => {
    const ciphertext = pii.encrypt(idNumber);
    const length = Buffer.from(ciphertext.slice(3), 'base64url').length;
    for (const index of [0, 11, 12, 27, 28, length - 1]) {
      expect(() => pii.decrypt(flipBit(ciphertext, index)), `byte ${index}`).toThrow();
    }
    const truncated = ciphertext.slice(0, -4);
    expect(() => pii.decrypt(truncated)).toThrow();
  });

  it('refuses a ciphertext made under another key or with an unknown version', () => {
    const ciphertext = pii.encrypt(idNumber);
    expect(() => otherPii.decrypt(ciphertext)).toThrow();
    expect(() => pii.decrypt(ciphertext.replace(/^v1\./, 'v2.'))).toThrow('unknown ciphertext version');
    expect(() => pii.decrypt('not-a-ciphertext')).toThrow();
  });
});

describe('blind indexes', () => {
  it('are deterministic for one key, so equal values can be looked up', () => {
    expect(pii.blindIndex('id', idNumber)).toBe(pii.blindIndex('id', idNumber));
    expect(pii.blindIndex('id', idNumber)).not.toBe(pii.blindIndex('id', '330681198503171231'));
  });

  it('are separated by domain: the same digits as an ID number and as a phone index differently', () => {
    const digits = '13812345678';
    expect(pii.blindIndex('id', digits)).not.toBe(pii.blindIndex('phone', digits));
  });

  it('depend on the key and are not a bare hash of the value', () => {
    expect(pii.blindIndex('id', idNumber)).not.toBe(otherPii.blindIndex('id', idNumber));
    for (const input of [idNumber, `id:${idNumber}`]) {
      expect(pii.blindIndex('id', idNumber)).not.toBe(crypto.createHash('sha256').update(input).digest('base64url'));
    }
    expect(pii.blindIndex('id', idNumber)).not.toContain(idNumber);
  });

  it('keep the index key apart from the encryption and token keys', () => {
    const keys = derivePiiKeys(Buffer.alloc(32, 1));
    const distinct = new Set([keys.encKey, keys.indexKey, keys.tokenKey].map((k) => k.toString('hex')));
    expect(distinct.size).toBe(3);
    expect(pii.hashToken(idNumber)).not.toBe(pii.blindIndex('id', idNumber));
  });
});

describe('the master key', () => {
  it('is created on first load as 64 hex characters in a file only its owner may read, and reused afterwards', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadMasterKey({ dataDir });
    const file = path.join(dataDir, 'secret.key');

    expect(first).toHaveLength(32);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const second = loadMasterKey({ dataDir });
    expect(second.equals(first)).toBe(true);

    // Data encrypted under the first load is readable after the second: the key did not change.
    const ciphertext = createPii(derivePiiKeys(first)).encrypt(idNumber);
    expect(createPii(derivePiiKeys(second)).decrypt(ciphertext)).toBe(idNumber);
  });

  it('gives each new data directory its own key', () => {
    expect(loadMasterKey({ dataDir: tempDir() }).equals(loadMasterKey({ dataDir: tempDir() }))).toBe(false);
  });

  it('honours a BOAI_SECRET_KEY-style hex key and writes no key file', () => {
    const dataDir = tempDir();
    const hex = crypto.randomBytes(32).toString('hex');
    const key = loadMasterKey({ secretKeyHex: hex, dataDir });
    expect(key.toString('hex')).toBe(hex);
    expect(loadMasterKey({ secretKeyHex: hex.toUpperCase(), dataDir }).equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  });

  it('refuses a key file that does not hold 64 hex characters', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'too-short\n', { mode: 0o600 });
    expect(() => loadMasterKey({ dataDir })).toThrow('64-hex-character');
  });
});
