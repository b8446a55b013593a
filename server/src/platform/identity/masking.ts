// Display masks for personal data (names, document numbers, phone numbers) shown in lists and logs.
import { normalizePhone, splitCountryCallingCode } from './phone';

const HAN = /\p{Script=Han}/u;

/**
 * Masks a person's name. Names containing Chinese characters keep the first and (from three characters on)
 * the last character: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明, a single character → *.
 * Other names keep only the first letter followed by three stars (John Smith → J***). Empty stays empty.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) {
    return '';
  }
  if (!HAN.test(name)) {
    return `${chars[0]}***`;
  }
  if (chars.length === 1) {
    return '*';
  }
  if (chars.length === 2) {
    return `${chars[0]}*`;
  }
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** Replaces all but `head` leading and `tail` trailing characters with stars, keeping the length. */
function maskMiddle(chars: readonly string[], head: number, tail: number): string {
  const hidden = chars.length - head - tail;
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/**
 * Masks a document number, keeping its length. Numbers of 15 or more characters (resident IDs) keep
 * the first 3 and last 4 (330102199001011234 → 330***********1234). Shorter numbers keep the first 2
 * (first 1 below 10 characters) and up to the last 4, never revealing more than half of the characters.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length >= 15) {
    return maskMiddle(chars, 3, 4);
  }
  const budget = Math.floor(chars.length / 2);
  const head = Math.min(chars.length >= 10 ? 2 : 1, budget);
  const tail = Math.min(4, budget - head);
  return maskMiddle(chars, head, tail);
}

/**
 * Masks a phone number. Mainland mobiles show as the 11-digit national number with the middle four hidden
 * (+8613812345678 → 138****5678). Other E.164 numbers keep "+", the country calling code and the last
 * four digits (at most half the national number). Unparseable input is masked like a short document number.
 */
export function maskPhone(phone: string): string {
  const normalized = normalizePhone(phone);
  if (!normalized.ok) {
    return maskIdNumber(phone);
  }
  const { countryCode, nationalNumber } = splitCountryCallingCode(normalized.value.slice(1));
  if (normalized.isMainlandMobile) {
    return maskMiddle(Array.from(nationalNumber), 3, 4);
  }
  const tail = Math.min(4, Math.floor(nationalNumber.length / 2));
  return `+${countryCode}${maskMiddle(Array.from(nationalNumber), 0, tail)}`;
}
