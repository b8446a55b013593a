// The payer's ID on a receipt request, checked in the browser with the same rules as the server (GB 11643 resident
// IDs and other documents by format, GB 32100 unified social credit codes by their check character), so a typo is
// caught before anything is sent.

import { type PayerIdType, payerIdTypeValues } from '../../../../server/src/modules/receipts/receipts.schemas';
import { validateIdByType } from '../../../../server/src/platform/identity/id-number';
import { validateUscc } from '../../../../server/src/platform/identity/uscc';

export type PayerKind = 'person' | 'organisation';
export type PersonIdType = Exclude<PayerIdType, 'uscc'>;

/** The personal documents a person may be identified by (every payer ID type but the credit code). */
export const personIdTypes = payerIdTypeValues.filter((v): v is PersonIdType => v !== 'uscc');

export type PayerIdProblem = 'empty' | 'format' | 'region' | 'birth_date' | 'future_birth_date' | 'check_character';

export type PayerIdCheck = { ok: true; value: string } | { ok: false; problem: PayerIdProblem };

/** Checks a payer's ID for its type; `value` is the normalised form the server would store. */
export function checkPayerId(type: PayerIdType, raw: string, now: Date = new Date()): PayerIdCheck {
  if (raw.trim() === '') {
    return { ok: false, problem: 'empty' };
  }
  const v = type === 'uscc' ? validateUscc(raw) : validateIdByType(type, raw, now);
  return v.ok ? { ok: true, value: v.value } : { ok: false, problem: v.reason };
}

/** The ID type a payer kind starts with: a resident ID card for a person, the credit code for an organisation. */
export function defaultIdType(kind: PayerKind): PayerIdType {
  return kind === 'organisation' ? 'uscc' : 'resident_id';
}
