// The pure rules of goods: product codes, calendar months for shelf life, and the sharing out of a lot's value.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysBetween,
  earliestAcceptableExpiry,
  newGoodsNumber,
  normaliseProductCode,
  valueOfOutgoing,
} from './goods-rules';

describe('normaliseProductCode', () => {
  it.each([
    ['N95', 'N95'],
    ['n95', 'N95'],
    ['N 95', 'N95'],
    ['Ｎ９５', 'N95'],
    ['KN95', 'KN95'],
    ['kn-95', 'KN95'],
    [' KN_95 ', 'KN95'],
    ['FFP2', 'FFP2'],
    ['大米·5KG', '大米5KG'],
    ['YY/T 0969-2013', 'YY/T09692013'],
  ])('reads %j as %j', (input, expected) => {
    expect(normaliseProductCode(input)).toBe(expected);
  });

  it('keeps N95 and KN95 apart', () => {
    expect(normaliseProductCode('N95')).not.toBe(normaliseProductCode('KN95'));
  });

  it.each(['', '  ', '---', 'N95;DROP', 'x'.repeat(41), 'N95\u0000'])('refuses %j', (input) => {
    expect(normaliseProductCode(input)).toBeNull();
  });
});

describe('shelf-life dates', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('needs an expiry on or after the received date plus the minimum months', () => {
    expect(earliestAcceptableExpiry('2026-05-20', 6)).toBe('2026-11-20');
    expect(earliestAcceptableExpiry('2026-05-20', 3)).toBe('2026-08-20');
  });

  it('counts days across months and years', () => {
    expect(daysBetween('2026-12-31', '2027-01-30')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});

describe('valueOfOutgoing', () => {
  it('shares ¥1.00 over three units as 33 + 34 + 33 fen, adding up to the whole', () => {
    expect([0, 1, 2].map((out) => valueOfOutgoing(100, 3, out, 1))).toEqual([33, 34, 33]);
  });

  it('adds up to the lot value whatever the sizes and order of the movements', () => {
    const total = 123_457;
    const received = 97;
    for (const sizes of [[1, 1, 95], [50, 47], [3, 7, 11, 13, 17, 19, 27], [97]]) {
      let out = 0;
      let sum = 0;
      for (const n of sizes) {
        const v = valueOfOutgoing(total, received, out, n);
        expect(v).toBeGreaterThanOrEqual(0);
        sum += v;
        out += n;
      }
      expect(sum).toBe(total);
    }
  });

  it('is exact for a unit value (2,000 boxes at ¥250)', () => {
    expect(valueOfOutgoing(2000 * 25_000, 2000, 500, 300)).toBe(300 * 25_000);
  });

  it('stays exact for values beyond 2^53 / quantity', () => {
    expect(valueOfOutgoing(9_000_000_000_000, 1_000_000, 0, 999_999)).toBe(8_999_991_000_000);
  });
});

describe('newGoodsNumber', () => {
  it('writes a letter, the China date and ten base32 characters', () => {
    expect(newGoodsNumber('G', new Date('2026-03-01T17:00:00Z'))).toMatch(/^G20260302[0-9A-HJKMNP-TV-Z]{10}$/);
  });
});
