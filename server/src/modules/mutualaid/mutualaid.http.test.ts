// Mutual-aid funds through the HTTP routes on a real database: opening a fund, contributions (a livestream rule's
// share of sales, rounded half up), two-person grants and case grants, loans with schedules, part and over-payments,
// the overdue sweep with one reminder per instalment, scope, the public page and ledger leaves without names.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { enqueueJob, runDueJobs } from '../../platform/jobs/jobs.service';
import { pii } from '../../platform/pii';
import type { Permission } from '../../platform/rbac/permissions';
import {
  createBranchChain,
  createOrgUnder,
  createPerson,
  createStaff,
  systemCtx,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { identityCommitment } from '../donations/commitment';
import { defineMutualaidJobs } from './mutualaid.jobs';
import type { FundDetail, FundView, LoanView, PublicFund } from './mutualaid.schemas';
import {
  decideGrant,
  flagOverdueInstalments,
  listFundsForPayout,
  onCaseGrantDecided,
  requestCaseGrant,
} from './mutualaid.service';
import { seedDemoMutualAid } from './mutualaid-demo';
import { addMonths } from './mutualaid-rules';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let town: Awaited<ReturnType<typeof createOrgUnder>>;
let village: Awaited<ReturnType<typeof createOrgUnder>>;
/** Records (village worker at the county: mutualaid:manage, people:view, people:manage). */
let clerk: Caller & { userId: string };
/** A second village worker who approves grants. */
let checker: Caller & { userId: string };
/** A branch administrator of another county. */
let outsider: Caller & { userId: string };
let scan: string;
let fund: FundView;

const today = toChinaDate();
const daysBefore = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

const post = (caller: Caller, url: string, payload: object) => t.inject(caller, { method: 'POST', url, payload });
const get = (caller: Caller, url: string) => t.inject(caller, { method: 'GET', url });
const detail = async (id = fund.id): Promise<FundDetail> => (await get(clerk, `/api/mutualaid/funds/${id}`)).json();
const balance = async (id = fund.id) => (await detail(id)).fund.totals.balanceFen;

async function expectRefused(
  res: { statusCode: number; body: string; json: () => unknown },
  status: number,
  code: string,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect((res.json() as { error: { code: string } }).error.code).toBe(code);
}

/** Row counts of every mutual-aid table and the ledger: a refusal must leave all of them as they were. */
async function snapshot() {
  const [row] = await queryRows<Record<string, number>>(
    t.db,
    sql`SELECT
      (SELECT count(*)::int FROM mutualaid_funds) AS funds,
      (SELECT count(*)::int FROM mutualaid_contributions) AS contributions,
      (SELECT count(*)::int FROM mutualaid_grants) AS grants,
      (SELECT count(*)::int FROM mutualaid_loans) AS loans,
      (SELECT coalesce(sum(paid_fen), 0)::int FROM mutualaid_instalments) AS paid,
      (SELECT count(*)::int FROM mutualaid_repayments) AS repayments,
      (SELECT count(*)::int FROM people) AS people,
      (SELECT count(*)::int FROM ledger_entries) AS leaves`,
  );
  return row;
}

async function contribute(payload: Record<string, unknown>, id = fund.id) {
  const res = await post(clerk, `/api/mutualaid/funds/${id}/contributions`, { receivedOn: today, ...payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function openFundAt(orgId: number, extra: Record<string, unknown> = {}): Promise<FundView> {
  const res = await post(clerk, '/api/mutualaid/funds', {
    orgId,
    name: `互助金${orgId}`,
    maxGrantFen: 500_000,
    maxLoanFen: 2_000_000,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  town = await createOrgUnder(t, chain.county, 'township');
  village = await createOrgUnder(t, town, 'village', { name: '白鱼潭村' });
  clerk = await createStaff(t, { orgId: chain.county.id, roleId: 'village_worker' });
  checker = await createStaff(t, { orgId: chain.county.id, roleId: 'village_worker' });
  const otherCounty = await createOrgUnder(t, chain.city, 'county');
  outsider = await createStaff(t, { orgId: otherCounty.id, roleId: 'branch_admin' });
  scan = (
    await t.db.transaction((tx) => storeFile(tx, systemCtx, { purpose: 'evidence', name: 's.png', bytes: tinyPng }))
  ).id;
  fund = await openFundAt(village.id, { name: '白鱼潭村互助金' });
});
afterAll(() => t.close());

describe('funds', () => {
  it('opens one active fund per unit with a public code and the 2-year cycle by default', async () => {
    expect(fund).toMatchObject({
      orgId: village.id,
      orgName: '白鱼潭村',
      loanTermMonths: 24,
      isActive: true,
      totals: { balanceFen: 0 },
    });
    expect(fund.code).toMatch(/^MA[0-9A-Z]{8}$/);
    const again = await post(clerk, '/api/mutualaid/funds', {
      orgId: village.id,
      name: '第二个',
      maxGrantFen: 1,
      maxLoanFen: 1,
    });
    await expectRefused(again, 409, 'CONFLICT');
  });

  it('refuses a user of another county everything about the fund (403 OUT_OF_SCOPE) and lists nothing', async () => {
    const before = await snapshot();
    await expectRefused(await get(outsider, `/api/mutualaid/funds/${fund.id}`), 403, 'OUT_OF_SCOPE');
    await expectRefused(
      await post(outsider, `/api/mutualaid/funds/${fund.id}/contributions`, {
        sourceKind: 'villager',
        amountFen: 100,
        receivedOn: today,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    await expectRefused(
      await post(outsider, '/api/mutualaid/funds', { orgId: village.id, name: 'x', maxGrantFen: 1, maxLoanFen: 1 }),
      403,
      'OUT_OF_SCOPE',
    );
    expect((await get(outsider, '/api/mutualaid/funds')).json()).toEqual([]);
    expect((await get(clerk, '/api/mutualaid/funds')).json().map((f: FundView) => f.id)).toContain(fund.id);
    expect(await snapshot()).toEqual(before);
  });
});

describe('contributions and the balance', () => {
  it('needs evidence from the Red Cross, companies and livestreams, not from a villager', async () => {
    const before = await snapshot();
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/contributions`, {
        sourceKind: 'red_cross',
        contributorName: '某市红十字会',
        amountFen: 100,
        receivedOn: today,
      }),
      422,
      'MATERIALS_MISSING',
    );
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/contributions`, {
        sourceKind: 'villager',
        amountFen: 100,
        receivedOn: addMonths(today, 1),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await snapshot()).toEqual(before);

    await contribute({
      sourceKind: 'red_cross',
      contributorName: '某市红十字会',
      amountFen: 1_000_000,
      evidenceFileId: scan,
    });
    await contribute({
      sourceKind: 'company',
      contributorName: '某袜业有限公司',
      amountFen: 500_000,
      evidenceFileId: scan,
    });
    const villager = await contribute({ sourceKind: 'villager', contributorName: '王建明', amountFen: 20_000 });
    expect(villager).toMatchObject({ contributorDisplay: '王*明', contributorName: '王建明' });
    const anonymous = await contribute({ sourceKind: 'villager', amountFen: 5_000 });
    expect(anonymous.contributorDisplay).toBe('爱心村民');
    expect(await balance()).toBe(1_525_000);
  });

  it('computes a livestream rule’s share of declared sales, half up to the fen, once per period', async () => {
    const rule = await post(clerk, `/api/mutualaid/funds/${fund.id}/rules`, {
      name: '助农直播间',
      partner: '某电商合作社',
      rateBp: 250,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = rule.json().id;
    const base = await balance();
    const lastMonth = addMonths(today, -1);
    const from = `${lastMonth.slice(0, 7)}-01`;
    const to = `${lastMonth.slice(0, 7)}-10`;
    const first = await contribute({
      sourceKind: 'livestream',
      ruleId,
      salesFen: 12_345,
      periodFrom: from,
      periodTo: to,
      evidenceFileId: scan,
    });
    // 12,345 fen × 2.5% = 308.625 fen → 309 fen
    expect(first).toMatchObject({ amountFen: 309, salesFen: 12_345, rateBp: 250, periodFrom: from, periodTo: to });
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${first.ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({
      kind: 'mutualaid.contribution',
      source: 'livestream',
      contributor: '某电商合作社',
      amountFen: 309,
      salesFen: 12_345,
      rateBp: 250,
      rounding: 'half-up',
      periodFrom: from,
      periodTo: to,
    });

    const before = await snapshot();
    const overlapping = await post(clerk, `/api/mutualaid/funds/${fund.id}/contributions`, {
      sourceKind: 'livestream',
      ruleId,
      salesFen: 100_000,
      periodFrom: `${lastMonth.slice(0, 7)}-10`,
      periodTo: `${lastMonth.slice(0, 7)}-20`,
      receivedOn: today,
      evidenceFileId: scan,
    });
    await expectRefused(overlapping, 409, 'CONFLICT');
    expect(await snapshot()).toEqual(before);

    // 12,338 fen × 2.5% = 308.45 fen → 308 fen
    const second = await contribute({
      sourceKind: 'livestream',
      ruleId,
      salesFen: 12_338,
      periodFrom: `${lastMonth.slice(0, 7)}-11`,
      periodTo: `${lastMonth.slice(0, 7)}-20`,
      evidenceFileId: scan,
    });
    expect(second.amountFen).toBe(308);
    expect(await balance()).toBe(base + 617);
    const d = await detail();
    expect(d.rules).toEqual([expect.objectContaining({ id: ruleId, rateBp: 250, contributedFen: 617 })]);
  });
});

describe('grants', () => {
  it('pays a console grant only on a second person’s approval, within the max grant', async () => {
    const base = await balance();
    const before = await snapshot();
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/grants`, {
        recipient: { name: '周美英', idNumber: uniqueIdNumber() },
        amountFen: 500_001,
        purpose: '医疗救助',
        reason: '住院',
      }),
      422,
      'AMOUNT_TOO_LARGE',
    );
    expect(await snapshot()).toEqual(before);

    const idNumber = uniqueIdNumber();
    const recorded = await post(clerk, `/api/mutualaid/funds/${fund.id}/grants`, {
      recipient: { name: '周美英', idNumber },
      amountFen: 300_000,
      purpose: '住院自付医疗费用救助',
      reason: '户主突发脑梗住院，村委会入户核实',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const grant = recorded.json();
    expect(grant).toMatchObject({ status: 'pending', payeeDisplay: '周*英', ledgerIndex: null });
    expect(await balance()).toBe(base);

    await expectRefused(
      await post(clerk, `/api/mutualaid/grants/${grant.id}/decision`, { decision: 'approve' }),
      403,
      'SAME_USER_APPROVAL',
    );
    const approved = await post(checker, `/api/mutualaid/grants/${grant.id}/decision`, {
      decision: 'approve',
      note: '同意',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'paid', ledgerIndex: expect.any(Number) });
    expect(await balance()).toBe(base - 300_000);
    await expectRefused(
      await post(checker, `/api/mutualaid/grants/${grant.id}/decision`, { decision: 'approve' }),
      409,
      'NOT_PENDING',
    );
    // The recipient was registered once, in the fund's unit; a second grant by the same ID finds them again.
    const [person] = await queryRows<{ org_id: number; n: number }>(
      t.db,
      sql`SELECT org_id, count(*) OVER ()::int AS n FROM people WHERE name = '周美英'`,
    );
    expect(person).toEqual({ org_id: village.id, n: 1 });
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/grants`, {
        recipient: { name: '周美华', idNumber },
        amountFen: 100,
        purpose: '救助',
        reason: '核实',
      }),
      409,
      'CONFLICT',
    );
  });

  it('takes a relief case’s grant in the caller’s transaction, pays it on a second user’s approval, and tells the case', async () => {
    const person = await createPerson(t, village.id, { name: '李大伯' });
    const base = await balance();
    const before = await snapshot();
    const caseGrant = (ctx: Ctx, input: Partial<Parameters<typeof requestCaseGrant>[2]> = {}) =>
      t.db.transaction((tx) =>
        requestCaseGrant(tx, ctx, {
          fundId: fund.id,
          personId: person.id,
          amountFen: 80_000,
          caseRef: 'RC-TEST-2',
          purpose: '困难救助',
          ...input,
        }),
      );
    await expect(caseGrant(systemCtx, { amountFen: base + 1 })).rejects.toMatchObject({ code: 'AMOUNT_TOO_LARGE' });
    const small = await openFundAt((await createOrgUnder(t, village, 'boai_home')).id);
    await expect(caseGrant(systemCtx, { fundId: small.id, amountFen: 1000 })).rejects.toMatchObject({
      code: 'FUND_INSUFFICIENT',
      status: 409,
    });
    expect({ ...(await snapshot()), funds: before.funds }).toEqual(before);

    const staffAt = (org: { id: number; path: string }, permissions: Permission[]): Ctx => ({
      actor: {
        kind: 'staff',
        userId: crypto.randomUUID(),
        username: 'staff',
        displayName: 'staff',
        sessionHash: '',
        grants: [
          {
            grantId: crypto.randomUUID(),
            roleId: 'test',
            orgId: org.id,
            orgPath: org.path,
            permissions: new Set<Permission>(permissions),
          },
        ],
      },
      requestId: null,
      ip: null,
      locale: 'zh',
    });
    const decided: { caseRef: string; status: string; ledgerIndex: number | null }[] = [];
    onCaseGrantDecided('test', async (_tx, _ctx, g) => {
      decided.push({ caseRef: g.caseRef, status: g.status, ledgerIndex: g.ledgerIndex });
    });

    // Pending until a second user of the fund approves it: nothing is paid yet.
    const asked = await caseGrant(staffAt(chain.county, ['relief:approve', 'people:view']));
    expect(asked).toMatchObject({ grantNo: expect.stringMatching(/^MG/), fundOrgId: fund.orgId });
    expect(await balance()).toBe(base);
    const paid = await decideGrant(t.db, staffAt(chain.county, ['mutualaid:manage']), asked.grantId, {
      decision: 'approve',
    });
    expect(paid).toMatchObject({ origin: 'case', caseRef: 'RC-TEST-2', status: 'paid', payeeDisplay: '李*伯' });
    expect(await balance()).toBe(base - 80_000);
    expect(decided).toEqual([{ caseRef: 'RC-TEST-2', status: 'paid', ledgerIndex: expect.any(Number) }]);

    // A relief approver of another county cannot draw on this fund; one of this county can.
    const otherCounty = await createOrgUnder(t, chain.city, 'county');
    await expect(
      caseGrant(staffAt(otherCounty, ['relief:approve']), { payee: { name: '李大伯' }, amountFen: 100 }),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const small100 = await caseGrant(staffAt(chain.county, ['relief:approve']), {
      payee: { name: '李大伯' },
      amountFen: 100,
      caseRef: 'RC-TEST-3',
    });
    await decideGrant(t.db, staffAt(chain.county, ['mutualaid:manage']), small100.grantId, { decision: 'approve' });
    expect(await balance()).toBe(base - 80_100);
    // The payout form's list: the funds such an approver may draw on, in scope only.
    const approver = staffAt(chain.county, ['relief:approve']);
    expect((await listFundsForPayout(t.db, approver)).map((x) => x.id)).toContain(fund.id);
    expect(await listFundsForPayout(t.db, staffAt(otherCounty, ['relief:approve']))).toEqual([]);
    onCaseGrantDecided('test', async () => {});
  });
});

describe('loans and repayments', () => {
  let loan: LoanView;

  it('refuses a loan over the max loan, over the balance or without its signed agreement, writing nothing', async () => {
    const before = await snapshot();
    const borrower = { name: '赵建国', idNumber: uniqueIdNumber(), phone: '13957500001' };
    const body = { borrower, amountFen: 10_000, purpose: '种植', agreementFileId: scan, scheduleKind: 'equal' };
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, { ...body, amountFen: 2_000_001 }),
      422,
      'AMOUNT_TOO_LARGE',
    );
    const { agreementFileId: _a, ...withoutAgreement } = body;
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, withoutAgreement),
      400,
      'VALIDATION_FAILED',
    );
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, { ...body, agreementFileId: crypto.randomUUID() }),
      404,
      'NOT_FOUND',
    );
    await expectRefused(
      await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, { ...body, termMonths: 25 }),
      400,
      'VALIDATION_FAILED',
    );
    const poor = await openFundAt((await createOrgUnder(t, chain.county, 'boai_home')).id);
    await contribute({ sourceKind: 'villager', amountFen: 5_000 }, poor.id);
    const mid = await snapshot();
    await expectRefused(await post(clerk, `/api/mutualaid/funds/${poor.id}/loans`, body), 409, 'FUND_INSUFFICIENT');
    expect(await snapshot()).toEqual(mid);
    expect(mid.people).toBe(before.people);
  });

  it('issues a loan with an equal schedule whose last instalment takes the remainder', async () => {
    const base = await balance();
    const res = await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, {
      borrower: { name: '赵建国', idNumber: uniqueIdNumber(), phone: '13957500001' },
      amountFen: 10_000,
      purpose: '扩大香榧种植',
      agreementFileId: scan,
      termMonths: 3,
      scheduleKind: 'equal',
    });
    expect(res.statusCode, res.body).toBe(201);
    loan = res.json();
    expect(loan).toMatchObject({
      status: 'active',
      borrowerDisplay: '赵*国',
      contactPhoneMasked: '139****0001',
      repaidFen: 0,
      outstandingFen: 10_000,
    });
    expect(loan.instalments.map((i) => [i.dueOn, i.amountFen])).toEqual([
      [addMonths(today, 1), 3333],
      [addMonths(today, 2), 3333],
      [addMonths(today, 3), 3334],
    ]);
    expect(await balance()).toBe(base - 10_000);
    const again = await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, {
      borrower: { personId: loan.personId },
      amountFen: 100,
      purpose: '再借',
      agreementFileId: scan,
      scheduleKind: 'bullet',
    });
    await expectRefused(again, 409, 'CONFLICT');
  });

  it('takes part payments oldest first, refuses an over-payment, and closes the loan when repaid', async () => {
    const base = await balance();
    const part = await post(clerk, `/api/mutualaid/loans/${loan.id}/repayments`, { amountFen: 5000 });
    expect(part.statusCode, part.body).toBe(200);
    const after = part.json() as LoanView;
    expect(after.instalments.map((i) => i.paidFen)).toEqual([3333, 1667, 0]);
    expect(after.repayments.at(-1)!.allocations).toEqual([
      { seq: 1, amountFen: 3333 },
      { seq: 2, amountFen: 1667 },
    ]);
    expect(after).toMatchObject({ repaidFen: 5000, outstandingFen: 5000, status: 'active' });
    expect(await balance()).toBe(base + 5000);

    const before = await snapshot();
    const over = await post(clerk, `/api/mutualaid/loans/${loan.id}/repayments`, { amountFen: 5001 });
    await expectRefused(over, 422, 'AMOUNT_TOO_LARGE');
    expect(over.json().error.details.outstandingFen).toBe(5000);
    await expectRefused(
      await post(clerk, `/api/mutualaid/loans/${loan.id}/repayments`, { amountFen: 1, paidOn: daysBefore(today, 1) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await snapshot()).toEqual(before);

    const rest = await post(clerk, `/api/mutualaid/loans/${loan.id}/repayments`, { amountFen: 5000 });
    expect(rest.json()).toMatchObject({ status: 'closed', outstandingFen: 0, closedAt: expect.any(String) });
    expect(await balance()).toBe(base + 10_000);
    await expectRefused(
      await post(clerk, `/api/mutualaid/loans/${loan.id}/repayments`, { amountFen: 1 }),
      409,
      'TRANSITION_NOT_ALLOWED',
    );
  });

  it('adds up: balance = contributions + repayments − paid grants − loans', async () => {
    const { totals } = (await detail()).fund;
    const [sums] = await queryRows<Record<string, number>>(
      t.db,
      sql`SELECT
        (SELECT coalesce(sum(amount_fen), 0)::int FROM mutualaid_contributions WHERE fund_id = ${fund.id}) AS c,
        (SELECT coalesce(sum(amount_fen), 0)::int FROM mutualaid_grants WHERE fund_id = ${fund.id} AND status = 'paid') AS g,
        (SELECT coalesce(sum(amount_fen), 0)::int FROM mutualaid_loans WHERE fund_id = ${fund.id}) AS l,
        (SELECT coalesce(sum(amount_fen), 0)::int FROM mutualaid_repayments WHERE fund_id = ${fund.id}) AS r`,
    );
    expect(totals).toEqual({
      contributedFen: sums.c,
      grantedFen: sums.g,
      lentFen: sums.l,
      repaidFen: sums.r,
      outstandingFen: sums.l - sums.r,
      balanceFen: sums.c + sums.r - sums.g - sums.l,
    });
    // 1,525,000 + 617 in; 300,000 + 80,000 + 100 granted; the 10,000 loan repaid in full.
    expect(totals.balanceFen).toBe(1_525_617 - 380_100);
  });
});

describe('overdue instalments', () => {
  it('flags an unpaid instalment past its due date and queues one reminder for it, once', async () => {
    const disbursedOn = daysBefore(addMonths(today, -1), 3);
    const res = await post(clerk, `/api/mutualaid/funds/${fund.id}/loans`, {
      borrower: { name: '孙有福', idNumber: uniqueIdNumber(), phone: '13812340002' },
      amountFen: 240_000,
      purpose: '购买农机',
      agreementFileId: scan,
      scheduleKind: 'equal',
      disbursedOn,
    });
    expect(res.statusCode, res.body).toBe(201);
    const overdueLoan = res.json() as LoanView;
    expect(overdueLoan.instalments).toHaveLength(24);
    expect(overdueLoan.instalments.filter((i) => i.isOverdue).map((i) => i.seq)).toEqual([1]);
    expect(overdueLoan).toMatchObject({ overdueInstalments: 1, overdueFen: 10_000 });
    const listed = (await get(clerk, '/api/mutualaid/funds')).json().find((f: FundView) => f.id === fund.id);
    expect(listed.overdueInstalments).toBe(1);

    defineMutualaidJobs();
    await enqueueJob(t.db, 'mutualaid.overdue');
    expect(await runDueJobs(t.db, 'test')).toBeGreaterThanOrEqual(1);
    const messages = await queryRows<{ recipient_enc: string; body: string; dedupe_key: string }>(
      t.db,
      sql`SELECT recipient_enc, body, dedupe_key FROM outbox_messages WHERE template = 'mutualaid.overdue'`,
    );
    expect(messages).toHaveLength(1);
    expect(pii().decrypt(messages[0].recipient_enc)).toBe('+8613812340002');
    expect(messages[0].body).toContain(overdueLoan.loanNo);
    expect(messages[0].body).toContain('第 1 期');
    expect(messages[0].body).toContain('¥100.00');
    expect(messages[0].dedupe_key).toBe(`mutualaid.overdue:${overdueLoan.id}:1`);
    const flagged = (await get(clerk, `/api/mutualaid/loans/${overdueLoan.id}`)).json() as LoanView;
    expect(flagged.instalments[0].overdueAt).not.toBeNull();

    // A second sweep finds nothing new and sends nothing.
    expect(await flagOverdueInstalments(t.db)).toEqual({ flagged: 0, reminded: 0, withoutPhone: 0 });
    const [count] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'mutualaid.overdue'`,
    );
    expect(count.n).toBe(1);
  });
});

describe('public page and ledger', () => {
  it('shows sources, grants and loans with masked names and no ID numbers; the poster links to it', async () => {
    const res = await get(null, `/api/public/mutualaid/${fund.code}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as PublicFund;
    expect(page.totals.balanceFen).toBe((await detail()).fund.totals.balanceFen);
    expect(page.sources.map((s) => s.kind).sort()).toEqual(['company', 'livestream', 'red_cross', 'villager']);
    expect(page.sources.find((s) => s.kind === 'livestream')).toMatchObject({ amountFen: 617, count: 2 });
    expect(page.grants.map((g) => g.payee).sort()).toEqual(['周*英', '李*伯', '李*伯']);
    expect(page.loans.map((l) => l.borrower).sort()).toEqual(['孙*福', '赵*国']);
    expect(page.loans.find((l) => l.borrower === '赵*国')).toMatchObject({ status: 'closed', repaidFen: 10_000 });
    for (const name of ['周美英', '李大伯', '赵建国', '孙有福', '王建明']) {
      expect(res.body).not.toContain(name);
    }
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
    expect(res.body).not.toMatch(/1[3-9]\d{9}/);

    const poster = await get(null, `/api/public/mutualaid/${fund.code}/poster.svg`);
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toContain('image/svg+xml');
    expect(poster.body).toContain('白鱼潭村互助金');
    await expectRefused(await get(null, '/api/public/mutualaid/MANOPE0000'), 404, 'NOT_FOUND');
  });

  it('puts no person’s name in any ledger leaf, only commitments the salt holder can open', async () => {
    const leaves = await queryRows<{ leaf: string; kind: string }>(
      t.db,
      sql`SELECT leaf, kind FROM ledger_entries WHERE kind LIKE 'mutualaid.%'`,
    );
    expect(new Set(leaves.map((l) => l.kind))).toEqual(
      new Set(['mutualaid.contribution', 'mutualaid.grant', 'mutualaid.loan', 'mutualaid.repayment']),
    );
    for (const name of ['周美英', '美英', '李大伯', '大伯', '赵建国', '建国', '孙有福', '有福', '王建明', '建明']) {
      expect(leaves.filter((l) => l.leaf.includes(name))).toEqual([]);
    }
    const [grant] = await queryRows<{ payee_salt_enc: string; ledger_index: number }>(
      t.db,
      sql`SELECT payee_salt_enc, ledger_index FROM mutualaid_grants WHERE payee_name = '周美英'`,
    );
    const [entry] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${grant.ledger_index}`,
    );
    const salt = Buffer.from(pii().decrypt(grant.payee_salt_enc), 'base64url');
    expect(JSON.parse(entry.leaf).payee).toBe(identityCommitment(salt, '周美英'));
  });
});

describe('demo mutual-aid fund', () => {
  it('seeds a village fund with a livestream rule, a grant, an overdue loan and a closed loan, once', async () => {
    const unit = await createOrgUnder(t, town, 'village', { name: '白鱼潭古村' });
    const seeded = await seedDemoMutualAid(t.db, { orgId: unit.id });
    expect(seeded).not.toBeNull();
    const page = (await get(null, `/api/public/mutualaid/${seeded!.code}`)).json() as PublicFund;
    expect(page.name).toBe('白鱼潭村互助金');
    expect(page.sources.find((s) => s.kind === 'livestream')?.amountFen).toBe(432_716);
    expect(page.grants).toHaveLength(1);
    expect(page.loans.map((l) => l.status).sort()).toEqual(['active', 'closed']);
    const d = (await get(clerk, `/api/mutualaid/funds/${seeded!.fundId}`)).json() as FundDetail;
    expect(d.loans.find((l) => l.status === 'active')?.overdueInstalments).toBe(1);
    expect(d.fund.totals.balanceFen).toBe(3_000_000 + 2_000_000 + 170_000 + 432_716 - 300_000 - 1_200_000 + 50_000);
    expect(await seedDemoMutualAid(t.db, { orgId: unit.id })).toBeNull();
  });
});
