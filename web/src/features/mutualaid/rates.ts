// Money on the mutual-aid pages: integer fen in, '¥1,234.50' out; typed yuan parsed to fen without a float; rates in
// basis points shown as percent. The livestream share is computed the way the server does (half up to the fen).

/** 123450 → '¥1,234.50'; `whole: 'short'` drops '.00' from whole yuan. */
export function formatFen(fen: number, options: { whole?: 'short' } = {}): string {
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = digits.slice(-2);
  return `${sign}¥${options.whole === 'short' && cents === '00' ? yuan : `${yuan}.${cents}`}`;
}

const yuanPattern = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** '50', '50.5', '50.50' → 5000, 5050, 5050; anything else → null. */
export function parseYuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) {
    return null;
  }
  const match = yuanPattern.exec(String(text).trim());
  if (!match) {
    return null;
  }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 250 → '2.5%'. */
export function formatBp(bp: number): string {
  return `${+(bp / 100).toFixed(2)}%`;
}

/** '2.5' (percent as typed) → 250 bp, or null (at most two decimals, 0 < rate ≤ 100). */
export function parsePercentToBp(text: string | null | undefined): number | null {
  const fen = parseYuanToFen(text);
  return fen !== null && fen > 0 && fen <= 10_000 ? fen : null;
}

/** Sales × rate, half up to the fen — the same rule as the server (mutualaid-rules.ts). */
export function livestreamShareFen(salesFen: number, rateBp: number): number {
  return Number((BigInt(salesFen) * BigInt(rateBp) * 2n + 10_000n) / 20_000n);
}
