// Days and times on the giving pages, always in China time (Asia/Shanghai) whatever the phone's time zone.

const zone = 'Asia/Shanghai';

/** YYYY-MM-DD of `at` in China. */
export function chinaDate(at: Date = new Date()): string {
  // en-CA writes ISO order (2026-01-31).
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

function parts(iso: string): Record<string, string> {
  const list = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  return Object.fromEntries(list.map((p) => [p.type, p.value]));
}

/** "2026-01-31 14:05:09" in China time: the format of the CSV downloads (one format for both languages). */
export function chinaDateTime(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "01-31 14:05" in China time: lists where the day is known from context or recent. */
export function chinaShortDateTime(iso: string): string {
  const p = parts(iso);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-01-31" in China time. */
export function chinaDay(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}
