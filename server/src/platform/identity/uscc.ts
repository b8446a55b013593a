// Unified social credit code (统一社会信用代码, GB 32100-2015) validation for organisations.

export const usccProblems = ['format', 'check_character'] as const;
export type UsccProblem = (typeof usccProblems)[number];

export type UsccValidation = { ok: true; value: string } | { ok: false; reason: UsccProblem };

/** The 31 characters a code may use (no I, O, S, V, Z); a character's value is its index here. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i is 3^i mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/**
 * Check character for the first 17 characters of a unified social credit code:
 * s = Σ value_i × weight_i (weights 3^i mod 31), check value = 31 − (s mod 31), with 31 meaning 0;
 * a value is its index in "0123456789ABCDEFGHJKLMNPQRTUWXY". Throws a RangeError on other input.
 */
export function computeUsccCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) {
    throw new RangeError('computeUsccCheckCharacter needs 17 characters from the code alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Validates a unified social credit code: after NFKC folding, trimming and upper-casing it must be
 * 18 characters from 0-9, A-H, J-N, P-R, T, U, W-Y ('format'), the last being the check character
 * computed by computeUsccCheckCharacter ('check_character').
 */
export function validateUscc(input: string): UsccValidation {
  const value = input.normalize('NFKC').trim().toUpperCase();
  if (!USCC_SHAPE.test(value)) {
    return { ok: false, reason: 'format' };
  }
  if (computeUsccCheckCharacter(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'check_character' };
  }
  return { ok: true, value };
}
