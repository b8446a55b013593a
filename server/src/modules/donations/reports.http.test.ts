// The donation report over HTTP on a real database: China-day and month buckets, per project / channel / unit sums,
// payouts paid per period, the caller's scope and a unit filter, and the range rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import { createBranchChain, createOpenProject, createOrgUnder, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { DonationReport } from './reports.schemas';

/** A 1×1 PNG: the smallest real evidence file. */
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let otherCity: Awaited<ReturnType<typeof createOrgUnder>>;
let cityProject: Awaited<ReturnType<typeof createOpenProject>>;
let countyProject: Awaited<ReturnType<typeof createOpenProject>>;
let otherProject: Awaited<ReturnType<typeof createOpenProject>>;
let recorder: Caller;
let evidenceFileId: string;
let chequeGiftId: string;

async function gift(
  projectId: number,
  amountFen: number,
  channel: 'bank' | 'cash' | 'cheque',
  receivedAt: string,
): Promise<string> {
  const res = await t.inject(recorder, {
    method: 'POST',
    url: '/api/donations',
    payload: {
      projectId,
      channel,
      amountFen,
      donorKind: 'organisation',
      donorName: '报表测试公司',
      intent: 'restricted',
      receivedAt,
      evidenceFileId,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function report(caller: Caller, query: Record<string, string | number>) {
  return t.inject(caller, { method: 'GET', url: `/api/donation-reports?${new URLSearchParams(query as never)}` });
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  otherCity = await createOrgUnder(t, chain.province, 'city');
  cityProject = await createOpenProject(t, chain.city.id, { name: '市级项目' });
  countyProject = await createOpenProject(t, chain.county.id, { name: '县级项目' });
  otherProject = await createOpenProject(t, otherCity.id, { name: '他市项目' });
  recorder = await createStaff(t, { orgId: chain.province.id, permissions: ['donations:view', 'donations:record'] });
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  evidenceFileId = file.id;
  // 23:30 and 00:10 China time are the same UTC day (15:30 and 16:10 on 1 March): the report must split them.
  await gift(cityProject.id, 100_00, 'bank', '2026-03-01T23:30:00+08:00');
  await gift(cityProject.id, 250_50, 'cash', '2026-03-02T00:10:00+08:00');
  await gift(countyProject.id, 1_000_00, 'bank', '2026-03-02T09:00:00+08:00');
  chequeGiftId = await gift(countyProject.id, 5_00, 'cheque', '2026-04-15T12:00:00+08:00');
  await gift(otherProject.id, 7_777_00, 'bank', '2026-03-02T10:00:00+08:00');
});
afterAll(() => t.close());

describe('GET /api/donation-reports', () => {
  it('sums gifts per Asia/Shanghai day, with every day of the range listed', async () => {
    const staff = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const res = await report(staff, { granularity: 'day', from: '2026-02-28', to: '2026-03-03' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as DonationReport;
    expect(r.periods.map((p) => [p.period, p.amountFen, p.count])).toEqual([
      ['2026-02-28', 0, 0],
      ['2026-03-01', 100_00, 1],
      ['2026-03-02', 250_50 + 1_000_00, 2],
      ['2026-03-03', 0, 0],
    ]);
    expect(r.totals).toMatchObject({ amountFen: 1_350_50, count: 3, refundedFen: 0 });
    expect(r.periodChannels).toEqual([
      { period: '2026-03-01', channel: 'bank', amountFen: 100_00, count: 1 },
      { period: '2026-03-02', channel: 'bank', amountFen: 1_000_00, count: 1 },
      { period: '2026-03-02', channel: 'cash', amountFen: 250_50, count: 1 },
    ]);
  });

  it('sums per project, channel and receiving unit, largest first, within the caller’s units only', async () => {
    const staff = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const r = (await report(staff, { from: '2026-03-01', to: '2026-04-30' })).json() as DonationReport;
    expect(r.projects).toEqual([
      {
        projectId: countyProject.id,
        projectCode: countyProject.code,
        projectName: '县级项目',
        amountFen: 1_005_00,
        count: 2,
        refundedFen: 0,
      },
      {
        projectId: cityProject.id,
        projectCode: cityProject.code,
        projectName: '市级项目',
        amountFen: 350_50,
        count: 2,
        refundedFen: 0,
      },
    ]);
    expect(r.channels.map((c) => [c.channel, c.amountFen, c.count])).toEqual([
      ['bank', 1_100_00, 2],
      ['cash', 250_50, 1],
      ['cheque', 5_00, 1],
    ]);
    expect(r.units.map((u) => [u.orgName, u.amountFen])).toEqual([
      [chain.county.name, 1_005_00],
      [chain.city.name, 350_50],
    ]);
    // The other city's gift is outside this caller's units, whatever the filter says.
    expect(JSON.stringify(r)).not.toContain('他市项目');
    const asked = (await report(staff, { from: '2026-03-01', to: '2026-04-30', projectId: otherProject.id })).json();
    expect(asked.totals.amountFen).toBe(0);
  });

  it('narrows to a unit’s subtree, a project or a channel', async () => {
    const admin = await createStaff(t, { orgId: chain.province.id, roleId: 'system_admin' });
    const all = (await report(admin, { from: '2026-03-01', to: '2026-04-30' })).json() as DonationReport;
    expect(all.totals.amountFen).toBe(1_355_50 + 7_777_00);
    const county = (await report(admin, { from: '2026-03-01', to: '2026-04-30', orgId: chain.county.id })).json();
    expect(county.totals.amountFen).toBe(1_005_00);
    const project = (await report(admin, { from: '2026-03-01', to: '2026-04-30', projectId: cityProject.id })).json();
    expect(project.totals.amountFen).toBe(350_50);
    const cash = (await report(admin, { from: '2026-03-01', to: '2026-04-30', channel: 'cash' })).json();
    expect(cash.totals).toEqual({ amountFen: 250_50, count: 1, refundedFen: 0, paidOutFen: null });
    expect(cash.periods.every((p: { paidOutFen: number | null }) => p.paidOutFen === null)).toBe(true);
  });

  it('sums by month over whole months', async () => {
    const admin = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const r = (
      await report(admin, { granularity: 'month', from: '2026-02-10', to: '2026-04-03' })
    ).json() as DonationReport;
    expect([r.from, r.to]).toEqual(['2026-02-01', '2026-04-30']);
    expect(r.periods.map((p) => [p.period, p.amountFen, p.count])).toEqual([
      ['2026-02', 0, 0],
      ['2026-03', 1_350_50, 3],
      ['2026-04', 5_00, 1],
    ]);
  });

  it('counts payouts paid in each period', async () => {
    const requester = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const approver = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const requested = await t.inject(requester, {
      method: 'POST',
      url: '/api/payouts',
      payload: {
        fundId: cityProject.fundId,
        amountFen: 120_00,
        payeeKind: 'unit',
        payeeName: '某村委会',
        purpose: '困难家庭慰问',
        evidenceFileId,
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const decided = await t.inject(approver, {
      method: 'POST',
      url: `/api/payouts/${requested.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const today = toChinaDate();
    const r = (await report(requester, { from: today, to: today })).json() as DonationReport;
    expect(r.periods).toEqual([{ period: today, amountFen: 0, count: 0, refundedFen: 0, paidOutFen: 120_00 }]);
    expect(r.totals.paidOutFen).toBe(120_00);
  });

  it('refuses a range that ends before it starts or is wider than 366 days', async () => {
    const staff = await createStaff(t, { orgId: chain.city.id, roleId: 'finance' });
    const ranges: Record<string, string>[] = [
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '2025-01-01', to: '2026-01-02' },
      { granularity: 'month', from: '2010-01-01', to: '2020-01-31' },
    ];
    for (const query of ranges) {
      const res = await report(staff, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await report(staff, { from: '2025-01-01', to: '2026-01-01' })).statusCode).toBe(200);
  });

  it('is refused to a role without donations:view', async () => {
    const clerk = await createStaff(t, { orgId: chain.city.id, permissions: ['orgs:view'] });
    const res = await report(clerk, { from: '2026-03-01', to: '2026-03-02' });
    expect(res.statusCode).toBe(403);
  });
  it('keeps a reversed gift in the gross sums and counts it as refunded in its own period', async () => {
    const approver = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });
    const asked = await t.inject(recorder, {
      method: 'POST',
      url: `/api/donations/${chequeGiftId}/reversals`,
      payload: { kind: 'correction', reasonCode: 'duplicate', note: '重复录入' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const decided = await t.inject(approver, {
      method: 'POST',
      url: `/api/donation-reversals/${asked.json().id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const r = (
      await report(approver, { granularity: 'month', from: '2026-03-01', to: '2026-04-30', orgId: chain.county.id })
    ).json() as DonationReport;
    expect(r.periods.map((p) => [p.period, p.amountFen, p.refundedFen])).toEqual([
      ['2026-03', 1_000_00, 0],
      ['2026-04', 5_00, 5_00],
    ]);
    expect(r.channels.find((c) => c.channel === 'cheque')).toMatchObject({ amountFen: 5_00, refundedFen: 5_00 });
    expect(r.totals).toMatchObject({ amountFen: 1_005_00, refundedFen: 5_00 });
  });
});
