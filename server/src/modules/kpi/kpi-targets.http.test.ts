// Targets handed down the tree and manual figures at the HTTP boundary: who may set, split, approve and change
// which unit's targets; the children's sum against the parent's (refused, or approved by the parent's owner); locks
// and change requests with before/after; monthly targets; closed years; manual figures with evidence, replacement
// and voiding. Every refusal is checked to have changed nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import { createOrgUnder, createProvince, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { currentMonth, manualFiguresFor } from './kpi-manual';
import { currentYear, targetsFor } from './kpi-targets';
import type { TargetsBoard } from './kpi-targets.schemas';

let t: TestApp;
let province: OrgView;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let township: OrgView;
let otherCity: OrgView;
let otherCounty: OrgView;
/** kpi:target, kpi:approve and kpi:enter on the whole province. */
let provinceOwner: Caller;
/** kpi:target at the city, without kpi:approve: may split the city's targets, may not approve an excess. */
let cityOfficer: Caller;
/** kpi:target and kpi:approve at the city: the city's owner. */
let cityOwner: Caller;
/** kpi:target and kpi:enter at county A. */
let countyOfficer: Caller;
/** Every kpi permission at the sibling city. */
let sibling: Caller;

const year = currentYear();
const next = year + 1;
const funds = 'ttest.funds';
const rate = 'ttest.rate';
const paper = 'ttest.paper';

const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

async function addIndicator(code: string, source: string, periodKind: string, rollup: string, sort: number) {
  await t.db.execute(sql`
    INSERT INTO kpi_indicators (code, group_code, name_zh, name_en, unit_zh, unit_en, source, period_kind, rollup,
      decimals, sort)
    VALUES (${code}, 'other', ${`测试${code}`}, ${code}, '元', 'yuan', ${source}, ${periodKind}, ${rollup}, 2, ${sort})
    ON CONFLICT (code) DO NOTHING`);
}

/** Every row of the targets part's tables and its audit rows: a refusal must leave this unchanged. */
async function snapshot() {
  const targets = await queryRows(t.db, sql`SELECT * FROM kpi_targets ORDER BY id`);
  const changes = await queryRows(t.db, sql`SELECT * FROM kpi_target_changes ORDER BY id`);
  const figures = await queryRows(t.db, sql`SELECT * FROM kpi_manual_figures ORDER BY entered_at, id`);
  const [audit] = await queryRows<{ n: number }>(
    t.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type LIKE 'kpi_%'`,
  );
  return JSON.stringify({ targets, changes, figures, audit: audit.n });
}

/** Calls the API and checks the refusal: status, code, and nothing written. */
async function refused(
  caller: Caller,
  opts: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: Record<string, unknown> },
  status: number,
  code: string,
) {
  const before = await snapshot();
  const res = await t.inject(caller, opts);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(await snapshot()).toBe(before);
  return res.json().error as { code: string; details: Record<string, unknown> };
}

const put = (caller: Caller, payload: Record<string, unknown>) =>
  t.inject(caller, { method: 'PUT', url: '/api/kpi/targets', payload });
const split = (caller: Caller, payload: Record<string, unknown>) =>
  t.inject(caller, { method: 'POST', url: '/api/kpi/targets/split', payload });
async function board(caller: Caller, orgId: number, y = next): Promise<TargetsBoard> {
  const res = await t.inject(caller, { method: 'GET', url: `/api/kpi/targets?orgId=${orgId}&year=${y}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const rowOf = (b: TargetsBoard, code: string) => b.rows.find((r) => r.indicator === code)!;

beforeAll(async () => {
  t = await createTestApp();
  await addIndicator(funds, 'computed', 'flow', 'sum', 9001);
  await addIndicator(rate, 'computed', 'flow', 'ratio', 9002);
  await addIndicator(paper, 'manual', 'flow', 'sum', 9003);
  province = await createProvince(t);
  city = await createOrgUnder(t, province, 'city');
  countyA = await createOrgUnder(t, city, 'county');
  countyB = await createOrgUnder(t, city, 'county');
  township = await createOrgUnder(t, countyA, 'township');
  otherCity = await createOrgUnder(t, province, 'city');
  otherCounty = await createOrgUnder(t, otherCity, 'county');
  provinceOwner = await createStaff(t, {
    orgId: province.id,
    permissions: ['kpi:view', 'kpi:target', 'kpi:approve', 'kpi:enter'],
  });
  cityOfficer = await createStaff(t, { orgId: city.id, permissions: ['kpi:view', 'kpi:target'] });
  cityOwner = await createStaff(t, { orgId: city.id, permissions: ['kpi:view', 'kpi:target', 'kpi:approve'] });
  countyOfficer = await createStaff(t, { orgId: countyA.id, permissions: ['kpi:view', 'kpi:target', 'kpi:enter'] });
  sibling = await createStaff(t, {
    orgId: otherCity.id,
    permissions: ['kpi:view', 'kpi:target', 'kpi:approve', 'kpi:enter'],
  });
});
afterAll(() => t.close());

describe('setting targets', () => {
  it("lets the province set its own and a city's targets, with monthly targets adding up to the annual", async () => {
    const own = await put(provinceOwner, {
      orgId: province.id,
      year: next,
      targets: [{ indicator: funds, value: 5000 }],
    });
    expect(own.statusCode, own.body).toBe(200);
    const monthly = [80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 100, 100];
    const res = await put(provinceOwner, {
      orgId: city.id,
      year: next,
      targets: [
        { indicator: funds, value: 1000, monthly },
        { indicator: rate, value: 95.5 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().targets).toMatchObject([
      { orgId: city.id, indicator: funds, value: 1000, monthly, status: 'draft', locked: false, version: 1 },
      { indicator: rate, value: 95.5, monthly: null },
    ]);
    const b = await board(cityOfficer, city.id);
    expect(rowOf(b, funds).target).toMatchObject({ value: 1000, setBy: expect.any(String) });
    expect(b.children.map((c) => c.orgId)).toEqual(expect.arrayContaining([countyA.id, countyB.id]));
    expect(b).toMatchObject({ canSet: false, canSplit: true, canApprove: false, isOpen: true });
    const top = await board(provinceOwner, city.id);
    expect(top).toMatchObject({ canSet: true, canApprove: true, canApproveExcess: true });
  });

  it('refuses monthly targets of a flow indicator that do not add up to the annual target (422)', async () => {
    const error = await refused(
      provinceOwner,
      {
        method: 'PUT',
        url: '/api/kpi/targets',
        payload: {
          orgId: city.id,
          year: next,
          targets: [{ indicator: funds, value: 1000, monthly: Array(12).fill(83) }],
        },
      },
      422,
      'KPI_MONTHLY_MISMATCH',
    );
    expect(error.details).toMatchObject({ sum: 996, value: 1000 });
  });

  it('refuses a unit setting its own target: targets are set by the parent (403)', async () => {
    await refused(
      countyOfficer,
      {
        method: 'PUT',
        url: '/api/kpi/targets',
        payload: { orgId: countyA.id, year: next, targets: [{ indicator: funds, value: 1 }] },
      },
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('refuses a target for a unit outside the caller’s subtree, and hides its board (403)', async () => {
    await refused(
      sibling,
      {
        method: 'PUT',
        url: '/api/kpi/targets',
        payload: { orgId: countyA.id, year: next, targets: [{ indicator: funds, value: 1 }] },
      },
      403,
      'OUT_OF_SCOPE',
    );
    await refused(
      sibling,
      { method: 'GET', url: `/api/kpi/targets?orgId=${city.id}&year=${next}` },
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('refuses an unknown indicator (404), a past year (422) and a year after next (422)', async () => {
    const body = (y: number, indicator = funds) => ({ orgId: city.id, year: y, targets: [{ indicator, value: 10 }] });
    await refused(
      provinceOwner,
      { method: 'PUT', url: '/api/kpi/targets', payload: body(next, 'ttest.nothing') },
      404,
      'NOT_FOUND',
    );
    await refused(
      provinceOwner,
      { method: 'PUT', url: '/api/kpi/targets', payload: body(year - 1) },
      422,
      'KPI_TARGET_YEAR_CLOSED',
    );
    await refused(
      provinceOwner,
      { method: 'PUT', url: '/api/kpi/targets', payload: body(year + 2) },
      422,
      'KPI_TARGET_YEAR_NOT_OPEN',
    );
    const past = await board(provinceOwner, city.id, year - 1);
    expect(past).toMatchObject({ isOpen: false, canSet: false, canSplit: false });
  });

  it('refuses a city target that takes the cities over the province’s (409) unless the province approves it', async () => {
    const payload = { orgId: otherCity.id, year: next, targets: [{ indicator: funds, value: 4500 }] };
    const error = await refused(
      provinceOwner,
      { method: 'PUT', url: '/api/kpi/targets', payload },
      409,
      'KPI_SPLIT_EXCEEDS_PARENT',
    );
    expect(error.details).toMatchObject({ sum: 5500, parent: 5000, excess: 500, canApprove: true });
    const res = await put(provinceOwner, { ...payload, targets: [{ indicator: funds, value: 4000 }] });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('splitting a target among the children', () => {
  it('accepts shares adding up to less than the parent with the shortfall, and passes on the monthly profile', async () => {
    const res = await split(cityOfficer, {
      orgId: city.id,
      year: next,
      indicator: funds,
      shares: [
        { orgId: countyA.id, value: 600 },
        { orgId: countyB.id, value: 300 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ parent: 1000, sum: 900, shortfall: 100, excess: null, additive: true });
    const a = res.json().targets.find((x: { orgId: number }) => x.orgId === countyA.id);
    expect(a).toMatchObject({ value: 600, splitFromOrgId: city.id, status: 'draft' });
    expect(a.monthly.reduce((s: number, m: number) => s + m, 0)).toBeCloseTo(600, 6);
    expect(a.monthly[11]).toBeCloseTo(60, 6);
    const row = rowOf(await board(cityOfficer, city.id), funds);
    expect(row).toMatchObject({ childrenSum: 900, childrenWithTarget: 2, difference: -100, check: 'short' });
  });

  it('refuses shares above the parent with sum, parent and excess (409), also when the splitter asks to approve it', async () => {
    const payload = {
      orgId: city.id,
      year: next,
      indicator: funds,
      shares: [
        { orgId: countyA.id, value: 700 },
        { orgId: countyB.id, value: 400 },
      ],
    };
    const error = await refused(
      cityOfficer,
      { method: 'POST', url: '/api/kpi/targets/split', payload },
      409,
      'KPI_SPLIT_EXCEEDS_PARENT',
    );
    expect(error.details).toMatchObject({ indicator: funds, sum: 1100, parent: 1000, excess: 100, canApprove: false });
    // A share of one child counts the children not listed: 700 + B's 300 is still above 1000.
    await refused(
      cityOfficer,
      {
        method: 'POST',
        url: '/api/kpi/targets/split',
        payload: { ...payload, shares: [{ orgId: countyA.id, value: 701 }] },
      },
      409,
      'KPI_SPLIT_EXCEEDS_PARENT',
    );
    await refused(
      cityOfficer,
      { method: 'POST', url: '/api/kpi/targets/split', payload: { ...payload, approveExcess: true } },
      403,
      'FORBIDDEN',
    );
  });

  it('lets the parent’s owner approve an excess, audited, and the board shows it as approved', async () => {
    const res = await split(cityOwner, {
      orgId: city.id,
      year: next,
      indicator: funds,
      shares: [
        { orgId: countyA.id, value: 700 },
        { orgId: countyB.id, value: 400 },
      ],
      approveExcess: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sum: 1100, excess: 100, shortfall: null });
    const row = rowOf(await board(cityOfficer, city.id), funds);
    expect(row).toMatchObject({ childrenSum: 1100, difference: 100, check: 'excess_approved' });
    expect(row.target?.excessApprovedBy).toBeTruthy();
    const [audit] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'kpi_target.excess-approved' AND org_id = ${city.id}`,
    );
    expect(audit.n).toBe(1);
  });

  it('gives each child its own rate without a sum check for a ratio indicator', async () => {
    const res = await split(cityOfficer, {
      orgId: city.id,
      year: next,
      indicator: rate,
      shares: [
        { orgId: countyA.id, value: 98 },
        { orgId: countyB.id, value: 97 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ additive: false, shortfall: null, excess: null });
    expect(rowOf(await board(cityOfficer, city.id), rate)).toMatchObject({ check: 'not_additive', childrenSum: null });
  });

  it('refuses a share for a unit that is not a direct child (422), and a split outside the subtree (403)', async () => {
    const body = (orgId: number) => ({ orgId: city.id, year: next, indicator: funds, shares: [{ orgId, value: 1 }] });
    for (const orgId of [township.id, otherCounty.id, city.id]) {
      await refused(
        cityOfficer,
        { method: 'POST', url: '/api/kpi/targets/split', payload: body(orgId) },
        422,
        'KPI_NOT_A_CHILD',
      );
    }
    await refused(
      sibling,
      { method: 'POST', url: '/api/kpi/targets/split', payload: body(countyA.id) },
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('refuses splitting an additive target the parent does not have (422)', async () => {
    await refused(
      cityOfficer,
      {
        method: 'POST',
        url: '/api/kpi/targets/split',
        payload: { orgId: city.id, year: next, indicator: paper, shares: [{ orgId: countyA.id, value: 1 }] },
      },
      422,
      'KPI_PARENT_NO_TARGET',
    );
  });
});

describe('approving, locks and change requests', () => {
  it('locks a county’s targets when the city approves them; the county cannot approve its own', async () => {
    await refused(
      countyOfficer,
      { method: 'POST', url: '/api/kpi/targets/approve', payload: { orgId: countyA.id, year: next } },
      403,
      'FORBIDDEN',
    );
    await refused(
      sibling,
      { method: 'POST', url: '/api/kpi/targets/approve', payload: { orgId: countyA.id, year: next } },
      403,
      'OUT_OF_SCOPE',
    );
    const res = await t.inject(cityOwner, {
      method: 'POST',
      url: '/api/kpi/targets/approve',
      payload: { orgId: countyA.id, year: next },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .map((x: { indicator: string; locked: boolean }) => [x.indicator, x.locked])
        .sort(),
    ).toEqual([
      [funds, true],
      [rate, true],
    ]);
    const map = await targetsFor(t.db, [countyA.id, countyB.id], next);
    expect(map.get(countyA.id)?.get(funds)).toMatchObject({ value: 700, locked: true });
    expect(map.get(countyB.id)?.get(funds)).toMatchObject({ value: 400, locked: false });
  });

  it('refuses changing a locked target directly, by setting or by splitting (409)', async () => {
    await refused(
      provinceOwner,
      {
        method: 'PUT',
        url: '/api/kpi/targets',
        payload: { orgId: countyA.id, year: next, targets: [{ indicator: funds, value: 650 }] },
      },
      409,
      'KPI_TARGET_LOCKED',
    );
    await refused(
      cityOwner,
      {
        method: 'POST',
        url: '/api/kpi/targets/split',
        payload: { orgId: city.id, year: next, indicator: funds, shares: [{ orgId: countyA.id, value: 500 }] },
      },
      409,
      'KPI_TARGET_LOCKED',
    );
    // Re-sending the same value is no change and goes through.
    const same = await split(cityOwner, {
      orgId: city.id,
      year: next,
      indicator: funds,
      shares: [
        { orgId: countyA.id, value: 700 },
        { orgId: countyB.id, value: 350 },
      ],
      approveExcess: true,
    });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('changes a locked target through a request decided above the unit, keeping before and after', async () => {
    const target = rowOf(await board(countyOfficer, countyA.id), funds).target!;
    await refused(
      countyOfficer,
      {
        method: 'POST',
        url: `/api/kpi/targets/${target.id}/change-requests`,
        payload: { value: 600, monthly: Array(12).fill(10), reason: '台风影响' },
      },
      422,
      'KPI_MONTHLY_MISMATCH',
    );
    const asked = await t.inject(countyOfficer, {
      method: 'POST',
      url: `/api/kpi/targets/${target.id}/change-requests`,
      payload: { value: 600, reason: '受台风影响,申请调减' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const change = asked.json();
    expect(change).toMatchObject({
      status: 'pending',
      fromValue: 700,
      toValue: 600,
      orgId: countyA.id,
      canDecide: false,
    });
    expect(change.toMonthly.reduce((s: number, m: number) => s + m, 0)).toBeCloseTo(600, 6);
    await refused(
      countyOfficer,
      {
        method: 'POST',
        url: `/api/kpi/targets/${target.id}/change-requests`,
        payload: { value: 500, reason: '再次申请' },
      },
      409,
      'KPI_CHANGE_PENDING',
    );
    await refused(
      sibling,
      { method: 'POST', url: `/api/kpi/target-changes/${change.id}/decide`, payload: { approve: true, note: '' } },
      403,
      'OUT_OF_SCOPE',
    );
    const pending = (await board(cityOwner, city.id)).pendingChanges;
    expect(pending).toMatchObject([{ id: change.id, canDecide: true }]);

    const decided = await t.inject(cityOwner, {
      method: 'POST',
      url: `/api/kpi/target-changes/${change.id}/decide`,
      payload: { approve: true, note: '同意' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', decisionNote: '同意', fromValue: 700, toValue: 600 });
    const after = rowOf(await board(countyOfficer, countyA.id), funds).target!;
    expect(after).toMatchObject({ value: 600, version: target.version + 1, locked: true });
    const history = await t.inject(cityOfficer, {
      method: 'GET',
      url: `/api/kpi/target-changes?orgId=${city.id}&status=approved`,
    });
    expect(history.json()).toMatchObject([{ id: change.id, fromValue: 700, toValue: 600, status: 'approved' }]);
    const [audit] = await queryRows<{ before: { value: number }; after: { value: number } }>(
      t.db,
      sql`SELECT before, after FROM audit_log WHERE action = 'kpi_target.changed' AND entity_id = ${String(target.id)}`,
    );
    expect([audit.before.value, audit.after.value]).toEqual([700, 600]);
    await refused(
      cityOwner,
      { method: 'POST', url: `/api/kpi/target-changes/${change.id}/decide`, payload: { approve: false, note: '' } },
      409,
      'KPI_CHANGE_DECIDED',
    );
  });

  it('refuses a change request for a draft target, and a decision on one’s own request', async () => {
    const draft = rowOf(await board(cityOwner, countyB.id), funds).target!;
    await refused(
      cityOwner,
      {
        method: 'POST',
        url: `/api/kpi/targets/${draft.id}/change-requests`,
        payload: { value: 1, reason: '调整一下' },
      },
      409,
      'KPI_TARGET_NOT_LOCKED',
    );
    await t.inject(cityOwner, {
      method: 'POST',
      url: '/api/kpi/targets/approve',
      payload: { orgId: countyB.id, year: next },
    });
    const asked = await t.inject(cityOwner, {
      method: 'POST',
      url: `/api/kpi/targets/${draft.id}/change-requests`,
      payload: { value: 300, reason: '调减' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    await refused(
      cityOwner,
      {
        method: 'POST',
        url: `/api/kpi/target-changes/${asked.json().id}/decide`,
        payload: { approve: true, note: '' },
      },
      403,
      'KPI_CHANGE_OWN_REQUEST',
    );
    const rejected = await t.inject(provinceOwner, {
      method: 'POST',
      url: `/api/kpi/target-changes/${asked.json().id}/decide`,
      payload: { approve: false, note: '维持原目标' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rowOf(await board(cityOwner, countyB.id), funds).target?.value).toBe(350);
  });
});

describe('manual figures', () => {
  const month = currentMonth();
  let first: string;

  it('records a monthly figure of a manual indicator with its evidence', async () => {
    const file = await t.db.transaction((tx) =>
      storeFile(tx, systemCtx, { purpose: 'evidence', name: 'sign-in-sheet.png', bytes: tinyPng }),
    );
    const res = await t.inject(countyOfficer, {
      method: 'POST',
      url: '/api/kpi/manual-figures',
      payload: {
        orgId: countyA.id,
        indicator: paper,
        month,
        value: 12,
        evidenceNote: '签到表 12 场',
        evidenceFileId: file.id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ value: 12, month, manual: true, evidenceFileId: file.id, isVoid: false });
    first = res.json().id;
    const list = await t.inject(cityOfficer, {
      method: 'GET',
      url: `/api/kpi/manual-figures?orgId=${city.id}&year=${year}`,
    });
    expect(list.json().items).toMatchObject([{ id: first, orgName: countyA.name }]);
    expect(list.json().indicators.map((i: { code: string }) => i.code)).toContain(paper);
    expect(list.json().indicators.map((i: { code: string }) => i.code)).not.toContain(funds);
  });

  it('refuses a computed indicator, a future month, a second figure without replace, and a unit out of scope', async () => {
    const body = (extra: Record<string, unknown>) => ({
      orgId: countyA.id,
      indicator: paper,
      month,
      value: 3,
      evidenceNote: '会议记录',
      ...extra,
    });
    const post = (payload: Record<string, unknown>) => ({
      method: 'POST' as const,
      url: '/api/kpi/manual-figures',
      payload,
    });
    await refused(countyOfficer, post(body({ indicator: funds })), 422, 'KPI_INDICATOR_COMPUTED');
    await refused(countyOfficer, post(body({ month: `${next}-01` })), 422, 'KPI_MONTH_IN_FUTURE');
    const exists = await refused(countyOfficer, post(body({})), 409, 'KPI_MANUAL_FIGURE_EXISTS');
    expect(exists.details).toMatchObject({ id: first, value: 12 });
    await refused(countyOfficer, post(body({ replace: true })), 400, 'VALIDATION_FAILED');
    await refused(countyOfficer, post(body({ orgId: countyB.id })), 403, 'OUT_OF_SCOPE');
    await refused(sibling, post(body({})), 403, 'OUT_OF_SCOPE');
    await refused(
      countyOfficer,
      post(body({ evidenceFileId: crypto.randomUUID(), month: `${year}-01` })),
      404,
      'NOT_FOUND',
    );
  });

  it('replaces a figure with a reason (the old one voided, pointing at the new) and voids one with a reason', async () => {
    const res = await t.inject(countyOfficer, {
      method: 'POST',
      url: '/api/kpi/manual-figures',
      payload: {
        orgId: countyA.id,
        indicator: paper,
        month,
        value: 14,
        evidenceNote: '补录 2 场',
        replace: true,
        reason: '漏报两场',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const all = await t.inject(countyOfficer, {
      method: 'GET',
      url: `/api/kpi/manual-figures?orgId=${countyA.id}&includeVoid=true`,
    });
    const old = all.json().items.find((i: { id: string }) => i.id === first);
    expect(old).toMatchObject({ isVoid: true, voidReason: '漏报两场', replacedById: res.json().id });
    const inForce = await manualFiguresFor(t.db, [paper], `${month}-01`, `${month}-01`);
    expect(inForce.map((f) => f.value)).toEqual([14]);

    const url = `/api/kpi/manual-figures/${res.json().id}`;
    await refused(sibling, { method: 'DELETE', url, payload: { reason: '误填' } }, 403, 'OUT_OF_SCOPE');
    const voided = await t.inject(countyOfficer, { method: 'DELETE', url, payload: { reason: '重复填报' } });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ isVoid: true, voidReason: '重复填报' });
    await refused(
      countyOfficer,
      { method: 'DELETE', url, payload: { reason: '再次作废' } },
      409,
      'KPI_MANUAL_FIGURE_VOID',
    );
    expect(await manualFiguresFor(t.db, [paper], `${month}-01`, `${month}-01`)).toEqual([]);
  });
});
