// Reconciliation: which records and statement lines pair up, which are missing on either side, which disagree.
import { describe, expect, it } from 'vitest';
import type { StatementLine } from './payment-provider';
import { type OurPaymentRecord, reconcileStatement } from './reconcile';

const at = new Date('2026-03-01T02:00:00Z');
const line = (l: Partial<StatementLine> & Pick<StatementLine, 'orderNo' | 'kind' | 'amountFen'>): StatementLine => ({
  providerTxnId: `T-${l.orderNo}`,
  feeFen: 0,
  at,
  ...l,
});
type Row = OurPaymentRecord & { id: number };

describe('reconcileStatement', () => {
  it('pairs payments by order number and keeps the caller’s own rows', () => {
    const ours: Row[] = [
      { id: 1, orderNo: 'A000001', kind: 'payment', amountFen: 100, providerTxnId: 'T-A000001' },
      { id: 2, orderNo: 'A000002', kind: 'payment', amountFen: 200 },
    ];
    const lines = [
      line({ orderNo: 'A000002', kind: 'payment', amountFen: 200 }),
      line({ orderNo: 'A000001', kind: 'payment', amountFen: 100 }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched.map((p) => [p.ours.id, p.line.orderNo])).toEqual([
      [2, 'A000002'],
      [1, 'A000001'],
    ]);
    expect(result.matched[0].ours).toBe(ours[1]);
    expect(result).toMatchObject({ missingInOurs: [], missingInStatement: [], amountMismatch: [], txnIdMismatch: [] });
  });

  it('reports money on either side only, different amounts and a different transaction id', () => {
    const ours: Row[] = [
      { id: 1, orderNo: 'A000001', kind: 'payment', amountFen: 100 },
      { id: 2, orderNo: 'A000002', kind: 'payment', amountFen: 200 },
      { id: 3, orderNo: 'A000003', kind: 'payment', amountFen: 300, providerTxnId: 'T-OURS' },
    ];
    const lines = [
      line({ orderNo: 'A000001', kind: 'payment', amountFen: 101 }),
      line({ orderNo: 'A000003', kind: 'payment', amountFen: 300 }),
      line({ orderNo: 'Z999999', kind: 'payment', amountFen: 5 }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched).toEqual([]);
    expect(result.amountMismatch.map((p) => [p.ours.id, p.line.amountFen])).toEqual([[1, 101]]);
    expect(result.txnIdMismatch.map((p) => [p.ours.id, p.line.providerTxnId])).toEqual([[3, 'T-A000003']]);
    expect(result.missingInOurs.map((l) => l.orderNo)).toEqual(['Z999999']);
    expect(result.missingInStatement.map((r) => r.id)).toEqual([2]);
  });

  it('shows a second payment line for the same order as missing in ours', () => {
    const ours: Row[] = [{ id: 1, orderNo: 'A000001', kind: 'payment', amountFen: 100 }];
    const lines = [
      line({ orderNo: 'A000001', kind: 'payment', amountFen: 100 }),
      line({ orderNo: 'A000001', kind: 'payment', amountFen: 100, providerTxnId: 'T-2' }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched).toHaveLength(1);
    expect(result.missingInOurs.map((l) => l.providerTxnId)).toEqual(['T-2']);
  });

  it('pairs partial refunds by refund number, not by order alone', () => {
    const ours: Row[] = [
      { id: 1, orderNo: 'A000001', kind: 'payment', amountFen: 1000 },
      { id: 2, orderNo: 'A000001', kind: 'refund', amountFen: 300, refundNo: 'R1' },
      { id: 3, orderNo: 'A000001', kind: 'refund', amountFen: 200, refundNo: 'R2' },
    ];
    const lines = [
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 200, refundNo: 'R2' }),
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 310, refundNo: 'R1' }),
      line({ orderNo: 'A000001', kind: 'payment', amountFen: 1000 }),
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 50, refundNo: 'R3' }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched.map((p) => p.ours.id).sort()).toEqual([1, 3]);
    expect(result.amountMismatch.map((p) => [p.ours.id, p.line.amountFen])).toEqual([[2, 310]]);
    expect(result.missingInOurs.map((l) => l.refundNo)).toEqual(['R3']);
    expect(result.missingInStatement).toEqual([]);
  });

  it('pairs refunds without a refund number within their order, same amount first', () => {
    const ours: Row[] = [
      { id: 1, orderNo: 'A000001', kind: 'refund', amountFen: 300, refundNo: 'R1' },
      { id: 2, orderNo: 'A000001', kind: 'refund', amountFen: 200, refundNo: 'R2' },
      { id: 3, orderNo: 'A000002', kind: 'refund', amountFen: 100 },
    ];
    const lines = [
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 200 }),
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 300 }),
      line({ orderNo: 'A000002', kind: 'refund', amountFen: 90, refundNo: 'R9' }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched.map((p) => [p.ours.id, p.line.amountFen])).toEqual([
      [2, 200],
      [1, 300],
    ]);
    expect(result.amountMismatch.map((p) => p.ours.id)).toEqual([3]);
    expect(result.missingInOurs).toEqual([]);
  });

  it('never pairs a payment with a refund, nor refunds of different numbers', () => {
    const ours: Row[] = [
      { id: 1, orderNo: 'A000001', kind: 'payment', amountFen: 100 },
      { id: 2, orderNo: 'A000002', kind: 'refund', amountFen: 100, refundNo: 'R1' },
    ];
    const lines = [
      line({ orderNo: 'A000001', kind: 'refund', amountFen: 100 }),
      line({ orderNo: 'A000002', kind: 'refund', amountFen: 100, refundNo: 'R2' }),
    ];
    const result = reconcileStatement(ours, lines);
    expect(result.matched).toEqual([]);
    expect(result.missingInOurs).toHaveLength(2);
    expect(result.missingInStatement.map((r) => r.id)).toEqual([1, 2]);
  });

  it('handles empty inputs', () => {
    expect(reconcileStatement([], [])).toEqual({
      matched: [],
      missingInOurs: [],
      missingInStatement: [],
      amountMismatch: [],
      txnIdMismatch: [],
    });
  });
});
