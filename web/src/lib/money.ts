// Money on every page: integer fen in, '¥1,234.50' out, and an amount typed in yuan read as integer fen through its
// digits, never through a float (the server's platform/money.ts holds the same rules).

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * '¥1,234.50' from 123450 fen ('-¥0.05' from -5, '' from nothing). `whole: 'short'` drops '.00' from whole yuan
 * (preset buttons: ¥50); `symbol: false` leaves out the ¥. Works on the digits, so any safe integer formats exactly.
 */
export function formatFen(
  fen: number | null | undefined,
  options: { whole?: 'short' | 'full'; symbol?: boolean } = {},
): string {
  if (fen === null || fen === undefined) {
    return '';
  }
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = groupThousands(digits.slice(0, -2));
  const cents = digits.slice(-2);
  const body = options.whole === 'short' && cents === '00' ? yuan : `${yuan}.${cents}`;
  return `${sign}${options.symbol === false ? '' : '¥'}${body}`;
}

/** Plain yuan with two decimals and no grouping ('1234.50', '' from nothing): an input's value, a spreadsheet cell. */
export function fenToYuanText(fen: number | null | undefined): string {
  return formatFen(fen, { symbol: false }).replaceAll(',', '');
}

/** Large amounts for chart axes: ¥12.3万, ¥1.2亿 (zh) or ¥12.3k / ¥1.2M (en). */
export function formatYuanShort(fen: number, language: string): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  if (language === 'en') {
    if (abs >= 1e6) {
      return `¥${+(yuan / 1e6).toFixed(1)}M`;
    }
    if (abs >= 1e3) {
      return `¥${+(yuan / 1e3).toFixed(1)}k`;
    }
    return `¥${+yuan.toFixed(0)}`;
  }
  if (abs >= 1e8) {
    return `¥${+(yuan / 1e8).toFixed(2)}亿`;
  }
  if (abs >= 1e4) {
    return `¥${+(yuan / 1e4).toFixed(1)}万`;
  }
  return `¥${+yuan.toFixed(0)}`;
}

export type YuanParse =
  | { ok: true; fen: number }
  | { ok: false; reason: 'empty' | 'format' | 'negative' | 'decimals' | 'zero' | 'tooLarge' };

/**
 * Reads an amount a person typed in yuan ('50', '50.5', '1,000.00', '¥50', full-width '５０') as integer fen.
 * Refuses nothing typed, anything that is not a plain decimal, negatives, more than two decimals, zero, and amounts
 * above `maxFen` (¥100,000,000 unless the form sets its own; the server applies the real limit). Only digit strings
 * are converted, so 0.1 + 0.2 never happens here.
 */
export function parseYuan(input: string | null | undefined, maxFen = 10_000_000_000): YuanParse {
  const text = (input ?? '')
    .normalize('NFKC')
    .replace(/[\s,，]/g, '')
    .replace(/^[¥￥]/, '');
  if (text === '') {
    return { ok: false, reason: 'empty' };
  }
  if (text.startsWith('-')) {
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
  if (yuanDigits.length > 13) {
    return { ok: false, reason: 'tooLarge' };
  }
  const fen = Number(yuanDigits) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen === 0) {
    return { ok: false, reason: 'zero' };
  }
  return fen > maxFen ? { ok: false, reason: 'tooLarge' } : { ok: true, fen };
}

const plainYuan = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/**
 * A plain yuan amount ('50', '50.5', '0') as fen, or null for anything else (signs, three decimals, separators, '').
 * For console fields whose own validation says what is wrong; forms that explain the error use parseYuan.
 */
export function parseYuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) {
    return null;
  }
  const match = plainYuan.exec(String(text).trim());
  if (!match) {
    return null;
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Whole percent of `part` in `total` for a progress bar (0–100), rounded down so 99.6 % never shows as done. */
export function percentOf(part: number, total: number | null): number {
  if (!total || total <= 0) {
    return 0;
  }
  return Math.min(100, Math.floor((part * 100) / total));
}
