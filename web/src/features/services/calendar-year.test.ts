import { describe, expect, it } from 'vitest';
import type { CalendarDay } from '../../../../server/src/modules/services/services.schemas';
import { countWorkingDays, dayKind, monthWeeks } from './calendar-year';

const exceptions = (days: CalendarDay[]) => new Map(days.map((d) => [d.date, d]));

describe('monthWeeks', () => {
  it('starts February 2026 on a Sunday (the seventh column) and ends on Saturday the 28th', () => {
    const weeks = monthWeeks(2026, 2);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(weeks.at(-1)).toEqual([
      '2026-02-23',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      null,
    ]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(28);
  });

  it('gives a leap February 29 days', () => {
    expect(monthWeeks(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('dayKind', () => {
  const list = exceptions([
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-10', kind: 'workday', name: '国庆节调休' },
  ]);
  it.each([
    ['2026-10-01', 'holiday'],
    ['2026-10-10', 'makeup'],
    ['2026-10-11', 'weekend'],
    ['2026-10-12', 'workday'],
  ])('%s is a %s', (date, kind) => {
    expect(dayKind(date, list)).toBe(kind);
  });
});

describe('countWorkingDays', () => {
  it('counts the weekdays of a year without exceptions, minus holidays, plus make-up days', () => {
    expect(countWorkingDays(2026, new Map())).toBe(261);
    const list = exceptions([
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-01-04', kind: 'workday', name: '元旦调休' },
    ]);
    expect(countWorkingDays(2026, list)).toBe(261);
    expect(countWorkingDays(2026, exceptions([{ date: '2026-01-01', kind: 'holiday', name: '元旦' }]))).toBe(260);
  });
});
