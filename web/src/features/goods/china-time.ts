// Clock times as staff in China read them (Asia/Shanghai), whatever the browser's zone: for date pickers and the
// instants sent to the server.
import dayjs, { type Dayjs } from 'dayjs';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

function chinaWallClock(at: Date): string {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day}T${hour}:${p.minute}:${p.second}`;
}

/** Now, as a dayjs holding the China wall-clock time (for date pickers). */
export function chinaNow(): Dayjs {
  return dayjs(chinaWallClock(new Date()));
}

/** A wall-clock time picked in China (dayjs) as an ISO instant with the +08:00 offset. */
export function toChinaIso(picked: Dayjs): string {
  return `${picked.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** The China date and time of an instant, 'YYYY-MM-DD HH:mm'. */
export function chinaDateTime(iso: string): string {
  return chinaWallClock(new Date(iso)).slice(0, 16).replace('T', ' ');
}
