// Working-day arithmetic across the official 2025/2026 holidays and make-up days, and in a year nobody maintained.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../platform/random';
import { splitRange } from './service-stats';
import {
  addCalendarDays,
  addWorkingDays,
  buildCalendar,
  isWorkingDay,
  officialCalendarDays,
  uncoveredYears,
  workingDaysBetween,
} from './working-days';

const calendar = buildCalendar(officialCalendarDays());
const empty = buildCalendar([]);

describe('addWorkingDays on the official calendar', () => {
  it.each([
    // start, n, expected, why
    ['2026-03-02', 0, '2026-03-02', 'zero days is the start'],
    ['2026-03-02', 1, '2026-03-03', 'an ordinary Monday'],
    ['2026-03-06', 1, '2026-03-09', 'Friday: the weekend does not count'],
    ['2026-09-18', 1, '2026-09-20', 'Sunday 20 September 2026 is a make-up working day'],
    ['2026-09-30', 1, '2026-10-08', 'National Day break 1–7 October 2026'],
    ['2026-09-24', 5, '2026-10-09', 'mid-autumn and National Day: 28, 29, 30 Sep, 8, 9 Oct'],
    ['2026-02-13', 1, '2026-02-14', 'Saturday 14 February 2026 is worked'],
    ['2026-02-13', 2, '2026-02-24', 'Spring Festival 15–23 February 2026'],
    ['2026-02-27', 1, '2026-02-28', 'Saturday 28 February 2026 is worked'],
    ['2025-12-31', 1, '2026-01-04', 'New Year 1–3 January 2026, Sunday 4 January worked'],
    ['2025-09-26', 1, '2025-09-28', 'Sunday 28 September 2025 worked'],
    ['2025-09-30', 1, '2025-10-09', 'National Day and mid-autumn 1–8 October 2025'],
    ['2025-10-10', 1, '2025-10-11', 'Saturday 11 October 2025 worked'],
    ['2025-01-24', 1, '2025-01-26', 'Sunday 26 January 2025 worked before Spring Festival'],
    ['2025-01-27', 1, '2025-02-05', 'Spring Festival 28 January – 4 February 2025'],
    ['2026-10-03', 1, '2026-10-08', 'a start inside a break counts from the next working day'],
  ])('%s + %i working days = %s (%s)', (start, n, expected) => {
    expect(addWorkingDays(start, n, calendar)).toBe(expected);
    expect(workingDaysBetween(start, expected, calendar)).toBe(n);
  });

  it('counts weekends only in a year the calendar does not cover', () => {
    expect(uncoveredYears('2026-12-01', '2027-01-10', calendar)).toEqual([2027]);
    expect(isWorkingDay('2027-01-01', calendar)).toBe(true); // a Friday: nobody has entered the 2027 New Year yet
    expect(addWorkingDays('2026-12-31', 1, calendar)).toBe('2027-01-01');
    expect(addWorkingDays('2027-01-01', 1, calendar)).toBe('2027-01-04');
  });

  it('without any calendar, only weekends are off', () => {
    expect(addWorkingDays('2026-10-01', 5, empty)).toBe('2026-10-08');
    expect(isWorkingDay('2026-09-20', empty)).toBe(false);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-09-24', '2026-09-24', 0],
    ['2026-09-24', '2026-09-25', 0],
    ['2026-09-25', '2026-09-28', 1],
    ['2026-10-09', '2026-09-24', -5],
    ['2026-01-01', '2026-12-31', 248],
    ['2025-01-01', '2025-12-31', 248],
    // 261 weekdays − 19 (2026) or 18 (2025) holidays on weekdays + 6 or 5 make-up days = 248 in both years.
  ])('%s → %s is %i', (a, b, n) => {
    expect(workingDaysBetween(a, b, calendar)).toBe(n);
  });

  it('agrees with counting day by day over random ranges', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const a = addCalendarDays('2024-12-01', Math.floor(rand() * 800));
      const b = addCalendarDays(a, Math.floor(rand() * 400));
      let naive = 0;
      for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) {
        naive += isWorkingDay(d, calendar) ? 1 : 0;
      }
      expect(workingDaysBetween(a, b, calendar), `${a} → ${b}`).toBe(naive);
    }
  });

  it('refuses dates that do not exist', () => {
    expect(() => addWorkingDays('2026-02-30', 1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-01', -1, calendar)).toThrow(RangeError);
  });
});

describe('splitRange (statistics: whole months from month rows, the rest from day rows)', () => {
  it.each([
    ['2026-01-01', '2026-12-31', ['2026-01-01', '2026-12-01'], []],
    [
      '2026-01-15',
      '2026-03-10',
      ['2026-02-01', '2026-02-01'],
      [
        ['2026-01-15', '2026-01-31'],
        ['2026-03-01', '2026-03-10'],
      ],
    ],
    ['2026-01-15', '2026-01-20', null, [['2026-01-15', '2026-01-20']]],
    ['2026-01-15', '2026-02-28', ['2026-02-01', '2026-02-01'], [['2026-01-15', '2026-01-31']]],
    ['2026-02-01', '2026-02-27', null, [['2026-02-01', '2026-02-27']]],
    ['2025-12-01', '2026-01-31', ['2025-12-01', '2026-01-01'], []],
  ])('%s … %s', (from, to, months, dayRanges) => {
    expect(splitRange(from, to)).toEqual({ months, dayRanges });
  });
});
