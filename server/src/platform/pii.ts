// Personal data at rest: AES-256-GCM encryption and HMAC-SHA256 blind indexes, keys derived from one master secret.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One master key's subkeys; `id` (piiKeyId) lets a single-key Pii read the v2 ciphertexts its key made. */
export type PiiKeys = { encKey: Buffer; indexKey: Buffer; tokenKey: Buffer; id?: string };

/**
 * Returns the master secret: BOAI_SECRET_KEY (hex) when set, else `<dataDir>/secret.key`,
 * created with mode 0600 on first run. Losing it makes every encrypted field unreadable.
 */
export function loadMasterKey(opts: { secretKeyHex?: string; dataDir: string }): Buffer {
  if (opts.secretKeyHex) {
    return Buffer.from(opts.secretKeyHex, 'hex');
  }
  const file = path.join(opts.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const key = crypto.randomBytes(32).toString('hex');
    // wx: never overwrite a key another process created a moment ago.
    try {
      fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new Error(`${file} does not hold a 64-hex-character key`);
  }
  return Buffer.from(hex, 'hex');
}

/** Derives independent subkeys so that the blind index key never encrypts and vice versa. */
export function derivePiiKeys(master: Buffer): PiiKeys {
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    encKey: derive('boai/pii/aes-256-gcm/v1'),
    indexKey: derive('boai/pii/blind-index/v1'),
    tokenKey: derive('boai/tokens/v1'),
    id: piiKeyId(master),
  };
}

/** One master key's subkeys and its public id (8 hex characters, written into every ciphertext it makes). */
export type PiiKeySet = PiiKeys & { id: string };

/** The key id of a master key: a fingerprint that names the key without revealing it. */
export function piiKeyId(master: Buffer): string {
  return crypto.createHmac('sha256', master).update('boai/pii/key-id/v1').digest('hex').slice(0, 8);
}

export function piiKeySet(master: Buffer): PiiKeySet {
  return { ...derivePiiKeys(master), id: piiKeyId(master) };
}

/**
 * The process's keys: `current` encrypts everything new; `previous` only decrypt (data written before a rotation
 * finished); `lookup` keys the blind indexes and token hashes (default: current). The lookup key stays the same
 * across an encryption-key rotation so that exact-match lookups never see half-rotated indexes (docs/operations.md).
 */
export type PiiKeyring = { current: PiiKeySet; previous: PiiKeySet[]; lookup?: PiiKeySet };

export type Pii = {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Deterministic HMAC for exact-match lookup; `domain` separates ID numbers from phones. */
  blindIndex(domain: 'id' | 'phone', normalised: string): string;
  /** HMAC under the token key (session tokens, one-time codes). */
  hashToken(token: string): string;
  /** The id of the key encrypt() uses. */
  currentKeyId: string;
  /** Every key decrypt() knows: the current one first. */
  keyIds: string[];
  /**
   * The key a ciphertext was made under: its id for `v2.<id>.…`, else (the original `v1.…` format, which names no
   * key) the id of the configured key whose tag verifies, or null when none does.
   */
  keyIdOf(ciphertext: string): string | null;
};

function isKeyring(k: PiiKeys | PiiKeyring): k is PiiKeyring {
  return 'current' in k;
}

function gcmEncrypt(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

function gcmDecrypt(key: Buffer, data: string): string {
  const raw = Buffer.from(data, 'base64url');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * Ciphertext formats: `v1.<iv|tag|ct>` (key version 1: the original format, no key id; read by trying each
 * configured key, GCM's tag tells the right one) and `v2.<key id>.<iv|tag|ct>`. Given bare PiiKeys (one key, the
 * original call) it writes v1; given a keyring it writes v2 under the current key.
 */
export function createPii(keys: PiiKeys | PiiKeyring): Pii {
  const ring: PiiKeyring = isKeyring(keys) ? keys : { current: { ...keys, id: 'v1' }, previous: [] };
  const legacyWriter = !isKeyring(keys);
  const all = [ring.current, ...ring.previous.filter((k) => k.id !== ring.current.id)];
  const byId = new Map(all.map((k) => [k.id, k]));
  const lookup = ring.lookup ?? ring.current;

  const parse = (ciphertext: string): { version: 'v1'; data: string } | { version: 'v2'; id: string; data: string } => {
    const parts = ciphertext.split('.');
    if (parts[0] === 'v1' && parts.length === 2 && parts[1]) {
      return { version: 'v1', data: parts[1] };
    }
    if (parts[0] === 'v2' && parts.length === 3 && parts[1] && parts[2]) {
      return { version: 'v2', id: parts[1], data: parts[2] };
    }
    throw new Error('unknown ciphertext version');
  };
  const decryptV1 = (data: string): { id: string; plaintext: string } => {
    let last: unknown;
    for (const k of all) {
      try {
        return { id: k.id, plaintext: gcmDecrypt(k.encKey, data) };
      } catch (error) {
        last = error;
      }
    }
    throw last ?? new Error('no key decrypts this ciphertext');
  };

  return {
    currentKeyId: ring.current.id,
    keyIds: all.map((k) => k.id),
    encrypt(plaintext) {
      const data = gcmEncrypt(ring.current.encKey, plaintext);
      return legacyWriter ? `v1.${data}` : `v2.${ring.current.id}.${data}`;
    },
    decrypt(ciphertext) {
      const c = parse(ciphertext);
      if (c.version === 'v1') {
        return decryptV1(c.data).plaintext;
      }
      const key = byId.get(c.id);
      if (!key) {
        throw new Error(`ciphertext is under key ${c.id}, which is not configured (BOAI_PREVIOUS_SECRET_KEYS)`);
      }
      return gcmDecrypt(key.encKey, c.data);
    },
    keyIdOf(ciphertext) {
      const c = parse(ciphertext);
      if (c.version === 'v2') {
        return c.id;
      }
      try {
        return decryptV1(c.data).id;
      } catch {
        return null;
      }
    },
    blindIndex(domain, normalised) {
      return crypto.createHmac('sha256', lookup.indexKey).update(`${domain}:${normalised}`).digest('base64url');
    },
    hashToken(token) {
      return crypto.createHmac('sha256', lookup.tokenKey).update(token).digest('base64url');
    },
  };
}

/** The configured master keys: current (BOAI_SECRET_KEY or the key file), previous ones, and the lookup key. */
export type MasterKeys = { current: Buffer; previous: Buffer[]; lookup: Buffer };

/**
 * Reads the master keys from the configuration. Throws (start refused) when a key id repeats between two different
 * keys (8 hex characters: practically never) or when the lookup key is neither the current nor a previous key.
 */
export function loadMasterKeys(opts: {
  secretKeyHex?: string;
  previousSecretKeysHex?: string[];
  lookupSecretKeyHex?: string;
  dataDir: string;
}): MasterKeys {
  const current = loadMasterKey(opts);
  const previous = (opts.previousSecretKeysHex ?? [])
    .map((h) => Buffer.from(h, 'hex'))
    .filter((k, i, all) => !k.equals(current) && all.findIndex((o) => o.equals(k)) === i);
  const lookup = opts.lookupSecretKeyHex ? Buffer.from(opts.lookupSecretKeyHex, 'hex') : current;
  const ids = new Set([current, ...previous].map(piiKeyId));
  if (ids.size !== previous.length + 1) {
    throw new Error('two configured master keys share a key id; generate a new key');
  }
  return { current, previous, lookup };
}

export function keyringOf(keys: MasterKeys): PiiKeyring {
  return { current: piiKeySet(keys.current), previous: keys.previous.map(piiKeySet), lookup: piiKeySet(keys.lookup) };
}

let configured: Pii | undefined;

/** Installs the process's PII keys (at start-up, from loadMasterKey). */
export function configurePii(p: Pii): void {
  configured = p;
}

/** The process's PII helper; throws if start-up did not configure keys. */
export function pii(): Pii {
  if (!configured) {
    throw new Error('PII keys are not configured');
  }
  return configured;
}
