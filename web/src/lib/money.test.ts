// Typed yuan to integer fen (no floats) and fen to ¥1,234.50, table-driven.
import { describe, expect, it } from 'vitest';
import { fenToYuanText, formatFen, parseYuan, percentOf } from './money';

describe('parseYuan', () => {
  it.each([
    ['50', 5000],
    ['50.5', 5050],
    ['50.05', 5005],
    ['0.01', 1],
    ['.5', 50],
    ['5.', 500],
    ['007', 700],
    ['1,000.00', 100000],
    ['¥88', 8800],
    ['￥ 1 000', 100000],
    ['５０．５', 5050],
    ['0.1', 10],
    ['0.29', 29],
    ['1.15', 115],
    ['99999999.99', 9999999999],
    ['100000000', 10000000000],
  ])('reads %s as %i fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'format'],
    ['1e3', 'format'],
    ['5..0', 'format'],
    ['.', 'format'],
    ['0x10', 'format'],
    ['-5', 'negative'],
    ['－5', 'negative'],
    ['50.555', 'decimals'],
    ['0.001', 'decimals'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['100000000.01', 'tooLarge'],
    ['9999999999', 'tooLarge'],
    ['12345678901234567890', 'tooLarge'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(parseYuan(text)).toEqual({ ok: false, reason });
  });
});

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [5000, '¥50.00'],
    [123450, '¥1,234.50'],
    [100000000, '¥1,000,000.00'],
    [-2050, '-¥20.50'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
  ])('writes %i fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('drops .00 from whole yuan when asked, and keeps real cents', () => {
    expect(formatFen(5000, { whole: 'short' })).toBe('¥50');
    expect(formatFen(5050, { whole: 'short' })).toBe('¥50.50');
    expect(formatFen(50000000, { whole: 'short', symbol: false })).toBe('500,000');
  });

  it('writes plain yuan for spreadsheets', () => {
    expect(fenToYuanText(123456789)).toBe('1234567.89');
  });
});

describe('percentOf', () => {
  it('rounds down and stops at 100', () => {
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(300, 200)).toBe(100);
    expect(percentOf(5, null)).toBe(0);
  });
});
