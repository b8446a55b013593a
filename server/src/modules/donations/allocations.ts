// Allocations between funds (调拨) and the donor consents they need. A restricted gift is fixed to its project:
// moving it elsewhere needs the donor's recorded consent for that fund (Red Cross Law Art. 21), which is itself a
// public ledger entry (`donor.consented`). An approved allocation takes the oldest eligible gifts first (FIFO by
// ledger index), moves them into the target fund as new lots at the allocation's own ledger index, and appends
// `fund.allocated` — so anyone holding the log can recompute which gifts moved.
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { AllocationView, ConsentView, RecordConsent, RequestAllocation } from './donations.schemas';
import { newBusinessNumber } from './numbers';
import { byGift, decideBySecondPerson, deciderOf, takeFirstInFirstOut } from './second-person';

const lotBatch = 500;

async function toAllocationViews(db: Db, rows: repo.AllocationRow[]): Promise<AllocationView[]> {
  const [names, fundRows] = await Promise.all([
    displayNamesOf(
      db,
      rows.flatMap((a) => [a.requestedBy, a.decidedBy]),
    ),
    repo.findFundsByIds(db, [...new Set(rows.flatMap((a) => [a.fromFundId, a.toFundId]))]),
  ]);
  const fundName = new Map(fundRows.map((f) => [f.id, f.name]));
  return rows.map((a) => toAllocationView(a, names, fundName));
}

function toAllocationView(
  a: repo.AllocationRow,
  names: Map<string, string>,
  fundName: Map<number, string>,
): AllocationView {
  return {
    id: a.id,
    allocationNo: a.allocationNo,
    fromFundId: a.fromFundId,
    fromFundName: fundName.get(a.fromFundId) ?? '',
    toFundId: a.toFundId,
    toFundName: fundName.get(a.toFundId) ?? '',
    orgId: a.orgId,
    amountFen: a.amountFen,
    purpose: a.purpose,
    status: a.status as AllocationView['status'],
    requestedBy: a.requestedBy,
    requestedByName: names.get(a.requestedBy) ?? a.requestedBy,
    requestedAt: a.requestedAt.toISOString(),
    decidedBy: a.decidedBy,
    decidedByName: a.decidedBy ? (names.get(a.decidedBy) ?? a.decidedBy) : null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionNote: a.decisionNote,
    ledgerIndex: a.ledgerIndex,
  };
}

async function getFund(db: Db, id: number, field: string): Promise<repo.FundRow> {
  const fund = await repo.findFundById(db, id);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'fund', field, id });
  }
  return fund;
}

/** Records a donor's consent to use their gift for another fund; a public `donor.consented` entry follows. */
export async function recordConsent(db: Db, ctx: Ctx, donationId: string, input: RecordConsent): Promise<ConsentView> {
  const gift = await repo.findDonationById(db, donationId);
  if (!gift) {
    throw new AppError('NOT_FOUND', { entity: 'donation', id: donationId });
  }
  assertCanAt(ctx.actor, 'donations:record', (await orgs.getOrg(db, gift.orgId)).path);
  const target = await getFund(db, input.toFundId, 'toFundId');
  if (target.id === gift.fundId) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'toFundId', message: 'the gift is already in this fund' }],
    });
  }
  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: gift.orgId,
      readPermission: 'donations:view',
      purpose: 'consent-evidence',
    });
    if (await repo.findConsent(tx, gift.id, target.id)) {
      throw new AppError('CONFLICT', { field: 'toFundId', reason: 'this consent is already recorded' });
    }
    const recordedAt = new Date();
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'donor.consented',
      facts: {
        v: 1,
        ref: gift.donationNo,
        fromFund: gift.fundId,
        toFund: target.id,
        form: input.form,
        at: recordedAt.toISOString(),
      },
    });
    const consent = await repo.insertConsent(tx, {
      regionId: gift.regionId,
      id: crypto.randomUUID(),
      donationId: gift.id,
      toFundId: target.id,
      purpose: input.purpose,
      form: input.form,
      evidenceFileId: input.evidenceFileId,
      recordedBy: deciderOf(ctx),
      recordedAt,
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'donation.consent-recorded',
      entityType: 'donor_consent',
      entityId: consent.id,
      orgId: gift.orgId,
      regionId: gift.regionId,
      after: consent,
    });
    return consent;
  });
  return {
    id: row.id,
    donationId: row.donationId,
    toFundId: row.toFundId,
    purpose: row.purpose,
    form: row.form as ConsentView['form'],
    evidenceFileId: row.evidenceFileId,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    ledgerIndex: row.ledgerIndex,
  };
}

export async function requestAllocation(db: Db, ctx: Ctx, input: RequestAllocation): Promise<AllocationView> {
  const from = await getFund(db, input.fromFundId, 'fromFundId');
  const to = await getFund(db, input.toFundId, 'toFundId');
  if (from.id === to.id) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'toFundId', message: 'choose a different fund' }] });
  }
  // The source unit's staff move its money; the target must be within their reach too.
  assertCanAt(ctx.actor, 'funds:payout', (await orgs.getOrg(db, from.orgId)).path);
  assertCanAt(ctx.actor, 'funds:payout', (await orgs.getOrg(db, to.orgId)).path);
  const eligible = await repo.sumEligible(db, from.id, to.id, from.kind === 'project');
  if (input.amountFen > eligible) {
    throw new AppError('FUND_INSUFFICIENT', {
      field: 'amountFen',
      balanceFen: eligible,
      reason: from.kind === 'project' ? 'only gifts whose donors consented to the target fund can move' : undefined,
    });
  }
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertAllocation(tx, {
      regionId: from.regionId,
      id: crypto.randomUUID(),
      allocationNo: newBusinessNumber('A'),
      fromFundId: from.id,
      toFundId: to.id,
      orgId: from.orgId,
      amountFen: input.amountFen,
      purpose: input.purpose,
      status: 'pending',
      requestedBy: deciderOf(ctx),
      requestedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'fund-allocation.requested',
      entityType: 'fund_allocation',
      entityId: created.id,
      orgId: created.orgId,
      regionId: created.regionId,
      after: created,
    });
    return created;
  });
  return (await toAllocationViews(db, [row]))[0];
}

export async function decideAllocation(
  db: Db,
  ctx: Ctx,
  id: string,
  decision: { decision: 'approve' | 'reject'; note?: string },
): Promise<AllocationView> {
  const found = await repo.findAllocationById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'fund_allocation', id });
  }
  assertCanAt(ctx.actor, 'funds:approve', (await orgs.getOrg(db, found.orgId)).path);
  const after = await db.transaction(async (tx) => {
    // Lock both funds in id order, so two opposite allocations cannot deadlock.
    const [first, second] = [found.fromFundId, found.toFundId].sort((a, b) => a - b);
    await repo.lockFund(tx, first);
    await repo.lockFund(tx, second);
    const a = (await repo.lockAllocation(tx, id))!;
    return decideBySecondPerson(tx, ctx, a, decision, {
      entityType: 'fund_allocation',
      action: 'fund-allocation',
      save: (patch) => repo.updateAllocation(tx, a, patch),
      approve: (fields) => move(tx, ctx, a, fields),
    });
  });
  return (await toAllocationViews(db, [after]))[0];
}

/** Moves the money of an approved allocation: the oldest eligible lots, new lots in the target, two fund entries. */
async function move(
  tx: Db,
  ctx: Ctx,
  a: repo.AllocationRow,
  fields: { decidedBy: string; decidedAt: Date; decisionNote: string | null },
): Promise<repo.AllocationRow> {
  const from = (await repo.findFundById(tx, a.fromFundId))!;
  const to = (await repo.findFundById(tx, a.toFundId))!;
  const needsConsent = from.kind === 'project';
  const taken = await takeFirstInFirstOut(
    a.amountFen,
    () => repo.lockEligibleLots(tx, from.id, to.id, needsConsent, lotBatch),
    (lot, unspentFen) => repo.setLotUnspent(tx, lot, unspentFen),
  );
  const { index } = await ledger.appendLedgerEntry(tx, {
    kind: 'fund.allocated',
    facts: {
      v: 1,
      ref: a.allocationNo,
      fromFund: from.id,
      toFund: to.id,
      amountFen: a.amountFen,
      currency: 'CNY',
      basis: needsConsent ? 'donor-consent' : 'unrestricted',
      purpose: a.purpose,
      at: fields.decidedAt.toISOString(),
    },
  });
  const gifts = byGift(taken);
  for (const { lot, amountFen } of gifts) {
    await repo.insertLot(tx, {
      regionId: to.regionId,
      fundId: to.id,
      ledgerIndex: index,
      originIndex: lot.originIndex,
      donationId: lot.donationId,
      amountFen,
      unspentFen: amountFen,
    });
  }
  await repo.insertMoves(
    tx,
    gifts.map((m) => ({
      regionId: a.regionId,
      allocationId: a.id,
      donationId: m.lot.donationId,
      amountFen: m.amountFen,
    })),
  );
  for (const [fund, kind, sign] of [
    [from, 'allocation_out', -1],
    [to, 'allocation_in', 1],
  ] as const) {
    await repo.insertFundEntry(tx, {
      regionId: fund.regionId,
      id: crypto.randomUUID(),
      fundId: fund.id,
      kind,
      amountFen: sign * a.amountFen,
      ledgerIndex: index,
      occurredAt: fields.decidedAt,
    });
  }
  const done = await repo.updateAllocation(tx, a, { status: 'done', ...fields, ledgerIndex: index });
  await recordAudit(tx, ctx, {
    action: 'fund-allocation.done',
    entityType: 'fund_allocation',
    entityId: a.id,
    orgId: a.orgId,
    regionId: a.regionId,
    before: { status: 'pending' },
    after: { status: 'done', ledgerIndex: index, gifts: gifts.length },
  });
  return done;
}

export async function listAllocations(db: Db, ctx: Ctx, q: { status?: string; limit: number; offset: number }) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.allocation.orgId, ctx, 'donations:view')];
  if (q.status) {
    where.push(eq(repo.columns.allocation.status, q.status));
  }
  const { rows, total } = await repo.listAllocations(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toAllocationViews(db, rows), total };
}
