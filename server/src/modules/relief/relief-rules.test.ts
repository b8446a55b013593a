// The pure rules of relief: approval bands, the decision deadline in working days, the registry's warnings.
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../services/services.service';
import { type CaseFacts, decisionDueAt, defaultBands, reliefWarnings, requiredLevel } from './relief-rules';

describe('requiredLevel', () => {
  it.each([
    [1, 'county'],
    [500_000, 'county'],
    [500_001, 'city'],
    [2_000_000, 'city'],
    [2_000_001, 'province'],
    [99_000_000, 'province'],
  ])('sends %i fen to the %s', (fen, level) => {
    expect(requiredLevel(defaultBands, fen)).toBe(level);
  });
});

describe('decisionDueAt', () => {
  // 2026-11-23 is a Monday; times are Asia/Shanghai.
  it.each([
    ['2026-11-23T10:00:00+08:00', 5, '2026-11-30'],
    ['2026-11-27T23:30:00+08:00', 1, '2026-11-30'],
    ['2026-11-28T09:00:00+08:00', 5, '2026-12-04'],
    ['2026-11-29T09:00:00+08:00', 1, '2026-11-30'],
    ['2026-11-23T00:10:00+08:00', 10, '2026-12-07'],
  ])('from %s, %i working days end on %s (weekends off)', (from, days, due) => {
    const at = decisionDueAt(new Date(from), days, buildCalendar([]));
    expect(at.toISOString()).toBe(new Date(`${due}T23:59:59.999+08:00`).toISOString());
  });

  it('skips the public holidays and counts the make-up working days of the hall’s calendar', () => {
    // 2026-10-01..07 National Day off, Saturday 2026-10-10 a make-up working day (as on the hall's seeded calendar).
    const calendar = buildCalendar([
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
      { date: '2026-10-10', kind: 'workday' as const },
    ]);
    const at = decisionDueAt(new Date('2026-09-30T10:00:00+08:00'), 5, calendar);
    // Oct 8, 9, 10 (make-up Saturday), 12, 13.
    expect(at.toISOString()).toBe(new Date('2026-10-13T23:59:59.999+08:00').toISOString());
  });
});

const base: CaseFacts = {
  id: 'current',
  caseNo: 'R1',
  kind: 'hardship',
  status: 'reviewed',
  orgId: 1,
  causeCategory: 'illness',
  submittedAt: new Date('2026-11-20T00:00:00Z'),
  paidFen: null,
  paidAt: null,
};
const other = (extra: Partial<CaseFacts>): CaseFacts => ({ ...base, id: `o${Math.random()}`, caseNo: 'R0', ...extra });
const codes = (ws: ReturnType<typeof reliefWarnings>) => ws.map((w) => w.code);
const rules = { annualCapFen: 1_000_000, isSameCauseOnce: true };
const now = new Date('2026-11-23T00:00:00Z');

describe('reliefWarnings', () => {
  it('warns of nothing for a first case', () => {
    expect(reliefWarnings(base, [], rules, 300_000, now)).toEqual([]);
  });

  it('warns of the same kind within 12 months, not after 13 months or for a rejected case', () => {
    const recent = other({ status: 'closed', causeCategory: 'fire', submittedAt: new Date('2026-03-01T00:00:00Z') });
    const old = other({ status: 'closed', causeCategory: 'fire', submittedAt: new Date('2025-09-01T00:00:00Z') });
    const refused = other({ status: 'rejected', submittedAt: new Date('2026-10-01T00:00:00Z') });
    expect(codes(reliefWarnings(base, [recent], rules, 1, now))).toContain('SAME_KIND_WITHIN_12_MONTHS');
    expect(codes(reliefWarnings(base, [old, refused], rules, 1, now))).not.toContain('SAME_KIND_WITHIN_12_MONTHS');
  });

  it('warns over the annual cap counting this calendar year only', () => {
    const paid = other({
      status: 'paid',
      causeCategory: 'fire',
      paidFen: 800_000,
      paidAt: new Date('2026-02-01T00:00:00Z'),
    });
    const lastYear = other({
      status: 'paid',
      causeCategory: 'fire',
      paidFen: 800_000,
      paidAt: new Date('2025-12-01T00:00:00Z'),
    });
    expect(codes(reliefWarnings(base, [paid], rules, 200_000, now))).not.toContain('OVER_ANNUAL_CAP');
    expect(codes(reliefWarnings(base, [paid], rules, 200_001, now))).toContain('OVER_ANNUAL_CAP');
    expect(codes(reliefWarnings(base, [lastYear], rules, 900_000, now))).not.toContain('OVER_ANNUAL_CAP');
    expect(codes(reliefWarnings(base, [paid], { ...rules, annualCapFen: null }, 9e9, now))).not.toContain(
      'OVER_ANNUAL_CAP',
    );
  });

  it('blocks a paid same cause only when the kind helps a cause once', () => {
    const paid = other({ status: 'followed_up', paidFen: 1, paidAt: new Date('2024-01-01T00:00:00Z') });
    const [once] = reliefWarnings(base, [paid], rules, 1, now).filter((w) => w.code === 'SAME_CAUSE_HELPED');
    expect(once.isBlocking).toBe(true);
    const [again] = reliefWarnings(base, [paid], { ...rules, isSameCauseOnce: false }, 1, now).filter(
      (w) => w.code === 'SAME_CAUSE_HELPED',
    );
    expect(again.isBlocking).toBe(false);
    const unpaid = other({ status: 'rejected' });
    expect(codes(reliefWarnings(base, [unpaid], rules, 1, now))).not.toContain('SAME_CAUSE_HELPED');
  });

  it('warns of an open case in another unit, not in the same unit or a closed one', () => {
    const elsewhere = other({ status: 'submitted', orgId: 2, kind: 'emergency', causeCategory: 'fire' });
    const here = other({ status: 'submitted', orgId: 1, kind: 'emergency', causeCategory: 'fire' });
    const closed = other({ status: 'closed', orgId: 2, kind: 'emergency', causeCategory: 'fire' });
    expect(codes(reliefWarnings(base, [elsewhere], rules, 1, now))).toEqual(['OPEN_CASE_ELSEWHERE']);
    expect(codes(reliefWarnings(base, [here, closed], rules, 1, now))).toEqual([]);
  });
});
