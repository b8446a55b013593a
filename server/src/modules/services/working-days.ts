// Working-day arithmetic on the administrators' calendar: Monday–Friday work, Saturday and Sunday rest, except the
// listed public holidays (no work) and make-up working days (调休, work on a weekend). Dates are China calendar dates
// as YYYY-MM-DD strings; nothing here reads the clock or the database.

export type CalendarDayKind = 'holiday' | 'workday';

/** The calendar's exceptions by date, and the years that have any (a year without entries counts weekends only). */
export type WorkingCalendar = { exceptions: ReadonlyMap<string, CalendarDayKind>; coveredYears: ReadonlySet<number> };

export function buildCalendar(days: Iterable<{ date: string; kind: CalendarDayKind }>): WorkingCalendar {
  const exceptions = new Map<string, CalendarDayKind>();
  const coveredYears = new Set<number>();
  for (const d of days) {
    exceptions.set(d.date, d.kind);
    coveredYears.add(Number(d.date.slice(0, 4)));
  }
  return { exceptions, coveredYears };
}

const dayMs = 86_400_000;

function toUtc(date: string): number {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return t;
}

function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The calendar date `n` days after (or before, for negative n) `date`. */
export function addCalendarDays(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * dayMs);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  const exception = calendar.exceptions.get(date);
  if (exception) {
    return exception === 'workday';
  }
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date that is `n` working days after `start` (start itself does not count: accepted on a Friday with a limit of
 * 1 working day, it is due the next working day). n = 0 gives `start`.
 */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
  }
  let t = toUtc(start);
  let left = n;
  while (left > 0) {
    t += dayMs;
    if (isWorkingDay(fromUtc(t), calendar)) {
      left--;
    }
  }
  return fromUtc(t);
}

/**
 * Working days after `a` up to and including `b` (so workingDaysBetween(a, addWorkingDays(a, n)) = n); negative when
 * `b` is before `a`, 0 on the same day. Counts weekdays arithmetically, then corrects for the exceptions in the range
 * (the queue computes this for every row it shows, with deadlines up to a year away).
 */
export function workingDaysBetween(a: string, b: string, calendar: WorkingCalendar): number {
  const ta = toUtc(a);
  const tb = toUtc(b);
  if (tb < ta) {
    return -workingDaysBetween(b, a, calendar);
  }
  const days = Math.round((tb - ta) / dayMs);
  const startWeekday = new Date(ta).getUTCDay();
  let count = Math.floor(days / 7) * 5;
  for (let k = 1; k <= days % 7; k++) {
    const w = (startWeekday + k) % 7;
    if (w !== 0 && w !== 6) {
      count++;
    }
  }
  for (const [date, kind] of calendar.exceptions) {
    if (date > a && date <= b) {
      const w = new Date(toUtc(date)).getUTCDay();
      const weekend = w === 0 || w === 6;
      if (kind === 'holiday' && !weekend) {
        count--;
      } else if (kind === 'workday' && weekend) {
        count++;
      }
    }
  }
  return count;
}

/** Years between `from` and `to` (inclusive) that the calendar has no entries for. */
export function uncoveredYears(from: string, to: string, calendar: WorkingCalendar): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (!calendar.coveredYears.has(y)) {
      out.push(y);
    }
  }
  return out;
}

/**
 * The official arrangements (放假调休) of the State Council General Office, as published:
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12);
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, Xinhua, www.gov.cn).
 * Holidays list every day off of each break (weekend days included); workdays are the weekend days worked instead.
 */
export const officialArrangements: readonly {
  year: number;
  holidays: [string, string, string][];
  workdays: [string, string][];
}[] = [
  {
    year: 2025,
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
    ],
    workdays: [
      ['2025-01-26', '春节调休上班'],
      ['2025-02-08', '春节调休上班'],
      ['2025-04-27', '劳动节调休上班'],
      ['2025-09-28', '国庆节调休上班'],
      ['2025-10-11', '国庆节调休上班'],
    ],
  },
  {
    year: 2026,
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    workdays: [
      ['2026-01-04', '元旦调休上班'],
      ['2026-02-14', '春节调休上班'],
      ['2026-02-28', '春节调休上班'],
      ['2026-05-09', '劳动节调休上班'],
      ['2026-09-20', '国庆节调休上班'],
      ['2026-10-10', '国庆节调休上班'],
    ],
  },
];

/** The official arrangements as calendar rows. */
export function officialCalendarDays(): { date: string; kind: CalendarDayKind; name: string }[] {
  const out: { date: string; kind: CalendarDayKind; name: string }[] = [];
  for (const year of officialArrangements) {
    for (const [from, to, name] of year.holidays) {
      for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
        out.push({ date: d, kind: 'holiday', name });
      }
    }
    for (const [date, name] of year.workdays) {
      out.push({ date, kind: 'workday', name });
    }
  }
  return out;
}
