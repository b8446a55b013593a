// Instants are stored in UTC and shown in China time (Asia/Shanghai), whatever the browser's time zone: the
// organisation works in China time (an activity at 12:00 in 诸暨 shows 12:00 on a phone set to UTC). The one place
// the web app turns an instant into a date or clock time, or asks what day it is.
//
// Dates that are already calendar dates (YYYY-MM-DD from the API) are zone-free: show them as they are, never through
// `new Date(...)`.
import dayjs, { type Dayjs } from 'dayjs';

export const chinaZone = 'Asia/Shanghai';

type Instant = string | number | Date;

const wallClockParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: chinaZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The China wall clock of an instant, as 'YYYY-MM-DDTHH:mm:ss'. */
function wallClock(at: Instant): string {
  const p = Object.fromEntries(wallClockParts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day}T${hour}:${p.minute}:${p.second}`;
}

const uiFormats = new Map<string, Intl.DateTimeFormat>();

/** In the UI language: zh '2026/02/01 00:30:00', en '01/02/2026, 00:30:00' (fields chosen by `style`). */
function uiFormat(language: string, style: 'date' | 'minute' | 'second'): Intl.DateTimeFormat {
  const locale = language === 'en' ? 'en-GB' : 'zh-CN';
  const key = `${locale} ${style}`;
  let f = uiFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: chinaZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(style === 'date' ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      ...(style === 'second' ? { second: '2-digit' } : {}),
    });
    uiFormats.set(key, f);
  }
  return f;
}

// --- In the UI language -------------------------------------------------------------------------------------------

/** Date and time to the second: zh '2026/02/01 00:30:00', en '01/02/2026, 00:30:00'; '' when empty. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  return iso ? uiFormat(language, 'second').format(new Date(iso)) : '';
}

/** Date and time to the minute: zh '2026/02/01 00:30', en '01/02/2026, 00:30'; '' when empty. */
export function formatDateMinute(iso: string | null | undefined, language: string): string {
  return iso ? uiFormat(language, 'minute').format(new Date(iso)) : '';
}

/** The China date of an instant: zh '2026/02/01', en '01/02/2026'; '' when empty. */
export function formatDate(iso: string | null | undefined, language: string): string {
  return iso ? uiFormat(language, 'date').format(new Date(iso)) : '';
}

/** The China clock time of an instant, 'HH:mm' (the same in both languages); '' when empty. */
export function formatClockMinute(iso: string | null | undefined): string {
  return iso ? wallClock(iso).slice(11, 16) : '';
}

// --- One format for both languages (ISO order) --------------------------------------------------------------------

/** China's date today (or at `at`), 'YYYY-MM-DD'. */
export function chinaToday(at: Date = new Date()): string {
  return wallClock(at).slice(0, 10);
}

/** China's year today (or at `at`). */
export function chinaYear(at: Date = new Date()): number {
  return Number(chinaToday(at).slice(0, 4));
}

/** The China date of an instant, 'YYYY-MM-DD'; '' when empty. */
export function chinaDay(iso: string | null | undefined): string {
  return iso ? wallClock(iso).slice(0, 10) : '';
}

/** The China date and minute of an instant, 'YYYY-MM-DD HH:mm'; '' when empty. */
export function chinaMinute(iso: string | null | undefined): string {
  return iso ? wallClock(iso).slice(0, 16).replace('T', ' ') : '';
}

/** 'YYYY-MM-DD HH:mm:ss' in China time: the format of the CSV downloads. */
export function chinaDateTime(iso: string): string {
  return wallClock(iso).replace('T', ' ');
}

/** 'MM-DD HH:mm' in China time: lists where the year is known from context or recent. */
export function chinaShortDateTime(iso: string): string {
  return wallClock(iso).slice(5, 16).replace('T', ' ');
}

// --- Pickers: the wall clock staff in China read, and back to an instant -------------------------------------------

/** Now, as a dayjs holding China's wall-clock time (initial value and limits of date pickers). */
export function chinaNow(): Dayjs {
  return dayjs(wallClock(new Date()));
}

/** An instant as a dayjs holding its China wall-clock time (to prefill a date-time picker). */
export function chinaPicker(iso: string): Dayjs {
  return dayjs(wallClock(iso));
}

/** A wall-clock time picked in China (dayjs) as an ISO instant with the +08:00 offset. */
export function toChinaIso(picked: Dayjs): string {
  return `${picked.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** An instant as a value for <input type="datetime-local"> in China time ('YYYY-MM-DDTHH:mm'); '' when empty. */
export function toChinaInput(iso: string | null | undefined): string {
  return iso ? wallClock(iso).slice(0, 16) : '';
}

/** Now, as a value for <input type="datetime-local"> in China time. */
export function chinaInputNow(): string {
  return wallClock(new Date()).slice(0, 16);
}

/** A <input type="datetime-local"> value read as China time, as a UTC ISO instant. */
export function fromChinaInput(value: string): string {
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return new Date(`${withSeconds}+08:00`).toISOString();
}
