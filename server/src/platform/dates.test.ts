import { describe, expect, it } from 'vitest';
import { parseChinaDateTime, toChinaDate } from './dates';

describe('toChinaDate', () => {
  it('gives the Beijing date, which is a day ahead of UTC between 16:00 and 24:00 UTC', () => {
    expect(toChinaDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(toChinaDate(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(toChinaDate(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
  });
});

describe('parseChinaDateTime', () => {
  it.each([
    ['2026-03-05', '2026-03-04T16:00:00.000Z'],
    ['2026/3/5 14:30', '2026-03-05T06:30:00.000Z'],
    ['2026.03.05T08:00:15', '2026-03-05T00:00:15.000Z'],
    ['2026年3月5日 23:59', '2026-03-05T15:59:00.000Z'],
    [' 2024-02-29 ', '2024-02-28T16:00:00.000Z'],
  ])('reads %s as Beijing time', (text, iso) => {
    expect(parseChinaDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    '2026-02-29',
    '2026-13-01',
    '2026-03-05 24:00',
    '2026-03-05 12:60',
    '05/03/2026',
    '2026-03-05Z',
    '45000',
  ])('refuses %j', (text) => {
    expect(parseChinaDateTime(text)).toBeUndefined();
  });
});
