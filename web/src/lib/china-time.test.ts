// Instants shown in China time whatever the machine's zone: pinned around midnight in China (16:00 UTC).
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  chinaDateTime,
  chinaDay,
  chinaMinute,
  chinaShortDateTime,
  chinaToday,
  chinaYear,
  formatClockMinute,
  formatDate,
  formatDateMinute,
  formatDateTime,
  fromChinaInput,
  toChinaInput,
  toChinaIso,
} from './china-time';

// 2026-02-01 00:30:05 in China; still 2026-01-31 in UTC and everywhere west of it.
const afterMidnight = '2026-01-31T16:30:05Z';
// 2026-01-31 23:59:00 in China.
const beforeMidnight = '2026-01-31T15:59:00Z';

describe('in the UI language', () => {
  it.each([
    ['zh-CN', afterMidnight, '2026/02/01 00:30:05', '2026/02/01 00:30', '2026/02/01'],
    ['en', afterMidnight, '01/02/2026, 00:30:05', '01/02/2026, 00:30', '01/02/2026'],
    ['zh-CN', beforeMidnight, '2026/01/31 23:59:00', '2026/01/31 23:59', '2026/01/31'],
    ['en', beforeMidnight, '31/01/2026, 23:59:00', '31/01/2026, 23:59', '31/01/2026'],
  ])('%s %s', (language, iso, second, minute, date) => {
    expect(formatDateTime(iso, language)).toBe(second);
    expect(formatDateMinute(iso, language)).toBe(minute);
    expect(formatDate(iso, language)).toBe(date);
  });

  it('shows the clock time the same in both languages, and nothing for no time', () => {
    expect(formatClockMinute(afterMidnight)).toBe('00:30');
    expect(formatClockMinute('2026-11-25T04:00:00Z')).toBe('12:00');
    expect(formatDateTime(null, 'en')).toBe('');
    expect(formatDateMinute(undefined, 'zh-CN')).toBe('');
    expect(formatDate('', 'zh-CN')).toBe('');
    expect(formatClockMinute(null)).toBe('');
  });
});

describe('one format for both languages', () => {
  it('formats instants in ISO order in China time', () => {
    expect(chinaDay(afterMidnight)).toBe('2026-02-01');
    expect(chinaDay(beforeMidnight)).toBe('2026-01-31');
    expect(chinaDay(null)).toBe('');
    expect(chinaMinute(afterMidnight)).toBe('2026-02-01 00:30');
    expect(chinaMinute(null)).toBe('');
    expect(chinaDateTime(afterMidnight)).toBe('2026-02-01 00:30:05');
    expect(chinaShortDateTime(afterMidnight)).toBe('02-01 00:30');
    expect(chinaShortDateTime('2026-12-31T16:00:00Z')).toBe('01-01 00:00');
  });

  it("takes today from China's clock", () => {
    expect(chinaToday(new Date(afterMidnight))).toBe('2026-02-01');
    expect(chinaToday(new Date(beforeMidnight))).toBe('2026-01-31');
    expect(chinaToday(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(chinaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(chinaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});

describe('pickers', () => {
  it('turns a China wall-clock time into the instant and back', () => {
    expect(toChinaIso(dayjs('2026-02-01T00:30:00'))).toBe('2026-02-01T00:30:00+08:00');
    expect(fromChinaInput('2026-02-01T00:30')).toBe('2026-01-31T16:30:00.000Z');
    expect(fromChinaInput('2026-02-01T23:59:59.999')).toBe('2026-02-01T15:59:59.999Z');
    expect(toChinaInput(afterMidnight)).toBe('2026-02-01T00:30');
    expect(toChinaInput(null)).toBe('');
  });
});
