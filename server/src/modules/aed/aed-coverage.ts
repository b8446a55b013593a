// Coverage-gap analysis (覆盖缺口): for a unit and an hour of the week, which places lie beyond a short walk (3 minutes
// by default) of an AED that is ready and open at that hour — on a ~200 m grid over the unit's devices and places, and
// for named places (the unit's key places and its grassroots units with coordinates), busiest gap first: where the next
// AEDs go. Runs in memory with a spatial hash, so a county with hundreds of devices answers in milliseconds.
// Also the key places themselves (aed_key_places): staff enter them per unit.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import { assertPoint, distanceM, earthRadiusM, type LatLng, toWgs84, walkingRadiusM } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt, systemActor } from '../../platform/rbac/actor';
import { getOrg, listOrgs, orgUnderCondition } from '../orgs/orgs.service';
import * as repo from './aed-public.repo';
import type {
  CoveragePlace,
  CoverageQuery,
  CoverageResult,
  KeyPlaceInput,
  KeyPlacePatch,
  KeyPlaceView,
} from './aed-public.schemas';

// ------------------------------------------------------------------------------------------------ the computation

export type CoverageDevice = {
  id: string;
  code: string;
  lat: number;
  lng: number;
  address: string;
  state: 'available' | 'closed' | 'not_ready';
};
export type CoverageSite = Omit<CoveragePlace, 'covered' | 'nearestAvailableM' | 'nearestAvailableCode'>;

/** Degrees of latitude per metre on earthdistance's sphere. */
const degPerM = 180 / (Math.PI * earthRadiusM);

/**
 * A spatial hash of points in buckets of `size` metres (equirectangular at the reference latitude): the candidates
 * within `size` of a point are in its bucket and the eight around it.
 */
class PointHash<T extends LatLng> {
  private readonly buckets = new Map<string, T[]>();
  private readonly dLat: number;
  private readonly dLng: number;

  constructor(points: readonly T[], size: number, refLat: number) {
    this.dLat = size * degPerM;
    this.dLng = this.dLat / Math.max(0.05, Math.cos((refLat * Math.PI) / 180));
    for (const p of points) {
      const key = `${Math.floor(p.lat / this.dLat)}:${Math.floor(p.lng / this.dLng)}`;
      const list = this.buckets.get(key);
      if (list) {
        list.push(p);
      } else {
        this.buckets.set(key, [p]);
      }
    }
  }

  /** The nearest point within the bucket size of `q`, or null. */
  nearestWithin(q: LatLng, radius: number): { point: T; distance: number } | null {
    const r0 = Math.floor(q.lat / this.dLat);
    const c0 = Math.floor(q.lng / this.dLng);
    let best: { point: T; distance: number } | null = null;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        for (const p of this.buckets.get(`${r0 + dr}:${c0 + dc}`) ?? []) {
          const d = distanceM(q, p);
          if (d <= radius && (!best || d < best.distance)) {
            best = { point: p, distance: d };
          }
        }
      }
    }
    return best;
  }
}

/**
 * The pure analysis: grid cells (centres) within `radiusM` of an available device, cells reached only by closed or
 * not-ready ones, and each place's nearest available device. The grid covers the bounding box of devices and places
 * padded by the radius; its cell grows when the box would need more than `maxCells` cells.
 */
export function analyseCoverage(
  devices: readonly CoverageDevice[],
  sites: readonly CoverageSite[],
  opts: { radiusM: number; cellM: number; maxCells?: number },
): Pick<CoverageResult, 'cell' | 'coveredCells' | 'closedCells' | 'rows' | 'cols' | 'places'> & { coveredKm2: number } {
  const all: LatLng[] = [...devices, ...sites];
  const available = devices.filter((d) => d.state === 'available');
  const others = devices.filter((d) => d.state !== 'available');
  const refLat = all.length ? all.reduce((s, p) => s + p.lat, 0) / all.length : 0;
  const radius = opts.radiusM;
  // Places: nearest available device, exactly within the radius via the hash, else the nearest overall (brute force
  // only for the uncovered few, to show how far the gap is).
  const hash = new PointHash(available, radius, refLat);
  const places: CoveragePlace[] = sites.map((s) => {
    let near = hash.nearestWithin(s, radius);
    const covered = near !== null;
    if (!near) {
      for (const d of available) {
        const dist = distanceM(s, d);
        if (!near || dist < near.distance) {
          near = { point: d, distance: dist };
        }
      }
    }
    return {
      ...s,
      covered,
      nearestAvailableM: near ? Math.round(near.distance) : null,
      nearestAvailableCode: near ? near.point.code : null,
    };
  });

  if (all.length === 0) {
    return {
      cell: { sizeM: opts.cellM, dLat: 0, dLng: 0, south: 0, west: 0 },
      coveredCells: [],
      closedCells: [],
      rows: 0,
      cols: 0,
      places,
      coveredKm2: 0,
    };
  }
  const cosRef = Math.max(0.05, Math.cos((refLat * Math.PI) / 180));
  const padLat = radius * degPerM;
  const padLng = padLat / cosRef;
  const south = Math.min(...all.map((p) => p.lat)) - padLat;
  const north = Math.max(...all.map((p) => p.lat)) + padLat;
  const west = Math.min(...all.map((p) => p.lng)) - padLng;
  const east = Math.max(...all.map((p) => p.lng)) + padLng;
  let sizeM = opts.cellM;
  const maxCells = opts.maxCells ?? 250_000;
  const cellsFor = (s: number) =>
    Math.ceil((north - south) / (s * degPerM)) * Math.ceil((east - west) / ((s * degPerM) / cosRef));
  while (cellsFor(sizeM) > maxCells) {
    sizeM *= 2;
  }
  const dLat = sizeM * degPerM;
  const dLng = dLat / cosRef;
  const rows = Math.ceil((north - south) / dLat);
  const cols = Math.ceil((east - west) / dLng);

  // Only cells near a device can be covered: walk each device's neighbourhood instead of the whole grid.
  const mark = (list: readonly CoverageDevice[], into: Set<number>) => {
    const spanR = Math.ceil(radius / sizeM) + 1;
    for (const d of list) {
      const r0 = Math.floor((d.lat - south) / dLat);
      const c0 = Math.floor((d.lng - west) / dLng);
      for (let r = Math.max(0, r0 - spanR); r <= Math.min(rows - 1, r0 + spanR); r++) {
        for (let c = Math.max(0, c0 - spanR); c <= Math.min(cols - 1, c0 + spanR); c++) {
          const key = r * cols + c;
          if (
            !into.has(key) &&
            distanceM(d, { lat: south + (r + 0.5) * dLat, lng: west + (c + 0.5) * dLng }) <= radius
          ) {
            into.add(key);
          }
        }
      }
    }
  };
  const covered = new Set<number>();
  mark(available, covered);
  const closedAll = new Set<number>();
  mark(others, closedAll);
  const toPairs = (keys: Iterable<number>) =>
    [...keys].sort((a, b) => a - b).map((k) => [Math.floor(k / cols), k % cols] as [number, number]);
  return {
    cell: { sizeM, dLat, dLng, south, west },
    coveredCells: toPairs(covered),
    closedCells: toPairs([...closedAll].filter((k) => !covered.has(k))),
    rows,
    cols,
    places,
    coveredKm2: Math.round(covered.size * sizeM * sizeM * 1e-4) / 100,
  };
}

/** The state of a device at a Monday-first weekday and China-time hour. */
export function deviceStateAt(
  d: { status: string; is24h: boolean; openHours: number[] },
  dow: number,
  hour: number,
): CoverageDevice['state'] {
  if (d.status !== 'ready') {
    return 'not_ready';
  }
  return d.is24h || ((d.openHours[dow] ?? 0) >> hour) & 1 ? 'available' : 'closed';
}

const internal: Ctx = { actor: systemActor('aed-coverage'), requestId: null, ip: null, locale: 'zh' };

/**
 * The coverage-gap analysis of a unit's subtree at a weekday and hour (aed:view there; OUT_OF_SCOPE otherwise):
 * devices with their state then, places (key places + grassroots units with coordinates) covered or not, the grid, and
 * the uncovered key places by footfall.
 */
export async function analyseUnitCoverage(db: Db, ctx: Ctx, q: CoverageQuery): Promise<CoverageResult> {
  const org = await getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'aed:view', org.path);
  const started = performance.now();
  const rows = await repo.listAedsForCoverage(db, orgUnderCondition(repo.columns.aedOrg, org.path));
  const devices: CoverageDevice[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    state: deviceStateAt(r, q.dow, q.hour),
  }));
  const keyPlaces = await repo.listKeyPlaces(db, orgUnderCondition(repo.columns.placeOrg, org.path));
  const sites: CoverageSite[] = keyPlaces.map((p) => ({
    source: 'key_place',
    id: p.id,
    name: p.name,
    kind: p.kind,
    lat: p.lat,
    lng: p.lng,
    footfall: p.footfall,
  }));
  for (let page = 1; ; page++) {
    const units = await listOrgs(db, internal, { under: org.id, page, pageSize: 200 });
    for (const u of units.items) {
      if (u.lat != null && u.lng != null && u.id !== org.id) {
        sites.push({
          source: 'unit',
          id: String(u.id),
          name: u.name,
          kind: u.type,
          lat: u.lat,
          lng: u.lng,
          footfall: null,
        });
      }
    }
    if (page * 200 >= units.total) {
      break;
    }
  }
  const radiusM = Math.round(walkingRadiusM(q.walkSeconds) * 10) / 10;
  const result = analyseCoverage(devices, sites, { radiusM, cellM: q.cellM });
  const gaps = result.places
    .filter((p) => !p.covered && p.source === 'key_place')
    .sort((a, b) => (b.footfall ?? -1) - (a.footfall ?? -1) || a.name.localeCompare(b.name));
  const footfall = result.places.reduce((s, p) => s + (p.footfall ?? 0), 0);
  const coveredFootfall = result.places.reduce((s, p) => s + (p.covered ? (p.footfall ?? 0) : 0), 0);
  return {
    orgId: org.id,
    orgName: org.name,
    dow: q.dow,
    hour: q.hour,
    radiusM,
    cell: result.cell,
    coveredCells: result.coveredCells,
    closedCells: result.closedCells,
    rows: result.rows,
    cols: result.cols,
    aeds: devices,
    places: result.places,
    gaps,
    totals: {
      aeds: devices.length,
      available: devices.filter((d) => d.state === 'available').length,
      places: result.places.length,
      coveredPlaces: result.places.filter((p) => p.covered).length,
      footfall,
      coveredFootfall,
      coveredKm2: result.coveredKm2,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    },
  };
}

// ------------------------------------------------------------------------------------------------ key places

function toKeyPlaceView(r: repo.KeyPlaceRow): KeyPlaceView {
  return {
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    kind: r.kind as KeyPlaceView['kind'],
    lat: r.lat,
    lng: r.lng,
    footfall: r.footfall,
    note: r.note,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Key places of a unit and its subtree, busiest first (aed:view there). */
export async function listUnitKeyPlaces(db: Db, ctx: Ctx, orgId: number): Promise<KeyPlaceView[]> {
  const org = await getOrg(db, orgId);
  assertCanAt(ctx.actor, 'aed:view', org.path);
  return (await repo.listKeyPlaces(db, orgUnderCondition(repo.columns.placeOrg, org.path))).map(toKeyPlaceView);
}

function wgs84Of(input: { lat: number; lng: number; datum?: 'wgs84' | 'gcj02' }): LatLng {
  // Validate what was entered first, so a swapped or (0,0) point is named as given.
  assertPoint({ lat: input.lat, lng: input.lng }, { china: true, field: 'lat/lng' });
  return toWgs84({ lat: input.lat, lng: input.lng }, input.datum ?? 'wgs84');
}

/** Adds a key place to a unit (aed:manage there); INVALID_LOCATION for a bad point. */
export async function addKeyPlace(db: Db, ctx: Ctx, input: KeyPlaceInput): Promise<KeyPlaceView> {
  const org = await getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'aed:manage', org.path);
  const p = wgs84Of(input);
  return db.transaction(async (tx) => {
    const row = await repo.insertKeyPlace(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      name: input.name,
      kind: input.kind,
      lat: p.lat,
      lng: p.lng,
      footfall: input.footfall,
      note: input.note,
      createdBy: ctx.actor.kind === 'staff' ? ctx.actor.username : ctx.actor.kind,
    });
    await recordAudit(tx, ctx, {
      action: 'aed-key-place.added',
      entityType: 'aed_key_place',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: toKeyPlaceView(row),
    });
    return toKeyPlaceView(row);
  });
}

async function getKeyPlaceFor(db: Db, ctx: Ctx, id: string): Promise<repo.KeyPlaceRow> {
  const row = await repo.findKeyPlace(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'aed_key_place', id });
  }
  const org = await getOrg(db, row.orgId);
  assertCanAt(ctx.actor, 'aed:manage', org.path);
  return row;
}

/** Changes a key place (aed:manage at its unit). */
export async function updateKeyPlace(db: Db, ctx: Ctx, id: string, patch: KeyPlacePatch): Promise<KeyPlaceView> {
  const row = await getKeyPlaceFor(db, ctx, id);
  const { datum, lat, lng, ...rest } = patch;
  const point =
    lat !== undefined || lng !== undefined ? wgs84Of({ lat: lat ?? row.lat, lng: lng ?? row.lng, datum }) : undefined;
  return db.transaction(async (tx) => {
    const updated = await repo.updateKeyPlace(tx, row, { ...rest, ...(point ?? {}) });
    await recordAudit(tx, ctx, {
      action: 'aed-key-place.updated',
      entityType: 'aed_key_place',
      entityId: id,
      orgId: row.orgId,
      regionId: row.regionId,
      before: toKeyPlaceView(row),
      after: toKeyPlaceView(updated),
    });
    return toKeyPlaceView(updated);
  });
}

/** Removes a key place (aed:manage at its unit). */
export async function removeKeyPlace(db: Db, ctx: Ctx, id: string): Promise<void> {
  const row = await getKeyPlaceFor(db, ctx, id);
  await db.transaction(async (tx) => {
    await repo.deleteKeyPlace(tx, row);
    await recordAudit(tx, ctx, {
      action: 'aed-key-place.removed',
      entityType: 'aed_key_place',
      entityId: id,
      orgId: row.orgId,
      regionId: row.regionId,
      before: toKeyPlaceView(row),
    });
  });
}
