// The local issuer's pure rules: the 8-digit receipt code, 10-digit numbers, the keyed check code, the QR link.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeCheckCode, formatReceiptNumber, receiptCodeFor, verifyUrl } from './local-issuer';

describe('receiptCodeFor', () => {
  it('joins the province of the region code, category 05, type 01 and the two-digit year', () => {
    expect(receiptCodeFor('330600', new Date('2026-03-01T00:00:00+08:00'))).toBe('33050126');
    expect(receiptCodeFor('610902', new Date('2025-07-01T00:00:00+08:00'))).toBe('61050125');
    expect(receiptCodeFor('330600', new Date('2026-03-01T00:00:00+08:00'), { category: '07', type: '02' })).toBe(
      '33070226',
    );
  });

  it('takes the year in Asia/Shanghai: 31 December 16:30 UTC is already New Year in China', () => {
    expect(receiptCodeFor('330600', new Date('2025-12-31T16:30:00Z'))).toBe('33050126');
    expect(receiptCodeFor('330600', new Date('2025-12-31T15:30:00Z'))).toBe('33050125');
  });

  it('refuses a region code that is not six GB/T 2260 digits', () => {
    for (const bad of ['3306', '33060X', '030600', '', '3306001']) {
      expect(() => receiptCodeFor(bad, new Date()), bad).toThrow(/GB\/T 2260/);
    }
  });
});

describe('formatReceiptNumber', () => {
  it('pads to 10 digits from 1 to 9 999 999 999 and refuses anything else', () => {
    expect(formatReceiptNumber(1)).toBe('0000000001');
    expect(formatReceiptNumber(1234567890)).toBe('1234567890');
    expect(formatReceiptNumber(9_999_999_999)).toBe('9999999999');
    for (const bad of [0, -1, 1.5, 10_000_000_000]) {
      expect(() => formatReceiptNumber(bad), String(bad)).toThrow(RangeError);
    }
  });
});

describe('computeCheckCode', () => {
  const key = Buffer.alloc(32, 9);
  const fields = {
    receiptCode: '33050126',
    receiptNumber: '0000000001',
    payerName: '张小三',
    payerId: '330681199001011234',
    totalFen: 12345,
    issuedAt: new Date('2026-03-01T10:00:00+08:00'),
  };

  it('is the first 6 hex characters of HMAC-SHA256 over code|number|payer|ID|amount|China date', () => {
    const expected = crypto
      .createHmac('sha256', key)
      .update('33050126|0000000001|张小三|330681199001011234|12345|2026-03-01')
      .digest('hex')
      .slice(0, 6);
    expect(computeCheckCode(key, fields)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{6}$/);
  });

  it('changes with every field and with the key', () => {
    const base = computeCheckCode(key, fields);
    const variants = [
      { receiptNumber: '0000000002' },
      { receiptCode: '33050125' },
      { payerName: '张小四' },
      { payerId: '330681199001011242' },
      { totalFen: 12346 },
      { issuedAt: new Date('2026-03-02T10:00:00+08:00') },
    ];
    for (const v of variants) {
      expect(computeCheckCode(key, { ...fields, ...v }), JSON.stringify(v)).not.toBe(base);
    }
    expect(computeCheckCode(Buffer.alloc(32, 8), fields)).not.toBe(base);
  });
});

describe('verifyUrl', () => {
  it('links to the public verification page with code, number and check code', () => {
    expect(
      verifyUrl('https://boai.example.org/', {
        receiptCode: '33050126',
        receiptNumber: '0000000001',
        checkCode: 'ab12cd',
      }),
    ).toBe('https://boai.example.org/receipts/verify?code=33050126&number=0000000001&check=ab12cd');
  });
});
