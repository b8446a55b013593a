// What other modules may act on when a volunteer's hours are approved or corrected (e.g. member points), inside the
// approving transaction: the hook sees the record's approved total, so a correction re-sends the new total and the
// receiver reconciles by `recordId` (never counting the same record twice).
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';

export type ApprovedHours = {
  /** The region of the service record (see db/large-tables.ts). */
  regionId: number;
  /** The service record (one volunteer × one activity); the receiver's idempotency key. */
  recordId: string;
  personId: string;
  /** The unit that ran the activity. */
  orgId: number;
  activityId: string;
  /** The approved total for this record after this approval or correction (0 when voided). */
  minutes: number;
  /** When the service took place (its check-in), for yearly caps and rankings. */
  servedAt: Date;
};

export type HoursApprovedHook = (tx: Db, ctx: Ctx, hours: ApprovedHours) => Promise<void>;
const hooks = new Map<string, HoursApprovedHook>();

/** Registers a hook by name (registering again replaces it). */
export function onHoursApproved(name: string, hook: HoursApprovedHook): void {
  hooks.set(name, hook);
}

/** Runs every registered hook in the approving transaction (called by the volunteers module only). */
export async function runHoursApprovedHooks(tx: Db, ctx: Ctx, hours: ApprovedHours): Promise<void> {
  for (const hook of hooks.values()) {
    await hook(tx, ctx, hours);
  }
}
