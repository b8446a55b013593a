// The dues rules as pure functions: shares always add up, the years a payment covers, yearly amounts, age rules.
import { describe, expect, it } from 'vitest';
import { ageOn, checkAgeRules } from './members.service';
import { defaultDuesSettings, splitShares, yearlyDuesFen, yearsCovered } from './members-dues';

describe('splitShares', () => {
  it.each([
    [1000, { grassroots: 800, county: 100, city: 50, province: 50 }],
    [999, { grassroots: 802, county: 99, city: 49, province: 49 }],
    [1, { grassroots: 1, county: 0, city: 0, province: 0 }],
    [0, { grassroots: 0, county: 0, city: 0, province: 0 }],
  ])('splits %i fen by 80/10/5/5 with the remainder to the grassroots unit', (fen, expected) => {
    expect(splitShares(fen, defaultDuesSettings.shares)).toEqual(expected);
  });

  it('always sums to the amount', () => {
    for (let fen = 0; fen < 3000; fen += 7) {
      const s = splitShares(fen, { grassroots: 61, county: 17, city: 13, province: 9 });
      expect(s.grassroots + s.county + s.city + s.province).toBe(fen);
    }
  });
});

describe('yearsCovered', () => {
  it.each([
    [null, 1, 2026, { from: 2026, to: 2026 }],
    [2026, 2, 2026, { from: 2027, to: 2028 }],
    [2025, 1, 2026, { from: 2026, to: 2026 }],
    [2024, 1, 2026, { from: 2025, to: 2025 }],
    [2020, 3, 2026, { from: 2026, to: 2028 }],
  ])('paid through %s, %i years in %i → %o', (paid, years, now, expected) => {
    expect(yearsCovered(paid, years, now)).toEqual(expected);
  });
});

describe('yearlyDuesFen', () => {
  it.each([
    [{ kind: 'individual', category: 'ordinary', headcount: null, tier: 'ordinary' }, 1000],
    [{ kind: 'individual', category: 'youth', headcount: null, tier: 'ordinary' }, 500],
    [{ kind: 'individual', category: 'ordinary', headcount: null, tier: 'life' }, 0],
    [{ kind: 'group', category: 'group', headcount: 30, tier: 'ordinary' }, 10_000],
    [{ kind: 'group', category: 'group', headcount: 300, tier: 'ordinary' }, 30_000],
  ])('%o pays %i fen a year', (m, fen) => {
    expect(yearlyDuesFen(defaultDuesSettings, m)).toBe(fen);
  });
});

describe('age rules', () => {
  it('counts full years', () => {
    expect(ageOn('2012-06-01', '2026-05-31')).toBe(13);
    expect(ageOn('2012-06-01', '2026-06-01')).toBe(14);
  });

  it('asks under-18s to join as youth and under-14s for a guardian', () => {
    expect(() => checkAgeRules('2010-01-01', 'ordinary', false, '2026-03-01')).toThrow(/youth/);
    expect(() => checkAgeRules('2014-01-01', 'youth', false, '2026-03-01')).toThrow(/guardian/);
    expect(() => checkAgeRules('2014-01-01', 'youth', true, '2026-03-01')).not.toThrow();
    expect(() => checkAgeRules('1990-01-01', 'ordinary', false, '2026-03-01')).not.toThrow();
  });
});
