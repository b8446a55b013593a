// Phone number normalisation to E.164: mainland Chinese mobiles in any common spelling, other countries as +digits.

export type PhoneNormalization = { ok: true; value: string; isMainlandMobile: boolean } | { ok: false };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const E164_DIGITS = /^[1-9]\d{7,14}$/;

/**
 * Normalises a phone number to E.164 (e.g. +8613812345678). Full-width characters are folded (NFKC),
 * and spaces and dashes are removed. Accepted spellings:
 * - a mainland mobile 1[3-9]xxxxxxxxx (carrier prefixes are not checked), optionally preceded by 86, +86 or 0086;
 * - any other E.164 number: "+" (or the international prefix "00") then 8–15 digits, the first non-zero.
 * A +86 number that is not a mainland mobile (e.g. a landline) is rejected.
 */
export function normalizePhone(input: string): PhoneNormalization {
  const compact = input.normalize('NFKC').replace(/[\s-]/g, '');
  let digits: string;
  if (compact.startsWith('+')) {
    digits = compact.slice(1);
  } else if (compact.startsWith('00')) {
    digits = compact.slice(2);
  } else if (MAINLAND_MOBILE.test(compact)) {
    digits = `86${compact}`;
  } else if (compact.startsWith('86') && MAINLAND_MOBILE.test(compact.slice(2))) {
    digits = compact;
  } else {
    return { ok: false };
  }
  if (!E164_DIGITS.test(digits)) {
    return { ok: false };
  }
  if (digits.startsWith('86')) {
    return MAINLAND_MOBILE.test(digits.slice(2))
      ? { ok: true, value: `+${digits}`, isMainlandMobile: true }
      : { ok: false };
  }
  return { ok: true, value: `+${digits}`, isMainlandMobile: false };
}

/** Two-digit country calling codes (ITU-T E.164); 1 and 7 are the only one-digit codes, all others have three. */
const TWO_DIGIT_CALLING_CODES: ReadonlySet<string> = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/**
 * Splits the country calling code off E.164 digits (without "+"): 1 and 7 are one digit,
 * the listed two-digit codes are two, everything else is three (E.164 codes are prefix-free).
 */
export function splitCountryCallingCode(e164Digits: string): { countryCode: string; nationalNumber: string } {
  let length = 3;
  if (e164Digits.startsWith('1') || e164Digits.startsWith('7')) {
    length = 1;
  } else if (TWO_DIGIT_CALLING_CODES.has(e164Digits.slice(0, 2))) {
    length = 2;
  }
  return { countryCode: e164Digits.slice(0, length), nationalNumber: e164Digits.slice(length) };
}
