// Paying relief: the officer asks a fund for the approved amount once the public notice ended with no open objection;
// a second person approves it in the fund's own module, and the case becomes paid in that same transaction. The fund
// source is pluggable: the donations module's funds now, a village mutual-aid fund (互助金) when that module offers one.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { AppError } from '../../platform/errors';
import { findStoredFileMeta, storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import * as donations from '../donations/donations.service';
import * as mutualaid from '../mutualaid/mutualaid.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './relief.repo';
import type { FundSource, RequestReliefPayout } from './relief.schemas';
import { reliefKindLabels } from './relief.schemas';
import { advanceCase, assertStep, getCase, getKind, runStep, tellApplicant, whoIs } from './relief.service';
import { renderApprovalForm } from './relief-approval-pdf';

/** What a fund source does for relief: take a payout request in the caller's transaction. */
export type FundSourceAdapter = {
  requestPayout(
    tx: Db,
    ctx: Ctx,
    input: {
      fundId: number;
      amountFen: number;
      payeeName: string;
      caseNo: string;
      purpose: string;
      evidenceFileId: string;
    },
  ): Promise<{ payoutRef: string; payoutNo: string; fundOrgId: number }>;
};

const fundSources = new Map<FundSource, FundSourceAdapter>();

/** Plugs a fund source in (the mutual-aid module registers its own; its decision then calls settleReliefPayout). */
export function registerFundSource(source: FundSource, adapter: FundSourceAdapter): void {
  fundSources.set(source, adapter);
}

const donationsFunds: FundSourceAdapter = {
  async requestPayout(tx, ctx, input) {
    const p = await donations.requestPayoutIn(tx, ctx, {
      fundId: input.fundId,
      amountFen: input.amountFen,
      payeeKind: 'person',
      payeeName: input.payeeName,
      purpose: input.purpose,
      evidenceFileId: input.evidenceFileId,
      isRelatedParty: false,
    });
    return { payoutRef: p.id, payoutNo: p.payoutNo, fundOrgId: p.orgId };
  },
};

// A village mutual-aid fund (互助金): the case's grant waits for a second user of the fund, like any grant there.
const mutualAidFunds: FundSourceAdapter = {
  async requestPayout(tx, ctx, input) {
    const g = await mutualaid.requestCaseGrant(tx, ctx, {
      fundId: input.fundId,
      payee: { name: input.payeeName },
      amountFen: input.amountFen,
      caseRef: input.caseNo,
      purpose: input.purpose,
    });
    return { payoutRef: g.grantId, payoutNo: g.grantNo, fundOrgId: g.fundOrgId };
  },
};

/**
 * Wires relief into the funds it pays from — the donations funds and the village mutual-aid funds — and the hooks by
 * which a payout's or a grant's decision settles its case in the same transaction. Safe to call more than once.
 */
export function registerReliefFunds(): void {
  registerFundSource('donations', donationsFunds);
  registerFundSource('mutualaid', mutualAidFunds);
  mutualaid.onCaseGrantDecided('relief', (tx, ctx, grant) =>
    settleReliefPayout(tx, ctx, 'mutualaid', grant.id, {
      status: grant.status,
      decidedAt: grant.decidedAt,
      ledgerIndex: grant.ledgerIndex,
    }),
  );
  donations.onPayoutDecided('relief', (tx, ctx, payout) =>
    settleReliefPayout(tx, ctx, 'donations', payout.id, {
      status: payout.status,
      decidedAt: payout.decidedAt,
      ledgerIndex: payout.ledgerIndex,
    }),
  );
}

/**
 * Settles the case of a decided payout, in the deciding transaction: paid → the case is paid (and the applicant is
 * told); rejected → the case can be paid again from another fund. A payout that is not relief's is ignored.
 */
export async function settleReliefPayout(
  tx: Db,
  ctx: Ctx,
  source: FundSource,
  payoutRef: string,
  decision: { status: 'paid' | 'rejected'; decidedAt: Date; ledgerIndex: number | null },
): Promise<void> {
  const payout = await repo.findPayoutByRef(tx, source, payoutRef);
  if (payout?.status !== 'pending') {
    return;
  }
  const found = await getCase(tx, payout.caseId);
  const c = (await repo.lockCase(tx, found.regionId, found.id))!;
  await repo.updatePayout(tx, payout, {
    status: decision.status,
    decidedAt: decision.decidedAt,
    ledgerIndex: decision.ledgerIndex,
  });
  if (decision.status === 'paid') {
    const paid = await advanceCase(tx, ctx, c, {
      to: 'paid',
      event: 'paid',
      orgId: null,
      patch: { paidFen: payout.amountFen, paidAt: decision.decidedAt },
      audit: { payoutNo: payout.payoutNo, amountFen: payout.amountFen, ledgerIndex: decision.ledgerIndex },
    });
    await tellApplicant(tx, paid, 'relief.paid');
    return;
  }
  await advanceCase(tx, ctx, c, {
    to: c.noticeEndsAt ? 'on_notice' : 'approved',
    event: 'payout_rejected',
    orgId: null,
    audit: { payoutNo: payout.payoutNo },
  });
}

/** Builds and stores the approval form of a case (the payout's default evidence). */
async function storeApprovalForm(tx: Db, ctx: Ctx, c: repo.CaseRow): Promise<string> {
  const [kind, org, events, objections] = await Promise.all([
    getKind(tx, c.kind),
    orgs.getOrg(tx, c.orgId),
    repo.eventsOfCase(tx, c.id),
    repo.objectionsOfCase(tx, c.id),
  ]);
  const names = await displayNamesOf(tx, [c.verifiedBy, c.reviewedBy, c.approvedBy]);
  const last = (event: string) => [...events].reverse().find((e) => e.event === event);
  const step = (label: string, event: string, who: string | null) => {
    const e = last(event);
    return { label, who: who ? (names.get(who) ?? who) : '', at: e?.at ?? null, note: e?.note ?? null };
  };
  const pdf = await renderApprovalForm({
    caseNo: c.caseNo,
    kindName: kind.name || reliefKindLabels[c.kind as keyof typeof reliefKindLabels].zh,
    unitName: org.name,
    applicantName: c.applicantName,
    idNumberMasked: c.idNumberMasked,
    householdSize: c.householdSize,
    causeText: c.causeText,
    requestedFen: c.requestedFen,
    recommendedFen: c.recommendedFen,
    approvedFen: c.approvedFen!,
    steps: [
      step('入户核实', 'verified', c.verifiedBy),
      step('县级审核', 'reviewed', c.reviewedBy),
      step('审批', 'approved', c.approvedBy),
    ],
    notice:
      c.noticeStartsAt && c.noticeEndsAt
        ? { startsAt: c.noticeStartsAt, endsAt: c.noticeEndsAt, objections: objections.length }
        : null,
    overrideNote: c.overrideNote,
  });
  const file = await storeFile(tx, ctx, {
    purpose: 'relief_approval',
    name: `救助审批表-${c.caseNo}.pdf`,
    bytes: pdf,
    contentType: 'application/pdf',
    orgId: c.orgId,
  });
  return file.id;
}

/**
 * Asks a fund to pay an approved case its approved amount (funds:payout at the fund's unit, which must be the case's
 * unit or above it). Refused with NOTICE_PERIOD_RUNNING while the notice runs, OBJECTION_OPEN while an objection is
 * open, TRANSITION_NOT_ALLOWED from any other status, FUND_INSUFFICIENT over the fund's balance; nothing is written.
 */
export async function requestCasePayout(db: Db, ctx: Ctx, id: string, input: RequestReliefPayout) {
  return runStep(db, ctx, id, async (tx, c, org) => {
    await requestPayoutLocked(tx, ctx, c, org, input);
  });
}

export async function requestPayoutLocked(
  tx: Db,
  ctx: Ctx,
  c: repo.CaseRow,
  org: orgs.OrgRow,
  input: RequestReliefPayout,
): Promise<repo.CaseRow> {
  assertStep(c, 'request_payout');
  const now = new Date();
  if (c.noticeEndsAt && c.noticeEndsAt > now) {
    throw new AppError('NOTICE_PERIOD_RUNNING', { noticeEndsAt: c.noticeEndsAt.toISOString() });
  }
  if ((await repo.countOpenObjections(tx, c.id)) > 0) {
    throw new AppError('OBJECTION_OPEN');
  }
  const adapter = fundSources.get(input.fundSource);
  if (!adapter) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'fundSource', message: `payouts from ${input.fundSource} funds are not available` }],
    });
  }
  let evidenceFileId = input.evidenceFileId;
  if (evidenceFileId && !(await findStoredFileMeta(tx, evidenceFileId))) {
    throw new AppError('NOT_FOUND', { entity: 'file', field: 'evidenceFileId', id: evidenceFileId });
  }
  let approvalFileId = c.approvalFileId;
  if (!evidenceFileId) {
    approvalFileId = approvalFileId ?? (await storeApprovalForm(tx, ctx, c));
    evidenceFileId = approvalFileId;
  }
  const amountFen = c.approvedFen!;
  const requested = await adapter.requestPayout(tx, ctx, {
    fundId: input.fundId,
    amountFen,
    payeeName: c.applicantName,
    caseNo: c.caseNo,
    purpose: `人道救助 ${c.caseNo}`,
    evidenceFileId,
  });
  const fundOrg = await orgs.getOrg(tx, requested.fundOrgId);
  if (!org.path.startsWith(fundOrg.path)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'fundId', message: "the fund belongs to a unit that is not the case's unit or above it" }],
    });
  }
  await repo.insertPayout(tx, {
    regionId: c.regionId,
    id: crypto.randomUUID(),
    caseId: c.id,
    fundSource: input.fundSource,
    fundId: input.fundId,
    payoutRef: requested.payoutRef,
    payoutNo: requested.payoutNo,
    amountFen,
    status: 'pending',
    requestedBy: whoIs(ctx),
    requestedAt: now,
  });
  return advanceCase(tx, ctx, c, {
    to: 'payout_requested',
    event: 'payout_requested',
    orgId: null,
    patch: { approvalFileId },
    audit: { fundSource: input.fundSource, fundId: input.fundId, payoutNo: requested.payoutNo, amountFen },
  });
}
