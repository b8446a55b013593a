// The item's form schema turned into checks the page runs before sending (mirroring the server's), and the form's
// values turned into the answers the server takes. Pure: the page maps each problem to a message.
import type { FormAnswers, FormField } from '../../../../server/src/modules/services/services.schemas';
import { chinaToday } from '../../lib/china-time';

/** Why a value is refused; the page shows a message per problem. */
export type FieldProblem =
  | 'required'
  | 'tooLong'
  | 'notNumber'
  | 'belowMin'
  | 'aboveMax'
  | 'badDate'
  | 'badOption'
  | 'badPhone'
  | 'badIdNumber';

/** The longest text when the field does not say (text 100, textarea 2000), as the server assumes. */
export function maxLengthOf(field: FormField): number | undefined {
  if (field.type === 'text') {
    return field.maxLength ?? 100;
  }
  if (field.type === 'textarea') {
    return field.maxLength ?? 2000;
  }
  return undefined;
}

/**
 * A phone number the server takes (its normalisePhone): a mainland mobile 1[3-9]… with or without 86 / +86 / 0086,
 * or another country's number as + (or 00) and 8–15 digits; a +86 number that is not a mobile is refused.
 */
export function isPhoneNumber(input: string): boolean {
  const compact = input.normalize('NFKC').replace(/[\s-]/g, '');
  const mobile = /^1[3-9]\d{9}$/;
  let digits: string;
  if (compact.startsWith('+')) {
    digits = compact.slice(1);
  } else if (compact.startsWith('00')) {
    digits = compact.slice(2);
  } else if (mobile.test(compact)) {
    digits = `86${compact}`;
  } else if (compact.startsWith('86') && mobile.test(compact.slice(2))) {
    digits = compact;
  } else {
    return false;
  }
  if (!/^[1-9]\d{7,14}$/.test(digits)) {
    return false;
  }
  return digits.startsWith('86') ? mobile.test(digits.slice(2)) : true;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = '10X98765432';
const provinces = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

function isRealDate(yyyymmdd: string): string | null {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * A resident ID number as the server checks it (GB 11643-1999): 18 characters with a valid MOD 11-2 check character,
 * or a legacy 15-digit number; a province-level region prefix; a real birth date from 1890 to today (China).
 */
export function isResidentIdNumber(input: string, now: Date = new Date()): boolean {
  const value = input.normalize('NFKC').trim().toUpperCase();
  const isModern = /^\d{17}[\dX]$/.test(value);
  if (!isModern && !/^\d{15}$/.test(value)) {
    return false;
  }
  if (!provinces.has(value.slice(0, 2))) {
    return false;
  }
  const birth = isRealDate(isModern ? value.slice(6, 14) : `19${value.slice(6, 12)}`);
  if (!birth || birth < '1890-01-01' || birth > chinaToday(now)) {
    return false;
  }
  if (!isModern) {
    return true;
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(value[i]) * idWeights[i];
  }
  return idCheck[sum % 11] === value[17];
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The first problem with one answer, or null when it may be sent. Empty optional answers are fine. */
export function checkField(field: FormField, value: unknown, now: Date = new Date()): FieldProblem | null {
  if (isBlank(value)) {
    return field.required ? 'required' : null;
  }
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isFinite(n)) {
        return 'notNumber';
      }
      if (field.min !== undefined && n < field.min) {
        return 'belowMin';
      }
      if (field.max !== undefined && n > field.max) {
        return 'aboveMax';
      }
      return null;
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value.replace(/-/g, ''))
        ? null
        : 'badDate';
    case 'select':
      return (field.options ?? []).some((o) => o.value === value) ? null : 'badOption';
    case 'phone':
      return isPhoneNumber(String(value)) ? null : 'badPhone';
    case 'idNumber':
      return isResidentIdNumber(String(value), now) ? null : 'badIdNumber';
    default: {
      const max = maxLengthOf(field);
      return max !== undefined && String(value).trim().length > max ? 'tooLong' : null;
    }
  }
}

/** Problems per field key (only fields with one). */
export function checkAnswers(
  fields: readonly FormField[],
  values: Record<string, unknown>,
  now: Date = new Date(),
): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const field of fields) {
    const problem = checkField(field, values[field.key], now);
    if (problem) {
      problems[field.key] = problem;
    }
  }
  return problems;
}

/**
 * The answers as the server takes them: trimmed text, numbers as numbers, phones without spaces, ID numbers
 * upper-cased, and null for an empty optional field. Keys not in the schema are left out.
 */
export function toAnswers(fields: readonly FormField[], values: Record<string, unknown>): FormAnswers {
  const answers: FormAnswers = {};
  for (const field of fields) {
    const value = values[field.key];
    if (isBlank(value)) {
      answers[field.key] = null;
    } else if (field.type === 'number') {
      answers[field.key] = typeof value === 'number' ? value : Number(String(value).trim());
    } else if (field.type === 'phone') {
      answers[field.key] = String(value).replace(/[\s-]/g, '');
    } else if (field.type === 'idNumber') {
      answers[field.key] = String(value).normalize('NFKC').trim().toUpperCase();
    } else {
      answers[field.key] = String(value).trim();
    }
  }
  return answers;
}

/** Form values from earlier answers (for 补正: the returned request's form, edited and sent again). */
export function fromAnswers(fields: readonly FormField[], answers: FormAnswers): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const field of fields) {
    const value = answers[field.key];
    if (value !== null && value !== undefined) {
      values[field.key] = value;
    }
  }
  return values;
}
