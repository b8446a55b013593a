// The donor's receipt state from the gift's status, its latest request and its documents.
import { describe, expect, it } from 'vitest';
import type { DonorReceiptStatus } from './api';
import { donorMayAsk, donorState } from './donor-state';

type Doc = DonorReceiptStatus['documents'][number];
const doc = (kind: Doc['kind'], state: Doc['state']): Doc => ({
  id: crypto.randomUUID(),
  kind,
  state,
  receiptCode: '33050126',
  receiptNumber: '0000000001',
  checkCode: 'a1b2c3',
  issuedAt: '2026-03-01T02:00:00.000Z',
  totalFen: kind === 'void' ? -5000 : 5000,
  payerNameMasked: '张*',
  payerIdMasked: '3306**********1234',
  pdfUrl: '/api/public/donations/D1/receipt.pdf?token=x',
  verifyUrl: 'https://example.org/receipts/verify?code=33050126',
});
const request = (status: 'requested' | 'issued' | 'refused'): DonorReceiptStatus['request'] => ({
  status,
  requestedAt: '2026-03-01T01:00:00.000Z',
  payerNameMasked: '张*',
  payerIdType: 'resident_id',
  payerIdMasked: '3306**********1234',
  refusalReason: status === 'refused' ? '姓名与付款人不符' : null,
  decidedAt: status === 'requested' ? null : '2026-03-01T02:00:00.000Z',
});
const status = (s: Partial<DonorReceiptStatus>): DonorReceiptStatus => ({
  donationNo: 'D1',
  receiptStatus: 'none',
  request: null,
  documents: [],
  ...s,
});

describe('donorState', () => {
  it.each([
    ['never asked', status({}), 'not_requested', true],
    ['asked', status({ receiptStatus: 'requested', request: request('requested') }), 'requested', false],
    [
      'issued',
      status({ receiptStatus: 'issued', request: request('issued'), documents: [doc('original', 'valid')] }),
      'issued',
      false,
    ],
    ['refused', status({ request: request('refused') }), 'refused', true],
    [
      'reversed',
      status({ request: request('issued'), documents: [doc('original', 'voided'), doc('void', 'valid')] }),
      'voided',
      true,
    ],
    [
      'refused after a reversal',
      status({ request: request('refused'), documents: [doc('original', 'voided'), doc('void', 'valid')] }),
      'refused',
      true,
    ],
    ['anonymous', status({ receiptStatus: 'anonymous' }), 'anonymous', false],
    ['waived', status({ receiptStatus: 'waived' }), 'waived', true],
  ] as const)('%s → %s', (_, s, state, mayAsk) => {
    expect(donorState(s)).toBe(state);
    expect(donorMayAsk(donorState(s), false)).toBe(mayAsk);
  });

  it('never lets a refunded gift ask', () => {
    expect(donorMayAsk('not_requested', true)).toBe(false);
    expect(donorMayAsk('waived', true)).toBe(false);
  });
});
