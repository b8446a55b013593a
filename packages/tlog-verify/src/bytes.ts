// Byte helpers that run the same in Node and the browser: UTF-8, hex, strict base64 and base64url, big-endian reads.
// No Node-only APIs and no atob: decoding is strict (canonical, no junk characters), as a verifier must be.

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of `text`. Lone surrogates become U+FFFD (TextEncoder's rule); callers that care check first. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; undefined when the bytes are not well-formed UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a[i] ^ b[i];
  }
  return diff === 0;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += byte.toString(16).padStart(2, '0');
  }
  return out;
}

/** Lower- or upper-case hex with an even number of digits; undefined for anything else. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    return undefined;
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, BASE64_ALPHABET, true);
}

/** Standard base64 with padding, canonical only (unused bits zero); undefined for anything else. */
export function fromBase64(text: string): Uint8Array | undefined {
  return decode(text, BASE64_ALPHABET, true);
}

/** URL-safe base64 without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  return encode(bytes, BASE64URL_ALPHABET, false);
}

/** URL-safe base64 without padding, canonical only; undefined for anything else. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  return decode(text, BASE64URL_ALPHABET, false);
}

/** The big-endian unsigned 32-bit integer at `offset`. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** The big-endian unsigned 64-bit integer at `offset`. */
export function readUint64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readUint32(bytes, offset)) << 32n) | BigInt(readUint32(bytes, offset + 4));
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const digits = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let d = 0; d < 4; d++) {
      if (d < digits) {
        out += alphabet[(n >> (18 - 6 * d)) & 63];
      } else if (pad) {
        out += '=';
      }
    }
  }
  return out;
}

function decode(text: string, alphabet: string, padded: boolean): Uint8Array | undefined {
  let body = text;
  if (padded) {
    if (text.length % 4 !== 0) {
      return undefined;
    }
    body = text.replace(/={1,2}$/, '');
  }
  if (body.length % 4 === 1) {
    return undefined;
  }
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of body) {
    const digit = alphabet.indexOf(char);
    if (digit < 0) {
      return undefined;
    }
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // Canonical: the bits left over after the last whole byte must be zero.
  if ((value & ((1 << bits) - 1)) !== 0) {
    return undefined;
  }
  return out;
}
