// Reconciliation (对账) of our payment and refund records against a provider's statement lines. Pure: no I/O.
import type { StatementLine } from './payment-provider';

/** One payment or refund in our books, as reconciliation sees it; callers may pass richer rows and get them back. */
export type OurPaymentRecord = {
  orderNo: string;
  kind: 'payment' | 'refund';
  amountFen: number;
  /** The provider's transaction id recorded from the callback, when we have one (compared for payments). */
  providerTxnId?: string;
  /** Refunds: our refund number (WeChat out_refund_no, Alipay out_request_no). */
  refundNo?: string;
};

export type ReconciledPair<T extends OurPaymentRecord> = { ours: T; line: StatementLine };

export type Reconciliation<T extends OurPaymentRecord> = {
  /** Same order (and refund), same amount, same provider transaction. */
  matched: ReconciledPair<T>[];
  /** The provider moved money we have no record of (or a second time for the same order). */
  missingInOurs: StatementLine[];
  /** We recorded money the statement does not show. */
  missingInStatement: T[];
  /** Same order (and refund) on both sides, different amounts. */
  amountMismatch: ReconciledPair<T>[];
  /** Same order and amount, but the statement's transaction id differs from the one our callback recorded. */
  txnIdMismatch: ReconciledPair<T>[];
};

const SEP = '\u0000';

/**
 * Pairs records with statement lines. Payments pair by orderNo. Refunds pair by orderNo + refundNo where both sides
 * have the refund number; a refund lacking it on either side (Alipay 账务明细 gives none) then pairs with a refund of
 * the same order, preferring one of the same amount. Each record and each line is used at most once, so a duplicate
 * on either side shows up as missing. Records of a statement day outside the file should be filtered by the caller.
 */
export function reconcileStatement<T extends OurPaymentRecord>(
  ourRecords: readonly T[],
  statementLines: readonly StatementLine[],
): Reconciliation<T> {
  const result: Reconciliation<T> = {
    matched: [],
    missingInOurs: [],
    missingInStatement: [],
    amountMismatch: [],
    txnIdMismatch: [],
  };
  const unmatched = new Set<T>(ourRecords);
  const byExactKey = new Map<string, T[]>();
  for (const record of ourRecords) {
    const key = exactKey(record);
    if (key !== undefined) {
      byExactKey.set(key, [...(byExactKey.get(key) ?? []), record]);
    }
  }

  const take = (record: T) => {
    unmatched.delete(record);
    return record;
  };
  const leftOver: StatementLine[] = [];
  for (const line of statementLines) {
    const candidate = byExactKey.get(exactKey(line) ?? '')?.find((record) => unmatched.has(record));
    if (candidate) {
      classify(result, take(candidate), line);
    } else {
      leftOver.push(line);
    }
  }

  // Refunds with a refund number on one side only: pair within the order, same amount first.
  for (const line of leftOver) {
    const refunds = line.kind === 'refund' ? [...unmatched].filter((r) => isLooseRefundMatch(r, line)) : [];
    const candidate = refunds.find((r) => r.amountFen === line.amountFen) ?? refunds[0];
    if (candidate) {
      classify(result, take(candidate), line);
    } else {
      result.missingInOurs.push(line);
    }
  }
  result.missingInStatement.push(...ourRecords.filter((record) => unmatched.has(record)));
  return result;
}

function exactKey(item: { kind: string; orderNo: string; refundNo?: string }): string | undefined {
  if (item.kind === 'payment') {
    return `payment${SEP}${item.orderNo}`;
  }
  return item.refundNo ? `refund${SEP}${item.orderNo}${SEP}${item.refundNo}` : undefined;
}

function isLooseRefundMatch(record: OurPaymentRecord, line: StatementLine): boolean {
  return (
    record.kind === 'refund' &&
    record.orderNo === line.orderNo &&
    (record.refundNo === undefined || line.refundNo === undefined)
  );
}

function classify<T extends OurPaymentRecord>(result: Reconciliation<T>, ours: T, line: StatementLine): void {
  if (ours.amountFen !== line.amountFen) {
    result.amountMismatch.push({ ours, line });
  } else if (line.kind === 'payment' && ours.providerTxnId !== undefined && ours.providerTxnId !== line.providerTxnId) {
    result.txnIdMismatch.push({ ours, line });
  } else {
    result.matched.push({ ours, line });
  }
}
