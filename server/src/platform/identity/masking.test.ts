// Tests for display masks of names, document numbers and phone numbers.
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './masking';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['李', '*'],
    [' 王五 ', '王*'],
    ['阿卜杜拉·买买提', '阿******提'],
    ['𠮷野家', '𠮷*家'], // a character outside the BMP counts as one
    ['John Smith', 'J***'],
    ['alice', 'a***'],
    ['Émile Zola', 'É***'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['330102199001011234', '330***********1234'],
    ['11010519491231002X', '110***********002X'],
    ['330102900101123', '330********1123'],
    ['E12345678', 'E*****678'],
    ['H12345678', 'H*****678'],
    ['M1234567890', 'M1******890'],
    ['12345678', '1****678'],
    ['1234567890', '12*****890'],
    ['G1234', 'G***4'],
    ['USA123456789012', 'USA********9012'],
    ['AB', 'A*'],
    ['A', '*'],
    ['', ''],
  ])('%j → %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('keeps the length and never reveals more than half (every length 0–30)', () => {
    for (let length = 0; length <= 30; length++) {
      const id = 'ABCDEFGHJKLMNPQRTUWXY0123456789'.slice(0, length);
      const masked = maskIdNumber(id);
      expect(masked.length).toBe(length);
      const revealed = [...masked].filter((c) => c !== '*').length;
      expect(revealed).toBeLessThanOrEqual(Math.floor(length / 2));
      expect(masked.includes('*') || length === 0).toBe(true);
    }
  });
});

describe('maskPhone', () => {
  it.each([
    ['+8613812345678', '138****5678'],
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['+85291234567', '+852****4567'],
    ['+14155552671', '+1******2671'],
    ['+442079460958', '+44******0958'],
    ['+12345678', '+1****678'], // short national number: at most half shown
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('masks unparseable input without revealing more than half', () => {
    expect(maskPhone('021-12345678')).toBe('02******5678');
  });
});
