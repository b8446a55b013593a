// Pure rules of volunteer service: the rotating check-in code, the check-in/out time window, the served interval
// capped to the activity's time, age at a date, and the China year's bounds.
import crypto from 'node:crypto';

const minuteMs = 60_000;

/** The minute number (since the epoch) a time falls in: the code's rotation step. */
export const minuteOf = (at: Date): number => Math.floor(at.getTime() / minuteMs);

/**
 * The on-site code for an activity in a minute: HMAC (keyed by `hmac`) over the activity id and the minute, cut to 16
 * base64url characters (96 bits: not guessable, short enough for a dense-free QR).
 */
export function checkinToken(hmac: (text: string) => string, activityId: string, minute: number): string {
  return hmac(`volunteer-checkin:${activityId}:${minute}`).slice(0, 16);
}

/** True when `token` is the activity's code of the current or the previous minute (a scan at 12:00:59 still works). */
export function isValidCheckinToken(
  hmac: (text: string) => string,
  activityId: string,
  token: string,
  now: Date,
): boolean {
  const given = Buffer.from(token);
  const m = minuteOf(now);
  return [m, m - 1].some((minute) => {
    const expected = Buffer.from(checkinToken(hmac, activityId, minute));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

/** Seconds until the code changes. */
export const secondsToNextCode = (now: Date): number => 60 - Math.floor((now.getTime() % minuteMs) / 1000);

export type ActivityTimes = {
  startsAt: Date;
  endsAt: Date;
  checkInOpensMinutes: number;
  checkOutGraceMinutes: number;
};

/**
 * When a check-in or check-out is accepted: check-in from `checkInOpensMinutes` before the start to the end;
 * check-out from the same opening to `checkOutGraceMinutes` after the end.
 */
export function checkWindow(a: ActivityTimes, kind: 'in' | 'out'): { opensAt: Date; closesAt: Date } {
  const opensAt = new Date(a.startsAt.getTime() - a.checkInOpensMinutes * minuteMs);
  const closesAt = kind === 'in' ? a.endsAt : new Date(a.endsAt.getTime() + a.checkOutGraceMinutes * minuteMs);
  return { opensAt, closesAt };
}

export function isInWindow(a: ActivityTimes, kind: 'in' | 'out', at: Date): boolean {
  const w = checkWindow(a, kind);
  return at >= w.opensAt && at <= w.closesAt;
}

/**
 * The served interval from a check-in and check-out, capped to the activity's time; whole minutes. Arriving early or
 * leaving late earns nothing extra; a check-out before the start gives zero minutes.
 */
export function servedInterval(
  a: { startsAt: Date; endsAt: Date },
  checkedInAt: Date,
  checkedOutAt: Date,
): { startedAt: Date; endedAt: Date; minutes: number } {
  const start = Math.min(Math.max(checkedInAt.getTime(), a.startsAt.getTime()), a.endsAt.getTime());
  const end = Math.max(Math.min(checkedOutAt.getTime(), a.endsAt.getTime()), start);
  return { startedAt: new Date(start), endedAt: new Date(end), minutes: minutesBetween(start, end) };
}

export const minutesBetween = (start: number, end: number): number => Math.max(0, Math.floor((end - start) / minuteMs));

/** Whole years of age on a date (ISO dates). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The first instant of a China date (Asia/Shanghai is UTC+8 all year). */
export const chinaDayStart = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

/** The first instant of the China day after `date`. */
export function chinaDayEnd(date: string): Date {
  return new Date(chinaDayStart(date).getTime() + 24 * 3600_000);
}
