// The figure rules as tables: a figure from sparse roll-up rows (flows, stocks, rates), what a unit should have reached
// by a month, completion with over-achievement and lower-is-better, and the months a merged unit contributes.
import { describe, expect, it } from 'vitest';
import { expectedAt, judge, monthsBefore, valueAt } from './kpi.service';

const flowSum = { rollup: 'sum', periodKind: 'flow', scale: 0.01, decimals: 2, higherIsBetter: true };
const stockSum = { rollup: 'sum', periodKind: 'stock', scale: 1, decimals: 0, higherIsBetter: true };
const flowRatio = { rollup: 'ratio', periodKind: 'flow', scale: 100, decimals: 1, higherIsBetter: true };
const days = { rollup: 'ratio', periodKind: 'flow', scale: 1, decimals: 1, higherIsBetter: false };
const perPop = { rollup: 'per_population', periodKind: 'stock', scale: 100_000, decimals: 2, higherIsBetter: true };

const row = (
  month: number,
  monthValue: number,
  ytdValue: number,
  monthDen: number | null = null,
  ytdDen = monthDen,
) => ({
  month,
  monthValue,
  monthDen,
  ytdValue,
  ytdDen,
  manual: false,
});

describe('valueAt', () => {
  const cases = [
    // A flow reads the year to date of the latest row at or before the month; a month without records adds nothing.
    {
      name: 'flow, month with records',
      ind: flowSum,
      rows: [row(2, 100, 100), row(5, 250, 350)],
      month: 5,
      actual: 3.5,
      monthValue: 2.5,
    },
    {
      name: 'flow, quiet month',
      ind: flowSum,
      rows: [row(2, 100, 100), row(5, 250, 350)],
      month: 4,
      actual: 1,
      monthValue: 0,
    },
    { name: 'flow, before any record', ind: flowSum, rows: [row(2, 100, 100)], month: 1, actual: 0, monthValue: 0 },
    // A stock reads the month's own level: a month without a row had nothing in place.
    {
      name: 'stock, level of the month',
      ind: stockSum,
      rows: [row(3, 7, 7), row(4, 9, 9)],
      month: 4,
      actual: 9,
      monthValue: 9,
    },
    { name: 'stock, nothing in place', ind: stockSum, rows: [row(3, 7, 7)], month: 5, actual: 0, monthValue: 0 },
    // A ratio divides the sums (not the average of rates): 9 of 10, then 1 of 10 → 50 % for the year.
    {
      name: 'ratio of sums',
      ind: flowRatio,
      rows: [row(1, 9, 9, 10, 10), row(2, 1, 10, 10, 20)],
      month: 2,
      actual: 50,
      monthValue: 10,
    },
    { name: 'ratio without a denominator', ind: flowRatio, rows: [], month: 2, actual: null, monthValue: null },
    {
      name: 'per 100,000 inhabitants',
      ind: perPop,
      rows: [row(6, 3, 3, 150_000, 150_000)],
      month: 6,
      actual: 2,
      monthValue: 2,
    },
  ] as const;
  it.each(cases)('$name', ({ ind, rows, month, actual, monthValue }) => {
    expect(valueAt(ind, [...rows], month)).toMatchObject({ actual, monthValue });
  });
});

describe('expectedAt', () => {
  const target = (value: number, monthly: (number | null)[] | null = null) => ({
    indicator: 'x',
    value,
    monthly,
    locked: false,
  });
  it.each([
    { name: 'no target', ind: flowSum, t: undefined, month: 6, expected: null },
    { name: 'a flow spreads the year evenly', ind: flowSum, t: target(1200), month: 3, expected: 300 },
    { name: 'monthly targets so far', ind: flowSum, t: target(1200, [0, 0, 500, null, 100]), month: 5, expected: 600 },
    { name: 'a stock aims at the whole target', ind: stockSum, t: target(40), month: 3, expected: 40 },
    { name: 'a rate aims at the whole target', ind: flowRatio, t: target(95), month: 3, expected: 95 },
    { name: 'a level’s target of that month', ind: stockSum, t: target(40, [10, 20, 30]), month: 2, expected: 20 },
  ])('$name', ({ ind, t, month, expected }) => {
    expect(expectedAt(ind, t, month)).toBe(expected);
  });
});

describe('judge', () => {
  it.each([
    {
      name: 'over-achievement is not capped (1201 %)',
      ind: flowSum,
      a: 12_010,
      t: 1000,
      e: 1000,
      c: 12.01,
      s: 'achieved',
    },
    { name: 'exactly the target', ind: flowSum, a: 100, t: 100, e: 50, c: 1, s: 'achieved' },
    { name: 'within ten points of the expected share', ind: flowSum, a: 45, t: 100, e: 50, c: 0.45, s: 'on_track' },
    { name: 'more than ten points behind', ind: flowSum, a: 39, t: 100, e: 50, c: 0.39, s: 'behind' },
    { name: 'lower is better: 4 days against 5', ind: days, a: 4, t: 5, e: 5, c: 1.25, s: 'achieved' },
    { name: 'lower is better: 8 days against 5', ind: days, a: 8, t: 5, e: 5, c: 0.625, s: 'behind' },
    { name: 'lower is better: 5.5 days against 5', ind: days, a: 5.5, t: 5, e: 5, c: 0.9091, s: 'on_track' },
    { name: 'no target', ind: flowSum, a: 10, t: null, e: null, c: null, s: 'no_target' },
    { name: 'no figure yet for a rate', ind: flowRatio, a: null, t: 95, e: 95, c: null, s: 'on_track' },
    { name: 'a target of zero is met', ind: flowSum, a: 0, t: 0, e: 0, c: null, s: 'achieved' },
  ] as const)('$name', ({ ind, a, t, e, c, s }) => {
    expect(judge(ind, a, t, e)).toEqual({ completion: c, status: s });
  });
});

describe('monthsBefore', () => {
  it.each([
    { on: '2026-07-01', year: 2026, months: 6 },
    { on: '2026-07-15', year: 2026, months: 7 },
    { on: '2026-01-01', year: 2026, months: 0 },
    { on: '2026-03-01', year: 2025, months: 12 },
    { on: '2025-03-01', year: 2026, months: 0 },
  ])('a merge on $on leaves the predecessor $months months of $year', ({ on, year, months }) => {
    expect(monthsBefore(on, year)).toBe(months);
  });
});
