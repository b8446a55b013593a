// RSA keys and SHA256withRSA (PKCS#1 v1.5) signatures as WeChat Pay v3 and Alipay RSA2 use them, plus the small
// header and comparison helpers every provider's verification needs.
import crypto from 'node:crypto';

/**
 * Loads an RSA private key from PEM (PKCS#8 'PRIVATE KEY' or PKCS#1 'RSA PRIVATE KEY') or from the bare base64 body
 * that Alipay's key tool prints. Throws when it is not an RSA key of at least 2048 bits.
 */
export function loadRsaPrivateKey(text: string): crypto.KeyObject {
  const key = text.includes('-----BEGIN')
    ? crypto.createPrivateKey(text)
    : tryEach([
        () => crypto.createPrivateKey({ key: bareDer(text), format: 'der', type: 'pkcs8' }),
        () => crypto.createPrivateKey({ key: bareDer(text), format: 'der', type: 'pkcs1' }),
      ]);
  return assertRsa2048(key);
}

/** Loads an RSA public key from PEM (SPKI 'PUBLIC KEY', PKCS#1 'RSA PUBLIC KEY', or an X.509 certificate) or bare base64. */
export function loadRsaPublicKey(text: string): crypto.KeyObject {
  let key: crypto.KeyObject;
  if (text.includes('PRIVATE KEY')) {
    // createPublicKey would quietly derive the public half: a private key pasted here is a configuration mistake.
    throw new Error('expected a public key or certificate, got a private key');
  }
  if (text.includes('-----BEGIN CERTIFICATE')) {
    key = new crypto.X509Certificate(text).publicKey;
  } else if (text.includes('-----BEGIN')) {
    key = crypto.createPublicKey(text);
  } else {
    key = tryEach([
      () => crypto.createPublicKey({ key: bareDer(text), format: 'der', type: 'spki' }),
      () => crypto.createPublicKey({ key: bareDer(text), format: 'der', type: 'pkcs1' }),
    ]);
  }
  return assertRsa2048(key);
}

function bareDer(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new Error('the key is neither PEM nor base64');
  }
  return Buffer.from(compact, 'base64');
}

function tryEach(loaders: Array<() => crypto.KeyObject>): crypto.KeyObject {
  let last: unknown;
  for (const load of loaders) {
    try {
      return load();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

function assertRsa2048(key: crypto.KeyObject): crypto.KeyObject {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < 2048) {
    throw new Error(`expected an RSA key of at least 2048 bits, got ${key.asymmetricKeyType} ${bits}`);
  }
  return key;
}

/** SHA256withRSA (RSASSA-PKCS1-v1_5) over the UTF-8 bytes of `message`, base64. */
export function signRsaSha256(privateKey: crypto.KeyObject, message: string): string {
  return crypto.sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** Checks a base64 SHA256withRSA signature; false for a wrong signature and for anything that is not strict base64. */
export function verifyRsaSha256(publicKey: crypto.KeyObject, message: string, signatureBase64: string): boolean {
  if (!isStrictBase64(signatureBase64)) {
    return false;
  }
  return crypto.verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
}

/** Standard base64 with correct padding: Buffer.from(…, 'base64') silently skips junk, so check first. */
export function isStrictBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** A header's value by case-insensitive name (Node lowercases incoming headers; fetch responses vary). */
export function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      return value;
    }
  }
  return undefined;
}

/** Constant-time comparison of two texts (HMAC tokens, signatures). */
export function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** 32 upper-case hex characters, the nonce form WeChat's own SDKs use. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('hex').toUpperCase();
}
