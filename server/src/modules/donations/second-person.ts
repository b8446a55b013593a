// The two-person rule shared by payouts, reversals and allocations: a pending request is decided once, by someone
// other than its requester; a rejection is recorded with its audit row, an approval runs the caller's work.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorId, actorLabel } from '../../platform/rbac/actor';
import type { LotRow } from './donations.repo';

type Pending = { id: string; status: string; requestedBy: string; orgId: number; regionId: number };
export type Decision = { decision: 'approve' | 'reject'; note?: string };
export type DecisionPatch = {
  status: string;
  decidedBy: string;
  decidedAt: Date;
  decisionNote: string | null;
};

/** Who the acting user is for the two-person rule (a system actor by its label). */
export function deciderOf(ctx: Ctx): string {
  return actorId(ctx.actor) ?? actorLabel(ctx.actor);
}

/**
 * Decides a locked, pending row in the caller's transaction. Throws NOT_PENDING when it was decided already and
 * SAME_USER_APPROVAL when the decider requested it. A rejection is saved with `save` and audited as
 * `<action>.rejected`; an approval calls `approve` with the decision fields (it saves and audits its own work).
 */
export async function decideBySecondPerson<T extends Pending>(
  tx: Db,
  ctx: Ctx,
  row: T,
  decision: Decision,
  opts: {
    entityType: string;
    action: string;
    save: (patch: DecisionPatch) => Promise<T>;
    approve: (patch: Omit<DecisionPatch, 'status'>) => Promise<T>;
  },
): Promise<T> {
  if (row.status !== 'pending') {
    throw new AppError('NOT_PENDING', { status: row.status });
  }
  const decidedBy = deciderOf(ctx);
  if (row.requestedBy === decidedBy) {
    throw new AppError('SAME_USER_APPROVAL');
  }
  const fields = { decidedBy, decidedAt: new Date(), decisionNote: decision.note ?? null };
  if (decision.decision === 'approve') {
    return opts.approve(fields);
  }
  const after = await opts.save({ status: 'rejected', ...fields });
  await recordAudit(tx, ctx, {
    action: `${opts.action}.rejected`,
    entityType: opts.entityType,
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    before: { status: row.status },
    after: { status: 'rejected', note: fields.decisionNote },
  });
  return after;
}

/**
 * Takes `amountFen` from a fund's queue, oldest lot first, lowering each lot's unspent amount; `nextLots` returns the
 * open lots (locked, oldest first) still eligible. Throws FUND_INSUFFICIENT when they do not cover the amount.
 */
export async function takeFirstInFirstOut(
  amountFen: number,
  nextLots: () => Promise<LotRow[]>,
  setUnspent: (lot: LotRow, unspentFen: number) => Promise<void>,
): Promise<{ lot: LotRow; amountFen: number }[]> {
  const taken: { lot: LotRow; amountFen: number }[] = [];
  let remaining = amountFen;
  while (remaining > 0) {
    // Lots emptied in an earlier round no longer match (unspent > 0): each round continues where the last stopped.
    const lots = await nextLots();
    if (lots.length === 0) {
      throw new AppError('FUND_INSUFFICIENT', { balanceFen: amountFen - remaining, amountFen });
    }
    for (const lot of lots) {
      if (remaining === 0) {
        break;
      }
      const take = Math.min(lot.unspentFen, remaining);
      taken.push({ lot, amountFen: take });
      remaining -= take;
      await setUnspent(lot, lot.unspentFen - take);
    }
  }
  return taken;
}

/** Adds up what was taken per gift (a gift may sit in more than one lot of a fund). */
export function byGift(taken: { lot: LotRow; amountFen: number }[]) {
  const out = new Map<string, { lot: LotRow; amountFen: number }>();
  for (const t of taken) {
    const prev = out.get(t.lot.donationId);
    if (prev) {
      prev.amountFen += t.amountFen;
    } else {
      out.set(t.lot.donationId, { ...t });
    }
  }
  return [...out.values()];
}
