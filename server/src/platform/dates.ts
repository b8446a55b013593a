// Calendar dates as people in China read them: Asia/Shanghai, whatever the server's time zone.

const chinaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function toChinaDate(at: Date = new Date()): string {
  return chinaDay.format(at);
}

const chinaDateTime = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date or date and time as typed in China ('2026-03-05', '2026/3/5 14:30', '2026年3月5日 14:30:15'), read as
 * Asia/Shanghai time (a date alone is its midnight). Undefined for anything else, or a day the calendar lacks.
 */
export function parseChinaDateTime(text: string): Date | undefined {
  const m = chinaDateTime.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  // China has kept UTC+8 all year since 1991: the wall-clock time is the UTC time plus eight hours.
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exact =
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return exact ? new Date(wall.getTime() - 8 * 3_600_000) : undefined;
}

/** A calendar date `days` after `date` (both YYYY-MM-DD; negative days go back). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
