// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte string a ledger leaf hashes, whatever the key order or
// whitespace of the object it came from. Dependency-free, so the same rules can run in the verifier CLI and browser.

/** A value JCS can serialise: JSON's own data model, nothing else (no undefined, Date, BigInt, Map, class instance). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// RFC 8785 §3.2.2.2: U+0008, U+0009, U+000A, U+000C and U+000D use the short JSON escapes; the rest of U+0000–U+001F
// use lowercase \u00hh. Nothing else is escaped apart from '"' and '\'; everything from U+0020 up is emitted as is.
const SHORT_ESCAPES: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

// With the u flag a well-formed surrogate pair is one code point, so only an unpaired half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Serialises `value` per RFC 8785: object members sorted by the UTF-16 code units of their names (§3.2.3), no
 * whitespace (§3.2.1), numbers as ECMAScript Number::toString (§3.2.2.3, so -0 is "0" and 1e21 is "1e+21"),
 * strings with only the escapes JSON requires and everything else kept as is (§3.2.2.2).
 * Array order is kept. Dates must be passed as ISO strings and money as integers by the caller.
 *
 * Throws TypeError, naming the path (`$.items[2].amountFen`), for: NaN or ±Infinity (§3.2.2.3), strings or member
 * names containing a lone surrogate (§3.2.2.2), undefined (also as a member value or array hole), functions,
 * symbols, BigInt, any object that is not a plain object or array (Date, Map, Buffer, class instances),
 * symbol-keyed members, and cycles.
 */
export function canonicalize(value: JsonValue): string {
  return serialize(value, '$', new Set());
}

/** The UTF-8 bytes of `canonicalize(value)`: what a ledger leaf hash is computed over. Throws as `canonicalize`. */
export function canonicalizeToBytes(value: JsonValue): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonical JSON has no representation for ${value} at ${path}`);
      }
      // ECMAScript Number::toString is the JCS number format; it already prints -0 as "0".
      return String(value);
    case 'string':
      return serializeString(value, path);
    case 'object':
      return serializeContainer(value, path, ancestors);
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value} at ${path}`);
  }
}

function serializeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) {
    throw new TypeError(`canonical JSON cannot hold a cycle at ${path}`);
  }
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    // An index loop, not map(): map skips holes, and a hole is an undefined that must be refused.
    for (let i = 0; i < value.length; i++) {
      items.push(serialize(value[i], `${path}[${i}]`, ancestors));
    }
    out = `[${items.join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
      throw new TypeError(`canonical JSON cannot hold a ${kind} at ${path} (pass plain objects; dates as ISO strings)`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw new TypeError(`canonical JSON cannot hold symbol-keyed members at ${path}`);
    }
    const record = value as Record<string, unknown>;
    // `<` on strings compares UTF-16 code units, exactly the order §3.2.3 asks for (not locale, not code points).
    const names = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const members = names.map(
      (name) =>
        `${serializeString(name, `${path} (member name)`)}:${serialize(record[name], `${path}.${name}`, ancestors)}`,
    );
    out = `{${members.join(',')}}`;
  }
  ancestors.delete(value);
  return out;
}

function serializeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(`canonical JSON cannot hold a lone surrogate at ${path}`);
  }
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22) {
      out += '\\"';
    } else if (code === 0x5c) {
      out += '\\\\';
    } else if (code < 0x20) {
      out += SHORT_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += value[i];
    }
  }
  return `${out}"`;
}
