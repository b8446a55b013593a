// Fund accounting through the HTTP routes: offline gifts with evidence, payouts approved by a second user and matched
// first-in-first-out to the gifts they spend, balances that never go negative, and a daily disclosure whose unit
// totals add up (each gift counted once whichever unit's page shows it).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  giveOnline,
  postFile,
  tinyPng,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let project: Awaited<ReturnType<typeof createOpenProject>>;
let clerk: Caller;
let approver: Caller;
let evidenceId: string;

const upload = (caller: Caller, bytes: Buffer, name = 'slip.png') => postFile(t, caller, bytes, name);

const gift = (extra: Record<string, unknown> = {}) => ({
  projectId: project.id,
  channel: 'bank',
  amountFen: 30_000,
  donorKind: 'organisation',
  donorName: '某某科技有限公司',
  intent: 'restricted',
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  evidenceFileId: evidenceId,
  ...extra,
});

const payout = (amountFen: number, extra: Record<string, unknown> = {}) => ({
  fundId: project.fundId,
  amountFen,
  payeeKind: 'person',
  payeeName: '李大伯',
  purpose: '大病救助',
  evidenceFileId: evidenceId,
  ...extra,
});

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  project = await createOpenProject(t, chain.county.id);
  clerk = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  approver = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
  const res = await upload(clerk, tinyPng);
  expect(res.statusCode, res.body).toBe(201);
  evidenceId = res.json().id;
});
afterAll(() => t.close());

describe('evidence files', () => {
  it('stores a real image with its digest and refuses what is not one', async () => {
    const stored = await t.inject(clerk, { method: 'GET', url: `/api/files/${evidenceId}` });
    expect(stored.statusCode).toBe(200);
    expect(stored.headers['content-type']).toBe('image/png');
    expect(stored.rawPayload.equals(tinyPng)).toBe(true);
    const bad = await upload(clerk, Buffer.from('MZ this is an executable'), 'x.exe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('FILE_INVALID');
  });
});

describe('offline gifts', () => {
  it('records a bank transfer with evidence and refuses the same bank reference twice', async () => {
    const res = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ reference: 'BANK-001' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'bank', displayName: '某某科技有限公司', unspentFen: 30_000 });
    const again = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ reference: 'BANK-001' }),
    });
    expect(again.statusCode).toBe(409);
  });

  it('needs a written agreement for ¥1,000,000 or more, and refuses unknown evidence', async () => {
    const gifts = await count('donations');
    const big = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ amountFen: 100_000_000 }),
    });
    expect(big.statusCode).toBe(422);
    expect(big.json().error.code).toBe('AGREEMENT_REQUIRED');
    const unknown = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ evidenceFileId: crypto.randomUUID() }),
    });
    expect(unknown.statusCode).toBe(404);
    expect(await count('donations')).toBe(gifts);
  });

  it('refuses a clerk outside the project’s unit', async () => {
    const other = await createOrgUnder(t, chain.province, 'city');
    const outsider = await createStaff(t, { orgId: other.id, roleId: 'finance' });
    const res = await t.inject(outsider, { method: 'POST', url: '/api/donations', payload: gift() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('payouts', () => {
  it('pays first-in-first-out across gifts, needs a second user, and shows each gift where it went', async () => {
    const p2 = await createOpenProject(t, chain.county.id);
    const firstGift = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: p2.id, amountFen: 5_000 }),
    });
    const online = await giveOnline(t, p2.code, 8_000, { donorName: '赵四' });
    expect(online.paid.statusCode).toBe(200);
    const fund = p2.fundId;

    const requested = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(9_000, { fundId: fund }),
    });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json()).toMatchObject({ status: 'pending', payeeDisplay: '李*伯' });
    const id = requested.json().id;

    const self = await t.inject(clerk, {
      method: 'POST',
      url: `/api/payouts/${id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SAME_USER_APPROVAL');

    const paid = await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${id}/decision`,
      payload: { decision: 'approve', note: '材料齐全' },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const body = paid.json();
    expect(body.status).toBe('paid');
    expect(body).toMatchObject({
      requestedByName: (clerk as { username: string }).username,
      decidedByName: (approver as { username: string }).username,
    });
    // FIFO by ledger index: all of the older bank gift, then 4,000 of the online gift.
    expect(body.spends.map((s: { amountFen: number }) => s.amountFen)).toEqual([5_000, 4_000]);
    expect(body.spends[0].donationNo).toBe(firstGift.json().donationNo);

    const trail = await t.inject(null, { method: 'GET', url: `/api/public/donations/${firstGift.json().donationNo}` });
    expect(trail.json()).toMatchObject({ unspentFen: 0, spends: [{ amountFen: 5_000, purpose: '大病救助' }] });

    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${body.ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({ kind: 'payout.paid', amountFen: 9_000, payeeKind: 'person' });
    expect(leaf.leaf).not.toContain('李');

    const twice = await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('NOT_PENDING');

    const funds = await t.inject(approver, { method: 'GET', url: `/api/funds?orgId=${chain.county.id}` });
    const f = funds.json().find((x: { id: number }) => x.id === fund);
    expect(f).toMatchObject({ receivedFen: 13_000, spentFen: 9_000, balanceFen: 4_000 });

    // The donor who left a phone hears when their gift is spent: the online donor left none, so one message at most.
    const [messages] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'donation.spent'`,
    );
    expect(messages.n).toBe(0);
  });

  it('refuses a payout larger than the balance, at request and at approval, and writes nothing', async () => {
    const p3 = await createOpenProject(t, chain.county.id);
    await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: p3.id, amountFen: 1_000 }),
    });
    const tooBig = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(1_001, { fundId: p3.fundId }),
    });
    expect(tooBig.statusCode).toBe(409);
    expect(tooBig.json().error.code).toBe('FUND_INSUFFICIENT');

    // Two requests that each fit, but not together: the second approval is refused.
    const a = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(700, { fundId: p3.fundId }),
    });
    const b = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(700, { fundId: p3.fundId }),
    });
    const entries = await count('ledger_entries');
    const [ra, rb] = await Promise.all([
      t.inject(approver, {
        method: 'POST',
        url: `/api/payouts/${a.json().id}/decision`,
        payload: { decision: 'approve' },
      }),
      t.inject(approver, {
        method: 'POST',
        url: `/api/payouts/${b.json().id}/decision`,
        payload: { decision: 'approve' },
      }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    expect([ra, rb].find((r) => r.statusCode === 409)!.json().error.code).toBe('FUND_INSUFFICIENT');
    expect(await count('ledger_entries')).toBe(entries + 1);
    const funds = await t.inject(approver, { method: 'GET', url: `/api/funds?orgId=${chain.county.id}` });
    expect(funds.json().find((x: { id: number }) => x.id === p3.fundId).balanceFen).toBe(300);
  });
});

describe('the daily disclosure', () => {
  it('lists the day’s gifts and payouts, masks donors, and its unit totals add up to the province’s', async () => {
    const today = toChinaDate();
    const cityB = await createOrgUnder(t, chain.province, 'city');
    const projectB = await createOpenProject(t, cityB.id);
    await giveOnline(t, projectB.code, 2_500, { donorName: '钱小多' });
    await giveOnline(t, project.code, 1_500, { isAnonymous: true });

    const get = async (q: string) => {
      const res = await t.inject(null, { method: 'GET', url: `/api/public/disclosure/daily?date=${today}${q}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const province = await get(`&orgId=${chain.province.id}`);
    const cityA = await get(`&orgId=${chain.city.id}`);
    const cityBDay = await get(`&orgId=${cityB.id}`);
    const all = await get('');
    expect(province.receivedFen).toBe(cityA.receivedFen + cityBDay.receivedFen);
    expect(province.receiptCount).toBe(cityA.receiptCount + cityBDay.receiptCount);
    expect(province.paidOutFen).toBe(cityA.paidOutFen + cityBDay.paidOutFen);
    expect(all.receivedFen).toBeGreaterThanOrEqual(province.receivedFen);
    const numbers = province.receipts.map((r: { donationNo: string }) => r.donationNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(province.receipts.map((r: { displayName: string }) => r.displayName)).toEqual(
      expect.arrayContaining(['钱*多', '爱心人士']),
    );
    expect(JSON.stringify(province)).not.toContain('钱小多');
    expect(province.payouts.length).toBeGreaterThan(0);

    // Each list comes a page at a time, from its own offset; the totals always cover the whole day.
    const first = await get(`&orgId=${chain.province.id}&limit=1`);
    const second = await get(`&orgId=${chain.province.id}&limit=1&offset=1&payoutOffset=0`);
    const beyond = await get(`&orgId=${chain.province.id}&limit=1&offset=0&payoutOffset=${province.payoutCount}`);
    expect(first.receipts).toHaveLength(1);
    expect(second.receipts[0].donationNo).not.toBe(first.receipts[0].donationNo);
    expect(second.payouts[0].payoutNo).toBe(first.payouts[0].payoutNo);
    expect(beyond.payouts).toEqual([]);
    expect(beyond.receipts).toHaveLength(1);
    expect([first.receiptCount, second.receivedFen]).toEqual([province.receiptCount, province.receivedFen]);
  });

  it('finds a gift by number, and by day and amount', async () => {
    const { order } = await giveOnline(t, project.code, 4_321);
    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${order.orderNo}?token=${order.accessToken}`,
    });
    const no = status.json().donationNo;
    const byNo = await t.inject(null, { method: 'GET', url: `/api/public/disclosure/search?donationNo=${no}` });
    expect(byNo.json().items).toHaveLength(1);
    const byDay = await t.inject(null, {
      method: 'GET',
      url: `/api/public/disclosure/search?date=${toChinaDate()}&amountFen=4321`,
    });
    expect(byDay.json().items.map((i: { donationNo: string }) => i.donationNo)).toContain(no);
    const neither = await t.inject(null, { method: 'GET', url: '/api/public/disclosure/search' });
    expect(neither.statusCode).toBe(400);
  });
});

describe('refunds and corrections', () => {
  it('refunds an unspent gift after a second user approves, with a public notice and a negative fund entry', async () => {
    const p4 = await createOpenProject(t, chain.county.id);
    const online = await giveOnline(t, p4.code, 6_600, { donorName: '吴九', phone: '13600001111' });
    const status = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${online.order.orderNo}?token=${online.order.accessToken}`,
    });
    const no = status.json().donationNo;
    const [g] = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM donations WHERE donation_no = ${no}`);

    const asked = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${g.id}/reversals`,
      payload: { kind: 'refund', reasonCode: 'donor_request', note: '捐赠人吴九来电要求退款' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const pending = await t.inject(clerk, { method: 'GET', url: `/api/donations/${g.id}` });
    expect(pending.json().hasPendingReversal).toBe(true);
    const again = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${g.id}/reversals`,
      payload: { kind: 'refund', reasonCode: 'donor_request', note: '重复申请' },
    });
    expect(again.statusCode).toBe(409);
    const self = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donation-reversals/${asked.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(self.json().error.code).toBe('SAME_USER_APPROVAL');
    const done = await t.inject(approver, {
      method: 'POST',
      url: `/api/donation-reversals/${asked.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      decidedByName: (approver as { username: string }).username,
    });

    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${done.json().ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({
      kind: 'donation.refunded',
      ref: no,
      amountFen: 6_600,
      reason: 'donor_request',
    });
    expect(leaf.leaf).not.toContain('吴九');
    const pub = await t.inject(null, { method: 'GET', url: `/api/public/donations/${no}` });
    expect(pub.json()).toMatchObject({ isRefunded: true, unspentFen: 0 });
    const order = await t.inject(null, {
      method: 'GET',
      url: `/api/public/orders/${online.order.orderNo}?token=${online.order.accessToken}`,
    });
    expect(order.json().status).toBe('refunded');
    const day = await t.inject(null, {
      method: 'GET',
      url: `/api/public/disclosure/daily?date=${toChinaDate()}&projectCode=${p4.code}`,
    });
    expect(day.json().reversals).toEqual([
      expect.objectContaining({ donationNo: no, kind: 'refund', amountFen: 6_600 }),
    ]);
    expect(JSON.stringify(day.json())).not.toContain('来电');
    const funds = await t.inject(approver, { method: 'GET', url: `/api/funds?orgId=${chain.county.id}` });
    expect(funds.json().find((x: { id: number }) => x.id === p4.fundId)).toMatchObject({
      receivedFen: 6_600,
      refundedFen: 6_600,
      balanceFen: 0,
    });
    // A refunded gift cannot be spent.
    const spend = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(1, { fundId: p4.fundId }),
    });
    expect(spend.json().error.code).toBe('FUND_INSUFFICIENT');
  });

  it('refuses to reverse a gift already (partly) spent', async () => {
    const p5 = await createOpenProject(t, chain.county.id);
    const recorded = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: p5.id, amountFen: 2_000 }),
    });
    const pay = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(500, { fundId: p5.fundId }),
    });
    await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${pay.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    const res = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${recorded.json().id}/reversals`,
      payload: { kind: 'correction', reasonCode: 'wrong_amount', note: '金额录入错误' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DONATION_NOT_REFUNDABLE');
  });

  it('refuses a donor name the certificate cannot print', async () => {
    const res = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ donorName: '𠮷野家' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('allocations between funds', () => {
  it('moves unrestricted money FIFO into a project fund, where payouts can spend it, with the trail kept', async () => {
    const general = await createOpenProject(t, chain.city.id, { fundKind: 'unrestricted' });
    const target = await createOpenProject(t, chain.county.id);
    const g1 = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: general.id, amountFen: 3_000, intent: 'unrestricted' }),
    });
    expect(g1.statusCode, g1.body).toBe(201);
    await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: general.id, amountFen: 3_000, intent: 'unrestricted' }),
    });
    const asked = await t.inject(clerk, {
      method: 'POST',
      url: '/api/fund-allocations',
      payload: { fromFundId: general.fundId, toFundId: target.fundId, amountFen: 4_000, purpose: '补充AED项目资金' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const done = await t.inject(approver, {
      method: 'POST',
      url: `/api/fund-allocations/${asked.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(done.statusCode, done.body).toBe(200);
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${done.json().ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({ kind: 'fund.allocated', amountFen: 4_000, basis: 'unrestricted' });

    const funds = (await t.inject(approver, { method: 'GET', url: `/api/funds?orgId=${chain.city.id}` })).json();
    const from = funds.find((f: { id: number }) => f.id === general.fundId);
    const to = funds.find((f: { id: number }) => f.id === target.fundId);
    expect(from.allocatedOutFen).toBe(4_000);
    expect(to).toMatchObject({ allocatedInFen: 4_000, balanceFen: 4_000 });

    // The oldest gift moved whole; spending from the target fund spends it, and its trail shows both steps.
    const pay = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(3_500, { fundId: target.fundId, payeeKind: 'unit', payeeName: '某镇卫生院' }),
    });
    const paid = await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${pay.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(paid.json().spends.map((s: { amountFen: number }) => s.amountFen)).toEqual([3_000, 500]);
    const trail = (
      await t.inject(null, { method: 'GET', url: `/api/public/donations/${g1.json().donationNo}` })
    ).json();
    expect(trail.moves).toEqual([expect.objectContaining({ amountFen: 3_000, purpose: '补充AED项目资金' })]);
    expect(trail.spends).toEqual([expect.objectContaining({ amountFen: 3_000 })]);
    expect(trail.unspentFen).toBe(0);
  });

  it('moves a restricted gift only with its donor’s recorded consent, which is public', async () => {
    const source = await createOpenProject(t, chain.county.id);
    const target = await createOpenProject(t, chain.county.id);
    const g = await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: source.id, amountFen: 2_000 }),
    });
    const body = { fromFundId: source.fundId, toFundId: target.fundId, amountFen: 1_000, purpose: '改用于另一项目' };
    const refused = await t.inject(clerk, { method: 'POST', url: '/api/fund-allocations', payload: body });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'FUND_INSUFFICIENT', details: { balanceFen: 0 } });

    const consent = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${g.json().id}/consents`,
      payload: { toFundId: target.fundId, purpose: '同意改用于另一项目', form: 'written', evidenceFileId: evidenceId },
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const [leaf] = await queryRows<{ leaf: string }>(
      t.db,
      sql`SELECT leaf FROM ledger_entries WHERE index = ${consent.json().ledgerIndex}`,
    );
    expect(JSON.parse(leaf.leaf)).toMatchObject({
      kind: 'donor.consented',
      ref: g.json().donationNo,
      toFund: target.fundId,
    });

    const asked = await t.inject(clerk, { method: 'POST', url: '/api/fund-allocations', payload: body });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({
      fromFundName: '测试募捐项目专项基金',
      toFundName: '测试募捐项目专项基金',
      requestedByName: (clerk as { username: string }).username,
      decidedByName: null,
    });
    const seen = await t.inject(clerk, { method: 'GET', url: `/api/donations/${g.json().id}` });
    expect(seen.json().consents).toEqual([
      expect.objectContaining({ toFundId: target.fundId, form: 'written', purpose: '同意改用于另一项目' }),
    ]);
    const done = await t.inject(approver, {
      method: 'POST',
      url: `/api/fund-allocations/${asked.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(done.json().status).toBe('done');
    // A moved gift can no longer be refunded as a whole.
    const refund = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${g.json().id}/reversals`,
      payload: { kind: 'refund', reasonCode: 'donor_request', note: '退款' },
    });
    expect(refund.json().error.code).toBe('DONATION_NOT_REFUNDABLE');
  });
});

describe('management fees', () => {
  it('allows a fee only within the project’s cap of what was paid out (0 by default for restricted funds)', async () => {
    const capped = await createOpenProject(t, chain.county.id, { managementFeeBp: 500 });
    const uncapped = await createOpenProject(t, chain.county.id);
    for (const p of [capped, uncapped]) {
      await t.inject(clerk, {
        method: 'POST',
        url: '/api/donations',
        payload: gift({ projectId: p.id, amountFen: 20_000 }),
      });
      const pay = await t.inject(clerk, {
        method: 'POST',
        url: '/api/payouts',
        payload: payout(10_000, { fundId: p.fundId }),
      });
      await t.inject(approver, {
        method: 'POST',
        url: `/api/payouts/${pay.json().id}/decision`,
        payload: { decision: 'approve' },
      });
    }
    const fee = (fundId: number, amountFen: number) =>
      t.inject(clerk, {
        method: 'POST',
        url: '/api/payouts',
        payload: payout(amountFen, {
          fundId,
          payeeKind: 'unit',
          payeeName: '本会',
          purpose: '项目管理费',
          isManagementFee: true,
        }),
      });
    const none = await fee(uncapped.fundId, 1);
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({ code: 'MANAGEMENT_FEE_OVER_CAP', details: { capFen: 0 } });
    const over = await fee(capped.fundId, 501);
    expect(over.json().error).toMatchObject({ code: 'MANAGEMENT_FEE_OVER_CAP', details: { capFen: 500 } });
    const ok = await fee(capped.fundId, 500);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().isManagementFee).toBe(true);
    const more = await fee(capped.fundId, 1);
    expect(more.statusCode).toBe(422);
  });
});

describe('the public project page', () => {
  it('lists gifts (masked) and payouts, and draws the money flow channels → fund → purposes → unspent', async () => {
    const p = await createOpenProject(t, chain.county.id);
    await giveOnline(t, p.code, 7_000, { donorName: '陈小红' });
    await t.inject(clerk, {
      method: 'POST',
      url: '/api/donations',
      payload: gift({ projectId: p.id, amountFen: 3_000 }),
    });
    const pay = await t.inject(clerk, {
      method: 'POST',
      url: '/api/payouts',
      payload: payout(4_000, { fundId: p.fundId }),
    });
    await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${pay.json().id}/decision`,
      payload: { decision: 'approve' },
    });

    const gifts = await t.inject(null, { method: 'GET', url: `/api/public/projects/${p.code}/gifts` });
    expect(gifts.json().total).toBe(2);
    expect(gifts.json().items.map((g: { displayName: string }) => g.displayName)).toContain('陈*红');
    expect(gifts.body).not.toContain('陈小红');
    const payouts = await t.inject(null, { method: 'GET', url: `/api/public/projects/${p.code}/payouts` });
    expect(payouts.json().items).toEqual([expect.objectContaining({ amountFen: 4_000, payeeDisplay: '李*伯' })]);

    const flow = (await t.inject(null, { method: 'GET', url: `/api/public/projects/${p.code}/flow` })).json();
    const value = (source: string, target: string) =>
      flow.links.find((l: { source: string; target: string }) => l.source === source && l.target === target)?.valueFen;
    const fund = flow.nodes.find((n: { kind: string }) => n.kind === 'fund').name;
    expect(value('在线捐赠(演示支付)', fund)).toBe(7_000);
    expect(value('银行转账', fund)).toBe(3_000);
    expect(value(fund, '用于:大病救助')).toBe(4_000);
    expect(value(fund, '尚未使用')).toBe(6_000);
  });
});
