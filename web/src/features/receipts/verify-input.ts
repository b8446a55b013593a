// What a visitor types or scans to verify a receipt: the 8-digit receipt code, the 10-digit number and the check
// code. A pasted "code-number" (as the console prints it) or a whole verification link is split into its parts.

export type VerifyFields = { code: string; number: string; check: string };
export type VerifyProblem = 'code' | 'number' | 'check';

const digitsOnly = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Normalises the three fields (full-width digits folded, spaces dropped, check code lower-case). */
export function normaliseVerifyFields(f: VerifyFields): VerifyFields {
  const code = digitsOnly(f.code);
  const number = digitsOnly(f.number);
  // "32050126-0000000001" typed into the code field: take both parts.
  const joined = /^(\d{8})-?(\d{10})$/.exec(code);
  if (joined && number === '') {
    return { code: joined[1], number: joined[2], check: digitsOnly(f.check).toLowerCase() };
  }
  return { code, number, check: digitsOnly(f.check).toLowerCase() };
}

/** The fields that cannot be a receipt's (wrong length or characters), in form order. */
export function verifyProblems(f: VerifyFields): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  if (!/^\d{8}$/.test(f.code)) {
    problems.push('code');
  }
  if (!/^\d{10}$/.test(f.number)) {
    problems.push('number');
  }
  if (!/^[0-9a-z]{4,20}$/.test(f.check)) {
    problems.push('check');
  }
  return problems;
}

/** The fields carried by a verification link's query (?code=&number=&check=), as the QR code on a receipt holds them. */
export function verifyFieldsFromQuery(search: URLSearchParams): VerifyFields {
  return { code: search.get('code') ?? '', number: search.get('number') ?? '', check: search.get('check') ?? '' };
}

/** The path of our verification page for a receipt. */
export function verifyPath(f: VerifyFields): string {
  return `/receipts/verify?${new URLSearchParams({ code: f.code, number: f.number, check: f.check })}`;
}
