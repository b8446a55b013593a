// Coverage-gap analysis: a hand-computed small county (which key places lie beyond a 3-minute walk of an AED that is
// ready and open at the chosen hour, busiest gap first), the grid against a brute-force check, the speed on a
// county-sized registry, key places (add with GCJ-02 input, change, remove, refusals) and scope.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  alwaysOpen,
  distanceM,
  hoursMask,
  type LatLng,
  offsetPoint,
  walkingRadiusM,
  wgs84ToGcj02,
} from '../../platform/geo';
import { createBranchChain, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { createOrg } from '../orgs/orgs.service';
import { aedKeyPlaces, aeds } from './aed.tables';
import { analyseCoverage, type CoverageDevice, type CoverageSite } from './aed-coverage';
import type { CoverageResult } from './aed-public.schemas';

let t: TestApp;
let county: OrgView;
let manager: Caller;
let viewer: Caller;
let outsider: Caller;
/** 诸暨 西施故里 area. */
const p0: LatLng = { lat: 29.7069, lng: 120.2426 };
const radius = walkingRadiusM(180);

async function addAed(code: string, at: LatLng, status = 'ready', hours = alwaysOpen) {
  await t.db.insert(aeds).values({
    regionId: county.regionId,
    id: crypto.randomUUID(),
    code,
    orgId: county.id,
    brand: '飞利浦',
    model: 'HeartStart',
    serialNo: `SN-${code}`,
    lat: at.lat,
    lng: at.lng,
    address: code,
    is24h: hours === alwaysOpen,
    openHours: hours,
    status,
    createdBy: 'test',
  });
}

async function addPlace(name: string, kind: string, at: LatLng, footfall: number) {
  await t.db.insert(aedKeyPlaces).values({
    regionId: county.regionId,
    id: crypto.randomUUID(),
    orgId: county.id,
    name,
    kind,
    lat: at.lat,
    lng: at.lng,
    footfall,
    createdBy: 'test',
  });
}

const east = (m: number, from = p0) => offsetPoint(from, m, 90);
const north = (m: number, from = p0) => offsetPoint(from, m, 0);

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  const { county: other } = await createBranchChain(t);
  manager = await createStaff(t, { orgId: county.id, permissions: ['aed:view', 'aed:manage'] });
  viewer = await createStaff(t, { orgId: county.id, permissions: ['aed:view'] });
  outsider = await createStaff(t, { orgId: other.id, permissions: ['aed:view', 'aed:manage'] });
  // A1 ready around the clock; A2 ready in office hours (weekdays 08–18); A3 waiting for service.
  await addAed('COV-A1', p0);
  await addAed('COV-A2', east(600), 'ready', [...Array(5).fill(hoursMask(8, 18)), 0, 0]);
  await addAed('COV-A3', east(1200), 'needs_service');
  await addPlace('实验小学', 'school', north(100), 2000);
  await addPlace('万达广场', 'mall', north(120, east(600)), 30000);
  await addPlace('诸暨站', 'station', north(50, east(1200)), 50000);
  await addPlace('五泄景区', 'scenic', east(3000), 8000);
  // A grassroots unit with coordinates 150 m south of A1 counts as a place too.
  await createOrg(t.db, systemCtx, {
    name: '浣东街道红十字会',
    type: 'township',
    parentId: county.id,
    code: `${county.code}001`,
    lat: offsetPoint(p0, 150, 180).lat,
    lng: offsetPoint(p0, 150, 180).lng,
  });
});
afterAll(() => t.close());

const coverage = async (caller: Caller, dow: number, hour: number) =>
  t.inject(caller, { method: 'GET', url: `/api/aed/coverage?orgId=${county.id}&dow=${dow}&hour=${hour}` });

describe('GET /api/aed/coverage', () => {
  it('on a Wednesday at 10:00 covers the school, the mall and the sub-unit; the station and the scenic spot are gaps', async () => {
    const res = await coverage(viewer, 2, 10);
    expect(res.statusCode).toBe(200);
    const body: CoverageResult = res.json();
    expect(body.radiusM).toBeCloseTo(173.1, 1);
    const covered = Object.fromEntries(body.places.map((p) => [p.name, p.covered]));
    expect(covered).toEqual({ 实验小学: true, 万达广场: true, 诸暨站: false, 五泄景区: false, 浣东街道红十字会: true });
    expect(body.gaps.map((g) => g.name)).toEqual(['诸暨站', '五泄景区']);
    // The station's nearest available device is A2, 600 m west and 50 m south.
    const station = body.gaps[0];
    expect(station.nearestAvailableCode).toBe('COV-A2');
    expect(station.nearestAvailableM).toBeCloseTo(distanceM(north(50, east(1200)), east(600)), -1);
    expect(body.totals).toMatchObject({
      aeds: 3,
      available: 2,
      places: 5,
      coveredPlaces: 3,
      footfall: 90000,
      coveredFootfall: 32000,
    });
    expect(body.aeds.map((a) => [a.code, a.state]).sort()).toEqual([
      ['COV-A1', 'available'],
      ['COV-A2', 'available'],
      ['COV-A3', 'not_ready'],
    ]);
    // The needs-service device still marks what it would cover.
    expect(body.closedCells.length).toBeGreaterThan(0);
  });

  it('at 20:00 the office-hours device is closed: the mall becomes a gap, ranked by footfall after the station', async () => {
    const body: CoverageResult = (await coverage(viewer, 2, 20)).json();
    expect(body.gaps.map((g) => g.name)).toEqual(['诸暨站', '万达广场', '五泄景区']);
    expect(body.totals.available).toBe(1);
    expect(body.aeds.find((a) => a.code === 'COV-A2')?.state).toBe('closed');
    // Saturday 10:00 as well: office hours are weekdays only.
    expect((await coverage(viewer, 5, 10)).json().gaps.map((g: { name: string }) => g.name)).toContain('万达广场');
  });

  it('marks grid cells whose centre lies within the walk of an available device, and no others', async () => {
    const body: CoverageResult = (await coverage(viewer, 2, 10)).json();
    const { south, west, dLat, dLng } = body.cell;
    const available = [p0, east(600)];
    const inReach = new Set<string>();
    for (let r = 0; r < body.rows; r++) {
      for (let c = 0; c < body.cols; c++) {
        const centre = { lat: south + (r + 0.5) * dLat, lng: west + (c + 0.5) * dLng };
        if (available.some((a) => distanceM(a, centre) <= body.radiusM)) {
          inReach.add(`${r}:${c}`);
        }
      }
    }
    expect(new Set(body.coveredCells.map(([r, c]) => `${r}:${c}`))).toEqual(inReach);
    expect(inReach.size).toBeGreaterThan(0);
  });

  it('refuses staff of another unit with 403 OUT_OF_SCOPE and an unknown unit with 404', async () => {
    const res = await coverage(outsider, 2, 10);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const unknown = await t.inject(viewer, { method: 'GET', url: '/api/aed/coverage?orgId=999999&dow=0&hour=0' });
    expect(unknown.statusCode).toBe(404);
    const bad = await t.inject(viewer, { method: 'GET', url: `/api/aed/coverage?orgId=${county.id}&dow=7&hour=24` });
    expect(bad.statusCode).toBe(400);
  });
});

describe('analyseCoverage', () => {
  it('covers about πr² per isolated device on a fine grid', () => {
    const devices: CoverageDevice[] = [{ id: crypto.randomUUID(), code: 'X', ...p0, address: '', state: 'available' }];
    const r = analyseCoverage(devices, [], { radiusM: radius, cellM: 20 });
    const km2 = (Math.PI * radius * radius) / 1e6;
    expect(r.coveredKm2).toBeGreaterThan(km2 * 0.9);
    expect(r.coveredKm2).toBeLessThan(km2 * 1.1);
  });

  it('answers a county of 400 devices and 300 places in well under a second', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // 诸暨市 is ~2,300 km²: a 50 km × 50 km box.
    const at = () => ({ lat: 29.5 + rand() * 0.45, lng: 120.0 + rand() * 0.52 });
    const states = ['available', 'available', 'available', 'closed', 'not_ready'] as const;
    const devices: CoverageDevice[] = Array.from({ length: 400 }, (_, i) => ({
      id: String(i),
      code: `D${i}`,
      ...at(),
      address: '',
      state: states[i % states.length],
    }));
    const sites: CoverageSite[] = Array.from({ length: 300 }, (_, i) => ({
      source: 'key_place',
      id: String(i),
      name: `P${i}`,
      kind: 'school',
      ...at(),
      footfall: 1000,
    }));
    const started = performance.now();
    const r = analyseCoverage(devices, sites, { radiusM: radius, cellM: 200 });
    const elapsed = performance.now() - started;
    console.log(`coverage of 400 devices, 300 places, ${r.rows}×${r.cols} cells: ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
    // Each place's verdict agrees with a brute-force check.
    const available = devices.filter((d) => d.state === 'available');
    for (const p of r.places) {
      expect(p.covered).toBe(available.some((d) => distanceM(d, p) <= radius));
    }
  });
});

describe('key places', () => {
  it('adds a place given in GCJ-02 as WGS-84, changes and removes it, with an audit row each', async () => {
    const wgs = north(400);
    const gcj = wgs84ToGcj02(wgs);
    const add = await t.inject(manager, {
      method: 'POST',
      url: '/api/aed/key-places',
      payload: {
        orgId: county.id,
        name: '诸暨市人民医院',
        kind: 'hospital',
        lat: gcj.lat,
        lng: gcj.lng,
        datum: 'gcj02',
        footfall: 12000,
      },
    });
    expect(add.statusCode).toBe(201);
    const place = add.json();
    expect(distanceM(place, wgs)).toBeLessThan(0.5);
    const patched = await t.inject(manager, {
      method: 'PATCH',
      url: `/api/aed/key-places/${place.id}`,
      payload: { footfall: 15000, note: '门诊楼' },
    });
    expect(patched.json()).toMatchObject({ footfall: 15000, note: '门诊楼', name: '诸暨市人民医院' });
    const list = await t.inject(viewer, { method: 'GET', url: `/api/aed/key-places?orgId=${county.id}` });
    expect(list.json().find((p: { id: string }) => p.id === place.id)).toMatchObject({ footfall: 15000 });
    // Busiest first.
    expect(list.json().map((p: { footfall: number }) => p.footfall)).toEqual([50000, 30000, 15000, 8000, 2000]);
    const foreign = await t.inject(outsider, { method: 'DELETE', url: `/api/aed/key-places/${place.id}` });
    expect(foreign.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await t.inject(manager, { method: 'DELETE', url: `/api/aed/key-places/${place.id}` })).statusCode).toBe(
      204,
    );
    const [audit] = await queryRows<{ actions: string }>(
      t.db,
      sql`SELECT string_agg(action, ',' ORDER BY id) AS actions FROM audit_log WHERE entity_id = ${place.id}`,
    );
    expect(audit.actions).toBe('aed-key-place.added,aed-key-place.updated,aed-key-place.removed');
  });

  it('refuses a swapped or (0,0) point, a viewer without aed:manage and staff of another unit, adding nothing', async () => {
    const [before] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM aed_key_places`);
    const body = (lat: number, lng: number) => ({ orgId: county.id, name: '某地', kind: 'other', lat, lng });
    const swapped = await t.inject(manager, {
      method: 'POST',
      url: '/api/aed/key-places',
      payload: body(120.24, 29.71),
    });
    expect(swapped.statusCode).toBe(422);
    expect(swapped.json().error).toMatchObject({ code: 'INVALID_LOCATION', details: { reason: 'swapped' } });
    const zero = await t.inject(manager, { method: 'POST', url: '/api/aed/key-places', payload: body(0, 0) });
    expect(zero.json().error.details.reason).toBe('null_island');
    const noManage = await t.inject(viewer, {
      method: 'POST',
      url: '/api/aed/key-places',
      payload: body(29.71, 120.24),
    });
    expect(noManage.statusCode).toBe(403);
    const elsewhere = await t.inject(outsider, {
      method: 'POST',
      url: '/api/aed/key-places',
      payload: body(29.71, 120.24),
    });
    expect(elsewhere.json().error.code).toBe('OUT_OF_SCOPE');
    const [after] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM aed_key_places`);
    expect(after.n).toBe(before.n);
  });
});
