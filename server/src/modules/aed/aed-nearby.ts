// The nearest AEDs to a point: a KNN scan on the partial GiST index `aeds_ready_earth_idx` (cube + earthdistance) with
// the open-hours filter applied in the same scan, so only devices that are ready AND reachable at that hour come back.
// The emergency dispatch (response module) and the public map both call `nearestAvailableAeds`.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';
import {
  assertPoint,
  chinaWeekHour,
  distanceSql,
  knnOrder,
  type LatLng,
  walkingSeconds,
  wgs84ToGcj02,
  withinSql,
} from '../../platform/geo';

export type NearbyAed = {
  id: string;
  regionId: number;
  orgId: number;
  code: string;
  /** WGS-84 (stored). */
  lat: number;
  lng: number;
  /** The same point in GCJ-02, for Chinese map tiles. */
  gcj02: LatLng;
  address: string;
  building: string;
  floor: string;
  spot: string;
  accessNotes: string;
  openHoursText: string;
  is24h: boolean;
  status: 'ready' | 'needs_service' | 'out_of_service' | 'removed';
  /** Reachable during the China-time hour of `at`. */
  openNow: boolean;
  /** Ready and open now: the only devices ever shown as available or sent to a responder. */
  available: boolean;
  /** Great-circle metres (earthdistance's sphere). */
  distanceM: number;
  /** Rough walking seconds (streets ~1.3× the straight line at 1.25 m/s). */
  walkingSeconds: number;
};

export type NearestOptions = {
  /** The instant whose China-time hour decides "open" (default now). */
  at?: Date;
  /** How many (default 5, at most 100). */
  limit?: number;
  /** Only devices within this many metres. */
  withinM?: number;
  /**
   * Also return devices that are not available now (needs service, out of service, closed at this hour), nearest
   * first, each with `available: false`; removed devices never come back. For staff maps, never for dispatch.
   */
  includeUnavailable?: boolean;
};

type Row = {
  id: string;
  region_id: number;
  org_id: number;
  code: string;
  lat: number;
  lng: number;
  address: string;
  building: string;
  floor: string;
  spot: string;
  access_notes: string;
  open_hours_text: string;
  is_24h: boolean;
  status: NearbyAed['status'];
  open_now: boolean;
  distance_m: number;
};

/**
 * The SQL of the nearest-available search (kept visible for review and EXPLAIN): ready devices whose weekly hours cover
 * the hour of `at`, nearest first by the GiST KNN operator on `ll_to_earth(lat, lng)`.
 */
export function nearestAedsSql(point: LatLng, opts: NearestOptions = {}) {
  const at = opts.at ?? new Date();
  const limit = Math.max(1, Math.min(100, Math.trunc(opts.limit ?? 5)));
  const { dow, hour } = chinaWeekHour(at);
  const lat = sql`lat`;
  const lng = sql`lng`;
  // The hours test is written on the row's own columns so the planner checks it while walking the index.
  const openNow = sql`(is_24h OR ((open_hours)[${dow + 1}] >> ${hour}) & 1 = 1)`;
  const within =
    opts.withinM === undefined
      ? sql``
      : sql` AND ${withinSql(lat, lng, point, opts.withinM)} AND ${distanceSql(lat, lng, point)} <= ${opts.withinM}::float8`;
  const filter = opts.includeUnavailable ? sql`status <> 'removed'` : sql`status = 'ready' AND ${openNow}`;
  return sql`SELECT id, region_id, org_id, code, lat, lng, address, building, floor, spot, access_notes, open_hours_text,
      is_24h, status, ${openNow} AS open_now, ${distanceSql(lat, lng, point)} AS distance_m
    FROM aeds
    WHERE ${filter}${within}
    ORDER BY ${knnOrder(lat, lng, point)}
    LIMIT ${limit}`;
}

/**
 * The nearest AEDs to `point` that are ready and open at `at` (China time), nearest first, with straight-line metres
 * and rough walking seconds. Throws INVALID_LOCATION for a point out of range, (0,0), swapped or outside China.
 */
export async function nearestAvailableAeds(db: Db, point: LatLng, opts: NearestOptions = {}): Promise<NearbyAed[]> {
  assertPoint(point, { china: true });
  const rows = await queryRows<Row>(db, nearestAedsSql(point, opts));
  return rows.map(toNearbyAed);
}

function toNearbyAed(r: Row): NearbyAed {
  const distance = Number(r.distance_m);
  const lat = Number(r.lat);
  const lng = Number(r.lng);
  return {
    id: r.id,
    regionId: Number(r.region_id),
    orgId: Number(r.org_id),
    code: r.code,
    lat,
    lng,
    gcj02: wgs84ToGcj02({ lat, lng }),
    address: r.address,
    building: r.building,
    floor: r.floor,
    spot: r.spot,
    accessNotes: r.access_notes,
    openHoursText: r.open_hours_text,
    is24h: r.is_24h,
    status: r.status,
    openNow: r.open_now,
    available: r.status === 'ready' && r.open_now,
    distanceM: Math.round(distance * 10) / 10,
    walkingSeconds: walkingSeconds(distance),
  };
}
