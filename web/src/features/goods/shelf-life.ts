// Dates of in-kind gifts on the page: the earliest expiry the configured minimum shelf life accepts (the server checks
// the same rule and has the last word), and how close a lot is to expiry (the badge on stock and lot views).

/** The calendar date `months` after `date` (YYYY-MM-DD), clamped to the month's last day (08-31 + 6 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The first expiry date intake accepts for goods received on `receivedOn` with `minMonths` of shelf life required. */
export function earliestAcceptableExpiry(receivedOn: string, minMonths: number): string {
  return addMonths(receivedOn, minMonths);
}

export type ExpiryState =
  | { kind: 'none' }
  | { kind: 'expired'; days: number }
  | { kind: 'soon'; days: number }
  | { kind: 'ok'; days: number };

/**
 * How a lot stands against its expiry on `today`: expired (days since, at least 1), soon (within `alertDays`,
 * including the expiry day itself: 0 days left), ok, or none without an expiry date.
 */
export function expiryState(expiresOn: string | null, today: string, alertDays: number): ExpiryState {
  if (!expiresOn) {
    return { kind: 'none' };
  }
  const days = daysBetween(today, expiresOn);
  if (days < 0) {
    return { kind: 'expired', days: -days };
  }
  return days <= alertDays ? { kind: 'soon', days } : { kind: 'ok', days };
}
