// Relief numbers people read out and search for: a letter (R case, B batch, O objection), the Asia/Shanghai date and
// eight random Crockford base32 characters (40 bits: the unique index per region backs the rare collision).
import crypto from 'node:crypto';
import { toChinaDate } from '../../platform/dates';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReliefNumber(letter: 'R' | 'B' | 'O', at: Date = new Date()): string {
  let tail = '';
  for (const b of crypto.randomBytes(8)) {
    tail += alphabet[b & 31];
  }
  return `${letter}${toChinaDate(at).replaceAll('-', '')}${tail}`;
}
