// Money formatting and parsing: figures, strict yuan parsing into fen, and 人民币大写 by the rules for receipts.
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { amountInWords, fenToYuanString, formatYuan, parseYuanToFen } from './money';

describe('formatYuan and fenToYuanString', () => {
  it.each([
    [0, '¥0.00', '0.00'],
    [5, '¥0.05', '0.05'],
    [50, '¥0.50', '0.50'],
    [100, '¥1.00', '1.00'],
    [123450, '¥1,234.50', '1234.50'],
    [100000000, '¥1,000,000.00', '1000000.00'],
    [-5, '-¥0.05', '-0.05'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91', '90071992547409.91'],
    [12345678901234567890n, '¥123,456,789,012,345,678.90', '123456789012345678.90'],
  ])('shows %s fen as %s and %s', (fen, formatted, plain) => {
    expect(formatYuan(fen)).toBe(formatted);
    expect(fenToYuanString(fen)).toBe(plain);
  });

  it('refuses a fractional or unsafe number of fen instead of rounding it', () => {
    expect(() => formatYuan(10.5)).toThrow(RangeError);
    expect(() => fenToYuanString(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => amountInWords(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['50', 5000],
    ['50.5', 5050],
    ['50.50', 5050],
    ['0.01', 1],
    ['0', 0],
    [' 1234.5 ', 123450],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each([
    '',
    '   ',
    '0.001',
    '1.234',
    '-1',
    '+1',
    '1e3',
    '1E3',
    '0x10',
    '1,000',
    '.5',
    '5.',
    '050',
    'NaN',
    'Infinity',
    '５０',
    '90071992547409.92',
    '99999999999999999999',
  ])('refuses %j with VALIDATION_FAILED on the amount field', (text) => {
    let caught: unknown;
    try {
      parseYuanToFen(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const appError = caught as AppError;
    expect(appError.code).toBe('VALIDATION_FAILED');
    expect(appError.details).toMatchObject({ issues: [{ field: 'amount', message: expect.any(String) }] });
  });
});

describe('amountInWords', () => {
  it.each([
    [123450, '壹仟贰佰叁拾肆元伍角'],
    [10000, '壹佰元整'],
    [100507, '壹仟零伍元零柒分'],
    [7, '柒分'],
    [10, '壹角'],
    [57, '伍角柒分'],
    [0, '零元整'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [1600, '壹拾陆元整'],
    [1010, '壹拾元壹角'],
    [100000, '壹仟元整'],
    [100001, '壹仟元零壹分'],
    [101000, '壹仟零壹拾元整'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [1000000, '壹万元整'],
    [1000100, '壹万零壹元整'],
    [1010000, '壹万零壹佰元整'],
    [1100000, '壹万壹仟元整'],
    [10700053, '壹拾万柒仟元伍角叁分'],
    [99999999, '玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    [100000001, '壹佰万元零壹分'],
    [1001000000, '壹仟零壹万元整'],
    [2000000000, '贰仟万元整'],
    [10000000000, '壹亿元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [11000000000, '壹亿壹仟万元整'],
    [1000000000000, '壹佰亿元整'],
    [100000000000000, '壹万亿元整'],
    [100001000000000, '壹万亿壹仟万元整'],
    [Number.MAX_SAFE_INTEGER, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
    [-10000, '负壹佰元整'],
    [-123450n, '负壹仟贰佰叁拾肆元伍角'],
  ])('writes %s fen as %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });
});
