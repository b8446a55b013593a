// Rates on the mutual-aid pages: basis points shown as percent, typed percent read as basis points (no float), and the
// livestream share computed the way the server does (half up to the fen).
import { parseYuanToFen } from '../../lib/money';

/** 250 → '2.5%'. */
export function formatBp(bp: number): string {
  return `${+(bp / 100).toFixed(2)}%`;
}

/** '2.5' (percent as typed) → 250 bp, or null (at most two decimals, 0 < rate ≤ 100). */
export function parsePercentToBp(text: string | null | undefined): number | null {
  const bp = parseYuanToFen(text);
  return bp !== null && bp > 0 && bp <= 10_000 ? bp : null;
}

/** Sales × rate, half up to the fen — the same rule as the server (mutualaid-rules.ts). */
export function livestreamShareFen(salesFen: number, rateBp: number): number {
  return Number((BigInt(salesFen) * BigInt(rateBp) * 2n + 10_000n) / 20_000n);
}
