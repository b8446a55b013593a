// RFC 8785 canonical JSON: the published vectors (the RFC's Appendix B numbers and sorting example, and the
// reference test data of the JCS authors) plus the refusals the RFC requires and the ones the ledger adds.
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalizeToBytes, type JsonValue } from './canonical-json';

/** The IEEE 754 double with the given bit pattern (written as 16 hex digits). */
function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

/** Canonicalises a JSON text the way the JCS test harness does: parse to doubles, then serialise. */
function canonicalizeText(json: string): string {
  return canonicalize(JSON.parse(json) as JsonValue);
}

describe('canonicalize: published vectors', () => {
  // RFC 8785 Appendix B, "Number Serialization Samples" (NaN and Infinity rows are tested as refusals below).
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the double with bits %s as %s (RFC 8785 Appendix B)', (bits, expected) => {
    expect(canonicalize(double(bits))).toBe(expected);
  });

  it('sorts member names by UTF-16 code units, not code points or locale (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // cyberphone/json-canonicalization testdata/input and testdata/output (the JCS authors' reference test data).
  it.each([
    [
      'values.json',
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n' +
        '  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
      '{"escaping":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],' +
        '"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    ],
    [
      'weird.json',
      '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n' +
        '  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n' +
        '  "</script>": "Browser Challenge"\n}\n',
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ],
    [
      'structures.json',
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n' +
        '  "111": [ { } ],\n  "A": { }\n}',
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ],
    [
      'french.json',
      '{\n  "peach": "This sorting order",\n  "p\u00e9ch\u00e9": "is wrong according to French",\n' +
        '  "p\u00eache": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
      '{"peach":"This sorting order","p\u00e9ch\u00e9":"is wrong according to French",' +
        '"p\u00eache":"but canonicalization MUST","sin":"ingnore locale"}',
    ],
    ['unicode.json', '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n', '{"Unnormalized Unicode":"\u1e0d\u0307"}'],
    [
      'arrays.json',
      '[\n  56,\n  {\n    "d": true,\n    "10": null,\n    "1": [ ]\n  }\n]',
      '[56,{"1":[],"10":null,"d":true}]',
    ],
  ])('canonicalises the JCS reference file %s', (_name, input, expected) => {
    expect(canonicalizeText(input)).toBe(expected);
  });
});

describe('canonicalize: rules', () => {
  it('gives the same bytes for the same facts whatever the key order and nesting order of the input', () => {
    const a = { amountFen: 10_000, project: { id: 'p1', name: '博爱家园' }, channel: 'cash', tags: ['a', 'b'] };
    const b = { tags: ['a', 'b'], channel: 'cash', project: { name: '博爱家园', id: 'p1' }, amountFen: 10_000 };
    expect(canonicalize(a)).toBe(canonicalize(b));
    expect(canonicalize(a)).toBe(
      '{"amountFen":10000,"channel":"cash","project":{"id":"p1","name":"博爱家园"},"tags":["a","b"]}',
    );
  });

  it('keeps array order, since order is data', () => {
    expect(canonicalize([3, 1, 2, [{ b: 1, a: 2 }]])).toBe('[3,1,2,[{"a":2,"b":1}]]');
  });

  it('sorts integer-like member names as strings, not in the engine order JS objects give them', () => {
    expect(canonicalize({ '10': 1, '9': 2, '-1': 3, '': 4 })).toBe('{"":4,"-1":3,"10":1,"9":2}');
  });

  it('escapes only quote, backslash and U+0000–U+001F, using the short forms where JSON has them', () => {
    expect(canonicalize('"\\\b\t\n\f\r\u0000\u001f\u007f/<>\u2028')).toBe(
      '"\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001f\u007f/<>\u2028"',
    );
  });

  it('writes non-ASCII text as UTF-8, not as \\u escapes', () => {
    expect(Buffer.from(canonicalizeToBytes({ 名称: '诸暨市红十字会 😀' })).toString('hex')).toBe(
      Buffer.from('{"名称":"诸暨市红十字会 😀"}', 'utf8').toString('hex'),
    );
  });

  it('writes minus zero as 0 and integers without a fraction or exponent below 1e21', () => {
    expect(canonicalize([-0, 0, 100, 1e20, 1e21, 0.1, -1.5])).toBe('[0,0,100,100000000000000000000,1e+21,0.1,-1.5]');
  });

  it('treats a member literally named __proto__ (as JSON.parse creates it) as an ordinary member', () => {
    expect(canonicalizeText('{"b":1,"__proto__":{"x":1}}')).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it('serialises literals and empty containers', () => {
    expect(canonicalize(null)).toBe('null');
    expect(canonicalize(true)).toBe('true');
    expect(canonicalize(false)).toBe('false');
    expect(canonicalize({})).toBe('{}');
    expect(canonicalize([])).toBe('[]');
    expect(canonicalize('')).toBe('""');
    expect(canonicalize(Object.create(null) as JsonValue)).toBe('{}');
  });
});

describe('canonicalize: refusals', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('refuses %s, which JSON cannot carry (RFC 8785 §3.2.2.3)', (_name, value) => {
    expect(() => canonicalize({ amountFen: value })).toThrow(/no representation for (NaN|-?Infinity) at \$\.amountFen/);
  });

  it('refuses lone surrogates in values and in member names (RFC 8785 §3.2.2.2)', () => {
    expect(() => canonicalize({ note: 'abc\ud800' })).toThrow(/lone surrogate at \$\.note/);
    expect(() => canonicalize(['\udc00x'])).toThrow(/lone surrogate at \$\[0\]/);
    expect(() => canonicalize({ '\ude00': 1 })).toThrow(/lone surrogate/);
    expect(canonicalize('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });

  // Each of these would be silently dropped or reshaped by JSON.stringify, changing what the leaf commits to.
  it.each([
    ['undefined at the top', undefined, /undefined at \$/],
    ['an undefined member', { a: 1, b: undefined }, /undefined at \$\.b/],
    ['an undefined array element', [1, undefined], /undefined at \$\[1\]/],
    ['an array hole', Object.assign([], { 0: 1, 2: 3 }), /undefined at \$\[1\]/],
    ['a function', { f: () => 1 }, /function at \$\.f/],
    ['a symbol', { s: Symbol('s') }, /symbol at \$\.s/],
    ['a BigInt', { n: 10n }, /bigint at \$\.n/],
    ['a Date', { at: new Date(0) }, /Date at \$\.at .*ISO strings/],
    ['a Map', { m: new Map() }, /Map at \$\.m/],
    ['a byte array', { b: new Uint8Array(2) }, /Uint8Array at \$\.b/],
    ['a class instance', { x: new (class Money {})() }, /Money at \$\.x/],
    ['a symbol-keyed member', { [Symbol('k')]: 1 }, /symbol-keyed/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => canonicalize(value as unknown as JsonValue)).toThrow(message);
  });

  it('refuses a cycle instead of overflowing the stack, but accepts the same object twice side by side', () => {
    const node: { self?: unknown } = {};
    node.self = node;
    expect(() => canonicalize(node as JsonValue)).toThrow(/cycle at \$\.self/);
    const shared = { a: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});
