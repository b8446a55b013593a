// Personal data at rest: AES-256-GCM encryption and HMAC-SHA256 blind indexes, keys derived from one master secret.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type PiiKeys = { encKey: Buffer; indexKey: Buffer; tokenKey: Buffer };

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
  };
}

export type Pii = {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Deterministic HMAC for exact-match lookup; `domain` separates ID numbers from phones. */
  blindIndex(domain: 'id' | 'phone', normalised: string): string;
  /** HMAC under the token key (session tokens, one-time codes). */
  hashToken(token: string): string;
};

export function createPii(keys: PiiKeys): Pii {
  return {
    encrypt(plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', keys.encKey, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
    },
    decrypt(ciphertext) {
      const [version, data] = ciphertext.split('.');
      if (version !== 'v1' || !data) {
        throw new Error('unknown ciphertext version');
      }
      const raw = Buffer.from(data, 'base64url');
      const decipher = crypto.createDecipheriv('aes-256-gcm', keys.encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(domain, normalised) {
      return crypto.createHmac('sha256', keys.indexKey).update(`${domain}:${normalised}`).digest('base64url');
    },
    hashToken(token) {
      return crypto.createHmac('sha256', keys.tokenKey).update(token).digest('base64url');
    },
  };
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
