// WGS-84 <-> GCJ-02 in the browser: positions are WGS-84 everywhere; markers are shifted to GCJ-02 only when the map's
// tiles are Chinese (GCJ-02) tiles, and a point picked on such tiles is shifted back (the published algorithm, as
// server/src/platform/geo.ts; outside China both datums are the same).
export type LatLng = { lat: number; lng: number };
export type Datum = 'wgs84' | 'gcj02';

const a = 6378245.0;
const ee = 0.006693421622965943;
const rad = (deg: number) => (deg * Math.PI) / 180;

function inChina(p: LatLng): boolean {
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

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (!inChina(p)) {
    return { ...p };
  }
  let dLat = transformLat(p.lng - 105, p.lat - 35);
  let dLng = transformLng(p.lng - 105, p.lat - 35);
  const radLat = rad(p.lat);
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

export function gcj02ToWgs84(p: LatLng): LatLng {
  if (!inChina(p)) {
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

/** A WGS-84 point as drawn on tiles of `datum`. */
export function toDisplay(p: LatLng, datum: Datum): LatLng {
  return datum === 'gcj02' ? wgs84ToGcj02(p) : p;
}

/** A point picked on tiles of `datum`, as WGS-84. */
export function fromDisplay(p: LatLng, datum: Datum): LatLng {
  return datum === 'gcj02' ? gcj02ToWgs84(p) : p;
}

/** Great-circle distance in metres (haversine). */
export function distanceM(x: LatLng, y: LatLng): number {
  const dLat = rad(y.lat - x.lat);
  const dLng = rad(y.lng - x.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(x.lat)) * Math.cos(rad(y.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_378_168 * Math.asin(Math.min(1, Math.sqrt(h)));
}
