// Money on the relief pages: integer fen in, ¥1,234.50 out, and an amount typed in yuan read as integer fen through
// its digits (never a float). The same rules as features/giving/money.ts and the server's platform/money.ts.

/** The largest amount a relief form accepts (¥10,000,000): the kind's bands set the real limit on the server. */
export const maxReliefFen = 1_000_000_000;

/** ¥1,234.50 from 123450 fen. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) {
    return '';
  }
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${digits.slice(-2)}`;
}

/** Plain yuan for an input field ("1234.5" → shown back as "1234.50"). */
export function fenToYuanText(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : formatFen(fen).replace(/[¥,]/g, '');
}

export type YuanParse =
  | { ok: true; fen: number }
  | { ok: false; reason: 'empty' | 'format' | 'negative' | 'decimals' | 'zero' | 'tooLarge' };

/** Reads "50", "50.5", "1,000.00", full-width "５０" as integer fen; refuses signs, 3 decimals, zero and huge amounts. */
export function parseYuan(input: string | null | undefined): YuanParse {
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
  if (yuanDigits.length > 9) {
    return { ok: false, reason: 'tooLarge' };
  }
  const fen = Number(yuanDigits) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen === 0) {
    return { ok: false, reason: 'zero' };
  }
  return fen > maxReliefFen ? { ok: false, reason: 'tooLarge' } : { ok: true, fen };
}
