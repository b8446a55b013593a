// The arithmetic of mutual-aid funds: a livestream's share of sales, loan schedules, repayment allocation, overdue.
import { describe, expect, it } from 'vitest';
import { addMonths, allocateRepayment, buildSchedule, isOverdue, livestreamShareFen } from './mutualaid-rules';

describe('livestreamShareFen (sales × rate, half up to the fen)', () => {
  it.each([
    // salesFen, rateBp, exact share in fen, expected
    [12_345, 250, '308.625', 309],
    [12_338, 250, '308.45', 308],
    [12_342, 250, '308.55', 309],
    [10_000, 300, '300', 300],
    [1, 1, '0.0001', 0],
    [200, 250, '5', 5],
    [8_654_321, 500, '432716.05', 432_716],
    [999_999_999_999, 10_000, '999999999999', 999_999_999_999],
  ])('%i fen at %i bp (%s) → %i fen', (sales, bp, _exact, expected) => {
    expect(livestreamShareFen(sales, bp)).toBe(expected);
  });
});

describe('buildSchedule', () => {
  it.each([
    {
      label: 'equal, divides evenly',
      input: { amountFen: 120_000, termMonths: 12, kind: 'equal' as const, startOn: '2026-01-15' },
      amounts: Array(12).fill(10_000),
      first: '2026-02-15',
      last: '2027-01-15',
    },
    {
      label: 'equal, the last instalment takes the remainder',
      input: { amountFen: 10_000, termMonths: 3, kind: 'equal' as const, startOn: '2026-03-01' },
      amounts: [3333, 3333, 3334],
      first: '2026-04-01',
      last: '2026-06-01',
    },
    {
      label: 'equal over 24 months, remainder 23 fen',
      input: { amountFen: 1_000_007, termMonths: 24, kind: 'equal' as const, startOn: '2026-01-31' },
      amounts: [...Array(23).fill(41_666), 41_666 + 23],
      first: '2026-02-28',
      last: '2028-01-31',
    },
    {
      label: 'equal, fewer fen than months',
      input: { amountFen: 5, termMonths: 6, kind: 'equal' as const, startOn: '2026-05-10' },
      amounts: [0, 0, 0, 0, 0, 5],
      first: '2026-06-10',
      last: '2026-11-10',
    },
    {
      label: 'bullet at term end',
      input: { amountFen: 300_000, termMonths: 24, kind: 'bullet' as const, startOn: '2026-02-29' },
      amounts: [300_000],
      first: '2028-02-29',
      last: '2028-02-29',
    },
  ])('$label', ({ input, amounts, first, last }) => {
    const s = buildSchedule(input);
    expect(s.map((i) => i.amountFen)).toEqual(amounts);
    expect(s.reduce((a, i) => a + i.amountFen, 0)).toBe(input.amountFen);
    expect(s.map((i) => i.seq)).toEqual(amounts.map((_, n) => n + 1));
    expect(s[0].dueOn).toBe(first);
    expect(s.at(-1)!.dueOn).toBe(last);
  });

  it('keeps month ends inside the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('allocateRepayment', () => {
  const schedule = [
    { seq: 1, amountFen: 3333, paidFen: 3333 },
    { seq: 2, amountFen: 3333, paidFen: 1000 },
    { seq: 3, amountFen: 3334, paidFen: 0 },
  ];
  it.each([
    [100, [{ seq: 2, amountFen: 100 }]],
    [2333, [{ seq: 2, amountFen: 2333 }]],
    [
      3000,
      [
        { seq: 2, amountFen: 2333 },
        { seq: 3, amountFen: 667 },
      ],
    ],
    [
      5667,
      [
        { seq: 2, amountFen: 2333 },
        { seq: 3, amountFen: 3334 },
      ],
    ],
  ])('applies %i fen to the oldest open instalments first', (amount, expected) => {
    expect(allocateRepayment(schedule, amount)).toEqual(expected);
  });

  it('refuses more than is owed', () => {
    expect(allocateRepayment(schedule, 5668)).toBeNull();
    expect(allocateRepayment([{ seq: 1, amountFen: 10, paidFen: 10 }], 1)).toBeNull();
  });
});

describe('isOverdue', () => {
  it('is overdue from the day after the due date while anything is unpaid', () => {
    const i = { dueOn: '2026-05-10', amountFen: 100, paidFen: 99 };
    expect(isOverdue(i, '2026-05-10')).toBe(false);
    expect(isOverdue(i, '2026-05-11')).toBe(true);
    expect(isOverdue({ ...i, paidFen: 100 }, '2026-06-01')).toBe(false);
  });
});
