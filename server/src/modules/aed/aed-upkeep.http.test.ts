// Upkeep and telemetry over HTTP: inspections (a failed critical item → needs_service + task; a clean one restores),
// the daily job (battery 60 / pads 30 days, inspection overdue; one open task per device and kind; SMS to guardians
// once per task) and closing tasks when the cause is fixed or by hand; the due-work list; usage report → out of
// service → guardian (by phone sign-in) confirms new pads → ready, others refused; device keys, heartbeats and
// self-tests with their refusals; the heartbeat watch job; health and density statistics.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { setPopulation } from '../orgs/populations';
import { checkHeartbeatsJob, raiseDueTasksJob } from './aed.jobs';
import type { AedStats, AedView } from './aed.schemas';
import { raiseAedTask, reportAedUsage } from './aed.service';
import { addDays } from './aed-registry';

let t: TestApp;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let manager: Caller;
let managerB: Caller;
let viewer: Caller;
const guardianPhone = '13812340001';
const today = toChinaDate();

async function register(extra: Record<string, unknown> = {}): Promise<AedView> {
  const res = await t.inject(manager, {
    method: 'POST',
    url: '/api/aed/devices',
    payload: {
      orgId: countyA.id,
      brand: '迈瑞',
      model: 'C1A',
      serialNo: `SN-${Math.random().toString(36).slice(2, 10)}`,
      lat: 29.7136,
      lng: 120.2423,
      address: '诸暨市万达广场',
      is24h: true,
      batteryExpiresOn: '2030-01-01',
      padsExpiresOn: '2030-01-01',
      guardians: [{ name: '张三', phone: guardianPhone }],
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const getAed = async (id: string): Promise<AedView> =>
  (await t.inject(manager, { method: 'GET', url: `/api/aed/devices/${id}` })).json();

const openTasks = (v: AedView, kind?: string) =>
  v.tasks.filter((x) => x.status === 'open' && (!kind || x.kind === kind));

async function sms(template: string): Promise<{ body: string; dedupe_key: string }[]> {
  return queryRows(t.db, sql`SELECT body, dedupe_key FROM outbox_messages WHERE template = ${template}`);
}

const allOk = ['appearance', 'indicator', 'battery', 'pads', 'accessories', 'signage', 'access'].map((item) => ({
  item,
  ok: true,
}));

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  city = chain.city;
  countyA = chain.county;
  countyB = await createOrgUnder(t, city, 'county');
  manager = await createStaff(t, { orgId: countyA.id, roleId: 'aed_admin' });
  managerB = await createStaff(t, { orgId: countyB.id, roleId: 'aed_admin' });
  viewer = await createStaff(t, { orgId: city.id, permissions: ['aed:view'] });
});
afterAll(() => t.close());

describe('inspections', () => {
  it('a failed critical item turns the device needs_service with a task; a clean inspection restores it', async () => {
    const aed = await register();
    const failed = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/inspections`,
      payload: {
        inspector: '李巡检',
        items: allOk.map((i) => (i.item === 'pads' ? { ...i, ok: false, note: '包装破损' } : i)),
      },
    });
    expect(failed.statusCode).toBe(201);
    let v = failed.json() as AedView;
    expect(v.status).toBe('needs_service');
    expect(v.statusCause).toBe('inspection_failed');
    expect(openTasks(v, 'inspection_failed')).toHaveLength(1);
    expect(v.inspections[0]).toMatchObject({ result: 'fail', inspector: '李巡检' });
    expect(v.lastInspectedAt).not.toBeNull();
    expect((await sms('aed_task')).some((m) => m.body.includes(aed.code) && m.body.includes('电极片'))).toBe(true);

    const clean = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/inspections`,
      payload: { inspector: '李巡检', items: allOk },
    });
    v = clean.json();
    expect(v.status).toBe('ready');
    expect(openTasks(v)).toHaveLength(0);
  });

  it('a failed minor item records a failed inspection but keeps the device ready', async () => {
    const aed = await register();
    const res = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/inspections`,
      payload: { inspector: '李巡检', items: allOk.map((i) => (i.item === 'signage' ? { ...i, ok: false } : i)) },
    });
    const v = res.json() as AedView;
    expect(v.inspections[0].result).toBe('fail');
    expect(v.status).toBe('ready');
  });

  it('refuses a sibling county and an item given twice, writing nothing', async () => {
    const aed = await register();
    const out = await t.inject(managerB, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/inspections`,
      payload: { inspector: 'x', items: allOk },
    });
    expect(out.statusCode).toBe(403);
    const twice = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/inspections`,
      payload: { inspector: 'x', items: [...allOk, allOk[0]] },
    });
    expect(twice.statusCode).toBe(400);
    expect((await getAed(aed.id)).inspections).toHaveLength(0);
  });
});

describe('the daily upkeep job', () => {
  it('raises battery (60 d), pads (30 d) and overdue-inspection tasks once, tells guardians once, closes them when fixed', async () => {
    const expiring = await register({
      batteryExpiresOn: addDays(today, 50),
      padsExpiresOn: addDays(today, 20),
    });
    const fine = await register({ batteryExpiresOn: addDays(today, 70), padsExpiresOn: addDays(today, 40) });
    await t.db.execute(
      sql`UPDATE aeds SET created_at = now() - interval '40 days' WHERE id = ${expiring.id} OR id = ${fine.id}`,
    );
    const smsBefore = (await sms('aed_task')).length;
    await raiseDueTasksJob(t.db);
    let v = await getAed(expiring.id);
    expect(
      openTasks(v)
        .map((x) => x.kind)
        .sort(),
    ).toEqual(['battery_expiring', 'inspection_due', 'pads_expiring']);
    expect(openTasks(v, 'pads_expiring')[0].dueOn).toBe(addDays(today, 20));
    const fineTasks = openTasks(await getAed(fine.id)).map((x) => x.kind);
    expect(fineTasks).toEqual(['inspection_due']);
    const sent = (await sms('aed_task')).length - smsBefore;
    expect(sent).toBe(4);

    // Running again changes nothing: one open task per device and kind, and no second SMS.
    await raiseDueTasksJob(t.db);
    expect(openTasks(await getAed(expiring.id))).toHaveLength(3);
    expect((await sms('aed_task')).length - smsBefore).toBe(4);

    // New pads date → the pads task closes; an inspection closes the inspection task.
    await t.inject(manager, {
      method: 'PATCH',
      url: `/api/aed/devices/${expiring.id}`,
      payload: { padsExpiresOn: addDays(today, 700) },
    });
    await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${expiring.id}/inspections`,
      payload: { inspector: '李巡检', items: allOk },
    });
    v = await getAed(expiring.id);
    expect(openTasks(v).map((x) => x.kind)).toEqual(['battery_expiring']);
    expect(v.tasks.find((x) => x.kind === 'pads_expiring')?.closeNote).toContain('已更换');

    // The due-work list of this week holds the battery task (due in 50 days: not this week) only with a wider window.
    const week = (await t.inject(viewer, { method: 'GET', url: `/api/aed/due-work?orgId=${countyA.id}` })).json();
    expect(week.items.some((x: { aedId: string }) => x.aedId === expiring.id)).toBe(false);
    const later = (
      await t.inject(viewer, { method: 'GET', url: `/api/aed/due-work?orgId=${countyA.id}&withinDays=60` })
    ).json();
    expect(
      later.items.some(
        (x: { aedId: string; kind: string }) => x.aedId === expiring.id && x.kind === 'battery_expiring',
      ),
    ).toBe(true);
    expect(later.items.some((x: { aedId: string }) => x.aedId === fine.id)).toBe(true);
    const listed = (
      await t.inject(viewer, { method: 'GET', url: `/api/aed/devices?orgId=${countyA.id}&dueWithinDays=7` })
    ).json();
    expect(listed.items.map((x: AedView) => x.id)).toContain(fine.id);
    expect(listed.items.map((x: AedView) => x.id)).not.toContain(expiring.id);
    const sibling = (await t.inject(managerB, { method: 'GET', url: '/api/aed/due-work?withinDays=366' })).json();
    expect(sibling.items).toEqual([]);

    // Closing by hand needs a note; a closed task cannot be closed again.
    const task = openTasks(v)[0];
    const close = (note: string) =>
      t.inject(manager, {
        method: 'POST',
        url: `/api/aed/devices/${expiring.id}/tasks/${task.id}/close`,
        payload: { note },
      });
    expect((await close('')).statusCode).toBe(400);
    expect((await close('电池已送修')).statusCode).toBe(200);
    expect((await close('再次')).statusCode).toBe(404);
  });
});

describe('usage after a rescue', () => {
  it('goes out of service until a guardian confirms new pads; others are refused', async () => {
    const aed = await register();
    const used = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/usages`,
      payload: { usedAt: new Date().toISOString(), shocksDelivered: 2, outcome: 'rosc', reporter: '王医生' },
    });
    expect(used.statusCode).toBe(201);
    let v = used.json() as AedView;
    expect(v.status).toBe('out_of_service');
    expect(openTasks(v, 'used_in_rescue')).toHaveLength(1);
    expect(v.usages[0]).toMatchObject({ shocksDelivered: 2, outcome: 'rosc', padsConfirmedAt: null });

    const confirm = (caller: Caller, padsExpiresOn = addDays(today, 730)) =>
      t.inject(caller, {
        method: 'POST',
        url: `/api/aed/devices/${aed.id}/pads-confirmation`,
        payload: { padsExpiresOn },
      });
    const stranger = await signInByPhone(t, '13812349999');
    const refused = await confirm(stranger);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_AED_GUARDIAN');
    expect((await confirm(null)).statusCode).toBe(401);
    const sibling = await confirm(managerB);
    expect(sibling.statusCode).toBe(403);
    expect((await getAed(aed.id)).status).toBe('out_of_service');

    const guardian = await signInByPhone(t, guardianPhone);
    expect((await confirm(guardian, today)).statusCode).toBe(400);
    const ok = await confirm(guardian);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ code: aed.code, status: 'ready' });
    v = await getAed(aed.id);
    expect(v.padsExpiresOn).toBe(addDays(today, 730));
    expect(openTasks(v)).toHaveLength(0);
    expect(v.usages[0].padsConfirmedAt).not.toBeNull();
    expect((await confirm(guardian)).statusCode).toBe(409);
  });

  it('is callable from other modules (reportAedUsage, raiseAedTask) with the system actor', async () => {
    const aed = await register();
    const v = await reportAedUsage(t.db, systemCtx, {
      aedId: aed.id,
      usedAt: new Date().toISOString(),
      shocksDelivered: 0,
      outcome: 'not_needed',
      emergencyId: crypto.randomUUID(),
      reporter: '120调度',
      note: '',
    });
    expect(v.status).toBe('out_of_service');
    const staff = await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/pads-confirmation`,
      payload: { padsExpiresOn: addDays(today, 700) },
    });
    expect(staff.json().status).toBe('ready');
    const id1 = await raiseAedTask(t.db, systemCtx, {
      regionId: countyA.regionId,
      aedId: aed.id,
      kind: 'public_report',
      detail: '箱门打不开',
    });
    const id2 = await raiseAedTask(t.db, systemCtx, {
      regionId: countyA.regionId,
      aedId: aed.id,
      kind: 'public_report',
      detail: '标识被遮挡',
    });
    expect(id1).not.toBeNull();
    expect(id2).not.toBe(id1);
    expect(openTasks(await getAed(aed.id), 'public_report')).toHaveLength(2);
    await expect(
      raiseAedTask(t.db, systemCtx, { regionId: countyA.regionId + 1, aedId: aed.id, kind: 'other', detail: '' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('telemetry', () => {
  let aed: AedView;
  let key: string;
  const beat = (
    authorization: string | undefined,
    payload: Record<string, unknown>,
    url = '/api/aed/telemetry/heartbeat',
  ) =>
    t.inject(null, {
      method: 'POST',
      url,
      payload,
      headers: authorization ? { authorization } : {},
    });

  beforeAll(async () => {
    aed = await register({ heartbeatIntervalMinutes: 10 });
    const res = await t.inject(manager, { method: 'POST', url: `/api/aed/devices/${aed.id}/device-key` });
    expect(res.statusCode).toBe(201);
    key = res.json().key;
    expect(key.startsWith(`${aed.code}.`)).toBe(true);
  });

  it('keeps only the key’s SHA-256, and re-issuing revokes the old key', async () => {
    const [row] = await queryRows<{ telemetry_key_hash: string }>(
      t.db,
      sql`SELECT telemetry_key_hash FROM aeds WHERE id = ${aed.id}`,
    );
    expect(row.telemetry_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.telemetry_key_hash).not.toContain(key.split('.')[1]);
    const other = await register();
    const first = (await t.inject(manager, { method: 'POST', url: `/api/aed/devices/${other.id}/device-key` })).json()
      .key;
    const second = (await t.inject(manager, { method: 'POST', url: `/api/aed/devices/${other.id}/device-key` })).json()
      .key;
    expect((await beat(`Bearer ${first}`, { at: new Date().toISOString() })).statusCode).toBe(401);
    expect((await beat(`Bearer ${second}`, { at: new Date().toISOString() })).statusCode).toBe(200);
    expect(
      (await t.inject(managerB, { method: 'POST', url: `/api/aed/devices/${other.id}/device-key` })).statusCode,
    ).toBe(403);
  });

  it('refuses a wrong key, an unknown device (same answer) and a skewed clock, changing nothing', async () => {
    const now = new Date().toISOString();
    const secret = key.split('.')[1];
    for (const auth of [
      undefined,
      'Bearer nonsense',
      `Bearer ${aed.code}.wrong${secret}`,
      `Bearer AED-999999-000001.${secret}`,
    ]) {
      const res = await beat(auth, { at: now });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('DEVICE_KEY_INVALID');
    }
    const future = await beat(`Bearer ${key}`, { at: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.code).toBe('TELEMETRY_CLOCK_SKEW');
    const old = await beat(
      `Bearer ${key}`,
      { at: new Date(Date.now() - 8 * 86_400_000).toISOString(), ok: false },
      '/api/aed/telemetry/self-test',
    );
    expect(old.statusCode).toBe(422);
    const v = await getAed(aed.id);
    expect(v.telemetry.lastHeartbeatAt).toBeNull();
    expect(v.selfTests).toHaveLength(0);
    expect(v.status).toBe('ready');
  });

  it('a fault heartbeat and a failed self-test turn the device needs_service with tasks; a passing self-test clears its own', async () => {
    const dev = await register();
    const k = (await t.inject(manager, { method: 'POST', url: `/api/aed/devices/${dev.id}/device-key` })).json().key;
    const ok = await beat(`Bearer ${k}`, { at: new Date().toISOString(), batteryPercent: 88 });
    expect(ok.json()).toEqual({ deviceCode: dev.code, status: 'ready' });
    const failed = await beat(
      `Bearer ${k}`,
      { at: new Date().toISOString(), ok: false, details: '电极片阻抗异常' },
      '/api/aed/telemetry/self-test',
    );
    expect(failed.json().status).toBe('needs_service');
    let v = await getAed(dev.id);
    expect(v.telemetry).toMatchObject({ batteryPercent: 88, lastSelfTestOk: false });
    expect(v.selfTests[0]).toMatchObject({ ok: false, details: '电极片阻抗异常' });
    expect(openTasks(v, 'self_test_failed')).toHaveLength(1);
    const passed = await beat(
      `Bearer ${k}`,
      { at: new Date().toISOString(), ok: true },
      '/api/aed/telemetry/self-test',
    );
    expect(passed.json().status).toBe('ready');
    const fault = await beat(`Bearer ${k}`, { at: new Date().toISOString(), status: 'fault', faultCode: 'E12' });
    expect(fault.json().status).toBe('needs_service');
    v = await getAed(dev.id);
    expect(openTasks(v, 'device_fault')[0].detail).toContain('E12');
    expect(v.selfTests).toHaveLength(2);
  });

  it('the heartbeat watch flags a device silent for 3 intervals; a good heartbeat restores it only if that was the cause', async () => {
    const at = new Date();
    expect((await beat(`Bearer ${key}`, { at: at.toISOString() })).statusCode).toBe(200);
    // 25 minutes later (2.5 intervals): nothing.
    expect(await checkHeartbeatsJob(t.db, new Date(at.getTime() + 25 * 60_000))).toBe(0);
    // 31 minutes later: flagged once.
    const later = new Date(at.getTime() + 31 * 60_000);
    expect(await checkHeartbeatsJob(t.db, later)).toBeGreaterThanOrEqual(1);
    let v = await getAed(aed.id);
    expect(v.status).toBe('needs_service');
    expect(v.statusCause).toBe('heartbeat_missing');
    expect(openTasks(v, 'heartbeat_missing')).toHaveLength(1);
    expect(await checkHeartbeatsJob(t.db, later)).toBe(0);
    expect(openTasks(await getAed(aed.id), 'heartbeat_missing')).toHaveLength(1);
    // It reports again: the task closes and the device is ready.
    expect((await beat(`Bearer ${key}`, { at: new Date().toISOString() })).json().status).toBe('ready');
    v = await getAed(aed.id);
    expect(openTasks(v)).toHaveLength(0);

    // Staff put it in needs_service by hand; then it goes silent and comes back: it stays in needs_service.
    await t.inject(manager, {
      method: 'POST',
      url: `/api/aed/devices/${aed.id}/status`,
      payload: { status: 'needs_service', reason: '外壳破损待修' },
    });
    await checkHeartbeatsJob(t.db, new Date(Date.now() + 40 * 60_000));
    expect(openTasks(await getAed(aed.id), 'heartbeat_missing')).toHaveLength(1);
    expect((await beat(`Bearer ${key}`, { at: new Date().toISOString() })).json().status).toBe('needs_service');
    v = await getAed(aed.id);
    expect(openTasks(v, 'heartbeat_missing')).toHaveLength(0);
    expect(v.statusReason).toBe('外壳破损待修');
  });
});

describe('statistics', () => {
  it('counts health per child unit and AEDs per 100,000 inhabitants, rolled up', async () => {
    await setPopulation(t.db, systemCtx, countyA.id, Number(today.slice(0, 4)), { population: 1_000_000 });
    await setPopulation(t.db, systemCtx, countyB.id, Number(today.slice(0, 4)), { population: 500_000 });
    const res = await t.inject(viewer, { method: 'GET', url: `/api/aed/stats?orgId=${city.id}` });
    expect(res.statusCode).toBe(200);
    const stats = res.json() as AedStats;
    const [n] = await queryRows<{ n: number; ready: number }>(
      t.db,
      sql`SELECT count(*)::int AS n, count(*) filter (where status = 'ready')::int AS ready FROM aeds WHERE org_id = ${countyA.id} AND status <> 'removed'`,
    );
    const a = stats.rows.find((r) => r.orgId === countyA.id)!;
    expect(a.devices).toBe(n.n);
    expect(a.ready).toBe(n.ready);
    expect(a.ready + a.needsService + a.outOfService).toBe(a.devices);
    expect(a.per100k).toBeCloseTo((n.n / 1_000_000) * 100_000, 2);
    expect(a.telemetrySilent).toBeGreaterThanOrEqual(0);
    const b = stats.rows.find((r) => r.orgId === countyB.id)!;
    expect(b.devices).toBe(0);
    expect(b.per100k).toBe(0);
    expect(stats.total.devices).toBe(a.devices);
    expect(stats.total.population).toBe(1_500_000);
    expect(stats.total.per100k).toBeCloseTo((n.n / 1_500_000) * 100_000, 2);
    const out = await t.inject(managerB, { method: 'GET', url: `/api/aed/stats?orgId=${countyA.id}` });
    expect(out.statusCode).toBe(403);
  });
});
