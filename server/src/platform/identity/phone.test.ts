// Tests for phone number normalisation to E.164.
import { describe, expect, it } from 'vitest';
import { normalizePhone, splitCountryCallingCode } from './phone';

describe('normalizePhone — mainland mobiles', () => {
  it.each([
    '13812345678',
    '+8613812345678',
    '8613812345678',
    '008613812345678',
    '+86 138 1234 5678',
    '138-1234-5678',
    '+86-138-1234-5678',
    '0086 138 1234 5678',
    ' 138 1234 5678 ',
    '＋８６ １３８ １２３４ ５６７８', // full-width input
  ])('%j → +8613812345678', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: '+8613812345678', isMainlandMobile: true });
  });

  it.each(['3', '4', '5', '6', '7', '8', '9'])('accepts the second digit %s without checking carriers', (second) => {
    const national = `1${second}000000000`;
    expect(normalizePhone(national)).toEqual({ ok: true, value: `+86${national}`, isMainlandMobile: true });
  });

  it.each([
    '',
    '12812345678', // second digit 2
    '10012345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '+86 1381234567',
    '+8602112345678', // Shanghai landline
    '+862112345678',
    '00862112345678',
    '862112345678',
    '021-12345678', // domestic landline
    '013812345678',
    '138 1234 567a',
    '(138) 1234 5678',
  ])('rejects %j', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false });
  });
});

describe('normalizePhone — other E.164 numbers', () => {
  it.each([
    ['+852 9123 4567', '+85291234567'],
    ['+1 415-555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['00852 9123 4567', '+85291234567'],
    ['+12345678', '+12345678'], // 8 digits: the shortest accepted
    ['+123456789012345', '+123456789012345'], // 15 digits: the longest
  ])('%j → %s', (input, value) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value, isMainlandMobile: false });
  });

  it.each(['+1234567', '+1234567890123456', '+0123456789', '++85291234567', '+852 9123 456x', '+', '85291234567'])(
    'rejects %j',
    (input) => {
      expect(normalizePhone(input)).toEqual({ ok: false });
    },
  );

  it('is idempotent on its own output', () => {
    for (const input of ['13812345678', '+852 9123 4567', '+44 20 7946 0958']) {
      const first = normalizePhone(input);
      expect(first.ok).toBe(true);
      if (first.ok) {
        expect(normalizePhone(first.value)).toEqual(first);
      }
    }
  });
});

describe('splitCountryCallingCode', () => {
  it.each([
    ['14155552671', '1', '4155552671'],
    ['74951234567', '7', '4951234567'],
    ['8613812345678', '86', '13812345678'],
    ['442079460958', '44', '2079460958'],
    ['85291234567', '852', '91234567'],
    ['886912345678', '886', '912345678'],
    ['85362123456', '853', '62123456'],
    ['420123456789', '420', '123456789'],
    ['971501234567', '971', '501234567'],
  ])('%s → %s + %s', (digits, countryCode, nationalNumber) => {
    expect(splitCountryCallingCode(digits)).toEqual({ countryCode, nationalNumber });
  });
});
