// Money on the grievances pages: integer fen shown as yuan, and a yuan amount typed by a person read into fen.

/** 123450 → '¥1,234.50'. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** '50', '50.5', '50.50' → fen; undefined for anything else (no floats on the way). */
export function parseYuan(text: string): number | undefined {
  const m = /^(0|[1-9]\d{0,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) {
    return undefined;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
