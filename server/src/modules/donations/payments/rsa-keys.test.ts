// RSA key loading in the forms merchants are given keys (PEM PKCS#8/PKCS#1, bare base64) and strict signature checks.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  headerValue,
  isStrictBase64,
  loadRsaPrivateKey,
  loadRsaPublicKey,
  signRsaSha256,
  timingSafeEqualText,
  verifyRsaSha256,
} from './rsa-keys';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = {
  pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  spki: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  pkcs1Public: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
};
const bare = (text: string) => text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

describe('RSA keys', () => {
  it('loads private keys from PKCS#8 and PKCS#1 PEM and from bare base64', () => {
    const message = '验签 message';
    for (const text of [pem.pkcs8, pem.pkcs1, bare(pem.pkcs8), bare(pem.pkcs1)]) {
      const signature = signRsaSha256(loadRsaPrivateKey(text), message);
      expect(crypto.verify('sha256', Buffer.from(message), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    }
  });

  it('loads public keys from SPKI and PKCS#1 PEM and from bare base64', () => {
    const signature = crypto.sign('sha256', Buffer.from('m'), privateKey).toString('base64');
    for (const text of [pem.spki, pem.pkcs1Public, bare(pem.spki), bare(pem.pkcs1Public)]) {
      expect(verifyRsaSha256(loadRsaPublicKey(text), 'm', signature)).toBe(true);
    }
  });

  it('refuses keys that are not RSA-2048 or not keys at all', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadRsaPrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/RSA/);
    expect(() => loadRsaPublicKey(small.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/2048/);
    expect(() => loadRsaPrivateKey('not a key')).toThrow();
    expect(() => loadRsaPublicKey('')).toThrow();
    expect(() => loadRsaPublicKey(pem.pkcs8)).toThrow(/private key/);
  });

  it('rejects signatures that are not strict base64 instead of decoding around the junk', () => {
    const key = loadRsaPublicKey(pem.spki);
    const signature = crypto.sign('sha256', Buffer.from('m'), privateKey).toString('base64');
    expect(verifyRsaSha256(key, 'm', signature)).toBe(true);
    expect(verifyRsaSha256(key, 'm', `${signature.slice(0, 10)}!${signature.slice(10)}`)).toBe(false);
    expect(verifyRsaSha256(key, 'm', signature.replace(/=+$/, ''))).toBe(false);
    expect(verifyRsaSha256(key, 'm', '')).toBe(false);
    expect(isStrictBase64('QUJD')).toBe(true);
    expect(isStrictBase64('QUJ')).toBe(false);
    expect(isStrictBase64('QU J')).toBe(false);
  });
});

describe('header and comparison helpers', () => {
  it('finds headers whatever their case', () => {
    expect(headerValue({ 'Wechatpay-Serial': 'A' }, 'wechatpay-serial')).toBe('A');
    expect(headerValue({ 'wechatpay-serial': 'B' }, 'Wechatpay-Serial')).toBe('B');
    expect(headerValue({}, 'x')).toBeUndefined();
  });

  it('compares texts of any length without throwing', () => {
    expect(timingSafeEqualText('abc', 'abc')).toBe(true);
    expect(timingSafeEqualText('abc', 'abd')).toBe(false);
    expect(timingSafeEqualText('abc', 'abcd')).toBe(false);
  });
});
