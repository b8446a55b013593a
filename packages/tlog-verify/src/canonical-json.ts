// RFC 8785 (JSON Canonicalization Scheme) check of a ledger leaf: the leaf bytes must be exactly the canonical form of
// the JSON they hold, so two parties that agree on the facts agree on the bytes and the hash.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The RFC 8785 form of a JSON value: object members sorted by the UTF-16 code units of their names, no whitespace,
 * numbers as ECMAScript writes them, strings with the minimal JSON escapes.
 * Throws TypeError for a non-finite number or a string that is not valid Unicode (a lone surrogate).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError('RFC 8785 has no form for NaN or Infinity');
    }
    // ECMAScript Number-to-String is the RFC 8785 number form (RFC 8785 §3.2.2.3); -0 becomes 0.
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      throw new TypeError('RFC 8785 strings must be valid Unicode (no lone surrogates)');
    }
    // JSON.stringify escapes exactly what RFC 8785 §3.2.2.2 requires: ", \, and control characters.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const names = Object.keys(value).sort(compareUtf16);
  return `{${names.map((name) => `${canonicalJson(name)}:${canonicalJson(value[name])}`).join(',')}}`;
}

/**
 * True when `text` is JSON already in its RFC 8785 form. Duplicate member names, whitespace, other number spellings
 * (1.0, 1e2), unnecessary escapes, unsorted members and lone surrogates all make it false.
 */
export function isCanonicalJson(text: string): boolean {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return false;
  }
  try {
    // JSON.parse keeps the last of duplicate names, so a duplicate always changes the re-serialised text.
    return canonicalJson(value) === text;
  } catch {
    return false;
  }
}

// RFC 8785 §3.2.3: compare names as arrays of UTF-16 code units. JS string comparison does exactly that.
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
