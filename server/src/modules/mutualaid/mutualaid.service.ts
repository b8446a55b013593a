// Village mutual-aid funds (村级互助金): open a fund per unit with its rules; record contributions (a livestream's
// share of sales through a contribution rule); pay grants (console grants on a second person's approval, case grants
// from the relief payout step); issue interest-free loans with a schedule; record repayments; flag overdue
// instalments; and the public page. Each money event is one transaction with its audit row and its public ledger
// entry, in which a person appears only as a salted commitment.
import crypto from 'node:crypto';
import { eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { displayNamesOf } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorId, actorLabel, assertCanAt, canAt, hasPermission } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as donations from '../donations/donations.service';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './mutualaid.repo';
import {
  type ContributionView,
  type CreateRule,
  type DecideGrant,
  evidenceRequiredSources,
  type FundDetail,
  type FundView,
  type GrantView,
  type InstalmentView,
  type IssueLoan,
  type LoanView,
  type OpenFund,
  type PersonRef,
  type PublicFund,
  type RecordContribution,
  type RecordGrant,
  type RecordRepayment,
  type RuleView,
  type UpdateFund,
} from './mutualaid.schemas';
import { allocateRepayment, buildSchedule, isOverdue, livestreamShareFen } from './mutualaid-rules';

const manage: Permission = 'mutualaid:manage';
const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
const recorder = (ctx: Ctx) => actorId(ctx.actor) ?? actorLabel(ctx.actor);
const unitCode = (org: orgs.OrgRow) => org.code ?? String(org.id);
const anonymousVillager = '爱心村民';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function randomTail(n: number): string {
  let out = '';
  for (const b of crypto.randomBytes(n)) {
    out += alphabet[b & 31];
  }
  return out;
}
/** A number people read out: MC/MG/ML/MR + the Asia/Shanghai date + 8 random characters. */
const newNumber = (prefix: 'MC' | 'MG' | 'ML' | 'MR', at = new Date()) =>
  `${prefix}${toChinaDate(at).replaceAll('-', '')}${randomTail(8)}`;

// ------------------------------------------------------------------------------------------------ lookups

async function getFund(db: Db, id: number): Promise<repo.FundRow> {
  const fund = await repo.findFundById(db, id);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_fund', id });
  }
  return fund;
}

/** The fund and its unit after checking mutualaid:manage there (FORBIDDEN / OUT_OF_SCOPE). */
async function fundInScope(db: Db, ctx: Ctx, id: number) {
  const fund = await getFund(db, id);
  const org = await orgs.getOrg(db, fund.orgId);
  assertCanAt(ctx.actor, manage, org.path);
  return { fund, org };
}

function assertActive(fund: repo.FundRow): void {
  if (!fund.isActive) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { reason: 'the fund is closed', fundId: fund.id });
  }
}

function assertNotFuture(field: string, date: string): void {
  if (date > toChinaDate()) {
    throw invalid(field, 'in the future');
  }
}

async function balanceOf(db: Db, fundId: number): Promise<number> {
  const t = (await repo.totalsOfFunds(db, [fundId], toChinaDate())).get(fundId)!;
  return t.contributedFen + t.repaidFen - t.grantedFen - t.lentFen;
}

/**
 * The person a grant or loan is for: a registered person picked by id (people:view in scope), or one found by ID
 * number — registered in the fund's unit when not yet known. A name that differs from the registered one is refused
 * (CONFLICT), an invalid ID number too (INVALID_ID_NUMBER).
 */
async function resolvePerson(
  tx: Db,
  ctx: Ctx,
  org: orgs.OrgRow,
  ref: PersonRef,
): Promise<{ id: string; name: string; phone: string | null }> {
  if ('personId' in ref) {
    const p = await people.viewPerson(tx, ctx, ref.personId);
    return { id: p.id, name: p.name, phone: null };
  }
  const id = people.normaliseIdNumber('resident_id', ref.idNumber);
  const phone = ref.phone ? normalisedPhone('phone', ref.phone) : null;
  const found = await people.searchPeople(tx, ctx, { q: id.value, page: 1, pageSize: 2 });
  const existing = found.items[0];
  if (existing) {
    if (existing.name !== ref.name) {
      throw new AppError('CONFLICT', {
        field: 'name',
        reason: 'the ID number is registered under another name',
        registeredName: maskName(existing.name),
      });
    }
    return { id: existing.id, name: existing.name, phone };
  }
  const created = await people.registerPerson(tx, ctx, {
    orgId: org.id,
    name: ref.name,
    idType: 'resident_id',
    idNumber: id.value,
    phone: ref.phone,
  });
  return { id: created.id, name: created.name, phone };
}

function normalisedPhone(field: string, input: string): string {
  const r = normalizePhone(input);
  if (!r.ok) {
    throw new AppError('INVALID_PHONE', { field });
  }
  return r.value;
}

// ------------------------------------------------------------------------------------------------ views

async function toFundViews(db: Db, rows: repo.FundRow[]): Promise<FundView[]> {
  const [totals, units] = await Promise.all([
    repo.totalsOfFunds(
      db,
      rows.map((r) => r.id),
      toChinaDate(),
    ),
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return rows.map((f) => {
    const t = totals.get(f.id)!;
    return {
      id: f.id,
      code: f.code,
      orgId: f.orgId,
      orgName: unitName.get(f.orgId) ?? '',
      name: f.name,
      description: f.description,
      maxGrantFen: f.maxGrantFen,
      maxLoanFen: f.maxLoanFen,
      loanTermMonths: f.loanTermMonths,
      isActive: f.isActive,
      createdAt: f.createdAt.toISOString(),
      totals: {
        contributedFen: t.contributedFen,
        grantedFen: t.grantedFen,
        lentFen: t.lentFen,
        repaidFen: t.repaidFen,
        outstandingFen: t.lentFen - t.repaidFen,
        balanceFen: t.contributedFen + t.repaidFen - t.grantedFen - t.lentFen,
      },
      activeLoans: t.activeLoans,
      overdueInstalments: t.overdueInstalments,
      pendingGrants: t.pendingGrants,
    };
  });
}

function toContributionView(c: repo.ContributionRow): ContributionView {
  return {
    id: c.id,
    contributionNo: c.contributionNo,
    fundId: c.fundId,
    sourceKind: c.sourceKind as ContributionView['sourceKind'],
    contributorName: c.contributorName,
    contributorDisplay: c.contributorDisplay,
    amountFen: c.amountFen,
    ruleId: c.ruleId,
    salesFen: c.salesFen,
    rateBp: c.rateBp,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    evidenceFileId: c.evidenceFileId,
    note: c.note,
    receivedOn: c.receivedOn,
    recordedAt: c.recordedAt.toISOString(),
    ledgerIndex: c.ledgerIndex,
  };
}

function toGrantView(g: repo.GrantRow, names: Map<string, string>): GrantView {
  return {
    id: g.id,
    grantNo: g.grantNo,
    fundId: g.fundId,
    origin: g.origin as GrantView['origin'],
    caseRef: g.caseRef,
    personId: g.personId,
    payeeName: g.payeeName,
    payeeDisplay: g.payeeDisplay,
    amountFen: g.amountFen,
    purpose: g.purpose,
    reason: g.reason,
    evidenceFileId: g.evidenceFileId,
    status: g.status as GrantView['status'],
    requestedBy: g.requestedBy,
    requestedByName: names.get(g.requestedBy) ?? g.requestedBy,
    requestedAt: g.requestedAt.toISOString(),
    decidedBy: g.decidedBy,
    decidedByName: g.decidedBy ? (names.get(g.decidedBy) ?? g.decidedBy) : null,
    decidedAt: g.decidedAt?.toISOString() ?? null,
    decisionNote: g.decisionNote,
    ledgerIndex: g.ledgerIndex,
  };
}

async function toLoanViews(db: Db, loans: repo.LoanRow[]): Promise<LoanView[]> {
  const ids = loans.map((l) => l.id);
  const [instalments, repayments] = await Promise.all([
    repo.instalmentsOfLoans(db, ids),
    repo.repaymentsOfLoans(db, ids),
  ]);
  const today = toChinaDate();
  return loans.map((l) => {
    const mine = instalments.filter((i) => i.loanId === l.id);
    const views: InstalmentView[] = mine.map((i) => ({
      seq: i.seq,
      dueOn: i.dueOn,
      amountFen: i.amountFen,
      paidFen: i.paidFen,
      isOverdue: isOverdue(i, today),
      overdueAt: i.overdueAt?.toISOString() ?? null,
    }));
    const repaidFen = mine.reduce((s, i) => s + i.paidFen, 0);
    const overdue = views.filter((i) => i.isOverdue);
    return {
      id: l.id,
      loanNo: l.loanNo,
      fundId: l.fundId,
      personId: l.personId,
      borrowerName: l.borrowerName,
      borrowerDisplay: l.borrowerDisplay,
      contactPhoneMasked: l.contactPhoneMasked,
      amountFen: l.amountFen,
      repaidFen,
      outstandingFen: l.amountFen - repaidFen,
      purpose: l.purpose,
      agreementFileId: l.agreementFileId,
      termMonths: l.termMonths,
      scheduleKind: l.scheduleKind as LoanView['scheduleKind'],
      disbursedOn: l.disbursedOn,
      dueOn: mine.at(-1)?.dueOn ?? l.disbursedOn,
      status: l.status as LoanView['status'],
      overdueFen: overdue.reduce((s, i) => s + i.amountFen - i.paidFen, 0),
      overdueInstalments: overdue.length,
      closedAt: l.closedAt?.toISOString() ?? null,
      recordedAt: l.recordedAt.toISOString(),
      ledgerIndex: l.ledgerIndex,
      instalments: views,
      repayments: repayments
        .filter((r) => r.loanId === l.id)
        .map((r) => ({
          id: r.id,
          repaymentNo: r.repaymentNo,
          amountFen: r.amountFen,
          allocations: r.allocations as { seq: number; amountFen: number }[],
          paidOn: r.paidOn,
          note: r.note,
          recordedAt: r.recordedAt.toISOString(),
          ledgerIndex: r.ledgerIndex,
        })),
    };
  });
}

// ------------------------------------------------------------------------------------------------ funds

/**
 * Opens the mutual-aid fund of a village, 博爱家园 or community (mutualaid:manage there). A unit has one active fund
 * (CONFLICT otherwise). The fund gets a public code for its QR page.
 */
export async function openFund(db: Db, ctx: Ctx, input: OpenFund): Promise<FundView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, manage, org.path);
  const row = await db.transaction(async (tx) => {
    if (await repo.findActiveFundOfOrg(tx, org.id)) {
      throw new AppError('CONFLICT', { field: 'orgId', reason: 'the unit already has an active mutual-aid fund' });
    }
    const created = await repo.insertFund(tx, {
      code: `MA${randomTail(8)}`,
      orgId: org.id,
      regionId: org.regionId,
      name: input.name,
      description: input.description ?? null,
      maxGrantFen: input.maxGrantFen,
      maxLoanFen: input.maxLoanFen,
      loanTermMonths: input.loanTermMonths,
      createdBy: recorder(ctx),
    });
    await recordAudit(tx, ctx, {
      action: 'mutualaid-fund.opened',
      entityType: 'mutualaid_fund',
      entityId: created.id,
      orgId: org.id,
      regionId: org.regionId,
      after: created,
    });
    return created;
  });
  return (await toFundViews(db, [row]))[0];
}

/** Changes a fund's name, description or rules (limits apply to grants and loans made from now on). */
export async function updateFund(db: Db, ctx: Ctx, id: number, patch: UpdateFund): Promise<FundView> {
  const { fund, org } = await fundInScope(db, ctx, id);
  const row = await db.transaction(async (tx) => {
    const after = await repo.updateFund(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'mutualaid-fund.updated',
      entityType: 'mutualaid_fund',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: fund,
      after,
    });
    return after;
  });
  return (await toFundViews(db, [row]))[0];
}

/** Funds in the actor's mutualaid:manage scope (optionally under one unit), with balances and open work. */
export async function listFunds(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<FundView[]> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.fund.orgId, ctx, manage)];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.fund.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  return toFundViews(db, await repo.listFunds(db, where));
}

/** One fund with its rules, contributions, grants and loans (newest first), for mutualaid:manage in scope. */
export async function viewFund(db: Db, ctx: Ctx, id: number): Promise<FundDetail> {
  const { fund } = await fundInScope(db, ctx, id);
  const [view, rules, contributions, grants, loans] = await Promise.all([
    toFundViews(db, [fund]),
    repo.listRules(db, id),
    repo.listContributions(db, id),
    repo.listGrants(db, id),
    repo.listLoans(db, id),
  ]);
  const byRule = await repo.contributedByRules(
    db,
    rules.map((r) => r.id),
  );
  const names = await displayNamesOf(
    db,
    grants.flatMap((g) => [g.requestedBy, g.decidedBy]),
  );
  return {
    fund: view[0],
    rules: rules.map((r) => toRuleView(r, byRule.get(r.id) ?? 0)),
    contributions: contributions.map(toContributionView),
    grants: grants.map((g) => toGrantView(g, names)),
    loans: (await toLoanViews(db, loans)).map(({ instalments: _i, repayments: _r, ...l }) => l),
  };
}

function toRuleView(r: repo.RuleRow, contributedFen: number): RuleView {
  return {
    id: r.id,
    fundId: r.fundId,
    name: r.name,
    partner: r.partner,
    rateBp: r.rateBp,
    isActive: r.isActive,
    contributedFen,
    createdAt: r.createdAt.toISOString(),
  };
}

// ------------------------------------------------------------------------------------------------ contributions

/** Sets up a livestream contribution rule: `rateBp` basis points of the declared sales go to the fund. */
export async function createRule(db: Db, ctx: Ctx, fundId: number, input: CreateRule): Promise<RuleView> {
  const { fund, org } = await fundInScope(db, ctx, fundId);
  assertActive(fund);
  const row = await db.transaction(async (tx) => {
    if (await repo.findRuleByName(tx, fund.id, input.name)) {
      throw new AppError('CONFLICT', { field: 'name', reason: 'the fund already has a rule of this name' });
    }
    const created = await repo.insertRule(tx, { fundId: fund.id, ...input, createdBy: recorder(ctx) });
    await recordAudit(tx, ctx, {
      action: 'mutualaid-rule.created',
      entityType: 'mutualaid_rule',
      entityId: created.id,
      orgId: org.id,
      regionId: org.regionId,
      after: created,
    });
    return created;
  });
  return toRuleView(row, 0);
}

/**
 * Records money received into the fund. A livestream contribution names its rule, the declared sales and the period:
 * the amount is sales × rate rounded half up to the fen, and a period overlapping one already declared for the rule
 * is refused (CONFLICT). Evidence is required from the Red Cross, companies and livestreams (MATERIALS_MISSING);
 * a villager's cash may come without. The dates may not lie in the future.
 */
export async function recordContribution(
  db: Db,
  ctx: Ctx,
  fundId: number,
  input: RecordContribution,
): Promise<ContributionView> {
  const { fund, org } = await fundInScope(db, ctx, fundId);
  assertActive(fund);
  assertNotFuture('receivedOn', input.receivedOn);
  if (evidenceRequiredSources.includes(input.sourceKind) && !input.evidenceFileId) {
    throw new AppError('MATERIALS_MISSING', { field: 'evidenceFileId', sourceKind: input.sourceKind });
  }

  let amountFen: number;
  let rule: repo.RuleRow | undefined;
  let contributorName: string | null;
  let contributorDisplay: string;
  let salt: Buffer | null = null;
  if (input.sourceKind === 'livestream') {
    rule = await repo.findRuleById(db, input.ruleId);
    if (rule?.fundId !== fund.id) {
      throw new AppError('NOT_FOUND', { entity: 'mutualaid_rule', id: input.ruleId });
    }
    if (!rule.isActive) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { reason: 'the rule is no longer active', ruleId: rule.id });
    }
    if (input.periodTo < input.periodFrom) {
      throw invalid('periodTo', 'before periodFrom');
    }
    assertNotFuture('periodTo', input.periodTo);
    if (input.periodTo > input.receivedOn) {
      throw invalid('receivedOn', 'before the end of the sales period');
    }
    amountFen = livestreamShareFen(input.salesFen, rule.rateBp);
    if (amountFen === 0) {
      throw invalid('salesFen', 'the share of these sales rounds to nothing');
    }
    contributorName = rule.partner;
    contributorDisplay = rule.partner;
  } else {
    amountFen = input.amountFen;
    contributorName = input.contributorName ?? null;
    if (input.sourceKind === 'villager') {
      salt = donations.newCommitmentSalt();
      contributorDisplay = contributorName ? maskName(contributorName) : anonymousVillager;
    } else {
      contributorDisplay = input.contributorName;
    }
  }

  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: org.id,
      readPermission: 'mutualaid:manage',
      purpose: 'mutualaid-evidence',
    });
    if (rule && input.sourceKind === 'livestream') {
      const overlap = await repo.findOverlappingDeclaration(tx, rule.id, input.periodFrom, input.periodTo);
      if (overlap) {
        throw new AppError('CONFLICT', {
          field: 'periodFrom',
          reason: 'sales of this period were already declared for the rule',
          contributionNo: overlap.contributionNo,
          periodFrom: overlap.periodFrom,
          periodTo: overlap.periodTo,
        });
      }
    }
    const now = new Date();
    const contributionNo = newNumber('MC', now);
    const commitment = salt ? donations.identityCommitment(salt, contributorName ?? '') : null;
    const live = input.sourceKind === 'livestream' ? input : null;
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'mutualaid.contribution',
      facts: {
        v: 1,
        ref: contributionNo,
        fund: fund.code,
        unit: unitCode(org),
        source: input.sourceKind,
        // Organisations are named; a villager only by a salted commitment.
        contributor: commitment ?? contributorDisplay,
        amountFen,
        currency: 'CNY',
        salesFen: live?.salesFen ?? null,
        rateBp: rule?.rateBp ?? null,
        rounding: live ? 'half-up' : null,
        periodFrom: live?.periodFrom ?? null,
        periodTo: live?.periodTo ?? null,
        receivedOn: input.receivedOn,
        at: now.toISOString(),
      },
    });
    const created = await repo.insertContribution(tx, {
      regionId: fund.regionId,
      id: crypto.randomUUID(),
      contributionNo,
      fundId: fund.id,
      orgId: fund.orgId,
      sourceKind: input.sourceKind,
      contributorName,
      contributorDisplay,
      contributorSaltEnc: salt ? pii().encrypt(salt.toString('base64url')) : null,
      contributorCommitment: commitment,
      amountFen,
      ruleId: rule?.id ?? null,
      salesFen: live?.salesFen ?? null,
      rateBp: rule?.rateBp ?? null,
      periodFrom: live?.periodFrom ?? null,
      periodTo: live?.periodTo ?? null,
      evidenceFileId: input.evidenceFileId ?? null,
      note: input.note ?? null,
      receivedOn: input.receivedOn,
      recordedBy: recorder(ctx),
      recordedAt: now,
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'mutualaid.contribution-recorded',
      entityType: 'mutualaid_contribution',
      entityId: created.id,
      orgId: fund.orgId,
      regionId: fund.regionId,
      after: { ...created, contributorName: input.sourceKind === 'villager' ? contributorDisplay : contributorName },
    });
    return created;
  });
  return toContributionView(row);
}

// ------------------------------------------------------------------------------------------------ grants

function assertWithinGrantLimit(fund: repo.FundRow, amountFen: number): void {
  if (amountFen > fund.maxGrantFen) {
    throw new AppError('AMOUNT_TOO_LARGE', { field: 'amountFen', maxFen: fund.maxGrantFen, rule: 'maxGrantFen' });
  }
}

/** Pays a grant in the caller's transaction (fund locked by the caller): balance check, ledger, status, audit. */
async function payGrant(
  tx: Db,
  ctx: Ctx,
  fund: repo.FundRow,
  org: orgs.OrgRow,
  grant: repo.GrantRow,
  fields: { decidedBy: string; decidedAt: Date; decisionNote: string | null },
): Promise<repo.GrantRow> {
  const balance = await balanceOf(tx, fund.id);
  if (grant.amountFen > balance) {
    throw new AppError('FUND_INSUFFICIENT', { field: 'amountFen', balanceFen: balance, amountFen: grant.amountFen });
  }
  const { index } = await ledger.appendLedgerEntry(tx, {
    kind: 'mutualaid.grant',
    facts: {
      v: 1,
      ref: grant.grantNo,
      fund: fund.code,
      unit: unitCode(org),
      payee: grant.payeeCommitment,
      amountFen: grant.amountFen,
      currency: 'CNY',
      purpose: grant.purpose,
      case: grant.caseRef,
      at: fields.decidedAt.toISOString(),
    },
  });
  const after = await repo.updateGrant(tx, grant, { status: 'paid', ...fields, ledgerIndex: index });
  await recordAudit(tx, ctx, {
    action: 'mutualaid.grant-paid',
    entityType: 'mutualaid_grant',
    entityId: grant.id,
    orgId: grant.orgId,
    regionId: grant.regionId,
    before: { status: grant.status },
    after: { status: 'paid', ledgerIndex: index, amountFen: grant.amountFen, caseRef: grant.caseRef },
  });
  return after;
}

function grantRow(
  fund: repo.FundRow,
  person: { id: string | null; name: string },
  input: { amountFen: number; purpose: string; reason?: string | null; evidenceFileId?: string | null },
  extra: { origin: 'console' | 'case'; caseRef: string | null; requestedBy: string; requestedAt: Date },
): typeof import('./mutualaid.tables').mutualaidGrants.$inferInsert {
  const salt = donations.newCommitmentSalt();
  return {
    regionId: fund.regionId,
    id: crypto.randomUUID(),
    grantNo: newNumber('MG', extra.requestedAt),
    fundId: fund.id,
    orgId: fund.orgId,
    origin: extra.origin,
    caseRef: extra.caseRef,
    personId: person.id,
    payeeName: person.name,
    payeeDisplay: maskName(person.name),
    payeeSaltEnc: pii().encrypt(salt.toString('base64url')),
    payeeCommitment: donations.identityCommitment(salt, person.name),
    amountFen: input.amountFen,
    purpose: input.purpose,
    reason: input.reason ?? null,
    evidenceFileId: input.evidenceFileId ?? null,
    status: 'pending',
    requestedBy: extra.requestedBy,
    requestedAt: extra.requestedAt,
  };
}

/**
 * Records a small grant from the console with its decision note: pending until a second user approves it
 * (decideGrant). Refuses an amount over the fund's max grant (AMOUNT_TOO_LARGE) or over its balance now
 * (FUND_INSUFFICIENT; checked again on approval).
 */
export async function recordGrant(db: Db, ctx: Ctx, fundId: number, input: RecordGrant): Promise<GrantView> {
  const { fund, org } = await fundInScope(db, ctx, fundId);
  assertActive(fund);
  assertWithinGrantLimit(fund, input.amountFen);
  const balance = await balanceOf(db, fund.id);
  if (input.amountFen > balance) {
    throw new AppError('FUND_INSUFFICIENT', { field: 'amountFen', balanceFen: balance });
  }
  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: org.id,
      readPermission: 'mutualaid:manage',
      purpose: 'mutualaid-evidence',
    });
    const person = await resolvePerson(tx, ctx, org, input.recipient);
    const created = await repo.insertGrant(
      tx,
      grantRow(fund, person, input, {
        origin: 'console',
        caseRef: null,
        requestedBy: recorder(ctx),
        requestedAt: new Date(),
      }),
    );
    await recordAudit(tx, ctx, {
      action: 'mutualaid.grant-requested',
      entityType: 'mutualaid_grant',
      entityId: created.id,
      orgId: fund.orgId,
      regionId: fund.regionId,
      after: { ...created, payeeName: created.payeeDisplay },
    });
    return created;
  });
  return toGrantView(row, await displayNamesOf(db, [row.requestedBy]));
}

/**
 * Approves (pays) or rejects a pending grant (from the console, or a relief case's: its case is settled in the same
 * transaction through the onCaseGrantDecided hooks). The decider must be another user than the recorder
 * (SAME_USER_APPROVAL); a decided grant is refused (NOT_PENDING); approval locks the fund and checks the max grant
 * and the balance again (FUND_INSUFFICIENT), then appends `mutualaid.grant`.
 */
export async function decideGrant(db: Db, ctx: Ctx, id: string, input: DecideGrant): Promise<GrantView> {
  const found = await repo.findGrantById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_grant', id });
  }
  const { org } = await fundInScope(db, ctx, found.fundId);
  const after = await db.transaction(async (tx) => {
    const fund = (await repo.lockFund(tx, found.fundId))!;
    const grant = (await repo.lockGrant(tx, found.regionId, found.id))!;
    if (grant.status !== 'pending') {
      throw new AppError('NOT_PENDING', { status: grant.status });
    }
    const decidedBy = recorder(ctx);
    if (grant.requestedBy === decidedBy) {
      throw new AppError('SAME_USER_APPROVAL');
    }
    const fields = { decidedBy, decidedAt: new Date(), decisionNote: input.note ?? null };
    const settle = async (decided: repo.GrantRow) => {
      if (decided.origin === 'case' && decided.caseRef) {
        for (const hook of caseGrantHooks.values()) {
          await hook(tx, ctx, {
            id: decided.id,
            caseRef: decided.caseRef,
            status: decided.status as 'paid' | 'rejected',
            decidedAt: fields.decidedAt,
            ledgerIndex: decided.ledgerIndex,
          });
        }
      }
      return decided;
    };
    if (input.decision === 'approve') {
      assertActive(fund);
      assertWithinGrantLimit(fund, grant.amountFen);
      return settle(await payGrant(tx, ctx, fund, org, grant, fields));
    }
    const rejected = await repo.updateGrant(tx, grant, { status: 'rejected', ...fields });
    await recordAudit(tx, ctx, {
      action: 'mutualaid.grant-rejected',
      entityType: 'mutualaid_grant',
      entityId: grant.id,
      orgId: grant.orgId,
      regionId: grant.regionId,
      before: { status: grant.status },
      after: { status: 'rejected', note: fields.decisionNote },
    });
    return settle(rejected);
  });
  return toGrantView(after, await displayNamesOf(db, [after.requestedBy, after.decidedBy]));
}

export type MutualAidCaseGrant = {
  fundId: number;
  /** The relief case's person record (its name is read through the people service: people:view in scope)… */
  personId?: string;
  /** …or the payee's name as the case records it (used as given when both are present). */
  payee?: { name: string };
  amountFen: number;
  /** The relief case number, kept on the grant and in its ledger entry. */
  caseRef: string;
  purpose: string;
};

/** Told, in the deciding transaction, when a grant a relief case asked for is paid or rejected. */
export type CaseGrantDecidedHook = (
  tx: Db,
  ctx: Ctx,
  grant: { id: string; caseRef: string; status: 'paid' | 'rejected'; decidedAt: Date; ledgerIndex: number | null },
) => Promise<void>;

const caseGrantHooks = new Map<string, CaseGrantDecidedHook>();

/** Registers (or replaces, by name) a hook run when a case grant is decided — the relief module settles its case. */
export function onCaseGrantDecided(name: string, hook: CaseGrantDecidedHook): void {
  caseGrantHooks.set(name, hook);
}

/**
 * Asks a mutual-aid fund to pay a relief case's grant, inside the caller's transaction: the payout step of a case.
 * The grant stays pending until a second user with mutualaid:manage approves it (decideGrant), as every grant does;
 * the case is settled by the onCaseGrantDecided hooks in that decision's transaction. The actor needs
 * mutualaid:manage, relief:review or relief:approve at the fund's unit (FORBIDDEN / OUT_OF_SCOPE). Refuses a closed
 * fund (TRANSITION_NOT_ALLOWED), an amount over the fund's max grant (AMOUNT_TOO_LARGE) or over its balance now
 * (409 FUND_INSUFFICIENT; checked again on approval) before writing anything.
 */
export async function requestCaseGrant(
  tx: Db,
  ctx: Ctx,
  input: MutualAidCaseGrant,
): Promise<{ grantId: string; grantNo: string; fundOrgId: number }> {
  const fund = await repo.lockFund(tx, input.fundId);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_fund', id: input.fundId });
  }
  const org = await orgs.getOrg(tx, fund.orgId);
  const allowed: Permission[] = [manage, 'funds:payout', 'relief:review', 'relief:approve'];
  if (!allowed.some((p) => hasPermission(ctx.actor, p))) {
    throw new AppError('FORBIDDEN', { permission: manage });
  }
  if (!allowed.some((p) => canAt(ctx.actor, p, org.path))) {
    throw new AppError('OUT_OF_SCOPE', { permission: manage });
  }
  assertActive(fund);
  assertWithinGrantLimit(fund, input.amountFen);
  const balance = await balanceOf(tx, fund.id);
  if (input.amountFen > balance) {
    throw new AppError('FUND_INSUFFICIENT', { field: 'amountFen', balanceFen: balance, amountFen: input.amountFen });
  }
  let person: { id: string | null; name: string };
  if (input.payee) {
    person = { id: input.personId ?? null, name: input.payee.name };
  } else if (input.personId) {
    const p = await people.viewPerson(tx, ctx, input.personId);
    person = { id: p.id, name: p.name };
  } else {
    throw invalid('payee', 'give personId or payee');
  }
  const pending = await repo.insertGrant(
    tx,
    grantRow(fund, person, input, {
      origin: 'case',
      caseRef: input.caseRef,
      requestedBy: recorder(ctx),
      requestedAt: new Date(),
    }),
  );
  await recordAudit(tx, ctx, {
    action: 'mutualaid.grant-requested',
    entityType: 'mutualaid_grant',
    entityId: pending.id,
    orgId: fund.orgId,
    regionId: fund.regionId,
    after: { ...pending, payeeName: pending.payeeDisplay },
  });
  return { grantId: pending.id, grantNo: pending.grantNo, fundOrgId: fund.orgId };
}

/** Active funds a relief payout may draw on, in the actor's scope (id, name, unit, balance): for the payout form. */
export async function listFundsForPayout(db: Db, ctx: Ctx, orgId?: number): Promise<FundView[]> {
  const paths: SQL[] = [];
  for (const p of [manage, 'funds:payout', 'relief:review', 'relief:approve'] as Permission[]) {
    paths.push(orgs.orgScopeCondition(repo.columns.fund.orgId, ctx, p));
  }
  const where: SQL[] = [or(...paths)!, eq(repo.columns.fund.isActive, true)];
  if (orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.fund.orgId, (await orgs.getOrg(db, orgId)).path));
  }
  return toFundViews(db, await repo.listFunds(db, where));
}

// ------------------------------------------------------------------------------------------------ loans

/**
 * Issues an interest-free loan against the signed agreement (uploaded first; NOT_FOUND otherwise) and fixes its
 * schedule: equal monthly instalments or one bullet at term end. Refuses an amount over the fund's max loan
 * (AMOUNT_TOO_LARGE), a term longer than the fund's cycle (VALIDATION_FAILED), a borrower who still has an active
 * loan from this fund (CONFLICT), and more than the balance (FUND_INSUFFICIENT) — nothing written in each case.
 */
export async function issueLoan(db: Db, ctx: Ctx, fundId: number, input: IssueLoan): Promise<LoanView> {
  const { fund, org } = await fundInScope(db, ctx, fundId);
  assertActive(fund);
  const termMonths = input.termMonths ?? fund.loanTermMonths;
  if (termMonths > fund.loanTermMonths) {
    throw invalid('termMonths', `longer than the fund's cycle of ${fund.loanTermMonths} months`);
  }
  if (input.amountFen > fund.maxLoanFen) {
    throw new AppError('AMOUNT_TOO_LARGE', { field: 'amountFen', maxFen: fund.maxLoanFen, rule: 'maxLoanFen' });
  }
  if (input.scheduleKind === 'equal' && input.amountFen < termMonths) {
    throw invalid('amountFen', 'less than one fen per monthly instalment');
  }
  const disbursedOn = input.disbursedOn ?? toChinaDate();
  assertNotFuture('disbursedOn', disbursedOn);
  const contactPhone = input.contactPhone ? normalisedPhone('contactPhone', input.contactPhone) : undefined;

  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'agreementFileId', id: input.agreementFileId }], {
      orgId: org.id,
      readPermission: 'mutualaid:manage',
      purpose: 'mutualaid-evidence',
    });
    await repo.lockFund(tx, fund.id);
    const balance = await balanceOf(tx, fund.id);
    if (input.amountFen > balance) {
      throw new AppError('FUND_INSUFFICIENT', { field: 'amountFen', balanceFen: balance });
    }
    const person = await resolvePerson(tx, ctx, org, input.borrower);
    const active = (await repo.listLoans(tx, fund.id)).find((l) => l.personId === person.id && l.status === 'active');
    if (active) {
      throw new AppError('CONFLICT', {
        field: 'borrower',
        reason: 'the borrower has a loan from this fund still being repaid',
        loanNo: active.loanNo,
      });
    }
    const phone = contactPhone ?? person.phone;
    const now = new Date();
    const loanNo = newNumber('ML', now);
    const salt = donations.newCommitmentSalt();
    const commitment = donations.identityCommitment(salt, person.name);
    const schedule = buildSchedule({
      amountFen: input.amountFen,
      termMonths,
      kind: input.scheduleKind,
      startOn: disbursedOn,
    });
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'mutualaid.loan',
      facts: {
        v: 1,
        ref: loanNo,
        fund: fund.code,
        unit: unitCode(org),
        borrower: commitment,
        amountFen: input.amountFen,
        currency: 'CNY',
        interestFen: 0,
        purpose: input.purpose,
        termMonths,
        schedule: input.scheduleKind,
        instalments: schedule.map((s) => ({ seq: s.seq, dueOn: s.dueOn, amountFen: s.amountFen })),
        disbursedOn,
        at: now.toISOString(),
      },
    });
    const created = await repo.insertLoan(tx, {
      regionId: fund.regionId,
      id: crypto.randomUUID(),
      loanNo,
      fundId: fund.id,
      orgId: fund.orgId,
      personId: person.id,
      borrowerName: person.name,
      borrowerDisplay: maskName(person.name),
      borrowerSaltEnc: pii().encrypt(salt.toString('base64url')),
      borrowerCommitment: commitment,
      contactPhoneEnc: phone ? pii().encrypt(phone) : null,
      contactPhoneMasked: phone ? maskPhone(phone) : null,
      amountFen: input.amountFen,
      purpose: input.purpose,
      agreementFileId: input.agreementFileId,
      termMonths,
      scheduleKind: input.scheduleKind,
      disbursedOn,
      status: 'active',
      recordedBy: recorder(ctx),
      recordedAt: now,
      ledgerIndex: index,
    });
    await repo.insertInstalments(
      tx,
      schedule.map((s) => ({ regionId: fund.regionId, loanId: created.id, ...s })),
    );
    await recordAudit(tx, ctx, {
      action: 'mutualaid.loan-issued',
      entityType: 'mutualaid_loan',
      entityId: created.id,
      orgId: fund.orgId,
      regionId: fund.regionId,
      after: { ...created, borrowerName: created.borrowerDisplay, instalments: schedule.length },
    });
    return created;
  });
  return (await toLoanViews(db, [row]))[0];
}

async function loanInScope(db: Db, ctx: Ctx, id: string) {
  const loan = await repo.findLoanById(db, id);
  if (!loan) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_loan', id });
  }
  const { fund, org } = await fundInScope(db, ctx, loan.fundId);
  return { loan, fund, org };
}

/** A loan with its schedule (overdue instalments marked) and repayments. */
export async function viewLoan(db: Db, ctx: Ctx, id: string): Promise<LoanView> {
  const { loan } = await loanInScope(db, ctx, id);
  return (await toLoanViews(db, [loan]))[0];
}

/**
 * Records money repaid on a loan: applied to the oldest open instalments first (a part payment is allowed), back into
 * the fund's balance, with its `mutualaid.repayment` ledger entry; the loan closes when nothing is left owing. Refuses
 * more than is owed (AMOUNT_TOO_LARGE, with outstandingFen), a closed loan (TRANSITION_NOT_ALLOWED), and a date before
 * the loan or in the future (VALIDATION_FAILED).
 */
export async function recordRepayment(db: Db, ctx: Ctx, loanId: string, input: RecordRepayment): Promise<LoanView> {
  const { loan: found, fund, org } = await loanInScope(db, ctx, loanId);
  const paidOn = input.paidOn ?? toChinaDate();
  assertNotFuture('paidOn', paidOn);
  if (paidOn < found.disbursedOn) {
    throw invalid('paidOn', 'before the loan was handed over');
  }
  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: org.id,
      readPermission: 'mutualaid:manage',
      purpose: 'mutualaid-evidence',
    });
    const loan = (await repo.lockLoan(tx, found.regionId, found.id))!;
    if (loan.status !== 'active') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { reason: 'the loan is closed', status: loan.status });
    }
    const instalments = await repo.instalmentsOfLoans(tx, [loan.id]);
    const allocations = allocateRepayment(instalments, input.amountFen);
    const outstanding = instalments.reduce((s, i) => s + i.amountFen - i.paidFen, 0);
    if (!allocations) {
      throw new AppError('AMOUNT_TOO_LARGE', { field: 'amountFen', outstandingFen: outstanding });
    }
    const now = new Date();
    const repaymentNo = newNumber('MR', now);
    const isRepaid = input.amountFen === outstanding;
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'mutualaid.repayment',
      facts: {
        v: 1,
        ref: repaymentNo,
        loan: loan.loanNo,
        fund: fund.code,
        unit: unitCode(org),
        borrower: loan.borrowerCommitment,
        amountFen: input.amountFen,
        currency: 'CNY',
        instalments: allocations,
        outstandingFen: outstanding - input.amountFen,
        paidOn,
        at: now.toISOString(),
      },
    });
    await repo.insertRepayment(tx, {
      regionId: loan.regionId,
      id: crypto.randomUUID(),
      repaymentNo,
      loanId: loan.id,
      fundId: loan.fundId,
      orgId: loan.orgId,
      amountFen: input.amountFen,
      allocations,
      paidOn,
      note: input.note ?? null,
      evidenceFileId: input.evidenceFileId ?? null,
      recordedBy: recorder(ctx),
      recordedAt: now,
      ledgerIndex: index,
    });
    for (const a of allocations) {
      await repo.addInstalmentPayment(tx, loan.regionId, loan.id, a.seq, a.amountFen);
    }
    const after = isRepaid ? await repo.updateLoan(tx, loan, { status: 'closed', closedAt: now }) : loan;
    await recordAudit(tx, ctx, {
      action: 'mutualaid.repayment-recorded',
      entityType: 'mutualaid_loan',
      entityId: loan.id,
      orgId: loan.orgId,
      regionId: loan.regionId,
      before: { status: loan.status, outstandingFen: outstanding },
      after: { status: after.status, outstandingFen: outstanding - input.amountFen, repaymentNo, allocations },
    });
    return after;
  });
  return (await toLoanViews(db, [row]))[0];
}

// ------------------------------------------------------------------------------------------------ overdue

/**
 * The overdue sweep: marks each unpaid instalment of an active loan whose due date has passed (once), and queues one
 * SMS reminder per instalment to the borrower's contact phone (dedupe key `mutualaid.overdue:<loan>:<seq>`). Writes one
 * audit row per run that flagged anything. Returns what it did.
 */
export async function flagOverdueInstalments(
  db: Db,
  now: Date = new Date(),
): Promise<{ flagged: number; reminded: number; withoutPhone: number }> {
  const today = toChinaDate(now);
  const ctx: Ctx = { actor: { kind: 'system', label: 'mutualaid.overdue' }, requestId: null, ip: null, locale: 'zh' };
  let flagged = 0;
  let reminded = 0;
  let withoutPhone = 0;
  const funds = new Map<number, repo.FundRow>();
  for (;;) {
    const due = await repo.overdueInstalments(db, today, 200);
    if (due.length === 0) {
      break;
    }
    for (const { instalment: i, loan } of due) {
      await repo.markInstalmentOverdue(db, i, now);
      flagged++;
      if (!loan.contactPhoneEnc) {
        withoutPhone++;
        continue;
      }
      const fund = funds.get(loan.fundId) ?? (await getFund(db, loan.fundId));
      funds.set(fund.id, fund);
      const owed = ((i.amountFen - i.paidFen) / 100).toFixed(2);
      const queued = await queueMessage(db, {
        channel: 'sms',
        to: pii().decrypt(loan.contactPhoneEnc),
        template: 'mutualaid.overdue',
        body: `【博爱】您在${fund.name}的无息借款 ${loan.loanNo} 第 ${i.seq} 期已于 ${i.dueOn} 到期，尚欠 ¥${owed}。请尽快归还，还款将回到互助金帮助更多乡亲；如有困难请联系村红十字工作者。`,
        dedupeKey: `mutualaid.overdue:${loan.id}:${i.seq}`,
      });
      if (queued) {
        reminded++;
      }
    }
  }
  if (flagged > 0) {
    await recordAudit(db, ctx, {
      action: 'mutualaid.overdue-flagged',
      entityType: 'system',
      after: { flagged, reminded, withoutPhone, today },
    });
  }
  return { flagged, reminded, withoutPhone };
}

// ------------------------------------------------------------------------------------------------ public

/** The public page of a fund by its QR code: balance, sources, paid grants and loans with masked names. */
export async function viewPublicFund(db: Db, code: string): Promise<PublicFund> {
  const fund = await repo.findFundByCode(db, code);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_fund', code });
  }
  const org = await orgs.getOrg(db, fund.orgId);
  const ancestorIds = org.path.split('.').filter(Boolean).map(Number).slice(0, -1);
  const [view, sources, contributions, grants, loans, ancestors] = await Promise.all([
    toFundViews(db, [fund]),
    repo.sourcesOfFund(db, fund.id),
    repo.listContributions(db, fund.id),
    repo.listGrants(db, fund.id, 'paid'),
    repo.listLoans(db, fund.id),
    orgs.findOrgsByIds(db, ancestorIds),
  ]);
  const loanViews = await toLoanViews(db, loans);
  return {
    code: fund.code,
    name: fund.name,
    description: fund.description,
    orgName: org.name,
    // From the county down (the province and city add nothing a villager needs).
    orgTrail: ancestorIds
      .map((id) => ancestors.find((a) => a.id === id))
      .filter((a): a is orgs.OrgRow => !!a && !['province', 'city'].includes(a.type))
      .map((a) => a.name),
    maxGrantFen: fund.maxGrantFen,
    maxLoanFen: fund.maxLoanFen,
    loanTermMonths: fund.loanTermMonths,
    totals: view[0].totals,
    sources: sources.map((s) => ({ ...s, kind: s.kind as PublicFund['sources'][number]['kind'] })),
    contributions: contributions.slice(0, 100).map((c) => ({
      sourceKind: c.sourceKind as PublicFund['sources'][number]['kind'],
      contributor: c.contributorDisplay,
      amountFen: c.amountFen,
      salesFen: c.salesFen,
      rateBp: c.rateBp,
      periodFrom: c.periodFrom,
      periodTo: c.periodTo,
      receivedOn: c.receivedOn,
      ledgerIndex: c.ledgerIndex,
    })),
    grants: grants.slice(0, 100).map((g) => ({
      payee: g.payeeDisplay,
      amountFen: g.amountFen,
      purpose: g.purpose,
      paidOn: toChinaDate(g.decidedAt ?? g.requestedAt),
      ledgerIndex: g.ledgerIndex!,
    })),
    loans: loanViews.slice(0, 100).map((l) => ({
      borrower: l.borrowerDisplay,
      amountFen: l.amountFen,
      repaidFen: l.repaidFen,
      purpose: l.purpose,
      disbursedOn: l.disbursedOn,
      dueOn: l.dueOn,
      status: l.status,
      ledgerIndex: l.ledgerIndex,
    })),
  };
}

/** The fund's public code and name for its QR poster (NOT_FOUND for an unknown code). */
export async function getPublicFundHeader(db: Db, code: string) {
  const fund = await repo.findFundByCode(db, code);
  if (!fund) {
    throw new AppError('NOT_FOUND', { entity: 'mutualaid_fund', code });
  }
  const org = await orgs.getOrg(db, fund.orgId);
  return { code: fund.code, name: fund.name, orgName: org.name };
}
