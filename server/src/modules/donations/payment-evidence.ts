// Payment notifications as evidence: every callback received, with its verdict; refused ones are flagged for staff.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorId, actorLabel } from '../../platform/rbac/actor';
import * as repo from './donations.repo';

export async function listNotifications(db: Db, q: { flagged?: 'true' | 'false'; limit: number; offset: number }) {
  const { rows, total } = await repo.listNotifications(db, {
    flagged: q.flagged === undefined ? undefined : q.flagged === 'true',
    limit: q.limit,
    offset: q.offset,
  });
  return {
    items: rows.map(toView),
    total: Number(total),
  };
}

function toView(n: repo.NotificationRow) {
  return {
    id: n.id,
    channel: n.channel,
    orderNo: n.orderNo,
    providerTxnId: n.providerTxnId,
    amountFen: n.amountFen,
    verdict: n.verdict,
    detail: n.detail,
    receivedAt: n.receivedAt.toISOString(),
    reviewedBy: n.reviewedBy,
    reviewedAt: n.reviewedAt?.toISOString() ?? null,
  };
}

/** Marks a flagged notification as dealt with (the note says how: refunded, recorded by hand, a known test…). */
export async function reviewNotification(db: Db, ctx: Ctx, id: string, note: string) {
  return db.transaction(async (tx) => {
    const before = await repo.findNotification(tx, id);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'payment_notification', id });
    }
    const after = await repo.markNotificationReviewed(tx, id, actorId(ctx.actor) ?? actorLabel(ctx.actor), new Date());
    if (!after) {
      throw new AppError('NOT_PENDING', { status: 'reviewed' });
    }
    await recordAudit(tx, ctx, {
      action: 'payment-notification.reviewed',
      entityType: 'payment_notification',
      entityId: id,
      before: { verdict: before.verdict, reviewedAt: null },
      after: { reviewedAt: after.reviewedAt },
      reason: note,
    });
    return toView(after);
  });
}
