// Validation rules for identity document numbers: the Chinese resident ID (GB 11643-1999) in full,
// plus format checks for passports, travel permits and foreign permanent-residence cards.

import { toChinaDate } from '../dates';

export type Gender = 'male' | 'female';

export const idNumberProblems = ['format', 'region', 'birth_date', 'future_birth_date', 'check_character'] as const;
export type IdNumberProblem = (typeof idNumberProblems)[number];

export type IdNumberValidation =
  | { ok: true; value: string; birthDate: string; gender: Gender; regionCode: string }
  | { ok: false; reason: IdNumberProblem };

export type IdValidation =
  | {
      ok: true;
      value: string;
      birthDate: string | undefined;
      gender: Gender | undefined;
      regionCode: string | undefined;
    }
  | { ok: false; reason: IdNumberProblem };

export const idTypes = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
] as const;
export type IdType = (typeof idTypes)[number];

export const idTypeLabels = {
  resident_id: { zh: '居民身份证', en: 'Resident identity card' },
  passport: { zh: '护照', en: 'Passport' },
  hk_macau_permit: {
    zh: '港澳居民来往内地通行证',
    en: 'Mainland travel permit for Hong Kong and Macao residents',
  },
  taiwan_permit: { zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit for Taiwan residents' },
  foreign_permanent_residence: { zh: '外国人永久居留身份证', en: 'Foreign permanent resident ID card' },
} as const satisfies Record<IdType, { zh: string; en: string }>;

/** Province-level prefixes (GB/T 2260 first two digits) that may open a resident ID number. */
export const provincePrefixes: ReadonlySet<string> = new Set([
  ...listPrefixesBetween(11, 15),
  ...listPrefixesBetween(21, 23),
  ...listPrefixesBetween(31, 37),
  ...listPrefixesBetween(41, 46),
  ...listPrefixesBetween(50, 54),
  ...listPrefixesBetween(61, 65),
  '71', // Taiwan
  '81', // Hong Kong (also residence permits for Hong Kong residents)
  '82', // Macau (also residence permits for Macau residents)
  '83', // residence permits for Taiwan residents
]);

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1890-01-01';

function listPrefixesBetween(from: number, to: number): string[] {
  const prefixes: string[] = [];
  for (let n = from; n <= to; n++) {
    prefixes.push(String(n));
  }
  return prefixes;
}

/** Folds full-width characters to ASCII (NFKC), trims surrounding whitespace and upper-cases. */
function normalizeDocumentNumber(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits of an 18-character ID:
 * r = Σ digit_i × weight_i mod 11 with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; check = "10X98765432"[r].
 * Throws a RangeError unless given exactly 17 ASCII digits.
 */
export function computeCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('computeCheckCharacter needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * CHECK_WEIGHTS[i];
  }
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Converts a legacy 15-digit resident ID (region 6 + YYMMDD + sequence 3) to its 18-digit form:
 * insert "19" before the two-digit year and append the MOD 11-2 check character.
 * Does not judge region or date; throws a RangeError unless given 15 digits (after trimming).
 */
export function upgradeLegacyIdNumber(id15: string): string {
  const value = normalizeDocumentNumber(id15);
  if (!/^\d{15}$/.test(value)) {
    throw new RangeError('upgradeLegacyIdNumber needs a 15-digit number');
  }
  const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
  return first17 + computeCheckCharacter(first17);
}

/** Returns true when the year/month/day triple names a real Gregorian calendar day. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

/**
 * Checks an 8-digit YYYYMMDD birth date: it must be a real calendar day, no earlier than 1890-01-01,
 * and not after today's date in China (UTC+8) relative to `now`. Returns YYYY-MM-DD or the problem.
 */
function checkBirthDate(
  yyyymmdd: string,
  now: Date,
): { ok: true; date: string } | { ok: false; reason: IdNumberProblem } {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (!isCalendarDate(year, month, day)) {
    return { ok: false, reason: 'birth_date' };
  }
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (date < EARLIEST_BIRTH_DATE) {
    return { ok: false, reason: 'birth_date' };
  }
  if (date > toChinaDate(now)) {
    return { ok: false, reason: 'future_birth_date' };
  }
  return { ok: true, date };
}

/**
 * Validates a Chinese resident ID number (GB 11643-1999). Input is NFKC-folded, trimmed and upper-cased
 * (so a lower-case x check character is accepted). Accepts:
 * - 18 characters: region(6) + YYYYMMDD + sequence(3) + MOD 11-2 check character (0-9 or X);
 * - legacy 15 digits: region(6) + YYMMDD (read as 19YY) + sequence(3), no check character.
 * The region's first two digits must be a province-level prefix (11–15, 21–23, 31–37, 41–46, 50–54,
 * 61–65, 71, 81, 82, 83); the full 6-digit county code is not looked up, as abolished codes remain valid.
 * The birth date must be a real day between 1890-01-01 and today in China (`now`, default the current time).
 * An odd sequence number means male. Problems are reported in the order format, region, birth date, check.
 * `value` is the normalised input; a legacy number stays 15 digits (see upgradeLegacyIdNumber).
 */
export function validateIdNumber(input: string, now: Date = new Date()): IdNumberValidation {
  const value = normalizeDocumentNumber(input);
  const isModern = /^\d{17}[\dX]$/.test(value);
  const isLegacy = /^\d{15}$/.test(value);
  if (!isModern && !isLegacy) {
    return { ok: false, reason: 'format' };
  }
  const regionCode = value.slice(0, 6);
  if (!provincePrefixes.has(value.slice(0, 2))) {
    return { ok: false, reason: 'region' };
  }
  const birth = checkBirthDate(isModern ? value.slice(6, 14) : `19${value.slice(6, 12)}`, now);
  if (!birth.ok) {
    return birth;
  }
  if (isModern && computeCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'check_character' };
  }
  const genderDigit = Number(value[isModern ? 16 : 14]);
  return { ok: true, value, birthDate: birth.date, gender: genderDigit % 2 === 1 ? 'male' : 'female', regionCode };
}

/** Returns true when `value` is one of the supported identity document types. */
export function isIdType(value: string): value is IdType {
  return (idTypes as readonly string[]).includes(value);
}

/** Builds a successful result for a document type from which no personal data is derived. */
function acceptOpaqueNumber(value: string): IdValidation {
  return { ok: true, value, birthDate: undefined, gender: undefined, regionCode: undefined };
}

/**
 * Validates a document number by type. Input is NFKC-folded, trimmed and upper-cased first.
 * - resident_id: the full validateIdNumber rule (birth date, gender and region derived);
 * - passport: 5–20 letters or digits;
 * - hk_macau_permit (港澳居民来往内地通行证): H or M followed by 8 or 10 digits;
 * - taiwan_permit (台湾居民来往大陆通行证): 8 or 10 digits;
 * - foreign_permanent_residence (外国人永久居留身份证): the pre-2023 15-character form, 3 letters + 12 digits,
 *   or the 2023 edition's 18 characters: "9" + 16 digits + MOD 11-2 check character (same as resident IDs).
 * Only resident IDs yield birthDate, gender and regionCode; for other types they are undefined.
 */
export function validateIdByType(type: IdType, input: string, now: Date = new Date()): IdValidation {
  if (type === 'resident_id') {
    return validateIdNumber(input, now);
  }
  const value = normalizeDocumentNumber(input);
  switch (type) {
    case 'passport':
      return /^[A-Z0-9]{5,20}$/.test(value) ? acceptOpaqueNumber(value) : { ok: false, reason: 'format' };
    case 'hk_macau_permit':
      return /^[HM](\d{8}|\d{10})$/.test(value) ? acceptOpaqueNumber(value) : { ok: false, reason: 'format' };
    case 'taiwan_permit':
      return /^(\d{8}|\d{10})$/.test(value) ? acceptOpaqueNumber(value) : { ok: false, reason: 'format' };
    case 'foreign_permanent_residence':
      return validateForeignPermanentResidenceNumber(value);
  }
}

/** Checks an already-normalised foreign permanent-residence number: 3 letters + 12 digits, or "9" + 16 digits + MOD 11-2 check. */
function validateForeignPermanentResidenceNumber(value: string): IdValidation {
  if (/^[A-Z]{3}\d{12}$/.test(value)) {
    return acceptOpaqueNumber(value);
  }
  if (!/^9\d{16}[\dX]$/.test(value)) {
    return { ok: false, reason: 'format' };
  }
  if (computeCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'check_character' };
  }
  return acceptOpaqueNumber(value);
}
