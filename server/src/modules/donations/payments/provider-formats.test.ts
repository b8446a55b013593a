// Provider text formats: yuan ↔ fen without floats, China times, CSV cells.
import { describe, expect, it } from 'vitest';
import { PaymentVerificationError } from './payment-provider';
import {
  formatChinaDateTime,
  formatCsvRow,
  formatFenAsYuan,
  formatRfc3339China,
  parseChinaDateTime,
  parseFeeToFen,
  parseRfc3339,
  parseSignedYuanToFen,
  parseYuanToFen,
  splitCsvRow,
} from './provider-formats';

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PaymentVerificationError ? error.reason : `other: ${String(error)}`;
  }
  return undefined;
}

describe('yuan amounts', () => {
  it.each([
    ['0.01', 1],
    ['1234.50', 123450],
    ['1234.5', 123450],
    ['12', 1200],
    ['0', 0],
    ['0.10', 10],
    ['9999999.99', 999999999],
    // 0.29 * 100 is 28.999999999999996 in floating point: the text route must not go there.
    ['0.29', 29],
    ['1.13', 113],
  ])('reads %s yuan as %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['1.005', '-1', '-0.01', '1e3', '.5', '1.', ' 1', '1 ', '01.00', '0x10', '', '1,000.00', '１'])(
    'refuses %j',
    (text) => {
      expect(reasonOf(() => parseYuanToFen(text))).toBe('malformed');
    },
  );

  it('refuses an amount beyond the safe integer range', () => {
    expect(reasonOf(() => parseYuanToFen('90071992547409.92'))).toBe('malformed');
  });

  it('reads negative statement amounts only through the signed reader', () => {
    expect(parseSignedYuanToFen('-0.01')).toBe(-1);
    expect(parseSignedYuanToFen('-0.00')).toBe(0);
    expect(reasonOf(() => parseSignedYuanToFen('-1.005'))).toBe('malformed');
  });

  it('rounds fees with up to 5 decimals half away from zero to whole fen', () => {
    expect(parseFeeToFen('0.00000')).toBe(0);
    expect(parseFeeToFen('0.05940')).toBe(6);
    expect(parseFeeToFen('0.00499')).toBe(0);
    expect(parseFeeToFen('0.00500')).toBe(1);
    expect(parseFeeToFen('-0.05940')).toBe(-6);
    expect(parseFeeToFen('7.79000')).toBe(779);
    expect(reasonOf(() => parseFeeToFen('0.1234567'))).toBe('malformed');
  });

  it('writes fen as yuan with two decimals and refuses what is not whole fen', () => {
    expect(formatFenAsYuan(1)).toBe('0.01');
    expect(formatFenAsYuan(123450)).toBe('1234.50');
    expect(formatFenAsYuan(0)).toBe('0.00');
    expect(formatFenAsYuan(100)).toBe('1.00');
    expect(() => formatFenAsYuan(1.5)).toThrow(RangeError);
    expect(() => formatFenAsYuan(-1)).toThrow(RangeError);
  });

  it('round-trips every amount up to 100 yuan', () => {
    for (let fen = 0; fen <= 10_000; fen += 1) {
      expect(parseYuanToFen(formatFenAsYuan(fen))).toBe(fen);
    }
  });
});

describe('China times', () => {
  const at = new Date('2026-01-31T16:30:05.789Z');

  it('writes the Asia/Shanghai wall clock, whatever the server zone', () => {
    expect(formatChinaDateTime(at)).toBe('2026-02-01 00:30:05');
    expect(formatRfc3339China(at)).toBe('2026-02-01T00:30:05+08:00');
  });

  it('reads them back as the same instant (to the second)', () => {
    expect(parseChinaDateTime('2026-02-01 00:30:05').toISOString()).toBe('2026-01-31T16:30:05.000Z');
    expect(parseRfc3339('2026-02-01T00:30:05+08:00').toISOString()).toBe('2026-01-31T16:30:05.000Z');
    expect(parseRfc3339('2018-06-08T10:34:56Z').toISOString()).toBe('2018-06-08T10:34:56.000Z');
  });

  it.each(['2026-02-30 00:00:00', '2026-2-1 00:00:00', '2026-02-01T00:30:05', '2026-02-01 24:00:00', ''])(
    'refuses %j as a China date-time',
    (text) => {
      expect(reasonOf(() => parseChinaDateTime(text))).toBe('malformed');
    },
  );

  it.each(['2026-02-01T00:30:05', '2026-02-01 00:30:05+08:00', '2026-13-01T00:00:00Z', 'yesterday'])(
    'refuses %j as RFC 3339',
    (text) => {
      expect(reasonOf(() => parseRfc3339(text))).toBe('malformed');
    },
  );
});

describe('CSV cells', () => {
  it('splits plain and quoted cells', () => {
    expect(splitCsvRow('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvRow('"a,b","say ""hi""",c')).toEqual(['a,b', 'say "hi"', 'c']);
    expect(splitCsvRow('`1,`2')).toEqual(['`1', '`2']);
  });

  it('quotes only what needs it and reads it back', () => {
    const fields = ['plain', 'with,comma', 'with "quote"', ' padded ', ''];
    const line = formatCsvRow(fields);
    expect(line).toBe('plain,"with,comma","with ""quote"""," padded ",');
    expect(splitCsvRow(line)).toEqual(fields);
  });

  it('refuses an unclosed quote', () => {
    expect(reasonOf(() => splitCsvRow('"open,b'))).toBe('malformed');
  });
});
