import { describe, expect, it } from 'vitest';
import { toChinaDate } from './dates';

describe('toChinaDate', () => {
  it('gives the Beijing date, which is a day ahead of UTC between 16:00 and 24:00 UTC', () => {
    expect(toChinaDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(toChinaDate(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(toChinaDate(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
  });
});
