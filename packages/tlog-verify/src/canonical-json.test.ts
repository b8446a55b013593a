// RFC 8785 checks of leaf bytes: the RFC's own examples and the JCS authors' test data, and the spellings a
// tampered or sloppily written leaf would have.
import { describe, expect, it } from 'vitest';
import { canonicalJson, isCanonicalJson, type JsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts member names by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes the JCS reference values.json as published (cyberphone/json-canonicalization)', () => {
    const input =
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n' +
      '  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}';
    expect(canonicalJson(JSON.parse(input) as JsonValue)).toBe(
      '{"escaping":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],' +
        '"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    );
  });

  it('refuses values RFC 8785 cannot write', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(TypeError);
  });
});

describe('isCanonicalJson', () => {
  const leaf = '{"amountFen":5000,"channel":"cash","donor":"ab12","kind":"donation.received","v":1}';

  it('accepts a canonical leaf', () => {
    expect(isCanonicalJson(leaf)).toBe(true);
    expect(isCanonicalJson('{"a":[1,-0.5,"\\u001f\u00e9",{"b":null}]}')).toBe(true);
  });

  it.each([
    ['whitespace', leaf.replace(',', ', ')],
    ['unsorted members', '{"v":1,"kind":"x"}'],
    ['a duplicate member', '{"a":1,"a":1}'],
    ['1.0 for 1', '{"a":1.0}'],
    ['an exponent spelled differently', '{"a":1E2}'],
    ['-0', '{"a":-0}'],
    ['an unnecessary escape', '{"a":"\\u0041"}'],
    ['an escaped slash', '{"a":"\\/"}'],
    ['a lone surrogate', '{"a":"\\ud800"}'],
    ['a number too large for a double', '{"a":1e400}'],
    ['trailing text', `${leaf}\n`],
    ['not JSON', '{"a":'],
  ])('refuses %s', (_what, text) => {
    expect(isCanonicalJson(text)).toBe(false);
  });
});
