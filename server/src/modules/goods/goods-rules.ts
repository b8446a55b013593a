// The rules of in-kind gifts that need no database: product codes (N95 is not KN95), the minimum shelf life at intake,
// how an evidenced value is shared out over partial distributions, and the goods business numbers.
import crypto from 'node:crypto';
import { toChinaDate } from '../../platform/dates';

/** Shelf-life and alert rules; the defaults follow DOMAIN.md and are configurable per deployment. */
export type GoodsRules = {
  /** Months an ordinary gift must still have before expiry on the day it is received (6). */
  minShelfMonths: number;
  /** The same for goods flagged short-life (fresh food, some medicines): 3. */
  minShelfMonthsShortLife: number;
  /** The daily digest warns about stock expiring within this many days (30). */
  expiryAlertDays: number;
};

export const defaultGoodsRules: GoodsRules = { minShelfMonths: 6, minShelfMonthsShortLife: 3, expiryAlertDays: 30 };

const productCodePattern = /^[0-9A-Z\p{Script=Han}+./()]{1,40}$/u;

/**
 * The comparable form of a product code: Unicode NFKC (full-width ＫＮ９５ → KN95), upper case, without spaces,
 * hyphens, underscores or middle dots, so "kn 95", "KN-95" and "ＫＮ９５" are one product and N95 stays another.
 * Returns null when nothing usable is left (letters, digits, Chinese characters and + . / ( ) only, 40 at most).
 */
export function normaliseProductCode(input: string): string | null {
  const code = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_·・]/g, '');
  return productCodePattern.test(code) ? code : null;
}

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

/** The minimum shelf life that applies to a gift. */
export function minShelfMonthsFor(rules: GoodsRules, isShortLife: boolean): number {
  return isShortLife ? rules.minShelfMonthsShortLife : rules.minShelfMonths;
}

/**
 * The earliest acceptable expiry date for goods received on `receivedOn` (Asia/Shanghai date): the expiry must fall on
 * or after receivedOn + the minimum months.
 */
export function earliestAcceptableExpiry(receivedOn: string, minMonths: number): string {
  return addMonths(receivedOn, minMonths);
}

/**
 * The evidenced value of `quantity` units leaving a lot after `alreadyOut` units have left it, in whole fen.
 * The lot's value is shared out by cumulative rounding: the first n units out are worth round(total × n / received),
 * half up, so the parts always add up to the whole value once the lot is empty, whatever the order and sizes of the
 * movements (a 3-unit lot worth ¥1.00 goes out as 33 + 34 + 33 fen, never 99 or 102).
 */
export function valueOfOutgoing(totalFen: number, received: number, alreadyOut: number, quantity: number): number {
  const share = (n: number) => {
    const num = BigInt(totalFen) * BigInt(n) * 2n + BigInt(received);
    return Number(num / (2n * BigInt(received)));
  };
  return share(alreadyOut + quantity) - share(alreadyOut);
}

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A goods business number in the donations module's format: a letter (G a lot, M a movement), the Asia/Shanghai
 * date and ten random Crockford base32 characters; the unique index (with region_id) backs it.
 */
export function newGoodsNumber(letter: 'G' | 'M', at: Date = new Date()): string {
  let tail = '';
  for (const b of crypto.randomBytes(10)) {
    tail += alphabet[b & 31];
  }
  return `${letter}${toChinaDate(at).replaceAll('-', '')}${tail}`;
}
