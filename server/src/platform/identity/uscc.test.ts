// Tests for unified social credit code (统一社会信用代码) validation.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { computeUsccCheckCharacter, validateUscc } from './uscc';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function buildUscc(first17: string): string {
  return first17 + computeUsccCheckCharacter(first17);
}

describe('computeUsccCheckCharacter', () => {
  it.each([
    ['91350100M000100Y4', '3'], // commonly cited public example 91350100M000100Y43
    ['00000000000000000', '0'], // sum 0 → 31 − 0 = 31 → 0
    ['10000000000000000', 'Y'], // sum 1 → 30 → Y
    ['20000000000000000', 'X'], // sum 2 → 29 → X
  ])('%s → %s', (first17, check) => {
    expect(computeUsccCheckCharacter(first17)).toBe(check);
  });

  it.each(['', '91350100M000100Y', '91350100M000100Y43', '91350100I000100Y4', '91350100m000100Y4'])(
    'throws on %j',
    (bad) => {
      expect(() => computeUsccCheckCharacter(bad)).toThrow(RangeError);
    },
  );

  it('weights are 3^i mod 31', () => {
    for (let i = 0; i < 17; i++) {
      const oneAt = `${'0'.repeat(i)}1${'0'.repeat(16 - i)}`;
      let weight = 1;
      for (let k = 0; k < i; k++) {
        weight = (weight * 3) % 31;
      }
      expect(computeUsccCheckCharacter(oneAt)).toBe(ALPHABET[(31 - weight) % 31]);
    }
  });
});

describe('validateUscc', () => {
  const constructedCompany = buildUscc('91330106MA2AXXXX1'.replace(/X/g, '0'));
  const constructedInstitution = buildUscc('12100000400000624');
  const constructedSocial = buildUscc('51110000500012345');

  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['  91350100m000100y43  ', '91350100M000100Y43'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43'], // full-width input
    [constructedCompany, constructedCompany],
    [constructedInstitution, constructedInstitution],
    [constructedSocial, constructedSocial],
  ])('accepts %j', (input, value) => {
    expect(validateUscc(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'format'],
    ['91350100M000100Y4', 'format'], // 17 characters
    ['91350100M000100Y433', 'format'], // 19 characters
    ['91350100I000100Y43', 'format'], // I is not in the alphabet
    ['91350100O000100Y43', 'format'],
    ['91350100S000100Y43', 'format'],
    ['91350100V000100Y43', 'format'],
    ['91350100Z000100Y43', 'format'],
    ['91350100-000100Y43', 'format'],
    ['91350100M000100Y44', 'check_character'],
    ['91350100M000100Y4Y', 'check_character'],
    ['91350100M000010Y43', 'check_character'], // adjacent swap
  ])('%j → %s', (input, reason) => {
    expect(validateUscc(input)).toEqual({ ok: false, reason });
  });

  it('property: random codes validate and any single-character change is caught', () => {
    const random = seededRandom(32100);
    for (let n = 0; n < 1000; n++) {
      let first17 = '';
      for (let i = 0; i < 17; i++) {
        first17 += ALPHABET[Math.floor(random() * 31)];
      }
      const code = buildUscc(first17);
      expect(validateUscc(code)).toEqual({ ok: true, value: code });
      const position = Math.floor(random() * 17);
      const original = ALPHABET.indexOf(code[position]);
      const replacement = ALPHABET[(original + 1 + Math.floor(random() * 30)) % 31];
      const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
      expect(validateUscc(mutated)).toEqual({ ok: false, reason: 'check_character' });
    }
  });
});
