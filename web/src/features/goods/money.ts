// Money of in-kind gifts on the page: integer fen in, '¥1,234.50' out, and a yuan amount typed by a person parsed into
// integer fen without a float on the way (the server's platform/money.ts holds the same rules).

/** Fen as money on a page: 123450 → '¥1,234.50'. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) {
    return '';
  }
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.toString().padStart(2, '0')}`;
}

const yuanPattern = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** '50', '50.5', '50.50' → 5000, 5050, 5050; anything else (signs, 3 decimals, separators, '') → null. */
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
