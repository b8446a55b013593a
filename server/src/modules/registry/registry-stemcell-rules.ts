// The pure rules of the donor registers: ages on a China date, the blood-donation age and 6-month interval, and the
// stem-cell workflow (which step follows, when a withdrawal is allowed and when it is late).
import { bloodRules } from './registry-blood.schemas';
import {
  lateWithdrawalStatuses,
  type StemCellStatus,
  type StemCellWorkflowStep,
  stemCellRules,
  stemCellWorkflow,
} from './registry-stemcell.schemas';

/** Whole years of age on `on` (both YYYY-MM-DD); a 29 February birthday counts from 1 March in other years. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** `date` plus `months` calendar months, clamped to the month's last day (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export type BloodCheck =
  | { ok: true }
  | { ok: false; code: 'BLOOD_DONOR_AGE'; age: number; maxAge: number }
  | { ok: false; code: 'BLOOD_DONATION_INTERVAL'; lastDonatedOn: string; nextOn: string };

/**
 * Whether a person may give whole blood at a drive on `on`: 18–55 years old, up to 60 for a repeat donor (one who
 * gave before at our drives), and at least 6 months after their previous donation.
 */
export function checkBloodDonor(input: { birthDate: string; on: string; lastDonatedOn: string | null }): BloodCheck {
  const age = ageOn(input.birthDate, input.on);
  const maxAge = input.lastDonatedOn ? bloodRules.maxAgeRepeat : bloodRules.maxAge;
  if (age < bloodRules.minAge || age > maxAge) {
    return { ok: false, code: 'BLOOD_DONOR_AGE', age, maxAge };
  }
  if (input.lastDonatedOn) {
    const nextOn = addMonths(input.lastDonatedOn, bloodRules.intervalMonths);
    if (input.on < nextOn) {
      return { ok: false, code: 'BLOOD_DONATION_INTERVAL', lastDonatedOn: input.lastDonatedOn, nextOn };
    }
  }
  return { ok: true };
}

/** 18–45 on the day of registration. */
export function isStemCellAge(birthDate: string, on: string): boolean {
  const age = ageOn(birthDate, on);
  return age >= stemCellRules.minAge && age <= stemCellRules.maxAge;
}

/** The workflow step that may be recorded next, or null (before the sample, and after collection or an end). */
export function nextWorkflowStep(status: StemCellStatus): StemCellWorkflowStep | null {
  if (status === 'sampled') {
    return 'registered';
  }
  const at = stemCellWorkflow.indexOf(status as StemCellWorkflowStep);
  return at >= 0 && at < stemCellWorkflow.length - 1 ? stemCellWorkflow[at + 1] : null;
}

/** A withdrawal is allowed any time before collection, while the registration is still active. */
export function canWithdraw(status: StemCellStatus): boolean {
  return !['collected', 'withdrawn', 'lapsed'].includes(status);
}

/** After a preliminary match a patient may be waiting: the withdrawal needs an explicit confirmation. */
export function isLateWithdrawal(status: StemCellStatus): boolean {
  return lateWithdrawalStatuses.includes(status);
}

/** An active registration blocks a second one for the same ID number; withdrawn or lapsed ones do not. */
export function isActive(status: StemCellStatus): boolean {
  return status !== 'withdrawn' && status !== 'lapsed';
}
