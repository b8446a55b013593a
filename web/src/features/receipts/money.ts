// Money on the receipt pages: integer fen in, ¥1,234.50 out (a reversal's negative total keeps its sign).

export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${digits.slice(-2)}`;
}
