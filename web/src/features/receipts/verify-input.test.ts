// What a visitor types to verify a receipt: normalised, split when pasted as code-number, and checked for shape.
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../lib/money';
import { normaliseVerifyFields, verifyFieldsFromQuery, verifyPath, verifyProblems } from './verify-input';

describe('verify input', () => {
  it('folds full-width digits and spaces, and lower-cases the check code', () => {
    expect(normaliseVerifyFields({ code: '３３０５ ０１２６', number: ' 0000000001 ', check: 'A1B2C3' })).toEqual({
      code: '33050126',
      number: '0000000001',
      check: 'a1b2c3',
    });
  });

  it('splits a pasted code-number when the number field is empty', () => {
    expect(normaliseVerifyFields({ code: '33050126-0000000007', number: '', check: 'ff00aa' })).toEqual({
      code: '33050126',
      number: '0000000007',
      check: 'ff00aa',
    });
  });

  it.each([
    [{ code: '33050126', number: '0000000001', check: 'a1b2c3' }, []],
    [{ code: '3305012', number: '0000000001', check: 'a1b2c3' }, ['code']],
    [{ code: '33050126', number: '000000001', check: '' }, ['number', 'check']],
    [{ code: 'abcdefgh', number: '00000000011', check: 'a1!' }, ['code', 'number', 'check']],
  ])('%j has problems %j', (f, problems) => {
    expect(verifyProblems(f)).toEqual(problems);
  });

  it('reads the fields a QR code link carries and builds the same link back', () => {
    const f = { code: '33050126', number: '0000000001', check: 'a1b2c3' };
    const path = verifyPath(f);
    expect(path).toBe('/receipts/verify?code=33050126&number=0000000001&check=a1b2c3');
    expect(verifyFieldsFromQuery(new URL(path, 'https://x.org').searchParams)).toEqual(f);
  });

  it('formats fen with the sign of a reversal', () => {
    expect(formatFen(123_456)).toBe('¥1,234.56');
    expect(formatFen(-5000)).toBe('-¥50.00');
    expect(formatFen(5)).toBe('¥0.05');
  });
});
