// The pure rules of the donor registers: ages on a date, calendar months, the blood-donation age and interval, and the
// stem-cell workflow order and withdrawal rules.
import { describe, expect, it } from 'vitest';
import { stemCellStatuses } from './registry-stemcell.schemas';
import {
  addMonths,
  ageOn,
  canWithdraw,
  checkBloodDonor,
  isLateWithdrawal,
  isStemCellAge,
  nextWorkflowStep,
} from './registry-stemcell-rules';

describe('ageOn', () => {
  it.each([
    ['2000-06-15', '2018-06-14', 17],
    ['2000-06-15', '2018-06-15', 18],
    ['2000-02-29', '2018-02-28', 17],
    ['2000-02-29', '2018-03-01', 18],
    ['1980-12-31', '2026-01-01', 45],
  ])('born %s is %i on %s', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-12-01', 1, '2027-01-01'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('checkBloodDonor', () => {
  it.each([
    ['a first-time donor of 18', '2008-01-01', null, true],
    ['a first-time donor of 17', '2008-12-02', null, false],
    ['a first-time donor of 55', '1971-01-01', null, true],
    ['a first-time donor of 56', '1970-01-01', null, false],
    ['a repeat donor of 60', '1966-01-01', '2025-01-01', true],
    ['a repeat donor of 61', '1965-01-01', '2025-01-01', false],
    ['a donor 6 months and a day after', '1990-01-01', '2026-05-30', true],
    ['a donor exactly 6 months after', '1990-01-01', '2026-06-01', true],
    ['a donor a day short of 6 months', '1990-01-01', '2026-06-02', false],
  ])('%s: %s', (_label, birthDate, lastDonatedOn, ok) => {
    expect(checkBloodDonor({ birthDate, on: '2026-12-01', lastDonatedOn }).ok).toBe(ok);
  });

  it('names the next allowed date when the interval is too short', () => {
    expect(checkBloodDonor({ birthDate: '1990-01-01', on: '2026-03-01', lastDonatedOn: '2025-12-10' })).toEqual({
      ok: false,
      code: 'BLOOD_DONATION_INTERVAL',
      lastDonatedOn: '2025-12-10',
      nextOn: '2026-06-10',
    });
  });
});

describe('the stem-cell workflow', () => {
  it('allows 18 to 45', () => {
    expect(isStemCellAge('2008-11-24', '2026-11-24')).toBe(true);
    expect(isStemCellAge('2008-11-25', '2026-11-24')).toBe(false);
    expect(isStemCellAge('1980-11-25', '2026-11-24')).toBe(true);
    expect(isStemCellAge('1980-11-24', '2026-11-24')).toBe(false);
  });

  it('goes sampled → registered → … → collected one step at a time, and nowhere before the sample or after the end', () => {
    const next = Object.fromEntries(stemCellStatuses.map((s) => [s, nextWorkflowStep(s)]));
    expect(next).toEqual({
      cooling_off: null,
      awaiting_sample: null,
      sampled: 'registered',
      registered: 'preliminary_match',
      preliminary_match: 'confirmatory_typing',
      confirmatory_typing: 'medical_exam',
      medical_exam: 'mobilisation',
      mobilisation: 'collected',
      collected: null,
      withdrawn: null,
      lapsed: null,
    });
  });

  it('allows a withdrawal before collection, and calls it late from the preliminary match on', () => {
    expect(stemCellStatuses.filter(canWithdraw)).toEqual([
      'cooling_off',
      'awaiting_sample',
      'sampled',
      'registered',
      'preliminary_match',
      'confirmatory_typing',
      'medical_exam',
      'mobilisation',
    ]);
    expect(stemCellStatuses.filter(isLateWithdrawal)).toEqual([
      'preliminary_match',
      'confirmatory_typing',
      'medical_exam',
      'mobilisation',
    ]);
  });
});
