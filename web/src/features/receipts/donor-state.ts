// What the donor's receipt section shows: one state derived from the gift's receipt status, its latest request and
// its documents, and whether the donor may ask (again) from this page.
import type { DonorReceiptStatus } from './api';

export const donorStates = [
  'not_requested',
  'requested',
  'issued',
  'refused',
  'voided',
  'anonymous',
  'waived',
] as const;
export type DonorState = (typeof donorStates)[number];

/**
 * The donor's state: issued or requested as the gift says; an anonymous gift asks only through staff; a gift without a
 * receipt reads "refused" after a refusal and "voided" after a reversal (until the donor asks again).
 */
export function donorState(s: DonorReceiptStatus): DonorState {
  switch (s.receiptStatus) {
    case 'issued':
      return 'issued';
    case 'requested':
      return 'requested';
    case 'anonymous':
      return 'anonymous';
    case 'waived':
      return 'waived';
    case 'none':
      if (s.request?.status === 'refused') {
        return 'refused';
      }
      if (s.documents.some((d) => d.kind === 'original' && d.state === 'voided')) {
        return 'voided';
      }
      return 'not_requested';
  }
}

/** The donor may ask from the page unless a receipt is under way or valid, the gift is anonymous, or it was refunded. */
export function donorMayAsk(state: DonorState, isRefunded: boolean): boolean {
  return !isRefunded && ['not_requested', 'refused', 'voided', 'waived'].includes(state);
}
