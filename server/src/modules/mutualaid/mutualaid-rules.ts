// The arithmetic of mutual-aid funds, pure and table-tested: a livestream's share of sales, loan schedules, and how a
// repayment is applied to the instalments. Integer fen throughout (BigInt where a product could pass 2^53).

/**
 * The contribution of `salesFen` declared sales at `rateBp` basis points: sales × rate / 10,000, rounded half up to
 * the fen (¥123.45 at 2.5% = 308.625 fen → 309 fen; 308.45 fen → 308 fen).
 */
export function livestreamShareFen(salesFen: number, rateBp: number): number {
  const num = BigInt(salesFen) * BigInt(rateBp);
  return Number((num * 2n + 10_000n) / 20_000n);
}

/** YYYY-MM-DD plus whole months; a day past the month's end becomes its last day (01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export type ScheduledInstalment = { seq: number; dueOn: string; amountFen: number };

/**
 * The repayment schedule of a loan handed over on `startOn`:
 * - equal: `termMonths` monthly instalments, due one month apart from a month after `startOn`, each
 *   floor(amount / term) fen, the last taking the remainder (¥100.00 over 3 months: 33.33, 33.33, 33.34);
 * - bullet: one instalment of the whole amount at the end of the term.
 */
export function buildSchedule(input: {
  amountFen: number;
  termMonths: number;
  kind: 'equal' | 'bullet';
  startOn: string;
}): ScheduledInstalment[] {
  const { amountFen, termMonths, kind, startOn } = input;
  if (kind === 'bullet') {
    return [{ seq: 1, dueOn: addMonths(startOn, termMonths), amountFen }];
  }
  const base = Math.floor(amountFen / termMonths);
  return Array.from({ length: termMonths }, (_, i) => ({
    seq: i + 1,
    dueOn: addMonths(startOn, i + 1),
    amountFen: i === termMonths - 1 ? amountFen - base * (termMonths - 1) : base,
  }));
}

export type InstalmentState = { seq: number; amountFen: number; paidFen: number };

/**
 * Applies a repayment to the oldest open instalments first (a part payment leaves the rest of that instalment open).
 * Returns the amount per instalment, or null when the amount is more than what is still owed.
 */
export function allocateRepayment(
  instalments: readonly InstalmentState[],
  amountFen: number,
): { seq: number; amountFen: number }[] | null {
  const open = [...instalments].sort((a, b) => a.seq - b.seq).filter((i) => i.paidFen < i.amountFen);
  const owed = open.reduce((s, i) => s + i.amountFen - i.paidFen, 0);
  if (amountFen > owed) {
    return null;
  }
  const out: { seq: number; amountFen: number }[] = [];
  let left = amountFen;
  for (const i of open) {
    if (left === 0) {
      break;
    }
    const take = Math.min(left, i.amountFen - i.paidFen);
    out.push({ seq: i.seq, amountFen: take });
    left -= take;
  }
  return out;
}

/** An instalment is overdue from the day after its due date while any of it is unpaid. */
export function isOverdue(i: { dueOn: string; amountFen: number; paidFen: number }, today: string): boolean {
  return i.dueOn < today && i.paidFen < i.amountFen;
}
