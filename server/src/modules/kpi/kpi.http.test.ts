// The kpi engine over HTTP on a real database: records added through the modules' services move a unit's figures and
// every figure above it by exactly that after a refresh; stocks as at month end; rates over populations; distinct
// counts; the cockpit's scope; future periods; idempotent refreshes; merged units' comparable series.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import { createOpenProject, createOrgUnder, createProvince, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { createAed } from '../aed/aed-registry';
import { defaultDonationRules, recordDonation } from '../donations/donations.service';
import type { OrgView } from '../orgs/orgs.schemas';
import { seedPopulations, setPopulation } from '../orgs/populations';
import { recordAwareness } from '../training/training-classes';
import * as repo from './kpi.repo';
import type { Cockpit, Figure, UnitFiguresView } from './kpi.schemas';
import { chinaYearMonth, refreshRecent, refreshYear } from './kpi-refresh';

let t: TestApp;
let province: OrgView;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let townA1: OrgView;
let townA2: OrgView;
let admin: Caller;
let countyViewer: Caller;
let countyManager: Caller;

const now = chinaYearMonth();
const thisYear = now.year;
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestApp();
  province = await createProvince(t);
  city = await createOrgUnder(t, province, 'city');
  countyA = await createOrgUnder(t, city, 'county');
  countyB = await createOrgUnder(t, city, 'county');
  townA1 = await createOrgUnder(t, countyA, 'township');
  townA2 = await createOrgUnder(t, countyA, 'township');
  // countyA has no figure of its own: its population is its townships' (150,000); the city has its own.
  await seedPopulations(t.db, [
    { orgId: townA1.id, year: thisYear, population: 100_000, source: 'test' },
    { orgId: townA2.id, year: thisYear - 3, population: 50_000, source: 'test' },
    { orgId: city.id, year: thisYear, population: 1_000_000, source: 'test' },
  ]);
  admin = await createStaff(t, {
    orgId: province.id,
    permissions: ['kpi:view', 'kpi:manage', 'kpi:target', 'orgs:view', 'orgs:manage'],
  });
  countyViewer = await createStaff(t, { orgId: countyA.id, permissions: ['kpi:view'] });
  countyManager = await createStaff(t, { orgId: countyA.id, permissions: ['kpi:view', 'kpi:manage'] });
});
afterAll(() => t.close());

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code } });
}

async function figuresOf(orgId: number, query = ''): Promise<Map<string, Figure>> {
  const res = await t.inject(admin, { method: 'GET', url: `/api/kpi/units/${orgId}/figures${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return new Map((res.json() as UnitFiguresView).unit.figures.map((f) => [f.indicator, f]));
}

async function actual(orgId: number, indicator: string, query = ''): Promise<number | null> {
  return (await figuresOf(orgId, query)).get(indicator)!.actual;
}

/** The same figure for several units, e.g. [townA1, countyA, city, province]. */
async function actuals(orgIds: number[], indicator: string, query = ''): Promise<(number | null)[]> {
  return Promise.all(orgIds.map((id) => actual(id, indicator, query)));
}

let evidenceFileId = '';
async function giveAt(orgId: number, amountFen: number, receivedAt: string) {
  if (!evidenceFileId) {
    evidenceFileId = (
      await t.db.transaction((tx) =>
        storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
      )
    ).id;
  }
  const project = await createOpenProject(t, orgId);
  return recordDonation(t.db, systemCtx, defaultDonationRules, {
    projectId: project.id,
    channel: 'bank',
    amountFen,
    donorKind: 'organisation',
    donorName: '某公司',
    isAnonymous: false,
    intent: 'restricted',
    receivedAt,
    evidenceFileId,
    waivesReceipt: true,
  });
}

function monthIso(month: number, day = 10): string {
  return `${thisYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00+08:00`;
}

async function installAed(orgId: number, installedOn: string) {
  return createAed(t.db, systemCtx, {
    orgId,
    brand: '测试',
    model: 'T1',
    serialNo: `T1-${crypto.randomUUID().slice(0, 8)}`,
    lat: 29.7136,
    lng: 120.2423,
    datum: 'wgs84',
    address: '测试路 1 号',
    building: '',
    floor: '',
    spot: '',
    accessNotes: '',
    keyHolder: '',
    is24h: true,
    openHoursText: '',
    inspectionIntervalDays: 30,
    heartbeatIntervalMinutes: 60,
    guardians: [],
    installedOn,
  });
}

describe('figures follow the records', () => {
  it('moves the township, county, city and province by exactly a new gift, and nothing beside them', async () => {
    await refreshRecent(t.db);
    const chain = [townA1.id, countyA.id, city.id, province.id];
    const before = await actuals([...chain, countyB.id, townA2.id], 'donations.funds_raised');
    await giveAt(townA1.id, 12_345, new Date().toISOString());
    await refreshRecent(t.db);
    const after = await actuals([...chain, countyB.id, townA2.id], 'donations.funds_raised');
    expect(after.map((v, i) => Math.round(((v ?? 0) - (before[i] ?? 0)) * 100) / 100)).toEqual([
      123.45, 123.45, 123.45, 123.45, 0, 0,
    ]);
  });

  it('passes over the indicators nothing touched, and recomputes those a record or a population change touched', async () => {
    await refreshRecent(t.db);
    const count = (runs: Awaited<ReturnType<typeof refreshRecent>>) => runs.reduce((a, r) => a + r.indicators, 0);
    expect(count(await refreshRecent(t.db))).toBe(0);
    const before = await actual(countyA.id, 'donations.funds_raised');
    await giveAt(townA1.id, 500, new Date().toISOString());
    const touched = count(await refreshRecent(t.db));
    const active = (await repo.listIndicatorRows(t.db, { activeOnly: true })).length;
    // The gift's indicators (funds raised, gifts) and nothing else.
    expect(touched).toBeGreaterThan(0);
    expect(touched).toBeLessThan(active / 4);
    expect(((await actual(countyA.id, 'donations.funds_raised')) ?? 0) - (before ?? 0)).toBeCloseTo(5, 6);
    // A population changes the per-population rates without a new record: every indicator is recomputed.
    await setPopulation(t.db, systemCtx, townA1.id, thisYear, { population: 125_000, source: '测试' });
    expect(count(await refreshRecent(t.db))).toBe(active);
    expect(count(await refreshRecent(t.db))).toBe(0);
    await setPopulation(t.db, systemCtx, townA1.id, thisYear, { population: 100_000, source: 'test' });
    await refreshRecent(t.db);
  });

  it('counts awareness attendees where the session was held, up the tree, in the month it was held', async () => {
    const month = now.month === 1 ? 1 : now.month - 1;
    await recordAwareness(t.db, systemCtx, {
      orgId: townA2.id,
      heldOn: `${thisYear}-${String(month).padStart(2, '0')}-05`,
      venueKind: 'school',
      venue: '测试小学',
      topic: '心肺复苏',
      attendees: 300,
      hours: 2,
      instructorId: null,
      trainerName: '王老师',
      evidenceFileIds: [],
    });
    await refreshRecent(t.db);
    expect(await actuals([townA2.id, countyA.id, townA1.id], 'training.awareness')).toEqual([300, 300, 0]);
    // Cumulative attendees over the population: 300 / 150,000 at the county, 300 / 50,000 at the township.
    expect(await actuals([countyA.id, townA2.id], 'training.awareness_share')).toEqual([0.2, 0.6]);
    if (month > 1) {
      expect(await actual(countyA.id, 'training.awareness', `?year=${thisYear}&month=${month - 1}`)).toBe(0);
    }
  });

  it('counts a stock as at each month end and divides it by the subtree population', async () => {
    await installAed(townA2.id, `${thisYear}-03-15`);
    await installAed(townA2.id, `${thisYear}-03-20`);
    await installAed(townA2.id, `${thisYear}-04-02`);
    // Backdated records wait for the year's recompute (the job's pass covers the last two months).
    const res = await t.inject(admin, { method: 'POST', url: '/api/kpi/refresh', payload: { year: thisYear } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: thisYear, fromMonth: 1, toMonth: now.month });
    expect(await actuals([townA2.id, countyA.id], 'aed.devices', `?year=${thisYear}&month=2`)).toEqual([0, 0]);
    expect(await actuals([townA2.id, countyA.id], 'aed.devices', `?year=${thisYear}&month=3`)).toEqual([2, 2]);
    expect(await actuals([townA2.id, countyA.id, city.id], 'aed.devices')).toEqual([3, 3, 3]);
    // 3 per 50,000 (township, its own figure of three years ago), 3 per 150,000 (county: the sum of its townships),
    // 3 per 1,000,000 (the city's own figure); a township with people and no device reads 0.
    expect(await actuals([townA2.id, countyA.id, city.id, townA1.id], 'aed.per_100k')).toEqual([6, 2, 0.3, 0]);
    // A unit with no population anywhere below has no rate.
    expect(await actual(countyB.id, 'aed.per_100k')).toBeNull();
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'kpi.recomputed'`,
    );
    expect(audit[0].n).toBeGreaterThan(0);
  });
});

describe('the cockpit', () => {
  it('opens on the top of the caller’s scope with its children, trends and freshness', async () => {
    const res = await t.inject(countyViewer, { method: 'GET', url: '/api/kpi/cockpit' });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as Cockpit;
    expect(c).toMatchObject({ year: thisYear, asOfMonth: now.month, unit: { orgId: countyA.id, hasChildren: true } });
    expect(c.ancestors).toEqual([]);
    expect(c.children.map((u) => u.orgId).sort()).toEqual([townA1.id, townA2.id].sort());
    expect(c.refreshedAt).not.toBeNull();
    expect(c.indicators.map((i) => i.code)).toContain('donations.funds_raised');
    const trend = c.trend.find((x) => x.indicator === 'aed.devices')!;
    expect(trend.points.map((p) => p.monthValue).slice(0, 4)).toEqual([0, 0, 2, 3]);
    expect(trend.points.at(-1)?.monthValue ?? null).toBe(now.month === 12 ? 3 : null);
  });

  it('shows the breadcrumbs from the province and drills down to a township', async () => {
    const res = await t.inject(admin, { method: 'GET', url: `/api/kpi/cockpit?orgId=${townA1.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as Cockpit;
    expect(c.ancestors.map((a) => a.orgId)).toEqual([province.id, city.id, countyA.id]);
    expect(c.children).toEqual([]);
    expect(c.unit.hasChildren).toBe(false);
  });

  it('refuses a unit outside the caller’s subtree, and a period that has not begun', async () => {
    expectError(
      await t.inject(countyViewer, { method: 'GET', url: `/api/kpi/cockpit?orgId=${city.id}` }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await t.inject(countyViewer, { method: 'GET', url: `/api/kpi/units/${countyB.id}/figures` }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await t.inject(admin, { method: 'GET', url: `/api/kpi/cockpit?year=${thisYear + 1}` }),
      422,
      'KPI_PERIOD_FUTURE',
    );
    if (now.month < 12) {
      expectError(
        await t.inject(admin, { method: 'GET', url: `/api/kpi/cockpit?year=${thisYear}&month=${now.month + 1}` }),
        422,
        'KPI_PERIOD_FUTURE',
      );
    }
    expectError(
      await t.inject(admin, { method: 'POST', url: '/api/kpi/refresh', payload: { year: thisYear + 1 } }),
      422,
      'KPI_PERIOD_FUTURE',
    );
  });

  it('reads a past year as of December', async () => {
    const res = await t.inject(admin, {
      method: 'GET',
      url: `/api/kpi/cockpit?orgId=${countyA.id}&year=${thisYear - 1}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: thisYear - 1, asOfMonth: 12 });
  });
});

describe('refreshing', () => {
  const snapshot = () =>
    queryRows<Record<string, unknown>>(
      t.db,
      sql`SELECT region_id, org_id, year, month, indicator, month_value, month_den, ytd_value, ytd_den, manual
            FROM kpi_rollups ORDER BY indicator, org_id, year, month`,
    );

  it('leaves the same figures when run twice', async () => {
    await refreshYear(t.db, thisYear);
    const first = await snapshot();
    await refreshYear(t.db, thisYear);
    await refreshRecent(t.db);
    expect(await snapshot()).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });

  it('tells how fresh each indicator is', async () => {
    const res = await t.inject(countyViewer, { method: 'GET', url: '/api/kpi/freshness' });
    expect(res.statusCode, res.body).toBe(200);
    const codes = (res.json().indicators as { indicator: string }[]).map((i) => i.indicator);
    expect(codes).toContain('aed.devices');
  });

  it('lets only the province recompute a year', async () => {
    expectError(
      await t.inject(countyManager, { method: 'POST', url: '/api/kpi/refresh', payload: { year: thisYear } }),
      403,
      'KPI_PROVINCE_ONLY',
    );
  });
});

describe('manual indicators', () => {
  it('creates one at the province, and shows its figures as entered by staff', async () => {
    const code = `test.manual_${crypto.randomUUID().slice(0, 6)}`;
    const body = {
      code,
      group: 'party',
      nameZh: '测试手工指标',
      nameEn: 'Test manual',
      unitZh: '次',
      unitEn: 'times',
      periodKind: 'flow',
    };
    expectError(
      await t.inject(countyManager, { method: 'POST', url: '/api/kpi/indicators', payload: body }),
      403,
      'KPI_PROVINCE_ONLY',
    );
    const created = await t.inject(admin, { method: 'POST', url: '/api/kpi/indicators', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code, source: 'manual', rollup: 'sum', additive: true, isActive: true });
    expectError(
      await t.inject(admin, { method: 'POST', url: '/api/kpi/indicators', payload: body }),
      409,
      'KPI_INDICATOR_EXISTS',
    );
    const month = `${thisYear}-${String(now.month).padStart(2, '0')}-01`;
    for (const [org, value] of [
      [townA1, 3],
      [townA2, 4],
    ] as const) {
      await repo.insertDemoManualFigure(t.db, {
        regionId: org.regionId,
        orgId: org.id,
        indicator: code,
        month,
        value,
        evidenceNote: '会议纪要',
      });
    }
    await refreshRecent(t.db);
    const f = (await figuresOf(countyA.id)).get(code)!;
    expect(f).toMatchObject({ actual: 7, manual: true, status: 'no_target' });
    expect((await figuresOf(countyA.id)).get('donations.funds_raised')!.manual).toBe(false);
    const off = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/kpi/indicators/${code}`,
      payload: { isActive: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await figuresOf(countyA.id)).has(code)).toBe(false);
    expectError(
      await t.inject(admin, {
        method: 'PATCH',
        url: '/api/kpi/indicators/donations.funds_raised',
        payload: { nameZh: '改名' },
      }),
      422,
      'KPI_INDICATOR_BUILTIN',
    );
  });
});

/**
 * Service records as the volunteer hours approval writes them (the check-in flow needs a phone at the activity's
 * geofence; the indicator reads only these rows).
 */
async function served(orgId: number, regionId: number, personId: string, startedAt: string, minutes: number) {
  await t.db.execute(sql`INSERT INTO volunteer_service_records
      (region_id, id, activity_id, volunteer_id, person_id, org_id, started_at, ended_at, minutes, status, approved_by)
    VALUES (${regionId}, ${crypto.randomUUID()}, ${crypto.randomUUID()}, ${crypto.randomUUID()}, ${personId}, ${orgId},
      ${startedAt}::timestamptz, ${startedAt}::timestamptz + make_interval(mins => ${minutes}), ${minutes}, 'approved', 'test')`);
}

describe('distinct counts', () => {
  it('counts a volunteer who served in two townships and two months once for the county and the year', async () => {
    const county = await createOrgUnder(t, city, 'county');
    const [t1, t2] = [await createOrgUnder(t, county, 'township'), await createOrgUnder(t, county, 'township')];
    const [wang, li] = [crypto.randomUUID(), crypto.randomUUID()];
    await served(t1.id, t1.regionId, wang, monthIso(2), 120);
    await served(t2.id, t2.regionId, wang, monthIso(3), 60);
    await served(t2.id, t2.regionId, li, monthIso(3), 30);
    await refreshYear(t.db, thisYear);
    expect(await actuals([t1.id, t2.id, county.id], 'volunteers.served')).toEqual([1, 2, 2]);
    expect(await actuals([t1.id, t2.id, county.id], 'volunteers.hours')).toEqual([2, 1.5, 3.5]);
    // March alone: both people served in the county (wang once, though he also served in February).
    const trend = await t.inject(admin, {
      method: 'GET',
      url: `/api/kpi/trend?orgId=${county.id}&indicator=volunteers.served&year=${thisYear}`,
    });
    expect(trend.statusCode, trend.body).toBe(200);
    const points = trend.json().points as { month: number; monthValue: number; cumulative: number }[];
    expect(points.slice(1, 3)).toEqual([
      expect.objectContaining({ month: 2, monthValue: 1, cumulative: 1 }),
      expect.objectContaining({ month: 3, monthValue: 2, cumulative: 2 }),
    ]);
    // A pass over later months only: wang again in April is not new to the year; zhao is.
    await served(t1.id, t1.regionId, wang, monthIso(4), 60);
    await served(t1.id, t1.regionId, crypto.randomUUID(), monthIso(4), 60);
    await refreshYear(t.db, thisYear, { fromMonth: 4 });
    expect(await actuals([t1.id, t2.id, county.id], 'volunteers.served', `?year=${thisYear}&month=4`)).toEqual([
      2, 2, 3,
    ]);
  });
});

describe('rankings', () => {
  it('ranks the townships of a county by their figure when none has a target, equal figures sharing a rank', async () => {
    const county = await createOrgUnder(t, city, 'county');
    const towns = [];
    for (let i = 0; i < 3; i++) {
      towns.push(await createOrgUnder(t, county, 'township'));
    }
    await giveAt(towns[0].id, 5_000, monthIso(now.month, 1));
    await giveAt(towns[1].id, 9_000, monthIso(now.month, 1));
    await giveAt(towns[2].id, 5_000, monthIso(now.month, 1));
    await refreshRecent(t.db);
    const res = await t.inject(admin, {
      method: 'GET',
      url: `/api/kpi/ranking?orgId=${county.id}&indicator=donations.funds_raised&level=township`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { rank: number; orgId: number; figure: Figure }[];
    expect(items.map((i) => [i.rank, i.orgId, i.figure.actual])).toEqual([
      [1, towns[1].id, 90],
      [2, towns[0].id, 50],
      [2, towns[2].id, 50],
    ]);
    expectError(
      await t.inject(countyViewer, {
        method: 'GET',
        url: `/api/kpi/ranking?orgId=${county.id}&indicator=donations.funds_raised`,
      }),
      403,
      'OUT_OF_SCOPE',
    );
  });
});

describe('history: merged units and changed codes', () => {
  it('keeps a merged township’s past figures its own and adds them to the successor’s comparable series', async () => {
    const county = await createOrgUnder(t, city, 'county');
    const keeps = await createOrgUnder(t, county, 'township');
    const merged = await createOrgUnder(t, county, 'township');
    await giveAt(keeps.id, 10_000, monthIso(3));
    await giveAt(merged.id, 40_000, monthIso(3));
    await refreshYear(t.db, thisYear);
    const countyBefore = await actual(county.id, 'donations.funds_raised');
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/orgs/${merged.id}/merge`,
      payload: { intoOrgId: keeps.id, effectiveDate: `${thisYear}-04-01`, note: '两镇合并' },
    });
    expect(res.statusCode, res.body).toBe(200);
    // The job the merge queued recomputes the year along the new tree.
    await refreshYear(t.db, thisYear);
    expect(await actuals([merged.id, keeps.id, county.id], 'donations.funds_raised')).toEqual([400, 100, countyBefore]);
    const cockpit = (
      await t.inject(admin, { method: 'GET', url: `/api/kpi/cockpit?orgId=${county.id}` })
    ).json() as Cockpit;
    expect(cockpit.children.find((c) => c.orgId === merged.id)).toMatchObject({ isActive: false });

    const trend = async (comparable: boolean) => {
      const r = await t.inject(admin, {
        method: 'GET',
        url: `/api/kpi/trend?orgId=${keeps.id}&indicator=donations.funds_raised&year=${thisYear}&comparable=${comparable}`,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as {
        points: { month: number; monthValue: number | null; cumulative: number | null }[];
        predecessors: { orgId: number }[];
      };
    };
    const plain = await trend(false);
    const comparable = await trend(true);
    expect(plain.predecessors).toEqual([]);
    expect(comparable.predecessors.map((p) => p.orgId)).toEqual([merged.id]);
    expect(plain.points[2]).toMatchObject({ monthValue: 100, cumulative: 100 });
    expect(comparable.points[2]).toMatchObject({ monthValue: 500, cumulative: 500 });
    expect(comparable.points[now.month - 1].cumulative).toBe(500);
    expect(comparable.points[1]).toMatchObject({ monthValue: 0, cumulative: 0 });
  });

  it('keeps a unit’s figures when its code changes (a county becomes a district)', async () => {
    const county = await createOrgUnder(t, city, 'county');
    await giveAt(county.id, 70_000, monthIso(now.month, 1));
    await refreshRecent(t.db);
    const before = await figuresOf(county.id);
    const newCode = `${city.code!.slice(0, 4)}99`;
    const changed = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/orgs/${county.id}`,
      payload: { code: newCode, name: '测试区' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await refreshRecent(t.db);
    const view = (
      await t.inject(admin, { method: 'GET', url: `/api/kpi/units/${county.id}/figures` })
    ).json() as UnitFiguresView;
    expect(view.unit).toMatchObject({ code: newCode, name: '测试区' });
    expect(new Map(view.unit.figures.map((f) => [f.indicator, f]))).toEqual(before);
    expect(before.get('donations.funds_raised')!.actual).toBe(700);
  });
});

describe('completion', () => {
  it('compares the year to date with the target, over-achievement included, and says who is behind', async () => {
    const county = await createOrgUnder(t, city, 'county');
    const [ahead, behind] = [await createOrgUnder(t, county, 'township'), await createOrgUnder(t, county, 'township')];
    await giveAt(ahead.id, 1_201_000, monthIso(now.month, 1));
    await giveAt(behind.id, 100, monthIso(now.month, 1));
    await refreshRecent(t.db);
    for (const [org, value] of [
      [ahead, 1000],
      [behind, 1_000_000],
    ] as const) {
      const set = await t.inject(admin, {
        method: 'PUT',
        url: '/api/kpi/targets',
        payload: { orgId: org.id, year: thisYear, targets: [{ indicator: 'donations.funds_raised', value }] },
      });
      expect(set.statusCode, set.body).toBe(200);
    }
    const a = (await figuresOf(ahead.id)).get('donations.funds_raised')!;
    expect(a).toMatchObject({ actual: 12_010, target: 1000, completion: 12.01, status: 'achieved' });
    expect(a.expected).toBeCloseTo((1000 * now.month) / 12, 2);
    const b = (await figuresOf(behind.id)).get('donations.funds_raised')!;
    expect(b).toMatchObject({ actual: 1, target: 1_000_000, completion: 0, status: 'behind' });
    // The county has no target of its own: its figure is the sum, without a completion.
    expect((await figuresOf(county.id)).get('donations.funds_raised')).toMatchObject({
      actual: 12_011,
      target: null,
      completion: null,
      status: 'no_target',
    });
  });
});

/** A concluded service-hall request as the hall's workflow leaves it (the rate reads only these columns). */
async function concluded(org: OrgView, concludedAt: string, onTime: boolean, handlingDays: number) {
  await t.db.execute(sql`INSERT INTO service_requests (region_id, id, request_no, item_id, org_id, filed_at_org_id,
      channel, status, applicant_name, applicant_phone_enc, applicant_phone_hash, applicant_phone_masked, form, files,
      submitted_on, submitted_at, accepted_at, concluded_at, handling_days, is_on_time, created_by)
    VALUES (${org.regionId}, ${crypto.randomUUID()}, ${`T-${crypto.randomUUID().slice(0, 8)}`}, 1, ${org.id}, ${org.id},
      'counter', 'done', '测试', 'x', 'x', '138****0000', '{}'::jsonb, '[]'::jsonb,
      ${concludedAt.slice(0, 10)}::date, ${concludedAt}::timestamptz, ${concludedAt}::timestamptz,
      ${concludedAt}::timestamptz, ${handlingDays}, ${onTime}, 'test')`);
}

describe('rates', () => {
  it('divides the sums of the year (not an average of monthly rates), also when only later months are recomputed', async () => {
    const county = await createOrgUnder(t, city, 'county');
    const [t1, t2] = [await createOrgUnder(t, county, 'township'), await createOrgUnder(t, county, 'township')];
    await concluded(t1, monthIso(2), true, 2);
    await concluded(t1, monthIso(2), true, 4);
    await concluded(t1, monthIso(4), true, 3);
    await concluded(t2, monthIso(4), false, 11);
    await refreshYear(t.db, thisYear);
    const at4 = `?year=${thisYear}&month=4`;
    // On time: 3 of 4 in the county by April (February 2/2, April 1/2); t1 3/3, t2 0/1.
    expect(await actuals([t1.id, t2.id, county.id], 'services.on_time_rate', at4)).toEqual([100, 0, 75]);
    // Average handling days: (2 + 4 + 3 + 11) / 4 = 5; lower is better.
    expect(await actuals([county.id, t2.id], 'services.avg_handling_days', at4)).toEqual([5, 11]);
    expect(await actual(county.id, 'services.on_time_rate', `?year=${thisYear}&month=1`)).toBeNull();
    await concluded(t2, monthIso(4), true, 1);
    await refreshYear(t.db, thisYear, { fromMonth: 4 });
    expect(await actuals([t2.id, county.id], 'services.on_time_rate', at4)).toEqual([50, 80]);
    const trend = (
      await t.inject(admin, {
        method: 'GET',
        url: `/api/kpi/trend?orgId=${county.id}&indicator=services.on_time_rate&year=${thisYear}`,
      })
    ).json() as { points: { month: number; monthValue: number | null; cumulative: number | null }[] };
    expect(trend.points.slice(1, 4)).toEqual([
      expect.objectContaining({ monthValue: 100, cumulative: 100 }),
      expect.objectContaining({ monthValue: null, cumulative: 100 }),
      expect.objectContaining({ monthValue: 66.7, cumulative: 80 }),
    ]);
  });
});
