// The working calendar's year view: month grids (Monday first) and what kind each day is, from the administrators'
// exceptions (public holidays, make-up working days) over the Monday–Friday week. Pure; dates are YYYY-MM-DD.
import type { CalendarDay } from '../../../../server/src/modules/services/services.schemas';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 0 = Monday … 6 = Sunday. */
function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d + 6) % 7;
}

/** The weeks of a month (1–12) as rows of seven cells, Monday first; cells outside the month are null. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (string | null)[] = Array.from({ length: weekdayOf(isoDate(year, month, 1)) }, () => null);
  for (let d = 1; d <= days; d++) {
    cells.push(isoDate(year, month, d));
  }
  while (cells.length % 7 !== 0) {
    cells.push(null);
  }
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) {
    weeks.push(cells.slice(i, i + 7));
  }
  return weeks;
}

/** A holiday on a weekday, a make-up working day on a weekend, otherwise the plain week. */
export function dayKind(date: string, exceptions: ReadonlyMap<string, CalendarDay>): DayKind {
  const exception = exceptions.get(date);
  const isWeekend = weekdayOf(date) >= 5;
  if (exception?.kind === 'holiday') {
    return 'holiday';
  }
  if (exception?.kind === 'workday') {
    return 'makeup';
  }
  return isWeekend ? 'weekend' : 'workday';
}

/** Working days in the year after the exceptions (what an administrator checks against the State Council notice). */
export function countWorkingDays(year: number, exceptions: ReadonlyMap<string, CalendarDay>): number {
  let n = 0;
  for (let month = 1; month <= 12; month++) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    for (let d = 1; d <= days; d++) {
      const kind = dayKind(isoDate(year, month, d), exceptions);
      if (kind === 'workday' || kind === 'makeup') {
        n++;
      }
    }
  }
  return n;
}
