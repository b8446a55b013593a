// Member points, service orders and first-aid kits over HTTP: rules inherited and overridden down the tree, staff
// awards and deductions (rule and reason required; sign, scope and yearly caps), reversing entries, rankings with
// ties and paging, awards by events (volunteer hours reconciled by record, a member's online gift once, a
// certificate once), the member's own page, redemptions; the 点餐制 order from menu to rating with SMS at each
// step and its refusals; kits claimed, placed, checked, used and swept for expiry.
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
  signInByPhone,
  systemCtx,
} from '../../test/factories';
import { createMember, uniquePhone } from '../../test/member-factory';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { runHoursApprovedHooks } from '../volunteers/volunteers-events';
import { raiseKitExpiryTasksJob } from './members-points.jobs';
import type { MemberPoints, RuleView } from './members-points.schemas';
import {
  awardForCertificate,
  capped,
  effectiveRules,
  moveMemberPoints,
  pointsFor,
  rankPage,
} from './members-points.service';

let t: TestApp;
let province: OrgView;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let manager: Caller; // members:manage + view at the city
let managerB: Caller; // at countyB only
let provinceAdmin: Caller;
const rules: Record<string, RuleView> = {};

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function makeRule(caller: Caller, orgId: number, body: Record<string, unknown>): Promise<RuleView> {
  const res = await t.inject(caller, { method: 'POST', url: '/api/member-points/rules', payload: { orgId, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function pointsOf(memberId: string): Promise<MemberPoints> {
  const res = await t.inject(manager, { method: 'GET', url: `/api/member-points/members/${memberId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function award(memberId: string, payload: Record<string, unknown>, caller: Caller = manager) {
  return t.inject(caller, { method: 'POST', url: `/api/member-points/members/${memberId}/entries`, payload });
}

async function sms(template: string): Promise<{ body: string }[]> {
  return queryRows(t.db, sql`SELECT body FROM outbox_messages WHERE template = ${template} ORDER BY created_at`);
}

beforeAll(async () => {
  t = await createTestApp();
  ({ province, city, county: countyA } = await createBranchChain(t));
  countyB = await createOrgUnder(t, city, 'county');
  manager = await createStaff(t, { orgId: city.id, permissions: ['members:view', 'members:manage'] });
  managerB = await createStaff(t, { orgId: countyB.id, permissions: ['members:view', 'members:manage'] });
  provinceAdmin = await createStaff(t, { orgId: province.id, permissions: ['members:view', 'members:manage'] });
  rules.study = await makeRule(provinceAdmin, province.id, {
    code: 'STUDY',
    name: '参加学习活动',
    category: 'basic',
    points: 5,
    trigger: 'manual',
  });
  rules.spread = await makeRule(provinceAdmin, province.id, {
    code: 'SPREAD',
    name: '宣传红十字知识',
    category: 'spreading',
    points: 10,
    trigger: 'manual',
    yearlyCap: 30,
  });
  rules.breach = await makeRule(provinceAdmin, province.id, {
    code: 'BREACH',
    name: '违反会员义务',
    category: 'prohibited',
    points: -20,
    trigger: 'manual',
  });
  rules.hours = await makeRule(provinceAdmin, province.id, {
    code: 'VOL_HOURS',
    name: '志愿服务时长',
    category: 'exemplary',
    points: 5,
    trigger: 'volunteer_hours',
  });
  rules.gift = await makeRule(provinceAdmin, province.id, {
    code: 'GIFT',
    name: '捐赠',
    category: 'exemplary',
    points: 2,
    trigger: 'donation',
    donationBasis: 'per_100_yuan',
  });
  rules.cert = await makeRule(provinceAdmin, province.id, {
    code: 'CERT',
    name: '取得救护员证',
    category: 'exemplary',
    points: 20,
    trigger: 'training_certified',
  });
});
afterAll(() => t.close());

describe('point rules', () => {
  it('applies a province rule down the tree and lets a county override it by code for its subtree', async () => {
    const override = await makeRule(manager, countyA.id, {
      code: 'STUDY',
      name: '参加县红会学习活动',
      category: 'basic',
      points: 8,
      trigger: 'manual',
    });
    expect(override.overrides).toBe(true);
    const atA = (
      await t.inject(manager, { method: 'GET', url: `/api/member-points/rules?orgId=${countyA.id}` })
    ).json();
    const atB = (
      await t.inject(manager, { method: 'GET', url: `/api/member-points/rules?orgId=${countyB.id}` })
    ).json();
    expect(atA.find((r: RuleView) => r.code === 'STUDY')).toMatchObject({ points: 8, isInherited: false });
    expect(atB.find((r: RuleView) => r.code === 'STUDY')).toMatchObject({ points: 5, isInherited: true });
    rules.studyA = override;
  });

  it('refuses a 禁止行为 rule that gives points, a donation rule without its basis and a code the unit has', async () => {
    const base = { orgId: city.id, name: 'x', trigger: 'manual' };
    const positive = await t.inject(manager, {
      method: 'POST',
      url: '/api/member-points/rules',
      payload: { ...base, code: 'BAD1', category: 'prohibited', points: 5 },
    });
    expect(positive.statusCode).toBe(400);
    const noBasis = await t.inject(manager, {
      method: 'POST',
      url: '/api/member-points/rules',
      payload: { ...base, code: 'BAD2', category: 'basic', points: 5, trigger: 'donation' },
    });
    expect(noBasis.statusCode).toBe(400);
    const dup = await t.inject(provinceAdmin, {
      method: 'POST',
      url: '/api/member-points/rules',
      payload: { orgId: province.id, code: 'STUDY', name: 'x', category: 'basic', points: 1, trigger: 'manual' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('switches an inherited rule off in a subtree by an inactive override, and a unit may not define rules above it', async () => {
    await makeRule(managerB, countyB.id, {
      code: 'SPREAD',
      name: '宣传(本县暂停)',
      category: 'spreading',
      points: 10,
      trigger: 'manual',
      isActive: false,
    });
    const m = await createMember(t, countyB.id);
    const res = await award(m.id, { ruleId: rules.spread.id, reason: '发放宣传册' }, managerB);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('POINT_RULE_NOT_APPLICABLE');
    const above = await t.inject(managerB, {
      method: 'POST',
      url: '/api/member-points/rules',
      payload: { orgId: city.id, code: 'X1', name: 'x', category: 'basic', points: 1, trigger: 'manual' },
    });
    expect(above.statusCode).toBe(403);
  });
});

describe('staff awards, deductions and corrections', () => {
  it('awards by a rule with a reason and deducts by a 禁止行为 rule; the balance and year total follow', async () => {
    const m = await createMember(t, countyA.id);
    const a = await award(m.id, { ruleId: rules.studyA.id, reason: '参加4月学习' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ points: 8, ruleCode: 'STUDY', source: 'staff' });
    const d = await award(m.id, { ruleId: rules.breach.id, reason: '冒用红十字标志' });
    expect(d.statusCode).toBe(201);
    expect(d.json().points).toBe(-20);
    const p = await pointsOf(m.id);
    expect(p.balance).toBe(-12);
    expect(p.years).toEqual([{ year: Number(toChinaDate().slice(0, 4)), points: -12 }]);
    expect(p.entries).toHaveLength(2);
  });

  it('refuses points without a rule or without a reason, and writes nothing', async () => {
    const m = await createMember(t, countyA.id);
    const noReason = await award(m.id, { ruleId: rules.studyA.id });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('VALIDATION_FAILED');
    const blankReason = await award(m.id, { ruleId: rules.studyA.id, reason: '  ' });
    expect(blankReason.statusCode).toBe(400);
    const noRule = await award(m.id, { points: 5, reason: '表现好' });
    expect(noRule.statusCode).toBe(400);
    const unknownRule = await award(m.id, { ruleId: crypto.randomUUID(), reason: '表现好' });
    expect(unknownRule.statusCode).toBe(422);
    expect((await pointsOf(m.id)).entries).toHaveLength(0);
  });

  it('refuses an event rule by hand, a deduction sign on an award rule, an inactive member and another county', async () => {
    const m = await createMember(t, countyA.id);
    const hours = await award(m.id, { ruleId: rules.hours.id, reason: '手工' });
    expect(hours.json().error.code).toBe('POINT_RULE_NOT_APPLICABLE');
    const sign = await award(m.id, { ruleId: rules.studyA.id, reason: '扣分', points: -3 });
    expect(sign.statusCode).toBe(400);
    const lapsed = await createMember(t, countyA.id, { status: 'lapsed' });
    const l = await award(lapsed.id, { ruleId: rules.studyA.id, reason: '学习' });
    expect(l.statusCode).toBe(409);
    expect(l.json().error.code).toBe('MEMBER_NOT_ACTIVE');
    const other = await award(m.id, { ruleId: rules.studyA.id, reason: '学习' }, managerB);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('keeps a rule within its yearly cap', async () => {
    const m = await createMember(t, countyA.id);
    for (let i = 0; i < 3; i++) {
      expect((await award(m.id, { ruleId: rules.spread.id, reason: `宣传${i}` })).statusCode).toBe(201);
    }
    const over = await award(m.id, { ruleId: rules.spread.id, reason: '宣传3' });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('POINTS_YEARLY_CAP');
    expect((await pointsOf(m.id)).balance).toBe(30);
  });

  it('corrects an entry by a reversing entry, once', async () => {
    const m = await createMember(t, countyA.id);
    const a = (await award(m.id, { ruleId: rules.studyA.id, reason: '学习' })).json();
    const url = `/api/member-points/members/${m.id}/entries/${a.id}/reverse`;
    const r = await t.inject(manager, { method: 'POST', url, payload: { reason: '记错人' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ points: -8, reversesId: a.id, source: 'reversal' });
    const again = await t.inject(manager, { method: 'POST', url, payload: { reason: '再次' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('POINT_ENTRY_ALREADY_REVERSED');
    const p = await pointsOf(m.id);
    expect(p.balance).toBe(0);
    expect(p.entries.find((e) => e.id === a.id)?.isReversed).toBe(true);
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'member_point_entry' AND entity_id = ${a.id}`,
    );
    expect(audit[0].n).toBe(1);
  });
});

describe('rankings', () => {
  it('ranks a subtree with ties (1, 2, 2, 4), pages with the right ranks, and keeps counties apart', async () => {
    const town = await createOrgUnder(t, countyA, 'township');
    const rankAdmin = await createStaff(t, { orgId: town.id, permissions: ['members:view', 'members:manage'] });
    const rule = await makeRule(rankAdmin, town.id, {
      code: 'TOWN',
      name: '乡镇活动',
      category: 'basic',
      points: 1,
      trigger: 'manual',
    });
    const wanted = [9, 7, 7, 3, 1];
    const ids: string[] = [];
    for (const pts of wanted) {
      const m = await createMember(t, town.id);
      ids.push(m.id);
      expect((await award(m.id, { ruleId: rule.id, reason: '活动', points: pts }, rankAdmin)).statusCode).toBe(201);
    }
    const page1 = (
      await t.inject(rankAdmin, { method: 'GET', url: `/api/member-points/ranking?orgId=${town.id}&limit=3` })
    ).json();
    expect(page1.total).toBe(5);
    expect(page1.items.map((r: { rank: number; points: number }) => [r.rank, r.points])).toEqual([
      [1, 9],
      [2, 7],
      [2, 7],
    ]);
    const page2 = (
      await t.inject(rankAdmin, {
        method: 'GET',
        url: `/api/member-points/ranking?orgId=${town.id}&limit=3&offset=3&year=${toChinaDate().slice(0, 4)}`,
      })
    ).json();
    expect(page2.items.map((r: { rank: number }) => r.rank)).toEqual([4, 5]);
    expect(page2.items[0].name).toMatch(/\*/);
    const other = await t.inject(rankAdmin, { method: 'GET', url: `/api/member-points/ranking?orgId=${countyB.id}` });
    expect(other.statusCode).toBe(403);
    const lastYear = (
      await t.inject(rankAdmin, { method: 'GET', url: `/api/member-points/ranking?orgId=${town.id}&year=2001` })
    ).json();
    expect(lastYear).toEqual({ items: [], total: 0 });
  });

  it('moves a transferred member’s totals and the units’ ranked counts with it', async () => {
    const from = await createOrgUnder(t, countyA, 'township');
    const to = await createOrgUnder(t, countyA, 'township');
    const rule = await makeRule(manager, from.id, {
      code: 'MOVE',
      name: '转会测试',
      category: 'basic',
      points: 4,
      trigger: 'manual',
    });
    const m = await createMember(t, from.id);
    expect((await award(m.id, { ruleId: rule.id, reason: '活动' })).statusCode).toBe(201);
    const count = async (orgId: number) =>
      (await t.inject(manager, { method: 'GET', url: `/api/member-points/ranking?orgId=${orgId}` })).json().total;
    expect([await count(from.id), await count(to.id)]).toEqual([1, 0]);
    await t.db.execute(sql`UPDATE members SET org_id = ${to.id} WHERE id = ${m.id}`);
    await t.db.transaction((tx) => moveMemberPoints(tx, { regionId: m.regionId, id: m.id, orgId: to.id }));
    expect([await count(from.id), await count(to.id)]).toEqual([0, 1]);
    const page = (await t.inject(manager, { method: 'GET', url: `/api/member-points/ranking?orgId=${to.id}` })).json();
    expect(page.items[0]).toMatchObject({ memberId: m.id, points: 4, orgId: to.id });
  });

  it('computes competition ranks, event points and caps as the rules say', () => {
    expect(rankPage([10, 10, 8, 8, 8, 2], 3, 20)).toEqual([3, 3, 23, 23, 23, 26]);
    expect(pointsFor({ points: 5, trigger: 'volunteer_hours', donationBasis: null }, { minutes: 150 })).toBe(12);
    expect(pointsFor({ points: 2, trigger: 'donation', donationBasis: 'per_100_yuan' }, { amountFen: 29_999 })).toBe(4);
    expect(pointsFor({ points: 3, trigger: 'donation', donationBasis: 'gift' }, { amountFen: 100 })).toBe(3);
    expect(capped(10, 25, 20)).toBe(5);
    expect(capped(-20, 30, -20)).toBe(-10);
    expect(capped(10, null, 1000)).toBe(10);
    const r = (id: string, orgId: number, code: string) =>
      ({ id, orgId, code }) as unknown as Parameters<typeof effectiveRules>[0][number];
    expect(
      effectiveRules([r('a', 1, 'X'), r('b', 5, 'X'), r('c', 9, 'X'), r('d', 1, 'Y')], '1.5.').map((x) => x.id),
    ).toEqual(['b', 'd']);
  });
});

describe('points from events', () => {
  it('awards volunteer hours per hour and reconciles a correction by record, never twice', async () => {
    const m = await createMember(t, countyA.id);
    const recordId = crypto.randomUUID();
    const hours = (minutes: number) =>
      t.db.transaction((tx) =>
        runHoursApprovedHooks(tx, systemCtx, {
          regionId: m.regionId,
          recordId,
          personId: m.personId,
          orgId: countyA.id,
          activityId: crypto.randomUUID(),
          minutes,
          servedAt: new Date(),
        }),
      );
    await hours(180);
    expect((await pointsOf(m.id)).balance).toBe(15);
    await hours(180);
    expect((await pointsOf(m.id)).balance).toBe(15);
    await hours(60);
    const p = await pointsOf(m.id);
    expect(p.balance).toBe(5);
    expect(p.entries.map((e) => e.points).sort()).toEqual([-10, 15]);
    await hours(0);
    expect((await pointsOf(m.id)).balance).toBe(0);
  });

  it('ignores hours of people who are not active members', async () => {
    const lapsed = await createMember(t, countyA.id, { status: 'lapsed' });
    await t.db.transaction((tx) =>
      runHoursApprovedHooks(tx, systemCtx, {
        regionId: lapsed.regionId,
        recordId: crypto.randomUUID(),
        personId: lapsed.personId,
        orgId: countyA.id,
        activityId: crypto.randomUUID(),
        minutes: 600,
        servedAt: new Date(),
      }),
    );
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM member_point_entries WHERE member_id = ${lapsed.id}`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("awards a member's online gift (matched by phone) in the gift's transaction, per ¥100", async () => {
    const m = await createMember(t, countyA.id);
    const project = await createOpenProject(t, city.id);
    const { paid, order } = await giveOnline(t, project.code, 30_000, { phone: m.phone });
    expect(paid.statusCode, paid.body).toBeLessThan(400);
    const p = await pointsOf(m.id);
    expect(p.balance).toBe(6);
    expect(p.entries[0]).toMatchObject({ source: 'donation', ruleCode: 'GIFT' });

    // The gift is refunded: its points go back by a reversing entry in the refund's transaction, once.
    const [gift] = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT d.id FROM donations d JOIN donation_orders o ON o.id = d.order_id WHERE o.order_no = ${order.orderNo}`,
    );
    const clerk = await createStaff(t, { orgId: city.id, permissions: ['donations:record', 'donations:view'] });
    const approver = await createStaff(t, { orgId: city.id, permissions: ['funds:approve', 'donations:view'] });
    const requested = await t.inject(clerk, {
      method: 'POST',
      url: `/api/donations/${gift.id}/reversals`,
      payload: { kind: 'refund', reasonCode: 'donor_request', note: '捐赠人申请退款' },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const decided = await t.inject(approver, {
      method: 'POST',
      url: `/api/donation-reversals/${requested.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const after = await pointsOf(m.id);
    expect(after.balance).toBe(0);
    expect(after.entries.find((e: { source: string }) => e.source === 'reversal')).toMatchObject({ points: -6 });
    expect(after.entries.find((e: { source: string }) => e.source === 'donation')).toMatchObject({ isReversed: true });
  });

  it('awards a training certificate once, however often the event comes', async () => {
    const m = await createMember(t, countyA.id);
    const cert = {
      regionId: m.regionId,
      certificateId: crypto.randomUUID(),
      certNo: 'JH-2026-000001',
      personId: m.personId,
      orgId: countyA.id,
      issuedOn: toChinaDate(),
    };
    await t.db.transaction((tx) => awardForCertificate(tx, systemCtx, cert));
    await t.db.transaction((tx) => awardForCertificate(tx, systemCtx, cert));
    expect((await pointsOf(m.id)).balance).toBe(20);
  });
});

describe('the member on the phone: my points and redemptions', () => {
  it('shows my balance, rank and ledger; redeems an award, refuses without enough points; staff hand over or cancel', async () => {
    const m = await createMember(t, countyA.id, { name: '周丽' });
    await award(m.id, { ruleId: rules.studyA.id, reason: '学习' });
    await award(m.id, { ruleId: rules.studyA.id, reason: '学习' });
    const me = await signInByPhone(t, m.phone);
    const mine = await t.inject(me, { method: 'GET', url: '/api/public/member-points/me' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ balance: 16, yearPoints: 16, name: '周丽' });
    expect(mine.json().rankInUnit).toBeGreaterThanOrEqual(1);

    const cheap = (
      await t.inject(manager, {
        method: 'POST',
        url: '/api/member-points/awards',
        payload: { orgId: city.id, name: '优秀会员证书', pointsCost: 10, stock: 1 },
      })
    ).json();
    const dear = (
      await t.inject(manager, {
        method: 'POST',
        url: '/api/member-points/awards',
        payload: { orgId: city.id, name: '家庭急救包', pointsCost: 100 },
      })
    ).json();
    const short = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-points/redemptions',
      payload: { awardId: dear.id },
    });
    expect(short.statusCode).toBe(409);
    expect(short.json().error.code).toBe('POINTS_INSUFFICIENT');
    const ok = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-points/redemptions',
      payload: { awardId: cheap.id },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await pointsOf(m.id)).balance).toBe(6);
    const gone = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-points/redemptions',
      payload: { awardId: cheap.id },
    });
    expect(gone.json().error.code).toBe('POINT_AWARD_UNAVAILABLE');

    const base = `/api/member-points/members/${m.id}/redemptions/${ok.json().id}`;
    const cancel = await t.inject(manager, { method: 'POST', url: `${base}/cancel`, payload: { note: '会员放弃' } });
    expect(cancel.json().status).toBe('cancelled');
    expect((await pointsOf(m.id)).balance).toBe(16);
    const hand = await t.inject(manager, { method: 'POST', url: `${base}/hand-over`, payload: {} });
    expect(hand.json().error.code).toBe('POINT_REDEMPTION_DECIDED');
  });

  it('tells an account that is not a member so', async () => {
    const stranger = await signInByPhone(t, uniquePhone());
    const res = await t.inject(stranger, { method: 'GET', url: '/api/public/member-points/me' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_MEMBER');
  });
});

describe('service orders (点餐制)', () => {
  it('takes an order from menu to rating, with an SMS at each step and statistics', async () => {
    const item = await t.inject(manager, {
      method: 'POST',
      url: '/api/member-services/menu',
      payload: { orgId: countyA.id, name: '健康讲座', audienceMin: 10, audienceMax: 100, leadDays: 5 },
    });
    expect(item.statusCode, item.body).toBe(201);
    const m = await createMember(t, countyA.id);
    const me = await signInByPhone(t, m.phone);
    const menu = (await t.inject(me, { method: 'GET', url: '/api/public/member-services/menu' })).json();
    expect(menu.map((x: { name: string }) => x.name)).toContain('健康讲座');
    const order = { menuItemId: item.json().id, place: '枫桥镇文化礼堂', expectedAudience: 40 };
    const soon = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-services/orders',
      payload: { ...order, preferredDates: [addDays(toChinaDate(), 2)] },
    });
    expect(soon.statusCode).toBe(422);
    expect(soon.json().error.code).toBe('SERVICE_ORDER_TOO_SOON');
    const crowd = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-services/orders',
      payload: { ...order, expectedAudience: 500, preferredDates: [addDays(toChinaDate(), 10)] },
    });
    expect(crowd.json().error.code).toBe('SERVICE_ORDER_AUDIENCE');
    const placed = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-services/orders',
      payload: { ...order, preferredDates: [addDays(toChinaDate(), 10)], note: '老人较多' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const id = placed.json().id;

    const early = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-services/orders/${id}/rate`,
      payload: { rating: 5 },
    });
    expect(early.json().error.code).toBe('SERVICE_ORDER_STEP');
    const noReason = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/decline`,
      payload: {},
    });
    expect(noReason.statusCode).toBe(400);
    const outside = await t.inject(managerB, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/accept`,
      payload: {},
    });
    expect(outside.statusCode).toBe(403);

    const accepted = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/accept`,
      payload: {},
    });
    expect(accepted.json().status).toBe('accepted');
    const notYet = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/deliver`,
      payload: { attendance: 30 },
    });
    expect(notYet.json().error.code).toBe('SERVICE_ORDER_STEP');
    const scheduled = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/schedule`,
      payload: { scheduledAt: `${addDays(toChinaDate(), 10)}T14:30:00+08:00`, staffNames: '王医生' },
    });
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', staffNames: '王医生' });
    const delivered = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-services/orders/${id}/deliver`,
      payload: { attendance: 38, notes: '讲解心肺复苏' },
    });
    expect(delivered.json()).toMatchObject({ status: 'delivered', attendance: 38 });
    const rated = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-services/orders/${id}/rate`,
      payload: { rating: 5, comment: '很实用' },
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().rating).toBe(5);
    const twice = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-services/orders/${id}/rate`,
      payload: { rating: 1 },
    });
    expect(twice.json().error.code).toBe('SERVICE_ORDER_ALREADY_RATED');

    for (const step of ['placed', 'accepted', 'scheduled', 'delivered']) {
      const sent = await sms(`member_order_${step}`);
      expect(
        sent.some((s) => s.body.includes(placed.json().orderNo)),
        step,
      ).toBe(true);
    }
    const stats = (
      await t.inject(manager, { method: 'GET', url: `/api/member-services/stats?orgId=${city.id}` })
    ).json();
    expect(stats.units.find((u: { orgId: number }) => u.orgId === countyA.id)).toMatchObject({
      orders: 1,
      delivered: 1,
      audience: 38,
      averageRating: 5,
    });
    const mine = (await t.inject(me, { method: 'GET', url: '/api/public/member-services/orders' })).json();
    expect(mine[0].status).toBe('delivered');
  });
});

describe('first-aid kits (急救物品认领制)', () => {
  it('registers kits, a member claims and places one, reports and checks raise refill tasks, the sweep raises expiry tasks once', async () => {
    const soon = addDays(toChinaDate(), 20);
    const created = await t.inject(manager, {
      method: 'POST',
      url: '/api/member-kits',
      payload: {
        orgId: countyA.id,
        model: '家庭急救包 A 型',
        count: 2,
        items: [
          { name: '医用纱布', quantity: 10, expiresOn: soon },
          { name: '止血带', quantity: 1, expiresOn: '2030-01-01' },
          { name: '剪刀', quantity: 1 },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const [kit, other] = created.json();
    expect(kit.code).toMatch(/^KIT-\d{6}-\d{6}$/);
    const sticker = await t.inject(manager, { method: 'GET', url: `/api/member-kits/${kit.id}/sticker.pdf` });
    expect(sticker.headers['content-type']).toBe('application/pdf');

    const m = await createMember(t, countyA.id);
    const me = await signInByPhone(t, m.phone);
    const claimed = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-kits/claim',
      payload: { code: kit.code },
    });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().status).toBe('assigned');
    const again = await t.inject(me, {
      method: 'POST',
      url: '/api/public/member-kits/claim',
      payload: { code: kit.code },
    });
    expect(again.json().error.code).toBe('AID_KIT_STEP');

    const bad = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-kits/${kit.id}/place`,
      payload: { lat: 0, lng: 0, placeName: '民宿前台' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('INVALID_LOCATION');
    const placed = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-kits/${kit.id}/place`,
      payload: { lat: 29.7136, lng: 120.2423, placeName: '枫桥民宿前台' },
    });
    expect(placed.json()).toMatchObject({ status: 'placed', placeName: '枫桥民宿前台' });
    const notMine = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-kits/${other.id}/checks`,
      payload: { isOk: true },
    });
    expect(notMine.json().error.code).toBe('NOT_KIT_HOLDER');

    const page = await t.inject(null, { method: 'GET', url: `/api/public/kits/${kit.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ placeName: '枫桥民宿前台' });
    expect(page.body).not.toContain(m.name);
    const used = await t.inject(null, {
      method: 'POST',
      url: `/api/public/kits/${kit.code}/usage`,
      payload: { itemsUsed: '纱布 2 片', reporter: '游客' },
    });
    expect(used.statusCode, used.body).toBe(201);
    expect(used.json().refillTaskId).toBeTruthy();
    expect((await sms('member_kit_refill')).some((s) => s.body.includes(kit.code))).toBe(true);

    expect(await raiseKitExpiryTasksJob(t.db)).toBeGreaterThanOrEqual(2);
    expect(await raiseKitExpiryTasksJob(t.db)).toBe(0);
    const view = (await t.inject(manager, { method: 'GET', url: `/api/member-kits/${kit.id}` })).json();
    expect(
      view.tasks
        .filter((x: { kind: string; status: string }) => x.status === 'open')
        .map((x: { kind: string }) => x.kind)
        .sort(),
    ).toEqual(['expiring', 'refill']);
    expect((await sms('member_kit_expiring')).some((s) => s.body.includes('医用纱布'))).toBe(true);

    const check = await t.inject(me, {
      method: 'POST',
      url: `/api/public/member-kits/${kit.id}/checks`,
      payload: { isOk: true, note: '齐全' },
    });
    expect(check.json().lastCheckedAt).toBeTruthy();
    const refilled = await t.inject(manager, {
      method: 'POST',
      url: `/api/member-kits/${kit.id}/refill`,
      payload: { items: [{ name: '医用纱布', quantity: 10, expiresOn: '2031-01-01' }] },
    });
    expect(refilled.json().openTasks).toBe(0);
    const list = (await t.inject(manager, { method: 'GET', url: `/api/member-kits?orgId=${city.id}` })).json();
    expect(list.total).toBe(2);
    const mine = (await t.inject(me, { method: 'GET', url: '/api/public/member-kits/mine' })).json();
    expect(mine.map((k: { code: string }) => k.code)).toEqual([kit.code]);
  });
});
