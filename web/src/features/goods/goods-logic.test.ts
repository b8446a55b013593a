import { describe, expect, it } from 'vitest';
import { chinaToday } from '../../lib/china-time';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { addMonths, earliestAcceptableExpiry, expiryState } from './shelf-life';
import { totalStock } from './stock-totals';

describe('shelf life', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('adds months to %s + %i → %s, clamped to the month end', (from, months, to) => {
    expect(addMonths(from, months)).toBe(to);
  });

  it('gives the first acceptable expiry for the configured months', () => {
    expect(earliestAcceptableExpiry('2026-11-24', 6)).toBe('2027-05-24');
    expect(earliestAcceptableExpiry('2026-11-24', 3)).toBe('2027-02-24');
  });

  it.each([
    [null, { kind: 'none' }],
    ['2026-11-23', { kind: 'expired', days: 1 }],
    ['2026-11-24', { kind: 'soon', days: 0 }],
    ['2026-12-24', { kind: 'soon', days: 30 }],
    ['2026-12-25', { kind: 'ok', days: 31 }],
  ])('tells expiry %s apart on 2026-11-24 with a 30-day window', (expiresOn, state) => {
    expect(expiryState(expiresOn, '2026-11-24', 30)).toEqual(state);
  });

  it('reads today in China, not UTC', () => {
    expect(chinaToday(new Date('2026-11-24T17:00:00Z'))).toBe('2026-11-25');
    expect(chinaToday(new Date('2026-11-24T15:59:00Z'))).toBe('2026-11-24');
  });
});

describe('stock totals', () => {
  const line = (
    lotId: string,
    warehouseId: number,
    itemName: string,
    productCode: string,
    unit: string,
    quantity: number,
  ) => ({
    lotId,
    warehouseId,
    warehouseName: `库${warehouseId}`,
    itemName,
    productCode,
    unit,
    quantity,
  });

  it('adds up the same exact product only: N95 and KN95, boxes and bags stay apart', () => {
    const { products, warehouses } = totalStock([
      line('a', 1, '口罩', 'N95', '箱', 1200),
      line('b', 1, '口罩', 'KN95', '箱', 900),
      // Lot a again, moved in part to warehouse 2: one lot, not two.
      line('a', 2, '口罩', 'N95', '箱', 500),
      line('c', 2, '口罩', 'N95', '个', 30),
      line('d', 1, '口罩', 'N95', '箱', 10),
    ]);
    expect(products.map((p) => [p.productCode, p.unit, p.quantity, p.lots])).toEqual([
      ['KN95', '箱', 900, 1],
      ['N95', '个', 30, 1],
      ['N95', '箱', 1710, 2],
    ]);
    expect(
      warehouses.map((w) => [w.warehouseId, w.products.map((p) => `${p.productCode}${p.unit}${p.quantity}`)]),
    ).toEqual([
      [1, ['KN95箱900', 'N95箱1210']],
      [2, ['N95个30', 'N95箱500']],
    ]);
  });

  it('is empty for no lines', () => {
    expect(totalStock([])).toEqual({ products: [], warehouses: [] });
  });
});

describe('money', () => {
  it('formats fen and parses typed yuan without floats', () => {
    expect(formatFen(25_000)).toBe('¥250.00');
    expect(formatFen(50_000_000)).toBe('¥500,000.00');
    expect(parseYuanToFen('250')).toBe(25_000);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-1')).toBeNull();
    expect(parseYuanToFen('')).toBeNull();
  });
});
