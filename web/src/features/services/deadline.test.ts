import { describe, expect, it } from 'vitest';
import { deadlineLabel, deadlineTone } from './deadline';

type Case = Parameters<typeof deadlineTone>[0];
const base: Case = {
  status: 'accepted',
  deadlineOn: '2026-03-10',
  isOverdue: false,
  isDueSoon: false,
  workingDaysLeft: 5,
};

describe('deadlineTone and deadlineLabel', () => {
  it.each<[Partial<Case>, string, ReturnType<typeof deadlineLabel>]>([
    [{}, 'normal', { key: 'left', days: 5 }],
    [{ isDueSoon: true, workingDaysLeft: 1 }, 'dueSoon', { key: 'left', days: 1 }],
    [{ isDueSoon: true, workingDaysLeft: 0 }, 'dueSoon', { key: 'dueToday' }],
    [{ isOverdue: true, workingDaysLeft: -3 }, 'overdue', { key: 'overdue', days: 3 }],
    // Overdue on the deadline's evening still reads as one day late, never "0 days".
    [{ isOverdue: true, workingDaysLeft: 0 }, 'overdue', { key: 'overdue', days: 1 }],
    [{ status: 'submitted', isOverdue: true, workingDaysLeft: -1 }, 'overdue', { key: 'overdue', days: 1 }],
    [{ status: 'done', isOverdue: true }, 'none', { key: 'none' }],
    [{ status: 'withdrawn' }, 'none', { key: 'none' }],
    // A returned request waits on the applicant, not on the unit.
    [{ status: 'returned', isOverdue: true }, 'none', { key: 'none' }],
    [{ deadlineOn: null }, 'none', { key: 'none' }],
  ])('%o → %s', (over, tone, label) => {
    const r = { ...base, ...over };
    expect(deadlineTone(r)).toBe(tone);
    expect(deadlineLabel(r)).toEqual(label);
  });
});
