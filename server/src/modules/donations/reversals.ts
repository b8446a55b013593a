// Refunds and corrections of gifts: requested by one user with a reason, approved by a second. Only a gift none of
// which was spent can be reversed; approval adds a negative fund entry, empties the gift's FIFO lot and appends a
// public `donation.refunded` / `donation.corrected` entry (with a reason code, never the private note).
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { assertCanAt } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { RequestReversal, ReversalView } from './donations.schemas';
import { decideBySecondPerson, deciderOf } from './second-person';

type Reason = ReversalView['reasonCode'];

function toView(r: repo.ReversalRow, donationNo: string, names: Map<string, string>): ReversalView {
  const [reasonCode, ...note] = r.reason.split('\n');
  return {
    id: r.id,
    donationId: r.donationId,
    donationNo,
    orgId: r.orgId,
    kind: r.kind as ReversalView['kind'],
    reasonCode: reasonCode as Reason,
    note: note.join('\n'),
    amountFen: r.amountFen,
    evidenceFileId: r.evidenceFileId,
    status: r.status as ReversalView['status'],
    requestedBy: r.requestedBy,
    requestedByName: names.get(r.requestedBy) ?? r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? r.decidedBy) : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    ledgerIndex: r.ledgerIndex,
  };
}

/** The gift's one lot, when all of it is still unspent in its own fund (never spent, never moved). */
function wholeLot(gift: repo.DonationRow, lots: repo.LotRow[]): repo.LotRow {
  const [lot] = lots;
  if (lots.length !== 1 || lot.fundId !== gift.fundId || lot.unspentFen !== gift.amountFen) {
    const unspentFen = lots.filter((l) => l.fundId === gift.fundId).reduce((s, l) => s + l.unspentFen, 0);
    throw new AppError('DONATION_NOT_REFUNDABLE', { unspentFen, amountFen: gift.amountFen });
  }
  return lot;
}

async function assertUnspent(db: Db, gift: repo.DonationRow): Promise<void> {
  wholeLot(gift, await repo.lotsForDonations(db, [gift.id]));
}

export async function requestReversal(db: Db, ctx: Ctx, donationId: string, input: RequestReversal) {
  const gift = await repo.findDonationById(db, donationId);
  if (!gift) {
    throw new AppError('NOT_FOUND', { entity: 'donation', id: donationId });
  }
  assertCanAt(ctx.actor, 'donations:record', (await orgs.getOrg(db, gift.orgId)).path);
  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: gift.orgId,
      readPermission: 'donations:view',
      purpose: 'reversal-evidence',
    });
    if (await repo.findOpenReversal(tx, gift.id)) {
      throw new AppError('DONATION_NOT_REFUNDABLE', { reason: 'a reversal is already pending or done' });
    }
    await assertUnspent(tx, gift);
    const created = await repo.insertReversal(tx, {
      regionId: gift.regionId,
      id: crypto.randomUUID(),
      donationId: gift.id,
      orgId: gift.orgId,
      kind: input.kind,
      amountFen: gift.amountFen,
      reason: `${input.reasonCode}\n${input.note}`,
      evidenceFileId: input.evidenceFileId ?? null,
      status: 'pending',
      requestedBy: deciderOf(ctx),
      requestedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: `donation.${input.kind}-requested`,
      entityType: 'donation_reversal',
      entityId: created.id,
      orgId: created.orgId,
      regionId: created.regionId,
      after: { donationNo: gift.donationNo, kind: input.kind, reasonCode: input.reasonCode },
    });
    return created;
  });
  return toView(row, gift.donationNo, await displayNamesOf(db, [row.requestedBy]));
}

export async function decideReversal(
  db: Db,
  ctx: Ctx,
  id: string,
  decision: { decision: 'approve' | 'reject'; note?: string },
): Promise<ReversalView> {
  const found = await repo.findReversalById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'donation_reversal', id });
  }
  assertCanAt(ctx.actor, 'funds:approve', (await orgs.getOrg(db, found.orgId)).path);
  const gift = (await repo.findDonationById(db, found.donationId))!;
  const after = await db.transaction(async (tx) => {
    await repo.lockFund(tx, gift.fundId);
    const r = (await repo.lockReversal(tx, id))!;
    return decideBySecondPerson(tx, ctx, r, decision, {
      entityType: 'donation_reversal',
      action: `donation.${r.kind}`,
      save: (patch) => repo.updateReversal(tx, r, patch),
      approve: (fields) => reverse(tx, ctx, r, gift, fields),
    });
  });
  return toView(after, gift.donationNo, await displayNamesOf(db, [after.requestedBy, after.decidedBy]));
}

/** What another module learns when a gift is refunded or corrected away (in the reversing transaction). */
export type ReversedGift = {
  regionId: number;
  donationId: string;
  donationNo: string;
  kind: 'refund' | 'correction';
  donorKind: 'person' | 'organisation';
  donorPhoneHash: string | null;
  reversedAt: Date;
};
export type DonationReversedHook = (tx: Db, ctx: Ctx, gift: ReversedGift) => Promise<void>;
const reversedHooks = new Map<string, DonationReversedHook>();

/** Lets another module undo what it did for a gift (e.g. member points); registering again replaces the hook. */
export function onDonationReversed(name: string, hook: DonationReversedHook): void {
  reversedHooks.set(name, hook);
}

/** Reverses an approved gift: its lot empties, a negative fund entry and a public ledger entry are written. */
async function reverse(
  tx: Db,
  ctx: Ctx,
  r: repo.ReversalRow,
  gift: repo.DonationRow,
  fields: { decidedBy: string; decidedAt: Date; decisionNote: string | null },
): Promise<repo.ReversalRow> {
  const lot = wholeLot(gift, await repo.lockLotsOfDonation(tx, gift.id));
  const reasonCode = r.reason.split('\n')[0] as Reason;
  const { index } = await ledger.appendLedgerEntry(tx, {
    kind: r.kind === 'refund' ? 'donation.refunded' : 'donation.corrected',
    facts: {
      v: 1,
      ref: gift.donationNo,
      fund: gift.fundId,
      amountFen: gift.amountFen,
      currency: 'CNY',
      reason: reasonCode,
      at: fields.decidedAt.toISOString(),
    },
  });
  await repo.setLotUnspent(tx, lot, 0);
  await repo.insertFundEntry(tx, {
    regionId: gift.regionId,
    id: crypto.randomUUID(),
    fundId: gift.fundId,
    kind: r.kind,
    amountFen: -gift.amountFen,
    donationId: gift.id,
    ledgerIndex: index,
    occurredAt: fields.decidedAt,
  });
  if (gift.orderId && r.kind === 'refund') {
    const order = await repo.findOrderById(tx, gift.regionId, gift.orderId);
    if (order) {
      await repo.updateOrder(tx, order, { status: 'refunded' });
    }
  }
  const done = await repo.updateReversal(tx, r, { status: 'done', ...fields, ledgerIndex: index });
  for (const hook of reversedHooks.values()) {
    await hook(tx, ctx, {
      regionId: gift.regionId,
      donationId: gift.id,
      donationNo: gift.donationNo,
      kind: r.kind as ReversedGift['kind'],
      donorKind: gift.donorKind as ReversedGift['donorKind'],
      donorPhoneHash: gift.donorPhoneHash,
      reversedAt: fields.decidedAt,
    });
  }
  await recordAudit(tx, ctx, {
    action: r.kind === 'refund' ? 'donation.refunded' : 'donation.corrected',
    entityType: 'donation_reversal',
    entityId: r.id,
    orgId: r.orgId,
    regionId: r.regionId,
    before: { status: 'pending' },
    after: { status: 'done', ledgerIndex: index, donationNo: gift.donationNo },
  });
  if (r.kind === 'refund' && gift.donorPhoneEnc) {
    await queueMessage(tx, {
      channel: 'sms',
      to: pii().decrypt(gift.donorPhoneEnc),
      template: 'donation.refunded',
      body: `【博爱】您的捐赠 ${gift.donationNo}(¥${(gift.amountFen / 100).toFixed(2)})已办理退款,公开账本已记录此次退款。`,
      dedupeKey: `donation.refunded:${gift.id}`,
    });
  }
  return done;
}

export async function listReversals(db: Db, ctx: Ctx, q: { status?: string; limit: number; offset: number }) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.reversal.orgId, ctx, 'donations:view')];
  if (q.status) {
    where.push(eq(repo.columns.reversal.status, q.status));
  }
  const { rows, total } = await repo.listReversals(db, { where, limit: q.limit, offset: q.offset });
  const gifts = new Map(
    (await repo.findDonationsByIds(db, [...new Set(rows.map((r) => r.donationId))])).map((g) => [g.id, g.donationNo]),
  );
  const names = await displayNamesOf(
    db,
    rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
  );
  return { items: rows.map((r) => toView(r, gifts.get(r.donationId) ?? '', names)), total: Number(total) };
}
