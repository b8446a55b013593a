// Payouts (拨付): requested by one user, approved by another; on approval the money leaves the fund in one
// transaction that matches it to the gifts it spends, first in, first out by ledger index, appends the public ledger
// entry and tells each donor whose gift was spent. Anyone holding the log can recompute every match (docs/ledger.md).
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { assertCanAt } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import { identityCommitment, newCommitmentSalt } from './commitment';
import * as repo from './donations.repo';
import type { PayoutListQuery, PayoutView, RequestPayout } from './donations.schemas';
import { newBusinessNumber } from './numbers';
import { byGift, decideBySecondPerson, deciderOf, takeFirstInFirstOut } from './second-person';

const lotBatch = 500;

function toPayoutView(
  p: repo.PayoutRow,
  fundName: string,
  spends: PayoutView['spends'],
  names: Map<string, string>,
): PayoutView {
  return {
    id: p.id,
    payoutNo: p.payoutNo,
    fundId: p.fundId,
    fundName,
    projectId: p.projectId,
    orgId: p.orgId,
    amountFen: p.amountFen,
    payeeKind: p.payeeKind as PayoutView['payeeKind'],
    payeeName: p.payeeName,
    payeeDisplay: p.payeeDisplay,
    purpose: p.purpose,
    supplier: p.supplier,
    unitPriceFen: p.unitPriceFen,
    quantity: p.quantity,
    isRelatedParty: p.isRelatedParty,
    isManagementFee: p.isManagementFee,
    evidenceFileId: p.evidenceFileId,
    status: p.status as PayoutView['status'],
    requestedBy: p.requestedBy,
    requestedByName: names.get(p.requestedBy) ?? p.requestedBy,
    requestedAt: p.requestedAt.toISOString(),
    decidedBy: p.decidedBy,
    decidedByName: p.decidedBy ? (names.get(p.decidedBy) ?? p.decidedBy) : null,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    decisionNote: p.decisionNote,
    ledgerIndex: p.ledgerIndex,
    spends,
  };
}

/**
 * A management fee may take at most the project's cap (basis points) of what the fund has paid out for its purpose,
 * less the fees already paid or pending. A general fund has no project and no cap here (its costs are its own).
 */
async function assertWithinFeeCap(db: Db, fund: repo.FundRow, amountFen: number): Promise<void> {
  const project = fund.projectId ? await repo.findProjectById(db, fund.projectId) : undefined;
  if (!project) {
    return;
  }
  const { paidFen, feesFen } = await repo.payoutTotalsOfFund(db, fund.id);
  const capFen = Math.floor((paidFen * project.managementFeeBp) / 10_000) - feesFen;
  if (amountFen > capFen) {
    throw new AppError('MANAGEMENT_FEE_OVER_CAP', {
      field: 'amountFen',
      capFen: Math.max(capFen, 0),
      capBp: project.managementFeeBp,
    });
  }
}

async function getFund(db: Db, id: number): Promise<repo.FundRow> {
  const fund = await repo.findFundById(db, id);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'fund', id });
  }
  return fund;
}

type PayoutRequest = Omit<RequestPayout, 'isManagementFee'> & { isManagementFee?: boolean };

export async function requestPayout(db: Db, ctx: Ctx, input: PayoutRequest): Promise<PayoutView> {
  return db.transaction((tx) => requestPayoutIn(tx, ctx, input));
}

/**
 * Requests a payout in the caller's transaction (another module records its own rows beside it). Throws NOT_FOUND for
 * an unknown fund or evidence file, FORBIDDEN/OUT_OF_SCOPE without funds:payout at the fund's unit, FUND_INSUFFICIENT
 * over the fund's balance and MANAGEMENT_FEE_OVER_CAP.
 */
export async function requestPayoutIn(tx: Db, ctx: Ctx, input: PayoutRequest): Promise<PayoutView> {
  const fund = await getFund(tx, input.fundId);
  const org = await orgs.getOrg(tx, fund.orgId);
  assertCanAt(ctx.actor, 'funds:payout', org.path);
  await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
    orgId: fund.orgId,
    readPermission: 'donations:view',
    purpose: 'payout-evidence',
  });
  const balance = await repo.fundBalance(tx, fund.id);
  if (input.amountFen > balance) {
    throw new AppError('FUND_INSUFFICIENT', { field: 'amountFen', balanceFen: balance });
  }
  if (input.isManagementFee) {
    await assertWithinFeeCap(tx, fund, input.amountFen);
  }
  const salt = newCommitmentSalt();
  const row = await repo.insertPayout(tx, {
    regionId: fund.regionId,
    id: crypto.randomUUID(),
    payoutNo: newBusinessNumber('P'),
    fundId: fund.id,
    projectId: fund.projectId,
    orgId: fund.orgId,
    amountFen: input.amountFen,
    payeeKind: input.payeeKind,
    payeeName: input.payeeName,
    payeeDisplay: input.payeeKind === 'unit' ? input.payeeName : maskName(input.payeeName),
    payeeSaltEnc: input.payeeKind === 'person' ? pii().encrypt(salt.toString('base64url')) : null,
    payeeCommitment: identityCommitment(salt, input.payeeName),
    purpose: input.purpose,
    supplier: input.supplier ?? null,
    unitPriceFen: input.unitPriceFen ?? null,
    quantity: input.quantity ?? null,
    isRelatedParty: input.isRelatedParty,
    isManagementFee: input.isManagementFee ?? false,
    evidenceFileId: input.evidenceFileId,
    status: 'pending',
    requestedBy: deciderOf(ctx),
    requestedAt: new Date(),
  });
  await recordAudit(tx, ctx, {
    action: 'payout.requested',
    entityType: 'payout',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    after: row,
  });
  return toPayoutView(row, fund.name, [], await displayNamesOf(tx, [row.requestedBy]));
}

/** What a module that asked for a payout learns when it is decided (in the deciding transaction). */
export type DecidedPayout = {
  id: string;
  payoutNo: string;
  status: 'paid' | 'rejected';
  amountFen: number;
  decidedAt: Date;
  ledgerIndex: number | null;
};
export type PayoutDecidedHook = (tx: Db, ctx: Ctx, payout: DecidedPayout) => Promise<void>;
const decidedHooks = new Map<string, PayoutDecidedHook>();

/**
 * Lets another module act on its payouts' decisions inside the deciding transaction (e.g. a relief case becomes paid
 * with its payout, or neither does). Keyed by name, so registering again replaces the hook.
 */
export function onPayoutDecided(name: string, hook: PayoutDecidedHook): void {
  decidedHooks.set(name, hook);
}

/** A fund's balance (fen) for another module's checks; NOT_FOUND for an unknown fund. */
export async function fundBalanceOf(db: Db, fundId: number): Promise<number> {
  await getFund(db, fundId);
  return repo.fundBalance(db, fundId);
}

/** The names of funds by id (for other modules' views). */
export async function fundNamesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  const funds = ids.length > 0 ? await repo.findFundsByIds(db, [...new Set(ids)]) : [];
  return new Map(funds.map((f) => [f.id, f.name]));
}

/**
 * Approves (pays) or rejects a pending payout. Approval needs a second user, locks the fund, takes the oldest open
 * lots first until the amount is covered (FUND_INSUFFICIENT when the fund cannot), and appends `payout.paid`.
 */
export async function decidePayout(
  db: Db,
  ctx: Ctx,
  id: string,
  decision: { decision: 'approve' | 'reject'; note?: string },
): Promise<PayoutView> {
  const found = await repo.findPayoutById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'payout', id });
  }
  assertCanAt(ctx.actor, 'funds:approve', (await orgs.getOrg(db, found.orgId)).path);
  const result = await db.transaction(async (tx) => {
    const fund = (await repo.lockFund(tx, found.fundId))!;
    const payout = (await repo.lockPayout(tx, id))!;
    const after = await decideBySecondPerson(tx, ctx, payout, decision, {
      entityType: 'payout',
      action: 'payout',
      save: (patch) => repo.updatePayout(tx, payout, patch),
      approve: (fields) => pay(tx, ctx, payout, fund, fields),
    });
    for (const hook of decidedHooks.values()) {
      await hook(tx, ctx, {
        id: after.id,
        payoutNo: after.payoutNo,
        status: after.status as DecidedPayout['status'],
        amountFen: after.amountFen,
        decidedAt: after.decidedAt!,
        ledgerIndex: after.ledgerIndex,
      });
    }
    return { payout: after, fund };
  });
  const spends = result.payout.status === 'paid' ? await repo.spendsForPayout(db, result.payout.id) : [];
  const names = await displayNamesOf(db, [result.payout.requestedBy, result.payout.decidedBy]);
  return toPayoutView(result.payout, result.fund.name, spends, names);
}

/** Pays an approved payout: FIFO spends, the ledger entry, the fund entry, the audit row and the donors' messages. */
async function pay(
  tx: Db,
  ctx: Ctx,
  payout: repo.PayoutRow,
  fund: repo.FundRow,
  fields: { decidedBy: string; decidedAt: Date; decisionNote: string | null },
): Promise<repo.PayoutRow> {
  const { decidedAt } = fields;
  const spends = await takeFirstInFirstOut(
    payout.amountFen,
    () => repo.lockOpenLots(tx, fund.id, lotBatch),
    (lot, unspentFen) => repo.setLotUnspent(tx, lot, unspentFen),
  );
  const project = payout.projectId ? await repo.findProjectById(tx, payout.projectId) : undefined;
  const org = await orgs.getOrg(tx, payout.orgId);
  const { index } = await ledger.appendLedgerEntry(tx, {
    kind: 'payout.paid',
    facts: {
      v: 1,
      ref: payout.payoutNo,
      project: project?.code ?? null,
      fund: fund.id,
      unit: org.code ?? String(org.id),
      amountFen: payout.amountFen,
      currency: 'CNY',
      payeeKind: payout.payeeKind,
      // A unit is named; a person only by a salted commitment.
      payee: payout.payeeKind === 'unit' ? payout.payeeName : payout.payeeCommitment,
      purpose: payout.purpose,
      supplier: payout.supplier,
      unitPriceFen: payout.unitPriceFen,
      quantity: payout.quantity,
      relatedParty: payout.isRelatedParty,
      managementFee: payout.isManagementFee,
      at: decidedAt.toISOString(),
    },
  });
  const after = await repo.updatePayout(tx, payout, { status: 'paid', ...fields, ledgerIndex: index });
  await repo.insertSpends(
    tx,
    byGift(spends).map((s) => ({
      regionId: payout.regionId,
      payoutId: payout.id,
      donationId: s.lot.donationId,
      lotIndex: s.lot.ledgerIndex,
      amountFen: s.amountFen,
    })),
  );
  await repo.insertFundEntry(tx, {
    regionId: payout.regionId,
    id: crypto.randomUUID(),
    fundId: fund.id,
    kind: 'payout',
    amountFen: -payout.amountFen,
    payoutId: payout.id,
    ledgerIndex: index,
    occurredAt: decidedAt,
  });
  await recordAudit(tx, ctx, {
    action: 'payout.paid',
    entityType: 'payout',
    entityId: payout.id,
    orgId: payout.orgId,
    regionId: payout.regionId,
    before: { status: payout.status },
    after: { status: 'paid', ledgerIndex: index, spentGifts: spends.length },
  });
  await tellDonors(tx, after, spends);
  return after;
}

/** Tells each donor who left a phone that (part of) their gift was spent, once per gift and payout. */
async function tellDonors(tx: Db, payout: repo.PayoutRow, spends: { lot: repo.LotRow; amountFen: number }[]) {
  const gifts = await repo.findDonationsByIds(tx, [...new Set(spends.map((s) => s.lot.donationId))]);
  for (const gift of gifts) {
    if (!gift.donorPhoneEnc) {
      continue;
    }
    const spent = spends.filter((s) => s.lot.donationId === gift.id).reduce((a, s) => a + s.amountFen, 0);
    await queueMessage(tx, {
      channel: 'sms',
      to: pii().decrypt(gift.donorPhoneEnc),
      template: 'donation.spent',
      body: `【博爱】您的捐赠 ${gift.donationNo} 中 ¥${(spent / 100).toFixed(2)} 已用于"${payout.purpose}"(拨付 ${payout.payoutNo})。可在捐赠查询页查看去向与公开账本证明。`,
      dedupeKey: `donation.spent:${gift.id}:${payout.id}`,
    });
  }
}

export async function viewPayout(db: Db, ctx: Ctx, id: string): Promise<PayoutView> {
  const p = await repo.findPayoutById(db, id);
  if (!p) {
    throw new AppError('NOT_FOUND', { entity: 'payout', id });
  }
  assertCanAt(ctx.actor, 'donations:view', (await orgs.getOrg(db, p.orgId)).path);
  const fund = await getFund(db, p.fundId);
  const names = await displayNamesOf(db, [p.requestedBy, p.decidedBy]);
  return toPayoutView(p, fund.name, await repo.spendsForPayout(db, p.id), names);
}

export async function listPayouts(db: Db, ctx: Ctx, q: PayoutListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.payout.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.payout.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.fundId) {
    where.push(eq(repo.columns.payout.fundId, q.fundId));
  }
  if (q.status) {
    where.push(eq(repo.columns.payout.status, q.status));
  }
  const { rows, total } = await repo.listPayouts(db, { where, limit: q.limit, offset: q.offset });
  const names = await displayNamesOf(
    db,
    rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
  );
  const fundName = new Map(
    (await repo.findFundsByIds(db, [...new Set(rows.map((r) => r.fundId))])).map((f) => [f.id, f.name]),
  );
  return {
    items: rows.map((p) => {
      const { spends: _spends, ...v } = toPayoutView(p, fundName.get(p.fundId) ?? '', [], names);
      return v;
    }),
    total,
  };
}
