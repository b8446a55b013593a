// Business numbers people read out and search for: a letter, the Asia/Shanghai date and ten random Crockford
// base32 characters (50 bits: a collision among a day's numbers is negligible, and the unique index backs it).
import crypto from 'node:crypto';
import { toChinaDate } from '../../platform/dates';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newBusinessNumber(letter: 'D' | 'O' | 'P' | 'A', at: Date = new Date()): string {
  const bytes = crypto.randomBytes(10);
  let tail = '';
  for (const b of bytes) {
    tail += alphabet[b & 31];
  }
  return `${letter}${toChinaDate(at).replaceAll('-', '')}${tail}`;
}
