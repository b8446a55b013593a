// The cockpit's map outlines and live feed over HTTP on a real database: outlines keyed by current GB/T 2260 codes
// (old codes kept as former codes), none below a city; the live feed counts today's gifts of the unit's subtree only,
// shows no donor's name, counts overdue hall requests, and refuses units outside the caller's kpi:view scope.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toChinaDate } from '../../platform/dates';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  giveOnline,
  signInByPhone,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import divisions from '../orgs/data/divisions.json' with { type: 'json' };
import type { OrgView } from '../orgs/orgs.schemas';
import type { GeoMap, LiveFeed } from './kpi-geo.schemas';

let t: TestApp;
let city: OrgView;
let county: OrgView;
let sibling: OrgView;
let viewer: Caller;
let countyViewer: Caller;
let noKpi: Caller;

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  city = chain.city;
  county = chain.county;
  sibling = await createOrgUnder(t, chain.city, 'county');
  viewer = await createStaff(t, { orgId: chain.city.id, permissions: ['kpi:view'] });
  countyViewer = await createStaff(t, { orgId: county.id, permissions: ['kpi:view'] });
  noKpi = await createStaff(t, { orgId: chain.city.id, permissions: ['orgs:view'] });
});
afterAll(() => t.close());

const geo = async (code: string, caller: Caller = viewer) =>
  t.inject(caller, { method: 'GET', url: `/api/kpi/geo/${code}` });
const live = async (orgId: number, caller: Caller = viewer) =>
  t.inject(caller, { method: 'GET', url: `/api/kpi/live?orgId=${orgId}` });

describe('GET /api/kpi/geo/:code', () => {
  it("gives a province's cities and a city's counties keyed by 6-digit codes, with the codes they held before", async () => {
    const zj = await geo('330000');
    expect(zj.statusCode, zj.body).toBe(200);
    const province: GeoMap = zj.json();
    expect(province.features.map((f) => f.id).sort()).toEqual(
      divisions.units
        .filter((u) => u.parentCode === '330000')
        .map((u) => u.code)
        .sort(),
    );
    expect(province.source).toMatch(/ISC/);

    const shaoxing: GeoMap = (await geo('330600')).json();
    const byId = new Map(shaoxing.features.map((f) => [f.id, f]));
    expect([...byId.keys()].sort()).toEqual(['330602', '330603', '330604', '330624', '330681', '330683']);
    expect(byId.get('330681')?.properties.name).toBe('诸暨市');
    expect(byId.get('330603')?.properties.formerCodes).toEqual(['330621']);
    expect(shaoxing.source).toMatch(/MIT/);

    const shaanxi: GeoMap = (await geo('610000')).json();
    expect(shaanxi.features.find((f) => f.id === '610900')?.properties.name).toBe('安康市');
    const ankang: GeoMap = (await geo('610900')).json();
    // 旬阳县 610928 became 旬阳市 610981 (2021): the outline carries the current code.
    expect(ankang.features.find((f) => f.properties.name === '旬阳市')).toMatchObject({
      id: '610981',
      properties: { formerCodes: ['610928'] },
    });
  });

  it('draws every county of every Zhejiang city but the three carved out after the source was drawn', async () => {
    const missing: string[] = [];
    for (const c of divisions.units.filter((u) => u.type === 'city' && u.code.startsWith('33'))) {
      const map: GeoMap = (await geo(c.code)).json();
      const drawn = new Set(map.features.flatMap((f) => [f.id, ...(f.properties.formerCodes ?? [])]));
      for (const county of divisions.units.filter((u) => u.parentCode === c.code && u.type === 'county')) {
        if (!drawn.has(county.code)) {
          missing.push(county.code);
        }
      }
      expect(map.features.every((f) => /^\d{6}$/.test(f.id) && f.id.startsWith(c.code.slice(0, 4)))).toBe(true);
    }
    expect(missing.sort()).toEqual(['330113', '330114', '330383']);
  });

  it('answers 404 KPI_MAP_UNAVAILABLE below a city and for unknown areas, 400 for a malformed code', async () => {
    for (const code of ['330681', '330681001', '990000', '330700000']) {
      const res = await geo(code);
      expect(res.statusCode, code).toBe(404);
      expect(res.json().error.code).toBe('KPI_MAP_UNAVAILABLE');
    }
    const bad = await geo('33-600');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('needs kpi:view', async () => {
    expect((await geo('330600', noKpi)).statusCode).toBe(403);
    expect((await t.inject(null, { method: 'GET', url: '/api/kpi/geo/330600' })).statusCode).toBe(401);
  });
});

describe('GET /api/kpi/live', () => {
  it("counts today's gifts of the unit's subtree only and lists them without the donor's name", async () => {
    const project = await createOpenProject(t, county.id, { name: '诸暨应急救灾' });
    const siblingProject = await createOpenProject(t, sibling.id, { name: '邻县项目' });
    const before: LiveFeed = (await live(county.id)).json();
    const cityBefore: LiveFeed = (await live(city.id)).json();
    expect(before.date).toBe(toChinaDate());

    for (const amount of [12_345, 20_000]) {
      expect((await giveOnline(t, project.code, amount, { donorName: '王大锤' })).paid.statusCode).toBe(200);
    }
    expect((await giveOnline(t, siblingProject.code, 777)).paid.statusCode).toBe(200);

    const res = await live(county.id);
    expect(res.statusCode, res.body).toBe(200);
    const after: LiveFeed = res.json();
    expect(after.today.donationCount - before.today.donationCount).toBe(2);
    expect(after.today.donationFen - before.today.donationFen).toBe(32_345);
    expect(after.events.slice(0, 2).map((e) => [e.kind, e.amountFen, e.projectName])).toEqual([
      ['donation', 20_000, '诸暨应急救灾'],
      ['donation', 12_345, '诸暨应急救灾'],
    ]);
    expect(after.events.some((e) => e.amountFen === 777)).toBe(false);
    expect(res.body).not.toContain('王大锤');

    // The city sees both counties' gifts.
    const cityAfter: LiveFeed = (await live(city.id)).json();
    expect(cityAfter.today.donationFen - cityBefore.today.donationFen).toBe(33_122);
  });

  it('counts service-hall requests of the subtree open past their deadline', async () => {
    const citizen = await signInByPhone(t, '13600136077');
    const filed = await t.inject(citizen, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'donation-query',
        orgId: county.id,
        applicantName: '赵六',
        form: { question: '?' },
        fileIds: {},
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const before: LiveFeed = (await live(county.id)).json();
    const yesterday = addDays(toChinaDate(), -1);
    await t.db.execute(
      sql`UPDATE service_requests SET accept_due_on = ${yesterday}, deadline_on = ${yesterday} WHERE id = ${filed.json().id}`,
    );
    const after: LiveFeed = (await live(county.id)).json();
    expect(after.overdue.serviceRequests - before.overdue.serviceRequests).toBe(1);
    expect((await live(sibling.id)).json().overdue.serviceRequests).toBe(0);
  });

  it("refuses a unit outside the caller's kpi:view scope and an unknown unit", async () => {
    const out = await live(sibling.id, countyViewer);
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await live(99_999_999)).statusCode).toBe(404);
    expect((await live(county.id, noKpi)).statusCode).toBe(403);
  });
});
