// Money on the giving pages: integer fen in, ¥1,234.50 out, and the donor's typed yuan parsed as a string (never a float).

/** The largest amount the give form accepts (¥100,000,000): the server applies its own, lower limit for online gifts. */
export const maxTypedFen = 10_000_000_000;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * ¥1,234.50 from 123450 fen. `whole: 'short'` drops ".00" from whole yuan (preset buttons: ¥50).
 * Works on the digits, so any safe integer formats exactly.
 */
export function formatFen(fen: number, options: { whole?: 'short' | 'full'; symbol?: boolean } = {}): string {
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = groupThousands(digits.slice(0, -2));
  const cents = digits.slice(-2);
  const body = options.whole === 'short' && cents === '00' ? yuan : `${yuan}.${cents}`;
  return `${sign}${options.symbol === false ? '' : '¥'}${body}`;
}

/** Plain yuan with two decimals and no grouping ("1234.50"): what a spreadsheet reads as a number. */
export function fenToPlainYuan(fen: number): string {
  return formatFen(fen, { symbol: false }).replaceAll(',', '');
}

export type YuanParse =
  | { ok: true; fen: number }
  | { ok: false; reason: 'empty' | 'format' | 'negative' | 'decimals' | 'zero' | 'tooLarge' };

/**
 * Reads an amount the donor typed in yuan ("50", "50.5", "1,000.00", full-width "５０") as integer fen.
 * Refuses nothing typed, anything that is not a plain decimal, negatives, more than two decimals, zero, and amounts
 * above maxTypedFen. Only digit strings are converted, so 0.1 + 0.2 never happens here.
 */
export function parseYuan(input: string): YuanParse {
  const text = input
    .normalize('NFKC')
    .replace(/[\s,，]/g, '')
    .replace(/^¥|^￥/, '');
  if (text === '') {
    return { ok: false, reason: 'empty' };
  }
  if (/^-/.test(text)) {
    return { ok: false, reason: 'negative' };
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, reason: 'format' };
  }
  const [, whole, decimals = ''] = match;
  if (decimals.length > 2) {
    return { ok: false, reason: 'decimals' };
  }
  const yuanDigits = whole.replace(/^0+(?=\d)/, '') || '0';
  if (yuanDigits.length > 9) {
    return { ok: false, reason: 'tooLarge' };
  }
  const fen = Number(yuanDigits) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen === 0) {
    return { ok: false, reason: 'zero' };
  }
  if (fen > maxTypedFen) {
    return { ok: false, reason: 'tooLarge' };
  }
  return { ok: true, fen };
}

/** Whole percent of `part` in `total` for a progress bar (0–100), rounded down so 99.6 % never shows as done. */
export function percentOf(part: number, total: number | null): number {
  if (!total || total <= 0) {
    return 0;
  }
  return Math.min(100, Math.floor((part * 100) / total));
}
