// Points on the earth: validation, WGS-84 <-> GCJ-02 (the offset datum of Chinese map pickers and tiles), great-circle
// distance, rough walking time, weekly opening hours, and the SQL fragments that use the cube + earthdistance GiST KNN.
// Boai stores WGS-84 only; GCJ-02 appears at the edges (imports from Chinese map pickers, display on GCJ-02 tiles).
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from './errors';

export type LatLng = { lat: number; lng: number };

/** Mainland China, Hainan and the South China Sea islands' main body, Taiwan, HK, Macao: a generous bounding box. */
export const chinaBounds = { minLat: 3.5, maxLat: 53.6, minLng: 73.4, maxLng: 135.1 } as const;

/** The earth radius earthdistance uses (`earth()`), so distances computed here match the database's. */
export const earthRadiusM = 6_378_168;

/** Rough walking: streets are ~1.3× the straight line, and people walk ~1.25 m/s (4.5 km/h). */
export const walkDetourFactor = 1.3;
export const walkSpeedMps = 1.25;

export function inChina(p: LatLng): boolean {
  return (
    p.lat >= chinaBounds.minLat &&
    p.lat <= chinaBounds.maxLat &&
    p.lng >= chinaBounds.minLng &&
    p.lng <= chinaBounds.maxLng
  );
}

/**
 * Why a point is not a usable WGS-84 position, or null when it is: out of range, (0,0) (a GPS that had no fix), or, with
 * `china`, outside China — with a hint when swapping latitude and longitude would put it inside (a common slip).
 */
export function pointProblem(
  p: LatLng,
  opts: { china?: boolean } = {},
): 'out_of_range' | 'null_island' | 'swapped' | 'outside_china' | null {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng) || Math.abs(p.lat) > 90 || Math.abs(p.lng) > 180) {
    return Math.abs(p.lng) <= 90 && Math.abs(p.lat) <= 180 && inChina({ lat: p.lng, lng: p.lat })
      ? 'swapped'
      : 'out_of_range';
  }
  if (Math.abs(p.lat) < 1e-6 && Math.abs(p.lng) < 1e-6) {
    return 'null_island';
  }
  if (opts.china && !inChina(p)) {
    return inChina({ lat: p.lng, lng: p.lat }) ? 'swapped' : 'outside_china';
  }
  return null;
}

/** Throws INVALID_LOCATION (422) with the reason in details when the point is not usable. */
export function assertPoint(p: LatLng, opts: { china?: boolean; field?: string } = { china: true }): void {
  const problem = pointProblem(p, opts);
  if (problem) {
    throw new AppError('INVALID_LOCATION', {
      reason: problem,
      field: opts.field ?? 'location',
      lat: p.lat,
      lng: p.lng,
    });
  }
}

/** Zod fields for a WGS-84 point in a request; range checks here, the China and (0,0) checks in `assertPoint`. */
export const latSchema = z.number().min(-90).max(90);
export const lngSchema = z.number().min(-180).max(180);
export const latLngSchema = z.object({ lat: latSchema, lng: lngSchema });

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine on earthdistance's sphere). */
export function distanceM(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rough walking seconds for a straight-line distance. */
export function walkingSeconds(straightM: number): number {
  return Math.round((straightM * walkDetourFactor) / walkSpeedMps);
}

/** The straight-line radius a walk of `seconds` covers (the inverse of walkingSeconds). */
export function walkingRadiusM(seconds: number): number {
  return (seconds * walkSpeedMps) / walkDetourFactor;
}

/** The point `distance` metres from `from` on `bearingDeg` (0 = north, 90 = east). */
export function offsetPoint(from: LatLng, distance: number, bearingDeg: number): LatLng {
  const d = distance / earthRadiusM;
  const b = rad(bearingDeg);
  const lat1 = rad(from.lat);
  const lng1 = rad(from.lng);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, lng: (((lng2 * 180) / Math.PI + 540) % 360) - 180 };
}

// ------------------------------------------------------------------------------------------------ GCJ-02

// The published GCJ-02 obfuscation (Krasovsky 1940 ellipsoid). Outside China GCJ-02 equals WGS-84.
const krasovskyA = 6378245.0;
const krasovskyEe = 0.006693421622965943;

function gcjInChina(p: LatLng): boolean {
  return p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 -> GCJ-02 (for drawing on Chinese map tiles). */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (!gcjInChina(p)) {
    return { ...p };
  }
  let dLat = transformLat(p.lng - 105, p.lat - 35);
  let dLng = transformLng(p.lng - 105, p.lat - 35);
  const radLat = rad(p.lat);
  let magic = Math.sin(radLat);
  magic = 1 - krasovskyEe * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((krasovskyA * (1 - krasovskyEe)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((krasovskyA / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/** GCJ-02 -> WGS-84 by fixed-point iteration (error well under 1 cm after a few rounds). */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (!gcjInChina(p)) {
    return { ...p };
  }
  let w = { ...p };
  for (let i = 0; i < 10; i++) {
    const g = wgs84ToGcj02(w);
    const dLat = g.lat - p.lat;
    const dLng = g.lng - p.lng;
    w = { lat: w.lat - dLat, lng: w.lng - dLng };
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) {
      break;
    }
  }
  return w;
}

export type Datum = 'wgs84' | 'gcj02';

/** A point given in `datum` as WGS-84 (what is stored). */
export function toWgs84(p: LatLng, datum: Datum): LatLng {
  return datum === 'gcj02' ? gcj02ToWgs84(p) : { ...p };
}

// ------------------------------------------------------------------------------------------------ opening hours

/**
 * Weekly opening hours as 7 integers (Monday first, China time), bit h set when the place is open during hour h
 * (00:00–00:59 is bit 0). All 24 bits set on all days is "open 24 hours".
 */
export type WeekHours = number[];
export const allDayMask = (1 << 24) - 1;
export const alwaysOpen: WeekHours = Array.from({ length: 7 }, () => allDayMask);

/**
 * A mask with hours [from, to) set, e.g. hoursMask(8, 18) = 08:00–17:59; `to` may be 24 (to midnight); to < from
 * wraps past midnight (hoursMask(22, 6)); from === to (or 0–24) is the whole day.
 */
export function hoursMask(from: number, to: number): number {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > 23 || to < 0 || to > 24) {
    throw new RangeError(`hours must be whole hours 0..23 and 0..24, not ${from}–${to}`);
  }
  const end = to % 24;
  if (end === from) {
    return allDayMask;
  }
  let m = 0;
  for (let h = from; h !== end; h = (h + 1) % 24) {
    m |= 1 << h;
  }
  return m;
}

/** Monday-first weekday index (0..6) and hour (0..23) of an instant in China time (UTC+8, no DST). */
export function chinaWeekHour(at: Date = new Date()): { dow: number; hour: number } {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return { dow: (local.getUTCDay() + 6) % 7, hour: local.getUTCHours() };
}

export function isOpenAt(hours: WeekHours, at: Date = new Date()): boolean {
  const { dow, hour } = chinaWeekHour(at);
  return !!(((hours[dow] ?? 0) >> hour) & 1);
}

// ------------------------------------------------------------------------------------------------ SQL

/** `ll_to_earth(lat, lng)`: the cube point that the GiST KNN index on (lat, lng) columns is built on. */
export function earthPoint(lat: SQL | number, lng: SQL | number): SQL {
  return sql`ll_to_earth(${lat}, ${lng})`;
}

/**
 * The ORDER BY key for a nearest-first KNN scan on an expression index `gist (ll_to_earth(lat, lng))`:
 * `ll_to_earth(lat, lng) <-> ll_to_earth($lat, $lng)` (chord length, monotone in great-circle distance).
 */
export function knnOrder(latColumn: SQL, lngColumn: SQL, p: LatLng): SQL {
  return sql`ll_to_earth(${latColumn}, ${lngColumn}) <-> ll_to_earth(${p.lat}::float8, ${p.lng}::float8)`;
}

/**
 * Great-circle metres between the row's point and p: the haversine formula on earthdistance's sphere, inline (the same
 * figure as earth_distance(ll_to_earth(...)) and as `distanceM`, without calling earthdistance's SQL functions, which
 * PostgreSQL does not inline — measured 0.2–0.4 ms a query saved).
 */
export function distanceSql(latColumn: SQL, lngColumn: SQL, p: LatLng): SQL<number> {
  return sql<number>`(2 * ${earthRadiusM}::float8 * asin(least(1::float8, sqrt(
    power(sin(radians(${latColumn} - ${p.lat}::float8) / 2), 2)
    + cos(radians(${latColumn})) * cos(radians(${p.lat}::float8)) * power(sin(radians(${lngColumn} - ${p.lng}::float8) / 2), 2)))))`;
}

/** A bounding-cube filter that the GiST index answers: rows within `radiusM` of p (use with distanceSql to be exact). */
export function withinSql(latColumn: SQL, lngColumn: SQL, p: LatLng, radiusM: number): SQL {
  return sql`earth_box(ll_to_earth(${p.lat}::float8, ${p.lng}::float8), ${radiusM}::float8) @> ll_to_earth(${latColumn}, ${lngColumn})`;
}

/** SQL true when weekly hours `hoursColumn` (int[7], Monday first) cover the China-time hour of `at`. */
export function openAtSql(hoursColumn: SQL, at: Date = new Date()): SQL {
  const { dow, hour } = chinaWeekHour(at);
  return sql`((${hoursColumn})[${dow + 1}] >> ${hour}) & 1 = 1`;
}
