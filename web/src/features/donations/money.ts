// Money on the console: integer fen in, '¥1,234.50' out, and a yuan amount typed by a person parsed into integer fen
// without a float on the way (the server's platform/money.ts holds the same rules).

/** Fen as money on a page: 123450 → '¥1,234.50', -5 → '-¥0.05'. */
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

/** Fen as the plain yuan string an amount input shows: 505000 → '5050.00'. */
export function fenToYuanInput(fen: number | null | undefined): string | undefined {
  if (fen === null || fen === undefined) {
    return undefined;
  }
  return `${Math.floor(fen / 100)}.${(fen % 100).toString().padStart(2, '0')}`;
}
