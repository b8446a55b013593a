// Nearest available AEDs: distance order, only ready devices open at that China-time hour (a nearer closed or
// not-ready device is never returned), 24-hour devices, limit and radius, the EXPLAIN plan (a KNN scan on the partial
// GiST index), and the public route with its refusals (out of range, swapped, (0,0), outside China).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import {
  allDayMask,
  alwaysOpen,
  chinaWeekHour,
  distanceM,
  hoursMask,
  isOpenAt,
  type LatLng,
  offsetPoint,
  walkingSeconds,
} from '../../platform/geo';
import { createBranchChain } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { aeds } from './aed.tables';
import { nearestAedsSql, nearestAvailableAeds } from './aed-nearby';

let t: TestApp;
let county: OrgView;
/** 诸暨市人民医院 area. */
const here: LatLng = { lat: 29.7133, lng: 120.2437 };
/** Weekdays 08:00–17:59 only. */
const officeHours = [...Array(5).fill(hoursMask(8, 18)), 0, 0];

const fixtures: { code: string; status: string; hours: number[]; distance: number }[] = [];

async function addAed(
  code: string,
  at: LatLng,
  opts: { status?: string; hours?: number[]; is24h?: boolean } = {},
): Promise<void> {
  const is24h = opts.is24h ?? !opts.hours;
  fixtures.push({
    code,
    status: opts.status ?? 'ready',
    hours: opts.hours ?? alwaysOpen,
    distance: distanceM(here, at),
  });
  await t.db.insert(aeds).values({
    regionId: county.regionId,
    id: crypto.randomUUID(),
    code,
    orgId: county.id,
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    serialNo: `SN-${code}`,
    lat: at.lat,
    lng: at.lng,
    address: `诸暨市 ${code}`,
    building: '门诊楼',
    floor: '1F',
    spot: '服务台旁',
    is24h,
    openHours: opts.hours ?? alwaysOpen,
    openHoursText: is24h ? '24小时' : '周一至周五 8:00-18:00',
    status: opts.status ?? 'ready',
    createdBy: 'test',
  });
}

/** Wednesday 2025-06-11 at `hour`:`minute` China time. */
const wednesday = (hour: number, minute = 0) => new Date(Date.UTC(2025, 5, 11, hour - 8, minute));
const saturday = (hour: number) => new Date(Date.UTC(2025, 5, 14, hour - 8));

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  await addAed('N-OFFICE-50', offsetPoint(here, 50, 90), { hours: officeHours });
  await addAed('N-24H-100', offsetPoint(here, 100, 0));
  await addAed('N-SERVICE-30', offsetPoint(here, 30, 180), { status: 'needs_service' });
  await addAed('N-OUT-20', offsetPoint(here, 20, 270), { status: 'out_of_service' });
  await addAed('N-REMOVED-10', offsetPoint(here, 10, 45), { status: 'removed' });
  await addAed('N-24H-300', offsetPoint(here, 300, 270));
  await addAed('N-24H-2000', offsetPoint(here, 2000, 200));
  // Weekend-only and night devices (a hotel bar's AED reachable 20:00–01:59).
  await addAed('N-WEEKEND-70', offsetPoint(here, 70, 135), {
    hours: [0, 0, 0, 0, 0, allDayMask, allDayMask],
  });
  await addAed('N-NIGHT-80', offsetPoint(here, 80, 315), { hours: Array(7).fill(hoursMask(20, 2)) });
});
afterAll(() => t.close());

const codes = async (at: Date, limit = 10, extra: { withinM?: number } = {}) =>
  (await nearestAvailableAeds(t.db, here, { at, limit, ...extra })).map((a) => a.code);

describe('nearestAvailableAeds', () => {
  it('returns ready devices open at that hour, nearest first, and never a nearer one that is closed or not ready', async () => {
    expect(await codes(wednesday(10))).toEqual(['N-OFFICE-50', 'N-24H-100', 'N-24H-300', 'N-24H-2000']);
  });

  it('decides opening by China time: office hours end at 18:00, the night device opens at 20:00 and runs past midnight', async () => {
    expect(await codes(wednesday(17, 59))).toContain('N-OFFICE-50');
    expect(await codes(wednesday(18))).toEqual(['N-24H-100', 'N-24H-300', 'N-24H-2000']);
    expect(await codes(wednesday(20))).toEqual(['N-NIGHT-80', 'N-24H-100', 'N-24H-300', 'N-24H-2000']);
    // 01:30 Thursday China time is still Wednesday 17:30 UTC: the night device is open, the office one is not.
    expect(await codes(new Date(Date.UTC(2025, 5, 11, 17, 30)))).toEqual([
      'N-NIGHT-80',
      'N-24H-100',
      'N-24H-300',
      'N-24H-2000',
    ]);
    expect(await codes(new Date(Date.UTC(2025, 5, 11, 18, 0)))).not.toContain('N-NIGHT-80');
  });

  it('uses the weekday of China time: weekend devices on Saturday, no office devices then', async () => {
    expect(await codes(saturday(10))).toEqual(['N-WEEKEND-70', 'N-24H-100', 'N-24H-300', 'N-24H-2000']);
    // Saturday 02:00 China time is Friday 18:00 UTC.
    expect(await codes(new Date(Date.UTC(2025, 5, 13, 18, 0)))).toContain('N-WEEKEND-70');
  });

  it('keeps 24-hour devices at every hour of the week', async () => {
    for (let h = 0; h < 24 * 7; h += 5) {
      const at = new Date(Date.UTC(2025, 5, 9, 0) + h * 3600_000);
      expect(await codes(at), at.toISOString()).toEqual(expect.arrayContaining(['N-24H-100', 'N-24H-300']));
    }
  });

  it('honours limit and radius, and reports metres and walking time as the database computes them', async () => {
    expect(await codes(wednesday(10), 2)).toEqual(['N-OFFICE-50', 'N-24H-100']);
    expect(await codes(wednesday(10), 10, { withinM: 500 })).toEqual(['N-OFFICE-50', 'N-24H-100', 'N-24H-300']);
    const [first] = await nearestAvailableAeds(t.db, here, { at: wednesday(10), limit: 1 });
    expect(first.distanceM).toBeCloseTo(50, 0);
    expect(Math.abs(first.distanceM - distanceM(here, first))).toBeLessThan(0.5);
    expect(first.walkingSeconds).toBe(walkingSeconds(first.distanceM));
    expect(first).toMatchObject({ available: true, openNow: true, status: 'ready', floor: '1F', spot: '服务台旁' });
    expect(first.gcj02.lat).not.toBe(first.lat);
  });

  it('lists unavailable devices too (never removed ones) when asked, marked not available', async () => {
    const all = await nearestAvailableAeds(t.db, here, { at: wednesday(20), limit: 20, includeUnavailable: true });
    expect(all.map((a) => a.code)).not.toContain('N-REMOVED-10');
    expect(all[0]).toMatchObject({ code: 'N-OUT-20', available: false, status: 'out_of_service' });
    expect(all.find((a) => a.code === 'N-OFFICE-50')).toMatchObject({ available: false, openNow: false });
  });

  it('walks the partial GiST index nearest-first with the hours filter in the same scan (EXPLAIN)', async () => {
    const plan = await t.db.transaction(async (tx) => {
      // Nine rows make a sequential scan cheaper; forbid it to see the plan the index gives on a real registry.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      return queryRows<{ 'QUERY PLAN': string }>(tx, sql`EXPLAIN ${nearestAedsSql(here, { at: wednesday(10) })}`);
    });
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using aeds_ready_earth_idx/);
    expect(text).toMatch(/Order By: .*ll_to_earth\(lat, lng\).* <-> /);
    expect(text).toMatch(/Filter: .*open_hours/);
    expect(text).not.toMatch(/Sort/);
  });
});

describe('GET /api/aed/nearby', () => {
  it('answers the public with the nearest devices available at the server clock (China time)', async () => {
    // The expected list is worked out here from the same fixtures with isOpenAt; repeat if the hour turned meanwhile.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = chinaWeekHour();
      const res = await t.inject(null, {
        method: 'GET',
        url: `/api/aed/nearby?lat=${here.lat}&lng=${here.lng}&limit=5`,
      });
      if (JSON.stringify(chinaWeekHour()) !== JSON.stringify(before)) {
        continue;
      }
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const expected = fixtures
        .filter((f) => f.status === 'ready' && isOpenAt(f.hours, new Date(body.at)))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, 5)
        .map((f) => f.code);
      expect(body.items.map((a: { code: string }) => a.code)).toEqual(expected);
      expect(body.items[0]).not.toHaveProperty('id');
      expect(body.items[0]).not.toHaveProperty('orgId');
      return;
    }
  });

  it.each([
    ['out of range', 'lat=95&lng=120.2', 'out_of_range'],
    ['longitude out of range', 'lat=29.7&lng=190', 'out_of_range'],
    ['swapped', 'lat=120.2437&lng=29.7133', 'swapped'],
    ['(0,0)', 'lat=0&lng=0', 'null_island'],
    ['outside China', 'lat=51.5&lng=-0.12', 'outside_china'],
  ])('refuses a point %s with 422 INVALID_LOCATION', async (_name, query, reason) => {
    const res = await t.inject(null, { method: 'GET', url: `/api/aed/nearby?${query}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_LOCATION', details: { reason } });
  });

  it('refuses a missing or non-numeric coordinate and a limit over 20 with 400', async () => {
    for (const q of ['lat=29.7', 'lat=abc&lng=120', `lat=${here.lat}&lng=${here.lng}&limit=50`]) {
      const res = await t.inject(null, { method: 'GET', url: `/api/aed/nearby?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('serves the map configuration (no tiles by default)', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/aed/map-config' });
    expect(res.json()).toEqual({ tileUrl: null, tileDatum: 'wgs84', attribution: '' });
  });
});

describe('the per-IP rate limit', () => {
  it('answers 429 after 60 searches a minute from one address', async () => {
    const limited = await createTestApp({ rateLimits: true });
    try {
      const url = `/api/aed/nearby?lat=${here.lat}&lng=${here.lng}`;
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) {
        statuses.push((await limited.inject(null, { method: 'GET', url })).statusCode);
      }
      expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
      expect(statuses[60]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
